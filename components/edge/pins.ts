import type { ChartPin } from "../charts";

/**
 * Pinned third-party software of the public edge. A version bump is one edit here, reviewed in
 * `pulumi preview` (the chart's objects) and in the offline plan (the pinned versions).
 */

/** Envoy Gateway's chart (CNCF Envoy project). Ships the Gateway API CRDs (v1.5.1) and its own. */
export const envoyGatewayChart: ChartPin = {
  chart: "gateway-helm",
  version: "v1.8.3",
  repository: "oci://docker.io/envoyproxy",
};

/** cert-manager's chart; `crds.enabled` installs its CRDs with it. */
export const certManagerChart: ChartPin = {
  chart: "cert-manager",
  version: "v1.20.3",
  repository: "https://charts.jetstack.io",
};

/**
 * Images the two charts run, as each release pins them. They are listed so that every one goes
 * through the target's registry mirror (air-gapped SDCs mirror exactly these).
 */
export const edgeImages = {
  envoyGateway: { image: "docker.io/envoyproxy/gateway", tag: "v1.8.3" },
  /** Envoy Gateway v1.8.3's default data plane */
  envoyProxy: { image: "docker.io/envoyproxy/envoy", tag: "distroless-v1.38.3" },
  /** only runs when a rate-limit policy exists; mirrored all the same */
  ratelimit: { image: "docker.io/envoyproxy/ratelimit", tag: "1e50889b" },
  certManagerController: { image: "quay.io/jetstack/cert-manager-controller", tag: "v1.20.3" },
  certManagerWebhook: { image: "quay.io/jetstack/cert-manager-webhook", tag: "v1.20.3" },
  certManagerCainjector: { image: "quay.io/jetstack/cert-manager-cainjector", tag: "v1.20.3" },
  certManagerAcmeSolver: { image: "quay.io/jetstack/cert-manager-acmesolver", tag: "v1.20.3" },
} as const;

/** Envoy Gateway's controller name, which its GatewayClass must carry. */
export const envoyGatewayControllerName = "gateway.envoyproxy.io/gatewayclass-controller";
