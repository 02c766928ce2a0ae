import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { k8sOptions, standardLabels } from "./meta";
import type { Target } from "../providers/target";
import type { PlatformConfig } from "../config/load";
import type { DigitConfig } from "../config/schema";
import { namespaces } from "./namespaces";
import { checkCapacity, type Requests } from "./capacity";
import { planPlatform, type PlatformRequests } from "./platform-plan";
import { DigitNamespaces } from "./config/namespaces";
import { platformCredentials } from "./config/credentials";
import { SharedConfig } from "./config/shared-config";
import { givenEncryptionMaster, integrationSecretData } from "./config/integrations";
import { serviceHostData } from "./config/egov-config";
import { Backbone } from "./backbone/backbone";
import { DigitService } from "./services/digit-service";
import type { DigitServiceSpec } from "./services/spec";
import { configRepoSecrets, configReposSecretData, ServicePlan } from "./services/plan";
import { configReposSecretName, isSecretUrl, serviceEnvSecrets } from "./config/secret-values";
import { redisSecretData, redisSecretName } from "./services/redis-clients";
import { adminPasswordPolicy, adminUserJob, adminUserName, adminUserSecret } from "./services/admin-user";
import { catalogLts, gatewayService } from "./services/catalog";
import { ServiceRenderContext } from "./services/render";
import { Edge } from "./edge";
import { backboneFacts, deliveryTargets, Operations, serviceFacts } from "./operations";
import { scrapePortsOf } from "./services/java-agent";
import { webAppWarnings } from "./services/web-apps";
import { dataNamespaces, isolationInput, NetworkIsolation, rotationStamp } from "./security";
import { preflight } from "./security/preflight";
import { proxyWarnings } from "./services/platform-proxy";
import { handoverFacts, type HandoverFacts } from "./handover";
import { withTargetSection } from "./config/own-target";
import { egovConfigRepo } from "../config/modules";

/**
 * The services' file lists are eGov's, written for eGov's branch (UNIFIED-QA): another ref may lack
 * files, which the plan cannot see without the repository. Say so, and how to check.
 */
export function configRepoWarnings(config: DigitConfig): string[] {
  const out: string[] = [];
  for (const [key, dir] of [["configs", "configs"], ["mdms", "egov-mdms-data"]] as const) {
    const given = config.configRepos[key];
    const egov = egovConfigRepo(dir);
    const shown = isSecretUrl(config, `configRepos.${key}.url`, given.url) ? "[secret]" : given.url;
    if (given.url !== egov.url || given.ref !== egov.ref)
      out.push(
        `digit:configRepos.${key}: ${shown}@${given.ref} is not eGov's ${egov.url}@${egov.ref}, for which the services' file lists are written; ` +
          `run \`npm run check-configs -- --stack <stack>\` before \`pulumi up\`: it lists every file the ref lacks (each pod also refuses to start without them)`,
      );
  }
  return out;
}

/** egov-config keys the deployed services read. */
function configKeysRead(services: Array<{ usesConfig: string[] }>): string[] {
  return [...new Set(services.flatMap((s) => s.usesConfig))].sort();
}

/** egov-service-host keys the deployed services read. */
function hostKeysRead(services: Array<{ callsServices: string[] }>): string[] {
  return [...new Set(services.flatMap((s) => s.callsServices))].sort();
}

/** Secret names the services' env reads. */
function secretsReadBy(specs: DigitServiceSpec[]): string[] {
  const names = new Set<string>();
  for (const s of specs) {
    for (const e of [...s.env, ...(s.migrationEnv ?? [])]) if ("secret" in e) names.add(e.secret);
    for (const r of s.configRepos ?? []) {
      if (r.credentialsSecret) names.add(r.credentialsSecret);
      if (r.urlSecret) names.add(r.urlSecret.name);
    }
  }
  return [...names].sort();
}

export interface DigitPlatformArgs {
  /** where DIGIT runs (providers/: sdc, nic, aws, azure, gcp, or an integrator's own Target) */
  target: Target;
  /**
   * the validated `digit` config (parseDigitConfig / loadStackConfig); a program passing its own
   * Target may parse it with `{ ownTarget: true }` and leave `digit:target` out
   */
  config: DigitConfig | PlatformConfig;
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
  /** the same by part (DIGIT's services, the backbone), and what a rolling update of every service adds */
  public readonly requestsByPart: PlatformRequests;
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
  /** the first employee login (a Pulumi secret), when egov-user is deployed; change it after the first login */
  public readonly adminLogin?: { username: string; password: pulumi.Output<string> };
  /** what a data centre's team must have ready (database, registry Secret); the plan prints it with the NodePorts and volumes */
  public readonly handover: pulumi.Output<HandoverFacts>;

  constructor(name: string, args: DigitPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    const config = withTargetSection(args.config);
    // The same checks the repository's program runs before its target: a bad config registers nothing.
    preflight(config);
    super("digit:platform:DigitPlatform", name, {}, opts);
    // Everything is decided and checked before the first resource is registered.
    const { profile, endpoints, target, edgePlan, egovConfigAll, ops, plan, requests } = planPlatform(config, args.target, args.extraServices ?? []);
    this.plan = plan;
    this.requestsByPart = requests;
    this.requests = requests.total;
    for (const w of configRepoWarnings(config)) pulumi.log.warn(w, this);
    for (const w of webAppWarnings(config, plan.services.some((x) => x.spec.runtime === "nginx"))) pulumi.log.warn(w, this);
    // Pods that cannot fit the nodes would stay Pending after `pulumi up`: say so now, with the numbers.
    const capacityWarning = checkCapacity(this.requests, target.capacity, config.target.capacityCheck);
    if (capacityWarning) pulumi.log.warn(capacityWarning, this);
    for (const w of proxyWarnings(target.proxy, plan.services.map((s) => s.spec))) pulumi.log.warn(w, this);

    this.namespaces = new DigitNamespaces(
      `${name}-ns`,
      { target, names: plan.namespaces, protect: config.backbone.protect ? dataNamespaces : [], levels: config.security.podSecurity as Record<string, string> | undefined },
      { parent: this },
    );
    // gitops (argocd, flux): objects are rendered to manifests; Namespaces and Secrets still go to the cluster.
    const deliver = deliveryTargets(name, target, ops.delivery, this).objects;
    const credentials = platformCredentials(name, target, this, config.security.rotation, givenEncryptionMaster(config));
    this.backbone = new Backbone(
      `${name}-backbone`,
      { target, deliveryTarget: deliver, config, credentials, namespaces: this.namespaces.names, endpoints },
      { parent: this },
    );
    // Pods outside egov that use a secret proxy (cert-manager, Jenkins) read it from their namespace's copy.
    this.edge = new Edge(`${name}-edge`, { target: deliver, secretsTarget: target, config, namespace: this.namespaces.names[namespaces.edge], plan: edgePlan }, { parent: this });

    const shared = new SharedConfig(
      `${name}-config`,
      {
        target: deliver,
        secretsTarget: target,
        namespaces: { [namespaces.services]: this.namespaces.names[namespaces.services] },
        // exactly the keys the deployed services read
        egovConfig: Object.fromEntries(Object.entries(egovConfigAll).filter(([k]) => configKeysRead(plan.catalog).includes(k))),
        serviceHosts: serviceHostData(
          // the hosts the catalog's services read, and every service of the integrator's own
          plan.services
            .filter((s) => hostKeysRead(plan.catalog).includes(s.spec.name) || !plan.catalog.some((c) => c.name === s.spec.name))
            .map((s) => ({ name: s.spec.name, namespace: namespaces.services, port: s.spec.port })),
          catalogLts.serviceHost,
          plan.catalog.some((s) => s.callsServices.includes("minio-url")) ? endpoints.minioUrl : undefined,
        ),
        credentials,
        secretsRead: secretsReadBy(plan.services.map((p) => p.spec)),
        extraSecrets: {
          ...integrationSecretData(config, secretsReadBy(plan.services.map((p) => p.spec)), name, this),
          ...Object.fromEntries(Object.entries(configRepoSecrets(config)).map(([k, v]) => [k, { username: v.username, password: pulumi.secret(v.password) }])),
          ...serviceEnvSecrets(config, plan.services.map((s) => s.spec.name)),
          ...(configReposSecretData(config) ? { [configReposSecretName]: configReposSecretData(config)! } : {}),
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

    // The gateway builds its route table from the Services' zuul/route-path annotations once, at pod
    // start (gateway-kubernetes-discovery): it starts after every routed Service exists, and restarts
    // when the set of routes changes.
    const ordered = [...plan.services.filter((s) => s.spec.name !== gatewayService), ...plan.services.filter((s) => s.spec.name === gatewayService)];
    const routeTable = plan.services.flatMap((s) => (s.spec.gatewayRoute ? [`${s.spec.gatewayRoute}=${s.spec.name}`] : [])).sort().join(",");
    for (const s of ordered) {
      const isGateway = s.spec.name === gatewayService;
      const routed = isGateway ? Object.values(this.services).filter((d) => d.rendered.service.metadata.annotations?.["zuul/route-path"]).map((d) => d.service) : [];
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
            podAnnotations: isGateway ? { ...(rotationStamp(config) ?? {}), "digit.egov.org/gateway-routes": routeDigest(routeTable) } : rotationStamp(config),
            databaseCa: !!endpoints.postgres.caFile,
          },
          dependsOn: [...shared.resources, ...routed],
          routeDependsOn: this.edge.routeDependencies,
        },
        { parent: this },
      );
    }

    // DIGIT's first employee login, as eGov's egov-user chart creates it, for the state's tenant.
    const egovUser = this.services["egov-user"];
    if (egovUser) {
      const password = pulumi.secret(
        new random.RandomPassword(`${name}-admin-password`, { ...adminPasswordPolicy }, { parent: this, additionalSecretOutputs: ["result"] }).result,
      );
      this.adminLogin = { username: adminUserName, password };
      const secret = new k8s.core.v1.Secret(
        `${name}-admin-login`,
        {
          metadata: { name: adminUserSecret.name, namespace: this.namespaces.names[namespaces.services], labels: standardLabels(adminUserSecret.name, "config") },
          type: "Opaque",
          stringData: { [adminUserSecret.username]: adminUserName, [adminUserSecret.password]: password },
        },
        k8sOptions(target, this),
      );
      const job = adminUserJob({
        namespace: namespaces.services,
        tenantId: config.stateTenantId,
        mirror: target.registry.mirror,
        pullSecretName: target.registry.pullSecretName,
        userService: `http://egov-user.${namespaces.services}:8080`,
      });
      new k8s.batch.v1.Job(
        `${name}-admin-user`,
        { metadata: { ...job.metadata, namespace: this.namespaces.names[namespaces.services] }, spec: job.spec },
        k8sOptions(deliver, this, { dependsOn: [egovUser.deployment, secret] }),
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
            scrapePorts: scrapePortsOf(plan.services.map((s) => s.spec)),
            endpoints,
            acme: edgePlan.tls.mode === "acme",
            backboneMetrics: this.backbone.metrics,
          }),
        },
        { parent: this },
      );

    this.url = pulumi.output(`${edgePlan.tls.mode === "none" ? "http" : "https"}://${config.domain}/`);
    this.handover = handoverFacts(target);
    this.registerOutputs({ url: this.url });
  }
}

/** A short digest of the gateway's route table, for the pod annotation that restarts it when routes change. */
function routeDigest(table: string): string {
  return createHash("sha256").update(table).digest("hex").slice(0, 16);
}
