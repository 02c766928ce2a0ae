/**
 * Which backbone parts a service uses, read from the env it is deployed with (its own, the common
 * app-type and tracing env, the DB-migration env):
 * - postgres: a DB migration, or egov-config db-url/db-host/db-name, or Secret db;
 * - kafka: egov-config kafka-brokers/kafka-infra-brokers;
 * - elasticsearch: egov-config es-host/es-indexer-host, or Secret elasticsearch-master-credentials;
 * - redis: a variable named *REDIS* or a literal naming host `redis` (DIGIT hard-codes redis.backbone);
 * - objectStore: Secret egov-filestore (the object store credentials).
 * Every java-spring service gets the datasource and Kafka env of DIGIT's common chart, so it
 * needs postgres and kafka even when its own env does not mention them (egov-persister does).
 */
import { containerEnvWithOrigin, describeEnv, migrationEnvWithOrigin, OriginEnv } from "./env";
import { backboneParts, BackbonePart, Catalog, ServiceSpec } from "./types";

const configKeyParts: Record<string, BackbonePart> = {
  "db-url": "postgres",
  "db-host": "postgres",
  "db-name": "postgres",
  "kafka-brokers": "kafka",
  "kafka-infra-brokers": "kafka",
  "es-host": "elasticsearch",
  "es-indexer-host": "elasticsearch",
};

const secretParts: Record<string, BackbonePart> = {
  db: "postgres",
  "elasticsearch-master-credentials": "elasticsearch",
  "egov-filestore": "objectStore",
};

const redisHost = /(^|[^a-z0-9-])redis([.:]|$)/i;

function partOf(e: OriginEnv): BackbonePart | undefined {
  if ("configMap" in e && e.configMap === "egov-config") return configKeyParts[e.key];
  if ("secret" in e) return secretParts[e.secret];
  if (/REDIS/i.test(e.name) || ("value" in e && redisHost.test(e.value))) return "redis";
  return undefined;
}

function because(e: OriginEnv): string {
  if ("configMap" in e) return `${describeEnv(e)} reads ${e.configMap}/${e.key}`;
  if ("secret" in e) return `${describeEnv(e)} reads Secret ${e.secret}/${e.key}`;
  if ("value" in e) return `${describeEnv(e)} is ${JSON.stringify(e.value)}`;
  return describeEnv(e);
}

export interface NeedReason {
  part: BackbonePart;
  /** the first thing that shows the need, e.g. `EGOV_INFRA_INDEXER_HOST reads egov-config/es-indexer-host` */
  because: string;
}

type ServiceShape = Pick<ServiceSpec, "name" | "appType" | "tracing" | "env" | "dbMigration">;

/** Backbone parts the service uses, each with the first reason found, in backboneParts order. */
export function backboneNeedReasons(spec: ServiceShape, catalog: Catalog): NeedReason[] {
  const found = new Map<BackbonePart, string>();
  if (spec.dbMigration) found.set("postgres", `DB migration ${spec.dbMigration.image}:${spec.dbMigration.tag}`);
  const env = [...containerEnvWithOrigin(spec, catalog), ...(migrationEnvWithOrigin(spec, catalog) ?? [])];
  for (const e of env) {
    const part = partOf(e);
    if (part && !found.has(part)) found.set(part, because(e));
  }
  return backboneParts.filter((p) => found.has(p)).map((part) => ({ part, because: found.get(part)! }));
}

/** Backbone parts the service uses, in backboneParts order. */
export function backboneNeeds(spec: ServiceShape, catalog: Catalog): BackbonePart[] {
  return backboneNeedReasons(spec, catalog).map((n) => n.part);
}
