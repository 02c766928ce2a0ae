import * as pulumi from "@pulumi/pulumi";
import { selectorLabels } from "../meta";
import { namespaces } from "../namespaces";
import { operationsImages } from "./pins";
import { configMap, deployment, K8sObject, meta, PROMETHEUS_OPERATOR_API, RenderPlace, secret, service, serviceMonitor } from "./objects";
import type { BackboneFacts, BackboneMetricsTarget, ServiceFacts } from "./wiring";
import type { PostgresDialect } from "./postgres-metrics";
import { databaseCaMount, databaseCaVolume } from "../backbone/database-ca";

/**
 * What Prometheus scrapes: every DIGIT service (the OpenTelemetry Java agent's endpoint in its
 * Java services and, through the blackbox exporter, its health path), every backbone part through its exporter, and the public
 * edge's certificate. Plain data; the Monitoring component registers it.
 */

/** The `job` label of each backbone part's series, whoever runs its exporter. */
export const exporterJobs = {
  postgres: "postgres-exporter",
  kafka: "kafka-exporter",
  elasticsearch: "elasticsearch-exporter",
  redis: "redis-exporter",
} as const;
/** job of CloudNativePG's own metrics (the in-cluster database) */
export const cnpgJob = "postgres";
export const blackboxName = "blackbox-exporter";
/** job of the health probes of DIGIT's services; the probed service is the `service` label */
export const healthJob = "digit-health";
/** job of the public edge's TLS probe */
export const edgeJob = "digit-edge";
/** job of MinIO's own metrics endpoint */
export const minioJob = "minio";

export type BackbonePart = keyof BackboneFacts | "minio";

export interface ScrapeInput {
  services: ServiceFacts[];
  /** where the backbone answers: an exporter here covers each part the backbone has no metrics endpoint for */
  backbone: BackboneFacts;
  /** the metrics endpoints the backbone runs itself (Backbone.metrics); default none */
  backboneMetrics?: readonly BackboneMetricsTarget[];
  /** the backbone's credentials the exporters log in with (Pulumi secrets) */
  credentials: {
    postgres?: { username: pulumi.Input<string>; password: pulumi.Input<string> };
    elasticsearch?: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  };
  edge?: { domain: string; tls: boolean; certManager: boolean };
  interval: string;
  place: RenderPlace;
}

export interface ScrapePlan {
  /** exporters' workloads, their ServiceMonitors, the probes (Secrets among them) */
  objects: K8sObject[];
  /** DIGIT service -> its metrics job, whether it is scraped (the Java agent runs in it) and whether its health path is probed */
  services: Record<string, { job: string; metrics: boolean; healthProbe: boolean }>;
  /** backbone part -> the job that scrapes it */
  backbone: Partial<Record<BackbonePart, string>>;
  /** which Postgres metrics are scraped, when any */
  postgres?: { job: string; dialect: PostgresDialect };
  /** every job a query may name */
  jobs: string[];
}

const ns = namespaces.monitoring;

function exporter(
  name: string,
  image: { image: string; tag: string },
  port: number,
  place: RenderPlace,
  opts: { args?: string[]; env?: K8sObject[]; cpu?: string; memory?: string } = {},
): K8sObject[] {
  const ports = [{ name: "metrics", containerPort: port }];
  return [
    deployment(
      { name, namespace: ns, component: "exporter", image, ports, args: opts.args, env: opts.env, cpu: opts.cpu ?? "20m", memory: opts.memory ?? "64Mi", readinessPath: { path: "/", port: "metrics" } },
      place,
    ),
    service(name, ns, "exporter", ports),
  ];
}

const fromSecret = (env: string, name: string, key: string) => ({ name: env, valueFrom: { secretKeyRef: { name, key } } });

/** Mount the database's CA (components/backbone/database-ca.ts) into every container of a pod spec. */
function withDatabaseCa(pod: K8sObject): void {
  pod.volumes = [...(pod.volumes ?? []), databaseCaVolume()];
  for (const c of pod.containers) c.volumeMounts = [...(c.volumeMounts ?? []), databaseCaMount()];
}

function monitorFor(name: string, interval: string, path = "/metrics"): K8sObject {
  return serviceMonitor(name, ns, { namespace: ns, selector: selectorLabels(name), port: "metrics", path, interval });
}

/** The scrape targets and exporters of one stack. */
export function scrapePlan(input: ScrapeInput): ScrapePlan {
  const { backbone: b, place, interval } = input;
  const objects: K8sObject[] = [];
  const backbone: ScrapePlan["backbone"] = {};
  const jobs = new Set<string>();

  // DIGIT's services with metrics (the Java agent's endpoint): one ServiceMonitor each, job = the service's name.
  const services: ScrapePlan["services"] = {};
  for (const s of input.services) {
    if (s.metrics) {
      objects.push(
        serviceMonitor(`digit-${s.name}`, ns, { namespace: s.namespace, selector: selectorLabels(s.name), port: s.metrics.port, path: s.metrics.path, interval }),
      );
      jobs.add(s.name);
    }
    services[s.name] = { job: s.name, metrics: !!s.metrics, healthProbe: !!s.healthPath };
  }

  // The backbone's own metrics endpoints first: its NetworkPolicies admit exactly these.
  const own = new Map((input.backboneMetrics ?? []).map((t) => [t.name, t]));
  for (const t of own.values()) {
    const part = t.name as BackbonePart;
    const job = part === "postgres" ? cnpgJob : part === "minio" ? minioJob : (exporterJobs as Record<string, string>)[part] ?? t.name;
    objects.push({
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: "PodMonitor",
      metadata: meta(`backbone-${t.name}`, ns, "monitoring"),
      spec: {
        namespaceSelector: { matchNames: [t.namespace] },
        selector: { matchLabels: t.selector },
        podMetricsEndpoints: [{ port: t.port, path: t.path, interval, relabelings: [{ action: "replace", targetLabel: "job", replacement: job }] }],
      },
    });
    backbone[part] = job;
  }

  let postgres: ScrapePlan["postgres"] = own.has("postgres") ? { job: cnpgJob, dialect: "cnpg" } : undefined;
  if (b.postgres && !own.has("postgres")) {
    const pg = b.postgres;
    const creds = input.credentials.postgres;
    if (creds) objects.push(secret(exporterJobs.postgres, ns, "exporter", { username: creds.username, password: creds.password }));
    const pgExporter = exporter(exporterJobs.postgres, operationsImages.postgresExporter, 9187, place, {
      env: [
        { name: "DATA_SOURCE_URI", value: pulumi.interpolate`${pg.host}:${pg.port}/${pg.database}?sslmode=${pg.sslMode}${pg.caFile ? `&sslrootcert=${pg.caFile}` : ""}` },
        ...(creds ? [fromSecret("DATA_SOURCE_USER", exporterJobs.postgres, "username"), fromSecret("DATA_SOURCE_PASS", exporterJobs.postgres, "password")] : []),
      ],
    });
    if (pg.caFile) withDatabaseCa(pgExporter.find((o) => o.kind === "Deployment")!.spec.template.spec);
    objects.push(...pgExporter, monitorFor(exporterJobs.postgres, interval));
    backbone.postgres = exporterJobs.postgres;
    postgres = { job: exporterJobs.postgres, dialect: "exporter" };
  }
  if (b.kafka && !own.has("kafka")) {
    objects.push(
      ...exporter(exporterJobs.kafka, operationsImages.kafkaExporter, 9308, place, {
        args: [...b.kafka.bootstrap.split(",").map((s) => `--kafka.server=${s.trim()}`), "--kafka.version=3.6.0"],
      }),
      monitorFor(exporterJobs.kafka, interval),
    );
    backbone.kafka = exporterJobs.kafka;
  }
  if (b.elasticsearch && !own.has("elasticsearch")) {
    const creds = input.credentials.elasticsearch;
    if (creds) objects.push(secret(exporterJobs.elasticsearch, ns, "exporter", { username: creds.username, password: creds.password }));
    objects.push(
      ...exporter(exporterJobs.elasticsearch, operationsImages.elasticsearchExporter, 9114, place, {
        // ECK's CA lives in es-cluster, beyond this namespace: encrypted, not verified (the backbone's own exporter verifies it)
        args: [`--es.uri=${b.elasticsearch.url}`, "--es.timeout=10s", "--es.shards", ...(b.elasticsearch.url.startsWith("https:") ? ["--es.ssl-skip-verify"] : [])],
        env: creds ? [fromSecret("ES_USERNAME", exporterJobs.elasticsearch, "username"), fromSecret("ES_PASSWORD", exporterJobs.elasticsearch, "password")] : [],
      }),
      monitorFor(exporterJobs.elasticsearch, interval),
    );
    backbone.elasticsearch = exporterJobs.elasticsearch;
  }
  if (b.redis && !own.has("redis")) {
    objects.push(
      ...exporter(exporterJobs.redis, operationsImages.redisExporter, 9121, place, { env: [{ name: "REDIS_ADDR", value: `redis://${b.redis.host}:${b.redis.port}` }] }),
      monitorFor(exporterJobs.redis, interval),
    );
    backbone.redis = exporterJobs.redis;
  }
  for (const j of Object.values(backbone)) jobs.add(j!);

  // Health of every service with a health path, whatever its image exposes for metrics.
  const probed = input.services.filter((s) => s.healthPath);
  const probes = probed.length || input.edge;
  if (probes) {
    const ports = [{ name: "http", containerPort: 9115 }];
    objects.push(
      configMap(blackboxName, ns, "exporter", {
        "blackbox.yml": [
          "modules:",
          "  http_2xx:",
          "    prober: http",
          "    timeout: 5s",
          "    http: { preferred_ip_protocol: ip4 }",
          "  tls_connect:",
          "    prober: tcp",
          "    timeout: 5s",
          "    tcp: { tls: true, preferred_ip_protocol: ip4 }",
          "",
        ].join("\n"),
      }),
      deployment(
        {
          name: blackboxName,
          namespace: ns,
          component: "exporter",
          image: operationsImages.blackboxExporter,
          args: ["--config.file=/config/blackbox.yml"],
          ports,
          cpu: "20m",
          memory: "64Mi",
          readinessPath: { path: "/-/healthy", port: "http" },
          volumes: [{ name: "config", configMap: { name: blackboxName } }],
          volumeMounts: [{ name: "config", mountPath: "/config", readOnly: true }],
        },
        place,
      ),
      service(blackboxName, ns, "exporter", ports),
    );
  }
  const prober = { url: `${blackboxName}.${ns}:9115`, path: "/probe" };
  if (probed.length) {
    objects.push({
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: "Probe",
      metadata: meta(healthJob, ns, "monitoring"),
      spec: {
        jobName: healthJob,
        interval,
        module: "http_2xx",
        prober,
        targets: {
          staticConfig: {
            static: probed.map((s) => `http://${s.name}.${s.namespace}:${s.healthPort ?? s.port}${s.healthPath}`),
            labels: { namespace: namespaces.services },
            relabelingConfigs: [{ sourceLabels: ["__param_target"], regex: "https?://([^.:/]+)[.:/].*", targetLabel: "service", replacement: "$1", action: "replace" }],
          },
        },
      },
    });
    jobs.add(healthJob);
  }
  if (input.edge) {
    objects.push({
      apiVersion: PROMETHEUS_OPERATOR_API,
      kind: "Probe",
      metadata: meta(edgeJob, ns, "monitoring"),
      spec: {
        jobName: edgeJob,
        interval: "5m",
        module: input.edge.tls ? "tls_connect" : "http_2xx",
        prober,
        targets: { staticConfig: { static: [input.edge.tls ? `${input.edge.domain}:443` : `http://${input.edge.domain}/`] } },
      },
    });
    jobs.add(edgeJob);
    if (input.edge.certManager)
      objects.push({
        apiVersion: PROMETHEUS_OPERATOR_API,
        kind: "PodMonitor",
        metadata: meta("cert-manager", ns, "monitoring"),
        spec: {
          namespaceSelector: { matchNames: [namespaces.edge] },
          selector: { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } },
          podMetricsEndpoints: [{ port: "http-metrics", interval }],
        },
      });
  }
  return { objects, services, backbone, postgres, jobs: [...jobs].sort() };
}
