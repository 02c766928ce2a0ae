import type { ClientIpOffer, ExposureOffer, RegistryOffer } from "../../providers/target";
import { ConfigError } from "../../config/errors";
import { imageRef } from "../images";
import { standardLabels } from "../meta";
import { edgeImages, envoyGatewayControllerName } from "./pins";

type K8sObject = Record<string, any>;

/** Fixed names of the edge. DIGIT's HTTPRoutes point at the Gateway by these (components/services/render.ts). */
export const edgeNames = {
  gatewayClass: "digit",
  gateway: "digit",
  envoyProxy: "digit",
  /** the Envoy Service the state's load balancer or the cloud's points at */
  service: "digit-gateway",
  tlsSecret: "digit-tls",
  redirectRoute: "digit-https-redirect",
  clientPolicy: "digit-https",
  /** the plain-HTTP listener's policy: only the client-address settings */
  httpClientPolicy: "digit-http",
  httpListener: "http",
  httpsListener: "https",
} as const;

const gatewayApi = "gateway.networking.k8s.io";
const envoyApi = "gateway.envoyproxy.io/v1alpha1";

/** One year, no includeSubDomains: other hosts under the state's domain may not serve HTTPS. */
export const hstsValue = "max-age=31536000";

export interface GatewayInput {
  domain: string;
  /** the edge's own namespace (digit-edge) */
  namespace: string;
  /** namespaces whose HTTPRoutes may attach to the HTTPS listener (egov and the edge's own) */
  routeNamespaces: string[];
  /** false: plain HTTP only (digit:edge.tls.mode none) */
  tls: boolean;
  /** send Strict-Transport-Security (not with a self-signed certificate: HSTS forbids clicking through its warning) */
  hsts: boolean;
  highAvailability: boolean;
  exposure: ExposureOffer;
  registry: Pick<RegistryOffer, "mirror" | "pullSecretName">;
}

function meta(name: string, namespace?: string, extra: Record<string, any> = {}): K8sObject {
  return { name, ...(namespace ? { namespace } : {}), labels: standardLabels(name, "edge"), ...extra };
}

const ipv4 = /^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$/;

/**
 * The Envoy Service as the target exposes it. LoadBalancer (clouds): the target's annotations and
 * address, externalTrafficPolicy Local so Envoy sees client IPs (cloud load balancers health-check
 * the nodes that run Envoy). NodePort (SDC/NIC): the fixed ports the state's load balancer
 * forwards to, externalTrafficPolicy Cluster unless the state says its load balancer passes client
 * addresses through (clientIp direct): with Local, nodes without an Envoy pod drop the traffic, so
 * that load balancer must health-check the NodePorts.
 */
export function envoyService(exposure: ExposureOffer, tls: boolean): K8sObject {
  if (exposure.mode === "LoadBalancer") {
    if (exposure.loadBalancerIP !== undefined && !ipv4.test(exposure.loadBalancerIP))
      throw new ConfigError([
        `digit:target.exposure.loadBalancerIP: got ${JSON.stringify(exposure.loadBalancerIP)}; Envoy Gateway takes an IPv4 address here (for IPv6 use the cloud's annotation)`,
      ]);
    return {
      name: edgeNames.service,
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      ...(Object.keys(exposure.annotations).length ? { annotations: { ...exposure.annotations } } : {}),
      ...(exposure.loadBalancerIP ? { loadBalancerIP: exposure.loadBalancerIP } : {}),
    };
  }
  if (tls && exposure.httpPort === exposure.httpsPort)
    throw new ConfigError([`digit:target.exposure: httpPort and httpsPort are both ${exposure.httpPort}; give two different NodePorts`]);
  // Envoy Gateway names the Service ports itself; a strategic merge keyed by port sets the NodePorts.
  const ports = [{ port: 80, nodePort: exposure.httpPort }, ...(tls ? [{ port: 443, nodePort: exposure.httpsPort }] : [])];
  return {
    name: edgeNames.service,
    type: "NodePort",
    externalTrafficPolicy: exposure.clientIp?.mode === "direct" ? "Local" : "Cluster",
    patch: { type: "StrategicMerge", value: { spec: { ports } } },
  };
}

/** The EnvoyProxy the GatewayClass points at: Service exposure, proxy image through the mirror, replicas. */
export function envoyProxyObject(input: GatewayInput): K8sObject {
  const replicas = input.highAvailability ? 2 : 1;
  const owner = { "gateway.envoyproxy.io/owning-gateway-name": edgeNames.gateway, "gateway.envoyproxy.io/owning-gateway-namespace": input.namespace };
  const pod: K8sObject = {
    labels: { "app.kubernetes.io/part-of": "digit", "app.kubernetes.io/component": "edge" },
    ...(input.registry.pullSecretName ? { imagePullSecrets: [{ name: input.registry.pullSecretName }] } : {}),
    ...(input.highAvailability
      ? {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: owner } },
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: owner } },
          ],
        }
      : {}),
  };
  return {
    apiVersion: envoyApi,
    kind: "EnvoyProxy",
    metadata: meta(edgeNames.envoyProxy, input.namespace),
    spec: {
      provider: {
        type: "Kubernetes",
        kubernetes: {
          // The default security context (non-root 65532, no privilege escalation, all
          // capabilities dropped, RuntimeDefault seccomp) meets the restricted standard; an
          // explicit one here would replace it whole, so none is given.
          envoyDeployment: {
            replicas,
            pod,
            container: { image: imageRef(edgeImages.envoyProxy.image, edgeImages.envoyProxy.tag, input.registry.mirror) },
          },
          ...(input.highAvailability ? { envoyPDB: { minAvailable: 1 } } : {}),
          envoyService: envoyService(input.exposure, input.tls),
        },
      },
    },
  };
}

export function gatewayClassObject(namespace: string): K8sObject {
  return {
    apiVersion: `${gatewayApi}/v1`,
    kind: "GatewayClass",
    metadata: meta(edgeNames.gatewayClass),
    spec: {
      controllerName: envoyGatewayControllerName,
      parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: edgeNames.envoyProxy, namespace },
      description: "DIGIT's public edge (Envoy Gateway)",
    },
  };
}

/**
 * The Gateway `digit`. With TLS: `http` (80) takes only the edge's own routes (the redirect and
 * cert-manager's HTTP-01 solver), `https` (443) terminates TLS with Secret digit-tls and takes
 * HTTPRoutes from DIGIT's namespaces. Without TLS, `http` takes DIGIT's routes itself.
 */
export function gatewayObject(input: GatewayInput): K8sObject {
  const fromDigit = {
    namespaces: {
      from: "Selector",
      selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...input.routeNamespaces] }] },
    },
    kinds: [{ group: gatewayApi, kind: "HTTPRoute" }],
  };
  const listeners: K8sObject[] = [
    {
      name: edgeNames.httpListener,
      protocol: "HTTP",
      port: 80,
      hostname: input.domain,
      allowedRoutes: input.tls ? { namespaces: { from: "Same" }, kinds: [{ group: gatewayApi, kind: "HTTPRoute" }] } : fromDigit,
    },
  ];
  if (input.tls)
    listeners.push({
      name: edgeNames.httpsListener,
      protocol: "HTTPS",
      port: 443,
      hostname: input.domain,
      tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: edgeNames.tlsSecret }] },
      allowedRoutes: fromDigit,
    });
  return {
    apiVersion: `${gatewayApi}/v1`,
    kind: "Gateway",
    metadata: meta(edgeNames.gateway, input.namespace),
    spec: { gatewayClassName: edgeNames.gatewayClass, listeners },
  };
}

/**
 * Every plain-HTTP request is redirected to HTTPS (301, port 443 implied by the scheme). This
 * route matches PathPrefix "/"; cert-manager's HTTP-01 solver route matches its challenge path
 * Exact, and Gateway API gives an exact match precedence, so challenges are answered, not redirected.
 */
export function redirectRouteObject(input: Pick<GatewayInput, "domain" | "namespace">): K8sObject {
  return {
    apiVersion: `${gatewayApi}/v1`,
    kind: "HTTPRoute",
    metadata: meta(edgeNames.redirectRoute, input.namespace),
    spec: {
      parentRefs: [{ group: gatewayApi, kind: "Gateway", name: edgeNames.gateway, namespace: input.namespace, sectionName: edgeNames.httpListener }],
      hostnames: [input.domain],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/" } }],
          filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }],
        },
      ],
    },
  };
}

/**
 * How Envoy takes the client's address (the ClientTrafficPolicy CRD of the pinned Envoy Gateway):
 * from a PROXY protocol header, or from X-Forwarded-For with the given trusted hops or CIDRs. Both
 * listeners get the same settings: a load balancer sending PROXY headers sends them on 80 and 443.
 */
export function clientIpSpec(clientIp: ClientIpOffer | undefined): K8sObject {
  if (clientIp?.mode === "proxy-protocol") return { proxyProtocol: {} };
  if (clientIp?.mode === "x-forwarded-for")
    return { clientIPDetection: { xForwardedFor: clientIp.trustedCidrs ? { trustedCIDRs: [...clientIp.trustedCidrs] } : { numTrustedHops: clientIp.trustedHops } } };
  return {};
}

/**
 * Client-side policy of the HTTPS listener: HSTS on every response, headers with underscores
 * dropped rather than the request rejected (what DIGIT's former ingress-nginx did), and how client
 * addresses arrive.
 */
export function clientTrafficPolicyObject(input: Pick<GatewayInput, "namespace" | "hsts"> & { exposure?: ExposureOffer }): K8sObject {
  return {
    apiVersion: envoyApi,
    kind: "ClientTrafficPolicy",
    metadata: meta(edgeNames.clientPolicy, input.namespace),
    spec: {
      targetRefs: [{ group: gatewayApi, kind: "Gateway", name: edgeNames.gateway, sectionName: edgeNames.httpsListener }],
      ...clientIpSpec(input.exposure?.clientIp),
      headers: {
        withUnderscoresAction: "DropHeader",
        ...(input.hsts ? { lateResponseHeaders: { set: [{ name: "Strict-Transport-Security", value: hstsValue }] } } : {}),
      },
    },
  };
}

/**
 * The plain-HTTP listener's policy, when client addresses arrive by PROXY protocol or
 * X-Forwarded-For (a policy naming a listener replaces one naming the Gateway, so each listener
 * has its own).
 */
export function httpClientTrafficPolicyObject(input: Pick<GatewayInput, "namespace" | "exposure">): K8sObject | undefined {
  const client = clientIpSpec(input.exposure.clientIp);
  if (!Object.keys(client).length) return undefined;
  return {
    apiVersion: envoyApi,
    kind: "ClientTrafficPolicy",
    metadata: meta(edgeNames.httpClientPolicy, input.namespace),
    spec: {
      targetRefs: [{ group: gatewayApi, kind: "Gateway", name: edgeNames.gateway, sectionName: edgeNames.httpListener }],
      ...client,
      headers: { withUnderscoresAction: "DropHeader" },
    },
  };
}
