import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { k8sOptions } from "../meta";
import { isolationPolicies, type IsolationInput } from "./flows";

export interface NetworkIsolationArgs {
  /** the target whose Kubernetes provider (and readiness) the policies use */
  target: Target;
  /** namespace name -> the Namespace's name output, so each policy waits for its namespace */
  namespaces: Record<string, pulumi.Input<string>>;
  /** the stack's flows (security/input.ts isolationInput) */
  input: IsolationInput;
}

/**
 * Network isolation of DIGIT's namespaces: in each, a NetworkPolicy denying all ingress and
 * egress, then one NetworkPolicy per allowed flow (DNS, edge -> services, services -> backbone,
 * monitoring -> scrape ports, the Kubernetes API for controllers, the public internet for DIGIT's
 * services on named ports). The backbone's own per-part policies admit its clients.
 */
export class NetworkIsolation extends pulumi.ComponentResource {
  /** the policies, as plain data */
  public readonly policies: Record<string, any>[];

  constructor(name: string, args: NetworkIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:security:NetworkIsolation", name, {}, opts);
    this.policies = isolationPolicies(args.input);
    const o = k8sOptions(args.target, this);
    for (const p of this.policies) {
      const ns = p.metadata.namespace as string;
      new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-${p.metadata.name}`, { metadata: { ...p.metadata, namespace: args.namespaces[ns] ?? ns }, spec: p.spec }, o);
    }
    this.registerOutputs({});
  }
}
