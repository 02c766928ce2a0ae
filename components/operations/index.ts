import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../../providers/target";
import type { DigitConfig } from "../../config/schema";
import { GitOpsAgent, Jenkins, Logs, Monitoring, Tracing, PartArgs } from "./parts";
import { OperationsPlan, planOperations } from "./plan";
import type { ScrapeInput } from "./scrape";
import type { OperationsSettings } from "./settings";
import type { BackboneFacts, BackboneMetricsTarget, ServiceFacts } from "./wiring";

export { operationsSettings, operationsNamespaces, agentNamespaces, jenkinsNamespace } from "./settings";
export type { OperationsSettings, DeliverySettings } from "./settings";
export { planOperations } from "./plan";
export type { OperationsPlan, OperationsInput } from "./plan";
export { serviceFacts, backboneFacts, wireTracing, wireJavaAgent, tracingEnv, collectorHost } from "./wiring";
export type { ServiceFacts, BackboneFacts, BackboneMetricsTarget } from "./wiring";
export { deliveryTargets, rendersManifests, clusterOnlyUrnPatterns, operatorEnvSecret } from "./gitops";
export type { DeliveryTargets } from "./gitops";
export { ciDelivery } from "./delivery";
export type { CiDelivery, CiMode } from "./delivery";
export { ruleGroups } from "./rules";
export { dashboards } from "./dashboards";
export { scrapePlan, exporterJobs, healthJob, edgeJob } from "./scrape";
export { Monitoring, Tracing, Logs, Jenkins, GitOpsAgent } from "./parts";

export interface OperationsArgs {
  /** the cluster: its provider applies Secrets and the GitOps agent (and everything else in direct mode) */
  target: Target;
  /** where every other object goes: the render provider's target in gitops mode (deliveryTargets); default: `target` */
  deliveryTarget?: Target;
  /** the validated `digit` config: operations, delivery, profile */
  config: DigitConfig;
  /** resolved settings when the caller already made them; default: operationsSettings(config) */
  settings?: OperationsSettings;
  /** the deployed DIGIT services: names, ports, health and metrics paths (serviceFacts of the platform's plan) */
  services: ServiceFacts[];
  /** the backbone's addresses (backboneFacts of the platform's endpoints); a part left out gets no exporter */
  backbone: BackboneFacts;
  /** the metrics endpoints the backbone runs itself (Backbone.metrics): scraped instead of running an exporter here; default none */
  backboneMetrics?: readonly BackboneMetricsTarget[];
  /** logins of the Postgres and Elasticsearch exporters (Pulumi secrets); default: none */
  credentials?: ScrapeInput["credentials"];
  /** the public edge, probed for its certificate; default: not probed */
  edge?: ScrapeInput["edge"];
  /** Namespace name outputs by name (DigitNamespaces.names), so objects wait for their namespace; default: none */
  namespaces?: Record<string, pulumi.Input<string>>;
}

/**
 * Operations of a DIGIT platform: monitoring and alerting (kube-prometheus-stack, exporters, DIGIT's
 * dashboards and rules), tracing (OpenTelemetry collector, Tempo), logs (Alloy, Loki), Jenkins, and
 * the GitOps agent. Each part is optional per stack and sized by profile (settings.ts).
 */
export class Operations extends pulumi.ComponentResource {
  /** the pure plan the parts were registered from */
  public readonly plan: OperationsPlan;
  public readonly monitoring?: Monitoring;
  public readonly tracing?: Tracing;
  public readonly logs?: Logs;
  public readonly jenkins?: Jenkins;
  public readonly gitopsAgent?: GitOpsAgent;
  /** Grafana's admin password (user `admin`), a secret; undefined without monitoring */
  public readonly grafanaAdminPassword?: pulumi.Output<string>;

  constructor(name: string, args: OperationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:operations:Operations", name, {}, opts);
    const t = args.target;
    const plan = planOperations({
      config: args.config,
      settings: args.settings,
      services: args.services,
      backbone: args.backbone,
      backboneMetrics: args.backboneMetrics,
      credentials: args.credentials ?? {},
      edge: args.edge,
      storage: t.storage,
      place: { mirror: t.registry.mirror, pullSecretName: t.registry.pullSecretName, proxy: t.proxy },
      stack: pulumi.getStack(),
    });
    this.plan = plan;
    const part: PartArgs = { context: { target: args.deliveryTarget ?? t, secretsTarget: t, namespaces: args.namespaces ?? {} } };
    const o = { parent: this };

    if (plan.monitoring) {
      this.monitoring = new Monitoring(`${name}-monitoring`, { ...part, plan: plan.monitoring }, o);
      this.grafanaAdminPassword = this.monitoring.grafanaAdminPassword;
    }
    // Their ServiceMonitors need the monitoring chart's CRDs.
    const crds = this.monitoring ? { context: { ...part.context, crdDependsOn: [this.monitoring.chart] } } : part;
    if (plan.tracing) this.tracing = new Tracing(`${name}-tracing`, { ...crds, objects: plan.tracing.objects }, o);
    if (plan.logs) this.logs = new Logs(`${name}-logs`, { ...crds, objects: plan.logs.objects }, o);
    if (plan.jenkins) this.jenkins = new Jenkins(`${name}-jenkins`, { ...part, plan: plan.jenkins }, o);
    if (plan.agent) this.gitopsAgent = new GitOpsAgent(`${name}-gitops`, { ...part, plan: plan.agent }, o);
    this.registerOutputs({ grafanaAdminPassword: this.grafanaAdminPassword });
  }
}
