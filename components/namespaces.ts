/**
 * Where each part of the platform runs. DIGIT's services read `redis.backbone`,
 * `egov-service-host` URLs of the form http://<svc>.egov:8080/ and so on, so these names are
 * DIGIT's own and are not configurable.
 */
export const namespaces = {
  /** DIGIT's services */
  services: "egov",
  /** Postgres, Redis, MinIO */
  backbone: "backbone",
  /** Kafka (KRaft) */
  kafka: "kafka-kraft",
  /** Elasticsearch and Kibana */
  elasticsearch: "es-cluster",
  /** ingress / gateway and certificates */
  edge: "digit-edge",
  /** Prometheus, Grafana, Alertmanager, tracing */
  monitoring: "monitoring",
  /** log collection and store */
  logging: "logging",
} as const;

export type NamespaceRole = keyof typeof namespaces;
