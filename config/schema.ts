import { z } from "zod";
import { egovConfigRepo, selectableModules } from "./modules";
import { cpuQuantity, cronSchedule, dnsName, ipv4Cidr, k8sName, memoryQuantity, numberOrText, port, quantity } from "./fields";
import { sdcTarget } from "./targets/sdc";
import { namespaces } from "../components/namespaces";
import { nicTarget } from "./targets/nic";
import { awsTarget } from "./targets/aws";
import { azureTarget } from "./targets/azure";
import { gcpTarget } from "./targets/gcp";

/**
 * The one schema of the `digit` config namespace. It gives the TypeScript types, the error
 * messages and the JSON Schema (tools/schema.ts). Every object is strict: an unknown key is a
 * typo until proven otherwise. Profile-dependent defaults are applied later (config/resolve.ts),
 * so that "not given" stays distinguishable from "given".
 */

export { quantity };
export const target = z.discriminatedUnion("kind", [awsTarget, azureTarget, gcpTarget, sdcTarget, nicTarget]);

export const resources = z
  .object({
    cpu: cpuQuantity.optional().describe("CPU request, e.g. 250m or 2"),
    memory: memoryQuantity.optional().describe("memory request = limit, e.g. 1Gi"),
    cpuLimit: cpuQuantity.optional().describe("CPU limit; default none (JVMs burst at start-up)"),
  })
  .strict();

/** An image tag, or a digest (`sha256:` and 64 hex digits). */
const imageTag = z
  .string()
  .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/, "expected an image tag such as v2.9.0-4c3b9a1, or a digest sha256:<64 hex digits>");

export const serviceOverride = z
  .object({
    replicas: z.number().int().min(0).max(50).optional().describe("replicas in dev; the autoscaler's minimum in ha"),
    tag: imageTag.optional().describe("image tag or digest (sha256:...); the DB-migration image takes the same tag unless migrationTag is given"),
    migrationTag: imageTag.optional().describe("tag or digest of the DB-migration image; required with a digest tag (a digest names one image); default: tag"),
    resources: resources.optional(),
    heap: z.string().regex(/^[0-9]+[mg]$/).optional().describe("JVM max heap, e.g. 384m; default: 70% of memory"),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/), z.string()).optional().describe("extra or replaced env"),
    properties: z
      .record(z.string().regex(/^[A-Za-z0-9_.<>{}-]+$/), z.string())
      .optional()
      .describe("lines of the service's egov-erp-override.properties (egov-finance, egov-edcr): key -> value, replacing eGov's (e.g. tenant.<ulb host>: <ulb code>, mail.host)"),
    secrets: z
      .record(z.string().regex(/^[a-z0-9-]+$/), z.string())
      .optional()
      .describe("keys of the service's integration Secret (SMS, mail, payment gateway, maps credentials); set each with --secret"),
  })
  .strict();

const statefulSizing = {
  replicas: z.number().int().min(1).max(9).optional().describe("instances; default per profile (dev 1, ha 3)"),
  storage: memoryQuantity.optional().describe("volume size of each instance, e.g. 100Gi; default per profile"),
  resources: resources.optional(),
};

export const backbone = z
  .object({
    protect: z
      .boolean()
      .default(true)
      .describe("protect and retain every resource holding data; set false only for throw-away stacks"),
    postgres: z
      .object({ ...statefulSizing, version: numberOrText(z.string().regex(/^[0-9]+(\.[0-9]+)?$/, "expected a PostgreSQL version such as 16"), "expected a PostgreSQL version such as 16").optional().describe("PostgreSQL major of the in-cluster server, e.g. 16"), backup: z
        .object({
          enabled: z.boolean().default(true).describe("nightly logical backups to the object store"),
          schedule: cronSchedule.default("30 1 * * *").describe("cron schedule, Asia/Kolkata time"),
          retentionDays: z.number().int().min(1).max(3650).default(14).describe("days a dump is kept"),
        })
        .strict()
        .optional() })
      .strict()
      .optional(),
    kafka: z.object({ ...statefulSizing }).strict().optional(),
    elasticsearch: z
      .object({
        ...statefulSizing,
        dataReplicas: z.number().int().min(1).max(9).optional().describe("data nodes in ha; default 3"),
        dataStorage: memoryQuantity.optional().describe("volume size of each data node"),
        heap: z.string().regex(/^[0-9]+[mg]$/).optional().describe("JVM heap of the data nodes, e.g. 2g"),
        kibana: z.boolean().optional().describe("run Kibana (reached with kubectl port-forward)"),
      })
      .strict()
      .optional(),
    redis: z.object({ resources: resources.optional() }).strict().optional(),
    objectStore: z.object({ ...statefulSizing, bucket: z.string().min(3).optional().describe("MinIO bucket of egov-filestore; default egov-filestore") }).strict().optional(),
  })
  .strict();

const duration = (unit: string, example: string) =>
  z.string().regex(new RegExp(`^[1-9][0-9]*(${unit})$`), `expected a duration such as ${example}`);

const cidr = ipv4Cidr;

/** Each part is sized by profile and can be switched on or off per stack (components/operations/settings.ts). */
export const operations = z
  .object({
    monitoring: z
      .object({
        enabled: z
          .boolean()
          .optional()
          .describe("Prometheus, Grafana and Alertmanager (kube-prometheus-stack), exporters, DIGIT's dashboards and health probes; default: true in ha, false in dev"),
        retention: duration("h|d|w", "15d").optional().describe("how long Prometheus keeps samples; default: 15d in ha, 3d in dev"),
        storage: memoryQuantity.optional().describe("size of Prometheus' volume; default: 50Gi in ha, 10Gi in dev"),
        scrapeInterval: duration("s|m", "30s").optional().describe("how often every target is scraped; default: 30s"),
      })
      .strict()
      .optional(),
    alerting: z
      .object({
        enabled: z.boolean().optional().describe("DIGIT's alert rules and Alertmanager's receivers; default: on whenever monitoring is on"),
        email: z.array(z.string().email()).optional().describe("addresses every alert is mailed to (needs smtp); default: none"),
        smtp: z
          .object({
            smarthost: z.string().regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/, "expected host:port, e.g. smtp.punjab.gov.in:587").describe("mail relay as host:port"),
            from: z.string().email().describe("sender address of alert mails"),
            username: z.string().min(1).optional().describe("relay login; default: none (an unauthenticated relay)"),
            password: z.string().min(1).optional().describe("relay password, set with --secret; default: none"),
            requireTls: z.boolean().default(true).describe("STARTTLS to the relay; default: true"),
            cidr: cidr
              .optional()
              .describe("the relay's private address range, allowed out of the monitoring namespace (NetworkPolicy); default: the smarthost's own address when it is a private IPv4 address, else public relays only"),
          })
          .strict()
          .optional()
          .describe("the mail relay Alertmanager sends through; required when email is given"),
        webhook: z.string().url().optional().describe("URL every alert is posted to (Alertmanager's webhook format); default: none"),
        sms: z
          .object({
            webhook: z
              .string()
              .url()
              .describe("the state's SMS gateway (or its adapter) receiving Alertmanager's webhook JSON; set with --secret when it carries a token"),
            severity: z.enum(["critical", "warning"]).default("critical").describe("the lowest severity texted; default: critical"),
            cidr: cidr
              .optional()
              .describe("the gateway's private address range, allowed out of the monitoring namespace (NetworkPolicy); default: the URL's host when it is a private IPv4 address"),
          })
          .strict()
          .optional()
          .describe("alerts texted through the state's SMS gateway; default: none"),
      })
      .strict()
      .optional(),
    tracing: z
      .object({
        enabled: z
          .boolean()
          .optional()
          .describe("OpenTelemetry collector and Tempo; DIGIT's Java services send spans through the OpenTelemetry Java agent; default: true in ha, false in dev"),
        sampleRate: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe("share of new traces kept: the Java agent's trace-ID ratio and the Jaeger clients' probabilistic sampler; default: 0.1 in ha, 1 in dev"),
        retention: duration("h", "168h").optional().describe("how long Tempo keeps traces; default: 168h in ha, 24h in dev"),
      })
      .strict()
      .optional(),
    logs: z
      .object({
        enabled: z.boolean().optional().describe("every pod's logs collected (Grafana Alloy) into Loki, queried from Grafana; default: true in ha, false in dev"),
        retentionDays: z.number().int().min(1).max(3650).optional().describe("days Loki keeps logs; default: 14 in ha, 3 in dev"),
        storage: memoryQuantity.optional().describe("size of Loki's volume; default: 50Gi in ha, 10Gi in dev"),
      })
      .strict()
      .optional(),
    cicd: z
      .object({
        jenkins: z.boolean().default(false).describe("run Jenkins in the cluster (namespace jenkins) with a Kaniko agent that builds and bakes images; default: false"),
      })
      .strict()
      .optional(),
  })
  .strict();

export const delivery = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("direct").describe("`pulumi up` applies every object to the cluster") }).strict(),
  z
    .object({
      mode: z.literal("gitops").describe("objects are rendered to manifests in git and an in-cluster agent applies them; CI holds no cluster credentials"),
      repository: z
        .string()
        .regex(/^(https?|ssh):\/\/|^git@/, "expected a git URL such as https://github.com/<state>/digit-infra.git")
        .describe("the state's repository the agent reconciles from"),
      branch: z.string().min(1).default("main").describe("branch the agent follows; default: main"),
      path: z
        .string()
        .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "expected a relative directory such as deploy/prod")
        .default("deploy")
        .describe("directory (relative to the project) the manifests are rendered to and the agent reads; default: deploy"),
      agent: z
        .enum(["argocd", "flux", "pulumi-operator"])
        .default("argocd")
        .describe("argocd or flux apply the rendered manifests; pulumi-operator runs `pulumi up` in the cluster from the repository; default: argocd"),
      credentials: z
        .object({
          sshPrivateKey: z.string().min(1).optional().describe("deploy key for an ssh:// or git@ repository, set with --secret"),
          knownHosts: z.string().min(1).optional().describe("the git host's SSH host keys (ssh-keyscan output); required with sshPrivateKey"),
          username: z.string().min(1).optional().describe("user for an https repository's token; default: git"),
          token: z.string().min(1).optional().describe("access token for an https repository, set with --secret"),
        })
        .strict()
        .optional()
        .describe("how the agent reads a private repository: an SSH deploy key or an HTTPS token (Pulumi secrets, delivered as cluster Secrets); default: none (a public repository)"),
    })
    .strict(),
]);

export const edge = z
  .object({
    tls: z
      .discriminatedUnion("mode", [
        z.object({ mode: z.literal("acme"), email: z.string().email(), staging: z.boolean().default(false) }).strict(),
        z
          .object({
            mode: z.literal("provided"),
            certificate: z.string().min(1).describe("PEM certificate chain"),
            key: z.string().min(1).describe("PEM private key, set with --secret"),
          })
          .strict(),
        z.object({ mode: z.literal("none") }).strict(),
      ])
      .optional(),
  })
  .strict();

const gitRepo = z
  .object({
    url: z
      .string()
      .regex(/^(https?|ssh|git):\/\/|^git@/, "expected a git URL such as https://github.com/<state>/egov-mdms-data.git")
      .describe("the repository's URL (a state's fork, or its mirror in an air-gapped SDC)"),
    ref: z.string().min(1).describe("branch, tag or commit"),
    username: z.string().min(1).optional().describe("user of a private repository (with token); default none (a public repository)"),
    token: z.string().min(1).optional().describe("access token of a private repository; set with --secret"),
  })
  .strict()
  .refine((r) => !r.token || r.url.startsWith("https://"), { message: "a token works with an https:// URL only: give the repository's https URL", path: ["token"] });

/** DIGIT's configuration data: every state keeps its own fork of these repositories. */
export const configRepos = z
  .object({
    mdms: gitRepo
      .default(egovConfigRepo("egov-mdms-data"))
      .describe(`MDMS data, cloned to /work-dir/egov-mdms-data; default eGov's ${egovConfigRepo("egov-mdms-data").url} at ${egovConfigRepo("egov-mdms-data").ref}`),
    configs: gitRepo
      .default(egovConfigRepo("configs"))
      .describe(`persister, indexer, PDF and dashboard configs, cloned to /work-dir/configs; default eGov's ${egovConfigRepo("configs").url} at ${egovConfigRepo("configs").ref}, the branch eGov's file lists are written for`),
  })
  .strict();

const rotation = z.number().int().min(0).max(1_000_000).optional();

/**
 * Every namespace the platform can create: DIGIT's (components/namespaces.ts) and the operations
 * ones (components/operations/settings.ts: Jenkins, the GitOps agents; a test keeps them equal).
 */
export const platformNamespaceNames: [string, ...string[]] = [namespaces.services, ...Object.values(namespaces).filter((n) => n !== namespaces.services), "jenkins", "argocd", "flux-system", "pulumi-kubernetes-operator"];

/** Secure defaults and how to loosen each on purpose (docs/security.md). */
export const security = z
  .object({
    networkIsolation: z
      .boolean()
      .default(true)
      .describe("default-deny NetworkPolicies in every DIGIT namespace plus the explicit allows (edge -> services -> backbone, monitoring, DNS); default: true"),
    internetPorts: z
      .array(port)
      .min(1)
      .optional()
      .describe("ports of the public internet DIGIT's services (egov) may reach; default: 443, 465, 587"),
    egress: z
      .array(
        z
          .object({
            namespace: k8sName.default("egov").describe("namespace whose pods get the allow; default: egov"),
            cidr: cidr.describe("addresses reached, e.g. the state's SMS gateway 10.40.0.0/24"),
            ports: z.array(port).min(1).describe("TCP ports reached"),
          })
          .strict(),
      )
      .optional()
      .describe("more egress allows, e.g. a private SMS or payment gateway; default: none"),
    podSecurity: z
      .partialRecord(z.enum(platformNamespaceNames), z.enum(["restricted", "baseline", "privileged"]))
      .optional()
      .describe("Pod Security level per namespace the platform creates, replacing the recorded one; default: components/config/namespaces.ts"),
    allowPlaintext: z
      .array(z.enum(["edge", "database"]))
      .optional()
      .describe("allow on purpose: edge (digit:edge.tls.mode none on the ha profile, or with the web apps), database (an external database with sslMode disable on ha); default: neither"),
    rotation: z
      .object({
        database: rotation.describe("bump to generate a new database password"),
        objectStore: rotation.describe("bump to generate new MinIO keys"),
        elasticsearch: rotation.describe("bump to generate a new Elasticsearch password"),
        chatbotOtp: rotation.describe("bump to generate a new fixed OTP of the chatbot's citizen login"),
        encryptionMaster: rotation.describe(
          "bump to generate new egov-enc-service master keys: refused unless allowEncryptionMasterRotation is true, because every value DIGIT encrypted with the old keys becomes unreadable",
        ),
        allowEncryptionMasterRotation: z
          .boolean()
          .optional()
          .describe("allow encryptionMaster to change: only on a stack whose encrypted data is re-encrypted or disposable; default false"),
      })
      .strict()
      .optional()
      .describe("rotation counters of the generated credentials: a new value replaces the password, never the data; default: 0 each"),
  })
  .strict();

/**
 * What the web apps (module web-apps: digit-ui, citizen, employee) read from their globalConfigs.js
 * besides the state's tenant (egovernments/URBAN at the apps' image commits; docs/digit.md).
 */
const httpsUrl = z
  .string()
  .url()
  .refine((v) => v.startsWith("https://"), "expected an https:// URL (the web apps are served over HTTPS and a browser blocks mixed content)");
const webApps = z
  .object({
    mapsApiKey: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Google Maps JavaScript API key (GMAPS_API_KEY; maps and place search in complaints, property and trade licence forms). Every browser receives it: restrict it to the state's domain by HTTP referrer; set it with --secret to keep it out of the repository and the plan. Default: none (map pickers do not load)",
      ),
    footerLogo: httpsUrl.optional().describe("image in the web apps' footer (DIGIT_FOOTER); default: eGov's published DIGIT footer logo"),
    footerLogoBw: httpsUrl.optional().describe("black-and-white footer image (DIGIT_FOOTER_BW); default: eGov's published one"),
    homeUrl: httpsUrl.optional().describe("where the footer logo links (DIGIT_HOME_URL); default https://www.digit.org/"),
    assetsBucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name")
      .optional()
      .describe("S3 bucket of the older citizen and employee apps' static assets (S3BUCKET); default: eGov's egov-uat-assets"),
    financeEnv: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional()
      .describe("FIN_ENV of the employee app: the finance ERP's host is <city>-<financeEnv>.<domain>; default: none"),
    whatsappNumber: z
      .string()
      .regex(/^\+?[0-9]{10,15}$/, "expected a phone number such as 919876543210")
      .optional()
      .describe("the citizen app's WhatsApp chatbot number (DEFAULT_WHATSAPP_NUMBER); default: none"),
  })
  .strict();

/** The whole `digit` namespace, keyed without the `digit:` prefix. */
export const digitConfigSchema = z
  .object({
    target: target.describe("where DIGIT runs"),
    domain: dnsName.describe("the public DNS name DIGIT is served on"),
    stateTenantId: z
      .string()
      .regex(/^[a-z]{2,10}$/, "expected 2 to 10 lower-case letters, e.g. pb")
      .describe("DIGIT's state-level tenant id"),
    profile: z.enum(["dev", "ha"]).default("dev").describe("sizing profile"),
    modules: z
      .array(z.enum(selectableModules))
      .min(1)
      .default(["core-services"])
      .describe("DIGIT modules to deploy"),
    excludeModules: z
      .array(z.enum(selectableModules))
      .optional()
      .describe("modules never deployed, even when a chosen module depends on one: the plan fails naming the module that needs it (a guard against pulling a module in unnoticed); default: none"),
    webApps: webApps.optional().describe("runtime settings of the web apps (module web-apps), served to browsers in globalConfigs.js; default: none"),
    // prefault, not default: a default over fields that take numbers as text (a transform) is left out of the JSON Schema
    services: z.record(z.string(), serviceOverride).prefault({}).describe("per-service overrides, keyed by service name"),
    configRepos: configRepos
      .default({ mdms: egovConfigRepo("egov-mdms-data"), configs: egovConfigRepo("configs") })
      .describe("git repositories of DIGIT's MDMS data and service configs (a state's own forks)"),
    backbone: backbone.prefault({ protect: true }).describe("sizing and options of Postgres, Kafka, Elasticsearch, Redis and the object store"),
    edge: edge.default({}).describe("TLS of the public edge"),
    operations: operations.default({}).describe("monitoring, alerting, tracing, logs, CI/CD"),
    delivery: delivery.default({ mode: "direct" }).describe("direct (pulumi up applies) or gitops (manifests reconciled from git)"),
    security: security.default({ networkIsolation: true }).describe("network isolation, Pod Security overrides, credential rotation (docs/security.md)"),
  })
  .strict();

export type DigitConfigInput = z.input<typeof digitConfigSchema>;
/**
 * The validated config. `secretPaths` (set by parseDigitConfig) lists the values that were
 * encrypted (config/secret-paths.ts): they stay Pulumi secrets wherever the platform uses them.
 */
export type DigitConfig = z.output<typeof digitConfigSchema> & { readonly secretPaths?: readonly string[] };
export type TargetConfig = z.output<typeof target>;
export type ServiceOverride = z.output<typeof serviceOverride>;
export type Profile = DigitConfig["profile"];
