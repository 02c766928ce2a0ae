import type { StorageOffer } from "../../providers/target";
import { lokiName } from "./logs";
import type { AlertingSettings, MonitoringSettings } from "./settings";
import { tempoName } from "./tracing";
import type { RenderPlace } from "./objects";
import { namespaces } from "../namespaces";

/** The Secrets the chart reads instead of rendering its own (their values never reach a manifest). */
export const grafanaAdminSecret = "grafana-admin";
export const alertmanagerConfigSecret = "alertmanager-digit";

export interface KubePrometheusInput {
  monitoring: MonitoringSettings;
  alerting?: AlertingSettings;
  /** data sources Grafana gets beside Prometheus */
  logs: boolean;
  tracing: boolean;
  storage: StorageOffer;
  place: RenderPlace;
}

/**
 * Values of kube-prometheus-stack (keys as in its values.yaml). Prometheus picks up every
 * ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in the cluster, not only the
 * chart's. Control-plane components a managed cluster hides (etcd, scheduler, controller manager,
 * kube-proxy) are not scraped, so their absence raises no alert. The admission webhook is off: its
 * certificate Jobs are Helm hooks, and the rules are checked by the tests instead.
 */
export function kubePrometheusValues(input: KubePrometheusInput): Record<string, unknown> {
  const m = input.monitoring;
  const mirrorHost = input.place.mirror?.split("/")[0];
  const pullSecrets = input.place.pullSecretName ? [{ name: input.place.pullSecretName }] : [];
  const datasources: Record<string, unknown>[] = [];
  if (input.logs)
    datasources.push({ name: "Loki", type: "loki", uid: "loki", access: "proxy", url: `http://${lokiName}.${namespaces.logging}:3100` });
  if (input.tracing)
    datasources.push({
      name: "Tempo",
      type: "tempo",
      uid: "tempo",
      access: "proxy",
      url: `http://${tempoName}.${namespaces.monitoring}:3200`,
      jsonData: {
        serviceMap: { datasourceUid: "prometheus" },
        ...(input.logs ? { tracesToLogsV2: { datasourceUid: "loki", spanStartTimeShift: "-5m", spanEndTimeShift: "5m" } } : {}),
      },
    });
  return {
    fullnameOverride: "kps",
    global: { ...(mirrorHost ? { imageRegistry: mirrorHost } : {}), imagePullSecrets: pullSecrets },
    crds: { enabled: true },
    commonLabels: { "app.kubernetes.io/part-of": "digit" },
    kubeEtcd: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeProxy: { enabled: false },
    // The admission webhook's certificates and its NetworkPolicies come from Helm hooks (components/chart-hooks.ts).
    prometheusOperator: { admissionWebhooks: { enabled: false }, tls: { enabled: false }, networkPolicy: { enabled: false } },
    prometheus: {
      prometheusSpec: {
        replicas: m.prometheusReplicas,
        retention: m.retention,
        scrapeInterval: m.scrapeInterval,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        // Tempo's metrics-generator writes the service graph here (Grafana's service map reads it).
        enableRemoteWriteReceiver: input.tracing,
        resources: { requests: { cpu: m.prometheus.cpu, memory: m.prometheus.memory }, limits: { memory: m.prometheus.memory } },
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              ...(input.storage.standard ? { storageClassName: input.storage.standard } : {}),
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: m.storage } },
            },
          },
        },
      },
    },
    alertmanager: input.alerting
      ? {
          enabled: true,
          alertmanagerSpec: {
            replicas: m.alertmanagerReplicas,
            useExistingSecret: true,
            configSecret: alertmanagerConfigSecret,
            resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          },
        }
      : { enabled: false },
    grafana: {
      // Service `grafana` in monitoring, whatever the release is called.
      fullnameOverride: "grafana",
      admin: { existingSecret: grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
      additionalDataSources: datasources,
      sidecar: {
        dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", folderAnnotation: "grafana_folder", provider: { foldersFromFilesStructure: true } },
      },
      resources: { requests: { cpu: "50m", memory: "192Mi" }, limits: { memory: "384Mi" } },
    },
  };
}
