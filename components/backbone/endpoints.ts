import * as pulumi from "@pulumi/pulumi";
import type { DatabaseOffer } from "../../providers/target";
import { namespaces } from "../namespaces";
import { databaseCa } from "./database-ca";

/** Where DIGIT's services find the backbone; the values egov-config carries. */
export interface BackboneEndpoints {
  /** caFile: where pods find the CA that verifies the server (sslMode verify-full); default none */
  postgres: { host: pulumi.Input<string>; port: number; database: string; sslMode: string; caFile?: string };
  /** bootstrap servers, comma separated */
  kafkaBrokers: string;
  /** host[:port] without scheme (DIGIT's es-host) and the indexer URL (DIGIT's es-indexer-host) */
  elasticsearch: { host: string; url: string };
  redis: { host: string; port: number };
  /** in-cluster object store URL when MinIO runs, for egov-service-host's minio-url */
  minioUrl?: string;
}

/** The in-cluster Service names of the backbone; the backbone components create exactly these. */
export const backboneServiceNames = {
  postgres: "postgres",
  kafka: "kafka",
  elasticsearch: "elasticsearch",
  redis: "redis",
  /** Redis without a password, for the DIGIT clients whose code cannot send one (components/services/redis-clients.ts) */
  redisCache: "redis-cache",
  minio: "minio",
} as const;

/** Endpoints from the target's database offer and the in-cluster naming convention. */
export function backboneEndpoints(database: DatabaseOffer, minio: boolean): BackboneEndpoints {
  const n = backboneServiceNames;
  const postgres =
    database.mode === "external"
      ? {
          host: database.host,
          port: database.port,
          database: database.database,
          sslMode: database.sslMode,
          ...(database.sslMode === "verify-full" && database.caCertificate ? { caFile: databaseCa.file } : {}),
        }
      : // CloudNativePG serves TLS on every instance (its own CA): DIGIT's JDBC clients encrypt, without verifying the CA.
        { host: `${n.postgres}.${namespaces.backbone}`, port: 5432, database: "egov", sslMode: "require" };
  return {
    postgres,
    kafkaBrokers: `${n.kafka}.${namespaces.kafka}:9092`,
    // ECK serves HTTPS with its own CA (components/backbone/elasticsearch.ts), as DIGIT 2.9 LTS's env expects.
    elasticsearch: { host: `${n.elasticsearch}.${namespaces.elasticsearch}`, url: `https://${n.elasticsearch}.${namespaces.elasticsearch}:9200/` },
    // DIGIT's services hard-code redis.backbone (SPRING_REDIS_HOST), so this name is fixed.
    redis: { host: `${n.redis}.${namespaces.backbone}`, port: 6379 },
    minioUrl: minio ? `http://${n.minio}.${namespaces.backbone}:9000/` : undefined,
  };
}

/** JDBC URL for DIGIT's Spring services and its Flyway migrations. */
export function jdbcUrl(pg: BackboneEndpoints["postgres"]): pulumi.Output<string> {
  const ssl = pg.sslMode === "disable" ? "" : `?sslmode=${pg.sslMode}${pg.caFile ? `&sslrootcert=${pg.caFile}` : ""}`;
  return pulumi.interpolate`jdbc:postgresql://${pg.host}:${pg.port}/${pg.database}${ssl}`;
}
