/**
 * Where the platform deploys a DIGIT service differently from eGov's own DIGIT 2.9 LTS deployment
 * (the catalog, generated from eGov's charts), and why. This is the one reviewed list of
 * differences: env deviations are applied from here (components/services/plan.ts), object-level
 * ones are implemented by the renderer and the platform, and the conformance tests
 * (tests/conformance-*.test.ts) fail on any difference from eGov's rendering that no entry here
 * explains, and on any entry that no longer matches a difference.
 */
import type { EnvSpec } from "./types";

/** Which services an entry covers: names, or every deployed service. */
export type Selector = readonly string[] | "*";

export type EnvChange =
  /** the literal value is replaced (`optional`: the hosts it names may be absent, a gap) */
  | { set: string; optional?: true }
  /** read from another ConfigMap key */
  | { fromConfigMap: { name: string; key: string } }
  /** read from a Secret instead of a literal */
  | { fromSecret: { name: string; key: string } }
  /** left out */
  | { remove: true }
  /** rendered `optional: true`: the pod starts without it and the wiring check reports a gap */
  | { optional: true }
  /** added (not in eGov's env) */
  | { add: EnvSpec }
  /** set at plan time by the platform, from the place or the config; `by` names the code that does it */
  | { platform: string };

export interface EnvDeviation {
  kind: "env";
  services: Selector;
  /** the service's container (default) or its DB-migration init container */
  container?: "main" | "db-migration";
  env: string;
  change: EnvChange;
  reason: string;
}

/** Object-level differences implemented by the renderer or the platform. */
export type ObjectField =
  | "image-registry"
  | "labels"
  | "replicas"
  | "strategy"
  | "affinity"
  | "security-context"
  | "resources"
  | "probes"
  | "init-containers"
  | "volumes"
  | "service-account"
  | "rbac"
  | "ingress"
  | "objects";

export interface ObjectDeviation {
  kind: "object";
  services: Selector;
  field: ObjectField;
  /** what differs, in a sentence */
  what: string;
  reason: string;
}

/** A key of eGov's egov-config whose value the platform sets differently. */
export interface ConfigDeviation {
  kind: "egov-config";
  key: string;
  /** `platform`: the value comes from the place (endpoints, domain, tenant); `value`: a fixed different value */
  change: { value: string } | { platform: string } | { remove: true };
  reason: string;
}

export type Deviation = EnvDeviation | ObjectDeviation | ConfigDeviation;

const dssOrHealth = "belongs to a DIGIT product that is not part of DIGIT 2.9 LTS's helmfiles";

export const deviations: readonly Deviation[] = [
  // ---- env: security ----
  {
    kind: "env",
    services: ["egov-user"],
    env: "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED",
    change: { set: "false" },
    reason: "eGov's environment turns on a fixed citizen OTP (123456) for demos: anyone could log in as any citizen. Never a default here",
  },
  // ---- env: hosts that do not exist in eGov's LTS deployment ----
  {
    kind: "env",
    services: ["collection-services"],
    env: "EGOV_MDMS_HOST",
    change: { fromConfigMap: { name: "egov-service-host", key: "egov-mdms-service" } },
    reason:
      "eGov's chart points it at internal-gateway-scg, which no LTS helmfile deploys (every MDMS call of collections would fail); the internal gateway forwards /egov-mdms-service/... unchanged, so MDMS itself serves the same paths",
  },
  {
    kind: "env",
    services: ["egov-pg-service"],
    env: "EGOV_BANKACCOUNTSERVICE_HOST",
    change: { optional: true },
    reason: "egf-master (finance masters) is not deployed by DIGIT 2.9 LTS's core or common helmfiles; only bank-account lookups of the payment gateway use it",
  },
  {
    kind: "env",
    services: ["egov-pg-service"],
    env: "EGOV_BUSINESSDETAILSSERVICE_HOST",
    change: { optional: true },
    reason: "egov-common-masters is a legacy service DIGIT 2.9 LTS does not deploy",
  },
  {
    kind: "env",
    services: ["inbox", "egov-pdf"],
    env: "EGOV_SEARCHER_HOST",
    change: { optional: true },
    reason: "egov-searcher is not in DIGIT 2.9 LTS's helmfiles; only inbox/PDF configurations that search through it need it",
  },
  { kind: "env", services: ["inbox"], env: "EGOV_VEHICLE_HOST", change: { optional: true }, reason: `vehicle (FSM, sanitation) ${dssOrHealth}` },
  { kind: "env", services: ["egov-hrms"], env: "EGOV_INDIVIDUAL_HOST", change: { optional: true }, reason: `individual (health campaigns) ${dssOrHealth}; HRMS calls it only for individual-backed employees` },
];

const urbanCaller = (what: string) => `${what} belongs to DIGIT's urban modules; the PDFs and receipts of those modules need them deployed`;

deviations_push(
  {
    kind: "env",
    services: ["gateway"],
    env: "URL_LISTS",
    change: { optional: true },
    reason: "Punjab's rainmaker-custom-service hooks (not part of DIGIT); the gateway calls them only when CUSTOM_FILTER_PROPERTY is true, and eGov sets it false",
  },
  {
    kind: "env",
    services: ["gateway"],
    env: "GATEWAY_ROUTES_TL_CALCULATOR_URL",
    change: { optional: true },
    reason: "tl-calculator is the trade licence module's calculator; the route is used once that module is deployed",
  },
  {
    kind: "env",
    services: ["billing-service"],
    env: "BS_BUSINESSCODE_DEMAND_UPDATEURL",
    change: {
      set: "{'PT':'http://pt-calculator-v2.egov:8080/pt-calculator-v2/propertytax/_updatedemand','WS':'http://ws-calculator.egov:8080/ws-calculator/waterCalculator/_updateDemand','SW':'http://sw-calculator.egov:8080/sw-calculator/sewerageCalculator/_updateDemand','TL':''}",
      optional: true,
    },
    reason:
      "eGov's env.yaml sends these demand updates through internal-gateway-scg, which no LTS helmfile deploys; the internal gateway forwards the same paths, so billing calls the calculators directly (used once property tax / water and sewerage are deployed)",
  },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_TLSERVICES_HOST", change: { optional: true }, reason: urbanCaller("tl-services (trade licence)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_TRADELICENSESERVICES_HOST", change: { optional: true }, reason: urbanCaller("tl-services (trade licence)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_PTSERVICES_HOST", change: { optional: true }, reason: urbanCaller("property-services (property tax)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_ECHALLAN_HOST", change: { optional: true }, reason: urbanCaller("echallan-services (e-challan)") },
);

function deviations_push(...ds: Deviation[]) {
  (deviations as Deviation[]).push(...ds);
}

const matches = (sel: Selector, name: string) => sel === "*" || sel.includes(name);

/** The env deviations of one service's container (or its DB migration). */
export function envDeviationsFor(service: string, container: "main" | "db-migration" = "main"): EnvDeviation[] {
  return deviations.filter((d): d is EnvDeviation => d.kind === "env" && matches(d.services, service) && (d.container ?? "main") === container);
}

/**
 * eGov's env with the deviations applied: values replaced, sources changed, entries removed or
 * marked optional, entries added. `platform` entries are left to the code that sets them.
 */
export function applyEnvDeviations(env: readonly EnvSpec[], service: string, container: "main" | "db-migration" = "main"): EnvSpec[] {
  const ds = envDeviationsFor(service, container);
  const out: EnvSpec[] = [];
  for (const e of env) {
    const d = ds.find((x) => x.env === e.name);
    if (!d) {
      out.push(e);
      continue;
    }
    const c = d.change;
    if ("remove" in c) continue;
    if ("set" in c) out.push({ name: e.name, value: c.set, ...(c.optional ? { optional: d.reason } : {}) });
    else if ("fromConfigMap" in c) out.push({ name: e.name, configMap: c.fromConfigMap.name, key: c.fromConfigMap.key });
    else if ("fromSecret" in c) out.push({ name: e.name, secret: c.fromSecret.name, key: c.fromSecret.key });
    else if ("optional" in c) out.push("field" in e ? e : { ...e, optional: d.reason });
    else out.push(e);
  }
  for (const d of ds) if ("add" in d.change) out.push(d.change.add);
  return out;
}
