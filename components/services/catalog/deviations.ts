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
  /** the DB-migration container as a whole (how Flyway is run, not one env) */
  | "db-migration"
  | "volumes"
  | "service-account"
  | "rbac"
  | "ingress"
  | "objects"
  | "config-files";

export interface ObjectDeviation {
  kind: "object";
  services: Selector;
  field: ObjectField;
  /** what differs, in a sentence */
  what: string;
  reason: string;
  /** ingress: the public route the platform gives a service eGov's chart leaves unpublished */
  publish?: { path: string; viaGateway: boolean };
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

const notInLts = (what: string) => `${what} is not deployed by DIGIT 2.9 LTS's helmfiles`;
const urbanCaller = (what: string) => `${what} belongs to DIGIT's urban modules; the PDFs and searches of those modules need them deployed`;

/**
 * An env eGov's chart does not set, whose property the image defaults to eGov's own dev server
 * (application.properties at the image's commit): pointed at the service in the cluster instead.
 * `optional`: the service is not part of the modules that reference it (a gap until deployed).
 */
function inClusterHost(service: string, env: string, key: string, optional?: string): EnvDeviation {
  return {
    kind: "env",
    services: [service],
    env,
    change: { add: { name: env, configMap: "egov-service-host", key, ...(optional ? { optional } : {}) } },
    reason: `${service}'s image defaults it to one of eGov's own servers (dev.digit.org, qa.digit.org, a test address) and eGov's chart does not set it: requests would leave the state's cluster; ${key} in the cluster serves the same API${optional ? ` (${optional})` : ""}`,
  };
}

/** An env naming the public URL citizens and employees reach DIGIT at (links in SMS and mail), defaulted by the image to eGov's server. */
function statePublicUrl(services: readonly string[], env: string): EnvDeviation {
  return {
    kind: "env",
    services,
    env,
    change: { add: { name: env, configMap: "egov-config", key: "egov-services-fqdn-name" } },
    reason: `the image defaults it to one of eGov's own servers and eGov's chart does not set it: the links it puts in notifications would point there; it is the state's public URL`,
  };
}

export const deviations: readonly Deviation[] = [
  // ---- security ----
  {
    kind: "env",
    services: ["egov-user"],
    env: "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED",
    change: { set: "false" },
    reason: "eGov's environment turns on a fixed citizen OTP (123456) for demos: anyone could log in as any citizen. Never a default here",
  },
  // ---- references to hosts eGov's LTS deployment does not have ----
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
    services: ["billing-service"],
    env: "BS_BUSINESSCODE_DEMAND_UPDATEURL",
    change: {
      set: "{'PT':'http://pt-calculator-v2.egov:8080/pt-calculator-v2/propertytax/_updatedemand','WS':'http://ws-calculator.egov:8080/ws-calculator/waterCalculator/_updateDemand','SW':'http://sw-calculator.egov:8080/sw-calculator/sewerageCalculator/_updateDemand','TL':''}",
      optional: true,
    },
    reason:
      "eGov's env.yaml sends these demand updates through internal-gateway-scg, which no LTS helmfile deploys; the internal gateway forwards the same paths, so billing calls the calculators directly (used once property tax / water and sewerage are deployed)",
  },
  { kind: "env", services: ["egov-pg-service"], env: "EGOV_BANKACCOUNTSERVICE_HOST", change: { optional: true }, reason: `${notInLts("egf-master (finance masters)")}; only bank-account lookups of the payment gateway use it` },
  { kind: "env", services: ["egov-pg-service"], env: "EGOV_BUSINESSDETAILSSERVICE_HOST", change: { optional: true }, reason: notInLts("egov-common-masters, a legacy service,") },
  { kind: "env", services: ["inbox", "egov-pdf"], env: "EGOV_SEARCHER_HOST", change: { optional: true }, reason: `${notInLts("egov-searcher")}; only inbox/PDF configurations that search through it need it` },
  {
    kind: "env",
    services: ["pgr-services"],
    env: "EGOV_INFRA_SEARCHER_HOST",
    change: { optional: true },
    reason: `${notInLts("egov-searcher")} either, so PGR runs without it there too; only searches configured through egov-searcher use it`,
  },
  { kind: "env", services: ["inbox"], env: "EGOV_VEHICLE_HOST", change: { optional: true }, reason: notInLts("vehicle (FSM, sanitation)") },
  { kind: "env", services: ["egov-hrms"], env: "EGOV_INDIVIDUAL_HOST", change: { optional: true }, reason: `${notInLts("individual (health campaigns)")}; HRMS calls it only for individual-backed employees` },
  {
    kind: "env",
    services: ["gateway"],
    env: "URL_LISTS",
    change: { optional: true },
    reason: "Punjab's rainmaker-custom-service hooks (not part of DIGIT); the gateway calls them only when CUSTOM_FILTER_PROPERTY is true, and eGov sets it false",
  },
  { kind: "env", services: ["gateway"], env: "GATEWAY_ROUTES_TL_CALCULATOR_URL", change: { optional: true }, reason: "tl-calculator is the trade licence module's calculator; the route is used once that module is deployed" },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_TLSERVICES_HOST", change: { optional: true }, reason: urbanCaller("tl-services (trade licence)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_TRADELICENSESERVICES_HOST", change: { optional: true }, reason: urbanCaller("tl-services (trade licence)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_PTSERVICES_HOST", change: { optional: true }, reason: urbanCaller("property-services (property tax)") },
  { kind: "env", services: ["egov-pdf"], env: "EGOV_ECHALLAN_HOST", change: { optional: true }, reason: urbanCaller("echallan-services (e-challan)") },
  {
    kind: "env",
    services: ["inbox"],
    env: "SERVICE_SEARCH_MAPPING",
    change: { optional: true },
    reason: "the inbox searches each module's applications at these URLs (eGov's env.yaml also lists FSM and vehicle of the sanitation modules); a module that is not deployed has no applications to find",
  },
  { kind: "env", services: ["inbox"], env: "BS_BUSINESSCODE_SERVICE_SEARCH", change: { optional: true }, reason: "water and sewerage connection searches for bill-amendment inboxes; used once water and sewerage are deployed" },
  // ---- hosts the images default to eGov's servers ----
  inClusterHost("egov-user", "EGOV_LOCALIZATION_HOST", "egov-localization"),
  inClusterHost("billing-service", "EGOV_LOCALIZATION_HOST", "egov-localization"),
  {
    kind: "env",
    services: ["egov-indexer"],
    env: "EGOV_SERVICE_HOST",
    change: { add: { name: "EGOV_SERVICE_HOST", configMap: "egov-service-host", key: "gateway" } },
    reason:
      "the indexer prefixes the relative API paths of legacy index and reindex jobs with it (IndexerUtils); its image defaults it to https://dev.digit.org and eGov's chart does not set it; DIGIT's gateway routes every service's path in the cluster",
  },
  inClusterHost("egov-indexer", "EGOV_EDCR_HOST", "egov-edcr", "egov-edcr belongs to the building plan module"),
  inClusterHost("egov-indexer", "EGOV_BPA_HOST", "bpa-services", "bpa-services belongs to the building plan module"),
  inClusterHost("collection-services", "EGOV_EGFCOMMONMASTERS_HOSTNAME", "egov-common-masters", "a legacy finance service DIGIT 2.9 LTS does not deploy"),
  inClusterHost("collection-services", "EGOV_EGFMASTERS_HOSTNAME", "egf-masters", "finance masters, not deployed by DIGIT 2.9 LTS's helmfiles"),
  inClusterHost("collection-services", "EGOV_INSTRUMENT_HOSTNAME", "egf-instrument", "finance instruments, not deployed by DIGIT 2.9 LTS's helmfiles"),
  inClusterHost("collection-services", "EGOV_EGFMASTER_SERVICE_HOST", "egf-master", "finance master, not deployed by DIGIT 2.9 LTS's helmfiles"),
  // urban modules
  inClusterHost("bpa-services", "EGOV_COLLECTION_SERVICE_HOST", "collection-services"),
  inClusterHost("bpa-services", "EGOV_PROPERTY_SERVICE_HOST", "property-services", "property-services belongs to the property tax module"),
  inClusterHost("echallan-services", "EGOV_COLLECTION_SERVICE_HOST", "collection-services"),
  inClusterHost("echallan-calculator", "EGOV_LOCATION_HOST", "egov-location"),
  inClusterHost("echallan-calculator", "EGOV_LOCALIZATION_HOST", "egov-localization"),
  inClusterHost("pgr-services", "EGOV_URL_SHORTNER_HOST", "egov-url-shortening"),
  inClusterHost("property-services", "EGOV_PT_SERVICES_V2_HOST", "pt-services-v2"),
  inClusterHost("pt-calculator-v2", "EGOV_ASSESSMENTSERVICE_HOST", "property-services"),
  inClusterHost("pt-calculator-v2", "EGOV_PT_HOST", "property-services"),
  inClusterHost("pt-services-v2", "EGOV_BILLING_HOST", "billing-service"),
  inClusterHost("pt-services-v2", "EGOV_URL_SHORTENER_HOST", "egov-url-shortening"),
  ...["bpa-services", "sw-services", "ws-services"].map((svc) => inClusterHost(svc, "WORKFLOW_WORKDIR_PATH", "egov-workflow-v2")),
  statePublicUrl(["bpa-services", "tl-services"], "NOTIFICATION_URL"),
  statePublicUrl(["ws-calculator", "sw-calculator", "echallan-calculator"], "EGOV_UI_APP_HOST"),
  statePublicUrl(["tl-services", "echallan-services", "echallan-calculator"], "EGOV_HOST_DOMAIN_NAME"),
  {
    kind: "env",
    services: "*",
    env: "EGOV_PERSIST_YML_REPO_PATH",
    change: { platform: "components/services/platform-env.ts" },
    reason:
      "audit-service defaults it to persister files on eGov's test branches at raw.githubusercontent.com (audit-test, core-113) and eGov's chart does not set it: it reads the persister configs egov-persister reads, from the state's config repository",
  },
  {
    kind: "env",
    services: "*",
    env: "EGOV_UI_APP_HOST_MAP",
    change: { platform: "components/services/platform-env.ts" },
    reason: "egov-url-shortening defaults its per-tenant hosts to eGov's central-instance.digit.org: the state's tenant maps to the state's domain",
  },
  // ---- set by the platform from the place ----
  ...["MINIO_URL", "FIXED_BUCKETNAME", "FIXED_BUCKET_REGION", "ISS3ENABLED", "ISAZURESTORAGEENABLED", "AZURE_DEFAULTENDPOINTSPROTOCOL", "AZURE_ACCOUNTNAME", "AZURE_ACCOUNTKEY", "IS_CONTAINER_FIXED", "FIXED_CONTAINER_NAME"].map(
    (env): EnvDeviation => ({
      kind: "env",
      services: ["egov-filestore"],
      env,
      change: { platform: "components/backbone/objectstore.ts filestoreEnv" },
      reason:
        "egov-filestore stores files in the place's object store (MinIO, S3, GCS through its XML API, or Azure Blob), in the property names its image reads (MinioConfig, AzureBlobStorageImpl at Digit-Core 237578ce80); eGov's values name eGov's own demo bucket",
    }),
  ),
  {
    kind: "env",
    services: "*",
    env: "JAEGER_AGENT_HOST",
    change: { platform: "components/operations/tracing.ts wireTracing" },
    reason: "eGov's chart expects a Jaeger agent on every node (status.hostIP); the platform's spans go to its tracing collector (digit:operations.tracing), and nowhere when tracing is off",
  },
  ...["JAEGER_SAMPLER_TYPE", "JAEGER_SAMPLER_PARAM"].map(
    (env): EnvDeviation => ({
      kind: "env",
      services: "*",
      env,
      change: { platform: "components/operations/wiring.ts tracingEnv" },
      reason:
        "eGov's chart asks a remote sampler at $(JAEGER_AGENT_HOST):5778 that nothing serves (the Jaeger client would keep its initial rate of 0.001); a probabilistic sampler at digit:operations.tracing.sampleRate asks no server",
    }),
  ),
  {
    kind: "env",
    services: "*",
    env: "TRACER_OPENTRACING_ENABLED",
    change: { platform: "components/operations/wiring.ts tracingEnv" },
    reason:
      "DIGIT 2.9's tracer library builds no Jaeger tracer (OpenTracingConfiguration is commented out at Digit-Core 07f47790b8, core-services/libraries/tracer): the Java services' spans come from the OpenTelemetry Java agent, and the tracer's no-op keeps them from being traced twice",
  },
  // Redis requires the platform's generated password; each client as its code reads it
  ...[
    { services: ["egov-user"], env: "SPRING_REDIS_HOST", how: "a redis:// URI with the password from Secret redis (Jedis 2.9 JedisShardInfo parses it: Digit-Core c33cfe45ab EgovUserApplication.java)" },
    { services: ["gateway"], env: "SPRING_DATA_REDIS_PASSWORD", how: "the password from Secret redis (Spring Boot 3.2 auto-configuration: gateway a916a090e6 has its RedisConfig commented out)" },
    {
      services: ["egov-localization", "egov-url-shortening"],
      env: "SPRING_REDIS_HOST",
      how: "redis-cache.backbone, a Redis without a password that holds only localisation messages and short URLs: their code connects with host and port alone (Digit-Core 237578ce80 RedisConfig, 07f47790b8 URLRedisRepository)",
    },
  ].map(
    (d): EnvDeviation => ({
      kind: "env",
      services: d.services,
      env: d.env,
      change: { platform: "components/services/redis-clients.ts redisClientEnv" },
      reason: `eGov's Redis has no password, so anyone in the cluster can read egov-user's login tokens and the gateway's rate limits; the platform's requires one: ${d.how}`,
    }),
  ),
  // The OpenTelemetry Java agent: eGov's Spring Boot images serve no metrics (no micrometer-registry-prometheus at their commits)
  ...[
    "JAVA_TOOL_OPTIONS",
    "OTEL_SERVICE_NAME",
    "OTEL_METRICS_EXPORTER",
    "OTEL_TRACES_EXPORTER",
    "OTEL_LOGS_EXPORTER",
    "OTEL_EXPORTER_PROMETHEUS_HOST",
    "OTEL_EXPORTER_PROMETHEUS_PORT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
  ].map(
    (env): EnvDeviation => ({
      kind: "env",
      services: "*",
      env,
      change: { platform: "components/services/java-agent.ts javaAgentEnv" },
      reason:
        "with monitoring or tracing on, each Spring Boot service loads the OpenTelemetry Java agent (JAVA_TOOL_OPTIONS -javaagent, the jar copied in by init container otel-agent): eGov's images export no Prometheus metrics (no micrometer-registry-prometheus in their pom.xml) and build no tracer; the agent serves metrics on :9464 and sends spans to the platform's collector",
    }),
  ),
  ...["MANAGEMENT_SERVER_PORT", "MANAGEMENT_PORT", "MANAGEMENT_ENDPOINTS_WEB_BASEPATH", "MANAGEMENT_HEALTH_MAIL_ENABLED"].map(
    (env): EnvDeviation => ({
      kind: "env",
      services: "*",
      env,
      change: { platform: "components/operations/wiring.ts wireJavaAgent" },
      reason:
        "a Spring Boot service eGov's chart gives no probe gets a readiness probe on the actuator (every one depends on it through DIGIT's tracer library), moved to port 8081 where no servlet context path applies; the mail health check is left out so a down SMTP relay does not stop egov-notification-mail's Kafka work",
    }),
  ),
  // ---- object-level ----
  {
    kind: "object",
    services: "*",
    field: "probes",
    what: "a readiness probe on the actuator's own port (GET /health :8081) for Spring Boot services eGov's chart gives none (egov-notification-mail, egov-notification-sms, service-request, dashboard-analytics, dashboard-ingest in 2.9 LTS)",
    reason: "without one a pod receives traffic and counts as available before its DataSource and Kafka consumers are up, and a rolling update can replace every working pod with broken ones",
  },
  {
    kind: "object",
    services: "*",
    field: "security-context",
    what: "every pod runs as non-root user 10001 with a RuntimeDefault seccomp profile, read-only root file systems, no privilege escalation and no capabilities; the web apps' nginx binds port 80 through the safe sysctl net.ipv4.ip_unprivileged_port_start=0 and writes only to emptyDirs at /var/cache/nginx and /run",
    reason: "eGov's chart sets no security context (git-sync pods: fsGroup 65533 only), so nginx:mainline-alpine runs as root; DIGIT's namespaces enforce Pod Security `restricted`, which allows that sysctl but no root user",
  },
  {
    kind: "object",
    services: "*",
    field: "affinity",
    what: "topology spread over zones and hosts instead of a preferred anti-affinity",
    reason: "eGov's affinity uses failure-domain.beta.kubernetes.io/zone, a label Kubernetes removed in 1.24; spreading over topology.kubernetes.io/zone and hosts does what it meant",
  },
  {
    kind: "object",
    services: "*",
    field: "resources",
    what: "a CPU request on every container; a memory request and limit also where eGov's chart renders none (no appType), from the values' memory_limits; a limit raised where eGov's -Xmx is above 75% of it (heap kept, limit = heap / 0.7); 96 MiB more for a service running the OpenTelemetry Java agent",
    reason:
      "without requests the scheduler packs DIGIT's JVMs onto one node and the capacity check cannot count them; eGov's chart renders resources only for appType java-spring; a heap that fills the limit leaves no room for metaspace and thread stacks, and the pod is OOM-killed under load",
  },
  {
    kind: "object",
    services: "*",
    field: "init-containers",
    what: "init containers that wait for the backbone parts a service uses, and a check that every config file it reads exists after git-sync; with monitoring or tracing on, otel-agent copying the OpenTelemetry Java agent into Spring Boot services; git-sync v4 from registry.k8s.io over HTTPS (a token for private forks) in place of git-sync v3.1.1 from k8s.gcr.io over SSH with Secret git-creds",
    reason:
      "a service started before Kafka or Postgres answers crash-loops until it does; a missing persister or indexer file fails fast with the list of what is missing instead of a crash loop; k8s.gcr.io is frozen and git-sync v3 unmaintained, and eGov's repositories are public, so no SSH key needs to sit in the cluster; the Java agent's jar comes from its own image (otel-agent), so eGov's images stay as built",
  },
  {
    kind: "object",
    services: ["egov-user"],
    field: "objects",
    what: "Job egov-user-admin creates the first employee (SUPERUSER, CSR, GRO) for the state's tenant with a generated password (Secret egov-user-admin, stack output adminLogin), only when it does not exist",
    reason:
      "eGov's Job posts the username and password of env-secrets.yaml (demo admin/eGov@123) for tenant pg from a curl image, again on every install; a state needs its own tenant and a password nobody else knows",
  },
  {
    kind: "object",
    services: ["citizen", "digit-ui", "employee"],
    field: "config-files",
    what: "sub_filter.conf injects the state's globalConfigs.js, served from the app's own web root (/<app>/globalConfigs.js, ConfigMap <app>-global-configs: digit:stateTenantId and digit:webApps), in place of eGov's UAT file on S3, and sets Cache-Control: pages, globalConfigs.js and digit-ui's bundles revalidated, the content-hashed static/ files cached for a year",
    reason:
      "eGov's UAT globalConfigs.js names eGov's tenant and eGov's Google Maps key and lives on eGov's bucket: a state's citizens would get another tenant's MDMS and a key the state does not control; without Cache-Control, browsers keep digit-ui's unhashed bundles heuristically after an upgrade (egovernments/URBAN 4e0e653269 webpack.config.js: [name].bundle.js)",
  },
  {
    kind: "object",
    services: ["egov-finance", "egov-edcr"],
    field: "config-files",
    what: "egov-erp-override.properties with the state's domain and tenant in place of eGov's placeholders, eGov's inline `#####` remarks dropped, eGov's sample tenants (citya-uat.digit.org, ...) and Punjab's mail and SMS senders removed, dev.mode off, mail and SMS off until the state sets them, then digit:services.<svc>.properties applied",
    reason:
      "eGov's file is its UAT environment's: a properties file has no inline comments (`common.domain.name=<domain_name> ##### Change to your domain name` is that whole value), and its senders and tenants are not the state's",
  },
  {
    kind: "object",
    services: ["egov-filestore"],
    field: "ingress",
    what: "/filestore is published through the gateway",
    publish: { path: "/filestore", viaGateway: true },
    reason:
      "eGov's values give egov-filestore `ingress.zuul: true` and context `filestore`, and its Service the gateway route, but leave `ingress.enabled` false, so no Ingress publishes it; the gateway's whitelists list /filestore/v1/files and the web apps upload and fetch files there",
  },
  {
    kind: "object",
    services: ["noc-services"],
    field: "db-migration",
    what: "its -db image only copies its SQL out (init container db-migration-sql); Flyway 10.7.1 runs it with eGov's migrate.sh settings",
    reason:
      "noc-services-db is built on egovio/flyway:4.1.2, whose bundled PostgreSQL JDBC driver predates SCRAM (added in 42.2.0; Flyway bundled 42.1.4 in late 2017, flyway/flyway#1756): it cannot log in to a PostgreSQL that stores SCRAM passwords (the default since PostgreSQL 14, and of RDS, Flexible Server, Cloud SQL); eGov's other -db images use Flyway 10.7.1",
  },
  {
    kind: "object",
    services: ["gateway"],
    field: "rbac",
    what: "a Role allowing get/list on Services in namespace egov instead of a ClusterRole over services, endpoints, pods and namespaces",
    reason: "gateway-kubernetes-discovery lists Services of the namespaces in its NAMESPACE env only (Digit-Core 7f4ff55ce3, accelerators/gateway-kubernetes-discovery/main.go)",
  },
];


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

/** The public route a deviation gives a service eGov leaves unpublished, if any. */
export function publishedRoute(service: string): { path: string; viaGateway: boolean } | undefined {
  return deviations.find((d): d is ObjectDeviation => d.kind === "object" && d.field === "ingress" && !!d.publish && matches(d.services, service))?.publish;
}
