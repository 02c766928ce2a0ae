import * as pulumi from "@pulumi/pulumi";
import { BackboneEndpoints, jdbcUrl } from "../backbone/endpoints";

export interface EgovConfigInputs {
  domain: string;
  stateTenantId: string;
  endpoints: BackboneEndpoints;
  /** bucket DIGIT's UI assets are served from */
  assetsBucket: pulumi.Input<string>;
  /** SMS gateway configured (digit:services.egov-notification-sms) */
  smsEnabled: boolean;
  /** the public URL's scheme: http only when digit:edge.tls is `none` */
  scheme?: "https" | "http";
}

/**
 * The data of DIGIT's `egov-config` ConfigMap: every key DIGIT v2.9's services read (the catalog's
 * list), endpoints from the backbone. Nothing secret belongs here: credentials live in Secrets.
 */
export function egovConfigData(i: EgovConfigInputs): Record<string, pulumi.Input<string>> {
  return {
    "db-host": i.endpoints.postgres.host,
    "db-name": i.endpoints.postgres.database,
    "db-url": jdbcUrl(i.endpoints.postgres),
    domain: i.domain,
    "egov-bnd-freedownload-tenants": "",
    "egov-bnd-live-citizen-tenants": "",
    "egov-services-fqdn-name": `${i.scheme ?? "https"}://${i.domain}/`,
    "egov-state-level-tenant-id": i.stateTenantId,
    "es-host": i.endpoints.elasticsearch.host,
    "es-indexer-host": i.endpoints.elasticsearch.url,
    "flyway-locations": "filesystem:/flyway/migration/main",
    "kafka-brokers": i.endpoints.kafkaBrokers,
    "kafka-infra-brokers": i.endpoints.kafkaBrokers,
    "logging-level-jdbc": "ERROR",
    "mobile-validation-workaround": "false",
    "s3-assets-bucket": i.assetsBucket,
    "serializers-timezone-in-ist": "true",
    "server-tomcat-max-connections": "500",
    "server-tomcat-max-threads": "10",
    "sms-enabled": String(i.smsEnabled),
    "spring-datasource-tomcat-initialSize": "1",
    "spring-datasource-tomcat-max-active": "5",
    "spring-jpa-show-sql": "false",
    timezone: "Asia/Kolkata",
    "tracer-errors-provideexceptionindetails": "false",
  };
}

/** egov-service-host: service name -> in-cluster URL, for the services really deployed. */
export function serviceHostData(services: Array<{ name: string; namespace: string; port?: number }>, minioUrl?: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const s of [...services].sort((a, b) => a.name.localeCompare(b.name)))
    data[s.name] = `http://${s.name}.${s.namespace}:${s.port ?? 8080}/`;
  if (minioUrl) data["minio-url"] = minioUrl;
  return data;
}
