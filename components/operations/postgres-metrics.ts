/**
 * Postgres speaks two dialects: CloudNativePG's built-in exporter (the in-cluster database, metric
 * prefix `cnpg_`) and postgres_exporter (an external or managed database, prefix `pg_`). Rules and
 * dashboards ask here for the query in the dialect that is scraped.
 */
export type PostgresDialect = "cnpg" | "exporter";

export interface PostgresQueries {
  /** 1 while the database answers */
  up: string;
  /** connections in use */
  connections: string;
  maxConnections: string;
  /** highest share of max_connections in use on any instance */
  connectionsRatio: string;
  deadlocks: (window: string) => string;
  commitsPerSecond: string;
  sizeBytes: string;
  cacheHitRatio: string;
}

export function postgresQueries(dialect: PostgresDialect, job: string): PostgresQueries {
  const j = `job="${job}"`;
  const p = dialect === "cnpg" ? "cnpg_pg_" : "pg_";
  const hit = `sum(rate(${p}stat_database_blks_hit{${j}}[5m]))`;
  const read = `sum(rate(${p}stat_database_blks_read{${j}}[5m]))`;
  const common = {
    deadlocks: (w: string) => `sum(increase(${p}stat_database_deadlocks{${j}}[${w}]))`,
    commitsPerSecond: `sum by (datname) (rate(${p}stat_database_xact_commit{${j}}[5m]))`,
    sizeBytes: `max by (datname) (${p}database_size_bytes{${j}})`,
    cacheHitRatio: `${hit} / (${hit} + ${read})`,
  };
  return dialect === "cnpg"
    ? {
        ...common,
        up: `cnpg_collector_up{${j}}`,
        connections: `sum(cnpg_backends_total{${j}})`,
        maxConnections: `max(cnpg_pg_settings_setting{${j}, name="max_connections"})`,
        connectionsRatio: `max(sum by (pod) (cnpg_backends_total{${j}}) / on (pod) max by (pod) (cnpg_pg_settings_setting{${j}, name="max_connections"}))`,
      }
    : {
        ...common,
        up: `pg_up{${j}}`,
        connections: `sum(pg_stat_activity_count{${j}})`,
        maxConnections: `max(pg_settings_max_connections{${j}})`,
        connectionsRatio: `sum(pg_stat_activity_count{${j}}) / max(pg_settings_max_connections{${j}})`,
      };
}
