import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { k8sOptions } from "../meta";
import type { K8sObject } from "./objects";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed classes for built-in kinds (their URNs and previews are the familiar ones); anything else is a CustomResource. */
const builtIn: Record<string, Ctor> = {
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Secret": k8s.core.v1.Secret,
  "v1/Service": k8s.core.v1.Service,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
  "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "apps/v1/DaemonSet": k8s.apps.v1.DaemonSet,
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
};

export interface RegisterContext {
  /** the component the objects are children of; resource names start with its name */
  parent: pulumi.Resource;
  prefix: string;
  /** where objects are delivered (the cluster, or the render provider in gitops mode) */
  target: Target;
  /** where Secrets go: always the cluster, so no secret value is ever written to git */
  secretsTarget: Target;
  /** Namespace name outputs by plain name: objects wait for their namespace */
  namespaces: Record<string, pulumi.Input<string>>;
  /** what custom resources wait for (the CRDs' chart) */
  crdDependsOn?: pulumi.Resource[];
}

/** Register plain objects as Kubernetes resources, each named `<prefix>-<kind>-<name>`. */
export function registerObjects(ctx: RegisterContext, objects: K8sObject[], dependsOn: pulumi.Resource[] = []): pulumi.CustomResource[] {
  return objects.map((o) => {
    const key = `${o.apiVersion}/${o.kind}`;
    const C = builtIn[key];
    const ns = o.metadata.namespace as string | undefined;
    const metadata = ns ? { ...o.metadata, namespace: ctx.namespaces[ns] ?? ns } : o.metadata;
    const deps = [...dependsOn, ...(C ? [] : (ctx.crdDependsOn ?? []))];
    const target = o.kind === "Secret" ? ctx.secretsTarget : ctx.target;
    const name = `${ctx.prefix}-${o.kind.toLowerCase()}-${o.metadata.name}`;
    const opts = k8sOptions(target, ctx.parent, { dependsOn: deps });
    return C ? new C(name, { ...o, metadata }, opts) : new k8s.apiextensions.CustomResource(name, { ...o, metadata } as k8s.apiextensions.CustomResourceArgs, opts);
  });
}
