import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type * as k8s from "@pulumi/kubernetes";
import { thirdPartyChart } from "../charts";
import { alertmanagerYaml } from "./alertmanager";
import type { AgentPlan } from "./gitops";
import { jenkinsAdminSecret } from "./jenkins";
import { alertmanagerConfigSecret, grafanaAdminSecret } from "./kube-prometheus";
import { K8sObject, secret } from "./objects";
import type { ChartPlan, OperationsPlan } from "./plan";
import { registerObjects, RegisterContext } from "./register";

/** What every part is given: where its objects and Secrets go, and the namespaces to wait for. */
export interface PartArgs {
  context: Omit<RegisterContext, "parent" | "prefix">;
}

function adminPassword(name: string, parent: pulumi.Resource): pulumi.Output<string> {
  return pulumi.secret(new random.RandomPassword(name, { length: 24, special: false }, { parent, additionalSecretOutputs: ["result"] }).result);
}

function chartOf(name: string, plan: ChartPlan, args: PartArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): k8s.helm.v4.Chart {
  return thirdPartyChart(name, {
    target: args.context.target,
    pin: plan.pin,
    namespace: args.context.namespaces[plan.namespace] ?? plan.namespace,
    values: plan.values,
    dependsOn,
    parent,
  });
}

export interface MonitoringArgs extends PartArgs {
  plan: NonNullable<OperationsPlan["monitoring"]>;
}

/** kube-prometheus-stack, DIGIT's exporters, scrape targets, probes, alert rules and dashboards. */
export class Monitoring extends pulumi.ComponentResource {
  public readonly chart: k8s.helm.v4.Chart;
  /** Grafana's admin password (user `admin`), a secret */
  public readonly grafanaAdminPassword: pulumi.Output<string>;
  /** every job a dashboard or rule may name */
  public readonly jobs: string[];

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:Monitoring", name, {}, opts);
    const ns = args.plan.chart.namespace;
    const ctx: RegisterContext = { ...args.context, parent: this, prefix: name };
    this.grafanaAdminPassword = adminPassword(`${name}-grafana-admin`, this);
    const secrets: K8sObject[] = [secret(grafanaAdminSecret, ns, "monitoring", { "admin-user": "admin", "admin-password": this.grafanaAdminPassword })];
    if (args.plan.alertmanager)
      secrets.push(secret(alertmanagerConfigSecret, ns, "monitoring", { "alertmanager.yaml": alertmanagerYaml(args.plan.alertmanager) }));
    const chartSecrets = registerObjects(ctx, secrets);
    this.chart = chartOf(`${name}-kube-prometheus-stack`, args.plan.chart, args, this, chartSecrets);
    registerObjects({ ...ctx, crdDependsOn: [this.chart] }, args.plan.objects);
    this.jobs = args.plan.scrape.jobs;
    this.registerOutputs({ grafanaAdminPassword: this.grafanaAdminPassword });
  }
}

export interface ObjectsPartArgs extends PartArgs {
  objects: K8sObject[];
}

/** The OpenTelemetry collector DIGIT's services send spans to, and Tempo. */
export class Tracing extends pulumi.ComponentResource {
  constructor(name: string, args: ObjectsPartArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:Tracing", name, {}, opts);
    registerObjects({ ...args.context, parent: this, prefix: name }, args.objects);
    this.registerOutputs({});
  }
}

/** Alloy on every node and Loki. */
export class Logs extends pulumi.ComponentResource {
  constructor(name: string, args: ObjectsPartArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:Logs", name, {}, opts);
    registerObjects({ ...args.context, parent: this, prefix: name }, args.objects);
    this.registerOutputs({});
  }
}

export interface JenkinsArgs extends PartArgs {
  plan: ChartPlan;
}

/** Jenkins in the cluster, building and baking images with Kaniko. */
export class Jenkins extends pulumi.ComponentResource {
  /** the admin password (user `admin`), a secret */
  public readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: JenkinsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:Jenkins", name, {}, opts);
    const ctx: RegisterContext = { ...args.context, parent: this, prefix: name };
    this.adminPassword = adminPassword(`${name}-admin`, this);
    const secrets = registerObjects(ctx, [secret(jenkinsAdminSecret, args.plan.namespace, "cicd", { "admin-user": "admin", "admin-password": this.adminPassword })]);
    chartOf(`${name}-chart`, args.plan, args, this, secrets);
    this.registerOutputs({ adminPassword: this.adminPassword });
  }
}

export interface GitOpsAgentArgs extends PartArgs {
  plan: AgentPlan;
}

/**
 * The GitOps agent, pointed at the repository. Always through the cluster's own provider (never
 * rendered): it is what applies the rendered manifests.
 */
export class GitOpsAgent extends pulumi.ComponentResource {
  constructor(name: string, args: GitOpsAgentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:GitOpsAgent", name, {}, opts);
    const cluster = args.context.secretsTarget;
    const context = { ...args.context, target: cluster };
    // The repository's credentials and the Secrets the chart's hooks would have made exist before the chart's pods start.
    const generated = args.plan.generated.map((g) =>
      secret(g.name, g.namespace, "gitops", { [g.key]: adminPassword(`${name}-${g.name}`, this) }),
    );
    const secrets = registerObjects({ ...context, parent: this, prefix: name }, [
      ...args.plan.secrets.map((s) => ({ ...s, stringData: Object.fromEntries(Object.entries(s.stringData).map(([k, v]) => [k, pulumi.secret(v as string)])) })),
      ...generated,
    ]);
    const chart = chartOf(`${name}-chart`, { pin: args.plan.chart, namespace: args.plan.namespace, values: args.plan.values }, { context }, this, secrets);
    registerObjects({ ...context, parent: this, prefix: name, crdDependsOn: [chart] }, args.plan.objects);
    this.registerOutputs({});
  }
}
