import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { k8sOptions } from "../meta";
import { renderService, RenderedService, ServiceRenderContext } from "./render";
import type { DigitServiceSpec } from "./spec";

export interface DigitServiceArgs {
  /** the service: image, env, health, route, sizing (see DigitServiceSpec) */
  spec: DigitServiceSpec;
  /** the target whose Kubernetes provider and readiness the objects use */
  target: Target;
  /** the namespace, as the Namespace resource's name output so objects wait for it */
  namespace: pulumi.Input<string>;
  /** rendering context: mirror, proxy, profile, gateway, backbone addresses */
  context: ServiceRenderContext;
  /** what the objects wait for besides the namespace (shared ConfigMaps and Secrets); default none */
  dependsOn?: pulumi.Resource[];
  /** what the HTTPRoute alone waits for (the edge's chart that installs the Gateway API CRDs); default none */
  routeDependsOn?: pulumi.Resource[];
}

/**
 * One DIGIT service, complete: Deployment (wait-for and DB-migration init containers, probes,
 * resources, env from egov-config / egov-service-host / Secrets), Service, HTTPRoute, and in ha
 * an HPA and a PodDisruptionBudget.
 */
export class DigitService extends pulumi.ComponentResource {
  /** the rendered objects, as plain data */
  public readonly rendered: RenderedService;
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly service: k8s.core.v1.Service;
  /** in-cluster URL, as egov-service-host lists it */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: DigitServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:services:DigitService", name, {}, opts);
    const r = renderService(args.spec, args.context);
    this.rendered = r;
    const o = k8sOptions(args.target, this, { dependsOn: args.dependsOn ?? [] });
    const inNs = (m: Record<string, any>) => ({ ...m, namespace: args.namespace });

    const secretData = new Set((args.spec.ownConfigMaps ?? []).filter((c) => c.secret).map((c) => c.name));
    const configMaps = r.configMaps.map(
      (c) => new k8s.core.v1.ConfigMap(`${name}-cm-${c.metadata.name}`, { metadata: inNs(c.metadata), data: secretData.has(c.metadata.name) ? pulumi.secret(c.data) : c.data }, o),
    );
    if (r.serviceAccount)
      new k8s.core.v1.ServiceAccount(`${name}-sa`, { ...r.serviceAccount, metadata: inNs(r.serviceAccount.metadata) }, o);
    if (r.role) new k8s.rbac.v1.Role(`${name}-role`, { metadata: inNs(r.role.metadata), rules: r.role.rules }, o);
    if (r.roleBinding)
      new k8s.rbac.v1.RoleBinding(`${name}-rolebinding`, { metadata: inNs(r.roleBinding.metadata), roleRef: r.roleBinding.roleRef, subjects: r.roleBinding.subjects }, o);
    const deploymentOptions = configMaps.length ? { ...o, dependsOn: [...(o.dependsOn as pulumi.Resource[]), ...configMaps] } : o;
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      { metadata: inNs(r.deployment.metadata), spec: r.deployment.spec },
      // The HPA owns the replica count in ha; do not fight it on every update.
      args.context.highAvailability ? { ...deploymentOptions, ignoreChanges: ["spec.replicas"] } : deploymentOptions,
    );
    this.service = new k8s.core.v1.Service(`${name}-svc`, { metadata: inNs(r.service.metadata), spec: r.service.spec }, o);
    if (r.route)
      new k8s.apiextensions.CustomResource(
        `${name}-route`,
        { apiVersion: r.route.apiVersion, kind: r.route.kind, metadata: inNs(r.route.metadata), spec: r.route.spec },
        args.routeDependsOn?.length ? k8sOptions(args.target, this, { dependsOn: [...(args.dependsOn ?? []), ...args.routeDependsOn] }) : o,
      );
    if (r.hpa)
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, { metadata: inNs(r.hpa.metadata), spec: r.hpa.spec }, o);
    if (r.pdb) new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata: inNs(r.pdb.metadata), spec: r.pdb.spec }, o);

    this.url = pulumi.interpolate`http://${args.spec.name}.${args.namespace}:${args.spec.port ?? 8080}/`;
    this.registerOutputs({ url: this.url });
  }
}
