import type { ProxyOffer, RegistryOffer } from "../../providers/target";
import { imageRef } from "../images";
import { proxyEnv, toK8sEnv } from "../services/render";
import { edgeImages } from "./pins";

export interface ChartValuesInput {
  /** the edge's namespace: both charts install there (restricted Pod Security) */
  namespace: string;
  highAvailability: boolean;
  registry: Pick<RegistryOffer, "mirror" | "pullSecretName">;
  proxy?: ProxyOffer;
}

const digitLabels = { "app.kubernetes.io/part-of": "digit" };

function pullSecrets(registry: ChartValuesInput["registry"]): Array<{ name: string }> {
  return registry.pullSecretName ? [{ name: registry.pullSecretName }] : [];
}

/** An image as the chart's `repository` + `tag` pair, through the mirror. */
function repoTag(img: { image: string; tag: string }, mirror?: string): { repository: string; tag: string } {
  const ref = imageRef(img.image, img.tag, mirror);
  const at = ref.lastIndexOf(":");
  return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
}

/**
 * Values of Envoy Gateway's chart (keys as in gateway-helm v1.8.3's values.yaml). The chart's own
 * security contexts (non-root, no privilege escalation, capabilities dropped, RuntimeDefault
 * seccomp) already meet the restricted standard. The Envoy proxy image is set on the EnvoyProxy
 * (gateway.ts), which replaces the chart's default EnvoyProxy spec.
 */
export function envoyGatewayValues(input: ChartValuesInput): Record<string, unknown> {
  const mirror = input.registry.mirror;
  const secrets = pullSecrets(input.registry);
  return {
    global: {
      imagePullSecrets: secrets,
      images: {
        envoyGateway: { image: imageRef(edgeImages.envoyGateway.image, edgeImages.envoyGateway.tag, mirror), pullSecrets: secrets },
        ratelimit: { image: imageRef(edgeImages.ratelimit.image, edgeImages.ratelimit.tag, mirror), pullSecrets: secrets },
        envoyProxy: { image: imageRef(edgeImages.envoyProxy.image, edgeImages.envoyProxy.tag, mirror), pullSecrets: secrets },
      },
    },
    // Gateway API CRDs (v1.5.1) and Envoy Gateway's own come with the chart.
    crds: { enabled: true },
    commonLabels: digitLabels,
    deployment: { replicas: input.highAvailability ? 2 : 1 },
    podDisruptionBudget: { minAvailable: input.highAvailability ? 1 : 0 },
    // Its webhook and the certgen Job that patches its CA are Helm hooks, which helm.v4.Chart
    // drops; certgen runs as native objects instead (certgen.ts). The injector only adds zone
    // labels to Envoy pods for topology-aware routing.
    topologyInjector: { enabled: false },
  };
}

/**
 * Values of cert-manager's chart (keys as in v1.20.3's values.yaml): CRDs installed, Gateway API
 * support on (the HTTP-01 solver creates HTTPRoutes), leader election in its own namespace rather
 * than kube-system, images through the mirror, the target's proxy for reaching the ACME server.
 */
export function certManagerValues(input: ChartValuesInput): Record<string, unknown> {
  const mirror = input.registry.mirror;
  const replicas = input.highAvailability ? 2 : 1;
  const pdb = { enabled: input.highAvailability, minAvailable: 1 };
  const env = proxyEnv(input.proxy, false).map(toK8sEnv);
  return {
    crds: { enabled: true, keep: true },
    global: {
      imagePullSecrets: pullSecrets(input.registry),
      commonLabels: digitLabels,
      leaderElection: { namespace: input.namespace },
    },
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      enableGatewayAPI: true,
    },
    replicaCount: replicas,
    podDisruptionBudget: pdb,
    image: repoTag(edgeImages.certManagerController, mirror),
    extraEnv: env,
    webhook: { replicaCount: replicas, podDisruptionBudget: pdb, image: repoTag(edgeImages.certManagerWebhook, mirror) },
    cainjector: { image: repoTag(edgeImages.certManagerCainjector, mirror) },
    acmesolver: { image: repoTag(edgeImages.certManagerAcmeSolver, mirror) },
    // A post-install Helm hook: helm.v4.Chart would drop it anyway. Pulumi waits for the webhook's
    // Deployment instead before creating the ClusterIssuer.
    startupapicheck: { enabled: false },
  };
}
