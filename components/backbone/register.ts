import * as pulumi from "@pulumi/pulumi";
import { k8sResource } from "../k8s-classes";
import type { K8sObject } from "./podspec";

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
  const ns = obj.metadata?.namespace as string | undefined;
  const nsName = ns === undefined ? undefined : namespaceNames[ns];
  if (ns !== undefined && nsName === undefined)
    throw new Error(`${obj.kind} ${ns}/${obj.metadata.name}: namespace ${ns} is not among the Backbone's namespaces: pass its Namespace output in args.namespaces`);
  const args: K8sObject = { ...obj, metadata: { ...obj.metadata, ...(nsName !== undefined ? { namespace: nsName } : {}) } };
  const name = `${prefix}-${obj.kind.toLowerCase()}-${obj.metadata.name}`;
  return k8sResource(name, args, opts, customKinds);
}
