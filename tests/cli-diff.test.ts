import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changedPaths, diffPlans, formatDiff, statefulRule } from "../tools/plan/diff";
import type { ResourceEntry } from "../tools/plan/types";
import { runPlan } from "./helpers/plan-run";

const root = path.resolve(__dirname, "..");
const fixture = path.join("tests", "fixtures", "cli");
const program = path.join(fixture, "program.ts");
const stackFile = (name: string) => path.join(fixture, `Pulumi.${name}.yaml`);

function plan(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runPlan(["--program", program, ...args], { FORCE_COLOR: undefined });
}

/** A resources.json entry of stack `stack`, top level. */
function entry(stack: string, type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ResourceEntry> = {}): ResourceEntry {
  return {
    urn: `urn:pulumi:${stack}::digit::${type}::${name}`,
    type,
    name,
    parent: `urn:pulumi:${stack}::digit::pulumi:pulumi:Stack::digit-${stack}`,
    dependsOn: [],
    provider: `urn:pulumi:${stack}::digit::pulumi:providers:kubernetes::k8s`,
    protect: false,
    inputs,
    ...extra,
  };
}

const stackEntry = (stack: string): ResourceEntry => ({
  urn: `urn:pulumi:${stack}::digit::pulumi:pulumi:Stack::digit-${stack}`,
  type: "pulumi:pulumi:Stack",
  name: `digit-${stack}`,
  parent: null,
  dependsOn: [],
  provider: null,
  protect: false,
  inputs: {},
});

const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const STS = "kubernetes:apps/v1:StatefulSet";
const DEPLOY = "kubernetes:apps/v1:Deployment";
const RDS = "aws:rds/instance:Instance";
const BUCKET = "gcp:storage/bucket:Bucket";
const AZPG = "azure-native:dbforpostgresql:Server";
const PASSWORD = "random:index/randomPassword:RandomPassword";

const pvc = (stack: string, spec: Record<string, unknown>) =>
  entry(stack, PVC, "data", { metadata: { name: "data", namespace: "egov" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "10Gi" } }, ...spec } });
const sts = (stack: string, spec: Record<string, unknown>) =>
  entry(stack, STS, "pg", { metadata: { name: "pg", namespace: "db" }, spec: { replicas: 1, serviceName: "pg", selector: { matchLabels: { app: "pg" } }, volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "10Gi" } } } }], ...spec } });

describe("plan diff (pure)", () => {
  it("lists the paths that differ, into objects and equal-length arrays", () => {
    assert.deepEqual(changedPaths({ a: 1, b: { c: [1, 2], d: "x" } }, { a: 1, b: { c: [1, 3], d: "y", e: true } }), ["b.c[1]", "b.d", "b.e"]);
    assert.deepEqual(changedPaths({ l: [1] }, { l: [1, 2] }), ["l"]);
    assert.deepEqual(changedPaths({ a: 1 }, { a: 1 }), []);
  });

  it("compares two stacks' plans resource by resource, whatever the stacks are called", () => {
    const a = [stackEntry("dev"), entry("dev", DEPLOY, "app", { spec: { replicas: 1 } }), pvc("dev", {})];
    const b = [stackEntry("prod"), entry("prod", DEPLOY, "app", { spec: { replicas: 1 } }), pvc("prod", {})];
    assert.deepEqual(diffPlans(a, b), { created: [], deleted: [], updated: [], unchanged: 2, replacements: [] });
  });

  it("reports created, deleted and updated resources with the changed fields", () => {
    const a = [entry("a", DEPLOY, "app", { spec: { replicas: 1 } }), entry("a", DEPLOY, "old", {})];
    const b = [entry("b", DEPLOY, "app", { spec: { replicas: 3 } }, { protect: true }), entry("b", DEPLOY, "new", {})];
    const d = diffPlans(a, b);
    assert.deepEqual(d.created.map((c) => c.name), ["new"]);
    assert.deepEqual(d.deleted.map((c) => c.name), ["old"]);
    assert.deepEqual(d.updated, [
      {
        key: "urn:pulumi:*::digit::kubernetes:apps/v1:Deployment::app",
        type: DEPLOY,
        name: "app",
        paths: ["spec.replicas", "protect"],
        changes: [
          { path: "spec.replicas", from: 1, to: 3 },
          { path: "protect", from: false, to: true },
        ],
      },
    ]);
    assert.deepEqual(d.replacements, [], "Deployments hold no data");
  });

  it("a volume claim grows in place, but a new storage class or access mode replaces it", () => {
    assert.deepEqual(diffPlans([pvc("a", {})], [pvc("b", { resources: { requests: { storage: "50Gi" } } })]).replacements, []);
    const r = diffPlans([pvc("a", {})], [pvc("b", { storageClassName: "standard" })]).replacements;
    assert.equal(r.length, 1);
    assert.match(r[0].reason, /a volume claim would be replaced: spec.storageClassName cannot change in place/);
  });

  it("a StatefulSet scales in place, but its volumeClaimTemplates, selector and serviceName replace it", () => {
    assert.deepEqual(diffPlans([sts("a", {})], [sts("b", { replicas: 3 })]).replacements, []);
    for (const change of [
      { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: "50Gi" } } } }] },
      { selector: { matchLabels: { app: "pg2" } } },
      { serviceName: "pg-headless" },
    ]) {
      const r = diffPlans([sts("a", {})], [sts("b", change)]).replacements;
      assert.equal(r.length, 1, JSON.stringify(change));
      assert.match(r[0].reason, new RegExp(`pods with volumes would be replaced: spec.${Object.keys(change)[0]}`));
    }
  });

  it("a Kubernetes object holding data is replaced when its name or namespace changes", () => {
    const moved = pvc("b", {});
    (moved.inputs as any).metadata.namespace = "backbone";
    assert.match(diffPlans([pvc("a", {})], [moved]).replacements[0].reason, /metadata.namespace cannot change/);
  });

  it("cloud databases and buckets are replaced when an identity field changes, not when resized", () => {
    const rds = (stack: string, i: Record<string, unknown>) => entry(stack, RDS, "db", { identifier: "pb-digit", engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 100, ...i });
    assert.deepEqual(diffPlans([rds("a", {})], [rds("b", { instanceClass: "db.m6g.xlarge", allocatedStorage: 200 })]).replacements, []);
    assert.match(diffPlans([rds("a", {})], [rds("b", { identifier: "pb-digit-2" })]).replacements[0].reason, /an RDS database would be replaced: identifier/);
    const gcs = (stack: string, name: string) => entry(stack, BUCKET, "files", { name, location: "ASIA-SOUTH1" });
    assert.match(diffPlans([gcs("a", "pb-files")], [gcs("b", "pb-files-2")]).replacements[0].reason, /a GCS bucket would be replaced: name/);
    const pg = (stack: string, i: Record<string, unknown>) => entry(stack, AZPG, "pg", { serverName: "pb-pg", location: "centralindia", sku: { name: "Standard_B2ms" }, ...i });
    assert.deepEqual(diffPlans([pg("a", {})], [pg("b", { sku: { name: "Standard_D4ds_v5" } })]).replacements, []);
    assert.match(diffPlans([pg("a", {})], [pg("b", { location: "southindia" })]).replacements[0].reason, /PostgreSQL Flexible Server would be replaced: location/);
  });

  it("a generated secret is regenerated when any input changes", () => {
    const pw = (stack: string, length: number) => entry(stack, PASSWORD, "db-password", { length, special: false });
    assert.match(diffPlans([pw("a", 24)], [pw("b", 32)]).replacements[0].reason, /a generated secret would be replaced: length/);
    assert.deepEqual(diffPlans([pw("a", 24)], [pw("b", 24)]).replacements, []);
  });

  it("a deleted data store, or any deleted protected resource, is flagged; a moved one names the alias it needs", () => {
    const d = diffPlans([pvc("a", {}), entry("a", "aws:iam/role:Role", "keep", {}, { protect: true }), entry("a", DEPLOY, "app", {})], []);
    assert.deepEqual(
      d.replacements.map((r) => [r.name, r.reason]),
      [
        ["data", "a volume claim would be deleted"],
        ["keep", "a protected resource would be deleted"],
      ],
    );
    const renamed = pvc("b", {});
    renamed.urn = renamed.urn.replace("::data", "::postgres-data");
    renamed.name = "postgres-data";
    const m = diffPlans([pvc("a", {})], [renamed]);
    assert.match(m.replacements[0].reason, /would be deleted and created again as postgres-data \(its URN changes: add an alias to keep it\)/);
  });

  it("knows which types hold data", () => {
    for (const t of [PVC, STS, "kubernetes:core/v1:PersistentVolume", "kubernetes:postgresql.cnpg.io/v1:Cluster", RDS, "aws:s3/bucket:Bucket", AZPG, "azure-native:storage:StorageAccount", "gcp:sql/databaseInstance:DatabaseInstance", BUCKET, PASSWORD])
      assert.ok(statefulRule(t), t);
    for (const t of [DEPLOY, "kubernetes:core/v1:Service", "kubernetes:core/v1:ConfigMap", "aws:iam/role:Role", "kubernetes:helm.sh/v4:Chart"]) assert.equal(statefulRule(t), undefined, t);
  });

  it("prints counts, the lists (capped) and the stateful replacements", () => {
    const a = [sts("a", {}), ...Array.from({ length: 5 }, (_, i) => entry("a", DEPLOY, `svc-${i}`, {}))];
    const b = [sts("b", { serviceName: "x" })];
    const text = formatDiff(diffPlans(a, b), { from: "dev", to: "prod", max: 3 });
    assert.match(text, /^Changes from dev to prod:\n  \+ 0 to create, - 5 to delete, ~ 1 to update, 0 unchanged\n/);
    assert.match(text, /To delete:\n  - svc-0 \[apps\/v1:Deployment\]\n  - svc-1 .*\n  - svc-2 .*\n  \.\.\. 2 more \(--json lists them all\)/);
    assert.match(text, /~ pg \[apps\/v1:StatefulSet\]\n      spec.serviceName: "pg" -> "x"\n/);
    assert.match(text, /Stateful resources that would be replaced or deleted \(1\)/);
    assert.ok(!text.includes("\u001b["));
    assert.match(formatDiff(diffPlans([], []), { from: "a", to: "b" }), /No stateful resource would be replaced or deleted\./);
  });
});

describe("plan --diff end to end", function () {
  this.timeout(120000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-diff-"));
  const saved = path.join(tmp, "base");
  let scaled: Awaited<ReturnType<typeof plan>>, grown: Awaited<ReturnType<typeof plan>>, allowed: Awaited<ReturnType<typeof plan>>, json: Awaited<ReturnType<typeof plan>>;

  before(async () => {
    const first = await plan(["--config-file", stackFile("base"), "--out", saved]);
    assert.equal(first.code, 0, first.stderr);
    [scaled, grown, allowed, json] = await Promise.all([
      plan(["--config-file", stackFile("scaled"), "--diff", stackFile("base")]),
      plan(["--config-file", stackFile("grown"), "--diff", stackFile("base")]),
      plan(["--config-file", stackFile("grown"), "--diff", saved, "--allow-replace"]),
      plan(["--config-file", stackFile("grown"), "--diff", path.join(saved, "resources.json"), "--json"]),
    ]);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("scaling a Deployment is an update, nothing stateful: exit 0", () => {
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.match(scaled.stdout, /Changes from tests\/fixtures\/cli\/Pulumi.base.yaml to tests\/fixtures\/cli\/Pulumi.scaled.yaml:\n  \+ 0 to create, - 0 to delete, ~ 1 to update, 5 unchanged/);
    assert.match(scaled.stdout, /~ cli-app \[apps\/v1:Deployment\]\n      spec.replicas: 1 -> 3\n/);
    assert.match(scaled.stdout, /No stateful resource would be replaced or deleted\./);
  });

  it("growing a StatefulSet's volume template and a password's length: listed, exit 4 naming --allow-replace", () => {
    assert.equal(grown.code, 4, grown.stdout + grown.stderr);
    assert.match(grown.stdout, /! cli-db \[apps\/v1:StatefulSet\]: pods with volumes would be replaced: spec.volumeClaimTemplates\[0\].spec.resources.requests.storage cannot change in place/);
    assert.match(grown.stdout, /! cli-db-password \[random:index\/randomPassword:RandomPassword\]: a generated secret would be replaced: length/);
    assert.match(grown.stderr, /^error: 2 stateful resource\(s\) would be replaced or deleted going from .*Pulumi.base.yaml to .*Pulumi.grown.yaml .*--allow-replace\.\n$/);
  });

  it("against a saved plan (the --out directory) with --allow-replace: the same findings, exit 0", () => {
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, new RegExp(`Changes from ${path.relative(root, path.join(saved, "resources.json")).replace(/[.]/g, "\\.")} to`));
    assert.match(allowed.stdout, /Stateful resources that would be replaced or deleted \(2\)/);
    assert.equal(allowed.stderr, "");
  });

  it("--json carries the diff for machines", () => {
    assert.equal(json.code, 4);
    const j = JSON.parse(json.stdout);
    assert.equal(j.stack, "grown");
    assert.equal(j.diff.unchanged, 4);
    assert.deepEqual(j.diff.created, []);
    assert.deepEqual(j.diff.updated.map((u: any) => u.name).sort(), ["cli-db", "cli-db-password"]);
    assert.deepEqual(j.diff.replacements.map((u: any) => u.type).sort(), ["kubernetes:apps/v1:StatefulSet", "random:index/randomPassword:RandomPassword"]);
  });

  it("a --diff that names nothing, or a stack whose config is invalid, fails with the reason", async () => {
    const [missing, badStack] = await Promise.all([
      plan(["--config-file", stackFile("base"), "--diff", "no/such/Pulumi.x.yaml"]),
      plan(["--program", path.join("tests", "fixtures", "plan", "program.ts"), "--stack", "fixture", "--diff", "bad"]),
    ]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, "error: --diff no/such/Pulumi.x.yaml: no such file\n");
    assert.equal(badStack.code, 2, badStack.stderr);
    assert.match(badStack.stderr, /--diff: planning .*Pulumi.bad.yaml failed:\nInvalid stack config \(1 problem\):\n  - digit:replicas: got 0; expected at least 1/);
  });
});
