import { standardLabels } from "../meta";
import { edgeNames } from "./gateway";
import type { TlsPlan } from "./tls";

type K8sObject = Record<string, any>;

export const letsEncrypt = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** The ClusterIssuer's name per mode; staging and production differ so that switching re-issues the certificate. */
export function issuerName(tls: TlsPlan): string | undefined {
  if (tls.mode === "acme") return tls.staging ? "digit-letsencrypt-staging" : "digit-letsencrypt";
  if (tls.mode === "self-signed") return "digit-selfsigned";
  return undefined;
}

/**
 * The ClusterIssuer. ACME answers HTTP-01 challenges through the Gateway API: cert-manager
 * attaches a solver HTTPRoute to the Gateway's `http` listener (no Ingress controller involved).
 */
export function clusterIssuerObject(tls: TlsPlan, gatewayNamespace: string): K8sObject | undefined {
  const name = issuerName(tls);
  if (!name) return undefined;
  const metadata = { name, labels: standardLabels(name, "edge") };
  if (tls.mode === "self-signed") return { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata, spec: { selfSigned: {} } };
  if (tls.mode !== "acme") return undefined;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata,
    spec: {
      acme: {
        server: tls.staging ? letsEncrypt.staging : letsEncrypt.production,
        email: tls.email,
        // the ACME account key, kept by cert-manager in its own namespace
        privateKeySecretRef: { name: `${name}-account` },
        solvers: [
          {
            http01: {
              gatewayHTTPRoute: {
                parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: edgeNames.gateway, namespace: gatewayNamespace, sectionName: edgeNames.httpListener }],
              },
            },
          },
        ],
      },
    },
  };
}

/** The Certificate for digit:domain, written to Secret digit-tls beside the Gateway. */
export function certificateObject(tls: TlsPlan, domain: string, namespace: string): K8sObject | undefined {
  const issuer = issuerName(tls);
  if (!issuer) return undefined;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: {
      name: edgeNames.tlsSecret,
      namespace,
      labels: standardLabels(edgeNames.tlsSecret, "edge"),
      // Issuance waits for DNS to point at the edge, which an operator sets after the first
      // `pulumi up` shows the address: the deployment must not block on it.
      annotations: { "pulumi.com/skipAwait": "true" },
    },
    spec: {
      secretName: edgeNames.tlsSecret,
      secretTemplate: { labels: standardLabels(edgeNames.tlsSecret, "edge") },
      dnsNames: [domain],
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: issuer },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}

/** The Secret of a state-provided certificate, without its data (the key is added as a Pulumi secret where it is registered). */
export function providedSecretShape(namespace: string): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: edgeNames.tlsSecret, namespace, labels: standardLabels(edgeNames.tlsSecret, "edge") },
    type: "kubernetes.io/tls",
  };
}
