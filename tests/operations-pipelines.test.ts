import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ciFacts } from "../ci/delivery";
import { commentBody, marker } from "../ci/pr-comment";

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
    const c = stage("Commit rendered manifests");
    assert.match(c, /environment name: 'DELIVERY_MODE', value: 'render'/);
    assert.match(c, /git push/);
    assert.match(stage("Cluster credentials"), /environment name: 'DELIVERY_MODE', value: 'direct'/);
  });
});

describe("CI/CD: ci/delivery.ts and ci/pr-comment.ts", () => {
  it("reads a direct stack's kubeconfig path", () => {
    const f = ciFacts("config:\n  digit:target:\n    kind: sdc\n    kubeconfig: /etc/digit/pb.kubeconfig\n");
    assert.deepEqual(f, { mode: "direct", up_args: "", path: "", branch: "", kubeconfig: "/etc/digit/pb.kubeconfig" });
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
