import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../providers/target";
import type { DigitConfig } from "../config/schema";
import { profileDefaults } from "../config/profile";
import { namespaces } from "./namespaces";
import { checkCapacity, objectsIn, workloadRequests, type Requests } from "./capacity";
import { DigitNamespaces } from "./config/namespaces";
import { platformCredentials } from "./config/credentials";
import { SharedConfig, providedSecretKeys } from "./config/shared-config";
import { checkIntegrationSecrets, integrationSecretData, integrationSecrets } from "./config/integrations";
import { egovConfigData, serviceHostData } from "./config/egov-config";
import { backboneEndpoints } from "./backbone/endpoints";
import { Backbone, checkBackbone } from "./backbone/backbone";
import { filestoreEnv, filestoreVolume } from "./backbone/objectstore";
import { DigitService } from "./services/digit-service";
import type { DigitServiceSpec } from "./services/spec";
import { configReposSecretData, planServices, ServicePlan } from "./services/plan";
import { gatewayRoutesConfigMap, gatewayRoutesProperties } from "./services/gateway-routes";
import { gatewayService } from "./services/catalog";
import { ServiceRenderContext } from "./services/render";
import { Edge, planEdge } from "./edge";
import { backboneFacts, deliveryTargets, Operations, operationsSettings, serviceFacts, wireTracing } from "./operations";
import { dataNamespaces, isolationInput, NetworkIsolation, rotationStamp } from "./security";
import { configReposSecretName, proxySecretData, serviceEnvSecrets, withSecretOffers } from "./config/secret-values";
import { ProxySecrets } from "./config/proxy-secrets";
import { redisClientEnv, redisSecretData, redisSecretName } from "./services/redis-clients";

/** Secret names the services' env reads. */
function secretsReadBy(specs: DigitServiceSpec[]): string[] {
  const names = new Set<string>();
  for (const s of specs) for (const e of [...s.env, ...(s.migrationEnv ?? [])]) if ("secret" in e) names.add(e.secret);
  return [...names].sort();
}

export interface DigitPlatformArgs {
  /** where DIGIT runs (providers/: sdc, nic, aws, azure, gcp, or an integrator's own Target) */
  target: Target;
  /** the validated `digit` config (config/load.ts parseDigitConfig) */
  config: DigitConfig;
  /** services of the integrator's own, deployed beside the catalog's; default none */
  extraServices?: DigitServiceSpec[];
}

/**
 * The DIGIT component graph, written against the Target only: namespaces, shared config and
 * secrets, backbone, edge, DIGIT's services and operations.
 */
export class DigitPlatform extends pulumi.ComponentResource {
  /** CPU and memory requested by DIGIT's services and the backbone (charts' own pods not counted) */
  public readonly requests: Requests;
  /** the pure plan the graph was registered from */
  public readonly plan: ServicePlan;
  public readonly namespaces: DigitNamespaces;
  /** Postgres, Kafka, Elasticsearch, Redis and the object store */
  public readonly backbone: Backbone;
  public readonly services: Record<string, DigitService> = {};
  /** the public edge: Envoy Gateway, the Gateway `digit`, TLS */
  public readonly edge: Edge;
  /** monitoring, alerting, tracing, logs, Jenkins and the GitOps agent (digit:operations, digit:delivery) */
  public readonly operations: Operations;
  /** default-deny NetworkPolicies and explicit allows per DIGIT namespace; undefined when digit:security.networkIsolation is false */
  public readonly isolation?: NetworkIsolation;
  /** public URL DIGIT is served on */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: DigitPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:platform:DigitPlatform", name, {}, opts);
    const { config } = args;
    // Secret offers (a proxy or chart mirror with credentials) stay secret in every component.
    const target = withSecretOffers(args.target, config);
    const profile = profileDefaults(config.profile);
    const endpoints = backboneEndpoints(target.database, target.objectStore.mode === "minio");
    const edgePlan = planEdge(config, target);
    const egovConfig = egovConfigData({
      domain: config.domain,
      stateTenantId: config.stateTenantId,
      endpoints,
      assetsBucket: target.objectStore.mode === "minio" || target.objectStore.mode === "nfs" ? "egov-assets" : target.objectStore.bucket,
      // DIGIT sends SMS only once the state has given its gateway's credentials.
      smsEnabled: Object.keys(config.services["egov-notification-sms"]?.secrets ?? {}).length > 0,
      scheme: edgePlan.tls.mode === "none" ? "http" : "https",
    });
    // Everything is decided and checked before the first resource is registered.
    checkIntegrationSecrets(config);
    const backbonePlan = checkBackbone(config, target, endpoints);
    const ops = operationsSettings(config);
    const plan = planServices(
      config,
      target,
      {
        egovConfigKeys: Object.keys(egovConfig),
        secrets: Object.fromEntries([
          ...Object.entries(providedSecretKeys).map(([k, v]) => [k, [...v]]),
          ...Object.entries(integrationSecrets).map(([k, v]) => [k, v.keys]),
          [redisSecretName, ["password", "url"]],
        ]),
        // Redis requires its password: each client gets what its code reads (components/services/redis-clients.ts).
        needsEnv: { redis: redisClientEnv },
      },
      // egov-filestore stores files where the place keeps them: its bucket, MinIO or an NFS share.
      {
        "egov-filestore": {
          env: filestoreEnv(target.objectStore, { minioBucket: config.backbone.objectStore?.bucket, publicUrl: `${edgePlan.tls.mode === "none" ? "http" : "https"}://${config.domain}/` }),
          extraVolumes: (() => {
            const v = filestoreVolume(target.objectStore);
            return v ? [v] : undefined;
          })(),
        },
      },
      args.extraServices ?? [],
    );
    // DIGIT's Jaeger clients report to the tracing collector when it runs, and are off when not.
    plan.services = wireTracing(plan.services, ops, config.services);
    this.plan = plan;

    // Pods that cannot fit the nodes would stay Pending after `pulumi up`: say so now, with the numbers.
    const highAvailability = profile.highAvailability;
    const serviceRequests = plan.services.reduce(
      (r, s) => {
        const replicas = highAvailability ? Math.max(2, s.spec.replicas) : s.spec.replicas;
        return { cpuMillis: r.cpuMillis + s.spec.cpuMillis * replicas, memoryMiB: r.memoryMiB + s.spec.memoryMiB * replicas };
      },
      { cpuMillis: 0, memoryMiB: 0 },
    );
    const backboneRequests = workloadRequests(objectsIn(backbonePlan));
    this.requests = { cpuMillis: serviceRequests.cpuMillis + backboneRequests.cpuMillis, memoryMiB: serviceRequests.memoryMiB + backboneRequests.memoryMiB };
    const capacityWarning = checkCapacity(this.requests, target.capacity, config.target.capacityCheck);
    if (capacityWarning) pulumi.log.warn(capacityWarning, this);

    this.namespaces = new DigitNamespaces(
      `${name}-ns`,
      { target, names: plan.namespaces, protect: config.backbone.protect ? dataNamespaces : [], levels: config.security.podSecurity as Record<string, string> | undefined },
      { parent: this },
    );
    // gitops (argocd, flux): objects are rendered to manifests; Namespaces and Secrets still go to the cluster.
    const deliver = deliveryTargets(name, target, ops.delivery, this).objects;
    const credentials = platformCredentials(name, target, this, config.security.rotation);
    this.backbone = new Backbone(
      `${name}-backbone`,
      { target, deliveryTarget: deliver, config, credentials, namespaces: this.namespaces.names, endpoints },
      { parent: this },
    );
    // Pods outside egov that use a secret proxy (cert-manager, Jenkins) read it from their namespace's copy.
    if (target.proxy?.secretName)
      new ProxySecrets(`${name}-proxy`, { target, proxy: { ...target.proxy, secretName: target.proxy.secretName }, namespaces: this.namespaces.names }, { parent: this });
    this.edge = new Edge(`${name}-edge`, { target: deliver, secretsTarget: target, config, namespace: this.namespaces.names[namespaces.edge], plan: edgePlan }, { parent: this });

    const shared = new SharedConfig(
      `${name}-config`,
      {
        target: deliver,
        secretsTarget: target,
        namespaces: { [namespaces.services]: this.namespaces.names[namespaces.services] },
        egovConfig,
        serviceHosts: serviceHostData(plan.services.map((s) => ({ name: s.spec.name, namespace: namespaces.services, port: s.spec.port })), endpoints.minioUrl),
        credentials,
        extraConfigMaps: plan.services.some((s) => s.spec.name === gatewayService)
          ? { [gatewayRoutesConfigMap]: { "routes.properties": gatewayRoutesProperties(plan.services.map((s) => s.spec), namespaces.services) } }
          : {},
        extraSecrets: {
          ...integrationSecretData(config, secretsReadBy(plan.services.map((p) => p.spec)), name, this),
          ...serviceEnvSecrets(config, plan.services.map((s) => s.spec.name)),
          ...(configReposSecretData(config) ? { [configReposSecretName]: configReposSecretData(config)! } : {}),
          ...(target.proxy?.secretName ? { [target.proxy.secretName]: proxySecretData(target.proxy) } : {}),
          [redisSecretName]: redisSecretData(credentials.redis.password),
        },
      },
      { parent: this },
    );

    const backboneAddrs: ServiceRenderContext["backbone"] = {
      postgres: target.database.mode === "in-cluster" ? `${endpoints.postgres.host}:${endpoints.postgres.port}` : undefined,
      kafka: endpoints.kafkaBrokers.split(",")[0],
      elasticsearch: `${endpoints.elasticsearch.host}:9200`,
      redis: `${endpoints.redis.host}:${endpoints.redis.port}`,
    };

    for (const s of plan.services) {
      // Named after the platform too: two platforms in one program (two states) never collide.
      this.services[s.spec.name] = new DigitService(
        `${name}-${s.spec.name}`,
        {
          spec: s.spec,
          target: deliver,
          namespace: this.namespaces.names[namespaces.services],
          context: {
            namespace: namespaces.services,
            mirror: target.registry.mirror,
            pullSecretName: target.registry.pullSecretName,
            proxy: target.proxy,
            highAvailability: profile.highAvailability,
            domain: config.domain,
            gateway: { ...edgePlan.gateway, sectionName: edgePlan.routeListener },
            routeBackend: s.routeBackend,
            backbone: backboneAddrs,
            podAnnotations: rotationStamp(config),
          },
          dependsOn: shared.resources,
          routeDependsOn: this.edge.routeDependencies,
        },
        { parent: this },
      );
    }

    this.operations = new Operations(
      `${name}-ops`,
      {
        target,
        deliveryTarget: deliver,
        config,
        settings: ops,
        services: serviceFacts(plan.services),
        backbone: backboneFacts(endpoints),
        backboneMetrics: this.backbone.metrics,
        credentials: { postgres: credentials.database, elasticsearch: credentials.elasticsearch },
        edge: { domain: config.domain, tls: edgePlan.tls.mode !== "none", certManager: !!edgePlan.charts.certManager },
        namespaces: this.namespaces.names,
      },
      { parent: this },
    );

    if (config.security.networkIsolation)
      this.isolation = new NetworkIsolation(
        `${name}-isolation`,
        {
          target: deliver,
          namespaces: this.namespaces.names,
          input: isolationInput({
            config,
            target,
            namespaces: plan.namespaces,
            servicePorts: plan.services.map((s) => s.spec.port ?? 8080),
            endpoints,
            acme: edgePlan.tls.mode === "acme",
            backboneMetrics: this.backbone.metrics,
          }),
        },
        { parent: this },
      );

    this.url = pulumi.output(`${edgePlan.tls.mode === "none" ? "http" : "https"}://${config.domain}/`);
    this.registerOutputs({ url: this.url });
  }
}
