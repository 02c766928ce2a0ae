/**
 * Which backbone parts a service uses, read from the env eGov's chart gives it (container and
 * DB-migration init container):
 * - postgres: a DB migration, an egov-config db-url/db-host/db-name, or Secret db;
 * - kafka: egov-config kafka-brokers/kafka-infra-brokers;
 * - elasticsearch: egov-config es-host/es-indexer-host, or Secret elasticsearch-credentials;
 * - redis: a variable named *REDIS* or a literal naming host `redis` (eGov hard-codes redis.backbone);
 * - objectStore: Secret egov-filestore (the object store credentials).
 */
import { BackbonePart, backboneParts, EnvSpec, ServiceSpec } from "./types";

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
  "elasticsearch-credentials": "elasticsearch",
  "egov-filestore": "objectStore",
};

const redisHost = /(^|[^a-z0-9-])redis([.:]|$)/i;

function partOf(e: EnvSpec): BackbonePart | undefined {
  if ("configMap" in e && e.configMap === "egov-config") return configKeyParts[e.key];
  if ("secret" in e) return secretParts[e.secret];
  if (/REDIS/i.test(e.name) || ("value" in e && redisHost.test(e.value))) return "redis";
  return undefined;
}

function because(e: EnvSpec, where: string): string {
  if ("configMap" in e) return `${e.name}${where} reads ${e.configMap}/${e.key}`;
  if ("secret" in e) return `${e.name}${where} reads Secret ${e.secret}/${e.key}`;
  if ("value" in e) return `${e.name}${where} is ${JSON.stringify(e.value)}`;
  return e.name;
}

export interface NeedReason {
  part: BackbonePart;
  /** the first thing that shows the need, e.g. `EGOV_INFRA_INDEXER_HOST reads egov-config/es-indexer-host` */
  because: string;
}

type ServiceShape = Pick<ServiceSpec, "env" | "dbMigration">;

/** Backbone parts the service uses, each with the first reason found, in backboneParts order. */
export function backboneNeedReasons(spec: ServiceShape): NeedReason[] {
  const found = new Map<BackbonePart, string>();
  if (spec.dbMigration) found.set("postgres", `DB migration ${spec.dbMigration.image}:${spec.dbMigration.tag}`);
  const env: Array<[EnvSpec, string]> = [...spec.env.map((e): [EnvSpec, string] => [e, ""]), ...(spec.dbMigration?.env ?? []).map((e): [EnvSpec, string] => [e, " of the DB migration"])];
  for (const [e, where] of env) {
    const part = partOf(e);
    if (part && !found.has(part)) found.set(part, because(e, where));
  }
  return backboneParts.filter((p) => found.has(p)).map((part) => ({ part, because: found.get(part)! }));
}

/** Backbone parts the service uses, in backboneParts order. */
export function backboneNeeds(spec: ServiceShape): BackbonePart[] {
  return backboneNeedReasons(spec).map((n) => n.part);
}
