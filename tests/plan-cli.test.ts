import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { fakeValue } from "../tools/plan/mocks";
import { placeholderFor } from "../tools/plan/stackfile";
import { runPlan, filesUnder } from "./helpers/plan-run";

const fixture = path.join("tests", "fixtures", "plan");
const program = path.join(fixture, "program.ts");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in its own process: the Pulumi runtime is process-global. */
function plan(args: string[]): Promise<Run> {
  return runPlan(["--program", program, ...args]);
}


describe("plan CLI end to end (fixture program)", function () {
  this.timeout(120000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-plan-"));
  const outA = path.join(tmp, "a");
  const outB = path.join(tmp, "b");
  const outLeaky = path.join(tmp, "leaky");
  let a: Run, b: Run, bad: Run, leaky: Run;
  let files: Map<string, string>;
  let entries: any[];
  const find = (type: string, name: string) => {
    const e = entries.find((x) => x.type === type && x.name === name);
    assert.ok(e, `${type} ${name} is in resources.json`);
    return e;
  };

  before(async () => {
    // A stale file from an earlier run must not survive in manifests/.
    fs.mkdirSync(path.join(outB, "manifests", "gone"), { recursive: true });
    fs.writeFileSync(path.join(outB, "manifests", "gone", "configmap-old.yaml"), "stale");
    [a, b, bad, leaky] = await Promise.all([
      plan(["--stack", "fixture", "--out", outA]),
      plan(["--config-file", path.join(fixture, "Pulumi.fixture.yaml"), "--out", outB]),
      plan(["--stack", "bad"]),
      plan(["--program", path.join(fixture, "leaky.ts"), "--config-file", path.join(fixture, "Pulumi.fixture.yaml"), "--out", outLeaky]),
    ]);
    assert.equal(a.code, 0, a.stderr);
    files = filesUnder(outA);
    entries = JSON.parse(files.get("resources.json")!);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("exits 0 and writes resources.json, one manifest per Kubernetes object, graph.mmd and graph.svg", () => {
    assert.deepEqual([...files.keys()].sort(), [
      "graph.mmd",
      "graph.svg",
      "manifests/_cluster/namespace-demo.yaml",
      "manifests/demo/configmap-demo-app-config.yaml",
      "manifests/demo/deployment-demo-app.yaml",
      "manifests/demo/secret-demo-app-secret.yaml",
      "manifests/demo/secret-demo-db-credentials.yaml",
      "manifests/demo/statefulset-demo-db.yaml",
      "resources.json",
    ]);
    const deploy = YAML.parse(files.get("manifests/demo/deployment-demo-app.yaml")!);
    assert.equal(deploy.apiVersion, "apps/v1");
    assert.equal(deploy.kind, "Deployment");
    assert.equal(deploy.spec.replicas, 3, "digit:replicas from the stack file");
    assert.equal(deploy.spec.template.spec.containers[0].envFrom[1].secretRef.name, "demo-app-secret");
    assert.deepEqual(deploy.spec.template.spec.containers[0].env, [{ name: "DATABASE_URL", value: "[secret]" }], "a generated password stays secret");
    assert.match(files.get("graph.svg")!, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  });

  it("records every registration in order, with parents, dependencies, providers and protect", () => {
    assert.equal(entries.length, 13);
    for (const e of entries) assert.deepEqual(Object.keys(e), ["urn", "type", "name", "parent", "dependsOn", "provider", "protect", "retainOnDelete", "inputs"]);
    const stack = entries[0];
    assert.equal(stack.type, "pulumi:pulumi:Stack");
    assert.equal(stack.urn, "urn:pulumi:fixture::digit::pulumi:pulumi:Stack::digit-fixture");
    const provider = find("pulumi:providers:kubernetes", "fixture");
    assert.equal(provider.parent, stack.urn);
    assert.equal(provider.inputs.kubeconfig, "./fixture-kubeconfig");
    const platform = find("digit:test:Platform", "demo");
    const db = find("digit:test:Database", "demo-db");
    const app = find("digit:test:App", "demo-app");
    const ns = find("kubernetes:core/v1:Namespace", "demo-ns");
    const password = find("random:index/randomPassword:RandomPassword", "demo-db-password");
    const dbSecret = find("kubernetes:core/v1:Secret", "demo-db-credentials");
    const sts = find("kubernetes:apps/v1:StatefulSet", "demo-db-sts");
    const cm = find("kubernetes:core/v1:ConfigMap", "demo-app-config");
    const appSecret = find("kubernetes:core/v1:Secret", "demo-app-secret");
    const deploy = find("kubernetes:apps/v1:Deployment", "demo-app-deployment");
    const chart = find("kubernetes:helm.sh/v4:Chart", "demo-ingress");
    assert.equal(db.parent, platform.urn);
    assert.equal(deploy.parent, app.urn);
    assert.equal(password.parent, db.urn);
    assert.deepEqual(deploy.dependsOn, [cm.urn, appSecret.urn, password.urn, ns.urn].sort());
    assert.deepEqual(dbSecret.dependsOn, [password.urn, ns.urn].sort());
    // dependsOn: [db] on a component reaches the engine as db's children
    assert.deepEqual(app.dependsOn, [password.urn, dbSecret.urn, sts.urn].sort());
    assert.deepEqual(chart.dependsOn, [ns.urn]);
    assert.equal(deploy.provider, provider.urn);
    assert.equal(chart.provider, provider.urn);
    assert.equal(password.provider, null);
    assert.equal(sts.protect, true);
    assert.equal(deploy.protect, false);
    assert.equal(chart.inputs.version, "4.11.3");
    assert.deepEqual(dbSecret.inputs.stringData, { password: "[secret]" }, "the Secret's keys, never its values");
  });

  it("never prints a secret: no config placeholder, no generated password, in any file or on stdout", () => {
    const forbidden = [placeholderFor("digit:apiToken"), "offline-secret", fakeValue("password/demo-db-password", 24), "v1:c2VjcmV0"];
    for (const [name, text] of [...files, ["stdout", a.stdout], ["stderr", a.stderr]] as Array<[string, string]>)
      for (const f of forbidden) assert.ok(!text.includes(f), `${f} appears in ${name}`);
    assert.match(files.get("manifests/demo/secret-demo-app-secret.yaml")!, /stringData:\n  API_TOKEN: "\[secret\]"\n  DB_PASSWORD: "\[secret\]"\n/);
  });

  it("draws the component graph: nested components, leaf dependencies lifted", () => {
    const mmd = files.get("graph.mmd")!;
    const ids = new Map([...mmd.matchAll(/^\s+(c\d+)\["([^<]+)<br/gm)].map((m) => [m[2], m[1]]));
    assert.deepEqual([...ids.keys()].sort(), ["demo", "demo-app", "demo-db", "demo-ingress"]);
    assert.ok(mmd.includes(`subgraph ${ids.get("demo")}_group[`));
    const edges = [...mmd.matchAll(/^  (c\d+) --> (c\d+)$/gm)].map((m) => `${m[1]}>${m[2]}`);
    assert.ok(edges.includes(`${ids.get("demo-app")}>${ids.get("demo-db")}`), "the app's secret uses the database password");
    assert.ok(edges.includes(`${ids.get("demo-ingress")}>${ids.get("demo")}`), "the chart waits for the namespace");
    assert.equal(new Set(edges).size, edges.length);
    assert.ok(edges.every((e) => e.split(">")[0] !== e.split(">")[1]));
  });

  it("prints the summary: per component, requests against capacity, critical path, elapsed", () => {
    assert.match(a.stdout, /Offline plan of stack "fixture": 13 resources/);
    assert.match(a.stdout, /^  demo\s+11  digit:test:Platform$/m);
    assert.match(a.stdout, /Requested by 2 workloads \(4 pods\): 1\.25 CPU, 1\.8Gi memory/);
    assert.match(a.stdout, /Target capacity \(2 nodes\): 4 CPU, 8Gi memory/);
    assert.match(a.stdout, /Deploy critical path: 4 steps\n  fixture \[provider:kubernetes\]\n  -> demo-ns/);
    assert.match(a.stdout, /Elapsed: \d+\.\d s/);
  });

  it("writes byte-identical files for the same stack, and replaces stale manifests", () => {
    assert.equal(b.code, 0, b.stderr);
    const again = filesUnder(outB);
    assert.deepEqual([...again.keys()], [...files.keys()]);
    for (const [name, text] of files) assert.ok(again.get(name) === text, `${name} differs between runs`);
  });

  it("on invalid config exits 2 with the config error's message alone", () => {
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      'Invalid stack config (1 problem):\n  - digit:replicas: got 0; expected at least 1\nFix it in tests/fixtures/plan/Pulumi.bad.yaml or with `pulumi config set` (every key: docs/config-reference.md of digit-pulumi).\n',
    );
    assert.ok(!/\n\s+at /.test(bad.stderr + bad.stdout), "no stack trace");
  });

  it("when the program reads a secret as plain text: redacts it everywhere and exits 3 naming the key", () => {
    assert.equal(leaky.code, 3, leaky.stderr);
    assert.match(leaky.stderr, /secret values reached the plan in plain text .*config digit:apiToken in urn:pulumi:fixture::digit::pulumi:pulumi:Stack\$kubernetes:core\/v1:ConfigMap::leaky/);
    const written = filesUnder(outLeaky);
    assert.equal(YAML.parse(written.get("manifests/demo/configmap-leaky.yaml")!).data.AUTH, "Bearer [secret]");
    for (const [name, text] of [...written, ["stdout", leaky.stdout], ["stderr", leaky.stderr]] as Array<[string, string]>)
      assert.ok(!text.includes(placeholderFor("digit:apiToken")), `the secret appears in ${name}`);
  });
});
