/**
 * What each DIGIT 2.9 LTS release deploys, read off the objects eGov's charts render
 * (releases.ts) and the facts of its image's source (vendor/egov/service-facts.yaml): the
 * container's image, port, env (in order, as rendered), init containers, probes, resources,
 * volumes, the Service's annotations, the public Ingress path and what else the chart creates.
 * The importer turns these into the typed catalog; the conformance tests compare the platform's
 * objects with them.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { deepCopy, mergeOverwrite, renderInputs } from "../helm-template";
import { devopsTree, environmentValues, Group, RenderedRelease, renderGroup, vendorRoot } from "./releases";

export type UpstreamEnv =
  | { name: string; value: string }
  | { name: string; configMap: string; key: string; optional?: boolean }
  | { name: string; secret: string; key: string; optional?: boolean }
  | { name: string; field: string };

export interface UpstreamProbe {
  path: string;
  port: number | string;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface SourceFacts {
  repository: string;
  commit: string;
  folder: string;
  runtime?: "java" | "node" | "nginx";
  /** vendored application.properties, relative to vendor/egov */
  applicationProperties?: string;
  /** where the `-db` image's Dockerfile copies SQL, e.g. /flyway/sql */
  flywayLocations?: string[];
  flywayImage?: string;
  /** PostgreSQL JDBC driver the build declares (or the Spring Boot parent that manages it) */
  postgresJdbc?: { declared?: string; springBootParent?: string };
}

export interface UpstreamService {
  name: string;
  group: Group;
  /** chart directory in DIGIT-DevOps */
  chart: string;
  namespace: string;
  /** the labels eGov's common chart gives the Deployment, Service and pods (`app`, `group`) */
  labels: Record<string, string>;
  /** `egovio/<name>` */
  image: string;
  tag: string;
  port: number;
  replicas: number;
  /** the chart's appType (decides the common java env and the resources block) */
  appType?: string;
  /** the container's env as rendered: own env, then the java block, then the tracing block */
  env: UpstreamEnv[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** `memory_limits` of the merged values: rendered as resources only for appType java-spring, so kept here for the others */
  memoryLimitsValue?: string;
  probes: { readiness?: UpstreamProbe; liveness?: UpstreamProbe };
  preStop?: string[];
  dbMigration?: { image: string; tag: string; env: UpstreamEnv[] };
  gitSync?: { image: string; repo: string; branch: string };
  /** init containers other than db-migration and git-sync, as rendered (e.g. the gateway's route discovery) */
  extraInitContainers: Array<Record<string, any>>;
  /** volumes beyond git-sync's (name -> volume source) and where the container mounts them */
  extraVolumes: Array<{ volume: Record<string, any>; mountPath?: string; subPath?: string }>;
  service: { port: number; annotations: Record<string, string> };
  /** the public route: `/<context>` to the gateway (zuul: true) or to the service itself */
  ingress?: { path: string; backend: string; port: number };
  serviceAccount?: string;
  /** every other object the chart renders (Jobs, ConfigMaps, RBAC), verbatim */
  otherObjects: Array<Record<string, any>>;
  source?: SourceFacts;
}

function envOf(list: Array<Record<string, any>> | undefined, where: string): UpstreamEnv[] {
  return (list ?? []).map((e) => {
    const vf = e.valueFrom;
    if (!vf) return { name: e.name, value: e.value === null || e.value === undefined ? "" : String(e.value) };
    if (vf.configMapKeyRef) return { name: e.name, configMap: vf.configMapKeyRef.name, key: vf.configMapKeyRef.key, ...(vf.configMapKeyRef.optional ? { optional: true } : {}) };
    if (vf.secretKeyRef) return { name: e.name, secret: vf.secretKeyRef.name, key: vf.secretKeyRef.key, ...(vf.secretKeyRef.optional ? { optional: true } : {}) };
    if (vf.fieldRef) return { name: e.name, field: vf.fieldRef.fieldPath };
    throw new Error(`${where}: env ${e.name} has an unknown source ${JSON.stringify(vf)}`);
  });
}

function probeOf(p: Record<string, any> | undefined): UpstreamProbe | undefined {
  if (!p) return undefined;
  if (!p.httpGet) throw new Error(`probe without httpGet: ${JSON.stringify(p)}`);
  const { httpGet, ...timing } = p;
  return { path: httpGet.path, port: httpGet.port, ...timing };
}

/** `registry/repo:tag` -> repo and tag, keeping eGov's `egovio` organisation as the registry prefix. */
function splitImage(ref: string): { image: string; tag: string } {
  const i = ref.lastIndexOf(":");
  return { image: ref.slice(0, i), tag: ref.slice(i + 1) };
}

let factsCache: Record<string, any> | undefined;
function serviceFacts(): Record<string, any> {
  return (factsCache ??= parse(fs.readFileSync(path.join(vendorRoot, "service-facts.yaml"), "utf8")));
}

function sourceOf(name: string): SourceFacts | undefined {
  const f = serviceFacts()[name];
  if (!f?.source) return undefined;
  return {
    ...f.source,
    ...(f.runtime ? { runtime: f.runtime } : {}),
    ...(f.applicationProperties ? { applicationProperties: f.applicationProperties } : {}),
    ...(f.dbImage ? { flywayLocations: f.dbImage.locations.map((l: { to: string }) => l.to), flywayImage: f.dbImage.base } : {}),
    ...(f.postgresJdbc ? { postgresJdbc: { declared: f.postgresJdbc.declared, springBootParent: f.postgresJdbc.springBootParent } } : {}),
  };
}

/** The service a release deploys; undefined for releases that deploy no Deployment (configmaps). */
export function upstreamService(r: RenderedRelease): UpstreamService | undefined {
  const objs = r.documents.map((d) => d.object);
  const deployments = objs.filter((o) => o.kind === "Deployment");
  if (!deployments.length) return undefined;
  if (deployments.length > 1) throw new Error(`${r.name}: ${deployments.length} Deployments`);
  const dep = deployments[0];
  const where = `${r.chart}`;
  const pod = dep.spec.template.spec;
  const name = dep.metadata.name as string;
  const containers = pod.containers as Array<Record<string, any>>;
  const main = containers.find((c) => c.name === name);
  if (!main || containers.length !== 1) throw new Error(`${where}: expected one container named ${name}`);
  const { image, tag } = splitImage(main.image);
  const inits = (pod.initContainers ?? []) as Array<Record<string, any>>;
  const db = inits.find((c) => c.name === "db-migration");
  const gs = inits.find((c) => c.name === "git-sync");
  const gsEnv = Object.fromEntries(envOf(gs?.env, where).map((e) => [e.name, "value" in e ? e.value : ""]));
  const gitSyncVolumes = new Set(gs ? ["git-secret", "workdir"] : []);
  const mounts = new Map<string, { mountPath: string; subPath?: string }>(((main.volumeMounts ?? []) as Array<{ name: string; mountPath: string; subPath?: string }>).map((m) => [m.name, m]));
  const svc = objs.find((o) => o.kind === "Service" && o.metadata.name === name);
  if (!svc) throw new Error(`${where}: no Service ${name}`);
  const ing = objs.find((o) => o.kind === "Ingress" && o.metadata.name === name);
  const ingPath = ing?.spec.rules[0].http.paths[0];
  const known = new Set([dep, svc, ing].filter(Boolean));
  return {
    name,
    group: r.group,
    chart: r.chart,
    namespace: r.namespace,
    labels: { ...(dep.metadata.labels ?? {}) },
    image,
    tag,
    port: main.ports[0].containerPort,
    replicas: Number(dep.spec.replicas ?? 1),
    ...(appTypeOf(r) ? { appType: appTypeOf(r) } : {}),
    env: envOf(main.env, where),
    ...(main.resources ? { resources: main.resources } : {}),
    ...(effectiveValues(r)["memory_limits"] ? { memoryLimitsValue: String(effectiveValues(r)["memory_limits"]) } : {}),
    probes: { readiness: probeOf(main.readinessProbe), liveness: probeOf(main.livenessProbe) },
    ...(main.lifecycle?.preStop?.exec?.command ? { preStop: main.lifecycle.preStop.exec.command } : {}),
    ...(db ? { dbMigration: { ...splitImage(db.image), env: envOf(db.env, where) } } : {}),
    ...(gs ? { gitSync: { image: gs.image, repo: gsEnv.GIT_SYNC_REPO, branch: gsEnv.GIT_SYNC_BRANCH } } : {}),
    extraInitContainers: inits.filter((c) => c !== db && c !== gs),
    extraVolumes: ((pod.volumes ?? []) as Array<Record<string, any>>)
      .filter((v) => !gitSyncVolumes.has(v.name))
      .map((volume) => ({ volume, ...(mounts.has(volume.name) ? { mountPath: mounts.get(volume.name)!.mountPath, ...(mounts.get(volume.name)!.subPath ? { subPath: mounts.get(volume.name)!.subPath } : {}) } : {}) })),
    service: { port: svc.spec.ports[0].port, annotations: { ...(svc.metadata.annotations ?? {}) } },
    ...(ingPath ? { ingress: { path: ingPath.path, backend: ingPath.backend.service.name, port: ingPath.backend.service.port.number } } : {}),
    ...(pod.serviceAccountName ? { serviceAccount: pod.serviceAccountName } : {}),
    otherObjects: objs.filter((o) => !known.has(o)),
    source: sourceOf(r.name),
  };
}

/**
 * A release's values as its templates see them after the common chart's `common.name` merge:
 * the common chart's defaults, the chart's values (coalesced with the environment's), then the
 * environment's section named after the chart (mustMergeOverwrite, later wins).
 */
export function effectiveValues(r: RenderedRelease): Record<string, any> {
  const ctx = renderInputs(devopsTree, r.chart, { releaseName: r.name, namespace: r.namespace, values: environmentValues() as Record<string, any> }).find((t) => t.renders)?.context;
  const v = (ctx?.Values ?? {}) as Record<string, any>;
  return mergeOverwrite(deepCopy((v.common as Record<string, any>) ?? {}), deepCopy(v), deepCopy((v[r.name] as Record<string, any>) ?? {}));
}

function appTypeOf(r: RenderedRelease): string | undefined {
  const t = effectiveValues(r).appType;
  return t ? String(t) : undefined;
}

/** Every service of a helmfile group, in the helmfile's order. */
export function upstreamServices(group: Group): UpstreamService[] {
  return renderGroup(group).flatMap((r) => upstreamService(r) ?? []);
}

/** DIGIT's shared config as the `configmaps` release renders it: egov-config and egov-service-host data, Secret key names. */
export function upstreamSharedConfig(): { egovConfig: Record<string, string>; serviceHost: Record<string, string>; secrets: Record<string, { namespace: string; keys: string[] }> } {
  const cm = renderGroup("core-services").find((r) => r.name === "configmaps");
  if (!cm) throw new Error("core-services has no configmaps release");
  const objs = cm.documents.map((d) => d.object);
  const data = (n: string) => objs.find((o) => o.kind === "ConfigMap" && o.metadata.name === n)?.data ?? {};
  const secrets: Record<string, { namespace: string; keys: string[] }> = {};
  for (const s of objs.filter((o) => o.kind === "Secret")) secrets[s.metadata.name] = { namespace: s.metadata.namespace, keys: Object.keys(s.data ?? s.stringData ?? {}) };
  return { egovConfig: data("egov-config"), serviceHost: data("egov-service-host"), secrets };
}
