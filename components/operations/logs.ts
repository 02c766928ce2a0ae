import YAML from "yaml";
import { imageRef } from "../images";
import { selectorLabels, standardLabels } from "../meta";
import { namespaces } from "../namespaces";
import { operationsImages } from "./pins";
import { configMap, deployment, K8sObject, meta, RenderPlace, service, serviceMonitor } from "./objects";
import type { LogsSettings } from "./settings";

/**
 * Logs: Grafana Alloy on every node tails every pod's log files and pushes them to Loki (single
 * binary, filesystem storage, retention from config), which Grafana queries. Plain objects; the
 * Logs component registers them.
 */
export const lokiName = "loki";
export const alloyName = "alloy";
const ns = namespaces.logging;

/** Loki 3.x, one process, TSDB index on its volume; the compactor deletes what is past retention. */
export function lokiConfig(retentionDays: number): Record<string, unknown> {
  return {
    auth_enabled: false,
    server: { http_listen_port: 3100, grpc_listen_port: 9095 },
    common: {
      path_prefix: "/var/loki",
      replication_factor: 1,
      ring: { kvstore: { store: "inmemory" } },
      storage: { filesystem: { chunks_directory: "/var/loki/chunks", rules_directory: "/var/loki/rules" } },
    },
    schema_config: { configs: [{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } }] },
    limits_config: { retention_period: `${retentionDays * 24}h`, reject_old_samples: true, reject_old_samples_max_age: "168h" },
    compactor: { working_directory: "/var/loki/compactor", retention_enabled: true, delete_request_store: "filesystem", compaction_interval: "10m" },
    analytics: { reporting_enabled: false },
  };
}

/**
 * Alloy's pipeline: pods on this node (the API server filters by node name), their log files
 * under /var/log/pods, the CRI format parsed, labels namespace/pod/container/app.
 */
export function alloyConfig(): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("NODE_NAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  stage.cri {}
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "http://${lokiName}.${ns}:3100/loki/api/v1/push"
  }
}
`;
}

export interface LogsInput {
  logs: LogsSettings;
  highAvailability: boolean;
  storageClass?: string;
  place: RenderPlace;
  monitored: boolean;
  interval: string;
}

export function logsObjects(input: LogsInput): K8sObject[] {
  const l = input.logs;
  const lokiPorts = [
    { name: "http", containerPort: 3100 },
    { name: "grpc", containerPort: 9095 },
  ];
  const lokiPod = deployment(
    {
      name: lokiName,
      namespace: ns,
      component: "logs",
      image: operationsImages.loki,
      args: ["-config.file=/etc/loki/loki.yaml", "-target=all"],
      ports: lokiPorts,
      cpu: input.highAvailability ? "250m" : "100m",
      memory: input.highAvailability ? "1Gi" : "512Mi",
      readinessPath: { path: "/ready", port: "http" },
      volumes: [{ name: "config", configMap: { name: lokiName } }],
      volumeMounts: [
        { name: "config", mountPath: "/etc/loki", readOnly: true },
        { name: "data", mountPath: "/var/loki" },
      ],
    },
    input.place,
  ).spec.template;

  const objects: K8sObject[] = [
    configMap(lokiName, ns, "logs", { "loki.yaml": YAML.stringify(lokiConfig(l.retentionDays), { lineWidth: 0 }) }),
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta(lokiName, ns, "logs"),
      spec: {
        serviceName: lokiName,
        replicas: 1,
        selector: { matchLabels: selectorLabels(lokiName) },
        template: lokiPod,
        volumeClaimTemplates: [
          {
            metadata: { name: "data", labels: standardLabels(lokiName, "logs") },
            spec: {
              accessModes: ["ReadWriteOnce"],
              ...(input.storageClass ? { storageClassName: input.storageClass } : {}),
              resources: { requests: { storage: l.storage } },
            },
          },
        ],
      },
    },
    service(lokiName, ns, "logs", lokiPorts),
    ...alloyObjects(input.place),
  ];
  if (input.monitored)
    objects.push(
      serviceMonitor(lokiName, namespaces.monitoring, { namespace: ns, selector: selectorLabels(lokiName), port: "http", path: "/metrics", interval: input.interval }),
      serviceMonitor(alloyName, namespaces.monitoring, { namespace: ns, selector: selectorLabels(alloyName), port: "http", path: "/metrics", interval: input.interval }),
    );
  return objects;
}

function alloyObjects(place: RenderPlace): K8sObject[] {
  const ports = [{ name: "http", containerPort: 12345 }];
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(alloyName, ns, "logs") },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: meta(`digit-${alloyName}`, undefined, "logs"),
      rules: [{ apiGroups: [""], resources: ["pods", "nodes", "namespaces"], verbs: ["get", "list", "watch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: meta(`digit-${alloyName}`, undefined, "logs"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `digit-${alloyName}` },
      subjects: [{ kind: "ServiceAccount", name: alloyName, namespace: ns }],
    },
    configMap(alloyName, ns, "logs", { "config.alloy": alloyConfig() }),
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta(alloyName, ns, "logs"),
      spec: {
        selector: { matchLabels: selectorLabels(alloyName) },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels: standardLabels(alloyName, "logs") },
          spec: {
            serviceAccountName: alloyName,
            ...(place.pullSecretName ? { imagePullSecrets: [{ name: place.pullSecretName }] } : {}),
            // Control-plane and tainted nodes run pods too; their logs are collected as well.
            tolerations: [{ operator: "Exists" }],
            containers: [
              {
                name: alloyName,
                image: imageRef(operationsImages.alloy.image, operationsImages.alloy.tag, place.mirror),
                imagePullPolicy: "IfNotPresent",
                args: ["run", "/etc/alloy/config.alloy", "--server.http.listen-addr=0.0.0.0:12345", "--storage.path=/var/lib/alloy/data"],
                env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
                ports: ports.map((p) => ({ ...p, protocol: "TCP" })),
                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                // The pods' log files belong to root on the node: read-only root, nothing else.
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"], add: ["DAC_READ_SEARCH"] } },
                volumeMounts: [
                  { name: "config", mountPath: "/etc/alloy", readOnly: true },
                  { name: "varlog", mountPath: "/var/log", readOnly: true },
                  { name: "data", mountPath: "/var/lib/alloy/data" },
                ],
              },
            ],
            volumes: [
              { name: "config", configMap: { name: alloyName } },
              { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
              { name: "data", emptyDir: {} },
            ],
          },
        },
      },
    },
    service(alloyName, ns, "logs", ports),
  ];
}
