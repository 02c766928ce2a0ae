import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import type { DigitConfig } from "../../config/schema";
import { thirdPartyChart } from "../charts";
import { k8sOptions } from "../meta";
import { planEdge, EdgePlan } from "./plan";

export { planEdge, describeAddress } from "./plan";
export type { EdgePlan, EdgePlace, ChartPlan } from "./plan";
export { edgeNames, hstsValue } from "./gateway";
export { resolveTls, checkProvided } from "./tls";
export type { TlsPlan } from "./tls";
export { envoyGatewayChart, certManagerChart, edgeImages } from "./pins";
export { letsEncrypt } from "./certificates";

export interface EdgeArgs {
  /** where DIGIT runs: its Kubernetes provider, exposure (LoadBalancer or NodePort), registry mirror and proxy */
  target: Target;
  /** the validated `digit` config: domain, profile and edge.tls (not set: self-signed in dev, an error in ha) */
  config: DigitConfig;
  /** the `digit-edge` Namespace's name output (DigitNamespaces), so every object waits for the namespace */
  namespace: pulumi.Input<string>;
  /** the edge's plan when the caller already made it to check config early (planEdge(config, target)); default: planned here */
  plan?: EdgePlan;
  /** where a provided certificate's Secret goes when it is not `target`: the cluster, while `target` renders manifests (gitops); default: `target` */
  secretsTarget?: Target;
}

type K8sObject = Record<string, any>;

/**
 * DIGIT's public edge: Envoy Gateway (Gateway API) exposed the target's way, the Gateway `digit`
 * that DIGIT's HTTPRoutes attach to, HTTP to HTTPS redirect, HSTS, and the certificate (ACME or
 * self-signed through cert-manager, or the state's own).
 */
export class Edge extends pulumi.ComponentResource {
  /** the pure plan the objects were registered from */
  public readonly plan: EdgePlan;
  public readonly gatewayName: pulumi.Output<string>;
  public readonly gatewayNamespace: pulumi.Output<string>;
  /** how traffic reaches the edge (LoadBalancer Service or the fixed NodePorts), in words */
  public readonly address: pulumi.Output<string>;
  public readonly tlsMode: pulumi.Output<string>;
  /** the Gateway listener DIGIT's HTTPRoutes attach to (`https`; `http` when TLS is off) */
  public readonly routeListener: string;
  /** what an HTTPRoute must wait for: the chart that installs the Gateway API CRDs */
  public readonly routeDependencies: pulumi.Resource[];
  public readonly gatewayChart: k8s.helm.v4.Chart;
  public readonly certManagerChart?: k8s.helm.v4.Chart;
  public readonly gateway: k8s.apiextensions.CustomResource;

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:edge:Edge", name, {}, opts);
    const { target, config } = args;
    const plan = args.plan ?? planEdge(config, target);
    this.plan = plan;
    for (const w of plan.warnings) pulumi.log.warn(w, this);

    const namespaced = (o: K8sObject): K8sObject => ({ ...o, metadata: { ...o.metadata, namespace: args.namespace } });
    const custom = (suffix: string, o: K8sObject, dependsOn: pulumi.Resource[]) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${suffix}`,
        { ...o, apiVersion: o.apiVersion, kind: o.kind },
        k8sOptions(target, this, { dependsOn }),
      );

    // certgen first: the controller mounts the Secrets it writes.
    const cg = plan.certgen;
    const o = k8sOptions(target, this);
    new k8s.core.v1.ServiceAccount(`${name}-certgen`, { metadata: namespaced(cg.serviceAccount).metadata }, o);
    new k8s.rbac.v1.Role(`${name}-certgen`, { metadata: namespaced(cg.role).metadata, rules: cg.role.rules }, o);
    new k8s.rbac.v1.RoleBinding(
      `${name}-certgen`,
      { metadata: namespaced(cg.roleBinding).metadata, roleRef: cg.roleBinding.roleRef, subjects: cg.roleBinding.subjects },
      o,
    );
    // No dependsOn on its RBAC: the Job controller retries pod creation until the ServiceAccount
    // exists, and the shorter chain keeps the first deploy fast (budget: 6 steps on an SDC).
    const certgen = new k8s.batch.v1.Job(`${name}-certgen`, { metadata: namespaced(cg.job).metadata, spec: cg.job.spec }, o);

    this.gatewayChart = thirdPartyChart(`${name}-envoy-gateway`, {
      target,
      pin: plan.charts.envoyGateway.pin,
      namespace: args.namespace,
      values: plan.charts.envoyGateway.values,
      dependsOn: [certgen],
      parent: this,
    });
    const crds = [this.gatewayChart];

    let tlsSecret: k8s.core.v1.Secret | undefined;
    if (plan.providedSecret && config.edge.tls?.mode === "provided") {
      const s = namespaced(plan.providedSecret);
      tlsSecret = new k8s.core.v1.Secret(
        `${name}-tls`,
        {
          metadata: s.metadata,
          type: s.type,
          stringData: { "tls.crt": config.edge.tls.certificate, "tls.key": pulumi.secret(config.edge.tls.key) },
        },
        k8sOptions(args.secretsTarget ?? target, this, { additionalSecretOutputs: ["data", "stringData"] }),
      );
    }

    // Controllers resolve references by name, so only the Gateway is ordered: it waits for its
    // parameters (EnvoyProxy, GatewayClass), or it would get Envoy Gateway's default Service (a
    // LoadBalancer) for a moment. Everything else waits only for the CRDs, keeping the deploy
    // graph shallow (6 steps on an SDC).
    const g = plan.gatewayObjects;
    const envoyProxy = custom("envoyproxy", namespaced(g.envoyProxy), crds);
    const gatewayClass = custom("gatewayclass", g.gatewayClass, crds);
    this.gateway = custom("gateway", namespaced(g.gateway), [...crds, envoyProxy, gatewayClass, ...(tlsSecret ? [tlsSecret] : [])]);
    if (g.redirectRoute) custom("redirect", namespaced(g.redirectRoute), crds);
    if (g.clientTrafficPolicy) custom("client-policy", namespaced(g.clientTrafficPolicy), crds);
    if (g.httpClientTrafficPolicy) custom("http-client-policy", namespaced(g.httpClientTrafficPolicy), crds);

    const cm = plan.charts.certManager;
    if (cm) {
      // cert-manager watches HTTPRoutes only if the Gateway API CRDs exist when it starts.
      this.certManagerChart = thirdPartyChart(`${name}-cert-manager`, {
        target,
        pin: cm.pin,
        namespace: args.namespace,
        values: cm.values,
        dependsOn: crds,
        parent: this,
      });
      const c = plan.certObjects;
      if (c.clusterIssuer) custom("issuer", c.clusterIssuer, [this.certManagerChart]);
      // cert-manager retries a Certificate until its issuer and the Gateway exist.
      if (c.certificate) custom("certificate", namespaced(c.certificate), [this.certManagerChart]);
    }

    this.routeDependencies = crds;
    this.routeListener = plan.routeListener;
    this.gatewayName = pulumi.output(plan.gateway.name);
    this.gatewayNamespace = pulumi.output(args.namespace);
    this.address = pulumi.output(plan.address);
    this.tlsMode = pulumi.output(plan.tls.mode);
    this.registerOutputs({ gatewayName: this.gatewayName, gatewayNamespace: this.gatewayNamespace, address: this.address, tlsMode: this.tlsMode });
  }
}
