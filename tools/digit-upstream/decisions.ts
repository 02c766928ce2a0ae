/**
 * The importer's hand-written decisions: how eGov's releases group into the modules a state
 * selects, what each module is for, and which releases are not DIGIT services of the platform.
 * The importer fails when a release has no decision or a decision matches no release, so a new
 * eGov release can never slip in (or out) unnoticed.
 */
import type { Group } from "./releases";

export interface ModuleDecision {
  name: string;
  description: string;
  /** eGov's helmfile group the releases come from */
  group: Group;
  /** releases of the group in this module; "*" = every release of the group not excluded or taken by another module */
  releases: readonly string[] | "*";
}

/** Core, common and analytics keep eGov's helmfile grouping (DIGIT's own names for them). */
export const moduleDecisions: readonly ModuleDecision[] = [
  {
    name: "core-services",
    group: "core-services",
    releases: "*",
    description:
      "DIGIT's platform services: users and login (OTP), access control, MDMS, localization, workflow, ID generation, encryption, file store, persister and indexer, notifications, PDF, URL shortener, payment gateway, and the API gateway",
  },
  {
    name: "common-services",
    group: "common-services",
    releases: "*",
    description: "billing and collections (demands, bills, receipts, apportioning), HRMS (employees), user events and notifications, document uploader, egov-pdf",
  },
  {
    name: "analytics",
    group: "analytics",
    releases: "*",
    description: "DSS dashboards (dashboard-analytics, dashboard-ingest) and the employee inbox",
  },
  // eGov's urban helmfile is one list; a state picks the municipal services it offers.
  { name: "complaints", group: "urban", releases: ["pgr-services"], description: "public grievance redressal (PGR): citizens' complaints and their resolution" },
  { name: "property-tax", group: "urban", releases: ["property-services", "pt-services-v2", "pt-calculator-v2"], description: "property registry, assessment and property tax" },
  { name: "trade-licence", group: "urban", releases: ["tl-services", "tl-calculator"], description: "trade licences: applications, renewals and fees" },
  {
    name: "water-sewerage",
    group: "urban",
    releases: ["ws-services", "ws-calculator", "sw-services", "sw-calculator"],
    description: "water and sewerage connections, metering and charges",
  },
  {
    name: "building-plans",
    group: "urban",
    releases: ["bpa-services", "bpa-calculator", "land-services", "noc-services", "egov-edcr"],
    description: "online building plan approval (OBPS): permits, scrutiny of drawings (eDCR), land information and NOCs",
  },
  { name: "fire-noc", group: "urban", releases: ["firenoc-services", "firenoc-calculator"], description: "fire no-objection certificates and their fees" },
  { name: "echallan", group: "urban", releases: ["echallan-services", "echallan-calculator"], description: "miscellaneous collections (e-challan / mCollect)" },
  { name: "birth-death", group: "urban", releases: ["birth-death-services"], description: "birth and death registration and certificates" },
  { name: "finance", group: "urban", releases: ["egov-finance"], description: "municipal accounting (eGov Finance ERP)" },
  { name: "survey", group: "urban", releases: ["egov-survey-services"], description: "citizen surveys" },
  { name: "reports", group: "urban", releases: ["report"], description: "configurable reports over DIGIT's data" },
  { name: "web-apps", group: "urban", releases: ["digit-ui", "citizen", "employee"], description: "the citizen and employee web apps: digit-ui and the older citizen and employee apps" },
];

/**
 * Java images that run an application server, not a Spring Boot jar: their runtime image is
 * eGov's WildFly (the service's Dockerfile at its tag's commit, egovernments/URBAN eefc57ea0b:
 * `FROM egovio/wildfly:1-helm-fin-e6312078`, CMD standalone.sh). The platform adds no Java agent
 * or actuator settings to them: a -javaagent that touches java.util.logging before JBoss's log
 * manager stops WildFly from starting (open-telemetry/opentelemetry-java-instrumentation#2546).
 */
export const wildflyApplications: Readonly<Record<string, string>> = {
  "egov-finance": "financial-module-system/finance/Dockerfile",
  "egov-edcr": "online-building-plan-approval-system/edcr/service/Dockerfile",
};

/**
 * Module dependencies the services' env cannot show: the web apps call DIGIT's APIs from the
 * browser through the gateway; the finance ERP names HRMS, billing and collections in its
 * properties (env.yaml's `microservice` block), not in egov-service-host.
 */
export const extraDependencies: Readonly<Record<string, readonly string[]>> = {
  "web-apps": ["core-services"],
  finance: ["core-services", "common-services"],
};

/** Releases eGov's helmfiles install that the platform provides in its own way. */
export const excludedReleases: ReadonlyArray<{ name: string; group: Group; reason: string }> = [
  {
    name: "configmaps",
    group: "core-services",
    reason:
      "DIGIT's shared config (egov-config, egov-service-host) and Secrets: the platform creates them from its backbone, generated credentials and the deployed services (components/config)",
  },
];
