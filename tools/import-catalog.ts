/**
 * Generates components/services/catalog/lts.ts, the typed DIGIT catalog, from eGov's DIGIT 2.9
 * LTS deployment as vendored in vendor/egov/ (refresh that with tools/vendor-digit.ts):
 *
 *   npx ts-node --transpile-only tools/import-catalog.ts [--out <file.ts>] [--check]
 *
 * Every release of the core-services, common-services, analytics and urban helmfiles is rendered
 * through its chart exactly as eGov's helmfile renders it (tools/helm-template), and each
 * service's catalog entry is read off the rendered objects plus the facts of its image's source.
 * Grouping into modules and exclusions are the decisions of tools/digit-upstream/decisions.ts;
 * the importer fails when a release has none or a decision matches nothing. `--check` exits 1
 * when the committed file differs from what the vendored upstream gives (a test runs it).
 */
import * as fs from "fs";
import * as path from "path";
import { mebibytes } from "../lib/quantity";
import { backboneNeeds } from "../components/services/catalog/needs";
import { envDeviationsFor } from "../components/services/catalog/deviations";
import { workDirFiles } from "../components/services/catalog/env";
export { workDirFiles };
import type { Catalog, ConfigFileSpec, ConfigRepoSpec, EnvSpec, MdmsMasterSpec, ModuleSpec, ProbeSpec, ServiceSpec } from "../components/services/catalog/types";
import { excludedReleases, extraDependencies, ModuleDecision, moduleDecisions, wildflyApplications } from "./digit-upstream/decisions";
import { ConfigFileAttribution, configFileModules, mdmsReads, mdmsVerifiedTenant } from "./digit-upstream/config-files";
import { readManifest, Group, groupHelmfiles, readHelmfile, vendorRoot } from "./digit-upstream/releases";
import { upstreamService, upstreamSharedConfig, UpstreamProbe, UpstreamService } from "./digit-upstream/services";
import { renderGroup } from "./digit-upstream/releases";
import { externalDefaults, serviceProperties } from "./digit-upstream/properties";

export const defaultOutPath = path.join(__dirname, "..", "components", "services", "catalog", "lts.ts");

function fail(msg: string): never {
  throw new Error(`catalog import: ${msg}`);
}

function probe(p: UpstreamProbe | undefined, where: string): ProbeSpec | undefined {
  if (!p) return undefined;
  const need = (k: keyof UpstreamProbe) => (typeof p[k] === "number" ? (p[k] as number) : fail(`${where}: probe ${p.path} has no ${k}`));
  return {
    path: p.path,
    initialDelaySeconds: need("initialDelaySeconds"),
    periodSeconds: need("periodSeconds"),
    timeoutSeconds: need("timeoutSeconds"),
    successThreshold: need("successThreshold"),
    failureThreshold: need("failureThreshold"),
  };
}

function configRepo(u: UpstreamService): ConfigRepoSpec | undefined {
  if (!u.gitSync) return undefined;
  const dir = /egov-mdms-data$/.test(u.gitSync.repo) ? "egov-mdms-data" : /\/configs$/.test(u.gitSync.repo) ? "configs" : fail(`${u.name}: git-sync of unknown repository ${u.gitSync.repo}`);
  return { dir, repo: u.gitSync.repo, branch: u.gitSync.branch, files: attributeFiles(u.name, workDirFiles(u.env as EnvSpec[], dir)) };
}

/**
 * eGov's file list of a service, each file with the module it serves (tools/digit-upstream/config-files.ts).
 * Fails on a file without an attribution, so a file new upstream is decided before it is deployed.
 */
export function attributeFiles(
  service: string,
  files: readonly string[],
  attributions: Readonly<Record<string, ConfigFileAttribution>> = configFileModules,
  modules: readonly string[] = moduleDecisions.map((d) => d.name),
): ConfigFileSpec[] {
  return files.map((path) => {
    const a =
      attributions[path] ??
      fail(`${service} reads ${path}, which no entry of tools/digit-upstream/config-files.ts attributes to a module: decide which module it serves (the topics it maps, who asks for its PDF) and add it`);
    if ("notDeployed" in a) return { path, notDeployed: a.notDeployed };
    if (!modules.includes(a.module)) fail(`${path} is attributed to ${a.module}, which is no module of tools/digit-upstream/decisions.ts`);
    return { path, module: a.module };
  });
}

/** The folders of vendor/egov/trees/egov-mdms-data.txt at data/<tenant>/. */
export function mdmsTreeFolders(tenant: string, treeFile = path.join(vendorRoot, "trees", "egov-mdms-data.txt")): Set<string> {
  const prefix = `data/${tenant}/`;
  const lines = fs.readFileSync(treeFile, "utf8").split("\n");
  return new Set(lines.filter((l) => l.startsWith(prefix) && l.slice(prefix.length).includes("/")).map((l) => l.slice(prefix.length).split("/")[0]));
}

/**
 * Each module's MDMS masters: the folders its services read (mdmsReads), each with its readers.
 * Fails on a service the catalog does not have or a folder eGov's data lacks for its own state.
 */
export function mdmsMastersOf(
  modules: readonly ModuleSpec[],
  reads: Readonly<Record<string, Readonly<Record<string, string>>>> = mdmsReads,
  folders: ReadonlySet<string> = mdmsTreeFolders(mdmsVerifiedTenant),
): Map<string, MdmsMasterSpec[]> {
  const moduleOf = new Map(modules.flatMap((m) => m.services.map((s) => [s.name, m.name] as const)));
  const out = new Map<string, Map<string, string[]>>(modules.map((m) => [m.name, new Map()]));
  for (const [service, byFolder] of Object.entries(reads)) {
    const m = moduleOf.get(service) ?? fail(`tools/digit-upstream/config-files.ts: mdmsReads names ${service}, which is no service of the catalog`);
    for (const folder of Object.keys(byFolder)) {
      if (!folders.has(folder)) fail(`tools/digit-upstream/config-files.ts: ${service} reads MDMS module ${folder}, which egov-mdms-data has no data/${mdmsVerifiedTenant}/${folder}/ for (vendor/egov/trees/egov-mdms-data.txt): list only folders eGov's data has`);
      const byModule = out.get(m)!;
      byModule.set(folder, sorted([...(byModule.get(folder) ?? []), service]));
    }
  }
  return new Map([...out].map(([m, byFolder]) => [m, [...byFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([folder, services]) => ({ folder, services }))]));
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function runtimeOf(u: UpstreamService): ServiceSpec["runtime"] {
  if (u.source?.runtime) return u.source.runtime;
  fail(`${u.name}: the runtime of image ${u.image} is not known (its source was not found at the commit of tag ${u.tag}): vendor it (tools/vendor-digit.ts)`);
}

export function importService(u: UpstreamService, module: string): ServiceSpec {
  const where = `${u.name} (${u.chart})`;
  if (u.namespace !== "egov") fail(`${where}: namespace ${u.namespace}, expected egov`);
  if (!u.image.startsWith("egovio/")) fail(`${where}: image ${u.image} is not eGov's`);
  if (u.appType !== undefined && u.appType !== "java-spring") fail(`${where}: unknown appType ${u.appType}`);
  const env = u.env as EnvSpec[];
  // The memory eGov means for the service: the rendered limit, or memory_limits where the chart renders no resources.
  const limit = u.resources?.limits?.memory ?? u.memoryLimitsValue;
  const javaOpts = env.find((e) => e.name === "JAVA_OPTS");
  let dbMigration: ServiceSpec["dbMigration"];
  if (u.dbMigration) {
    const table = u.dbMigration.env.find((e) => e.name === "SCHEMA_TABLE");
    if (!table || !("value" in table) || !table.value) fail(`${where}: the DB migration has no SCHEMA_TABLE`);
    if (u.dbMigration.image !== `${u.image}-db`) fail(`${where}: DB-migration image ${u.dbMigration.image} is not ${u.image}-db`);
    const locations = u.source?.flywayLocations;
    if (!locations?.length) fail(`${where}: where ${u.dbMigration.image} keeps its SQL is unknown: vendor its source (tools/vendor-digit.ts)`);
    dbMigration = {
      image: u.dbMigration.image,
      tag: u.dbMigration.tag,
      schemaTable: table.value,
      env: u.dbMigration.env as EnvSpec[],
      imageLocations: locations,
      ...(u.source?.flywayImage ? { flywayImage: u.source.flywayImage } : {}),
    };
  }
  const discovery = u.extraInitContainers.find((c) => c.name === "gateway-kubernetes-discovery");
  const unknownInit = u.extraInitContainers.filter((c) => c !== discovery);
  if (unknownInit.length) fail(`${where}: init container ${unknownInit[0].name} is not understood: teach the importer`);
  // ConfigMaps the chart creates and mounts; any other volume is not understood yet.
  const chartConfigMaps = u.extraVolumes.flatMap((v) => {
    const cm = v.volume.configMap?.name as string | undefined;
    const obj = cm && u.otherObjects.find((o) => o.kind === "ConfigMap" && o.metadata.name === cm);
    if (discovery && v.volume.emptyDir) return [];
    if (!obj || !v.mountPath) fail(`${where}: volume ${v.volume.name} is not a ConfigMap the chart creates and mounts: teach the importer`);
    return [{ name: cm as string, mountPath: v.mountPath!, ...(v.subPath ? { subPath: v.subPath } : {}), data: { ...obj.data } as Record<string, string> }];
  });
  const sa = u.serviceAccount;
  const role = u.otherObjects.find((o) => o.kind === "ClusterRole" || o.kind === "Role");
  const all = [...env, ...(dbMigration?.env ?? [])];
  const spec: ServiceSpec = {
    name: u.name,
    module,
    group: u.group,
    chart: u.chart,
    namespace: "egov",
    labels: u.labels,
    image: u.image,
    tag: u.tag,
    port: u.port,
    runtime: runtimeOf(u),
    ...(wildflyApplications[u.name] ? { appServer: "wildfly" as const } : {}),
    ...(u.appType ? { appType: "java-spring" as const } : {}),
    replicas: u.replicas,
    ...(limit ? { memoryMiB: mebibytes(limit) } : {}),
    ...(limit && !u.resources?.limits?.memory ? { memoryRendered: false } : {}),
    ...(javaOpts && "value" in javaOpts && javaOpts.value ? { javaOpts: javaOpts.value } : {}),
    env,
    ...(dbMigration ? { dbMigration } : {}),
    ...(configRepo(u) ? { configRepo: configRepo(u) } : {}),
    probes: {
      ...(u.probes.readiness ? { readiness: probe(u.probes.readiness, where) } : {}),
      ...(u.probes.liveness ? { liveness: probe(u.probes.liveness, where) } : {}),
    },
    ...(u.preStop ? { preStop: u.preStop } : {}),
    ...(u.ingress ? { ingress: { path: u.ingress.path, viaGateway: u.ingress.backend === "gateway" } } : {}),
    ...(u.service.annotations["zuul/route-path"] ? { gatewayRoute: u.service.annotations["zuul/route-path"] } : {}),
    ...(discovery
      ? {
          routeDiscovery: {
            image: String(discovery.image).slice(0, String(discovery.image).lastIndexOf(":")),
            tag: String(discovery.image).slice(String(discovery.image).lastIndexOf(":") + 1),
            env: (discovery.env ?? []).map((e: { name: string; value: unknown }) => ({ name: e.name, value: String(e.value ?? "") })),
            mountPath: discovery.volumeMounts?.[0]?.mountPath ?? fail(`${where}: route discovery mounts nothing`),
          },
        }
      : {}),
    ...(chartConfigMaps.length ? { chartConfigMaps } : {}),
    ...(sa ? { serviceAccount: { name: sa, rules: (role?.rules ?? []).map((r: Record<string, string[]>) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs })) } } : {}),
    callsServices: sorted(all.flatMap((e) => ("configMap" in e && e.configMap === "egov-service-host" ? [e.key] : []))),
    usesConfig: sorted(all.flatMap((e) => ("configMap" in e && e.configMap === "egov-config" ? [e.key] : []))),
    usesSecrets: sorted(all.flatMap((e) => ("secret" in e ? [`${e.secret}/${e.key}`] : []))),
    needs: [],
    ...(u.source
      ? {
          source: {
            repository: u.source.repository,
            commit: u.source.commit,
            folder: u.source.folder,
            ...(u.source.applicationProperties ? { applicationProperties: u.source.applicationProperties } : {}),
            ...(u.source.postgresJdbc ? { postgresJdbc: u.source.postgresJdbc } : {}),
          },
        }
      : {}),
  };
  spec.needs = backboneNeeds(spec);
  const outside = u.source?.applicationProperties ? externalDefaults(serviceProperties(u.source.applicationProperties)) : [];
  if (outside.length) spec.externalDefaults = outside.map(({ property, env, url }) => ({ property, env, url }));
  return spec;
}

/** Which module each release of a group belongs to, by the decisions; fails on a release without one. */
function assign(group: Group, releases: string[]): Map<string, ModuleDecision> {
  const decisions = moduleDecisions.filter((d) => d.group === group);
  const excluded = new Set(excludedReleases.filter((x) => x.group === group).map((x) => x.name));
  const out = new Map<string, ModuleDecision>();
  for (const d of decisions)
    if (d.releases !== "*")
      for (const r of d.releases) {
        if (!releases.includes(r)) fail(`module ${d.name} lists release ${r}, which ${group}'s helmfile does not install`);
        if (out.has(r)) fail(`release ${r} is in two modules (${out.get(r)!.name}, ${d.name})`);
        out.set(r, d);
      }
  const rest = decisions.filter((d) => d.releases === "*");
  if (rest.length > 1) fail(`${group}: more than one module takes "*"`);
  for (const r of releases) {
    if (excluded.has(r) || out.has(r)) continue;
    if (!rest.length) fail(`release ${r} of ${group} belongs to no module: decide in tools/digit-upstream/decisions.ts`);
    out.set(r, rest[0]);
  }
  return out;
}

/** The catalog of the vendored upstream. */
export function importCatalog(groups: readonly Group[] = [...new Set(moduleDecisions.map((d) => d.group))]): Catalog {
  const manifest = readManifest();
  const modules = new Map<string, ModuleSpec>();
  const excluded: Catalog["excluded"] = [];
  for (const group of groups) {
    const releases = readHelmfile(groupHelmfiles[group]).releases.map((r) => r.name);
    for (const x of excludedReleases.filter((e) => e.group === group))
      if (!releases.includes(x.name)) fail(`exclusion ${x.name} matches no release of ${group}`);
    const owner = assign(group, releases);
    for (const r of renderGroup(group)) {
      const x = excludedReleases.find((e) => e.group === group && e.name === r.name);
      if (x) {
        excluded.push({ name: x.name, group, reason: x.reason });
        continue;
      }
      const u = upstreamService(r) ?? fail(`release ${r.name} of ${group} renders no Deployment: exclude it with a reason`);
      const d = owner.get(r.name)!;
      if (!modules.has(d.name)) modules.set(d.name, { name: d.name, description: d.description, dependsOn: [], mdmsMasters: [], services: [] });
      modules.get(d.name)!.services.push(importService(u, d.name));
    }
  }
  for (const d of moduleDecisions) if (groups.includes(d.group) && !modules.has(d.name)) fail(`module ${d.name} has no services`);
  // A module depends on the modules of the services its services call, except calls a reviewed
  // deviation marks optional (a PDF of a module that is not deployed, say).
  const moduleOf = new Map([...modules.values()].flatMap((m) => m.services.map((s) => [s.name, m.name] as const)));
  const needed = (s: ServiceSpec) => {
    const optional = new Set(envDeviationsFor(s.name).filter((d) => "optional" in d.change || ("set" in d.change && d.change.optional)).map((d) => d.env));
    return s.env.flatMap((e) => ("configMap" in e && e.configMap === "egov-service-host" && !optional.has(e.name) ? [e.key] : []));
  };
  for (const m of modules.values())
    m.dependsOn = sorted([
      ...m.services.flatMap((s) => needed(s).flatMap((c) => (moduleOf.has(c) && moduleOf.get(c) !== m.name ? [moduleOf.get(c)!] : []))),
      ...(extraDependencies[m.name] ?? []),
    ]);
  const all = groups.length === new Set(moduleDecisions.map((d) => d.group)).size;
  if (all) {
    // every attribution and every MDMS read must still match the upstream lists
    const read = new Set([...modules.values()].flatMap((m) => m.services.flatMap((s) => s.configRepo?.files.map((f) => f.path) ?? [])));
    const stale = Object.keys(configFileModules).filter((f) => !read.has(f));
    if (stale.length) fail(`tools/digit-upstream/config-files.ts attributes ${stale.join(", ")}, which no service's list has any more: remove ${stale.length > 1 ? "them" : "it"}`);
    const masters = mdmsMastersOf([...modules.values()]);
    for (const m of modules.values()) m.mdmsMasters = masters.get(m.name)!;
  }
  const order = (name: string) => moduleDecisions.findIndex((d) => d.name === name);
  const shared = upstreamSharedConfig();
  return {
    version: "2.9-LTS",
    source: { repository: manifest.devops.repository, branch: manifest.devops.branch, commit: manifest.devops.commit, date: manifest.devops.date },
    modules: [...modules.values()].sort((a, b) => order(a.name) - order(b.name)),
    excluded,
    egovConfig: shared.egovConfig,
    serviceHost: shared.serviceHost,
    secrets: Object.fromEntries(Object.entries(shared.secrets).map(([k, v]) => [k, v.keys])),
  };
}

// ---- rendering as a readable TypeScript module ----

const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (ident.test(k) ? k : JSON.stringify(k));
const isPrimitive = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** One line for flat objects (env entries) and short lists; one entry per line otherwise. */
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
  if (entries.length && entries.every(([, x]) => isPrimitive(x))) return `{ ${entries.map(([k, x]) => `${key(k)}: ${JSON.stringify(x)}`).join(", ")} }`;
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${literal(x, inner)},`).join("\n")}\n${indent}}`;
}

/** The source text of the generated data module. */
export function renderCatalogModule(c: Catalog): string {
  const counts = c.modules.map((m) => `${m.name} (${m.services.length})`).join(", ");
  return `/**
 * DIGIT ${c.version} service catalog, generated by tools/import-catalog.ts from eGov's deployment
 * ${c.source.repository} branch ${c.source.branch} at commit ${c.source.commit} (${c.source.date}),
 * vendored in vendor/egov/, rendered through eGov's charts as its helmfiles render them.
 * Modules: ${counts}.
 * Do not edit by hand: change the importer or tools/digit-upstream/decisions.ts and regenerate.
 */
import type { Catalog } from "./types";

export const catalogLts: Catalog = ${literal(c, "")};
`;
}

function main(argv: string[]) {
  const outIdx = argv.indexOf("--out");
  const out = outIdx >= 0 ? argv[outIdx + 1] : defaultOutPath;
  const text = renderCatalogModule(importCatalog());
  if (argv.includes("--check")) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), out)} differs from what vendor/egov gives: run npx ts-node --transpile-only tools/import-catalog.ts`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), out)} is up to date`);
    return;
  }
  fs.writeFileSync(out, text);
  console.log(`wrote ${out}: ${text.split("\n").length} lines`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
