import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { gcpTarget, GcpTargetConfig } from "../config/targets/gcp";
import { parseDigitConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import type { TargetContext } from "../providers/target";
import { planGcp, GcpEnvironment } from "../providers/gcp/plan";
import { gkeAllocatable } from "../providers/gcp/machines";
import { gkeKubeconfig } from "../providers/gcp/kubeconfig";

const root = path.resolve(__dirname, "..");
const devContext: TargetContext = { profile: "dev", protect: true, stateTenantId: "pb", domain: "digit.punjab.gov.in" };
const haContext: TargetContext = { ...devContext, profile: "ha" };
const env = { project: "pb-digit-prod" };

/** The target section as a stack would give it: parsed by the real schema (defaults filled in). */
function cfg(extra: Record<string, unknown> = {}): GcpTargetConfig {
  return gcpTarget.parse({ kind: "gcp", ...extra });
}

function planError(c: GcpTargetConfig, context: TargetContext = devContext, e: GcpEnvironment = env): string {
  try {
    planGcp(c, context, e);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }
  assert.fail("expected planGcp to throw");
}

describe("gcp target: plan (pure)", () => {
  it("dev: zonal cluster, 2 x e2-standard-4, zonal Cloud SQL, private ranges", () => {
    const p = planGcp(cfg(), devContext, env);
    assert.equal(p.name, "pb-gcp");
    assert.equal(p.project, "pb-digit-prod");
    assert.equal(p.region, "asia-south1");
    assert.equal(p.cluster.location, "asia-south1-a");
    assert.equal(p.cluster.workloadPool, "pb-digit-prod.svc.id.goog");
    assert.equal(p.nodePool.machineType, "e2-standard-4");
    assert.deepEqual([p.nodePool.zoneCount, p.nodePool.nodesPerZone, p.nodePool.totalNodes], [1, 2, 2]);
    assert.deepEqual([p.nodePool.totalMin, p.nodePool.totalMax], [2, 4]);
    assert.equal(p.database?.availabilityType, "ZONAL");
    assert.equal(p.database?.version, "POSTGRES_15");
    assert.equal(p.database?.edition, "ENTERPRISE");
    assert.equal(p.database?.backupRetentionDays, 7);
    assert.equal(p.database?.transactionLogRetentionDays, 7);
    assert.deepEqual(
      [p.network.subnetCidr, p.network.podsCidr, p.network.servicesCidr, p.network.controlPlaneCidr],
      ["10.10.0.0/20", "10.16.0.0/14", "10.20.0.0/20", "172.16.0.0/28"],
    );
    assert.deepEqual(p.storage, { fast: "premium-rwo", standard: "standard-rwo", shared: undefined, staticVolumes: {} });
    assert.deepEqual(p.exposure, { mode: "LoadBalancer", annotations: {}, loadBalancerIP: undefined });
    assert.ok(p.apis.includes("sqladmin.googleapis.com") && p.apis.includes("servicenetworking.googleapis.com"));
  });

  it("ha: regional cluster over three zones, 3 x n2-standard-8, regional Cloud SQL", () => {
    const p = planGcp(cfg(), haContext, env);
    assert.equal(p.cluster.location, "asia-south1");
    assert.equal(p.nodePool.machineType, "n2-standard-8");
    assert.deepEqual([p.nodePool.zoneCount, p.nodePool.nodesPerZone, p.nodePool.totalNodes], [3, 1, 3]);
    assert.equal(p.database?.availabilityType, "REGIONAL");
    assert.equal(p.database?.tier, "db-custom-4-16384");
    assert.equal(p.database?.backupRetentionDays, 14);
    assert.equal(p.database?.transactionLogRetentionDays, 7);
  });

  it("ha: node counts are per zone, so a desired count rounds up to fill every zone", () => {
    const p = planGcp(cfg({ nodes: { desired: 4 } }), haContext, env);
    assert.deepEqual([p.nodePool.nodesPerZone, p.nodePool.totalNodes], [2, 6]);
    assert.equal(p.capacity?.nodes, 6);
    const two = planGcp(cfg({ zones: ["asia-south1-a", "asia-south1-b"], nodes: { desired: 4 } }), haContext, env);
    assert.deepEqual([two.nodePool.zones, two.nodePool.nodesPerZone, two.nodePool.totalNodes], [["asia-south1-a", "asia-south1-b"], 2, 4]);
  });

  it("capacity: nodes x GKE allocatable for known machine types; unknown -> undefined", () => {
    // e2-standard-4: 4000m - (60 + 10 + 10) reserved; 16384 MiB - (1024 + 819.2 + 819.2) - 100 eviction.
    assert.deepEqual(gkeAllocatable("e2-standard-4"), { cpuMillis: 3920, memoryMiB: 13621 });
    assert.deepEqual(planGcp(cfg(), devContext, env).capacity, { nodes: 2, cpuMillis: 7840, memoryMiB: 27242 });
    const n2 = gkeAllocatable("n2-standard-8")!;
    assert.deepEqual(planGcp(cfg(), haContext, env).capacity, { nodes: 3, cpuMillis: 3 * n2.cpuMillis, memoryMiB: 3 * n2.memoryMiB });
    // n2-standard-16: 0.25% of the 12 cores above 4 adds 30m.
    assert.equal(gkeAllocatable("n2-standard-16")?.cpuMillis, 16000 - 110);
    assert.equal(gkeAllocatable("a2-ultragpu-1g"), undefined);
    assert.equal(gkeAllocatable("e2-standard-3"), undefined);
    assert.equal(planGcp(cfg({ nodes: { instanceType: "t2d-standard-4" } }), devContext, env).capacity, undefined);
  });

  it("project: digit:target.project wins over gcp:project; either is enough", () => {
    assert.equal(planGcp(cfg({ project: "other-project" }), devContext, env).project, "other-project");
    assert.equal(planGcp(cfg({ project: "other-project" }), devContext, {}).cluster.workloadPool, "other-project.svc.id.goog");
    assert.equal(planGcp(cfg(), devContext, { project: "from-gcp-ns", region: "europe-west1" }).cluster.location, "europe-west1-b");
  });

  it("in-cluster database and MinIO: no Cloud SQL, no bucket, fewer APIs", () => {
    const p = planGcp(cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" } }), devContext, env);
    assert.equal(p.database, undefined);
    assert.equal(p.bucket, undefined);
    assert.ok(!p.apis.includes("sqladmin.googleapis.com") && !p.apis.includes("storage.googleapis.com"));
    assert.deepEqual(planGcp(cfg({ enableApis: false }), devContext, env).apis, []);
  });

  it("bucket: workload identity member names egov/egov-filestore in the project's pool", () => {
    const b = planGcp(cfg(), devContext, env).bucket!;
    assert.equal(b.workloadIdentityMember, "serviceAccount:pb-digit-prod.svc.id.goog[egov/egov-filestore]");
    assert.equal(b.serviceAccountId, "pb-gcp-filestore");
    assert.equal(b.location, "ASIA-SOUTH1");
    assert.equal(b.forceDestroy, false);
    assert.equal(planGcp(cfg(), { ...devContext, protect: false }, env).bucket?.forceDestroy, true);
    // Google service account ids stop at 30 characters and never end in '-'.
    const long = planGcp(cfg({ name: "punjab-digit-abcdef-production" }), devContext, env);
    assert.equal(long.bucket?.serviceAccountId, "punjab-digit-abcdef-filestore");
    assert.equal(long.nodePool.serviceAccountId, "punjab-digit-abcdef-prod-nodes");
  });

  it("storage: Filestore offers standard-rwx as the shared tier and enables its API", () => {
    const p = planGcp(cfg({ storage: { filestore: true } }), devContext, env);
    assert.equal(p.storage.shared, "standard-rwx");
    assert.equal(p.cluster.filestoreCsi, true);
    assert.ok(p.apis.includes("file.googleapis.com"));
    assert.equal(planGcp(cfg({ storage: { classes: { fast: "hyperdisk" } } }), devContext, env).storage.fast, "hyperdisk");
  });

  it("nodes read an Artifact Registry mirror; proxy bypasses the metadata server and cluster ranges", () => {
    const p = planGcp(cfg({ registry: { mirror: "asia-south1-docker.pkg.dev/pb-digit-prod/egovio" }, proxy: { http: "http://proxy.pb:3128" } }), devContext, env);
    assert.deepEqual(p.nodePool.roles, ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"]);
    for (const host of ["169.254.169.254", "metadata.google.internal", "172.16.0.0/28", "10.16.0.0/14"]) assert.ok(p.proxy!.noProxy.includes(host), host);
    assert.deepEqual(planGcp(cfg({ registry: { mirror: "registry.pb.gov.in/egovio" } }), devContext, env).nodePool.roles, [
      "roles/container.defaultNodeServiceAccount",
    ]);
  });

  it("exposure: NodePort when configured", () => {
    assert.deepEqual(planGcp(cfg({ exposure: { mode: "NodePort" } }), devContext, env).exposure, { mode: "NodePort", httpPort: 32080, httpsPort: 32443 });
  });

  it("database: version and Enterprise Plus tiers", () => {
    const p = planGcp(cfg({ database: { version: "16", instanceClass: "db-perf-optimized-N-4", backupRetentionDays: 30 } }), haContext, env);
    assert.equal(p.database?.version, "POSTGRES_16");
    assert.equal(p.database?.edition, "ENTERPRISE_PLUS");
    assert.equal(p.database?.transactionLogRetentionDays, 30);
  });

  describe("config errors", () => {
    it("no project anywhere", () => {
      assert.match(planError(cfg(), devContext, {}), /digit:target\.project: not set, and gcp:project is not set either: set one/);
    });
    it("an AWS instance class", () => {
      assert.match(planError(cfg({ database: { instanceClass: "db.t3.medium" } })), /digit:target\.database\.instanceClass: got "db\.t3\.medium"; expected a Cloud SQL tier/);
    });
    it("a PostgreSQL version Cloud SQL does not run", () => {
      assert.match(planError(cfg({ database: { version: "9.6" } })), /digit:target\.database\.version: got "9\.6"/);
    });
    it("overlapping ranges, a wrong control-plane prefix (host bits set: the schema, tests/config-validation.test.ts)", () => {
      const m = planError(cfg({ podsCidr: "10.10.0.0/16", controlPlaneCidr: "172.16.0.0/24" }));
      assert.match(m, /digit:target\.podsCidr: 10\.10\.0\.0\/16 overlaps digit:target\.networkCidr \(10\.10\.0\.0\/20\)/);
      assert.match(m, /digit:target\.controlPlaneCidr: got "172\.16\.0\.0\/24"; GKE needs a \/28/);
    });
    it("zones: outside the region, or on a dev (zonal) cluster", () => {
      assert.match(planError(cfg({ zone: "europe-west1-b" })), /digit:target\.zone: "europe-west1-b" is not a zone of region asia-south1/);
      assert.match(planError(cfg({ zones: ["asia-south1-a"] })), /digit:target\.zones: only the ha profile's regional cluster spreads over zones/);
      assert.match(planError(cfg({ zones: ["asia-south1-a", "us-east1-b"] }), haContext), /digit:target\.zones\[1\]: "us-east1-b" is not a zone of region asia-south1/);
    });
    it("a name GKE refuses", () => {
      assert.match(planError(cfg({ name: "1punjab" })), /digit:target\.name: "1punjab" cannot name a GKE cluster/);
    });
    it("bucket options with MinIO", () => {
      assert.match(planError(cfg({ objectStore: { mode: "minio", bucket: "pb-files" } })), /digit:target\.objectStore: bucket and kmsKeyName apply to mode "bucket" only/);
    });
    it("the schema rejects unknown keys and a malformed project id", () => {
      const base = { domain: "digit.punjab.gov.in", stateTenantId: "pb" };
      assert.throws(() => parseDigitConfig({ values: { ...base, target: { kind: "gcp", projectId: "x" } } }), /digit:target\.projectId: unknown key \(did you mean "project"\?\)/);
      assert.throws(() => parseDigitConfig({ values: { ...base, target: { kind: "gcp", project: "PB_Digit" } } }), /digit:target\.project: got "PB_Digit"; expected a GCP project id/);
      assert.throws(() => parseDigitConfig({ values: { ...base, target: { kind: "gcp", objectStore: { mode: "gcs" } } } }), /digit:target\.objectStore\.mode: got "gcs"; allowed: bucket \| minio/);
    });
  });

  it("kubeconfig: the cluster's endpoint and CA, credentials from gke-gcloud-auth-plugin", () => {
    const k = parse(gkeKubeconfig({ project: "p1", location: "asia-south1", clusterName: "pb-gcp", endpoint: "203.0.113.7", caCertificate: "Q0E=" }));
    assert.equal(k["current-context"], "gke_p1_asia-south1_pb-gcp");
    assert.equal(k.clusters[0].cluster.server, "https://203.0.113.7");
    assert.equal(k.clusters[0].cluster["certificate-authority-data"], "Q0E=");
    assert.equal(k.users[0].user.exec.command, "gke-gcloud-auth-plugin");
    assert.equal(k.users[0].user.exec.provideClusterInfo, true);
    assert.equal(k.users[0].user.token, undefined);
  });
});

// ---------------------------------------------------------------------------------------------
// Registration under Pulumi's mock engine.

interface Registered {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  protect: boolean;
  retainOnDelete: boolean;
  dependencies: string[];
  ignoreChanges: string[];
  /** inputs as the engine receives them: a secret is an object carrying Pulumi's secret signature */
  raw: Record<string, any>;
  /** inputs with secrets unwrapped */
  inputs: Record<string, any>;
}

const secretSig = "4dabf18193072939515e22adb298388d";
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as any)[secretSig] === "1b47061264138c4ac30d75fd1eb44270";

function unwrap(v: any): any {
  if (Array.isArray(v)) return v.map(unwrap);
  if (v && typeof v === "object") {
    if (isSecretValue(v)) return unwrap(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
  }
  return v;
}

const registered: Registered[] = [];

function mockState(type: string, name: string, inputs: any): Record<string, any> {
  const project = inputs.project ?? "pb-digit-prod";
  switch (type) {
    case "gcp:container/cluster:Cluster":
      return { ...inputs, endpoint: "203.0.113.10", masterAuth: { clusterCaCertificate: "Q0E=" } };
    case "gcp:sql/databaseInstance:DatabaseInstance":
      return { ...inputs, name: `${name}-1234567`, privateIpAddress: "10.100.0.3", connectionName: `${project}:${inputs.region}:${name}-1234567` };
    case "gcp:serviceaccount/account:Account": {
      const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
      return { ...inputs, email, name: `projects/${project}/serviceAccounts/${email}` };
    }
    case "random:index/randomPassword:RandomPassword":
      return { ...inputs, result: "mock-password-0123456789abcdefghij" };
    default:
      return { ...inputs, name: inputs.name ?? `${name}-1234567` };
  }
}

function value<T>(o: pulumi.Input<T> | undefined): Promise<T> {
  return new Promise((resolve) => pulumi.output(o as pulumi.Input<T>).apply((v) => resolve(v as T)));
}
function isSecret(o: pulumi.Input<unknown>): Promise<boolean> {
  return (pulumi.output(o) as any).isSecret;
}

/** Wait until no new resource registers for a while: children register as their inputs resolve. */
async function settle(): Promise<void> {
  let last = -1;
  let still = 0;
  while (still < 5) {
    await new Promise((r) => setTimeout(r, 10));
    still = registered.length === last ? still + 1 : 0;
    last = registered.length;
  }
}

describe("gcp target: registered resources (mocks)", function () {
  // Loading @pulumi/gcp's submodules takes a moment on a shared machine.
  this.timeout(120000);
  let gcp: typeof import("../providers/gcp");
  let dev: import("../providers/gcp").GcpTarget;
  let ha: import("../providers/gcp").GcpTarget;
  let bare: import("../providers/gcp").GcpTarget;
  let savedConfig: Record<string, string>;

  const of = (component: string, type: string) =>
    registered.filter((r) => r.type === type && (r.name === component || r.name.startsWith(`${component}-`)));
  const one = (component: string, type: string) => {
    const found = of(component, type);
    assert.equal(found.length, 1, `${type} of ${component}: ${found.length}`);
    return found[0];
  };

  before(async () => {
    const store = require("@pulumi/pulumi/runtime/state").getStore();
    savedConfig = { ...store.config };
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => ({ id: `${a.name}-id`, state: mockState(a.type, a.name, a.inputs) }),
        call: (a) => a.inputs,
      },
      "digit",
      "gcp-test",
      false,
    );
    const monitor = pulumi.runtime.getMonitor() as any;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
      const raw = req.getObject()?.toJavaScript() ?? {};
      registered.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        custom: req.getCustom(),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        dependencies: req.getDependenciesList(),
        ignoreChanges: req.getIgnorechangesList(),
        raw,
        inputs: unwrap(raw),
      });
      return original(req, cb);
    };
    gcp = await import("../providers/gcp");
    dev = new gcp.GcpTarget("gdev", { config: cfg(), context: devContext, environment: env });
    ha = new gcp.GcpTarget("gha", { config: cfg({ authorizedNetworks: ["203.0.113.0/24"] }), context: haContext, environment: env });
    bare = new gcp.GcpTarget("gbare", {
      config: cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" }, exposure: { mode: "NodePort" } }),
      context: { ...devContext, protect: false },
      environment: env,
    });
    await settle();
  });

  after(() => {
    const store = require("@pulumi/pulumi/runtime/state").getStore();
    store.config = savedConfig;
  });

  it("registers the component with its type token", () => {
    const c = one("gdev", "digit:gcp:Target");
    assert.equal(c.custom, false);
    assert.equal(dev.kind, "gcp");
    assert.equal(dev.name, "pb-gcp");
  });

  it("network: custom-mode VPC, subnet with pod and service ranges, Cloud NAT", () => {
    assert.equal(one("gdev", "gcp:compute/network:Network").inputs.autoCreateSubnetworks, false);
    const subnet = one("gdev", "gcp:compute/subnetwork:Subnetwork").inputs;
    assert.equal(subnet.ipCidrRange, "10.10.0.0/20");
    assert.equal(subnet.privateIpGoogleAccess, true);
    assert.deepEqual(subnet.secondaryIpRanges, [
      { rangeName: "pods", ipCidrRange: "10.16.0.0/14" },
      { rangeName: "services", ipCidrRange: "10.20.0.0/20" },
    ]);
    one("gdev", "gcp:compute/router:Router");
    assert.equal(one("gdev", "gcp:compute/routerNat:RouterNat").inputs.sourceSubnetworkIpRangesToNat, "ALL_SUBNETWORKS_ALL_IP_RANGES");
    const fw = one("gdev", "gcp:compute/firewall:Firewall").inputs;
    assert.deepEqual(fw.sourceRanges, ["172.16.0.0/28"]);
    assert.deepEqual(fw.targetTags, ["pb-gcp-node"]);
  });

  it("GKE: private VPC-native nodes, workload identity, shielded nodes, no default pool; zonal in dev, regional in ha", () => {
    const c = one("gdev", "gcp:container/cluster:Cluster");
    assert.equal(c.inputs.location, "asia-south1-a");
    assert.equal(c.inputs.privateClusterConfig.enablePrivateNodes, true);
    assert.equal(c.inputs.privateClusterConfig.masterIpv4CidrBlock, "172.16.0.0/28");
    assert.equal(c.inputs.networkingMode, "VPC_NATIVE");
    assert.deepEqual(c.inputs.ipAllocationPolicy, { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
    assert.equal(c.inputs.workloadIdentityConfig.workloadPool, "pb-digit-prod.svc.id.goog");
    assert.equal(c.inputs.enableShieldedNodes, true);
    assert.equal(c.inputs.removeDefaultNodePool, true);
    assert.equal(c.inputs.deletionProtection, true);
    assert.equal(c.inputs.nodeConfig.serviceAccount, "pb-gcp-nodes@pb-digit-prod.iam.gserviceaccount.com");
    assert.equal(c.inputs.masterAuthorizedNetworksConfig, undefined);
    assert.deepEqual(c.inputs.resourceLabels, { "part-of": "digit", "managed-by": "pulumi", "digit-target": "pb-gcp", "digit-tenant": "pb" });
    const h = one("gha", "gcp:container/cluster:Cluster");
    assert.equal(h.inputs.location, "asia-south1");
    assert.deepEqual(h.inputs.masterAuthorizedNetworksConfig, { cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] });
    assert.equal(one("gbare", "gcp:container/cluster:Cluster").inputs.deletionProtection, false);
  });

  it("node pool: size and type from the profile, auto-repair/upgrade, GKE metadata server, least-privilege identity", () => {
    const d = one("gdev", "gcp:container/nodePool:NodePool");
    assert.equal(d.inputs.nodeConfig.machineType, "e2-standard-4");
    assert.equal(d.inputs.initialNodeCount, 2);
    assert.deepEqual(d.inputs.autoscaling, { totalMinNodeCount: 2, totalMaxNodeCount: 4, locationPolicy: "BALANCED" });
    assert.deepEqual(d.inputs.management, { autoRepair: true, autoUpgrade: true });
    // node metadata: pods see the GKE metadata server (workload identity), never the node's own credentials
    assert.deepEqual(d.inputs.nodeConfig.workloadMetadataConfig, { mode: "GKE_METADATA" });
    assert.equal(d.inputs.nodeConfig.metadata["disable-legacy-endpoints"], "true");
    assert.deepEqual(d.inputs.nodeConfig.shieldedInstanceConfig, { enableSecureBoot: true, enableIntegrityMonitoring: true });
    assert.deepEqual(d.ignoreChanges, ["initialNodeCount"]);
    const h = one("gha", "gcp:container/nodePool:NodePool");
    assert.equal(h.inputs.nodeConfig.machineType, "n2-standard-8");
    assert.equal(h.inputs.location, "asia-south1");
    assert.equal(h.inputs.initialNodeCount, 1, "one per zone, three zones");
    const roles = of("gdev", "gcp:projects/iAMMember:IAMMember").map((r) => r.inputs);
    assert.deepEqual(roles, [
      { project: "pb-digit-prod", role: "roles/container.defaultNodeServiceAccount", member: "serviceAccount:pb-gcp-nodes@pb-digit-prod.iam.gserviceaccount.com" },
    ]);
  });

  it("Cloud SQL: private IP only, SSL required, backups + PITR, deletion protection; REGIONAL only in ha", async () => {
    const d = one("gdev", "gcp:sql/databaseInstance:DatabaseInstance");
    const s = d.inputs.settings;
    assert.equal(d.inputs.databaseVersion, "POSTGRES_15");
    assert.equal(s.ipConfiguration.ipv4Enabled, false);
    assert.equal(s.ipConfiguration.authorizedNetworks, undefined);
    assert.match(s.ipConfiguration.privateNetwork, /gdev-vpc/);
    assert.equal(s.ipConfiguration.sslMode, "ENCRYPTED_ONLY");
    assert.equal(s.backupConfiguration.enabled, true);
    assert.equal(s.backupConfiguration.pointInTimeRecoveryEnabled, true);
    assert.deepEqual(s.backupConfiguration.backupRetentionSettings, { retainedBackups: 7, retentionUnit: "COUNT" });
    assert.equal(d.inputs.deletionProtection, true);
    assert.equal(s.deletionProtectionEnabled, true);
    assert.equal(s.availabilityType, "ZONAL");
    assert.equal(s.edition, "ENTERPRISE");
    assert.equal(s.userLabels["digit-tenant"], "pb");
    assert.ok(d.protect && d.retainOnDelete, "the instance is protected and retained");
    const peering = one("gdev", "gcp:servicenetworking/connection:Connection");
    assert.ok(d.dependencies.some((u) => u.endsWith("::gdev-sql-peering")), "the instance waits for private service access");
    assert.equal(peering.inputs.service, "servicenetworking.googleapis.com");
    assert.deepEqual(
      (({ purpose, addressType, prefixLength }) => ({ purpose, addressType, prefixLength }))(one("gdev", "gcp:compute/globalAddress:GlobalAddress").inputs),
      { purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 16 },
    );
    const h = one("gha", "gcp:sql/databaseInstance:DatabaseInstance").inputs.settings;
    assert.equal(h.availabilityType, "REGIONAL");
    assert.deepEqual(h.backupConfiguration.backupRetentionSettings, { retainedBackups: 14, retentionUnit: "COUNT" });

    assert.deepEqual(one("gdev", "gcp:sql/database:Database").inputs.name, "egov");
    const user = one("gdev", "gcp:sql/user:User");
    assert.equal(user.inputs.name, "egov");
    assert.ok(isSecretValue(user.raw.password), "the user's password reaches the engine as a secret");
  });

  it("database offer: external, private address, secret password, createDatabase false", async () => {
    const db = dev.database;
    assert.equal(db.mode, "external");
    if (db.mode !== "external") return;
    assert.equal(await value(db.host), "10.100.0.3");
    assert.equal(db.port, 5432);
    assert.equal(db.database, "egov");
    assert.equal(await value(db.username), "egov");
    assert.equal(db.sslMode, "require");
    assert.equal(db.createDatabase, false);
    assert.equal(await isSecret(db.password), true);
    assert.equal(await value(db.password), "mock-password-0123456789abcdefghij");
    assert.deepEqual(bare.database, { mode: "in-cluster" });
    assert.equal(of("gbare", "gcp:sql/databaseInstance:DatabaseInstance").length, 0);
    assert.equal(of("gbare", "gcp:servicenetworking/connection:Connection").length, 0);
  });

  it("GCS: uniform access, public access prevention, versioning; object admin on the bucket only; workload identity binding", async () => {
    const b = one("gdev", "gcp:storage/bucket:Bucket");
    assert.equal(b.inputs.uniformBucketLevelAccess, true);
    assert.equal(b.inputs.publicAccessPrevention, "enforced");
    assert.deepEqual(b.inputs.versioning, { enabled: true });
    assert.equal(b.inputs.forceDestroy, false);
    assert.equal(b.inputs.labels["digit-target"], "pb-gcp");
    assert.ok(b.protect && b.retainOnDelete, "the bucket is protected and retained");
    const grant = one("gdev", "gcp:storage/bucketIAMMember:BucketIAMMember").inputs;
    assert.equal(grant.role, "roles/storage.objectAdmin");
    assert.equal(grant.member, "serviceAccount:pb-gcp-filestore@pb-digit-prod.iam.gserviceaccount.com");
    assert.equal(grant.bucket, "gdev-filestore-1234567");
    assert.equal(of("gdev", "gcp:projects/iAMMember:IAMMember").filter((r) => r.inputs.role.startsWith("roles/storage")).length, 0, "no project-wide storage role");
    const wi = one("gdev", "gcp:serviceaccount/iAMMember:IAMMember");
    assert.equal(wi.inputs.role, "roles/iam.workloadIdentityUser");
    assert.equal(wi.inputs.member, "serviceAccount:pb-digit-prod.svc.id.goog[egov/egov-filestore]");
    assert.equal(wi.inputs.serviceAccountId, "projects/pb-digit-prod/serviceAccounts/pb-gcp-filestore@pb-digit-prod.iam.gserviceaccount.com");
    assert.ok(wi.dependencies.some((u) => u.endsWith("::gdev-gke")), "the binding waits for the cluster's identity pool");

    const os = dev.objectStore;
    assert.equal(os.mode, "gcs");
    if (os.mode !== "gcs") return;
    assert.equal(await value(os.bucket), "gdev-filestore-1234567");
    assert.equal(os.credentials.mode, "workload-identity");
    if (os.credentials.mode !== "workload-identity") return;
    assert.equal(await value(os.credentials.serviceAccountAnnotations["iam.gke.io/gcp-service-account"]), "pb-gcp-filestore@pb-digit-prod.iam.gserviceaccount.com");
    assert.deepEqual(bare.objectStore, { mode: "minio" });
    assert.equal(of("gbare", "gcp:storage/bucket:Bucket").length, 0);
  });

  it("protect: false leaves stateful resources unprotected and destroyable", () => {
    const gbare = new Set(registered.filter((r) => r.name.startsWith("gbare-")).map((r) => r.protect));
    assert.deepEqual([...gbare], [false]);
    const protectedDev = registered.filter((r) => r.name.startsWith("gdev-") && r.protect).map((r) => r.type).sort();
    assert.deepEqual(protectedDev, ["gcp:sql/database:Database", "gcp:sql/databaseInstance:DatabaseInstance", "gcp:storage/bucket:Bucket"]);
  });

  it("contract values: storage tiers, exposure, capacity, readiness, kubeconfig provider", async () => {
    assert.deepEqual(dev.storage, { fast: "premium-rwo", standard: "standard-rwo", shared: undefined, staticVolumes: {} });
    assert.deepEqual(dev.exposure, { mode: "LoadBalancer", annotations: {}, loadBalancerIP: undefined });
    assert.deepEqual(bare.exposure, { mode: "NodePort", httpPort: 32080, httpsPort: 32443 });
    assert.deepEqual(dev.capacity, { nodes: 2, cpuMillis: 7840, memoryMiB: 27242 });
    assert.equal(ha.capacity?.nodes, 3);
    assert.equal(dev.readiness.length, 1);
    assert.match(await value((dev.readiness[0] as pulumi.CustomResource).urn), /gcp:container\/nodePool:NodePool::gdev-nodes$/);

    const prov = one("gdev", "pulumi:providers:kubernetes");
    assert.ok(isSecretValue(prov.raw.kubeconfig), "the provider's kubeconfig is a secret");
    assert.equal(await isSecret(dev.kubeconfig), true);
    const kc = parse(await value(dev.kubeconfig));
    assert.equal(kc.clusters[0].cluster.server, "https://203.0.113.10");
    assert.equal(kc["current-context"], "gke_pb-digit-prod_asia-south1-a_pb-gcp");
    assert.equal(await value(dev.clusterName), "pb-gcp");
  });

  it("every resource is a child of the component; labels on everything that takes them", () => {
    const urnOf = (name: string) => registered.find((r) => r.name === name && r.type === "digit:gcp:Target")!;
    assert.ok(urnOf("gdev"));
    for (const r of registered.filter((x) => x.name.startsWith("gdev-"))) assert.match(r.parent, /digit:gcp:Target::gdev$/, r.name);
    const labelled = registered.filter((r) => r.name.startsWith("gdev-") && (r.inputs.labels || r.inputs.resourceLabels || r.inputs.settings?.userLabels));
    assert.deepEqual(
      labelled.map((r) => r.type).sort(),
      [
        "gcp:compute/globalAddress:GlobalAddress",
        "gcp:container/cluster:Cluster",
        "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:storage/bucket:Bucket",
      ],
    );
    assert.equal(one("gdev", "gcp:container/nodePool:NodePool").inputs.nodeConfig.resourceLabels["digit-tenant"], "pb");
  });

  it("APIs are enabled and never disabled on destroy", () => {
    const apis = of("gdev", "gcp:projects/service:Service").map((r) => r.inputs);
    assert.ok(apis.length >= 6);
    assert.ok(apis.every((a) => a.disableOnDestroy === false));
    assert.ok(one("gdev", "gcp:compute/network:Network").dependencies.some((u) => u.endsWith("::gdev-api-compute")));
  });

  it("createTarget reads the project from gcp:project when digit:target.project is absent", async () => {
    pulumi.runtime.setConfig("gcp:project", "from-stack-config");
    const t = gcp.createTarget("gcfg", cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" } }), devContext);
    await settle();
    assert.equal(await value(t.name), "pb-gcp");
    assert.equal(one("gcfg", "gcp:container/cluster:Cluster").inputs.workloadIdentityConfig.workloadPool, "from-stack-config.svc.id.goog");
    // Without either, the target fails before registering a cloud resource.
    require("@pulumi/pulumi/runtime/state").getStore().config = { ...savedConfig };
    assert.throws(() => gcp.createTarget("gnone", cfg(), devContext), (e: Error) => e instanceof ConfigError && /gcp:project is not set either/.test(e.message));
    await settle();
    assert.deepEqual(registered.filter((r) => r.name.startsWith("gnone-")), []);
  });

  it("providers/index picks this target for kind gcp", async () => {
    const { createTarget } = await import("../providers/index");
    const t = createTarget("gidx", cfg({ project: "pb-digit-idx", database: { mode: "in-cluster" }, objectStore: { mode: "minio" } }), devContext);
    assert.ok(t instanceof gcp.GcpTarget);
    await settle();
    assert.equal(one("gidx", "gcp:container/cluster:Cluster").inputs.project, "pb-digit-idx");
  });
});

describe("gcp target: SDK isolation", () => {
  it("loading providers/gcp loads no other cloud SDK and not @pulumi/gcp's root", function () {
    this.timeout(120000);
    const script = `
      require("./providers/gcp");
      const keys = Object.keys(require.cache);
      console.log(JSON.stringify({
        aws: keys.filter((k) => k.includes("/node_modules/@pulumi/aws/")).length,
        azure: keys.filter((k) => k.includes("/node_modules/@pulumi/azure-native/")).length,
        gcpRoot: keys.includes(require.resolve("@pulumi/gcp")),
        gcpCompute: keys.some((k) => k.endsWith("/node_modules/@pulumi/gcp/compute/index.js")),
      }));`;
    const out = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: root, encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout.trim().split("\n").pop()!), { aws: 0, azure: 0, gcpRoot: false, gcpCompute: true });
  });
});

describe("examples/stacks/Pulumi.gcp.yaml", () => {
  it("validates with parseDigitConfig and plans a GCP target", () => {
    const doc = parse(readFileSync(path.join(root, "examples/stacks/Pulumi.gcp.yaml"), "utf8"));
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc.config as Record<string, unknown>)) if (k.startsWith("digit:")) values[k.slice("digit:".length)] = v;
    const c = parseDigitConfig({ values });
    assert.equal(c.target.kind, "gcp");
    if (c.target.kind !== "gcp") return;
    const p = planGcp(c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain }, {
      project: doc.config["gcp:project"],
      region: doc.config["gcp:region"],
    });
    assert.equal(p.cluster.location, p.region, "the example is an ha (regional) stack");
    assert.ok(p.database && p.bucket, "managed Postgres and a bucket");
  });
});
