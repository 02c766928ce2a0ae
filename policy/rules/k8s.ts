import type { RuleResource } from "./types";

/** `kubernetes:<group>/<version>:<Kind>`; the core group is spelt `core`. */
const K8S_TYPE = /^kubernetes:([^:/]+)\/([^:/]+):([A-Za-z0-9]+)$/;
/** The SDK's meta-resources (charts, kustomizations, YAML files) are not Kubernetes objects. */
const NOT_OBJECTS = new Set(["helm.sh", "kustomize", "yaml"]);

export interface K8sKind {
  group: string;
  version: string;
  kind: string;
}

export function k8sKind(type: string): K8sKind | undefined {
  const m = K8S_TYPE.exec(type);
  if (!m || NOT_OBJECTS.has(m[1])) return undefined;
  return { group: m[1], version: m[2], kind: m[3] };
}

export function isKind(r: RuleResource, kind: string, group?: string): boolean {
  const k = k8sKind(r.type);
  return !!k && k.kind === kind && (group === undefined || k.group === group);
}

/** metadata.name (the object's real name), else the Pulumi name. */
export function objectName(r: RuleResource): string {
  const n = r.props?.metadata?.name;
  return typeof n === "string" ? n : r.name;
}

export function objectNamespace(r: RuleResource): string | undefined {
  const n = r.props?.metadata?.namespace;
  return typeof n === "string" && n ? n : undefined;
}

/** `Deployment egov/egov-user`: how messages name an object. */
export function describeObject(r: RuleResource): string {
  const k = k8sKind(r.type);
  const ns = objectNamespace(r);
  return `${k?.kind ?? r.type} ${ns ? `${ns}/` : ""}${objectName(r)}`;
}

/** The pod spec a workload object runs, or undefined for anything that runs no pods. */
export function podSpecOf(r: RuleResource): Record<string, any> | undefined {
  const k = k8sKind(r.type);
  if (!k) return undefined;
  const s = r.props?.spec;
  switch (k.kind) {
    case "Pod":
      return obj(s);
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "ReplicationController":
    case "Job":
      return obj(s?.template?.spec);
    case "CronJob":
      return obj(s?.jobTemplate?.spec?.template?.spec);
    default:
      return undefined;
  }
}

export interface ContainerRef {
  container: Record<string, any>;
  init: boolean;
}

/** Containers and init containers of a pod spec. */
export function containersOf(pod: Record<string, any>): ContainerRef[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((c) => c && typeof c === "object") : []);
  return [...list(pod.initContainers).map((c) => ({ container: c, init: true })), ...list(pod.containers).map((c) => ({ container: c, init: false }))];
}

export function containerLabel(c: ContainerRef): string {
  return `${c.init ? "init container" : "container"} "${c.container.name ?? "?"}"`;
}

function obj(v: unknown): Record<string, any> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

export const POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

/** Namespace name -> its Pod Security enforce level, from the stack's Namespace objects. */
export function podSecurityLevels(resources: readonly RuleResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    if (!isKind(r, "Namespace", "core")) continue;
    const level = r.props?.metadata?.labels?.[POD_SECURITY_ENFORCE];
    out.set(objectName(r), typeof level === "string" ? level : "unset");
  }
  return out;
}
