import type { RegistryOffer } from "../../providers/target";
import { imageRef } from "../images";
import { standardLabels } from "../meta";
import { edgeImages } from "./pins";

type K8sObject = Record<string, any>;

/**
 * Envoy Gateway's `certgen` as native objects. The chart runs it as a Helm pre-install hook, and
 * helm.v4.Chart drops hook resources; without it the controller never gets its xDS TLS Secrets
 * (envoy-gateway, envoy, envoy-rate-limit, envoy-oidc-hmac) and stays pending. Same command,
 * RBAC and security context as the chart's template (gateway-helm v1.8.3 certgen*.yaml). It
 * never overwrites existing Secrets, so re-running it on an upgrade is harmless.
 */
export const certgenName = "envoy-gateway-certgen";

export interface CertgenObjects {
  serviceAccount: K8sObject;
  role: K8sObject;
  roleBinding: K8sObject;
  job: K8sObject;
}

export function certgenObjects(namespace: string, registry: Pick<RegistryOffer, "mirror" | "pullSecretName">): CertgenObjects {
  const meta = () => ({ name: certgenName, namespace, labels: standardLabels(certgenName, "edge") });
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta() },
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(),
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update"] }],
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: certgenName },
      subjects: [{ kind: "ServiceAccount", name: certgenName, namespace }],
    },
    job: {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta(),
      spec: {
        backoffLimit: 3,
        template: {
          metadata: { labels: { ...standardLabels(certgenName, "edge"), app: "certgen" } },
          spec: {
            serviceAccountName: certgenName,
            restartPolicy: "Never",
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            ...(registry.pullSecretName ? { imagePullSecrets: [{ name: registry.pullSecretName }] } : {}),
            containers: [
              {
                name: "envoy-gateway-certgen",
                image: imageRef(edgeImages.envoyGateway.image, edgeImages.envoyGateway.tag, registry.mirror),
                imagePullPolicy: "IfNotPresent",
                command: ["envoy-gateway", "certgen"],
                // the topology injector's webhook is a hook as well, so it is off (values.ts)
                args: ["--disable-topology-injector"],
                env: [
                  { name: "ENVOY_GATEWAY_NAMESPACE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } } },
                  { name: "KUBERNETES_CLUSTER_DOMAIN", value: "cluster.local" },
                ],
                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsGroup: 65532,
                  runAsUser: 65532,
                  seccompProfile: { type: "RuntimeDefault" },
                },
              },
            ],
          },
        },
      },
    },
  };
}
