import type * as pulumi from "@pulumi/pulumi";
import type { Target } from "../providers/target";
import type { DigitConfig } from "../config/schema";
import { profileDefaults, type ProfileDefaults } from "../config/profile";
import { objectsIn, workloadRequests, type Requests } from "./capacity";
import { providedSecretKeys } from "./config/shared-config";
import { checkIntegrationSecrets, integrationSecrets, smsProblems } from "./config/integrations";
import { egovConfigData } from "./config/egov-config";
import { backboneEndpoints, type BackboneEndpoints } from "./backbone/endpoints";
import { checkBackbone } from "./backbone/backbone";
import { filestoreEnv } from "./backbone/objectstore";
import { planServices, type ServicePlan } from "./services/plan";
import { withSecretOffers } from "./config/secret-values";
import { redisClientEnv, redisSecretName } from "./services/redis-clients";
import { catalogLts } from "./services/catalog";
import { platformServiceEnv } from "./services/platform-env";
import { serviceRollout } from "./services/render";
import { planEdge, type EdgePlan } from "./edge";
import { operationsSettings, wireJavaAgent, wireTracing, type OperationsSettings } from "./operations";
import { encryptionRotationProblems } from "./security";
import { platformProxy } from "./services/platform-proxy";
import { placeWithProxy } from "./services/proxy";
import type { DigitServiceSpec } from "./services/spec";
import { ConfigError } from "../config/errors";

/** What the capacity check counts, by part: DIGIT's services (at their floor of replicas) and the backbone. */
export interface PlatformRequests {
  services: Requests;
  backbone: Requests;
  /** services and backbone together: what the check compares with the target's capacity */
  total: Requests;
  /**
   * what a rolling update of every DIGIT service at once adds (a new Java agent or shared config
   * rolls them all): their Deployments surge `serviceRollout.maxSurge` pods each
   */
  surge: Requests;
}

/** Everything the platform decides before it registers a resource. */
export interface PlatformPlan {
  profile: ProfileDefaults;
  endpoints: BackboneEndpoints;
  /** the place as the platform renders for: the platform's hosts bypass its proxy, secret offers stay secret */
  target: Target;
  edgePlan: EdgePlan;
  /** every egov-config key the platform knows (the services' reads pick from it) */
  egovConfigAll: Record<string, pulumi.Input<string>>;
  ops: OperationsSettings;
  plan: ServicePlan;
  requests: PlatformRequests;
}

const add = (a: Requests, b: Requests, n = 1): Requests => ({ cpuMillis: a.cpuMillis + b.cpuMillis * n, memoryMiB: a.memoryMiB + b.memoryMiB * n });
const none = (): Requests => ({ cpuMillis: 0, memoryMiB: 0 });

/**
 * The pure part of DigitPlatform: config and place in, the services, backbone, edge and
 * operations settings and their requests out; a config problem throws a ConfigError. The config
 * must have passed preflight (DigitPlatform runs it first).
 */
export function planPlatform(config: DigitConfig, place: Target, extraServices: DigitServiceSpec[] = []): PlatformPlan {
  const profile = profileDefaults(config.profile);
  const endpoints = backboneEndpoints(place.database, place.objectStore.mode === "minio");
  // Everything the platform renders sees the place's proxy with the platform's own hosts kept direct,
  // and secret offers (an encrypted proxy URL or chart mirror) stay secret in every component.
  const secretPlace = withSecretOffers(place, config);
  const target = placeWithProxy(secretPlace, platformProxy(secretPlace, config, endpoints));
  const edgePlan = planEdge(config, target);
  const scheme = edgePlan.tls.mode === "none" ? "http" : "https";
  const egovConfigAll = egovConfigData(
    {
      domain: config.domain,
      stateTenantId: config.stateTenantId,
      endpoints,
      // DIGIT sends SMS only once the state has given its gateway's credentials.
      smsEnabled: Object.keys(config.services["egov-notification-sms"]?.secrets ?? {}).length > 0,
      scheme,
    },
    catalogLts,
  );
  checkIntegrationSecrets(config);
  const smsEnv = catalogLts.modules.flatMap((m) => m.services).find((s) => s.name === "egov-notification-sms")?.env ?? [];
  const settingProblems = [...encryptionRotationProblems(config), ...smsProblems(config, smsEnv.map((e) => ({ name: e.name, value: "value" in e ? e.value : undefined })))];
  if (settingProblems.length) throw new ConfigError(settingProblems);
  const backbonePlan = checkBackbone(config, target, endpoints);
  const ops = operationsSettings(config);
  const publicUrl = `${scheme}://${config.domain}/`;
  const plan = planServices(
    config,
    target,
    {
      egovConfigKeys: Object.keys(egovConfigAll),
      secrets: Object.fromEntries([
        ...Object.entries(providedSecretKeys).map(([k, v]) => [k, [...v]]),
        ...Object.entries(integrationSecrets).map(([k, v]) => [k, v.keys]),
        [redisSecretName, ["password", "url"]],
      ]),
      // Redis requires its password: each client gets what its code reads (components/services/redis-clients.ts).
      needsEnv: { redis: redisClientEnv },
    },
    platformServiceEnv({
      target,
      config,
      endpoints,
      publicUrl,
      filestore: { env: filestoreEnv(target.objectStore, { minioBucket: config.backbone.objectStore?.bucket, publicUrl }) },
    }),
    extraServices,
  );
  // DIGIT's Jaeger clients report to the tracing collector when it runs, and are off when not.
  plan.services = wireTracing(plan.services, ops, config.services);
  // DIGIT's Java services get the OpenTelemetry Java agent (metrics, spans) and a readiness probe where they had none.
  plan.services = wireJavaAgent(plan.services, ops);

  // In ha an autoscaler owns each service's count, never below two (services/render.ts).
  let services = none();
  let surge = none();
  for (const s of plan.services) {
    const pod = { cpuMillis: s.spec.cpuMillis, memoryMiB: s.spec.memoryMiB };
    services = add(services, pod, profile.highAvailability ? Math.max(2, s.spec.replicas) : s.spec.replicas);
    surge = add(surge, pod, serviceRollout.maxSurge);
  }
  const backbone = workloadRequests(objectsIn(backbonePlan));
  return { profile, endpoints, target, edgePlan, egovConfigAll, ops, plan, requests: { services, backbone, total: add(services, backbone), surge } };
}
