import { namespaces } from "../namespaces";
import { K8sObject, meta, PROMETHEUS_OPERATOR_API } from "./objects";
import { edgeJob, exporterJobs, healthJob } from "./scrape";
import { PostgresDialect, postgresQueries } from "./postgres-metrics";

/**
 * DIGIT's alert rules, beside the Kubernetes rules kube-prometheus-stack ships. Every expression
 * is PromQL that tests parse; every job it names is one the scrape plan creates.
 */
export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  severity: "warning" | "critical";
  summary: string;
  description: string;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** Namespaces whose workloads DIGIT depends on: its services and its backbone. */
const digitNamespaces = [namespaces.services, namespaces.backbone, namespaces.kafka, namespaces.elasticsearch, namespaces.edge].join("|");

/**
 * Names the OpenTelemetry Java agent exports in DIGIT's Java services, as its Prometheus exporter
 * spells them (vendor/opentelemetry-java-agent/agent.json; the test checks each against it).
 */
export const agentMetrics = {
  requests: "http_server_request_duration_seconds",
  status: "http_response_status_code",
  heapUsed: "jvm_memory_used_bytes",
  heapLimit: "jvm_memory_limit_bytes",
  memoryType: "jvm_memory_type",
  gc: "jvm_gc_duration_seconds",
  threads: "jvm_thread_count",
  cpu: "jvm_cpu_recent_utilization",
  dbConnections: "db_client_connections_usage",
} as const;

export interface RulesInput {
  /** DIGIT services Prometheus scrapes (the Java agent runs in them); default none */
  scraped?: readonly string[];
  /** which exporters run (a managed database still has its exporter) */
  backbone: Partial<Record<"postgres" | "kafka" | "elasticsearch" | "redis" | "minio", string>>;
  /** which Postgres metrics are scraped (ScrapePlan.postgres) */
  postgres?: { job: string; dialect: PostgresDialect };
  healthProbes: boolean;
  edgeProbe: boolean;
  certManager: boolean;
}

export function ruleGroups(input: RulesInput): RuleGroup[] {
  const svc = `namespace="${namespaces.services}"`;
  const scraped = input.scraped ?? [];
  const m = agentMetrics;
  const groups: RuleGroup[] = [
    {
      name: "digit-services",
      rules: [
        {
          alert: "DigitServiceDown",
          expr: `kube_deployment_status_replicas_available{${svc}} == 0`,
          for: "5m",
          severity: "critical",
          summary: "DIGIT service {{ $labels.deployment }} has no available pod",
          description: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had 0 available replicas for 5 minutes.",
        },
        ...(input.healthProbes
          ? [
              {
                alert: "DigitServiceUnhealthy",
                expr: `probe_success{job="${healthJob}"} == 0`,
                for: "5m",
                severity: "critical" as const,
                summary: "DIGIT service {{ $labels.service }} fails its health check",
                description: "{{ $labels.instance }} has not answered its health path with 2xx for 5 minutes.",
              },
            ]
          : []),
        {
          alert: "DigitPodCrashLooping",
          expr: `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", namespace=~"${digitNamespaces}"}[5m]) >= 1`,
          for: "10m",
          severity: "warning",
          summary: "{{ $labels.namespace }}/{{ $labels.pod }} is crash looping",
          description: "Container {{ $labels.container }} of {{ $labels.pod }} has been in CrashLoopBackOff for 10 minutes.",
        },
        {
          alert: "DigitPodRestarting",
          expr: `increase(kube_pod_container_status_restarts_total{namespace=~"${digitNamespaces}"}[30m]) > 3`,
          for: "0m",
          severity: "warning",
          summary: "{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 3 times in 30 minutes",
          description: "Container {{ $labels.container }} restarts repeatedly (OOM kills or failing probes).",
        },
        {
          alert: "DigitPodNotReady",
          expr: `sum by (namespace, pod) (kube_pod_status_ready{${svc}, condition="false"}) == 1`,
          for: "10m",
          severity: "warning",
          summary: "{{ $labels.namespace }}/{{ $labels.pod }} fails its readiness probe",
          description: "The pod has not been ready for 10 minutes: its readiness probe fails, so it gets no traffic.",
        },
        ...(scraped.length
          ? [
              {
                alert: "DigitMetricsTargetDown",
                expr: `up{${svc}, job=~"${scraped.join("|")}"} == 0`,
                for: "10m",
                severity: "warning" as const,
                summary: "Metrics of {{ $labels.job }} ({{ $labels.pod }}) cannot be scraped",
                description: "Prometheus cannot read the Java agent's endpoint of {{ $labels.instance }}: the pod is gone, hung, or the agent did not start.",
              },
              {
                alert: "DigitHighErrorRate",
                expr:
                  `sum by (job) (rate(${m.requests}_count{${svc}, ${m.status}=~"5.."}[5m]))` +
                  ` / sum by (job) (rate(${m.requests}_count{${svc}}[5m])) > 0.05`,
                for: "10m",
                severity: "warning" as const,
                summary: "{{ $labels.job }} answers more than 5% of requests with 5xx",
                description: "The 5xx share of {{ $labels.job }} has stayed at {{ $value | humanizePercentage }} for 10 minutes.",
              },
              {
                alert: "DigitHighLatency",
                expr: `histogram_quantile(0.95, sum by (job, le) (rate(${m.requests}_bucket{${svc}}[5m]))) > 2`,
                for: "15m",
                severity: "warning" as const,
                summary: "{{ $labels.job }} takes more than 2 s for 5% of requests",
                description: "The 95th percentile latency of {{ $labels.job }} is {{ $value | humanizeDuration }}.",
              },
              {
                alert: "DigitJvmHeapFull",
                expr: `sum by (job) (${m.heapUsed}{${svc}, ${m.memoryType}="heap"}) / sum by (job) (${m.heapLimit}{${svc}, ${m.memoryType}="heap"} > 0) > 0.9`,
                for: "15m",
                severity: "warning" as const,
                summary: "{{ $labels.job }} uses more than 90% of its heap",
                description: "Heap use of {{ $labels.job }} is {{ $value | humanizePercentage }}; expect GC pauses and OOM kills.",
              },
            ]
          : []),
      ],
    },
    {
      name: "digit-storage",
      rules: [
        {
          alert: "DigitVolumeFillingUp",
          expr: `kubelet_volume_stats_available_bytes{namespace=~"${digitNamespaces}|${namespaces.monitoring}|${namespaces.logging}"} / kubelet_volume_stats_capacity_bytes < 0.15`,
          for: "15m",
          severity: "warning",
          summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than 85% full",
          description: "{{ $value | humanizePercentage }} of the volume is free.",
        },
        {
          alert: "DigitVolumeFullIn24h",
          expr: `predict_linear(kubelet_volume_stats_available_bytes{namespace=~"${digitNamespaces}"}[6h], 24 * 3600) < 0 and kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.4`,
          for: "1h",
          severity: "critical",
          summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} fills up within a day",
          description: "At the last 6 hours' rate the volume runs out of space within 24 hours.",
        },
      ],
    },
  ];

  const backbone: AlertRule[] = [];
  const b = input.backbone;
  if (input.postgres) {
    const q = postgresQueries(input.postgres.dialect, input.postgres.job);
    backbone.push(
      {
        alert: "DigitPostgresDown",
        expr: `${q.up} == 0 or absent(${q.up})`,
        for: "5m",
        severity: "critical",
        summary: "DIGIT's Postgres is unreachable",
        description: "No metrics say the database every DIGIT service uses is up.",
      },
      {
        alert: "DigitPostgresConnectionsHigh",
        expr: `${q.connectionsRatio} > 0.8`,
        for: "10m",
        severity: "warning",
        summary: "Postgres uses more than 80% of max_connections",
        description: "{{ $value | humanizePercentage }} of connections are in use; DIGIT's pools will start to wait.",
      },
      {
        alert: "DigitPostgresDeadlocks",
        expr: `${q.deadlocks("10m")} > 5`,
        for: "0m",
        severity: "warning",
        summary: "Postgres reports deadlocks",
        description: "{{ $value }} deadlocks in the last 10 minutes.",
      },
    );
  }
  if (b.kafka)
    backbone.push(
      {
        alert: "DigitKafkaConsumerLag",
        expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{job="${exporterJobs.kafka}"}) > 1000`,
        for: "15m",
        severity: "warning",
        summary: "Consumer group {{ $labels.consumergroup }} lags on {{ $labels.topic }}",
        description: "{{ $value }} messages are waiting: a persister or indexer is stuck or too slow.",
      },
      {
        alert: "DigitKafkaBrokersDown",
        expr: `kafka_brokers{job="${exporterJobs.kafka}"} < 1 or absent(kafka_brokers{job="${exporterJobs.kafka}"})`,
        for: "5m",
        severity: "critical",
        summary: "Kafka is unreachable",
        description: "No Kafka broker answers the exporter.",
      },
    );
  if (b.elasticsearch)
    backbone.push(
      {
        alert: "DigitElasticsearchRed",
        expr: `elasticsearch_cluster_health_status{job="${exporterJobs.elasticsearch}", color="red"} == 1`,
        for: "5m",
        severity: "critical",
        summary: "Elasticsearch cluster health is red",
        description: "At least one primary shard is unassigned: searches and indexing of DIGIT's data fail.",
      },
      {
        alert: "DigitElasticsearchYellow",
        expr: `elasticsearch_cluster_health_status{job="${exporterJobs.elasticsearch}", color="yellow"} == 1`,
        for: "30m",
        severity: "warning",
        summary: "Elasticsearch cluster health is yellow",
        description: "Replica shards are unassigned: one more node lost loses data.",
      },
      {
        alert: "DigitElasticsearchDiskFull",
        expr: `elasticsearch_filesystem_data_available_bytes{job="${exporterJobs.elasticsearch}"} / elasticsearch_filesystem_data_size_bytes < 0.15`,
        for: "15m",
        severity: "warning",
        summary: "Elasticsearch node {{ $labels.name }} has less than 15% disk left",
        description: "Above the high watermark Elasticsearch stops allocating shards to the node.",
      },
    );
  if (b.redis)
    backbone.push({
      alert: "DigitRedisDown",
      expr: `redis_up{job="${exporterJobs.redis}"} == 0`,
      for: "5m",
      severity: "critical",
      summary: "Redis is unreachable",
      description: "DIGIT's caches (redis.backbone) do not answer the exporter.",
    });
  const exporters = Object.values(b).filter((j): j is string => !!j);
  if (exporters.length)
    backbone.push({
      alert: "DigitBackboneMetricsDown",
      expr: `up{job=~"${exporters.join("|")}"} == 0`,
      for: "10m",
      severity: "warning",
      summary: "Backbone metrics {{ $labels.job }} cannot be scraped",
      description: "The backbone metrics of {{ $labels.job }} are missing; its other alerts cannot fire.",
    });
  if (backbone.length) groups.push({ name: "digit-backbone", rules: backbone });

  const certs: AlertRule[] = [];
  if (input.edgeProbe)
    certs.push({
      alert: "DigitCertificateExpiring",
      expr: `(probe_ssl_earliest_cert_expiry{job="${edgeJob}"} - time()) / 86400 < 14`,
      for: "1h",
      severity: "warning",
      summary: "The certificate of {{ $labels.instance }} expires in less than 14 days",
      description: "It expires in {{ $value | humanize }} days; renew it (cert-manager) or replace digit:edge.tls.certificate.",
    });
  if (input.certManager)
    certs.push({
      alert: "DigitCertificateNotRenewed",
      expr: `(certmanager_certificate_expiration_timestamp_seconds - time()) / 86400 < 7`,
      for: "1h",
      severity: "critical",
      summary: "cert-manager has not renewed {{ $labels.namespace }}/{{ $labels.name }}",
      description: "It expires in {{ $value | humanize }} days; check the Certificate's events and the ACME challenge.",
    });
  if (certs.length) groups.push({ name: "digit-certificates", rules: certs });
  return groups;
}

/** The rules as one PrometheusRule object. */
export function prometheusRule(groups: RuleGroup[]): K8sObject {
  return {
    apiVersion: PROMETHEUS_OPERATOR_API,
    kind: "PrometheusRule",
    metadata: meta("digit-alerts", namespaces.monitoring, "monitoring"),
    spec: {
      groups: groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({
          alert: r.alert,
          expr: r.expr,
          for: r.for,
          labels: { severity: r.severity, "part-of": "digit" },
          annotations: { summary: r.summary, description: r.description },
        })),
      })),
    },
  };
}
