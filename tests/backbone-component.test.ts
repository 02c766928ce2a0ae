import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../providers/target";
import type { PlatformCredentials } from "../components/config/credentials";
import { Backbone } from "../components/backbone/backbone";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { DigitPlatform } from "../components/platform";
import { createTarget } from "../providers";
import { Recorder } from "../tools/plan/recorder";
import type { Registration } from "../tools/plan/types";
import { installMocks, settle } from "./helpers/mocks";
import { minimalValues, parse } from "./helpers/config";

/**
 * The Backbone component under Pulumi's mock engine: which resources it registers, under which
 * parent, waiting for what, protected or not, with secrets kept secret.
 */

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A registration whose inputs the tests read freely. */
type Reg = Omit<Registration, "inputs"> & { inputs: Record<string, any> };
const all = (rec: Recorder): Reg[] => rec.registrations as Reg[];

describe("Backbone component (mocks)", () => {
  let rec: Recorder;
  let provider: k8s.Provider;
  let ns: Record<string, k8s.core.v1.Namespace>;

  const credentials = (): PlatformCredentials => ({
    database: { username: "egov", password: pulumi.secret("db-pw") },
    objectStore: { accessKey: pulumi.secret("ak"), secretKey: pulumi.secret("sk") },
    elasticsearch: { username: "elastic", password: pulumi.secret("es-pw") },
    encryptionMaster: { password: pulumi.secret("m-pw"), salt: pulumi.secret("saltsalt"), initialVector: pulumi.secret("ivivivivivii") },
    redis: { password: pulumi.secret("redis-pw") },
  });

  function target(over: Partial<Target> = {}): Target {
    return {
      kind: "sdc",
      name: "pb-test",
      provider,
      storage: { staticVolumes: {} },
      database: { mode: "in-cluster" },
      objectStore: { mode: "minio" },
      exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443 },
      registry: {},
      readiness: [],
      ...over,
    };
  }

  function backbone(name: string, values: Record<string, any>, t: Target): Backbone {
    return new Backbone(name, {
      target: t,
      config: parse(values),
      credentials: credentials(),
      namespaces: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, v.metadata.name])),
      endpoints: backboneEndpoints(t.database, t.objectStore.mode === "minio"),
    });
  }

  const regs = () => all(rec);
  const one = (type: string, name: string): Reg => {
    const r = regs().find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}; have ${regs().filter((x) => x.type === type).map((x) => x.name).join(", ")}`);
    return r;
  };
  const under = (prefix: string) => regs().filter((r) => r.name.startsWith(prefix));

  before(async () => {
    installMocks();
    rec = new Recorder();
    rec.attach(pulumi.runtime.getMonitor() as any);
    provider = new k8s.Provider("k8s", {});
    ns = Object.fromEntries(
      ["backbone", "kafka-kraft", "es-cluster", "egov"].map((n) => [n, new k8s.core.v1.Namespace(`ns-${n}`, { metadata: { name: n } }, { provider })]),
    );
    backbone("dev", minimalValues(), target());
    backbone("throwaway", { ...minimalValues(), backbone: { protect: false } }, target());
    backbone(
      "managed",
      { ...minimalValues(), profile: "ha" },
      target({
        database: { mode: "external", host: "pg.internal", port: 5432, database: "egov", username: "egov", password: pulumi.secret("p"), sslMode: "require", createDatabase: false },
        objectStore: { mode: "s3", bucket: pulumi.output("pb-files"), region: "ap-south-1", credentials: { mode: "workload-identity", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn" } } },
        storage: { fast: "gp3", standard: "gp3", staticVolumes: {} },
      }),
    );
    await settle();
  });

  it("one component per part under digit:backbone:Backbone", () => {
    const root = one("digit:backbone:Backbone", "dev");
    for (const [type, name] of [
      ["digit:backbone:Postgres", "dev-postgres"],
      ["digit:backbone:Kafka", "dev-kafka"],
      ["digit:backbone:Elasticsearch", "dev-elasticsearch"],
      ["digit:backbone:Redis", "dev-redis"],
      ["digit:backbone:ObjectStore", "dev-objectstore"],
    ])
      assert.equal(one(type, name).parent, root.urn, name);
    assert.equal(one("random:index/randomId:RandomId", "dev-kafka-cluster-id").inputs.byteLength, 16);
  });

  it("operators as pinned charts in the part's namespace; their resources wait for them", () => {
    const cnpg = one("kubernetes:helm.sh/v4:Chart", "dev-postgres-operator");
    assert.equal(cnpg.inputs.chart, "cloudnative-pg");
    assert.equal(cnpg.inputs.version, "0.29.0");
    assert.equal(cnpg.inputs.namespace, "backbone");
    assert.equal(cnpg.parent, one("digit:backbone:Postgres", "dev-postgres").urn);
    const cluster = one("kubernetes:postgresql.cnpg.io/v1:Cluster", "dev-postgres-cluster-postgres");
    assert.ok(cluster.dependencies.includes(cnpg.urn));
    assert.ok(cluster.dependencies.includes(one("kubernetes:core/v1:Secret", "dev-postgres-secret-postgres-app").urn));
    const eck = one("kubernetes:helm.sh/v4:Chart", "dev-elasticsearch-operator");
    assert.equal(eck.inputs.namespace, "es-cluster");
    assert.ok(one("kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "dev-elasticsearch-elasticsearch-elasticsearch").dependencies.includes(eck.urn));
  });

  it("every object waits for its Namespace and uses the target's provider", () => {
    const k8sObjects = under("dev-").filter((r) => r.type.startsWith("kubernetes:") && !r.type.includes("helm.sh"));
    assert.ok(k8sObjects.length > 20);
    const nsByName = Object.fromEntries(regs().filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => [r.inputs.metadata.name, r.urn]));
    for (const r of k8sObjects) {
      const want = nsByName[r.inputs.metadata.namespace];
      assert.ok(want, `${r.name}: namespace ${r.inputs.metadata.namespace}`);
      assert.ok(r.dependencies.includes(want), `${r.name} does not wait for namespace ${r.inputs.metadata.namespace}`);
      assert.match(r.provider ?? "", /pulumi:providers:kubernetes::k8s::/, r.name);
    }
  });

  it("protects and retains what holds data, and only that (digit:backbone.protect, default true)", () => {
    const stateful = under("dev-").filter((r) => r.protect);
    assert.deepEqual(stateful.map((r) => `${r.type.split(":")[1]} ${r.name}`).sort(), [
      "elasticsearch.k8s.elastic.co/v1 dev-elasticsearch-elasticsearch-elasticsearch",
      "postgresql.cnpg.io/v1 dev-postgres-cluster-postgres",
    ]);
    for (const r of stateful) assert.equal(r.retainOnDelete, true, r.name);
    // Kafka's and MinIO's StatefulSets hold no data themselves: their claims outlive them, so they
    // can be replaced (a claim template changed) without touching pods or volumes.
    for (const name of ["dev-kafka-statefulset-kafka", "dev-objectstore-statefulset-minio"]) {
      const sts = one("kubernetes:apps/v1:StatefulSet", name);
      assert.deepEqual([sts.protect, sts.retainOnDelete, sts.deleteBeforeReplace], [false, false, true], name);
      assert.equal(sts.inputs.metadata.annotations["pulumi.com/deletionPropagationPolicy"], "orphan", name);
      assert.deepEqual(sts.inputs.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" }, name);
    }
    const patch = one("kubernetes:core/v1:PersistentVolumeClaimPatch", "dev-kafka-expand-persistentvolumeclaimpatch-data-kafka-0");
    assert.ok(patch.dependencies.includes(one("kubernetes:apps/v1:StatefulSet", "dev-kafka-statefulset-kafka").urn), "the claim is patched once the StatefulSet made it");
    assert.equal(one("kubernetes:apps/v1:Deployment", "dev-redis-deployment-redis").protect, false);
  });

  it("protect: false (a throw-away stack) protects nothing", () => {
    assert.deepEqual(under("throwaway-").filter((r) => r.protect || r.retainOnDelete).map((r) => r.name), []);
  });

  it("generated credentials reach Secrets as Pulumi secrets, never as plain values", () => {
    for (const name of ["dev-postgres-secret-postgres-app", "dev-objectstore-secret-minio-root", "dev-elasticsearch-secret-elasticsearch-digit-user"]) {
      const data = one("kubernetes:core/v1:Secret", name).inputs.stringData as Record<string, unknown>;
      assert.ok(data && typeof data === "object" && SECRET_SIG in data, `${name}: stringData is not a secret`);
    }
    const plain = JSON.stringify(under("dev-").filter((r) => r.type !== "kubernetes:core/v1:Secret").map((r) => r.inputs));
    for (const value of ["db-pw", "es-pw", '"sk"']) assert.ok(!plain.includes(value), `${value} in plain inputs`);
  });

  it("a managed database and a cloud bucket: no CloudNativePG, no MinIO; backups and the bucket's settings remain", () => {
    const names = under("managed-").map((r) => r.name);
    assert.ok(!names.some((n) => n.includes("postgres-operator") || n.includes("cluster-postgres") || n.includes("minio")), names.join(","));
    assert.ok(names.includes("managed-postgres-cronjob-postgres-backup"));
    assert.ok(names.includes("managed-objectstore-configmap-egov-filestore-storage"));
    assert.equal(one("kubernetes:apps/v1:StatefulSet", "managed-kafka-statefulset-kafka").inputs.spec.replicas, 3);
  });
});

describe("Backbone inside DigitPlatform (mocks)", () => {
  let rec: Recorder;
  before(async () => {
    installMocks();
    rec = new Recorder();
    rec.attach(pulumi.runtime.getMonitor() as any);
    const c = parse(minimalValues());
    const t = createTarget("digit", c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
    new DigitPlatform("digit", { target: t, config: c });
    await settle();
  });

  const reg = (type: string, name: string) => all(rec).find((r) => r.type === type && r.name === name)!;

  it("egov-config's endpoints are the Services the backbone creates", () => {
    const cfg = reg("kubernetes:core/v1:ConfigMap", "digit-config-egov-egov-config").inputs.data;
    const services = all(rec).filter((r) => r.type === "kubernetes:core/v1:Service").map((r) => `${r.inputs.metadata.name}.${r.inputs.metadata.namespace}`);
    assert.equal(cfg["kafka-brokers"], "kafka.kafka-kraft:9092");
    assert.ok(services.includes("kafka.kafka-kraft"));
    // DIGIT 2.9 LTS's services read es-indexer-host (not es-host) and the database by URL (pdf-service by host)
    assert.equal(cfg["es-host"], undefined, "no deployed service reads es-host");
    assert.ok(services.includes("elasticsearch.es-cluster"));
    assert.equal(cfg["es-indexer-host"], "https://elasticsearch.es-cluster:9200/");
    assert.equal(cfg["db-url"], "jdbc:postgresql://postgres.backbone:5432/egov?sslmode=require");
    assert.equal(cfg["db-host"], "postgres.backbone");
    // CloudNativePG keeps Service postgres on the primary
    const cluster = reg("kubernetes:postgresql.cnpg.io/v1:Cluster", "digit-backbone-postgres-cluster-postgres").inputs;
    assert.equal(cluster.metadata.namespace, "backbone");
    assert.equal(cluster.spec.managed.services.additional[0].serviceTemplate.metadata.name, "postgres");
    assert.ok(services.includes("redis.backbone"));
  });

  it("DIGIT's services do not wait for the backbone in the deploy graph (their init containers do)", () => {
    const backbone = new Set(rec.registrations.filter((r) => r.urn.includes("digit:backbone:")).map((r) => r.urn));
    assert.ok(backbone.size > 20);
    const deployments = all(rec).filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.namespace === "egov");
    assert.ok(deployments.length > 10);
    for (const d of deployments) assert.ok(!d.dependencies.some((u) => backbone.has(u)), `${d.name} depends on the backbone`);
  });

  it("the backbone's own dependency chains stay short (provider -> namespace -> ... <= 6 steps)", () => {
    const byUrn = new Map(rec.registrations.map((r) => [r.urn, r]));
    const depth = (urn: string, seen = new Set<string>()): number => {
      const r = byUrn.get(urn);
      if (!r || seen.has(urn)) return 0;
      seen.add(urn);
      const deps = [...r.dependencies, ...(r.provider ? [r.provider.split("::").slice(0, -1).join("::")] : [])].filter((d) => byUrn.get(d) && (byUrn.get(d)!.custom || byUrn.get(d)!.remote || d.includes("pulumi:providers")));
      return 1 + Math.max(0, ...deps.map((d) => depth(d, new Set(seen))));
    };
    const backbone = rec.registrations.filter((r) => r.urn.includes("digit:backbone:") && (r.custom || r.remote));
    const worst = Math.max(...backbone.map((r) => depth(r.urn)));
    assert.ok(worst <= 6, `backbone chain of ${worst} steps`);
    assert.ok(worst >= 3);
  });
});
