import type { DigitConfig } from "../../config/schema";
import { profileDefaults } from "../../config/profile";
import type { Target } from "../../providers/target";
import type { ChartPin } from "../charts";
import { namespaces } from "../namespaces";
import { certificateObject, clusterIssuerObject, providedSecretShape } from "./certificates";
import { certgenObjects, CertgenObjects } from "./certgen";
import { clientTrafficPolicyObject, edgeNames, envoyProxyObject, gatewayClassObject, gatewayObject, httpClientTrafficPolicyObject, redirectRouteObject, GatewayInput } from "./gateway";
import { certManagerChart, envoyGatewayChart } from "./pins";
import { resolveTls, TlsPlan } from "./tls";
import { certManagerValues, envoyGatewayValues } from "./values";

type K8sObject = Record<string, any>;

/** What the edge needs to know about the place: no provider, no resources. */
export type EdgePlace = Pick<Target, "kind" | "exposure" | "registry" | "proxy">;

export interface ChartPlan {
  pin: ChartPin;
  values: Record<string, unknown>;
}

/** The public edge, decided from config alone (plain data; components/edge/index.ts registers it). */
export interface EdgePlan {
  namespace: string;
  gateway: { name: string; namespace: string };
  /** the listener DIGIT's HTTPRoutes attach to: `https`, or `http` when TLS is off */
  routeListener: string;
  tls: TlsPlan;
  charts: { envoyGateway: ChartPlan; certManager?: ChartPlan };
  /** Envoy Gateway's certgen (a Helm hook upstream) as native objects, run before its chart */
  certgen: CertgenObjects;
  /** Gateway API and Envoy Gateway objects (need the Envoy Gateway chart's CRDs) */
  gatewayObjects: {
    gatewayClass: K8sObject;
    envoyProxy: K8sObject;
    gateway: K8sObject;
    redirectRoute?: K8sObject;
    clientTrafficPolicy?: K8sObject;
    /** the plain-HTTP listener's client-address settings (PROXY protocol, X-Forwarded-For) */
    httpClientTrafficPolicy?: K8sObject;
  };
  /** cert-manager objects (need cert-manager's CRDs and webhook) */
  certObjects: { clusterIssuer?: K8sObject; certificate?: K8sObject };
  /** the Secret of a provided certificate, data left to the registration (its key is a Pulumi secret) */
  providedSecret?: K8sObject;
  /** how traffic reaches the edge, for people */
  address: string;
  /** for the plan summary */
  warnings: string[];
}

/** How to reach the edge, in words: the stack output a state's network team acts on. */
export function describeAddress(place: EdgePlace, namespace: string, tls: boolean): string {
  const e = place.exposure;
  if (e.mode === "NodePort")
    return (
      `NodePort on every node: http ${e.httpPort}` +
      (tls ? `, https ${e.httpsPort}` : "") +
      `; point the load balancer's port 80${tls ? "/443" : ""} at them (Service ${namespace}/${edgeNames.service})`
    );
  return `LoadBalancer Service ${namespace}/${edgeNames.service}${e.loadBalancerIP ? ` at ${e.loadBalancerIP}` : ""}; point DNS at its external address`;
}

/**
 * Plan the edge: Envoy Gateway (chart, GatewayClass, EnvoyProxy, Gateway, redirect, client policy)
 * and, when a certificate is issued in-cluster, cert-manager (chart, ClusterIssuer, Certificate).
 * Throws ConfigError on a bad TLS choice or exposure before anything is registered.
 */
export function planEdge(config: DigitConfig, place: EdgePlace, now: Date = new Date()): EdgePlan {
  const namespace = namespaces.edge;
  const profile = profileDefaults(config.profile);
  const decision = resolveTls(config, now);
  const tls = decision.plan;
  const tlsOn = tls.mode !== "none";
  const warnings = [...decision.warnings];
  if (tls.mode === "acme" && (place.kind === "sdc" || place.kind === "nic") && !place.proxy?.https && !place.proxy?.http)
    warnings.push(
      `digit:edge.tls.mode is acme on a ${place.kind} target with no proxy: cert-manager must reach Let's Encrypt, and Let's Encrypt must reach http://${config.domain}/ on port 80`,
    );

  const input: GatewayInput = {
    domain: config.domain,
    namespace,
    routeNamespaces: [namespaces.services, namespace],
    tls: tlsOn,
    hsts: tls.mode === "acme" || tls.mode === "provided",
    highAvailability: profile.highAvailability,
    exposure: place.exposure,
    registry: place.registry,
  };
  const valuesInput = { namespace, highAvailability: profile.highAvailability, registry: place.registry, proxy: place.proxy };
  const issued = tls.mode === "acme" || tls.mode === "self-signed";

  return {
    namespace,
    gateway: { name: edgeNames.gateway, namespace },
    routeListener: tlsOn ? edgeNames.httpsListener : edgeNames.httpListener,
    tls,
    charts: {
      envoyGateway: { pin: envoyGatewayChart, values: envoyGatewayValues(valuesInput) },
      ...(issued ? { certManager: { pin: certManagerChart, values: certManagerValues(valuesInput) } } : {}),
    },
    certgen: certgenObjects(namespace, place.registry),
    gatewayObjects: {
      gatewayClass: gatewayClassObject(namespace),
      envoyProxy: envoyProxyObject(input),
      gateway: gatewayObject(input),
      ...(tlsOn ? { redirectRoute: redirectRouteObject(input), clientTrafficPolicy: clientTrafficPolicyObject(input) } : {}),
      ...(httpClientTrafficPolicyObject(input) ? { httpClientTrafficPolicy: httpClientTrafficPolicyObject(input) } : {}),
    },
    certObjects: issued ? { clusterIssuer: clusterIssuerObject(tls, namespace), certificate: certificateObject(tls, config.domain, namespace) } : {},
    providedSecret: tls.mode === "provided" ? providedSecretShape(namespace) : undefined,
    address: describeAddress(place, namespace, tlsOn),
    warnings,
  };
}
