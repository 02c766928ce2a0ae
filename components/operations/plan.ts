import type { DigitConfig } from "../../config/schema";
import type { StorageOffer } from "../../providers/target";
import type { ChartPin } from "../charts";
import { alertmanagerConfig } from "./alertmanager";
import { Dashboard, dashboardConfigMaps, dashboards } from "./dashboards";
import { agentPlan, AgentPlan } from "./gitops";
import { jenkinsValues } from "./jenkins";
import { kubePrometheusValues } from "./kube-prometheus";
import { logsObjects } from "./logs";
import type { K8sObject, RenderPlace } from "./objects";
import { jenkinsChart, kubePrometheusStackChart } from "./pins";
import { prometheusRule, RuleGroup, ruleGroups } from "./rules";
import { ScrapeInput, scrapePlan, ScrapePlan } from "./scrape";
import { jenkinsNamespace, OperationsSettings, operationsSettings } from "./settings";
import { namespaces } from "../namespaces";
import { tracingObjects } from "./tracing";
import type { BackboneFacts, BackboneMetricsTarget, ServiceFacts } from "./wiring";

export interface OperationsInput {
  config: DigitConfig;
  /** resolved settings; default operationsSettings(config) */
  settings?: OperationsSettings;
  /** the deployed DIGIT services (serviceFacts of the platform's plan) */
  services: ServiceFacts[];
  /** where the backbone answers (backboneFacts of the platform's endpoints) */
  backbone: BackboneFacts;
  /** the metrics endpoints the backbone runs itself (Backbone.metrics); default none */
  backboneMetrics?: readonly BackboneMetricsTarget[];
  /** logins the exporters use */
  credentials: ScrapeInput["credentials"];
  /** the public edge, for the certificate probe; undefined = no probe */
  edge?: ScrapeInput["edge"];
  storage: StorageOffer;
  place: RenderPlace;
  /** the Pulumi stack, for the GitOps agent's objects */
  stack: string;
}

export interface ChartPlan {
  pin: ChartPin;
  namespace: string;
  values: Record<string, unknown>;
}

/** Everything operations registers, as plain data. */
export interface OperationsPlan {
  settings: OperationsSettings;
  monitoring?: {
    chart: ChartPlan;
    scrape: ScrapePlan;
    rules: RuleGroup[];
    dashboards: Dashboard[];
    /** Alertmanager's configuration (goes into a Secret) */
    alertmanager?: Record<string, unknown>;
    /** exporters, monitors, probes, the PrometheusRule and the dashboards' ConfigMaps */
    objects: K8sObject[];
  };
  tracing?: { objects: K8sObject[] };
  logs?: { objects: K8sObject[] };
  jenkins?: ChartPlan;
  agent?: AgentPlan;
}

export function planOperations(input: OperationsInput): OperationsPlan {
  const s = input.settings ?? operationsSettings(input.config);
  const plan: OperationsPlan = { settings: s };
  const interval = s.monitoring?.scrapeInterval ?? "30s";
  const monitored = !!s.monitoring;

  if (s.monitoring) {
    const scrape = scrapePlan({ services: input.services, backbone: input.backbone, backboneMetrics: input.backboneMetrics, credentials: input.credentials, edge: input.edge, interval, place: input.place });
    const rules = s.alerting
      ? ruleGroups({
          scraped: Object.keys(scrape.services).filter((n) => scrape.services[n].metrics),
          backbone: scrape.backbone,
          postgres: scrape.postgres,
          healthProbes: Object.values(scrape.services).some((x) => x.healthProbe),
          edgeProbe: !!input.edge,
          certManager: !!input.edge?.certManager,
        })
      : [];
    const boards = dashboards({
      services: Object.keys(scrape.services).filter((n) => scrape.services[n].metrics),
      backbone: scrape.backbone,
      postgres: scrape.postgres,
      healthProbes: Object.values(scrape.services).some((x) => x.healthProbe),
    });
    plan.monitoring = {
      chart: {
        pin: kubePrometheusStackChart,
        namespace: namespaces.monitoring,
        values: kubePrometheusValues({ monitoring: s.monitoring, alerting: s.alerting, logs: !!s.logs, tracing: !!s.tracing, storage: input.storage, place: input.place }),
      },
      scrape,
      rules,
      dashboards: boards,
      alertmanager: s.alerting ? alertmanagerConfig(s.alerting) : undefined,
      objects: [...scrape.objects, ...(rules.length ? [prometheusRule(rules)] : []), ...dashboardConfigMaps(boards)],
    };
  }
  if (s.tracing)
    plan.tracing = { objects: tracingObjects({ tracing: s.tracing, storageClass: input.storage.standard, place: input.place, monitored, interval }) };
  if (s.logs)
    plan.logs = {
      objects: logsObjects({ logs: s.logs, highAvailability: s.highAvailability, storageClass: input.storage.standard, place: input.place, monitored, interval }),
    };
  if (s.jenkins)
    plan.jenkins = {
      pin: jenkinsChart,
      namespace: jenkinsNamespace,
      values: jenkinsValues({ highAvailability: s.highAvailability, storageClass: input.storage.standard, place: input.place }),
    };
  if (s.delivery.mode === "gitops") plan.agent = agentPlan({ delivery: s.delivery, stack: input.stack, place: input.place, repositorySecret: s.delivery.repositorySecret });
  return plan;
}

