import * as YAML from "yaml";
import type { PlanResource } from "./types";

/** `kubernetes:<group>/<version>:<Kind>`; the core group is spelt `core`. */
const K8S_TYPE = /^kubernetes:([^:/]+)\/([^:/]+):([A-Za-z0-9]+)$/;

/** Groups of the SDK's meta-resources (charts, kustomizations, YAML files): not Kubernetes objects. */
const NOT_OBJECTS = new Set(["helm.sh", "kustomize", "yaml"]);

/** Kinds without a namespace; any other kind without metadata.namespace lands in the provider's default. */
const CLUSTER_SCOPED = new Set([
  "APIService",
  "CSIDriver",
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "GatewayClass",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeSnapshotClass",
]);

export interface Manifest {
  /** relative to manifests/: `<namespace or _cluster>/<kind>-<name>.yaml` */
  path: string;
  urn: string;
  text: string;
}

export interface ManifestSet {
  manifests: Manifest[];
  /** objects a reviewer should look at: auto-named, namespace-less namespaced kinds, duplicates */
  warnings: string[];
}

/** apiVersion and kind of a Kubernetes object's resource type, or undefined for anything else. */
export function kubernetesKind(type: string): { apiVersion: string; kind: string } | undefined {
  const m = K8S_TYPE.exec(type);
  if (!m || NOT_OBJECTS.has(m[1])) return undefined;
  const [, group, version, kind] = m;
  return { apiVersion: group === "core" ? version : `${group}/${version}`, kind };
}

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** Every Kubernetes object as YAML: apiVersion, kind, metadata first, the rest in sorted key order. */
export function toManifests(resources: readonly PlanResource[]): ManifestSet {
  const manifests: Manifest[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const r of resources) {
    if (!r.custom) continue;
    const k = kubernetesKind(r.type);
    if (!k) continue;
    const { apiVersion: _a, kind: _k, metadata, ...rest } = r.inputs as Record<string, any>;
    const meta = metadata && typeof metadata === "object" ? metadata : {};
    let name = typeof meta.name === "string" ? meta.name : undefined;
    if (!name) {
      name = r.name;
      warnings.push(`${k.kind} ${r.name}: no metadata.name (Pulumi would auto-name it; plans are only deterministic with explicit names)`);
    }
    const namespace = typeof meta.namespace === "string" && meta.namespace ? meta.namespace : undefined;
    if (!namespace && !CLUSTER_SCOPED.has(k.kind) && !k.kind.endsWith("List"))
      warnings.push(`${k.kind} ${name}: no metadata.namespace (it lands in the provider's default namespace)`);
    const base = `${fileSafe(namespace ?? "_cluster")}/${fileSafe(k.kind.toLowerCase())}-${fileSafe(name)}`;
    let path = `${base}.yaml`;
    for (let n = 2; seen.has(path); n++) path = `${base}.${n}.yaml`;
    if (path !== `${base}.yaml`) warnings.push(`${k.kind} ${namespace ? namespace + "/" : ""}${name}: declared more than once (${r.urn})`);
    seen.add(path);
    const object = { apiVersion: k.apiVersion, kind: k.kind, metadata: meta, ...rest };
    manifests.push({ path, urn: r.urn, text: YAML.stringify(object, { lineWidth: 0 }) });
  }
  return { manifests, warnings };
}
