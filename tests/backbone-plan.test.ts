import * as assert from "node:assert/strict";
import type { DatabaseOffer, ObjectStoreOffer, StorageOffer, Target } from "../providers/target";
import { planBackbone, type BackbonePlan } from "../components/backbone/plan";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { egovConfigData } from "../components/config/egov-config";
import { metricsTargets } from "../components/backbone/metrics";
import { backboneImages } from "../components/backbone/versions";
import type { K8sObject } from "../components/backbone/podspec";
import { minimalValues, parse } from "./helpers/config";
import { loadValidators, validateObject, hasModel } from "./helpers/validate";

/**
 * The pure layer of the backbone: config and the target's offers -> Kubernetes objects, per
 * profile and per target variant (in-cluster vs managed database, MinIO vs bucket, storage class
 * vs static volume).
 */

type Offers = Pick<Target, "storage" | "database" | "objectStore" | "registry">;

function offers(over: Partial<Offers> = {}): Offers {
  return {
    storage: { staticVolumes: {} },
    database: { mode: "in-cluster" },
    objectStore: { mode: "minio" },
    registry: {},
    ...over,
  };
}

const creds = {
  database: { username: "egov", password: "db-pw" },
  objectStore: { accessKey: "ak", secretKey: "sk" },
  elasticsearch: { username: "elastic", password: "es-pw" },
  redis: { password: "redis-pw" },
};

function planOf(values: Record<string, any>, o: Offers = offers(), extra: Partial<Parameters<typeof planBackbone>[0]> = {}): BackbonePlan {
  return planBackbone({
    config: parse(values),
    target: o,
    credentials: creds,
    endpoints: backboneEndpoints(o.database, o.objectStore.mode === "minio"),
    kafkaClusterId: "MkU3OEVBNTcwNTJENDM2Qk",
    ...extra,
  });
}

const dev = () => minimalValues();
const ha = () => ({ ...minimalValues(), profile: "ha" });

/** Every Kubernetes object of a plan (operator resources included). */
function objects(p: BackbonePlan): K8sObject[] {
  const out: K8sObject[] = [];
  if (p.postgres.mode === "in-cluster") out.push(...p.postgres.secrets, p.postgres.cluster, ...p.postgres.objects);
  else out.push(...p.postgres.setup);
  out.push(...(p.backup ?? []), ...p.kafka.objects, ...p.kafka.claims);
  out.push(...p.elasticsearch.secrets, p.elasticsearch.elasticsearch, ...(p.elasticsearch.kibana ? [p.elasticsearch.kibana] : []), ...p.elasticsearch.objects, ...p.elasticsearch.claims);
  out.push(...p.redis, ...p.objectStore.filestore);
  if (p.objectStore.minio) out.push(...p.objectStore.minio.secrets, ...p.objectStore.minio.objects, ...p.objectStore.minio.claims, p.objectStore.minio.bucketJob);
  return out;
}

function find(p: BackbonePlan, kind: string, name: string, namespace?: string): K8sObject {
  const o = objects(p).find((x) => x.kind === kind && x.metadata.name === name && (!namespace || x.metadata.namespace === namespace));
  if (!o) throw new Error(`no ${kind} ${name}; have ${objects(p).map((x) => `${x.kind}/${x.metadata.name}`).join(", ")}`);
  return o;
}

function has(p: BackbonePlan, kind: string, name: string): boolean {
  return objects(p).some((x) => x.kind === kind && x.metadata.name === name);
}

function podSpec(o: K8sObject): K8sObject {
  if (o.kind === "CronJob") return o.spec.jobTemplate.spec.template.spec;
  return o.spec.template.spec;
}

const props = (p: BackbonePlan): Record<string, string> =>
  Object.fromEntries(
    find(p, "ConfigMap", "kafka-config")
      .data["server.properties"].trim()
      .split("\n")
      .map((l: string) => l.split("=") as [string, string]),
  );

describe("backbone plan (pure)", () => {
  before(loadValidators);

  describe("every rendered object", () => {
    const variants: Array<[string, () => BackbonePlan]> = [
      ["dev, in-cluster everything", () => planOf(dev())],
      ["ha, in-cluster everything, kibana", () => planOf({ ...ha(), backbone: { elasticsearch: { kibana: true } } })],
      [
        "ha, managed database with createDatabase, S3 through workload identity",
        () =>
          planOf(
            ha(),
            offers({
              database: { mode: "external", host: "db.internal", port: 5432, database: "egov", username: "admin", password: "x", sslMode: "require", createDatabase: true },
              objectStore: { mode: "s3", bucket: "pb-filestore", region: "ap-south-1", credentials: { mode: "workload-identity", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn" } } },
            }),
            { credentials: { ...creds, databaseAdmin: { username: "admin", password: "x" } } },
          ),
      ],
      ["dev, MinIO on a static (NFS) volume", () => planOf(dev(), offers({ storage: { staticVolumes: { "kafka-0": { volumeName: "pv-k0", size: "20Gi" }, "minio-0": { volumeName: "pv-nfs-files", size: "50Gi" } } } }))],
    ];
    for (const [name, make] of variants)
      it(`validates against the Kubernetes API schemas: ${name}`, () => {
        let checked = 0;
        for (const o of objects(make()))
          if (hasModel(o.apiVersion, o.kind)) {
            validateObject(o);
            checked++;
          }
        assert.ok(checked > 10, `only ${checked} objects checked`);
      });

    it("carries explicit names, namespaces and the standard labels", () => {
      for (const o of objects(planOf(ha()))) {
        assert.ok(o.metadata.name, `${o.kind} without a name`);
        assert.ok(["backbone", "kafka-kraft", "es-cluster", "egov"].includes(o.metadata.namespace), `${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`);
        assert.equal(o.metadata.labels["app.kubernetes.io/part-of"], "digit", `${o.kind}/${o.metadata.name}`);
        assert.equal(o.metadata.labels["app.kubernetes.io/managed-by"], "pulumi");
      }
    });

    it("every workload container: pinned image through the mirror, pull secret, requests and memory limit, restricted security", () => {
      const p = planOf(ha(), offers({ registry: { mirror: "registry.pb-sdc.internal/egovio", pullSecretName: "digit-registry" } }));
      const workloads = objects(p).filter((o) => ["StatefulSet", "Deployment", "Job", "CronJob"].includes(o.kind));
      assert.ok(workloads.length >= 8);
      for (const w of workloads) {
        const spec = podSpec(w);
        assert.deepEqual(spec.imagePullSecrets, [{ name: "digit-registry" }], `${w.kind}/${w.metadata.name}`);
        assert.equal(spec.securityContext.runAsNonRoot, true);
        assert.equal(spec.securityContext.seccompProfile.type, "RuntimeDefault");
        for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
          const where = `${w.metadata.name}/${c.name}`;
          assert.match(c.image, /^registry\.pb-sdc\.internal\/[^:]+:[^:]+$/, where);
          assert.doesNotMatch(c.image, /:latest$/, where);
          assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, where);
          assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
          assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"], where);
          assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
        }
      }
      // the operator resources take the mirror and the pull secret too
      const pg = p.postgres as Extract<BackbonePlan["postgres"], { mode: "in-cluster" }>;
      assert.equal(pg.cluster.spec.imageName, "registry.pb-sdc.internal/cloudnative-pg/postgresql:15.14-standard-trixie");
      assert.deepEqual(pg.cluster.spec.imagePullSecrets, [{ name: "digit-registry" }]);
      assert.equal(p.elasticsearch.elasticsearch.spec.image, "registry.pb-sdc.internal/elasticsearch/elasticsearch:8.19.18");
      assert.deepEqual((pg.operator.values as any).image, { repository: "registry.pb-sdc.internal/cloudnative-pg/cloudnative-pg", tag: "1.30.0" });
      assert.deepEqual((p.elasticsearch.operator.values as any).imagePullSecrets, [{ name: "digit-registry" }]);
    });

    it("every long-running container has readiness and liveness probes", () => {
      const p = planOf(ha());
      for (const w of objects(p).filter((o) => ["StatefulSet", "Deployment"].includes(o.kind)))
        for (const c of podSpec(w).containers) {
          assert.ok(c.readinessProbe, `${w.metadata.name}/${c.name} readiness`);
          assert.ok(c.livenessProbe, `${w.metadata.name}/${c.name} liveness`);
        }
    });
  });

  describe("PostgreSQL", () => {
    it("dev: one CloudNativePG instance, no synchronous replication, no PDB, on the cluster's default class", () => {
      const p = planOf(dev());
      assert.equal(p.postgres.mode, "in-cluster");
      const c = find(p, "Cluster", "postgres", "backbone");
      assert.equal(c.apiVersion, "postgresql.cnpg.io/v1");
      assert.equal(c.spec.instances, 1);
      assert.equal(c.spec.postgresql.synchronous, undefined);
      assert.equal(c.spec.enablePDB, false);
      assert.deepEqual(c.spec.storage, { size: "10Gi" });
      assert.deepEqual(c.spec.resources, { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "512Mi" } });
      assert.equal(c.spec.enableSuperuserAccess, false);
      assert.deepEqual(c.spec.bootstrap.initdb, { database: "egov", owner: "egov", secret: { name: "postgres-app" } });
      const s = find(p, "Secret", "postgres-app", "backbone");
      assert.equal(s.type, "kubernetes.io/basic-auth");
      assert.deepEqual(s.stringData, { username: "egov", password: "db-pw" });
    });

    it("ha: three instances with automatic failover, quorum-synchronous commit, PDB, required anti-affinity, the fast class", () => {
      const p = planOf(ha(), offers({ storage: { fast: "iscsi-ssd", standard: "nfs", staticVolumes: {} } }));
      const c = find(p, "Cluster", "postgres");
      assert.equal(c.spec.instances, 3);
      assert.deepEqual(c.spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "required" });
      assert.equal(c.spec.enablePDB, true);
      assert.equal(c.spec.affinity.podAntiAffinityType, "required");
      assert.deepEqual(c.spec.storage, { size: "100Gi", storageClass: "iscsi-ssd" });
      assert.equal(c.spec.primaryUpdateStrategy, "unsupervised");
    });

    it("keeps DIGIT's host name: CNPG maintains Service `postgres` on the primary", () => {
      const p = planOf(dev());
      const svc = find(p, "Cluster", "postgres").spec.managed.services.additional;
      assert.deepEqual(svc.map((s: any) => [s.selectorType, s.serviceTemplate.metadata.name]), [["rw", "postgres"]]);
      assert.equal(backboneEndpoints({ mode: "in-cluster" }, true).postgres.host, "postgres.backbone");
    });

    it("honours size, resources, replicas and version from digit:backbone.postgres", () => {
      const p = planOf({ ...ha(), backbone: { postgres: { replicas: 2, storage: "250Gi", version: "16", resources: { cpu: "2", memory: "8Gi" } } } });
      const c = find(p, "Cluster", "postgres");
      assert.equal(c.spec.instances, 2);
      // one standby: "preferred", or a standby restart would stop every write
      assert.equal(c.spec.postgresql.synchronous.dataDurability, "preferred");
      assert.equal(c.spec.storage.size, "250Gi");
      assert.equal(c.spec.imageName, `ghcr.io/cloudnative-pg/postgresql:${backboneImages.postgres["16"].tag}`);
      assert.equal(c.spec.postgresql.parameters.shared_buffers, "2048MB");
    });

    it("an external database: no operator, no cluster; with createDatabase a Job creates DIGIT's role and database", () => {
      const db: DatabaseOffer = { mode: "external", host: "pg.sdc.internal", port: 6432, database: "egov", username: "postgres", password: "admin-pw", sslMode: "verify-full", createDatabase: true };
      const p = planOf(dev(), offers({ database: db }), { credentials: { ...creds, databaseAdmin: { username: "postgres", password: "admin-pw" } } });
      assert.equal(p.postgres.mode, "external");
      assert.ok(!has(p, "Cluster", "postgres"));
      const job = find(p, "Job", "postgres-setup", "backbone");
      const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef]));
      assert.equal(env.PGHOST, "pg.sdc.internal");
      assert.equal(env.PGPORT, "6432");
      assert.equal(env.PGSSLMODE, "verify-full");
      assert.deepEqual(env.PGPASSWORD, { name: "postgres-admin", key: "password" });
      assert.deepEqual(env.DIGIT_PASSWORD, { name: "postgres-digit-role", key: "password" });
      assert.deepEqual(find(p, "Secret", "postgres-admin").stringData, { username: "postgres", password: "admin-pw" });
      assert.deepEqual(find(p, "Secret", "postgres-digit-role").stringData, { username: "egov", password: "db-pw" });
    });

    it("an external database the target already prepared: nothing but backups", () => {
      const db: DatabaseOffer = { mode: "external", host: "pg", port: 5432, database: "egov", username: "egov", password: "x", sslMode: "require", createDatabase: false };
      const p = planOf(dev(), offers({ database: db }));
      assert.deepEqual(p.postgres, { mode: "external", setup: [] });
      assert.ok(has(p, "CronJob", "postgres-backup"));
    });

    it("createDatabase without an admin login is a wiring bug, reported as such", () => {
      const db: DatabaseOffer = { mode: "external", host: "pg", port: 5432, database: "egov", username: "admin", password: "x", sslMode: "require", createDatabase: true };
      assert.throws(() => planOf(dev(), offers({ database: db })), /no admin login reached the backbone/);
    });
  });

  describe("PostgreSQL backups", () => {
    it("nightly CronJob in egov: pg_dump of DIGIT's database, then upload with retention, schedule and retention from config", () => {
      const p = planOf({ ...dev(), backbone: { postgres: { backup: { enabled: true, schedule: "15 2 * * *", retentionDays: 30 } } } });
      const cj = find(p, "CronJob", "postgres-backup", "egov");
      assert.equal(cj.spec.schedule, "15 2 * * *");
      assert.equal(cj.spec.concurrencyPolicy, "Forbid");
      const pod = podSpec(cj);
      assert.deepEqual(pod.initContainers.map((c: any) => c.name), ["dump"]);
      assert.deepEqual(pod.containers.map((c: any) => c.name), ["upload"]);
      const dump = Object.fromEntries(pod.initContainers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      assert.equal(dump.PGHOST, "postgres.backbone");
      assert.equal(dump.PGDATABASE, "egov");
      assert.deepEqual(dump.PGPASSWORD, { secretKeyRef: { name: "db", key: "password" } });
      const up = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      assert.equal(up.RETENTION_DAYS, "30");
      assert.equal(up.RCLONE_CONFIG_STORE_ENDPOINT, "http://minio.backbone:9000");
      assert.equal(up.BACKUP_BUCKET, "egov-filestore");
      assert.deepEqual(up.RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY, { secretKeyRef: { name: "egov-filestore", key: "awssecretkey" } });
      assert.match(find(p, "ConfigMap", "postgres-backup-scripts").data["dump.sh"], /pg_dump --format=plain/);
    });

    it("the restore path ships with it: a suspended CronJob template and the ConfigMap choosing the dump", () => {
      const p = planOf(dev());
      const r = find(p, "CronJob", "postgres-restore", "egov");
      assert.equal(r.spec.suspend, true);
      const pod = podSpec(r);
      assert.deepEqual([pod.initContainers[0].name, pod.containers[0].name], ["fetch", "restore"]);
      const obj = pod.initContainers[0].env.find((e: any) => e.name === "RESTORE_OBJECT");
      assert.deepEqual(obj.valueFrom, { configMapKeyRef: { name: "postgres-restore", key: "object", optional: true } });
      assert.equal(find(p, "ConfigMap", "postgres-restore").data.object, "latest");
    });

    it("backups of a managed database use its major's client and its TLS mode; workload identity through egov-filestore's ServiceAccount", () => {
      const p = planOf(
        ha(),
        offers({
          database: { mode: "external", host: "rds.internal", port: 5432, database: "egov", username: "u", password: "p", sslMode: "require", createDatabase: false },
          objectStore: { mode: "gcs", bucket: "pb-files", credentials: { mode: "workload-identity", serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "sa@x" } } },
        }),
      );
      const pod = podSpec(find(p, "CronJob", "postgres-backup"));
      assert.equal(pod.serviceAccountName, "egov-filestore");
      const dump = Object.fromEntries(pod.initContainers[0].env.map((e: any) => [e.name, e.value]));
      assert.equal(dump.PGSSLMODE, "require");
      assert.equal(dump.PGHOST, "rds.internal");
      const up = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
      assert.equal(up.RCLONE_CONFIG_STORE_TYPE, "google cloud storage");
      assert.equal(up.RCLONE_CONFIG_STORE_ENV_AUTH, "true");
    });

    it("Azure's default PostgreSQL 16 gets the 16 client", () => {
      const p = planOf(
        { ...ha(), target: { kind: "azure", location: "centralindia" } },
        offers({ database: { mode: "external", host: "x.postgres.database.azure.com", port: 5432, database: "egov", username: "u", password: "p", sslMode: "require", createDatabase: false } }),
      );
      assert.equal(podSpec(find(p, "CronJob", "postgres-backup")).initContainers[0].image, `ghcr.io/cloudnative-pg/postgresql:${backboneImages.postgres["16"].tag}`);
    });

    it("backups off: no CronJobs", () => {
      const p = planOf({ ...dev(), backbone: { postgres: { backup: { enabled: false } } } });
      assert.equal(p.backup, undefined);
      assert.ok(!has(p, "CronJob", "postgres-backup"));
    });
  });

  describe("Kafka (KRaft)", () => {
    it("dev: one node, broker and controller, replication factor 1", () => {
      const p = planOf(dev());
      const sts = find(p, "StatefulSet", "kafka", "kafka-kraft");
      assert.equal(sts.spec.replicas, 1);
      assert.equal(sts.spec.podManagementPolicy, "Parallel");
      const pr = props(p);
      assert.equal(pr["process.roles"], "broker,controller");
      assert.equal(pr["controller.quorum.voters"], "0@kafka-0.kafka-headless.kafka-kraft.svc.cluster.local:9093");
      assert.equal(pr["default.replication.factor"], "1");
      assert.equal(pr["min.insync.replicas"], "1");
      assert.ok(!has(p, "PodDisruptionBudget", "kafka"));
      assert.equal(sts.spec.template.spec.affinity, undefined);
    });

    it("ha: three nodes, replication factor 3, min.insync.replicas 2, PDB, one node per host, persistent volumes", () => {
      const p = planOf(ha(), offers({ storage: { fast: "gp3", staticVolumes: {} } }));
      const sts = find(p, "StatefulSet", "kafka");
      assert.equal(sts.spec.replicas, 3);
      const pr = props(p);
      assert.equal(pr["controller.quorum.voters"].split(",").length, 3);
      assert.equal(pr["default.replication.factor"], "3");
      assert.equal(pr["min.insync.replicas"], "2");
      assert.equal(pr["offsets.topic.replication.factor"], "3");
      assert.equal(pr["transaction.state.log.min.isr"], "2");
      assert.equal(pr["unclean.leader.election.enable"], "false");
      assert.deepEqual(find(p, "PodDisruptionBudget", "kafka").spec.maxUnavailable, 1);
      assert.equal(sts.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, "kubernetes.io/hostname");
      assert.deepEqual(sts.spec.volumeClaimTemplates[0].spec, { accessModes: ["ReadWriteOnce"], storageClassName: "gp3", resources: { requests: { storage: "50Gi" } } });
      assert.equal(sts.spec.template.spec.containers[0].env.find((e: any) => e.name === "KAFKA_HEAP_OPTS").value, "-Xmx1024m -Xms1024m");
    });

    it("egov-config's kafka-brokers is the Service this plan creates; the headless Service resolves pods before they are ready", () => {
      const p = planOf(ha());
      const e = backboneEndpoints({ mode: "in-cluster" }, true);
      const cfg = egovConfigData({ domain: "digit.pb.gov.in", stateTenantId: "pb", endpoints: e, smsEnabled: false });
      const [host, port] = String(cfg["kafka-brokers"]).split(":");
      const [svc, ns] = host.split(".");
      assert.equal(find(p, "Service", svc, ns).spec.ports[0].port, Number(port));
      assert.equal(find(p, "Service", "kafka-headless").spec.publishNotReadyAddresses, true);
      assert.equal(find(p, "ConfigMap", "kafka-config").data["cluster.id"], "MkU3OEVBNTcwNTJENDM2Qk");
    });

    it("a config change rolls the pods (config hash on the pod template)", () => {
      const a = find(planOf(ha()), "StatefulSet", "kafka").spec.template.metadata.annotations["digit.egov.org/config-hash"];
      const b = find(planOf({ ...ha(), backbone: { kafka: { replicas: 5 } } }), "StatefulSet", "kafka").spec.template.metadata.annotations["digit.egov.org/config-hash"];
      assert.notEqual(a, b);
    });
  });

  describe("Elasticsearch", () => {
    it("dev: one node holding every role, heap from the profile, ECK's PDB off (it would block drains)", () => {
      const p = planOf(dev());
      const es = find(p, "Elasticsearch", "elasticsearch", "es-cluster");
      assert.equal(es.spec.nodeSets.length, 1);
      const ns = es.spec.nodeSets[0];
      assert.equal(ns.count, 1);
      assert.deepEqual(ns.config["node.roles"], ["master", "data", "ingest"]);
      assert.equal(ns.config["node.store.allow_mmap"], false);
      const c = ns.podTemplate.spec.containers[0];
      assert.equal(c.env[0].value, "-Xms512m -Xmx512m");
      assert.equal(c.resources.limits.memory, "1Gi");
      assert.deepEqual(es.spec.podDisruptionBudget, {});
      assert.equal(ns.volumeClaimTemplates[0].metadata.name, "elasticsearch-data");
      assert.equal(ns.volumeClaimTemplates[0].spec.resources.requests.storage, "10Gi");
      assert.equal(p.elasticsearch.kibana, undefined);
    });

    it("ha: dedicated masters and data nodes, one per host, heap from config, Kibana when asked", () => {
      const p = planOf({ ...ha(), backbone: { elasticsearch: { heap: "2g", dataStorage: "100Gi", kibana: true } } });
      const es = find(p, "Elasticsearch", "elasticsearch");
      const [m, d] = es.spec.nodeSets;
      assert.deepEqual([m.name, m.count, m.config["node.roles"]], ["master", 3, ["master"]]);
      assert.deepEqual([d.name, d.count, d.config["node.roles"]], ["data", 3, ["data", "ingest"]]);
      assert.equal(m.podTemplate.spec.containers[0].env[0].value, "-Xms448m -Xmx448m");
      assert.equal(d.podTemplate.spec.containers[0].env[0].value, "-Xms2048m -Xmx2048m");
      assert.equal(d.podTemplate.spec.containers[0].resources.limits.memory, "4Gi");
      assert.equal(d.volumeClaimTemplates[0].spec.resources.requests.storage, "100Gi");
      assert.equal(es.spec.podDisruptionBudget, undefined);
      assert.equal(d.podTemplate.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels["elasticsearch.k8s.elastic.co/statefulset-name"], "elasticsearch-es-data");
      const k = find(p, "Kibana", "kibana", "es-cluster");
      assert.deepEqual(k.spec.elasticsearchRef, { name: "elasticsearch" });
      assert.equal(k.spec.version, es.spec.version);
    });

    it("HTTPS inside the cluster (ECK's CA), the elastic user's password is the platform's (file realm), claims kept on deletion", () => {
      const p = planOf(dev());
      const es = find(p, "Elasticsearch", "elasticsearch");
      assert.equal(es.spec.http.tls.selfSignedCertificate.disabled, undefined);
      assert.deepEqual(es.spec.auth.fileRealm, [{ secretName: "elasticsearch-digit-user" }]);
      assert.equal(es.spec.volumeClaimDeletePolicy, "DeleteOnScaledownOnly");
      const s = find(p, "Secret", "elasticsearch-digit-user", "es-cluster");
      assert.equal(s.type, "kubernetes.io/basic-auth");
      assert.deepEqual(s.stringData, { username: "elastic", password: "es-pw", roles: "superuser" });
    });

    it("egov-config's es-host and es-indexer-host name the Service this plan creates, on ECK's data nodes", () => {
      const p = planOf(ha());
      const e = backboneEndpoints({ mode: "in-cluster" }, true);
      const cfg = egovConfigData({ domain: "digit.pb.gov.in", stateTenantId: "pb", endpoints: e, smsEnabled: false });
      const [svc, ns] = String(cfg["es-host"]).split(".");
      const s = find(p, "Service", svc, ns);
      assert.equal(s.spec.ports[0].port, 9200);
      assert.equal(s.spec.selector["elasticsearch.k8s.elastic.co/node-data"], "true");
      assert.equal(cfg["es-indexer-host"], `https://${svc}.${ns}:9200/`);
    });
  });

  describe("Redis", () => {
    it("redis.backbone:6379, one instance, no persistence, LRU within its memory, no PDB", () => {
      const p = planOf({ ...ha(), backbone: { redis: { resources: { cpu: "250m", memory: "1Gi" } } } });
      const d = find(p, "Deployment", "redis", "backbone");
      assert.equal(d.spec.replicas, 1);
      assert.equal(d.spec.strategy.type, "Recreate");
      const cmd = d.spec.template.spec.containers[0].args.join(" ");
      assert.match(cmd, /--maxmemory 819mb --maxmemory-policy allkeys-lru/);
      assert.match(cmd, /--save  --appendonly no/);
      assert.equal(find(p, "Service", "redis", "backbone").spec.ports[0].port, 6379);
      assert.ok(!has(p, "PodDisruptionBudget", "redis"));
      assert.equal(backboneEndpoints({ mode: "in-cluster" }, false).redis.host, "redis.backbone");
    });
  });

  describe("object store", () => {
    it("MinIO dev: one server, one drive, buckets created once it is up", () => {
      const p = planOf(dev());
      const sts = find(p, "StatefulSet", "minio", "backbone");
      assert.equal(sts.spec.replicas, 1);
      assert.deepEqual(sts.spec.template.spec.containers[0].args.slice(0, 2), ["server", "/data"]);
      assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "10Gi");
      assert.match(p.objectStore.minio!.bucketJob.spec.template.spec.containers[0].command[2], /^rclone mkdir store:egov-filestore && rclone mkdir store:egov-assets$/);
      assert.ok(!has(p, "PodDisruptionBudget", "minio"));
    });

    it("MinIO ha: distributed over 4 pods with erasure coding, PDB, one per host, the standard class, bucket from config", () => {
      const p = planOf({ ...ha(), backbone: { objectStore: { bucket: "pb-docs", storage: "500Gi" } } }, offers({ storage: { fast: "ssd", standard: "hdd", staticVolumes: {} } }));
      const sts = find(p, "StatefulSet", "minio");
      assert.equal(sts.spec.replicas, 4);
      assert.ok(sts.spec.template.spec.containers[0].args.includes("http://minio-{0...3}.minio-hl.backbone.svc.cluster.local/data"));
      assert.equal(sts.spec.volumeClaimTemplates[0].spec.storageClassName, "hdd");
      assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "500Gi");
      assert.ok(has(p, "PodDisruptionBudget", "minio"));
      assert.match(p.objectStore.minio!.bucketJob.spec.template.spec.containers[0].command[2], /store:pb-docs/);
      assert.deepEqual(find(p, "Secret", "minio-root").stringData, { rootUser: "ak", rootPassword: "sk" });
    });

    it("a cloud bucket: no MinIO; settings known only at deploy time go to egov-filestore-storage in egov", async () => {
      const pulumi = await import("@pulumi/pulumi");
      const os: ObjectStoreOffer = { mode: "s3", bucket: pulumi.output("pb-filestore"), region: "ap-south-1", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } };
      const p = planOf(ha(), offers({ objectStore: os }));
      assert.equal(p.objectStore.minio, undefined);
      assert.ok(!objects(p).some((o) => o.metadata.name === "minio"));
      const cm = find(p, "ConfigMap", "egov-filestore-storage", "egov");
      assert.deepEqual(Object.keys(cm.data).sort(), ["bucket", "endpoint", "region"]);
    });
  });

  describe("storage: StorageClass tiers and static volumes", () => {
    const statics: StorageOffer = {
      fast: "iscsi-ssd",
      standard: "iscsi-hdd",
      staticVolumes: {
        "kafka-0": { volumeName: "pv-kafka-0", size: "100Gi" },
        "kafka-2": { volumeName: "pv-kafka-2", size: "100Gi" },
        "elasticsearch-data-1": { volumeName: "pv-es-data-1", size: "200Gi" },
        "elasticsearch-master-0": { volumeName: "pv-es-master-0", size: "5Gi" },
        "minio-3": { volumeName: "pv-minio-3", size: "1Ti" },
      },
    };

    it("pre-creates each static claim with the exact name the StatefulSet uses, the volume's class and size, the named volume", () => {
      const p = planOf(ha(), offers({ storage: statics }));
      const claims = objects(p).filter((o) => o.kind === "PersistentVolumeClaim");
      assert.deepEqual(claims.map((c) => `${c.metadata.namespace}/${c.metadata.name}=${c.spec.volumeName}`).sort(), [
        "backbone/data-minio-3=pv-minio-3",
        "es-cluster/elasticsearch-data-elasticsearch-es-data-1=pv-es-data-1",
        "es-cluster/elasticsearch-data-elasticsearch-es-master-0=pv-es-master-0",
        "kafka-kraft/data-kafka-0=pv-kafka-0",
        "kafka-kraft/data-kafka-2=pv-kafka-2",
      ]);
      for (const c of claims) {
        assert.equal(c.spec.storageClassName, "");
        assert.deepEqual(c.spec.accessModes, ["ReadWriteOnce"]);
      }
      // the claim asks for the volume's own size, so nothing asks to resize it when the profile changes
      assert.equal(claims.find((c) => c.metadata.name === "data-kafka-0")!.spec.resources.requests.storage, "100Gi");
      // ordinals without a static volume still come from the tier's class and the component's size
      assert.equal(find(p, "StatefulSet", "kafka").spec.volumeClaimTemplates[0].spec.resources.requests.storage, "50Gi");
      assert.equal(find(p, "StatefulSet", "kafka").spec.volumeClaimTemplates[0].spec.storageClassName, "iscsi-ssd");
      assert.equal(find(p, "StatefulSet", "minio").spec.volumeClaimTemplates[0].spec.storageClassName, "iscsi-hdd");
    });

    it("a single Postgres instance binds its static volume through CNPG's claim template", () => {
      const p = planOf(dev(), offers({ storage: { staticVolumes: { "postgres-0": { volumeName: "pv-pg", size: "50Gi" } } } }));
      assert.deepEqual(find(p, "Cluster", "postgres").spec.storage, {
        size: "50Gi",
        pvcTemplate: { accessModes: ["ReadWriteOnce"], storageClassName: "", volumeName: "pv-pg", resources: { requests: { storage: "50Gi" } } },
      });
      const classed = planOf(dev(), offers({ storage: { staticVolumes: { "postgres-0": { volumeName: "pv-pg", size: "50Gi", storageClassName: "local-ssd" } } } }));
      assert.equal(find(classed, "Cluster", "postgres").spec.storage.pvcTemplate.storageClassName, "local-ssd");
    });

    it("static volumes for every replica: claims and templates follow the volumes, the same in dev and ha (no resize, no template change)", () => {
      const vols = (kafka: number, minio: number) => ({
        ...Object.fromEntries(Array.from({ length: kafka }, (_, i) => [`kafka-${i}`, { volumeName: `pv-kafka-${i}`, size: "120Gi", storageClassName: "local-nvme" }])),
        ...Object.fromEntries(Array.from({ length: minio }, (_, i) => [`minio-${i}`, { volumeName: `pv-minio-${i}`, size: "300Gi" }])),
      });
      const small = planOf(dev(), offers({ storage: { fast: "iscsi-ssd", standard: "iscsi-hdd", staticVolumes: vols(1, 1) } }));
      const big = planOf(ha(), offers({ storage: { fast: "iscsi-ssd", standard: "iscsi-hdd", staticVolumes: vols(3, 4) } }));
      for (const [kind, name] of [["StatefulSet", "kafka"], ["StatefulSet", "minio"]] as const)
        assert.deepEqual(find(small, kind, name).spec.volumeClaimTemplates, find(big, kind, name).spec.volumeClaimTemplates, name);
      assert.deepEqual(find(big, "StatefulSet", "kafka").spec.volumeClaimTemplates[0].spec, { accessModes: ["ReadWriteOnce"], storageClassName: "local-nvme", resources: { requests: { storage: "120Gi" } } });
      const claim = (p: typeof small, n: string) => objects(p).find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === n);
      assert.deepEqual(claim(small, "data-kafka-0"), claim(big, "data-kafka-0"));
      assert.deepEqual(claim(small, "data-minio-0")!.spec.resources, { requests: { storage: "300Gi" } });
      assert.equal(claim(small, "data-minio-0")!.spec.storageClassName, "");
    });
  });

  describe("NetworkPolicies", () => {
    it("each part admits DIGIT's namespace on its client port, monitoring on its scrape port, and its own namespace", () => {
      const p = planOf({ ...ha(), backbone: { elasticsearch: { kibana: true } } });
      const policies = objects(p).filter((o) => o.kind === "NetworkPolicy");
      const byName = (n: string) => policies.find((x) => x.metadata.name === n)!;
      const from = (pol: K8sObject) =>
        pol.spec.ingress.map((r: any) => ({
          who: r.from.map((f: any) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? "same-namespace").join(","),
          ports: (r.ports ?? []).map((x: any) => x.port),
        }));
      assert.deepEqual(from(byName("postgres")), [{ who: "egov", ports: [5432] }, { who: "same-namespace", ports: [] }, { who: "monitoring", ports: [9187] }]);
      assert.deepEqual(from(byName("redis")), [{ who: "egov", ports: [6379] }, { who: "monitoring", ports: [9121] }]);
      assert.deepEqual(from(byName("kafka")), [{ who: "egov", ports: [9092] }, { who: "same-namespace", ports: [9092, 9093] }]);
      assert.deepEqual(from(byName("kafka-exporter")), [{ who: "monitoring", ports: [9308] }]);
      assert.deepEqual(from(byName("elasticsearch")), [{ who: "egov", ports: [9200] }, { who: "same-namespace", ports: [] }]);
      assert.deepEqual(from(byName("elasticsearch-exporter")), [{ who: "monitoring", ports: [9114] }]);
      assert.deepEqual(from(byName("minio")), [{ who: "egov", ports: [9000] }, { who: "same-namespace", ports: [9000, 9001] }, { who: "monitoring", ports: [9000] }]);
      assert.deepEqual(from(byName("kibana")), [{ who: "same-namespace", ports: [] }]);
      for (const pol of policies) assert.deepEqual(pol.spec.policyTypes, ["Ingress"]);
    });

    it("monitoring's scrape targets are exactly the ports the policies open to it", () => {
      const p = planOf(ha());
      const open = new Set(
        objects(p)
          .filter((o) => o.kind === "NetworkPolicy")
          .flatMap((o) => o.spec.ingress.filter((r: any) => r.from[0].namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "monitoring").flatMap((r: any) => r.ports.map((x: any) => `${o.metadata.namespace}:${x.port}`))),
      );
      for (const t of metricsTargets(p)) assert.ok(open.has(`${t.namespace}:${t.portNumber}`), `${t.name} ${t.namespace}:${t.portNumber}`);
    });
  });

  describe("operators", () => {
    it("CloudNativePG in backbone watching only it; ECK in es-cluster managing only it; pinned versions", () => {
      const p = planOf(dev());
      const pg = p.postgres as Extract<BackbonePlan["postgres"], { mode: "in-cluster" }>;
      assert.deepEqual(pg.operator.pin, { chart: "cloudnative-pg", version: "0.29.0", repository: "https://cloudnative-pg.github.io/charts" });
      assert.equal(pg.operator.namespace, "backbone");
      assert.deepEqual((pg.operator.values as any).config, { clusterWide: false });
      assert.equal(p.elasticsearch.operator.namespace, "es-cluster");
      assert.deepEqual((p.elasticsearch.operator.values as any).managedNamespaces, ["es-cluster"]);
      assert.deepEqual((p.elasticsearch.operator.values as any).telemetry, { disabled: true });
      assert.match(p.elasticsearch.operator.pin.version, /^\d+\.\d+\.\d+$/);
    });
  });
});
