import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../providers/target";

/** The standard app.kubernetes.io labels every object of the platform carries. */
export function standardLabels(name: string, component: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": "digit",
    "app.kubernetes.io/managed-by": "pulumi",
    ...extra,
  };
}

/** The subset of labels used as a selector: stable across versions, so Deployments never need replacing. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
}

/** Options for a Kubernetes child: the target's provider, parented, waiting on the target's readiness. */
export function k8sOptions(target: Target, parent: pulumi.Resource, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return {
    parent,
    provider: target.provider,
    ...extra,
    dependsOn: [...target.readiness, ...toArray(extra.dependsOn)],
  };
}

/** Options for a resource that holds data: protected and retained unless the stack says otherwise. */
export function statefulOptions(protect: boolean, opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, protect, retainOnDelete: protect };
}

function toArray(d: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
  if (!d) return [];
  return Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
