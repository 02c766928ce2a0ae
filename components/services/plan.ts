import * as pulumi from "@pulumi/pulumi";
import type { DigitConfig, ServiceOverride } from "../../config/schema";
import { configReposSecretName, isSecretEnv, isSecretUrl, serviceEnvSecretName } from "../config/secret-values";
import type { Target } from "../../providers/target";
import { ConfigError } from "../../config/errors";
import { profileDefaults } from "../../config/profile";
import { millicores, mebibytes } from "../../lib/quantity";
import { namespaces } from "../namespaces";
import {
  catalogV29,
  checkOverrides,
  checkWiring,
  containerEnv,
  gatewayService,
  heapFor,
  javaOptsFor,
  migrationEnv,
  routeCollisions,
  routes,
  selectServices,
  wiringGaps,
  type Availability,
  type ServiceSpec,
} from "./catalog";
import type { DigitServiceSpec, EnvSource } from "./spec";
import { mergeEnv } from "./render";
import { operationsNamespaces } from "../operations/settings";
import { configDirsRead, gatewayRoutesConfigMap } from "./gateway-routes";

/** One service the platform deploys, with where its public route points. */
export interface PlannedService {
  spec: DigitServiceSpec;
  /** the Service its HTTPRoute sends traffic to; undefined = no public route */
  routeBackend?: string;
}

/** What the platform deploys, decided from config alone (no resources). */
export interface ServicePlan {
  /** namespaces the platform creates */
  namespaces: string[];
  services: PlannedService[];
  /** references that may dangle by design (optional), shown in the plan summary */
  gaps: string[];
}

/** Keys of the shared ConfigMaps and Secrets the platform creates (components/config). */
export interface ProvidedConfig {
  egovConfigKeys: string[];
  secrets: Record<string, string[]>;
  /**
   * env every service that uses a backbone part (catalog `needs`) gets from the platform, e.g. how
   * it authenticates to Redis (components/services/redis-clients.ts); default none
   */
  needsEnv?: NeedsEnv;
}

/** Per backbone part: the env a service using it gets, from its name and the env it already has. */
export type NeedsEnv = Partial<Record<"postgres" | "kafka" | "elasticsearch" | "redis", (s: { name: string; env: readonly EnvSource[] }) => EnvSource[]>>;

/** What a service gets from the platform besides the catalog (e.g. egov-filestore's object store settings). */
export type PlatformEnv = Record<string, { env?: EnvSource[]; extraVolumes?: DigitServiceSpec["extraVolumes"] }>;

function toDigitSpec(s: ServiceSpec, override: ServiceOverride | undefined, config: DigitConfig, target: Target, platformEnv: PlatformEnv, needsEnv: NeedsEnv = {}): DigitServiceSpec {
  const profile = profileDefaults(config.profile);
  const tag = override?.tag ?? s.tag;
  const memoryMiB = override?.resources?.memory ? mebibytes(override.resources.memory) : s.memoryMiB;
  const heapMiB = override?.heap ? parseHeap(override.heap) : heapFor(memoryMiB);
  const javaOpts = javaOptsFor({ env: s.env, memoryMiB }, heapMiB);
  const catalogEnv = containerEnv(s, catalogV29).map(asEnvSource);
  const env: EnvSource[] = mergeEnv([
    ...catalogEnv,
    ...(javaOpts ? [{ name: "JAVA_OPTS", value: javaOpts }] : []),
    // what the platform adds for the backbone parts the catalog says the service uses
    ...s.needs.flatMap((n) => (n === "objectStore" ? [] : needsEnv[n]?.({ name: s.name, env: catalogEnv }) ?? [])),
    ...(platformEnv[s.name]?.env ?? []),
    // An encrypted value is read from the service's own Secret (components/config/secret-values.ts).
    ...Object.entries(override?.env ?? {}).map(([name, value]): EnvSource =>
      isSecretEnv(config, s.name, name) ? { name, secret: serviceEnvSecretName(s.name), key: name } : { name, value },
    ),
  ]);
  const os = target.objectStore;
  const identity = s.name === "egov-filestore" && os.mode !== "minio" && os.mode !== "nfs" && os.credentials.mode === "workload-identity" ? os.credentials : undefined;
  const repos: Record<string, { url: string; ref: string; urlSecret?: { name: string; key: string } }> = {
    "egov-mdms-data": configRepo(config, "mdms", "egov-mdms-data"),
    configs: configRepo(config, "configs", "configs"),
  };
  const dirs = configDirsRead(env);
  const unknown = dirs.filter((d) => !repos[d]);
  if (unknown.length) throw new Error(`${s.name} reads /work-dir/${unknown[0]}, which no config repository provides: add it to components/services/plan.ts`);
  return {
    name: s.name,
    module: s.module,
    configRepos: dirs.map((dir) => ({ dir, ...repos[dir] })),
    extraVolumes: platformEnv[s.name]?.extraVolumes,
    configFiles: s.name === gatewayService ? [{ configMap: gatewayRoutesConfigMap, mountPath: "/etc/zuul" }] : undefined,
    image: s.image,
    tag,
    dbMigration: s.dbMigration ? { ...s.dbMigration, tag: override?.migrationTag ?? override?.tag ?? s.dbMigration.tag } : undefined,
    route: s.ingress ? { path: s.ingress.path, gateway: s.ingress.zuul } : undefined,
    health: s.health,
    replicas: override?.replicas ?? (profile.highAvailability ? Math.max(profile.serviceReplicas, s.replicas) : 1),
    memoryMiB,
    cpuMillis: override?.resources?.cpu ? millicores(override.resources.cpu) : millicores(profile.serviceCpu),
    cpuLimitMillis: override?.resources?.cpuLimit ? millicores(override.resources.cpuLimit) : undefined,
    // JAVA_OPTS above already carries the heap; the renderer must not add its own.
    heapMiB: undefined,
    appType: s.appType ?? "other",
    env,
    migrationEnv: migrationEnv(s, catalogV29)?.map(asEnvSource),
    needs: s.needs.filter((n): n is "postgres" | "kafka" | "elasticsearch" | "redis" => n !== "objectStore"),
    serviceAccount: identity
      ? { annotations: identity.serviceAccountAnnotations as Record<string, string>, podLabels: identity.podLabels }
      : undefined,
  };
}

/** A config repository; a secret URL (encrypted, or with credentials) is read from digit-config-repos. */
function configRepo(config: DigitConfig, which: "mdms" | "configs", dir: string): { url: string; ref: string; urlSecret?: { name: string; key: string } } {
  const r = config.configRepos[which];
  return isSecretUrl(config, `configRepos.${which}.url`, r.url) ? { ...r, urlSecret: { name: configReposSecretName, key: dir } } : r;
}

/** digit-config-repos: the secret URLs of the config repositories, keyed by directory; none when no URL is secret. */
export function configReposSecretData(config: DigitConfig): Record<string, pulumi.Input<string>> | undefined {
  const data: Record<string, pulumi.Input<string>> = {};
  for (const [which, dir] of [["mdms", "egov-mdms-data"], ["configs", "configs"]] as const) {
    const r = configRepo(config, which, dir);
    if (r.urlSecret) data[dir] = pulumi.secret(r.url);
  }
  return Object.keys(data).length ? data : undefined;
}

/** The catalog's optional references carry a reason; the renderer needs only the flag. */
function asEnvSource(e: import("./catalog").EnvSpec): EnvSource {
  if ("optional" in e && e.optional) {
    const { optional: _reason, ...rest } = e;
    return { ...rest, optional: true } as EnvSource;
  }
  return e as EnvSource;
}

function parseHeap(h: string): number {
  const n = Number(h.slice(0, -1));
  return h.endsWith("g") ? n * 1024 : n;
}

/** Where a public route points: DIGIT's gateway (zuul) for authenticated paths, else the service. */
function routeBackendOf(s: ServiceSpec, deployed: Set<string>): string | undefined {
  if (!s.ingress) return undefined;
  if (!s.ingress.zuul || s.name === gatewayService) return s.name;
  // Authenticated paths are never exposed without the gateway in front of them.
  return deployed.has(gatewayService) ? gatewayService : undefined;
}

/**
 * The services to deploy: the catalog's for the chosen modules, overrides applied, wiring checked
 * against what the platform really provides. Every problem is a ConfigError before any resource exists.
 */
export function planServices(config: DigitConfig, target: Target, provided: ProvidedConfig, platformEnv: PlatformEnv = {}, extra: DigitServiceSpec[] = []): ServicePlan {
  const selected = selectServices(config.modules);
  const problems = checkOverrides(config.services, [...selected, ...extra.map((e) => ({ name: e.name }) as ServiceSpec)]);
  if (problems.length) throw new ConfigError(problems);

  const deployed = new Set([...selected.map((s) => s.name), ...extra.map((e) => e.name)]);
  const available: Availability = {
    configKeys: { "egov-config": provided.egovConfigKeys, "egov-service-host": [...deployed] },
    secrets: provided.secrets,
    backbone: new Set(["postgres", "kafka", "elasticsearch", "redis", "objectStore"]),
  };
  const wiring = checkWiring(selected, available);
  if (wiring.length) throw new ConfigError(wiring.map((w) => `digit:modules: ${w}`));

  const collisions = routeCollisions(routes(selected));
  const extraPaths = new Map<string, string>();
  for (const e of extra) {
    if (!e.route) continue;
    const clash = selected.find((s) => s.ingress?.path === e.route!.path) ?? (extraPaths.has(e.route.path) ? { name: extraPaths.get(e.route.path)! } : undefined);
    if (clash) collisions.push(`${e.name}: route ${e.route.path} is already served by ${clash.name}`);
    extraPaths.set(e.route.path, e.name);
  }
  if (collisions.length) throw new ConfigError(collisions.map((c) => `digit:modules: ${c}`));

  const services: PlannedService[] = [
    ...selected.map((s) => ({ spec: toDigitSpec(s, config.services[s.name], config, target, platformEnv, provided.needsEnv), routeBackend: routeBackendOf(s, deployed) })),
    ...extra.map((e) => ({ spec: e, routeBackend: e.route ? (e.route.gateway && deployed.has(gatewayService) ? gatewayService : e.route.gateway ? undefined : e.name) : undefined })),
  ];
  return {
    namespaces: [namespaces.services, namespaces.backbone, namespaces.kafka, namespaces.elasticsearch, namespaces.edge, ...operationsNamespaces(config)],
    services,
    gaps: wiringGaps(selected, available),
  };
}
