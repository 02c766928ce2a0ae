import * as pulumi from "@pulumi/pulumi";
import type { DigitConfig, ServiceOverride } from "../../config/schema";
import { configReposSecretName, isSecretEnv, isSecretUrl, serviceEnvSecretName } from "../config/secret-values";
import type { Target } from "../../providers/target";
import { ConfigError } from "../../config/errors";
import { profileDefaults } from "../../config/profile";
import { millicores, mebibytes } from "../../lib/quantity";
import { namespaces } from "../namespaces";
import {
  applyEnvDeviations,
  publishedRoute,
  workDirFiles,
  checkOverrides,
  checkWiring,
  gatewayService,
  javaOptsFor,
  memoryFor,
  unrenderedMemoryMiB,
  routeCollisions,
  routes,
  selectServices,
  wiringGaps,
  type Availability,
  type EnvSpec,
  type ServiceSpec,
} from "./catalog";
import type { ConfigRepoSource, DigitServiceSpec, EnvSource, ProbeSource } from "./spec";
import { mergeEnv } from "./render";
import { operationsNamespaces } from "../operations/settings";
import { chartConfigData } from "./chart-config";
import { globalConfigsJs, globalConfigsMountPath, globalConfigsSecret } from "./web-apps";
import { utilityImages } from "../images";

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
  /** the catalog's services as deployed: eGov's facts with the deviations applied (what the wiring check saw) */
  catalog: ServiceSpec[];
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

/** Secret (namespace egov) with the clone credentials of a private config repository. */
export const configRepoSecret = (dir: string) => `config-repo-${dir}`;

/** Data of the config-repository Secrets the stack needs (a token given); values stay Pulumi secrets. */
export function configRepoSecrets(config: DigitConfig): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [dir, r] of [["egov-mdms-data", config.configRepos.mdms], ["configs", config.configRepos.configs]] as const)
    if (r.token) out[configRepoSecret(dir)] = { username: r.username ?? "git", password: r.token };
  return out;
}

/** A catalog service as the platform deploys it: eGov's env with the deviations applied. */
export function deployedService(s: ServiceSpec): ServiceSpec {
  const env = applyEnvDeviations(s.env, s.name);
  const ingress = s.ingress ?? publishedRoute(s.name);
  const dbMigration = s.dbMigration ? { ...s.dbMigration, env: applyEnvDeviations(s.dbMigration.env, s.name, "db-migration") } : undefined;
  const all = [...env, ...(dbMigration?.env ?? [])];
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  return {
    ...s,
    env,
    ...(ingress ? { ingress } : {}),
    ...(dbMigration ? { dbMigration } : {}),
    callsServices: sorted(all.flatMap((e) => ("configMap" in e && e.configMap === "egov-service-host" ? [e.key] : []))),
    usesConfig: sorted(all.flatMap((e) => ("configMap" in e && e.configMap === "egov-config" ? [e.key] : []))),
    usesSecrets: sorted(all.flatMap((e) => ("secret" in e ? [`${e.secret}/${e.key}`] : []))),
  };
}


function toDigitSpec(s: ServiceSpec, override: ServiceOverride | undefined, config: DigitConfig, target: Target, platformEnv: PlatformEnv, needsEnv: NeedsEnv = {}): DigitServiceSpec {
  const profile = profileDefaults(config.profile);
  const tag = override?.tag ?? s.tag;
  const memoryMiB = override?.resources?.memory ? mebibytes(override.resources.memory) : memoryFor(s, unrenderedMemoryMiB);
  const javaOpts = s.runtime === "java" ? javaOptsFor(s, memoryMiB, override?.heap ? parseHeap(override.heap) : undefined, unrenderedMemoryMiB) : undefined;
  const catalogEnv = s.env.map(asEnvSource);
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
  const identity = s.name === "egov-filestore" && os.mode !== "minio" && os.credentials.mode === "workload-identity" ? os.credentials : undefined;
  const repos: Record<string, Omit<ConfigRepoSource, "dir" | "files">> = {
    "egov-mdms-data": configRepo(config, "mdms", "egov-mdms-data"),
    configs: configRepo(config, "configs", "configs"),
  };
  const probe = (p: ServiceSpec["probes"]["readiness"]): ProbeSource | undefined => p && { ...p };
  return {
    name: s.name,
    module: s.module,
    labels: s.labels,
    // The repositories the final env reads from /work-dir (eGov's git-sync, or a deviation's env).
    configRepos: (["configs", "egov-mdms-data"] as const).flatMap((dir) => {
      const files = [...new Set([...workDirFiles(env as EnvSpec[], dir), ...(s.configRepo?.dir === dir ? s.configRepo.files.map((f) => f.path) : [])])].sort();
      return files.length ? [{ dir, ...repos[dir], files }] : [];
    }),
    extraVolumes: platformEnv[s.name]?.extraVolumes,
    image: s.image,
    tag,
    port: s.port,
    dbMigration: s.dbMigration
      ? {
          image: s.dbMigration.image,
          tag: override?.migrationTag ?? override?.tag ?? s.dbMigration.tag,
          schemaTable: s.dbMigration.schemaTable,
          // A -db image on Flyway 4 carries a JDBC driver that predates SCRAM: its SQL runs with Flyway 10.
          ...(flywayMajor(s.dbMigration.flywayImage) < 5 ? { runWith: utilityImages.flyway } : {}),
        }
      : undefined,
    route: s.ingress ? { path: s.ingress.path, gateway: s.ingress.viaGateway } : undefined,
    gatewayRoute: s.gatewayRoute,
    probes: { readiness: probe(s.probes.readiness), liveness: probe(s.probes.liveness) },
    preStop: s.preStop,
    replicas: override?.replicas ?? (profile.highAvailability ? Math.max(profile.serviceReplicas, s.replicas) : s.replicas),
    memoryMiB,
    cpuMillis: override?.resources?.cpu ? millicores(override.resources.cpu) : millicores(profile.serviceCpu),
    cpuLimitMillis: override?.resources?.cpuLimit ? millicores(override.resources.cpuLimit) : undefined,
    // JAVA_OPTS above already carries the heap; the renderer must not add its own.
    heapMiB: undefined,
    runtime: s.runtime,
    ...(s.appServer ? { appServer: s.appServer } : {}),
    env,
    migrationEnv: s.dbMigration?.env.map(asEnvSource),
    needs: s.needs.filter((n): n is "postgres" | "kafka" | "elasticsearch" | "redis" => n !== "objectStore"),
    initContainers: s.routeDiscovery
      ? [
          {
            name: "gateway-kubernetes-discovery",
            image: s.routeDiscovery.image,
            tag: s.routeDiscovery.tag,
            env: s.routeDiscovery.env.map(asEnvSource),
            sharedDirs: { "gateway-routes": s.routeDiscovery.mountPath },
            kubernetesApi: true,
          },
        ]
      : undefined,
    ownConfigMaps: ownConfigMaps(s, config, override),
    serviceAccount: identity
      ? { annotations: identity.serviceAccountAnnotations as Record<string, string>, podLabels: identity.podLabels }
      : s.serviceAccount
        ? { annotations: {}, rules: namespacedRules(s) }
        : undefined,
  };
}

/**
 * The gateway's route discovery lists Services in the namespaces of its NAMESPACE env (eGov's
 * gateway-kubernetes-discovery main.go: CoreV1().Services(namespace).List): a Role there is all
 * it needs, where eGov's chart grants a ClusterRole over services, endpoints, pods and namespaces.
 */
function namespacedRules(s: ServiceSpec): Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> {
  return s.routeDiscovery ? [{ apiGroups: [""], resources: ["services"], verbs: ["get", "list"] }] : [];
}

/**
 * The Flyway major of a -db image's base (egovio/flyway:<version>), Infinity when unknown. Flyway's
 * command line bundled PostgreSQL JDBC 42.1.4 as late as 2017 (flyway/flyway#1756), before 42.2.0
 * added SCRAM authentication; eGov's -db images on Flyway 10.7.1 carry a 42.x driver that speaks it.
 */
export function flywayMajor(image: string | undefined): number {
  const m = image && /^egovio\/flyway:(\d+)\./.exec(image);
  return m ? Number(m[1]) : Infinity;
}

/**
 * The ConfigMaps a service gets with it: its chart's, filled in for the state, and for a web app
 * (runtime nginx) the state's globalConfigs.js in its web root (web-apps.ts).
 */
function ownConfigMaps(s: ServiceSpec, config: DigitConfig, override: ServiceOverride | undefined): DigitServiceSpec["ownConfigMaps"] {
  const webAppPath = s.runtime === "nginx" ? s.ingress?.path : undefined;
  const chart = (s.chartConfigMaps ?? []).map((c) => ({
    name: c.name,
    mountPath: c.mountPath,
    ...(c.subPath ? { subPath: c.subPath } : {}),
    data: chartConfigData(c.data, { domain: config.domain, stateTenantId: config.stateTenantId, properties: override?.properties, webAppPath }),
  }));
  const web = webAppPath
    ? [
        {
          name: `${s.name}-global-configs`,
          mountPath: globalConfigsMountPath(webAppPath),
          subPath: "globalConfigs.js",
          data: { "globalConfigs.js": globalConfigsJs(config) },
          ...(globalConfigsSecret(config) ? { secret: true } : {}),
        },
      ]
    : [];
  const all = [...chart, ...web];
  return all.length ? all : undefined;
}

/**
 * A config repository: a token given is read from its own Secret (git-sync's username and
 * password); a secret URL (encrypted, or with credentials in it) is read from digit-config-repos.
 */
function configRepo(config: DigitConfig, which: "mdms" | "configs", dir: string): Omit<ConfigRepoSource, "dir" | "files"> {
  const r = config.configRepos[which];
  return {
    url: r.url,
    ref: r.ref,
    ...(r.token ? { credentialsSecret: configRepoSecret(dir) } : {}),
    ...(isSecretUrl(config, `configRepos.${which}.url`, r.url) ? { urlSecret: { name: configReposSecretName, key: dir } } : {}),
  };
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
function asEnvSource(e: EnvSpec): EnvSource {
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
  if (!s.ingress.viaGateway || s.name === gatewayService) return s.name;
  // Authenticated paths are never exposed without the gateway in front of them.
  return deployed.has(gatewayService) ? gatewayService : undefined;
}

/**
 * The services to deploy: the catalog's for the chosen modules, overrides applied, wiring checked
 * against what the platform really provides. Every problem is a ConfigError before any resource exists.
 */
export function planServices(config: DigitConfig, target: Target, provided: ProvidedConfig, platformEnv: PlatformEnv = {}, extra: DigitServiceSpec[] = []): ServicePlan {
  const selected = selectServices(config.modules).map(deployedService);
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
    ...extra.map((e) => ({
      // DIGIT's gateway routes a path once its Service carries the route annotation, as for DIGIT's own services.
      spec: e.route?.gateway && !e.gatewayRoute ? { ...e, gatewayRoute: e.route.path.replace(/^\/+|\/+$/g, "") } : e,
      routeBackend: e.route ? (e.route.gateway && deployed.has(gatewayService) ? gatewayService : e.route.gateway ? undefined : e.name) : undefined })),
  ];
  return {
    namespaces: [namespaces.services, namespaces.backbone, namespaces.kafka, namespaces.elasticsearch, namespaces.edge, ...operationsNamespaces(config)],
    services,
    catalog: selected,
    gaps: wiringGaps(selected, available),
  };
}
