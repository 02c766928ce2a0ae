/**
 * Types of the DIGIT service catalog: what a DIGIT release consists of, as data. The data file
 * (v2.9.ts) is generated from DIGIT's fact table by tools/import-catalog.ts; the functions in
 * this folder read it and never touch the network or the file system.
 */
import type { ModuleName } from "../../../config/modules";

export type { ModuleName };

/** Modules of DIGIT's release chart that the platform provides itself (its backbone and edge). */
export type PlatformModuleName = "backbone" | "authn-authz";
export type CatalogModuleName = ModuleName | PlatformModuleName;

/** Backbone parts a service can use. */
export type BackbonePart = "postgres" | "kafka" | "elasticsearch" | "redis" | "objectStore";
export const backboneParts: readonly BackbonePart[] = ["postgres", "kafka", "elasticsearch", "redis", "objectStore"];

/**
 * Why a reference may stay unresolved. An optional ConfigMap/Secret reference is rendered with
 * `optional: true`, so the pod starts without the variable; the wiring check lists it as a gap,
 * not as an error. An optional literal names a host that may not exist (DIGIT hard-codes it).
 */
export type OptionalReason = string;

/** One environment variable, exactly one source. */
export type EnvSpec =
  | { name: string; value: string; optional?: OptionalReason }
  | { name: string; configMap: string; key: string; optional?: OptionalReason }
  | { name: string; secret: string; key: string; optional?: OptionalReason }
  | { name: string; field: string };

export type LiteralEnv = Extract<EnvSpec, { value: string }>;
export type ConfigMapEnv = Extract<EnvSpec, { configMap: string }>;
export type SecretEnv = Extract<EnvSpec, { secret: string }>;
export type FieldEnv = Extract<EnvSpec, { field: string }>;

/** Flyway init container: image `<service image>-db`, same tag, its own schema-history table. */
export interface DbMigrationSpec {
  image: string;
  tag: string;
  schemaTable: string;
}

/** Public route of a service. */
export interface IngressSpec {
  /** context path, e.g. `/user` */
  path: string;
  /** true: the route goes to DIGIT's gateway (zuul), which authenticates and forwards; false: straight to the service */
  zuul: boolean;
}

export interface HealthSpec {
  liveness: string;
  readiness: string;
}

/**
 * DIGIT's chart adds the `commonEnv.javaSpring` variables to `java-spring` services only. Absent:
 * no app-type env (xstate-chatbot is Node; dashboard-analytics/-ingest are Java started without it).
 */
export type AppType = "java-spring";

export interface ServiceSpec {
  /** Deployment/Service name, also the key in egov-service-host */
  name: string;
  module: ModuleName;
  namespace: "egov";
  /** `egovio/<name>`; a target's registry mirror replaces the `egovio` prefix */
  image: string;
  tag: string;
  /** DIGIT's Helm chart the facts come from (provenance) */
  chart: string;
  dbMigration?: DbMigrationSpec;
  ingress?: IngressSpec;
  health?: HealthSpec;
  replicas: number;
  appType?: AppType;
  /** memory limit (= request) in MiB */
  memoryMiB: number;
  /** -Xmx of DIGIT's values, MiB (informational: see heap.ts for the heap the platform sets) */
  heapMiB?: number;
  /** DIGIT's chart adds `commonEnv.tracing` */
  tracing: boolean;
  /** the service's own env, in DIGIT's order (common env comes from `commonEnv`) */
  env: EnvSpec[];
  /** services reached through egov-service-host keys */
  callsServices: string[];
  /** egov-config keys read by the service's own env */
  usesConfig: string[];
  /** `<secret>/<key>` read by the service's own env */
  usesSecrets: string[];
  /** backbone parts used, by the rule in needs.ts (own env, common env, DB migration) */
  needs: BackbonePart[];
  /** where the data differs from DIGIT's fact table, and facts a deployer must know */
  notes?: string[];
}

export interface ModuleSpec {
  name: CatalogModuleName;
  dependsOn: CatalogModuleName[];
  /** true for backbone and authn-authz: the platform runs its own, none of their charts are used */
  providedByPlatform: boolean;
  services: ServiceSpec[];
}

/** An entry of DIGIT's release chart that is not deployed as a DIGIT service. */
export interface ExcludedEntry {
  name: string;
  module: CatalogModuleName;
  reason: string;
}

export interface ConfigMapFacts {
  /** namespaces DIGIT copies the ConfigMap into */
  namespaces: string[];
  keys: string[];
}

export interface Catalog {
  version: string;
  source: { repository: string; commit: string };
  modules: ModuleSpec[];
  excluded: ExcludedEntry[];
  commonEnv: {
    /** added to every `java-spring` service */
    javaSpring: EnvSpec[];
    /** added to every traced service; `<service-name>` stands for the service's name */
    tracing: EnvSpec[];
    /** the DB-migration init container; SCHEMA_TABLE's empty value stands for the service's schemaTable */
    dbMigration: EnvSpec[];
  };
  configMaps: { "egov-config": ConfigMapFacts; "egov-service-host": ConfigMapFacts };
  /** Secret name -> keys the services read (never values) */
  secrets: Record<string, string[]>;
}

/** DIGIT's chart conventions for every service (README of the fact table, common chart). */
export const chartConventions = {
  port: 8080,
  probe: { initialDelaySeconds: 30, timeoutSeconds: 3, failureThreshold: 5 },
  preStopSleepSeconds: 10,
  /** DIGIT's common chart default `memory_limits`, used when a service's values set none */
  defaultMemoryMiB: 512,
  registryPrefix: "egovio",
} as const;
