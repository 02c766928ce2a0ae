import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { K8sObject } from "./podspec";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed SDK classes, so `pulumi preview` diffs each object field by field. */
const kinds: Record<string, Ctor> = {
  "v1/ConfigMap": k8s.core.v1.ConfigMap,
  "v1/Secret": k8s.core.v1.Secret,
  "v1/Service": k8s.core.v1.Service,
  "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
  "apps/v1/Deployment": k8s.apps.v1.Deployment,
  "batch/v1/Job": k8s.batch.v1.Job,
  "batch/v1/CronJob": k8s.batch.v1.CronJob,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
};

/** Operator resources: registered as CustomResources (their CRDs come with the operator's chart). */
const customKinds = new Set(["postgresql.cnpg.io/v1/Cluster", "elasticsearch.k8s.elastic.co/v1/Elasticsearch", "kibana.k8s.elastic.co/v1/Kibana"]);

/**
 * Register one planned object. Its namespace is replaced by the Namespace resource's name output,
 * so the object waits for its namespace without an explicit dependsOn.
 */
export function registerObject(
  prefix: string,
  obj: K8sObject,
  namespaceNames: Record<string, pulumi.Input<string>>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const ns = obj.metadata?.namespace as string | undefined;
  const nsName = ns === undefined ? undefined : namespaceNames[ns];
  if (ns !== undefined && nsName === undefined)
    throw new Error(`${obj.kind} ${ns}/${obj.metadata.name}: namespace ${ns} is not among the Backbone's namespaces: pass its Namespace output in args.namespaces`);
  const args: K8sObject = { ...obj, metadata: { ...obj.metadata, ...(nsName !== undefined ? { namespace: nsName } : {}) } };
  const name = `${prefix}-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
  if (customKinds.has(key)) return new k8s.apiextensions.CustomResource(name, args as k8s.apiextensions.CustomResourceArgs, opts);
  const Kind = kinds[key];
  if (!Kind) throw new Error(`no SDK class registered for ${key}: add it to components/backbone/register.ts`);
  const { apiVersion: _a, kind: _k, ...rest } = args;
  return new Kind(name, rest, opts);
}
