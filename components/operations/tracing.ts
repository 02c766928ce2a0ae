import YAML from "yaml";
import { selectorLabels, standardLabels } from "../meta";
import { namespaces } from "../namespaces";
import { operationsImages } from "./pins";
import { configMap, deployment, K8sObject, meta, RenderPlace, service, serviceMonitor } from "./objects";
import type { TracingSettings } from "./settings";
import { collectorName } from "./wiring";

/**
 * Distributed tracing: an OpenTelemetry collector that receives the Java agent's OTLP (4317/4318)
 * and what Jaeger clients send (compact thrift over UDP 6831, HTTP 14268), exporting to Tempo over
 * OTLP; Grafana queries Tempo. Sampling happens in the services (wiring.ts), so the collector
 * serves no sampling strategy. With monitoring on, Tempo's metrics-generator writes the service
 * graph and span metrics to Prometheus (remote write), which Grafana's service map reads. Plain
 * objects; the Tracing component registers them.
 */
export const tempoName = "tempo";
const ns = namespaces.monitoring;

export const collectorPorts = [
  { name: "jaeger-compact", containerPort: 6831, protocol: "UDP" as const },
  { name: "jaeger-http", containerPort: 14268 },
  { name: "otlp-grpc", containerPort: 4317 },
  { name: "otlp-http", containerPort: 4318 },
  { name: "metrics", containerPort: 8888 },
  { name: "health", containerPort: 13133 },
];

/** The collector's configuration (collector-contrib 0.123). */
export function collectorConfig(): Record<string, unknown> {
  return {
    receivers: {
      jaeger: { protocols: { thrift_compact: { endpoint: "0.0.0.0:6831" }, thrift_http: { endpoint: "0.0.0.0:14268" } } },
      otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } },
    },
    extensions: { health_check: { endpoint: "0.0.0.0:13133" } },
    processors: {
      memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
      batch: {},
    },
    exporters: {
      "otlp/tempo": { endpoint: `${tempoName}.${ns}:4317`, tls: { insecure: true } },
    },
    service: {
      extensions: ["health_check"],
      telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } }] } },
      pipelines: { traces: { receivers: ["jaeger", "otlp"], processors: ["memory_limiter", "batch"], exporters: ["otlp/tempo"] } },
    },
  };
}

/** Where Tempo's metrics-generator writes: Prometheus' remote-write receiver (kube-prometheus-stack, fullname `kps`). */
export const prometheusRemoteWrite = `http://kps-prometheus.${ns}:9090/api/v1/write`;

/**
 * Tempo (single binary, local storage) with the retention from config; with `serviceGraph`, its
 * metrics-generator derives the service graph and span metrics and remote-writes them to Prometheus.
 */
export function tempoConfig(retention: string, serviceGraph = false): Record<string, unknown> {
  return {
    server: { http_listen_port: 3200 },
    distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" } } } } },
    compactor: { compaction: { block_retention: retention } },
    storage: { trace: { backend: "local", wal: { path: "/var/tempo/wal" }, local: { path: "/var/tempo/blocks" } } },
    ...(serviceGraph
      ? {
          metrics_generator: {
            registry: { external_labels: { source: "tempo" } },
            storage: { path: "/var/tempo/generator/wal", remote_write: [{ url: prometheusRemoteWrite, send_exemplars: true }] },
            traces_storage: { path: "/var/tempo/generator/traces" },
          },
          overrides: { defaults: { metrics_generator: { processors: ["service-graphs", "span-metrics"] } } },
        }
      : {}),
  };
}

export interface TracingInput {
  tracing: TracingSettings;
  /** StorageClass of Tempo's volume; undefined = the cluster's default */
  storageClass?: string;
  place: RenderPlace;
  /** ServiceMonitors for the collector and Tempo (the monitoring stack runs) */
  monitored: boolean;
  interval: string;
}

export function tracingObjects(input: TracingInput): K8sObject[] {
  const t = input.tracing;
  const objects: K8sObject[] = [
    configMap(collectorName, ns, "tracing", { "config.yaml": YAML.stringify(collectorConfig(), { lineWidth: 0 }) }),
    deployment(
      {
        name: collectorName,
        namespace: ns,
        component: "tracing",
        image: operationsImages.otelCollector,
        args: ["--config=/etc/otelcol/config.yaml"],
        ports: collectorPorts,
        replicas: t.collectorReplicas,
        cpu: "100m",
        memory: "256Mi",
        readinessPath: { path: "/", port: "health" },
        volumes: [{ name: "config", configMap: { name: collectorName } }],
        volumeMounts: [{ name: "config", mountPath: "/etc/otelcol", readOnly: true }],
      },
      input.place,
    ),
    service(collectorName, ns, "tracing", collectorPorts),
    configMap(tempoName, ns, "tracing", { "tempo.yaml": YAML.stringify(tempoConfig(t.retention, input.monitored), { lineWidth: 0 }) }),
    tempoStatefulSet(t, input),
    service(tempoName, ns, "tracing", [
      { name: "http", containerPort: 3200 },
      { name: "otlp-grpc", containerPort: 4317 },
    ]),
  ];
  if (input.monitored)
    objects.push(
      serviceMonitor(collectorName, ns, { namespace: ns, selector: selectorLabels(collectorName), port: "metrics", path: "/metrics", interval: input.interval }),
      serviceMonitor(tempoName, ns, { namespace: ns, selector: selectorLabels(tempoName), port: "http", path: "/metrics", interval: input.interval }),
    );
  return objects;
}

function tempoStatefulSet(t: TracingSettings, input: TracingInput): K8sObject {
  const pod = deployment(
    {
      name: tempoName,
      namespace: ns,
      component: "tracing",
      image: operationsImages.tempo,
      args: ["-config.file=/etc/tempo/tempo.yaml"],
      ports: [
        { name: "http", containerPort: 3200 },
        { name: "otlp-grpc", containerPort: 4317 },
      ],
      cpu: "100m",
      memory: t.tempoMemory,
      readinessPath: { path: "/ready", port: "http" },
      volumes: [{ name: "config", configMap: { name: tempoName } }],
      volumeMounts: [
        { name: "config", mountPath: "/etc/tempo", readOnly: true },
        { name: "data", mountPath: "/var/tempo" },
      ],
    },
    input.place,
  ).spec.template;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(tempoName, ns, "tracing"),
    spec: {
      serviceName: tempoName,
      replicas: 1,
      selector: { matchLabels: selectorLabels(tempoName) },
      template: pod,
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: standardLabels(tempoName, "tracing") },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(input.storageClass ? { storageClassName: input.storageClass } : {}),
            resources: { requests: { storage: t.storage } },
          },
        },
      ],
    },
  };
}
