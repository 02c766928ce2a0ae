import { namespaces } from "../namespaces";
import { K8sObject, meta } from "./objects";
import { exporterJobs, healthJob } from "./scrape";
import { agentMetrics as m } from "./rules";
import { PostgresDialect, postgresQueries } from "./postgres-metrics";

/**
 * Grafana dashboards for DIGIT, as code: each is a ConfigMap Grafana's sidecar loads (label
 * `grafana_dashboard`), in the folder "DIGIT". Queries name only jobs the scrape plan creates.
 */
export interface Dashboard {
  uid: string;
  title: string;
  json: Record<string, unknown>;
}

const DS = { type: "prometheus", uid: "prometheus" };

interface PanelSpec {
  title: string;
  exprs: Array<{ expr: string; legend: string }>;
  unit?: string;
  type?: "timeseries" | "stat";
}

function panels(specs: PanelSpec[]): Record<string, unknown>[] {
  return specs.map((p, i) => ({
    id: i + 1,
    type: p.type ?? "timeseries",
    title: p.title,
    datasource: DS,
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: { defaults: { unit: p.unit ?? "short" }, overrides: [] },
    options: p.type === "stat" ? { reduceOptions: { calcs: ["lastNotNull"] } } : { legend: { displayMode: "list", placement: "bottom" } },
    targets: p.exprs.map((e, j) => ({ refId: String.fromCharCode(65 + j), datasource: DS, expr: e.expr, legendFormat: e.legend })),
  }));
}

function dashboard(uid: string, title: string, specs: PanelSpec[], variables: Record<string, unknown>[] = []): Dashboard {
  return {
    uid,
    title,
    json: {
      uid,
      title,
      tags: ["digit"],
      timezone: "browser",
      schemaVersion: 39,
      version: 1,
      editable: false,
      refresh: "1m",
      time: { from: "now-6h", to: "now" },
      templating: { list: variables },
      panels: panels(specs),
    },
  };
}

/** A fixed list of DIGIT's deployed services: the dashboards offer exactly what is scraped. */
function serviceVariable(services: string[]): Record<string, unknown> {
  return {
    name: "service",
    label: "service",
    type: "custom",
    query: services.join(","),
    multi: true,
    includeAll: true,
    allValue: services.join("|"),
    current: { text: "All", value: "$__all" },
    options: [],
  };
}

export interface DashboardInput {
  /** DIGIT services Prometheus scrapes (the Java agent runs in them) */
  services: string[];
  backbone: Partial<Record<"postgres" | "kafka" | "elasticsearch" | "redis" | "minio", string>>;
  /** which Postgres metrics are scraped (ScrapePlan.postgres) */
  postgres?: { job: string; dialect: PostgresDialect };
  healthProbes: boolean;
}

export function dashboards(input: DashboardInput): Dashboard[] {
  const out: Dashboard[] = [];
  const sel = `namespace="${namespaces.services}", job=~"$service"`;
  const vars = [serviceVariable(input.services)];
  if (input.services.length) {
    out.push(
      dashboard(
        "digit-services",
        "DIGIT / Services",
        [
          { title: "Requests per second", unit: "reqps", exprs: [{ expr: `sum by (job) (rate(${m.requests}_count{${sel}}[5m]))`, legend: "{{job}}" }] },
          {
            title: "5xx share",
            unit: "percentunit",
            exprs: [
              {
                expr: `sum by (job) (rate(${m.requests}_count{${sel}, ${m.status}=~"5.."}[5m])) / sum by (job) (rate(${m.requests}_count{${sel}}[5m]))`,
                legend: "{{job}}",
              },
            ],
          },
          {
            title: "Mean latency",
            unit: "s",
            exprs: [{ expr: `sum by (job) (rate(${m.requests}_sum{${sel}}[5m])) / sum by (job) (rate(${m.requests}_count{${sel}}[5m]))`, legend: "{{job}}" }],
          },
          { title: "95th percentile latency", unit: "s", exprs: [{ expr: `histogram_quantile(0.95, sum by (job, le) (rate(${m.requests}_bucket{${sel}}[5m])))`, legend: "{{job}}" }] },
          ...(input.healthProbes
            ? [{ title: "Health check", type: "stat" as const, exprs: [{ expr: `probe_success{job="${healthJob}", service=~"$service"}`, legend: "{{service}}" }] }]
            : []),
          { title: "Scrape target up", type: "stat", exprs: [{ expr: `up{${sel}}`, legend: "{{job}} {{pod}}" }] },
        ],
        vars,
      ),
      dashboard(
        "digit-jvm",
        "DIGIT / JVM",
        [
          { title: "Heap used", unit: "bytes", exprs: [{ expr: `sum by (job) (${m.heapUsed}{${sel}, ${m.memoryType}="heap"})`, legend: "{{job}}" }] },
          {
            title: "Heap used / max",
            unit: "percentunit",
            exprs: [{ expr: `sum by (job) (${m.heapUsed}{${sel}, ${m.memoryType}="heap"}) / sum by (job) (${m.heapLimit}{${sel}, ${m.memoryType}="heap"} > 0)`, legend: "{{job}}" }],
          },
          { title: "GC pause time per second", unit: "s", exprs: [{ expr: `sum by (job) (rate(${m.gc}_sum{${sel}}[5m]))`, legend: "{{job}}" }] },
          { title: "Live threads", exprs: [{ expr: `sum by (job) (${m.threads}{${sel}})`, legend: "{{job}}" }] },
          { title: "Process CPU", unit: "percentunit", exprs: [{ expr: `avg by (job) (${m.cpu}{${sel}})`, legend: "{{job}}" }] },
          { title: "DB pool connections in use", exprs: [{ expr: `sum by (job) (${m.dbConnections}{${sel}, state="used"})`, legend: "{{job}}" }] },
        ],
        vars,
      ),
    );
  }
  const b = input.backbone;
  if (b.kafka) {
    const k = `job="${exporterJobs.kafka}"`;
    out.push(
      dashboard("digit-kafka", "DIGIT / Kafka", [
        { title: "Consumer lag by group and topic", exprs: [{ expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{${k}})`, legend: "{{consumergroup}} {{topic}}" }] },
        { title: "Messages produced per second", unit: "short", exprs: [{ expr: `sum by (topic) (rate(kafka_topic_partition_current_offset{${k}}[5m]))`, legend: "{{topic}}" }] },
        { title: "Brokers", type: "stat", exprs: [{ expr: `kafka_brokers{${k}}`, legend: "brokers" }] },
        { title: "Under-replicated partitions", type: "stat", exprs: [{ expr: `sum(kafka_topic_partition_under_replicated_partition{${k}})`, legend: "partitions" }] },
      ]),
    );
  }
  if (b.elasticsearch) {
    const e = `job="${exporterJobs.elasticsearch}"`;
    out.push(
      dashboard("digit-elasticsearch", "DIGIT / Elasticsearch", [
        { title: "Cluster health (1 = this colour)", type: "stat", exprs: [{ expr: `elasticsearch_cluster_health_status{${e}}`, legend: "{{color}}" }] },
        { title: "Nodes", type: "stat", exprs: [{ expr: `elasticsearch_cluster_health_number_of_nodes{${e}}`, legend: "nodes" }] },
        {
          title: "Shards",
          exprs: [
            { expr: `elasticsearch_cluster_health_active_shards{${e}}`, legend: "active" },
            { expr: `elasticsearch_cluster_health_unassigned_shards{${e}}`, legend: "unassigned" },
          ],
        },
        { title: "JVM heap used", unit: "percentunit", exprs: [{ expr: `elasticsearch_jvm_memory_used_bytes{${e}, area="heap"} / elasticsearch_jvm_memory_max_bytes{${e}, area="heap"}`, legend: "{{name}}" }] },
        { title: "Disk free", unit: "percentunit", exprs: [{ expr: `elasticsearch_filesystem_data_available_bytes{${e}} / elasticsearch_filesystem_data_size_bytes{${e}}`, legend: "{{name}}" }] },
        { title: "Indexing rate", unit: "short", exprs: [{ expr: `sum(rate(elasticsearch_indices_indexing_index_total{${e}}[5m]))`, legend: "docs/s" }] },
      ]),
    );
  }
  if (input.postgres || b.redis) {
    const r = `job="${exporterJobs.redis}"`;
    const q = input.postgres ? postgresQueries(input.postgres.dialect, input.postgres.job) : undefined;
    out.push(
      dashboard("digit-database", "DIGIT / Database and cache", [
        ...(q
          ? [
              { title: "Postgres up", type: "stat" as const, exprs: [{ expr: q.up, legend: "{{pod}}" }] },
              {
                title: "Connections",
                exprs: [
                  { expr: q.connections, legend: "in use" },
                  { expr: q.maxConnections, legend: "max" },
                ],
              },
              { title: "Transactions per second", exprs: [{ expr: q.commitsPerSecond, legend: "{{datname}}" }] },
              { title: "Database size", unit: "bytes", exprs: [{ expr: q.sizeBytes, legend: "{{datname}}" }] },
              { title: "Cache hit ratio", unit: "percentunit", exprs: [{ expr: q.cacheHitRatio, legend: "hit ratio" }] },
              { title: "Deadlocks", exprs: [{ expr: q.deadlocks("10m"), legend: "deadlocks" }] },
            ]
          : []),
        ...(b.redis
          ? [
              { title: "Redis up", type: "stat" as const, exprs: [{ expr: `redis_up{${r}}`, legend: "up" }] },
              { title: "Redis memory", unit: "bytes", exprs: [{ expr: `redis_memory_used_bytes{${r}}`, legend: "used" }] },
              { title: "Redis commands per second", exprs: [{ expr: `rate(redis_commands_processed_total{${r}}[5m])`, legend: "commands" }] },
              { title: "Redis clients", exprs: [{ expr: `redis_connected_clients{${r}}`, legend: "clients" }] },
            ]
          : []),
      ]),
    );
  }
  return out;
}

/** One ConfigMap per dashboard, in the monitoring namespace where Grafana's sidecar looks. */
export function dashboardConfigMaps(list: Dashboard[]): K8sObject[] {
  return list.map((d) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(`dashboard-${d.uid}`, namespaces.monitoring, "dashboard", {
      labels: { ...meta(`dashboard-${d.uid}`, undefined, "dashboard").labels, grafana_dashboard: "1" },
      annotations: { grafana_folder: "DIGIT" },
    }),
    data: { [`${d.uid}.json`]: JSON.stringify(d.json, null, 1) },
  }));
}
