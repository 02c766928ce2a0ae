import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { filesUnder, type PlanRun } from "./helpers/plan-run";
import { planInto, readResources, type PlanEntry } from "./helpers/security-plans";
import { offlinePlaceholder, offlineToken } from "../config/secret-paths";
import { agentPlan } from "../components/operations/gitops";
import { chartSource } from "../components/charts";
import { proxyEnv, proxyJvmOptions } from "../components/services/proxy";
import { splitCredentials } from "../components/config/secret-values";

const stackFile = path.join("tests", "fixtures", "secure", "Pulumi.secure.yaml");

const k8s = (rs: PlanEntry[], kind: string, name: string, namespace?: string) =>
  rs.find((r) => r.type.endsWith(`:${kind}`) && r.inputs.metadata?.name === name && (namespace === undefined || r.inputs.metadata?.namespace === namespace));

describe("any value can be a secret: encrypted values stay Pulumi secrets end to end", function () {
  this.timeout(120000);
  let run: PlanRun;
  let resources: PlanEntry[];
  before(async () => {
    run = await planInto(stackFile, fs.mkdtempSync(path.join(os.tmpdir(), "digit-secure-")));
    resources = run.code === 0 ? readResources(run.out!) : [];
  });

  it("plans (no value refused as malformed because it is encrypted) and leaks nothing", () => {
    assert.equal(run.code, 0, run.stderr);
    const texts = [...filesUnder(run.out!).values(), run.stdout, run.stderr].join("\n");
    assert.doesNotMatch(texts, /offline-secret-/);
  });

  it("the proxy's URLs reach pods through a Secret, never as plain env", () => {
    for (const ns of ["egov", "digit-edge"]) assert.deepEqual(k8s(resources, "Secret", "digit-proxy", ns)?.inputs.stringData, { "http-proxy": "[secret]", "https-proxy": "[secret]", "jvm-options": "[secret]" }, `digit-proxy in ${ns}`);
    const user = k8s(resources, "Deployment", "egov-user", "egov")!;
    const env = user.inputs.spec.template.spec.containers[0].env as any[];
    assert.deepEqual(env.find((e) => e.name === "HTTPS_PROXY"), { name: "HTTPS_PROXY", valueFrom: { secretKeyRef: { name: "digit-proxy", key: "https-proxy" } } });
    const certManager = resources.find((r) => r.name === "digit-edge-cert-manager")!;
    assert.ok(JSON.stringify(certManager.inputs).includes('"secretKeyRef":{"key":"https-proxy","name":"digit-proxy"}'), "cert-manager reads the proxy from the Secret");
  });

  it("an encrypted env value of a service is read from that service's Secret", () => {
    const env = k8s(resources, "Deployment", "egov-user", "egov")!.inputs.spec.template.spec.containers[0].env as any[];
    assert.deepEqual(env.find((e) => e.name === "FOO_TOKEN"), { name: "FOO_TOKEN", valueFrom: { secretKeyRef: { name: "digit-env-egov-user", key: "FOO_TOKEN" } } });
    assert.deepEqual(env.find((e) => e.name === "FOO_PLAIN"), { name: "FOO_PLAIN", value: "visible" });
    assert.deepEqual(k8s(resources, "Secret", "digit-env-egov-user", "egov")?.inputs.stringData, { FOO_TOKEN: "[secret]" });
  });

  it("an encrypted config repository URL reaches git-sync from a Secret", () => {
    const mdms = k8s(resources, "Deployment", "egov-mdms-service", "egov")!;
    const sync = (mdms.inputs.spec.template.spec.initContainers as any[]).find((c) => c.name === "git-sync-egov-mdms-data");
    assert.ok(!sync.args.some((a: string) => a.startsWith("--repo")), "no URL on the command line");
    assert.deepEqual(sync.env.find((e: any) => e.name === "GITSYNC_REPO"), { name: "GITSYNC_REPO", valueFrom: { secretKeyRef: { name: "digit-config-repos", key: "egov-mdms-data" } } });
    assert.deepEqual(k8s(resources, "Secret", "digit-config-repos", "egov")?.inputs.stringData, { "egov-mdms-data": "[secret]" });
  });

  it("the chart repository's credentials and the GitOps repository's go to secret inputs, the bare URL stays readable", () => {
    const charts = resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");
    assert.ok(charts.length >= 4);
    for (const c of charts) assert.equal(c.inputs.repositoryOpts?.password ?? c.inputs.chart, "[secret]", c.name);
    const app = resources.find((r) => r.type === "kubernetes:argoproj.io/v1alpha1:Application")!;
    assert.equal(app.inputs.spec.source.repoURL, "https://secret.offline.invalid/");
    const repo = k8s(resources, "Secret", "digit-repository", "argocd")!;
    assert.equal(repo.inputs.metadata.labels["argocd.argoproj.io/secret-type"], "repository");
    assert.deepEqual(repo.inputs.stringData, { password: "[secret]", type: "[secret]", url: "[secret]", username: "[secret]" });
  });
});

describe("credentials inside URLs (pure)", () => {
  it("splits a URL's user and password off, keeping the rest as it was", () => {
    assert.deepEqual(splitCredentials("https://x-access-token:ghp_abc@github.com/pb/infra.git"), { url: "https://github.com/pb/infra.git", username: "x-access-token", password: "ghp_abc" });
    assert.deepEqual(splitCredentials("https://github.com/pb/infra.git"), { url: "https://github.com/pb/infra.git" });
    assert.deepEqual(splitCredentials("git@github.com:pb/infra.git"), { url: "git@github.com:pb/infra.git" });
    assert.deepEqual(splitCredentials("oci://robot%24ci:t0k@harbor.sdc/charts"), { url: "oci://harbor.sdc/charts", username: "robot$ci", password: "t0k" });
  });

  it("an encrypted proxy URL is read from the Secret digit-proxy; the JVM gets only its host and port", () => {
    const proxy = { http: "http://proxy.sdc:3128", noProxy: [".sdc"], secretUrls: true };
    const env = proxyEnv(proxy);
    assert.ok(!JSON.stringify(env).includes("proxy.sdc:3128"), JSON.stringify(env));
    assert.deepEqual(env.find((e) => e.name === "HTTP_PROXY"), { name: "HTTP_PROXY", secret: "digit-proxy", key: "http-proxy" });
    assert.match(proxyJvmOptions(proxy).join(" "), /-Dhttp\.proxyHost=proxy\.sdc -Dhttp\.proxyPort=3128/);
  });

  it("a chart mirror with credentials logs in with them as secrets", () => {
    const s = chartSource({ chart: "cert-manager", version: "v1.20.3", repository: "https://charts.jetstack.io" }, "https://ci:t0k@charts.sdc/stable");
    assert.equal(s.repositoryOpts?.repo, "https://charts.sdc/stable");
    assert.ok(s.repositoryOpts?.username && s.repositoryOpts?.password, "username and password given");
    const oci = chartSource({ chart: "cert-manager", version: "v1.20.3", repository: "https://charts.jetstack.io" }, "oci://ci:t0k@harbor.sdc/charts");
    assert.equal(oci.chart, "oci://harbor.sdc/charts/cert-manager");
  });

  it("each GitOps agent authenticates to a repository with credentials from a Secret", () => {
    const place = { noProxy: [] } as any;
    for (const agent of ["argocd", "flux", "pulumi-operator"] as const) {
      const p = agentPlan({ delivery: { mode: "gitops", repository: "https://x-access-token:ghp_abc@github.com/pb/infra.git", branch: "main", path: "deploy", agent }, stack: "prod", place: { proxy: place } });
      const text = JSON.stringify(p.objects);
      assert.ok(!text.includes("ghp_abc"), `${agent}: the token in a custom resource`);
      assert.ok(text.includes("https://github.com/pb/infra.git"), `${agent}: the bare URL`);
      assert.ok(p.secrets.some((o) => o.kind === "Secret" && o.metadata.name === "digit-repository"), `${agent}: its repository Secret`);
    }
    const token = offlineToken(offlinePlaceholder("digit:delivery.repository"));
    assert.ok(!token.includes(":"), "the token is URL-safe");
  });
});
