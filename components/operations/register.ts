import * as pulumi from "@pulumi/pulumi";
import { isBuiltIn, k8sResource } from "../k8s-classes";
import type { Target } from "../../providers/target";
import { k8sOptions } from "../meta";
import type { K8sObject } from "./objects";

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
    const typed = isBuiltIn(o);
    const ns = o.metadata.namespace as string | undefined;
    const metadata = ns ? { ...o.metadata, namespace: ctx.namespaces[ns] ?? ns } : o.metadata;
    const deps = [...dependsOn, ...(typed ? [] : (ctx.crdDependsOn ?? []))];
    const target = o.kind === "Secret" ? ctx.secretsTarget : ctx.target;
    const name = `${ctx.prefix}-${o.kind.toLowerCase()}-${o.metadata.name}`;
    const opts = k8sOptions(target, ctx.parent, { dependsOn: deps });
    return k8sResource(name, { ...o, metadata }, opts);
  });
}
