import type * as pulumi from "@pulumi/pulumi";
import type { DigitConfig } from "../../config/schema";
import { ConfigError } from "../../config/errors";
import type { Target } from "../../providers/target";
import { namespaces } from "../namespaces";
import type { BackboneEndpoints } from "./endpoints";
import { elasticsearchPlan, esUserSecret, type ElasticsearchPlan } from "./elasticsearch";
import { kafkaPlan, type KafkaPlan } from "./kafka";
import { minioPlan, minioRootSecret, type MinioPlan } from "./minio";
import { filestoreStorageConfigMap, filestoreStorageData, minioBuckets, storeAccess } from "./objectstore";
import { cnpgOperator, eckOperator, type ChartSpec } from "./operators";
import { meta, type K8sObject, type PodContext } from "./podspec";
import { backupPlan } from "./postgres-backup";
import { databaseSetupPlan, pgAppSecretObject, postgresPlan } from "./postgres";
import { redisPlan } from "./redis";
import { backboneSizing, type BackboneSizing } from "./sizing";
import { staticVolumeKeys, VolumePlanner } from "./storage";
import { postgresMajors, type PostgresMajor } from "./versions";

/** Credentials the backbone uses (components/config/credentials.ts PlatformCredentials); values may be Outputs. */
export interface BackboneCredentials {
  database: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  databaseAdmin?: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  objectStore: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> };
  elasticsearch: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  redis: { password: pulumi.Input<string> };
}

export interface BackboneInputs {
  config: DigitConfig;
  /** what the place offers: storage tiers and static volumes, database, object store, registry */
  target: Pick<Target, "storage" | "database" | "objectStore" | "registry">;
  credentials: BackboneCredentials;
  endpoints: BackboneEndpoints;
  /** Kafka's cluster id (22-character base64 of 16 random bytes), generated once per stack */
  kafkaClusterId: pulumi.Input<string>;
}

/** What the backbone consists of, as plain Kubernetes objects and chart specs. */
export interface BackbonePlan {
  sizing: BackboneSizing;
  postgres:
    | { mode: "in-cluster"; operator: ChartSpec; secrets: K8sObject[]; cluster: K8sObject; objects: K8sObject[] }
    | { mode: "external"; setup: K8sObject[] };
  /** logical backups and the restore path (namespace egov), when enabled */
  backup?: K8sObject[];
  kafka: KafkaPlan;
  elasticsearch: ElasticsearchPlan & { operator: ChartSpec; secrets: K8sObject[] };
  redis: K8sObject[];
  objectStore: {
    mode: Target["objectStore"]["mode"];
    minio?: MinioPlan & { secrets: K8sObject[] };
    /** egov-filestore's bucket settings known only at deploy time (namespace egov), when any */
    filestore: K8sObject[];
  };
}

/** The server's PostgreSQL major: a managed server's from the target's config, else digit:backbone.postgres.version. */
function serverMajor(config: DigitConfig, inCluster: boolean, sizing: BackboneSizing): number {
  if (inCluster) return Number(sizing.postgres.major);
  const t = config.target;
  if (t.kind === "aws" || t.kind === "azure" || t.kind === "gcp") {
    const v = t.database?.version;
    if (v) return Number(/([0-9]+)/.exec(v)![1]);
    return t.kind === "azure" ? 16 : 15;
  }
  return Number(sizing.postgres.major);
}

/** pg_dump refuses a newer server, and a newer pg_dump writes SQL an older server may not take: match the major. */
function clientMajor(server: number): PostgresMajor | undefined {
  const supported = postgresMajors.map(Number);
  if (server > Math.max(...supported)) return undefined;
  return String(Math.max(server, Math.min(...supported))) as PostgresMajor;
}

function secret(name: string, namespace: string, component: string, type: string, data: Record<string, pulumi.Input<string>>): K8sObject {
  return { apiVersion: "v1", kind: "Secret", metadata: meta(name, namespace, component), type, stringData: data };
}

/**
 * Config and the target's offers -> the backbone to build. Every config problem (static volumes
 * too small, unknown or unusable; an unsupported PostgreSQL major) is thrown as one ConfigError
 * before anything is registered.
 */
export function planBackbone(i: BackboneInputs): BackbonePlan {
  const { config, target, credentials, endpoints } = i;
  const sizing = backboneSizing(config);
  const ctx: PodContext = { mirror: target.registry.mirror, pullSecretName: target.registry.pullSecretName, highAvailability: sizing.highAvailability };
  const volumes = new VolumePlanner(target.storage, staticVolumeKeys(config));
  const problems: string[] = [];

  const db = target.database;
  let postgres: BackbonePlan["postgres"];
  if (db.mode === "in-cluster") {
    const pg = postgresPlan(sizing.postgres, ctx, volumes, endpoints.postgres.database, credentials.database.username);
    postgres = {
      mode: "in-cluster",
      operator: cnpgOperator(ctx),
      secrets: [pgAppSecretObject(credentials.database.username, credentials.database.password)],
      ...pg,
    };
  } else {
    let setup: K8sObject[] = [];
    if (db.createDatabase) {
      if (!credentials.databaseAdmin) throw new Error("the target asks for DIGIT's database to be created, but no admin login reached the backbone: pass PlatformCredentials.databaseAdmin");
      setup = databaseSetupPlan(
        {
          host: db.host,
          port: db.port,
          sslMode: db.sslMode,
          caFile: endpoints.postgres.caFile,
          database: db.database,
          major: clientMajor(serverMajor(config, false, sizing)) ?? postgresMajors[postgresMajors.length - 1],
          admin: credentials.databaseAdmin,
          role: credentials.database,
        },
        ctx,
      );
    }
    postgres = { mode: "external", setup };
    for (const k of Object.keys(target.storage.staticVolumes).filter((k) => /^postgres-[0-9]+$/.test(k)))
      volumes.rejectStatic(k, "the database is external (digit:target.database.mode), so no Postgres runs in the cluster");
  }

  let backup: K8sObject[] | undefined;
  if (sizing.postgres.backup.enabled) {
    const server = serverMajor(config, db.mode === "in-cluster", sizing);
    const major = clientMajor(server);
    if (!major)
      problems.push(
        `digit:backbone.postgres.backup: the database runs PostgreSQL ${server}, newer than the backup client the platform pins (${postgresMajors.join(", ")}); set enabled: false and back up with the server's own tools`,
      );
    else
      backup = backupPlan(
        {
          host: endpoints.postgres.host,
          port: endpoints.postgres.port,
          database: endpoints.postgres.database,
          sslMode: endpoints.postgres.sslMode,
          caFile: endpoints.postgres.caFile,
          major,
          schedule: sizing.postgres.backup.schedule,
          retentionDays: sizing.postgres.backup.retentionDays,
          store: storeAccess(target.objectStore, { minioBucket: config.backbone.objectStore?.bucket }),
        },
        ctx,
      ).objects;
  }

  const kafka = kafkaPlan(sizing.kafka, ctx, volumes, i.kafkaClusterId);
  const es = elasticsearchPlan(sizing.elasticsearch, ctx, volumes);
  const elasticsearch = {
    ...es,
    operator: eckOperator(ctx),
    secrets: [
      secret(esUserSecret, namespaces.elasticsearch, "search", "kubernetes.io/basic-auth", {
        username: credentials.elasticsearch.username,
        password: credentials.elasticsearch.password,
        roles: "superuser",
      }),
    ],
  };

  const os = target.objectStore;
  const objectStore: BackbonePlan["objectStore"] = { mode: os.mode, filestore: [] };
  if (os.mode === "minio") {
    const m = minioPlan(sizing.minio, ctx, volumes, minioBuckets(config.backbone.objectStore?.bucket));
    objectStore.minio = {
      ...m,
      secrets: [
        secret(minioRootSecret.name, namespaces.backbone, "object-store", "Opaque", {
          [minioRootSecret.user]: credentials.objectStore.accessKey,
          [minioRootSecret.password]: credentials.objectStore.secretKey,
        }),
      ],
    };
  } else {
    for (const k of Object.keys(target.storage.staticVolumes).filter((k) => /^minio-[0-9]+$/.test(k)))
      volumes.rejectStatic(k, `the object store is ${os.mode} (digit:target.objectStore.mode), so no MinIO runs in the cluster`);
    const data = filestoreStorageData(os);
    if (data)
      objectStore.filestore.push({ apiVersion: "v1", kind: "ConfigMap", metadata: meta(filestoreStorageConfigMap, namespaces.services, "object-store"), data });
  }

  problems.push(...volumes.problems, ...volumes.unused());
  if (problems.length) throw new ConfigError(problems);

  return { sizing, postgres, backup, kafka, elasticsearch, redis: redisPlan(sizing.redis, ctx, credentials.redis.password), objectStore };
}
