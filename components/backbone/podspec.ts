import { createHash } from "node:crypto";
import { imageRef } from "../images";
import { selectorLabels, standardLabels } from "../meta";

/** A Kubernetes object as plain data; a few leaves may be pulumi Inputs (secret values, bucket names). */
export type K8sObject = Record<string, any>;

/** What every backbone workload is rendered with: the place's registry and the sizing profile. */
export interface PodContext {
  mirror?: string;
  pullSecretName?: string;
  /** ha: anti-affinity, PDBs */
  highAvailability: boolean;
}

export function image(ref: { image: string; tag: string }, ctx: PodContext): string {
  return imageRef(ref.image, ref.tag, ctx.mirror);
}

/** Repository and tag apart, for chart values that take them separately. */
export function imageParts(ref: { image: string; tag: string }, mirror?: string): { repository: string; tag: string } {
  const full = imageRef(ref.image, ref.tag, mirror);
  const at = full.lastIndexOf(":");
  return { repository: full.slice(0, at), tag: full.slice(at + 1) };
}

export function pullSecrets(ctx: PodContext): Array<{ name: string }> | undefined {
  return ctx.pullSecretName ? [{ name: ctx.pullSecretName }] : undefined;
}

/** Restricted Pod Security Standard for a container; `readOnlyRoot` false is a recorded exception. */
export function restrictedContainer(readOnlyRoot = true): K8sObject {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: readOnlyRoot,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function restrictedPod(uid: number, gid = uid): K8sObject {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup: gid,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Metadata of a backbone object: explicit name and namespace, the standard labels. */
export function meta(name: string, namespace: string, component: string, extra: K8sObject = {}): K8sObject {
  return { name, namespace, labels: standardLabels(name, component), ...extra };
}

/** Replicas of one workload on different nodes (required in ha), spread over zones when there are zones. */
export function spread(app: string, ctx: PodContext): { affinity?: K8sObject; topologySpreadConstraints?: K8sObject[] } {
  if (!ctx.highAvailability) return {};
  const selector = { matchLabels: selectorLabels(app) };
  return {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: selector }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector }],
  };
}

export function pdb(app: string, namespace: string, component: string): K8sObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(app, namespace, component),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(app) } },
  };
}

export function resources(cpu: string, memory: string): K8sObject {
  return { requests: { cpu, memory }, limits: { memory } };
}

/** A short hash of rendered config: a pod-template annotation that rolls the pods when the config changes. */
export function configHash(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** Headless Service: stable per-pod DNS for StatefulSets; not-ready pods resolve too (quorum formation). */
export function headlessService(name: string, app: string, namespace: string, component: string, ports: Array<{ name: string; port: number }>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(name, namespace, component),
    spec: {
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: selectorLabels(app),
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: "TCP" })),
    },
  };
}

export function clusterService(name: string, selector: Record<string, string>, namespace: string, component: string, ports: Array<{ name: string; port: number; targetPort?: string | number }>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(name, namespace, component),
    spec: { type: "ClusterIP", selector, ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.name, protocol: "TCP" })) },
  };
}
