import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed SDK classes for built-in kinds, so `pulumi preview` diffs each object field by field. */
const builtIn: Record<string, Ctor> = {
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Secret": k8s.core.v1.Secret,
  "v1/Service": k8s.core.v1.Service,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
  // a server-side apply patch of an existing claim (components/backbone/storage.ts claimExpansions)
  "v1/PersistentVolumeClaimPatch": k8s.core.v1.PersistentVolumeClaimPatch,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "apps/v1/DaemonSet": k8s.apps.v1.DaemonSet,
  "batch/v1/Job": k8s.batch.v1.Job,
  "batch/v1/CronJob": k8s.batch.v1.CronJob,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
};

/** Whether apiVersion/kind has a typed class (else it is a custom resource, which waits for its CRDs). */
export function isBuiltIn(obj: Record<string, any>): boolean {
  return `${obj.apiVersion}/${obj.kind}` in builtIn;
}

/**
 * One planned object as a Pulumi resource: its typed class for built-in kinds, a CustomResource
 * for operators' kinds. `customKinds` lists the custom kinds the caller expects; any other
 * unknown kind is a programming error, reported with the file to extend.
 */
export function k8sResource(name: string, obj: Record<string, any>, opts: pulumi.CustomResourceOptions, customKinds?: Set<string>): pulumi.CustomResource {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Kind = builtIn[key];
  if (Kind) {
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    return new Kind(name, rest, opts);
  }
  if (customKinds && !customKinds.has(key)) throw new Error(`no SDK class registered for ${key}: add it to components/k8s-classes.ts`);
  return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs, opts);
}
