/**
 * The env a service container and its DB-migration init container get, as DIGIT's common chart
 * composes it: app-type env (java-spring), then tracing env, then the service's own env. A later
 * entry with the same name replaces an earlier one (its value wins, the first position is kept),
 * so the list never holds duplicate names.
 */
import type { Catalog, EnvSpec, ServiceSpec } from "./types";

/** Where an env entry comes from, for messages. */
export type EnvOrigin = "own" | "java-spring" | "tracing" | "db-migration";
export type OriginEnv = EnvSpec & { origin: EnvOrigin };

type ServiceShape = Pick<ServiceSpec, "name" | "appType" | "tracing" | "env" | "dbMigration">;

/** Last value wins, first position kept: config overrides catalog env without duplicate names. */
export function mergeEnv<T extends { name: string }>(env: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const e of env) last.set(e.name, e);
  const out: T[] = [];
  for (const e of env) {
    const winner = last.get(e.name);
    if (winner === undefined) continue;
    out.push(winner);
    last.delete(e.name);
  }
  return out;
}

function tagged(env: readonly EnvSpec[], origin: EnvOrigin): OriginEnv[] {
  return env.map((e) => ({ ...e, origin }));
}

/** Common tracing env with DIGIT's `<service-name>` placeholder filled in. */
function tracingEnv(catalog: Catalog, name: string): EnvSpec[] {
  return catalog.commonEnv.tracing.map((e) => ("value" in e && e.value === "<service-name>" ? { ...e, value: name } : e));
}

/** The main container's env, with each entry's origin. */
export function containerEnvWithOrigin(spec: ServiceShape, catalog: Catalog): OriginEnv[] {
  return mergeEnv([
    ...(spec.appType === "java-spring" ? tagged(catalog.commonEnv.javaSpring, "java-spring") : []),
    ...(spec.tracing ? tagged(tracingEnv(catalog, spec.name), "tracing") : []),
    ...tagged(spec.env, "own"),
  ]);
}

/** The DB-migration init container's env (SCHEMA_TABLE filled in), or undefined without a migration. */
export function migrationEnvWithOrigin(spec: ServiceShape, catalog: Catalog): OriginEnv[] | undefined {
  const m = spec.dbMigration;
  if (!m) return undefined;
  return tagged(
    catalog.commonEnv.dbMigration.map((e) => ("value" in e && e.name === "SCHEMA_TABLE" ? { ...e, value: m.schemaTable } : e)),
    "db-migration",
  );
}

const strip = (env: OriginEnv[]): EnvSpec[] => env.map(({ origin: _origin, ...e }) => e as EnvSpec);

/** The main container's complete env. */
export function containerEnv(spec: ServiceShape, catalog: Catalog): EnvSpec[] {
  return strip(containerEnvWithOrigin(spec, catalog));
}

/** The DB-migration init container's complete env, or undefined. */
export function migrationEnv(spec: ServiceShape, catalog: Catalog): EnvSpec[] | undefined {
  const env = migrationEnvWithOrigin(spec, catalog);
  return env && strip(env);
}

/** How an env entry is described in messages, e.g. `SPRING_DATASOURCE_URL of the common java-spring env`. */
export function describeEnv(e: OriginEnv): string {
  switch (e.origin) {
    case "own":
      return e.name;
    case "db-migration":
      return `${e.name} of the DB-migration init container`;
    default:
      return `${e.name} of the common ${e.origin} env`;
  }
}
