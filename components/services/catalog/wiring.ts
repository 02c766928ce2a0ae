/**
 * egov-service-host and the wiring check.
 *
 * egov-service-host lists the deployed services only (`<name>: http://<name>.<namespace>:8080/`).
 * eGov's own ConfigMap lists about a hundred hosts, many of them services DIGIT 2.9 LTS does not
 * deploy (and some in a namespace `staging` that does not exist); listing those would make a
 * reference to an absent service look resolved and fail at run time instead. Here such a
 * reference is a wiring problem, unless a deviation marks it optional (then the pod starts without
 * the variable and the reference is reported as a gap).
 */
import { backboneNeedReasons } from "./needs";
import { gatewayService, routesWithoutGateway } from "./routes";
import { findService } from "./select";
import { BackbonePart, Catalog, chartConventions, EnvSpec, ServiceSpec } from "./types";
import { catalogLts } from "./lts";

type OriginEnv = EnvSpec & { where: string };
const describeEnv = (e: OriginEnv) => `${e.name}${e.where}`;

/** What the platform provides to the services. */
export interface Availability {
  /** ConfigMap name -> keys it holds */
  configKeys: Record<string, readonly string[]>;
  /** Secret name -> keys it holds */
  secrets: Record<string, readonly string[]>;
  /** backbone parts that are deployed (or given by the target) */
  backbone: ReadonlySet<BackbonePart>;
}

/** In-cluster URL of a service, as egov-service-host lists it. */
export function serviceUrl(s: Pick<ServiceSpec, "name" | "namespace">): string {
  return `http://${s.name}.${s.namespace}:${chartConventions.port}/`;
}

/** egov-service-host entries of the deployed services. */
export function hostEntries(services: readonly ServiceSpec[]): Record<string, string> {
  return Object.fromEntries(services.map((s) => [s.name, serviceUrl(s)]));
}

/**
 * One unresolved reference, e.g. service egov-pg-service, detail EGOV_BILLINGSERVICE_HOST, verb
 * read, thing egov-service-host/billing-service, condition "but billing-service is not deployed",
 * fix "add module business to digit:modules".
 */
interface Finding {
  service: string;
  /** the env var, or why the service needs a backbone part */
  detail: string;
  verb: "read" | "name" | "call" | "need";
  thing: string;
  condition: string;
  fix: string;
  /** set: the reference may dangle (a gap, not an error) */
  optional?: string;
}

/** How to get a service that is not deployed. */
function howToGet(name: string, catalog: Catalog): string {
  const svc = findService(name, catalog);
  if (svc) return `add module ${svc.module} to digit:modules`;
  const ex = catalog.excluded.find((x) => x.name === name);
  if (ex) return `${name} is not deployed by this project (${ex.reason})`;
  return `${name} is not a DIGIT ${catalog.version} service: remove the reference or mark it optional (components/services/catalog/deviations.ts)`;
}

const urlHost = /\bhttps?:\/\/([A-Za-z0-9.-]+)/g;

/** Services a literal names by in-cluster URL (`http://egov-otp:8080/...`, `http://x.egov:8080`, `x.egov.svc...`). */
function literalHosts(value: string, namespace: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(urlHost)) {
    const labels = m[1].toLowerCase().split(".");
    const inCluster = labels.length === 1 || labels[1] === namespace || labels[2] === "svc";
    if (inCluster && labels[0] !== "localhost") out.push(labels[0]);
  }
  return [...new Set(out)];
}

function envFindings(svc: ServiceSpec, e: OriginEnv, deployed: Set<string>, available: Availability, catalog: Catalog): Finding[] {
  const optional = "optional" in e ? e.optional : undefined;
  const found = (verb: Finding["verb"], thing: string, condition: string, fix: string): Finding[] => [
    { service: svc.name, detail: describeEnv(e), verb, thing, condition, fix, ...(optional ? { optional } : {}) },
  ];

  if ("configMap" in e && e.configMap === "egov-service-host") {
    const thing = `egov-service-host/${e.key}`;
    if (!deployed.has(e.key)) return found("read", thing, `but ${e.key} is not deployed`, howToGet(e.key, catalog));
    if (!(available.configKeys["egov-service-host"] ?? []).includes(e.key))
      return found("read", thing, "which ConfigMap egov-service-host does not list", `add ${e.key} (see hostEntries)`);
    return [];
  }
  if ("configMap" in e) {
    const keys = available.configKeys[e.configMap];
    if (!keys) return found("read", `ConfigMap ${e.configMap}`, "which the platform does not create", `create it with key ${e.key}`);
    if (!keys.includes(e.key))
      return found("read", `${e.configMap}/${e.key}`, "which the platform does not provide", `add key ${e.key} to ConfigMap ${e.configMap}`);
    return [];
  }
  if ("secret" in e) {
    const keys = available.secrets[e.secret];
    if (!keys) return found("read", `Secret ${e.secret}`, "which the platform does not create", `create it with key ${e.key}`);
    if (!keys.includes(e.key))
      return found("read", `Secret ${e.secret}/${e.key}`, "which the platform does not provide", `add key ${e.key} to Secret ${e.secret}`);
    return [];
  }
  if ("value" in e)
    return literalHosts(e.value, svc.namespace)
      .filter((h) => h !== svc.name && !deployed.has(h))
      .flatMap((h) => found("name", `http://${h}`, `but ${h} is not deployed`, howToGet(h, catalog)));
  return [];
}

function serviceFindings(svc: ServiceSpec, deployed: Set<string>, available: Availability, catalog: Catalog): Finding[] {
  const env: OriginEnv[] = [...svc.env.map((e) => ({ ...e, where: "" })), ...(svc.dbMigration?.env ?? []).map((e) => ({ ...e, where: " of the DB migration" }))];
  const findings = env.flatMap((e) => envFindings(svc, e, deployed, available, catalog));

  const reasons = new Map(backboneNeedReasons(svc).map((n) => [n.part, n.because]));
  for (const part of new Set([...svc.needs, ...reasons.keys()]))
    if (!available.backbone.has(part))
      findings.push({
        service: svc.name,
        detail: reasons.get(part) ?? "per the catalog",
        verb: "need",
        thing: part,
        condition: "which the platform does not provide",
        fix: `deploy ${part} (digit:backbone or the target) or leave out the modules that use it`,
      });
  return findings;
}

function allFindings(services: readonly ServiceSpec[], available: Availability, catalog: Catalog): Finding[] {
  const deployed = new Set(services.map((s) => s.name));
  return services.flatMap((s) => serviceFindings(s, deployed, available, catalog));
}

const maxReaders = 6;

/**
 * Findings that differ only in the reader become one message, so a missing key of the common env
 * is reported once, naming the services and variables that read it.
 */
function messages(findings: Finding[], tail: (f: Finding) => string): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = [f.verb, f.thing, f.condition, f.fix, f.optional ?? ""].join("\u0000");
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.values()].map((group) => {
    const f = group[0];
    const byService = new Map<string, string[]>();
    for (const g of group) byService.set(g.service, [...(byService.get(g.service) ?? []), g.detail]);
    if (byService.size === 1) {
      const details = [...byService.values()][0];
      const plural = details.length > 1 && (f.verb === "read" || f.verb === "name");
      const subject =
        f.verb === "read" || f.verb === "name"
          ? `${f.service}: ${details.join(", ")} ${plural ? f.verb : `${f.verb}s`} ${f.thing}`
          : `${f.service}: ${f.verb}s ${f.thing} (${details.join("; ")})`;
      return `${subject}, ${f.condition}${tail(f)}`;
    }
    const readers = [...byService.entries()].map(([svc, d]) => `${svc} (${d.join("; ")})`);
    const shown = readers.length > maxReaders ? [...readers.slice(0, maxReaders), `${readers.length - maxReaders} more`] : readers;
    return `${byService.size} services ${f.verb} ${f.thing}, ${f.condition}: ${shown.join(", ")}${tail(f)}`;
  });
}

/**
 * Problems that make deployed services fail: a reference to a service that is not deployed, a
 * ConfigMap or Secret key the platform does not provide, a backbone part that is missing. Each
 * names the service, the env var, the missing thing and the fix. Empty: the wiring is complete.
 */
export function checkWiring(services: readonly ServiceSpec[], available: Availability, catalog: Catalog = catalogLts): string[] {
  return messages(
    allFindings(services, available, catalog).filter((f) => !f.optional),
    (f) => `: ${f.fix}`,
  );
}

/**
 * What is deployed but cannot work fully: optional references that dangle (with the catalog's
 * reason) and gateway routes left unexposed because zuul is not deployed.
 */
export function wiringGaps(services: readonly ServiceSpec[], available: Availability, catalog: Catalog = catalogLts): string[] {
  const gaps = messages(
    allFindings(services, available, catalog).filter((f) => f.optional),
    (f) => `; optional: ${f.optional}`,
  );
  const hidden = routesWithoutGateway(services);
  if (hidden.length)
    gaps.push(
      `${hidden.length} routes sit behind the gateway ${gatewayService}, which is not deployed, so they are not exposed ` +
        `(${hidden.map((r) => r.path).join(", ")}): ${howToGet(gatewayService, catalog)}`,
    );
  return gaps;
}
