import { namespaces } from "../namespaces";
import { agentNamespaces, jenkinsNamespace } from "../operations/settings";

/** Pods of one namespace, by labels; `undefined` selects every pod of it. */
export interface PodGroup {
  /** short name for the policy (`allow-kubernetes-api-<name>`) */
  name: string;
  pods?: Record<string, string>;
}

/**
 * The pods that call the Kubernetes API, per namespace: operators and controllers. Only these get
 * egress to the API server; the data stores and DIGIT's services never do. Labels as the pinned
 * charts' templates set them (pod template labels), and as the platform sets its own:
 * - cloudnative-pg 0.29.0 templates/deployment.yaml: app.kubernetes.io/name: cloudnative-pg (selectorLabels);
 *   CloudNativePG's instance manager runs in every instance and job pod, labelled cnpg.io/cluster;
 * - eck-operator 3.5.0 templates/statefulset.yaml: app.kubernetes.io/name: eck-operator;
 * - gateway-helm v1.8.3 templates/envoy-gateway-deployment.yaml: control-plane: envoy-gateway;
 * - cert-manager v1.20.3 templates/{deployment,cainjector-deployment,webhook-deployment}.yaml:
 *   app.kubernetes.io/name: cert-manager | cainjector | webhook (all three watch the API);
 * - kube-prometheus-stack 81.6.2 templates/prometheus-operator/_prometheus-operator.tpl:
 *   app.kubernetes.io/component: prometheus-operator; Prometheus' own pods (service discovery) are
 *   labelled app.kubernetes.io/name: prometheus by the operator; Grafana's dashboard sidecar
 *   (app.kubernetes.io/name: grafana) and kube-state-metrics 7.1.0 (app.kubernetes.io/name: kube-state-metrics) watch it too;
 * - the platform's own: envoy-gateway-certgen (components/edge/certgen.ts), alloy (components/operations/logs.ts).
 * Jenkins and the GitOps agents are controllers through and through: every pod of their namespace.
 */
export const apiClients: Readonly<Record<string, readonly PodGroup[]>> = {
  [namespaces.backbone]: [
    { name: "cnpg-operator", pods: { "app.kubernetes.io/name": "cloudnative-pg" } },
    { name: "postgres-instances", pods: { "cnpg.io/cluster": "postgres" } },
  ],
  [namespaces.elasticsearch]: [{ name: "eck-operator", pods: { "app.kubernetes.io/name": "eck-operator" } }],
  [namespaces.edge]: [
    { name: "envoy-gateway", pods: { "control-plane": "envoy-gateway" } },
    { name: "cert-manager", pods: { "app.kubernetes.io/name": "cert-manager" } },
    { name: "cert-manager-cainjector", pods: { "app.kubernetes.io/name": "cainjector" } },
    { name: "cert-manager-webhook", pods: { "app.kubernetes.io/name": "webhook" } },
    { name: "certgen", pods: { "app.kubernetes.io/name": "envoy-gateway-certgen" } },
  ],
  [namespaces.monitoring]: [
    { name: "prometheus-operator", pods: { "app.kubernetes.io/component": "prometheus-operator" } },
    { name: "prometheus", pods: { "app.kubernetes.io/name": "prometheus" } },
    { name: "grafana", pods: { "app.kubernetes.io/name": "grafana" } },
    { name: "kube-state-metrics", pods: { "app.kubernetes.io/name": "kube-state-metrics" } },
  ],
  [namespaces.logging]: [{ name: "alloy", pods: { "app.kubernetes.io/name": "alloy" } }],
  [jenkinsNamespace]: [{ name: "jenkins" }],
  ...Object.fromEntries(Object.values(agentNamespaces).map((ns) => [ns, [{ name: "gitops-agent" }]])),
};

/** cert-manager's controller: it asks the ACME server for certificates and runs the HTTP-01 self-check. */
export const certManagerController: Record<string, string> = { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" };

/** Prometheus' pods: the only ones that scrape a metrics endpoint served on a data port (MinIO's). */
export const prometheusPods: Record<string, string> = { "app.kubernetes.io/name": "prometheus" };
