/**
 * Generates components/services/catalog/v2.9.ts from DIGIT's fact table (catalog-v2.9.yaml):
 *
 *   npx ts-node --transpile-only tools/import-catalog.ts [facts.yaml] [--out <file.ts>]
 *
 * The program never reads the fact table at run time; this tool turns it into typed data once.
 * It applies the decisions of components/services/catalog/curation.ts and fails when the facts
 * and those decisions no longer agree (an unknown release-chart entry, a stale decision, a
 * summary list that contradicts the env).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { selectableModules } from "../config/modules";
import { mebibytes } from "../lib/quantity";
import { curation as defaultCuration, Curation, EnvDecision } from "../components/services/catalog/curation";
import { backboneNeeds } from "../components/services/catalog/needs";
import type { Catalog, CatalogModuleName, EnvSpec, ModuleSpec, ServiceSpec } from "../components/services/catalog/types";
import { chartConventions } from "../components/services/catalog/types";

export const defaultFactsPath = "/work/shared/digit/catalog-v2.9.yaml";
export const defaultOutPath = path.join(__dirname, "..", "components", "services", "catalog", "v2.9.ts");

const factEnv = z.union([
  z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).transform(String) }).strict(),
  z.object({ name: z.string(), configMap: z.string(), key: z.string() }).strict(),
  z.object({ name: z.string(), secret: z.string(), key: z.string() }).strict(),
  z.object({ name: z.string(), field: z.string() }).strict(),
]);

const factService = z
  .object({
    name: z.string(),
    note: z.string().optional(),
    chart: z.string().optional(),
    group: z.string().optional(),
    namespace: z.string().optional(),
    image: z.string().optional(),
    tag: z.string().optional(),
    dbMigration: z.object({ image: z.string(), tag: z.string(), schemaTable: z.string() }).strict().optional(),
    ingress: z.object({ context: z.string(), zuul: z.boolean() }).strict().optional(),
    health: z.object({ liveness: z.string(), readiness: z.string() }).strict().optional(),
    replicas: z.union([z.string(), z.number()]).optional(),
    appType: z.string().optional(),
    heap: z.string().optional(),
    memoryLimit: z.string().optional(),
    port: z.number().optional(),
    tracing: z.boolean().optional(),
    envNote: z.string().optional(),
    env: z.array(factEnv).optional(),
    callsServices: z.array(z.string()).optional(),
    usesConfig: z.array(z.string()).optional(),
    usesSecrets: z.array(z.string()).optional(),
  })
  .strict();

const factConfigMap = z.object({ namespaces: z.array(z.string()), keys: z.array(z.string()) }).strict();

const facts = z.object({
  source: z.object({ repository: z.string(), commit: z.string(), files: z.array(z.string()) }),
  version: z.string(),
  namespaces: z.array(z.string()),
  configMaps: z.object({ "egov-config": factConfigMap, "egov-service-host": factConfigMap }).strict(),
  secrets: z.record(z.string(), z.array(z.string())),
  commonEnv: z.object({ javaSpring: z.array(factEnv), tracing: z.array(factEnv), dbMigration: z.array(factEnv) }).strict(),
  modules: z.array(z.object({ name: z.string(), dependsOn: z.array(z.string()), services: z.array(factService) }).strict()),
});

type FactService = z.infer<typeof factService>;

const platformModules: readonly string[] = ["backbone", "authn-authz"];

function fail(msg: string): never {
  throw new Error(`catalog import: ${msg}`);
}

/** MiB of a JVM size flag such as 704m, 1g, 524288k. */
function jvmMiB(size: string, unit: string): number {
  const n = Number(size);
  switch (unit.toLowerCase()) {
    case "g":
      return n * 1024;
    case "k":
      return Math.round(n / 1024);
    default:
      return n;
  }
}

function xmxMiB(heap: string | undefined): number | undefined {
  const m = heap && /-Xmx(\d+)([kKmMgG])/.exec(heap);
  return m ? jvmMiB(m[1], m[2]) : undefined;
}

/** Tracks which curation entries were used, so stale ones fail the import. */
class Decisions {
  private used = new Set<string>();
  private id = (kind: string, d: { service: string; env?: string }) => `${kind}:${d.service}:${d.env ?? ""}`;
  find<T extends EnvDecision>(kind: string, list: readonly T[], service: string, env: string): T | undefined {
    const d = list.find((x) => x.service === service && x.env === env);
    if (d) this.used.add(this.id(kind, d));
    return d;
  }
  mark(kind: string, d: { service: string; env?: string }) {
    this.used.add(this.id(kind, d));
  }
  unused(kind: string, list: ReadonlyArray<{ service: string; env?: string }>): string[] {
    return list.filter((d) => !this.used.has(this.id(kind, d))).map((d) => `${kind} ${d.service}${d.env ? ` ${d.env}` : ""}`);
  }
}

function curatedEnv(s: FactService, decisions: Decisions, cur: Curation, notes: string[]): EnvSpec[] {
  const out: EnvSpec[] = [];
  for (const e of s.env ?? []) {
    const drop = decisions.find("drop", cur.droppedEnv, s.name, e.name);
    if (drop) {
      notes.push(`env ${e.name} left out: ${drop.reason}`);
      continue;
    }
    if ("key" in e && e.key === "") fail(`${s.name}: ${e.name} has an empty key: decide in curation.ts (droppedEnv)`);
    let entry: EnvSpec = { ...e } as EnvSpec;
    const replace = decisions.find("replace", cur.replacedValues, s.name, e.name);
    if (replace) {
      if (!("value" in entry)) fail(`${s.name}: ${e.name} is not a literal: it cannot be replaced`);
      notes.push(`env ${e.name} set to ${JSON.stringify(replace.value)} (DIGIT: ${JSON.stringify(entry.value)}): ${replace.reason}`);
      entry = { ...entry, value: replace.value };
    }
    const toSecret = decisions.find("secret", cur.secretEnv ?? [], s.name, e.name);
    if (toSecret) {
      if (!("value" in entry)) fail(`${s.name}: ${e.name} is not a literal: it cannot be moved to a Secret`);
      notes.push(`env ${e.name} read from Secret ${toSecret.secret} (key ${toSecret.key}) instead of DIGIT's literal: ${toSecret.reason}`);
      entry = { name: e.name, secret: toSecret.secret, key: toSecret.key };
    }
    const optional = decisions.find("optional", cur.optionalRefs, s.name, e.name);
    if (optional) {
      if ("field" in entry) fail(`${s.name}: ${e.name} is a pod field: it cannot be optional`);
      entry = { ...entry, optional: optional.reason };
    }
    out.push(entry);
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function sameList(name: string, what: string, derived: string[], fact: string[] | undefined) {
  const a = sorted(derived).join(",");
  const b = sorted((fact ?? []).filter((x) => x !== "")).join(",");
  if (a !== b) fail(`${name}: ${what} in the facts (${b}) differs from what its env reads (${a})`);
}

function importService(
  s: FactService,
  module: CatalogModuleName,
  decisions: Decisions,
  cur: Curation,
  commonEnv: Catalog["commonEnv"],
): ServiceSpec {
  if (!s.image || !s.tag || !s.chart) fail(`${s.name}: no image, tag or chart: add it to exclusions in curation.ts if it is not a DIGIT service`);
  if (s.namespace !== "egov") fail(`${s.name}: namespace ${s.namespace}, expected egov`);
  if (!(selectableModules as readonly string[]).includes(module)) fail(`${s.name}: module ${module} is not selectable (config/modules.ts)`);
  const notes: string[] = [];
  const env = curatedEnv(s, decisions, cur, notes);
  const hostKeys = env.flatMap((e) => ("configMap" in e && e.configMap === "egov-service-host" ? [e.key] : []));
  const configKeys = env.flatMap((e) => ("configMap" in e && e.configMap === "egov-config" ? [e.key] : []));
  const secretKeys = env.flatMap((e) => ("secret" in e ? [`${e.secret}/${e.key}`] : []));
  sameList(s.name, "callsServices", hostKeys, s.callsServices);
  sameList(s.name, "usesConfig", configKeys, s.usesConfig);
  const curatedSecrets = (cur.secretEnv ?? []).filter((d) => d.service === s.name).map((d) => `${d.secret}/${d.key}`);
  sameList(s.name, "usesSecrets", secretKeys, [...(s.usesSecrets ?? []), ...curatedSecrets]);

  let memoryMiB: number;
  if (s.memoryLimit) memoryMiB = mebibytes(s.memoryLimit);
  else {
    memoryMiB = chartConventions.defaultMemoryMiB;
    notes.push(
      s.appType === "java-spring"
        ? `no memory limit in DIGIT's values: ${memoryMiB}Mi, DIGIT's common chart default`
        : `no memory limit in DIGIT's values (its chart sets none for this app type): ${memoryMiB}Mi, the common chart's java-spring default`,
    );
  }
  const heapMiB = xmxMiB(s.heap);
  if (heapMiB !== undefined && heapMiB >= memoryMiB)
    notes.push(`DIGIT's -Xmx${heapMiB}m does not fit its ${memoryMiB}Mi memory limit (the JVM would be OOM-killed)`);
  const workDir = env.filter((e) => "value" in e && e.value.includes("file:///work-dir/")).map((e) => e.name);
  if (workDir.length) notes.push(`reads files under /work-dir (${workDir.join(", ")}): DIGIT's configs must be mounted there`);
  for (const n of cur.serviceNotes.filter((n) => n.service === s.name)) {
    decisions.mark("note", n);
    notes.push(n.note);
  }

  if (s.dbMigration && (s.dbMigration.image !== `${s.image}-db` || s.dbMigration.tag !== s.tag))
    fail(`${s.name}: DB-migration image ${s.dbMigration.image}:${s.dbMigration.tag} is not ${s.image}-db:${s.tag}`);
  if (s.appType !== undefined && s.appType !== "java-spring") fail(`${s.name}: unknown appType ${s.appType}: add it to AppType`);
  if (s.ingress && s.ingress.context.startsWith("/")) fail(`${s.name}: ingress context ${s.ingress.context} starts with /`);

  const spec: ServiceSpec = {
    name: s.name,
    module: module as ServiceSpec["module"],
    namespace: "egov",
    image: s.image,
    tag: s.tag,
    chart: s.chart,
    ...(s.dbMigration ? { dbMigration: { ...s.dbMigration } } : {}),
    ...(s.ingress ? { ingress: { path: `/${s.ingress.context}`, zuul: s.ingress.zuul } } : {}),
    ...(s.health ? { health: { ...s.health } } : {}),
    replicas: Number(s.replicas ?? 1),
    ...(s.appType ? { appType: "java-spring" as const } : {}),
    memoryMiB,
    ...(heapMiB !== undefined ? { heapMiB } : {}),
    tracing: s.tracing ?? false,
    env,
    callsServices: sorted(hostKeys),
    usesConfig: sorted(configKeys),
    usesSecrets: sorted(secretKeys),
    needs: [],
  };
  spec.needs = backboneNeeds(spec, { commonEnv } as Catalog);
  if (notes.length) spec.notes = notes;
  return spec;
}

/** The typed catalog of a fact table (its parsed YAML), with the given decisions applied. */
export function importCatalog(raw: unknown, cur: Curation = defaultCuration): Catalog {
  const f = facts.parse(raw);
  const decisions = new Decisions();
  const commonEnv = {
    javaSpring: f.commonEnv.javaSpring as EnvSpec[],
    tracing: f.commonEnv.tracing as EnvSpec[],
    dbMigration: f.commonEnv.dbMigration as EnvSpec[],
  };
  const known = new Set<string>([...selectableModules, ...platformModules]);
  const excluded: Catalog["excluded"] = [];
  const modules: ModuleSpec[] = f.modules.map((m) => {
    if (!known.has(m.name)) fail(`module ${m.name} is neither selectable (config/modules.ts) nor provided by the platform`);
    const name = m.name as CatalogModuleName;
    const services: ServiceSpec[] = [];
    for (const s of m.services) {
      const ex = cur.exclusions.find((x) => x.name === s.name);
      if (ex) {
        if (ex.module !== name) fail(`${s.name} is excluded as part of ${ex.module} but the facts put it in ${name}`);
        excluded.push({ name: s.name, module: name, reason: ex.reason });
      } else if (platformModules.includes(name)) fail(`${s.name} of platform module ${name}: add it to exclusions in curation.ts`);
      else services.push(importService(s, name, decisions, cur, commonEnv));
    }
    return { name, dependsOn: m.dependsOn as CatalogModuleName[], providedByPlatform: platformModules.includes(name), services };
  });

  const moduleNames = modules.map((m) => m.name as string);
  for (const m of selectableModules) if (!moduleNames.includes(m)) fail(`module ${m} of config/modules.ts is not in the facts`);
  const stale = [
    ...decisions.unused("optional", cur.optionalRefs),
    ...decisions.unused("drop", cur.droppedEnv),
    ...decisions.unused("replace", cur.replacedValues),
    ...decisions.unused("secret", cur.secretEnv ?? []),
    ...decisions.unused("note", cur.serviceNotes),
    ...cur.exclusions.filter((x) => !excluded.some((e) => e.name === x.name)).map((x) => `exclusion ${x.name}`),
  ];
  if (stale.length) fail(`curation.ts entries that match nothing in the facts: ${stale.join("; ")}`);

  return {
    version: f.version,
    source: { repository: f.source.repository, commit: f.source.commit },
    modules,
    excluded,
    commonEnv,
    configMaps: {
      "egov-config": { namespaces: [...f.configMaps["egov-config"].namespaces], keys: [...f.configMaps["egov-config"].keys] },
      "egov-service-host": { namespaces: [...f.configMaps["egov-service-host"].namespaces], keys: [...f.configMaps["egov-service-host"].keys] },
    },
    secrets: withCuratedSecrets(f.secrets, cur),
  };
}

/** DIGIT's Secrets and their keys, plus the Secrets curation moves literal credentials into. */
function withCuratedSecrets(secrets: Record<string, string[]>, cur: Curation): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, [...v]]));
  for (const d of cur.secretEnv ?? []) out[d.secret] = sorted([...(out[d.secret] ?? []), d.key]);
  return out;
}

// ---- rendering as a readable TypeScript module ----

const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (ident.test(k) ? k : JSON.stringify(k));
const isPrimitive = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** One line for flat objects (env entries, DB migrations) and short lists; one entry per line otherwise. */
function literal(v: unknown, indent: string): string {
  if (isPrimitive(v)) return JSON.stringify(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const flat = v.every(isPrimitive) ? `[${v.map((x) => JSON.stringify(x)).join(", ")}]` : undefined;
    if (flat && flat.length + indent.length <= 110) return flat;
    return `[\n${v.map((x) => `${inner}${literal(x, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.every(([, x]) => isPrimitive(x))) return `{ ${entries.map(([k, x]) => `${key(k)}: ${JSON.stringify(x)}`).join(", ")} }`;
  return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${literal(x, inner)},`).join("\n")}\n${indent}}`;
}

/** The source text of the generated data module. */
export function renderCatalogModule(c: Catalog): string {
  const exclusionLines = c.excluded.map((e) => ` *   ${e.name} (${e.module}): ${e.reason}`).join("\n");
  return `/**
 * DIGIT ${c.version} service catalog, generated by tools/import-catalog.ts from DIGIT's fact table
 * of ${c.source.repository} at commit ${c.source.commit}.
 * Do not edit by hand: change the importer or curation.ts and regenerate.
 *
 * Left out of the release chart, because they are not DIGIT services of this project:
${exclusionLines}
 */
import type { Catalog } from "./types";

export const catalogV29: Catalog = ${literal(c, "")};
`;
}

function main(argv: string[]) {
  const outIdx = argv.indexOf("--out");
  const out = outIdx >= 0 ? argv[outIdx + 1] : defaultOutPath;
  const input = argv.find((a, i) => !a.startsWith("--") && (outIdx < 0 || i !== outIdx + 1)) ?? defaultFactsPath;
  const catalog = importCatalog(parse(fs.readFileSync(input, "utf8")));
  const text = renderCatalogModule(catalog);
  fs.writeFileSync(out, text);
  const counts = catalog.modules.map((m) => `${m.name} ${m.services.length}`).join(", ");
  console.log(`wrote ${out}: ${text.split("\n").length} lines; services per module: ${counts}; excluded ${catalog.excluded.length}`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
