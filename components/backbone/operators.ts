import type { ChartPin } from "../charts";
import { namespaces } from "../namespaces";
import { imageParts, type PodContext } from "./podspec";
import { backboneCharts, backboneImages } from "./versions";

/** A third-party chart to install: pinned, into one of the backbone's namespaces, with its values. */
export interface ChartSpec {
  pin: ChartPin;
  namespace: string;
  values: Record<string, unknown>;
}

const operatorPod = {
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
};

/**
 * CloudNativePG's operator, in namespace backbone and watching only it: it holds the rights to
 * DIGIT's database pods and nothing else. CRDs and the admission webhooks come with the chart.
 */
export function cnpgOperator(ctx: PodContext): ChartSpec {
  return {
    pin: backboneCharts.cloudnativePg,
    namespace: namespaces.backbone,
    values: {
      fullnameOverride: "cnpg",
      crds: { create: true },
      config: { clusterWide: false },
      image: imageParts(backboneImages.cnpgOperator, ctx.mirror),
      imagePullSecrets: ctx.pullSecretName ? [{ name: ctx.pullSecretName }] : [],
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      ...operatorPod,
      containerSecurityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        seccompProfile: { type: "RuntimeDefault" },
        capabilities: { drop: ["ALL"] },
      },
    },
  };
}

/**
 * Elastic's ECK operator, in namespace es-cluster and managing only it. Telemetry off: it writes
 * usage data for Kibana to report to Elastic, and a state's cluster reports nothing outward.
 */
export function eckOperator(ctx: PodContext): ChartSpec {
  return {
    pin: backboneCharts.eckOperator,
    namespace: namespaces.elasticsearch,
    values: {
      fullnameOverride: "elastic-operator",
      installCRDs: true,
      managedNamespaces: [namespaces.elasticsearch],
      createClusterScopedResources: true,
      image: imageParts(backboneImages.eckOperator, ctx.mirror),
      imagePullSecrets: ctx.pullSecretName ? [{ name: ctx.pullSecretName }] : [],
      // default registry of Elastic images the operator fills in; every image here is also set explicitly
      config: { containerRegistry: ctx.mirror ? ctx.mirror.split("/")[0] : "docker.elastic.co" },
      telemetry: { disabled: true },
      resources: { requests: { cpu: "100m", memory: "150Mi" }, limits: { memory: "512Mi" } },
      ...operatorPod,
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      },
    },
  };
}
