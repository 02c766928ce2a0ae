import type { K8sObject } from "./podspec";

/**
 * The external database's CA certificate (digit:target.database.caCertificate, with sslMode
 * verify-full): a ConfigMap `digit-db-ca` in every namespace the platform creates (a CA
 * certificate is public), mounted read-only wherever a pod connects to the database. pgjdbc reads
 * it from the JDBC URL's `sslrootcert`, libpq (psql, pg_dump, postgres_exporter) from
 * PGSSLROOTCERT or the URI's `sslrootcert`.
 */
export const databaseCa = {
  configMap: "digit-db-ca",
  key: "ca.crt",
  volume: "db-ca",
  dir: "/etc/digit/db-ca",
  file: "/etc/digit/db-ca/ca.crt",
} as const;

export function databaseCaVolume(): K8sObject {
  return { name: databaseCa.volume, configMap: { name: databaseCa.configMap, items: [{ key: databaseCa.key, path: databaseCa.key }] } };
}

export function databaseCaMount(): K8sObject {
  return { name: databaseCa.volume, mountPath: databaseCa.dir, readOnly: true };
}

/** libpq's environment for a verified connection. */
export function libpqCaEnv(caFile: string | undefined): K8sObject[] {
  return caFile ? [{ name: "PGSSLROOTCERT", value: caFile }] : [];
}
