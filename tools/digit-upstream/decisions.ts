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
];

/** Releases eGov's helmfiles install that the platform provides in its own way. */
export const excludedReleases: ReadonlyArray<{ name: string; group: Group; reason: string }> = [
  {
    name: "configmaps",
    group: "core-services",
    reason:
      "DIGIT's shared config (egov-config, egov-service-host) and Secrets: the platform creates them from its backbone, generated credentials and the deployed services (components/config)",
  },
];
