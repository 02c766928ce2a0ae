import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ciFacts } from "../ci/delivery";
import { commentBody, marker } from "../ci/pr-comment";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { openPullRequest } from "../ci/open-pr";
import { bumpServiceTag } from "../ci/bump-tag";
import { buildTargets, executorArgs, imageTag, kanikoJob } from "../ci/image-build";
import { loadValidators, validateObject } from "./helpers/validate";

const root = path.resolve(__dirname, "..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");

/** Every `run:` script of a job, in order. */
const runs = (job: any): string[] => job.steps.filter((s: any) => s.run).map((s: any) => s.run as string);

describe("CI/CD: the GitHub Actions workflow", () => {
  const wf = YAML.parse(read(".github/workflows/digit.yml"));

  it("parses and triggers on pull requests and on merges to main", () => {
    assert.deepEqual(wf.on.pull_request.branches, ["main"]);
    assert.deepEqual(wf.on.push.branches, ["main"]);
    assert.match(wf.env.PULUMI_STACK, /vars\.PULUMI_STACK/);
    assert.match(wf.env.PULUMI_BACKEND_URL, /secrets\.PULUMI_BACKEND_URL/, "a self-managed backend, not Pulumi Cloud");
  });

  it("on a pull request: offline plan, pulumi preview, the diff posted on the pull request", () => {
    const plan = wf.jobs.plan;
    assert.equal(plan.if, "github.event_name == 'pull_request'");
    const r = runs(plan).join("\n");
    assert.match(r, /npm run plan -- --stack "\$PULUMI_STACK"/);
    assert.match(r, /pulumi preview --stack "\$PULUMI_STACK" --diff/);
    assert.match(r, /ci\/pr-comment\.ts --stack "\$PULUMI_STACK" --pr "\$\{\{ github\.event\.pull_request\.number \}\}"/);
    assert.equal(plan.permissions["pull-requests"], "write");
    assert.ok(r.indexOf("npm run plan") < r.indexOf("pulumi preview"), "the offline plan runs first");
  });

  it("on merge: pulumi up of the state's stack, with the gitops exclusions, then the rendered manifests committed", () => {
    const deploy = wf.jobs.deploy;
    assert.match(deploy.if, /refs\/heads\/main/);
    const steps = deploy.steps;
    const up = steps.find((s: any) => /pulumi up/.test(s.run ?? ""));
    assert.match(up.run, /^pulumi up --stack "\$PULUMI_STACK" --yes --non-interactive/);
    assert.match(up.run, /steps\.delivery\.outputs\.up_args/);
    assert.equal(up.if, "steps.delivery.outputs.mode != 'operator'", "the operator deploys by itself");
    const commit = steps.find((s: any) => /git push/.test(s.run ?? ""));
    assert.equal(commit.if, "steps.delivery.outputs.mode == 'render'");
    assert.ok(steps.indexOf(commit) > steps.indexOf(up));
    // reviewed before the agent applies it: a pull request into the delivery branch, never a push to it
    assert.match(commit.run, /git push --force-with-lease origin "HEAD:refs\/heads\/\$\{HEAD_BRANCH\}"/);
    assert.doesNotMatch(commit.run, /RENDER_BRANCH\}"?\s*$/m);
    assert.match(commit.run, /ci\/open-pr\.ts --head "\$HEAD_BRANCH" --base "\$RENDER_BRANCH"/);
    assert.equal(deploy.permissions["pull-requests"], "write");
    const creds = steps.find((s: any) => /KUBECONFIG_CONTENT/.test(JSON.stringify(s.env ?? {})));
    assert.match(creds.if, /mode == 'direct'/, "cluster credentials only in direct mode");
  });
});

describe("CI/CD: the Jenkinsfile", () => {
  const text = read("Jenkinsfile");
  const code = text.replace(/^\s*\/\/.*$/gm, "");

  it("is a declarative pipeline with balanced braces and parentheses", () => {
    assert.match(code, /^pipeline \{/m);
    for (const [open, close] of [["{", "}"], ["(", ")"], ["[", "]"]]) {
      let depth = 0;
      for (const ch of code.replace(/'''[\s\S]*?'''|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, "''")) {
        if (ch === open) depth++;
        if (ch === close) depth--;
        assert.ok(depth >= 0, `unbalanced ${close}`);
      }
      assert.equal(depth, 0, `unbalanced ${open}`);
    }
    for (const section of ["agent", "parameters", "options", "environment", "stages"]) assert.match(code, new RegExp(`^  ${section} \\{`, "m"), section);
  });

  const stage = (name: string) => {
    const start = code.indexOf(`stage('${name}')`);
    assert.ok(start >= 0, `no stage ${name}`);
    const next = code.indexOf("stage('", start + 1);
    return code.slice(start, next < 0 ? undefined : next);
  };

  it("previews pull requests: offline plan, pulumi preview, comment", () => {
    const s = stage("Plan and preview");
    assert.match(s, /when \{ changeRequest\(\) \}/);
    assert.match(s, /npm run plan -- --stack "\$PULUMI_STACK"/);
    assert.match(s, /pulumi preview --stack "\$PULUMI_STACK" --diff/);
    assert.match(s, /ci\/pr-comment\.ts --stack "\$PULUMI_STACK" --pr "\$CHANGE_ID"/);
  });

  it("deploys main with pulumi up of the stack, and commits rendered manifests in gitops mode", () => {
    const d = stage("Deploy");
    assert.match(d, /branch 'main'/);
    assert.match(d, /not \{ environment name: 'DELIVERY_MODE', value: 'operator' \}/);
    assert.match(d, /pulumi up --stack \\\\"\\\\\$PULUMI_STACK\\\\" --yes --non-interactive/);
    assert.match(d, /--get up_args/);
    const c = stage("Open rendered manifests as a pull request");
    assert.match(c, /environment name: 'DELIVERY_MODE', value: 'render'/);
    assert.match(c, /git push --force "\$ORIGIN" "HEAD:refs\/heads\/\$\{HEAD_BRANCH\}"/);
    assert.match(c, /ci\/open-pr\.ts --head "\$HEAD_BRANCH" --base "\$RENDER_BRANCH"/);
    assert.match(stage("Cluster credentials"), /environment name: 'DELIVERY_MODE', value: 'direct'/);
  });
});

describe("CI/CD: ci/delivery.ts and ci/pr-comment.ts", () => {
  it("reads a direct stack's kubeconfig path", () => {
    const f = ciFacts("config:\n  digit:target:\n    kind: sdc\n    kubeconfig: /etc/digit/pb.kubeconfig\n");
    assert.deepEqual(f, { mode: "direct", up_args: "", path: "", branch: "", kubeconfig: "/etc/digit/pb.kubeconfig", cloud: "", region: "" });
    assert.deepEqual([ciFacts("config:\n  digit:target:\n    kind: aws\n    region: ap-south-1\n").cloud, ciFacts("config:\n  digit:target:\n    kind: aws\n  aws:region: ap-south-2\n").region], ["aws", "ap-south-2"]);
  });

  it("gives a gitops stack's render path, branch and quoted --exclude arguments", () => {
    const f = ciFacts(
      "config:\n  digit:delivery:\n    mode: gitops\n    repository: https://github.com/pb/digit.git\n    path: deploy/prod\n    branch: release\n",
    );
    assert.equal(f.mode, "render");
    assert.equal(f.path, "deploy/prod");
    assert.equal(f.branch, "release");
    assert.equal(f.up_args, "--exclude '**kubernetes:core/v1:Namespace::**' --exclude '**kubernetes:core/v1:Secret::**' --exclude '**kubernetes:core/v1:PersistentVolumeClaimPatch::**' --exclude '**digit:operations:GitOpsAgent**'");
    assert.throws(() => ciFacts("config:\n  digit:delivery:\n    mode: gitops\n"), /digit:delivery is invalid/);
  });

  it("every stack file of the repository has a CI mode", () => {
    for (const f of fs.readdirSync(root).filter((n) => /^Pulumi\..+\.yaml$/.test(n))) assert.ok(["direct", "render", "operator"].includes(ciFacts(read(f)).mode), f);
  });

  it("the pull-request comment carries a marker, the preview first, and stays under GitHub's limit", () => {
    const body = commentBody("prod", "plan ".repeat(10), "x".repeat(100_000));
    assert.ok(body.startsWith(marker("prod")));
    assert.ok(body.indexOf("pulumi preview") < body.indexOf("offline plan"));
    assert.ok(body.length < 65_536, `${body.length}`);
    assert.match(body, /more characters in the job's log/);
  });
});

describe("CI/CD: every step fails when its command fails; clouds through OIDC", () => {
  const wf = YAML.parse(read(".github/workflows/digit.yml"));

  it("every run step is bash with -e and pipefail (GitHub's `shell: bash`), so a failed plan piped into tee fails", () => {
    assert.deepEqual(wf.defaults, { run: { shell: "bash" } });
    for (const job of Object.values<any>(wf.jobs)) for (const s of job.steps) if (s.run) assert.ok(!s.shell || s.shell === "bash", `${s.name}: shell ${s.shell}`);
    const tee = Object.values<any>(wf.jobs).flatMap((j) => j.steps).filter((s: any) => /\|\s*tee/.test(s.run ?? ""));
    assert.ok(tee.length >= 2, "the plan and the preview are teed");
    const j = read("Jenkinsfile");
    for (const m of j.matchAll(/sh '''([\s\S]*?)'''/g)) if (/\|/.test(m[1].replace(/\|\|/g, ""))) assert.match(m[1], /^#!\/bin\/bash\s+set -[a-z]*o pipefail|^#!\/bin\/bash\s+set -euo pipefail/, `a piped Jenkins step without pipefail:\n${m[1]}`);
  });

  it("federates to AWS, Azure and GCP with the official actions' documented inputs, only for that target, no stored keys", () => {
    for (const job of [wf.jobs.plan, wf.jobs.deploy]) {
      assert.equal(job.permissions["id-token"], "write");
      const step = (uses: string) => job.steps.find((s: any) => (s.uses ?? "").startsWith(uses));
      const aws = step("aws-actions/configure-aws-credentials@");
      assert.deepEqual(Object.keys(aws.with).sort(), ["aws-region", "role-to-assume"]);
      assert.equal(aws.if, "steps.delivery.outputs.cloud == 'aws'");
      const az = step("azure/login@");
      assert.deepEqual(Object.keys(az.with).sort(), ["client-id", "subscription-id", "tenant-id"]);
      const gcp = step("google-github-actions/auth@");
      assert.deepEqual(Object.keys(gcp.with).sort(), ["service_account", "workload_identity_provider"]);
      assert.equal(step("google-github-actions/setup-gcloud@").with.install_components, "gke-gcloud-auth-plugin");
      assert.ok(step("azure/use-kubelogin@"), "AKS kubeconfigs call kubelogin");
      const all = JSON.stringify(job.steps);
      assert.doesNotMatch(all, /AWS_SECRET_ACCESS_KEY|AZURE_CLIENT_SECRET|GOOGLE_CREDENTIALS|client-secret|credentials_json/, "no stored cloud keys");
      const order = (u: string) => job.steps.findIndex((s: any) => (s.uses ?? "").startsWith(u) || (s.run ?? "").includes(u));
      assert.ok(order("aws-actions/") < order("pulumi ") || order("pulumi ") < 0);
    }
  });

  it("the Jenkins agent image pins every tool the Kubernetes provider's exec plugins call", () => {
    const df = read("ci/agent/Dockerfile");
    const args = Object.fromEntries([...df.matchAll(/^ARG ([A-Z_]+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
    for (const [k, v] of Object.entries(args)) assert.match(v, /^\d+\.\d+\.\d+$/, `${k}=${v} is not a pinned version`);
    assert.doesNotMatch(df, /:latest\b|releases\/latest/);
    const execs = [read("providers/aws/kubeconfig.ts"), read("providers/gcp/kubeconfig.ts")].flatMap((t) => [...t.matchAll(/command: "([^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual(execs.sort(), ["aws", "gke-gcloud-auth-plugin"]);
    for (const tool of [...execs, "kubelogin", "az", "gcloud", "pulumi", "kubectl"]) assert.match(df, new RegExp(`&& ${tool} (--)?version|${tool} --version`), `${tool} is installed and checked`);
    assert.match(df, /^USER 10001$/m, "runs unprivileged");
  });
});

describe("CI/CD: build, bake, deploy", () => {
  const buildConfig = fs.readFileSync(path.join(root, "vendor/egov-digit-core/build-config.yml"), "utf8");
  const request = { repository: "https://github.com/punjab/Digit-Core.git", branch: "master", commit: "07f47790b826dac994a5ec52e625a5e21fbcead6", registry: "registry.punjab.gov.in/egovio", build: 12 };

  it("builds a service and its migration image the way eGov's build-config.yml lays them out", () => {
    const t = buildTargets(buildConfig, "egov-user");
    assert.deepEqual(t.map((x) => x.imageName), ["egov-user", "egov-user-db"]);
    assert.deepEqual(t[0], { workDir: "core-services/egov-user", imageName: "egov-user", dockerfile: "build/maven/Dockerfile", context: ".", buildArgs: { WORK_DIR: "core-services/egov-user" } });
    assert.equal(t[1].context, "core-services/egov-user/src/main/resources/db");
    assert.deepEqual(buildTargets(buildConfig, "egov-notification-sms").map((x) => x.imageName), ["egov-notification-sms"]);
    assert.throws(() => buildTargets(buildConfig, "egov-usr"), /egov-usr is not built by this repository's build\/build-config\.yml: one of/);
  });

  it("Kaniko builds from the fork at the commit and pushes to the state's registry with eGov's tag form", () => {
    assert.equal(imageTag(request.commit, 12), "07f47790b8-12");
    assert.throws(() => imageTag("master", 1), /is not a git commit id/);
    const [svc, db] = buildTargets(buildConfig, "egov-user").map((t) => executorArgs(t, request));
    assert.ok(svc.includes("--context=git://github.com/punjab/Digit-Core.git#refs/heads/master#07f47790b826dac994a5ec52e625a5e21fbcead6"));
    assert.ok(svc.includes("--dockerfile=build/maven/Dockerfile"));
    assert.ok(svc.includes("--build-arg=WORK_DIR=core-services/egov-user"));
    assert.ok(svc.includes("--destination=registry.punjab.gov.in/egovio/egov-user:07f47790b8-12"));
    assert.ok(db.includes("--context-sub-path=core-services/egov-user/src/main/resources/db"));
    assert.ok(db.includes("--dockerfile=Dockerfile"));
    assert.ok(db.includes("--destination=registry.punjab.gov.in/egovio/egov-user-db:07f47790b8-12"));
  });

  it("the same build as a Job is a valid, unprivileged Kubernetes object", async () => {
    await loadValidators();
    const job = kanikoJob("egov-user", buildTargets(buildConfig, "egov-user"), request, { namespace: "jenkins", executorImage: "gcr.io/kaniko-project/executor:v1.23.2", registrySecret: "registry-push" });
    validateObject(job);
    const pod = job.spec.template.spec;
    assert.equal(pod.initContainers.length + pod.containers.length, 2);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      assert.equal(c.securityContext.privileged, undefined);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
    }
    assert.equal(pod.volumes[0].secret.items[0].path, "config.json");
  });

  it("the tag bump sets digit:services.<svc>.tag and keeps every comment and other key", () => {
    const stack = [
      "# Punjab's production stack",
      "config:",
      "  digit:target:",
      "    kind: sdc # the state data centre",
      "    kubeconfig: /etc/digit/pb.kubeconfig",
      "  digit:services:",
      "    egov-user:",
      "      replicas: 3 # peak load",
      "      tag: v2.9.0-old",
      "",
    ].join("\n");
    const out = bumpServiceTag(stack, "egov-user", "07f47790b8-12");
    assert.equal(out, stack.replace("v2.9.0-old", "07f47790b8-12"));
    const added = bumpServiceTag(stack, "egov-mdms-service", "abc0123456-3");
    assert.match(added, /# Punjab's production stack/);
    assert.match(added, /kind: sdc # the state data centre/);
    assert.deepEqual(YAML.parse(added).config["digit:services"]["egov-mdms-service"], { tag: "abc0123456-3" });
    const fresh = bumpServiceTag("config:\n  digit:profile: ha\n", "egov-user", "t-1");
    assert.deepEqual(YAML.parse(fresh).config, { "digit:profile": "ha", "digit:services": { "egov-user": { tag: "t-1" } } });
    assert.throws(() => bumpServiceTag(stack, "egov-usr", "t"), /unknown service egov-usr \(did you mean "egov-user"\?\)/);
    assert.throws(() => bumpServiceTag(stack, "egov-user", "bad tag!"), /is not a valid image tag/);
  });

  it("opens one pull request per branch through GitHub's API, updating it on the next run", async () => {
    const calls: string[] = [];
    let open: any[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        calls.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        if (req.method === "GET") return void res.end(JSON.stringify(open));
        const b = JSON.parse(body);
        if (req.method === "POST") {
          open = [{ number: 7, html_url: "https://github.example/pb/digit/pull/7", ...b }];
          return void res.writeHead(201).end(JSON.stringify(open[0]));
        }
        res.end(JSON.stringify({ ...open[0], ...b }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const pr = { api, repo: "pb/digit", token: "t0k", head: "render/prod", base: "main", title: "Render prod", body: "b" };
      assert.equal(await openPullRequest(pr), "https://github.example/pb/digit/pull/7");
      assert.equal(await openPullRequest({ ...pr, title: "Render prod again" }), "https://github.example/pb/digit/pull/7");
      assert.deepEqual(calls, [
        "GET /repos/pb/digit/pulls?state=open&head=pb%3Arender%2Fprod&base=main Bearer t0k",
        "POST /repos/pb/digit/pulls Bearer t0k",
        "GET /repos/pb/digit/pulls?state=open&head=pb%3Arender%2Fprod&base=main Bearer t0k",
        "PATCH /repos/pb/digit/pulls/7 Bearer t0k",
      ]);
    } finally {
      server.close();
    }
  });

  it("the build pipeline runs the generated commands in Kaniko and opens the tag change", () => {
    const j = read("ci/Jenkinsfile.build-image");
    assert.match(j, /inheritFrom 'kaniko'/);
    assert.match(j, /ci\/image-build\.ts [^\n]*--service "\$SERVICE"[\s\S]*?--executor-args > executor-args\.txt/);
    assert.match(j, /\/kaniko\/executor \$line/);
    assert.match(j, /ci\/bump-tag\.ts --stack "\$PULUMI_STACK" --service "\$SERVICE" --tag "\$TAG"/);
    assert.match(j, /ci\/open-pr\.ts --head "\$BRANCH" --base main/);
  });
});
