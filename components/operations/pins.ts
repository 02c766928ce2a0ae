import type { ChartPin } from "../charts";

/**
 * Pinned third-party software of operations. A version bump is one edit here, reviewed in
 * `pulumi preview` and in the offline plan. Every image goes through the target's registry mirror
 * (components/images.ts imageRef), so an air-gapped data centre mirrors exactly these.
 */

/** Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter. */
export const kubePrometheusStackChart: ChartPin = {
  chart: "kube-prometheus-stack",
  version: "81.6.2",
  repository: "https://prometheus-community.github.io/helm-charts",
};

export const argoCdChart: ChartPin = { chart: "argo-cd", version: "9.4.17", repository: "https://argoproj.github.io/argo-helm" };

/** 2.18.3 (Flux 2.8.5): the newest release vendor/chart-releases/flux2.txt shows. */
export const flux2Chart: ChartPin = { chart: "flux2", version: "2.18.3", repository: "https://fluxcd-community.github.io/helm-charts" };

export const pulumiOperatorChart: ChartPin = {
  chart: "pulumi-kubernetes-operator",
  version: "2.3.0",
  repository: "oci://ghcr.io/pulumi/helm-charts",
};

export const jenkinsChart: ChartPin = { chart: "jenkins", version: "5.9.32", repository: "https://charts.jenkins.io" };

/** Images of the objects operations renders itself (not through a chart). */
export const operationsImages = {
  postgresExporter: { image: "quay.io/prometheuscommunity/postgres-exporter", tag: "v0.16.0" },
  kafkaExporter: { image: "docker.io/danielqsj/kafka-exporter", tag: "v1.8.0" },
  elasticsearchExporter: { image: "quay.io/prometheuscommunity/elasticsearch-exporter", tag: "v1.8.0" },
  redisExporter: { image: "docker.io/oliver006/redis_exporter", tag: "v1.66.0" },
  blackboxExporter: { image: "quay.io/prometheus/blackbox-exporter", tag: "v0.25.0" },
  otelCollector: { image: "docker.io/otel/opentelemetry-collector-contrib", tag: "0.123.0" },
  tempo: { image: "docker.io/grafana/tempo", tag: "2.6.1" },
  loki: { image: "docker.io/grafana/loki", tag: "3.3.2" },
  alloy: { image: "docker.io/grafana/alloy", tag: "v1.5.1" },
  /** the in-cluster Jenkins' agent for the Jenkinsfile: Node.js and the Pulumi CLI */
  pulumiNodejs: { image: "docker.io/pulumi/pulumi-nodejs", tag: "3.263.0" },
  /** the in-cluster Jenkins' image builder */
  kaniko: { image: "gcr.io/kaniko-project/executor", tag: "v1.23.2-debug" },
} as const;

/**
 * Images the GitOps agents run, as their pinned charts default them (vendor/gitops-charts/values.json),
 * listed so that each goes through the target's registry mirror.
 */
export const agentImages = {
  argocd: { image: "quay.io/argoproj/argocd", tag: "v3.3.6" },
  argocdRedis: { image: "ecr-public.aws.com/docker/library/redis", tag: "8.2.3-alpine" },
  fluxSourceController: { image: "ghcr.io/fluxcd/source-controller", tag: "v1.8.2" },
  fluxKustomizeController: { image: "ghcr.io/fluxcd/kustomize-controller", tag: "v1.8.3" },
  fluxCli: { image: "ghcr.io/fluxcd/flux-cli", tag: "v2.8.5" },
  pulumiOperator: { image: "docker.io/pulumi/pulumi-kubernetes-operator", tag: "v2.3.0" },
  /** the operator's workspace: the Pulumi CLI with every language runtime, non-root (restricted profile); CLI version as CI's */
  pulumiWorkspace: { image: "docker.io/pulumi/pulumi", tag: "3.263.0-nonroot" },
} as const;
