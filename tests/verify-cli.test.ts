/**
 * `npm run verify` end to end on the dev stack: the real program tells what should run, a local
 * HTTPS API server answers as a cluster where everything rolled out but egov-persister (whose
 * config check fails), and a local edge serves DIGIT's answers for the stack's domain.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { selectServices } from "../components/services/catalog";
import { deployedService } from "../components/services/plan";
import { parse } from "./helpers/config";
import { kubeconfigText, startFake, type FakeAnswer, type FakeRequest, type FakeServer } from "./helpers/fake-kube";
import { runCommand, tsLoader, repoRoot } from "./helpers/plan-run";
import { TestCa } from "./helpers/tls";
import { clusterAccess } from "../tools/verify";
import { parseVerifyArgs } from "../tools/verify/args";
import * as YAML from "yaml";

const fixtures = path.join(__dirname, "fixtures", "verify");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8"));
const verifyCli = (args: string[]) => runCommand(process.execPath, ["-r", tsLoader, "tools/verify.ts", ...args]);

/** The dev stack's digit config, as the CLI reads it. */
function devConfig() {
  const stack = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8")).config;
  return parse(Object.fromEntries(Object.entries(stack).map(([k, v]) => [k.replace(/^digit:/, ""), v])));
}

/** A cluster where whatever is asked for has rolled out, but egov-persister. */
function cluster(ca: string) {
  const healthy = fixture("deployment-egov-user.json");
  return (r: FakeRequest): FakeAnswer | undefined => {
    const p = r.path.split("?")[0];
    const m = /^\/apis\/([^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(p);
    if (p === "/version") return { json: { major: "1", minor: "31", gitVersion: "v1.31.4" } };
    if (/^\/api\/v1\/namespaces\/[^/]+$/.test(p)) return { json: { kind: "Namespace", apiVersion: "v1", metadata: { name: p.split("/").pop() } } };
    if (p === "/api/v1/namespaces/digit-edge/secrets/digit-tls")
      return { json: { kind: "Secret", apiVersion: "v1", metadata: { name: "digit-tls" }, type: "kubernetes.io/tls", data: { "ca.crt": Buffer.from(ca).toString("base64"), "tls.key": "bm90LXVzZWQ=" } } };
    if (p === "/api/v1/namespaces/egov/pods") return { json: r.path.includes("egov-persister") ? fixture("pods-egov-persister.json") : { kind: "PodList", apiVersion: "v1", items: [] } };
    if (p.startsWith("/api/v1/namespaces/egov/pods/egov-persister-7c9f8d6b5-x2x9q/log"))
      return { text: "config files missing in configs=https://github.com/egovernments/configs@UNIFIED-QA:\n  configs/egov-persister/pgr-services-persister.yml\n" };
    if (/^\/api\/v1\/namespaces\/[^/]+\/services\/[^/]+\/proxy\//.test(p)) return { json: { status: "UP" } };
    if (!m) return undefined;
    const [, group, ns, plural, name] = m;
    const metadata = { name, namespace: ns, generation: 1 };
    if (!name) return { json: { kind: "List", apiVersion: group, metadata: {}, items: [] } };
    if (plural === "deployments")
      return { json: name === "egov-persister" ? fixture("deployment-egov-persister.json") : { ...healthy, metadata, spec: { ...healthy.spec, replicas: 1 }, status: { ...healthy.status, observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 } } };
    if (plural === "statefulsets") return { json: { ...fixture("statefulset-kafka.json"), metadata: { ...metadata, generation: 2 } } };
    if (plural === "jobs") return { json: { kind: "Job", apiVersion: "batch/v1", metadata, status: { succeeded: 1, conditions: [{ type: "SuccessCriteriaMet", status: "True" }, { type: "Complete", status: "True" }] } } };
    if (plural === "clusters") return { json: { metadata, spec: { instances: 1 }, status: { instances: 1, readyInstances: 1, phase: "Cluster in healthy state" } } };
    if (plural === "elasticsearches") return { json: { metadata, spec: { nodeSets: [{ name: "default", count: 1 }] }, status: { phase: "Ready", health: "yellow", availableNodes: 1 } } };
    if (plural === "gateways") return { json: { metadata, status: { conditions: [{ type: "Programmed", status: "True" }] } } };
    if (plural === "certificates") return { json: { metadata, status: { conditions: [{ type: "Ready", status: "True" }], notAfter: "2026-01-01T00:00:00Z" } } };
    return undefined;
  };
}

describe("npm run verify", function () {
  this.timeout(60_000);
  let ca: TestCa;
  let api: FakeServer;
  let edge: FakeServer;
  let dir: string;
  let kubeconfig: string;
  const config = devConfig();
  const deployed = selectServices(config.modules).map(deployedService);
  const route = (name: string) => deployed.find((s) => s.name === name)!.ingress!.path;

  before(async () => {
    ca = new TestCa();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-verify-cli-"));
    const serving = ca.issue("kube-apiserver", { ips: ["127.0.0.1"] });
    api = await startFake({ cert: serving.cert, key: serving.key, tokens: { "dev-token": "admin" }, authenticate: true, route: cluster(ca.ca.cert) });
    const site = ca.issue(config.domain, { dns: [config.domain] });
    edge = await startFake({
      cert: site.cert,
      key: site.key,
      route: (r) => {
        if (r.method === "POST" && r.path === `${route("egov-mdms-service")}/v1/_search`) return { json: fixture("mdms-search-tenants.json") };
        if (r.method === "POST" && r.path.startsWith(`${route("egov-localization")}/messages/v1/_search?`)) return { json: fixture("localization-search.json") };
        return { status: 404, text: "no route" };
      },
    });
    // the dev stack names context digit-dev: the kubeconfig given must have it
    kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfig, kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { token: "dev-token" }, context: config.target.kind === "sdc" ? config.target.context : undefined }));
  });
  after(async () => {
    await api.close();
    await edge.close();
    ca.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("checks every workload of the stack and DIGIT through the edge; --json prints only JSON; exit 1 on a failure", async () => {
    const run = await verifyCli(["--stack", "dev", "--kubeconfig", kubeconfig, "--timeout", "0.5", "--edge-address", `127.0.0.1:${edge.port}`, "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    const line = (label: string) => report.checks.find((c: any) => c.label === label);
    // every DIGIT service of the stack's modules has its line, its health path the catalog's
    for (const s of deployed) {
      const l = line(s.name);
      assert.ok(l, `no line for ${s.name}`);
      if (s.name === "egov-persister") continue;
      assert.equal(l.status, "pass", `${s.name}: ${l.detail}`);
      // eGov's readiness path, or the actuator's /health on its own port for a Spring Boot service eGov gives no probe (operations/wiring.ts)
      const health = s.probes.readiness?.path ?? (s.runtime === "java" && !s.appServer && !s.probes.liveness ? "/health" : undefined);
      assert.equal(l.detail, `rollout 1/1 available${health ? `, health ${health} 200` : ""}`);
    }
    const persister = line("egov-persister");
    assert.equal(persister.status, "fail");
    assert.match(persister.detail, /check-config-files failed \(exit 1\), 4 restart\(s\): missing configs\/egov-persister\/pgr-services-persister.yml/);
    assert.match(persister.hint, /npm run check-configs -- --stack dev/);
    // the backbone and the edge the platform registers are waited for too
    const kinds = new Set(report.checks.map((c: any) => c.kind).filter(Boolean));
    for (const k of ["StatefulSet", "Job", "Cluster", "Elasticsearch", "Gateway", "Certificate"]) assert.ok(kinds.has(k), `no ${k} checked`);
    // the self-signed dev edge is trusted through the ca.crt read from the cluster
    assert.equal(line("MDMS search").status, "pass", line("MDMS search").detail);
    assert.equal(line("localization search").status, "pass");
    assert.equal(report.summary.fail, 1);
    assert.ok(edge.requests.length === 2 && edge.requests.every((r) => r.headers.host === config.domain));
  });

  it("bad usage and an unusable kubeconfig exit 2 with the fix, before anything runs", async () => {
    fs.writeFileSync(path.join(dir, "other-context"), kubeconfigText({ server: api.url, user: { token: "x" }, context: "kind-digit" }));
    const run = await verifyCli(["--stack", "dev", "--kubeconfig", path.join(dir, "other-context")]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: context "digit-dev" is not in .*other-context; contexts there: kind-digit\n$/);
    assert.equal(run.stdout, "");
    assert.throws(() => parseVerifyArgs(["--timeout", "0"]), /--timeout "0": give the seconds to wait/);
    assert.throws(() => parseVerifyArgs(["--edge-address", "http://x"]), /--edge-address "http:\/\/x": give a host or IP/);
    assert.throws(() => clusterAccess(parseVerifyArgs(["--kubeconfig", path.join(dir, "nope")]), config, repoRoot), /kubeconfig .*nope does not exist: pass --kubeconfig/);
    // the stack's own kubeconfig and context (sdc), relative to the program; an inline one must be written out first
    fs.writeFileSync(path.join(dir, "sdc.yaml"), kubeconfigText({ server: "https://10.20.0.5:6443", user: { token: "x" }, context: "pb-sdc" }));
    const sdc = parse({ target: { kind: "sdc", kubeconfig: "sdc.yaml", context: "pb-sdc" }, domain: "digit.punjab.gov.in", stateTenantId: "pb" });
    assert.equal(clusterAccess(parseVerifyArgs([]), sdc, dir).server, "https://10.20.0.5:6443");
    const inline = parse({ target: { kind: "sdc", kubeconfigInline: "apiVersion: v1" }, domain: "digit.punjab.gov.in", stateTenantId: "pb" }, ["target"]);
    assert.throws(() => clusterAccess(parseVerifyArgs([]), inline, dir), /kubeconfigInline is encrypted in the stack: write it to a file/);
    // a cloud target's kubeconfig comes from the cloud's CLI: the error names the command
    const gcp = parse({ target: { kind: "gcp" }, domain: "digit.punjab.gov.in", stateTenantId: "pb" });
    assert.throws(() => clusterAccess(parseVerifyArgs([]), gcp, dir, { KUBECONFIG: path.join(dir, "none") }), /for the gcp target, write it with: gcloud container clusters get-credentials/);
  });
});
