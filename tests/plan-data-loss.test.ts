import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans } from "../tools/plan/diff";
import { dataLossRisks, deletionRisk } from "../tools/plan/data-loss";
import type { ResourceEntry } from "../tools/plan/types";
import { runPlan } from "./helpers/plan-run";
import { readResources, variantOf } from "./helpers/security-plans";

function entry(stack: string, type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ResourceEntry> = {}): ResourceEntry {
  return { urn: `urn:pulumi:${stack}::digit::${type}::${name}`, type, name, parent: null, dependsOn: [], provider: null, protect: false, retainOnDelete: false, inputs, ...extra };
}

/** The one-line reasons --diff gives going from a to b. */
const reasons = (a: ResourceEntry, b: ResourceEntry) => diffPlans([a], [b]).replacements.map((r) => r.reason);
const pair = (type: string, from: Record<string, unknown>, to: Record<string, unknown>, extraFrom: Partial<ResourceEntry> = {}, extraTo: Partial<ResourceEntry> = {}) =>
  reasons(entry("a", type, "x", from, extraFrom), entry("b", type, "x", to, extraTo));

const RDS = "aws:rds/instance:Instance";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const STS = "kubernetes:apps/v1:StatefulSet";
const CNPG = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const ECK = "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch";

const sts = (storage: string, cls?: string, annotations?: Record<string, string>) => ({
  metadata: { name: "kafka", namespace: "kafka-kraft", ...(annotations ? { annotations } : {}) },
  spec: { serviceName: "kafka", selector: { matchLabels: { app: "kafka" } }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { ...(cls ? { storageClassName: cls } : {}), resources: { requests: { storage } } } }] },
});
const eck = (sets: Array<{ name: string; storage: string; cls?: string }>) => ({
  metadata: { name: "elasticsearch", namespace: "es-cluster" },
  spec: { nodeSets: sets.map((s) => ({ name: s.name, count: 1, volumeClaimTemplates: [{ metadata: { name: "elasticsearch-data" }, spec: { ...(s.cls ? { storageClassName: s.cls } : {}), resources: { requests: { storage: s.storage } } } }] })) },
});

describe("--diff flags changes that arm or cause data loss (tools/plan/data-loss.ts)", () => {
  it("protection turned off: protect, retainOnDelete, deletion protection, the final snapshot, a bucket's force-destroy", () => {
    assert.match(pair(RDS, { identifier: "db" }, { identifier: "db" }, { protect: true }, { protect: false }).join("\n"), /protect turned off/);
    assert.match(pair(PVC, { metadata: { name: "d" } }, { metadata: { name: "d" } }, { retainOnDelete: true }, { retainOnDelete: false }).join("\n"), /retainOnDelete turned off/);
    assert.match(pair(RDS, { deletionProtection: true }, { deletionProtection: false }).join("\n"), /deletion protection turned off \(deletionProtection\)/);
    assert.match(pair("gcp:sql/databaseInstance:DatabaseInstance", { deletionProtection: true, settings: { deletionProtectionEnabled: true } }, { deletionProtection: true }).join("\n"), /settings\.deletionProtectionEnabled/);
    assert.match(pair(RDS, { skipFinalSnapshot: false }, { skipFinalSnapshot: true }).join("\n"), /final snapshot skipped/);
    assert.match(pair("aws:s3/bucketV2:BucketV2", { forceDestroy: false }, { forceDestroy: true }).join("\n"), /force-destroy turned on/);
    assert.deepEqual(pair(RDS, { deletionProtection: false }, { deletionProtection: true }), [], "turning protection on is safe");
  });

  it("a cluster renamed or replaced (everything inside it), or a Kubernetes provider pointed at another cluster", () => {
    assert.match(pair("aws:eks/cluster:Cluster", { name: "pb" }, { name: "pb-2" }).join("\n"), /the Kubernetes cluster would be replaced \(name\): everything running in it/);
    assert.match(pair("gcp:container/cluster:Cluster", { name: "pb", location: "asia-south1" }, { name: "pb", location: "asia-south1-a" }).join("\n"), /cluster would be replaced \(location\)/);
    assert.match(pair("azure-native:containerservice:ManagedCluster", { resourceName: "pb", dnsPrefix: "pb" }, { resourceName: "pb", dnsPrefix: "pb2" }).join("\n"), /dnsPrefix/);
    assert.match(pair("pulumi:providers:kubernetes", { context: "sdc-a" }, { context: "sdc-b" }).join("\n"), /points at another cluster \(context\)/);
    assert.match(deletionRisk(entry("a", "aws:eks/cluster:Cluster", "c", {}))!, /the Kubernetes cluster would be deleted/);
    assert.deepEqual(pair("aws:eks/cluster:Cluster", { name: "pb", version: "1.32" }, { name: "pb", version: "1.33" }), [], "an upgrade is in place");
  });

  it("a VPC or VNet address range change", () => {
    assert.match(pair("aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }, { cidrBlock: "10.1.0.0/16" }).join("\n"), /network's address range changes \(cidrBlock: 10\.0\.0\.0\/16 -> 10\.1\.0\.0\/16\)/);
    assert.match(pair("azure-native:network:VirtualNetwork", { addressSpace: { addressPrefixes: ["10.20.0.0/16"] } }, { addressSpace: { addressPrefixes: ["10.30.0.0/16"] } }).join("\n"), /address range/);
    assert.match(pair("gcp:compute/subnetwork:Subnetwork", { ipCidrRange: "10.10.0.0/20" }, { ipCidrRange: "10.11.0.0/20" }).join("\n"), /ipCidrRange/);
  });

  it("a storage class change of any claim: PVC, StatefulSet template, CloudNativePG, Elasticsearch node set", () => {
    // a claim's class is one of the fields Kubernetes never changes in place: flagged as its replacement
    assert.match(pair(PVC, { spec: { storageClassName: "fast" } }, { spec: { storageClassName: "standard" } }).join("\n"), /a volume claim would be replaced: spec\.storageClassName cannot change in place/);
    assert.match(pair(STS, sts("50Gi", "fast"), sts("50Gi", "gp3")).join("\n"), /storage class changes/);
    assert.match(pair(CNPG, { spec: { storage: { size: "100Gi", storageClass: "fast" } } }, { spec: { storage: { size: "100Gi", storageClass: "premium" } } }).join("\n"), /spec\.storage\.storageClass: fast -> premium/);
    assert.match(pair(ECK, eck([{ name: "data", storage: "50Gi", cls: "a" }]), eck([{ name: "data", storage: "50Gi", cls: "b" }])).join("\n"), /nodeSets\[data\]/);
  });

  it("shrinking any volume or managed disk; growing one is no risk", () => {
    assert.match(pair(PVC, { spec: { resources: { requests: { storage: "50Gi" } } } }, { spec: { resources: { requests: { storage: "20Gi" } } } }).join("\n"), /volume shrinks from 50Gi to 20Gi/);
    assert.match(pair(CNPG, { spec: { storage: { size: "100Gi" } } }, { spec: { storage: { size: "50Gi" } } }).join("\n"), /shrinks/);
    assert.match(pair(ECK, eck([{ name: "data", storage: "100Gi" }]), eck([{ name: "data", storage: "1Ti" }, { name: "master", storage: "2Gi" }])).join("\n") || "none", /none/);
    assert.match(pair(ECK, eck([{ name: "data", storage: "100Gi" }]), eck([{ name: "data", storage: "99Gi" }])).join("\n"), /shrinks.*nodeSets\[data\]/);
    assert.match(pair(RDS, { allocatedStorage: 200 }, { allocatedStorage: 100 }).join("\n"), /shrinks from 200 to 100 \(allocatedStorage\)/);
    assert.match(pair("azure-native:dbforpostgresql:Server", { storage: { storageSizeGB: 128 } }, { storage: { storageSizeGB: 64 } }).join("\n"), /shrinks/);
    assert.match(pair("gcp:sql/databaseInstance:DatabaseInstance", { settings: { diskSize: 100 } }, { settings: { diskSize: 50 } }).join("\n"), /shrinks/);
    assert.deepEqual(dataLossRisks(entry("a", PVC, "x", { spec: { resources: { requests: { storage: "20Gi" } } } }), entry("b", PVC, "x", { spec: { resources: { requests: { storage: "50Gi" } } } })), []);
  });

  it("a PostgreSQL major version change needs an upgrade procedure; a downgrade is refused", () => {
    assert.match(pair(RDS, { engineVersion: "15" }, { engineVersion: "16" }).join("\n"), /PostgreSQL major version changes 15 -> 16 \(engineVersion\): needs a major-version upgrade/);
    assert.match(pair(RDS, { engineVersion: "16.4" }, { engineVersion: "15" }).join("\n"), /downgrade.*refused/);
    assert.deepEqual(pair(RDS, { engineVersion: "15.10" }, { engineVersion: "15.12" }), [], "a minor version is in place");
    assert.match(pair("azure-native:dbforpostgresql:Server", { version: "15" }, { version: "16" }).join("\n"), /15 -> 16/);
    assert.match(pair("gcp:sql/databaseInstance:DatabaseInstance", { databaseVersion: "POSTGRES_15" }, { databaseVersion: "POSTGRES_16" }).join("\n"), /15 -> 16/);
    assert.match(pair(CNPG, { spec: { imageName: "ghcr.io/cloudnative-pg/postgresql:15.14-standard-trixie" } }, { spec: { imageName: "ghcr.io/cloudnative-pg/postgresql:16.10-standard-trixie" } }).join("\n"), /15 -> 16 \(spec\.imageName\)/);
  });

  it("a StatefulSet that orphans its pods and claims is recreated without data loss when its volume grows", () => {
    const orphan = { "pulumi.com/deletionPropagationPolicy": "orphan" };
    assert.deepEqual(pair(STS, sts("50Gi", "fast", orphan), sts("100Gi", "fast", orphan)), []);
    assert.match(pair(STS, sts("50Gi", "fast"), sts("100Gi", "fast")).join("\n"), /pods with volumes would be replaced/, "without the annotation, Pulumi deletes it with its pods");
    assert.match(pair(STS, sts("50Gi", "fast", orphan), sts("20Gi", "fast", orphan)).join("\n"), /shrinks/);
  });
});

describe("--diff exits 4 on a change that arms data loss", function () {
  this.timeout(120000);
  it("turning protection off: exit 4 with the reason on one line", async () => {
    const program = path.join("tests", "fixtures", "cli", "program.ts");
    const r = await runPlan(["--program", program, "--config-file", path.join("tests", "fixtures", "cli", "Pulumi.unprotected.yaml"), "--diff", path.join("tests", "fixtures", "cli", "Pulumi.base.yaml")], { FORCE_COLOR: undefined });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /! cli-db \[apps\/v1:StatefulSet\]: protect turned off: `pulumi destroy` or a replacement would now delete it\n/);
  });
});

describe("growing a StatefulSet's volume on a protected stack has a path that replaces nothing holding data", function () {
  this.timeout(180000);
  it("nic (protect: true): Kafka's volume grows; --diff exits 0, the claims are patched to the new size", async () => {
    const base = path.join("examples", "stacks", "Pulumi.nic.yaml");
    const grown = variantOf(base, "grow", (c) => {
      c["digit:backbone"].kafka = { ...(c["digit:backbone"].kafka ?? {}), storage: "200Gi" };
    });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "digit-grow-"));
    const r = await runPlan(["--config-file", grown, "--diff", base, "--out", out], { FORCE_COLOR: undefined });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /~ digit-backbone-kafka-statefulset-kafka \[apps\/v1:StatefulSet\]\n\s+spec\.volumeClaimTemplates\[data\]\.spec\.resources\.requests\.storage: "50Gi" -> "200Gi"/);
    assert.match(r.stdout, /No stateful resource would be replaced or deleted\./);
    const patches = readResources(out).filter((e) => e.type === "kubernetes:core/v1:PersistentVolumeClaimPatch" && e.inputs.metadata.namespace === "kafka-kraft");
    assert.deepEqual(patches.map((p) => [p.inputs.metadata.name, p.inputs.spec.resources.requests.storage]), [0, 1, 2].map((i) => [`data-kafka-${i}`, "200Gi"]));
  });
});
