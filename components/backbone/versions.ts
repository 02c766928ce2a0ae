import type { ChartPin } from "../charts";

/**
 * Every image and chart of the backbone, pinned. Images go through the target's registry mirror
 * (components/images.ts imageRef); charts through components/charts.ts (chartRepository mirror).
 * Upgrading one is a one-line change here, reviewed in the plan's diff.
 */
export const backboneImages = {
  /** CloudNativePG's PostgreSQL operand images, one per supported major (also the pg_dump/psql of backups) */
  postgres: {
    "15": { image: "ghcr.io/cloudnative-pg/postgresql", tag: "15.14-standard-trixie" },
    "16": { image: "ghcr.io/cloudnative-pg/postgresql", tag: "16.10-standard-trixie" },
    "17": { image: "ghcr.io/cloudnative-pg/postgresql", tag: "17.6-standard-trixie" },
  },
  cnpgOperator: { image: "ghcr.io/cloudnative-pg/cloudnative-pg", tag: "1.30.0" },
  // Kafka 3.9 is the last line whose brokers still accept clients older than 2.1 (KIP-896 removed them in 4.0).
  kafka: { image: "docker.io/apache/kafka", tag: "3.9.1" },
  kafkaExporter: { image: "docker.io/danielqsj/kafka-exporter", tag: "v1.9.0" },
  elasticsearch: { image: "docker.elastic.co/elasticsearch/elasticsearch", tag: "8.19.18" },
  kibana: { image: "docker.elastic.co/kibana/kibana", tag: "8.19.18" },
  eckOperator: { image: "docker.elastic.co/eck/eck-operator", tag: "3.5.0" },
  elasticsearchExporter: { image: "quay.io/prometheuscommunity/elasticsearch-exporter", tag: "v1.8.0" },
  redis: { image: "docker.io/library/redis", tag: "7.2.7" },
  redisExporter: { image: "docker.io/oliver006/redis_exporter", tag: "v1.62.0" },
  minio: { image: "quay.io/minio/minio", tag: "RELEASE.2025-04-22T22-12-26Z" },
  /** one client for every object store (S3, MinIO, Azure Blob, GCS, a local/NFS path): backups and bucket creation */
  rclone: { image: "docker.io/rclone/rclone", tag: "1.71.0" },
} as const;

export type PostgresMajor = keyof typeof backboneImages.postgres;
export const postgresMajors = Object.keys(backboneImages.postgres) as PostgresMajor[];
/** Same major as the AWS target's RDS default, so a dump moves between the two. */
export const defaultPostgresMajor: PostgresMajor = "15";

export const backboneCharts = {
  cloudnativePg: { chart: "cloudnative-pg", version: "0.29.0", repository: "https://cloudnative-pg.github.io/charts" },
  eckOperator: { chart: "eck-operator", version: "3.5.0", repository: "https://helm.elastic.co" },
} as const satisfies Record<string, ChartPin>;
