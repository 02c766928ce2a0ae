import * as pulumi from "@pulumi/pulumi";
import { BackboneEndpoints, jdbcUrl } from "../backbone/endpoints";
import type { Catalog } from "../services/catalog/types";
import { catalogLts } from "../services/catalog/lts";

export interface EgovConfigInputs {
  domain: string;
  stateTenantId: string;
  endpoints: BackboneEndpoints;
  /** SMS gateway configured (digit:services.egov-notification-sms) */
  smsEnabled: boolean;
  /** the public URL's scheme: http only when digit:edge.tls is `none` */
  scheme?: "https" | "http";
}

/**
 * Where eGov's LTS images keep their migrations: every `-db` image copies its DDL to /flyway/sql
 * and some their seed data to /flyway/seed (vendor/egov/service-facts.yaml). eGov's egov-config
 * also lists /flyway/qa, which holds QA demo accounts with a shared published password (egov-user's
 * qa/V20170425163119__user_insert_users.sql): never on a state's database.
 */
export const flywayLocations = "filesystem:/flyway/sql,filesystem:/flyway/seed";

/**
 * egov-config as the platform sets it: every key eGov's configmaps release provides, with the
 * platform's endpoints, domain and tenant, and eGov's values elsewhere except where
 * components/services/catalog/deviations.ts says otherwise. SharedConfig keeps the keys the
 * deployed services read. Nothing secret belongs here: credentials live in Secrets.
 */
export function egovConfigData(i: EgovConfigInputs, catalog: Pick<Catalog, "egovConfig"> = catalogLts): Record<string, pulumi.Input<string>> {
  const url = `${i.scheme ?? "https"}://${i.domain}/`;
  const pg = i.endpoints.postgres;
  const placed: Record<string, pulumi.Input<string>> = {
    "db-host": pg.host,
    "db-name": pg.database,
    "db-url": jdbcUrl(pg),
    domain: i.domain,
    "egov-services-fqdn-name": url,
    "egov-state-level-tenant-id": i.stateTenantId,
    "state-level-tenant-id": i.stateTenantId,
    "host-map": `{'${i.stateTenantId}':'${i.domain}/'}`,
    "es-host": i.endpoints.elasticsearch.host,
    "es-indexer-host": i.endpoints.elasticsearch.url,
    "kafka-brokers": i.endpoints.kafkaBrokers,
    "kafka-infra-brokers": i.endpoints.kafkaBrokers,
    "flyway-locations": flywayLocations,
    // DIGIT sends SMS only once the state has given its gateway's credentials.
    "sms-enabled": String(i.smsEnabled),
    // eGov logs every SQL statement: citizens' data would end up in the logs.
    "spring-jpa-show-sql": "false",
  };
  return { ...catalog.egovConfig, ...placed };
}

/**
 * egov-service-host: service -> in-cluster URL, for the services deployed and read. eGov's
 * value is kept where it already names the service in namespace egov (some end without a slash,
 * the services append their paths as eGov runs them); the ones eGov points at a namespace
 * `staging` that its LTS deployment does not have are pointed at egov.
 */
export function serviceHostData(
  services: Array<{ name: string; namespace: string; port?: number }>,
  egov: Readonly<Record<string, string>> = {},
  minioUrl?: string,
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const s of [...services].sort((a, b) => a.name.localeCompare(b.name))) {
    const ours = `http://${s.name}.${s.namespace}:${s.port ?? 8080}/`;
    const theirs = egov[s.name];
    data[s.name] = theirs && theirs.replace(/\/$/, "") === ours.replace(/\/$/, "") ? theirs : ours;
  }
  if (minioUrl) data["minio-url"] = minioUrl;
  return data;
}
