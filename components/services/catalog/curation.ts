/**
 * Decisions applied on top of DIGIT's fact table when the catalog is generated
 * (tools/import-catalog.ts). Each one names the service and env var it touches and says why; the
 * importer fails when an entry no longer matches the facts, so a new DIGIT release cannot
 * silently keep a stale decision.
 */
import type { CatalogModuleName } from "./types";

/** Release-chart entries that are not DIGIT services of this project, and why. */
export const exclusions: ReadonlyArray<{ name: string; module: CatalogModuleName; reason: string }> = [
  { name: "zookeeper-v2", module: "backbone", reason: "Kafka runs in KRaft mode, without ZooKeeper (no chart at the source commit)" },
  { name: "kafka-v2", module: "backbone", reason: "the platform runs Kafka (no chart at the source commit)" },
  { name: "kafka-connect", module: "backbone", reason: "Kafka Connect belongs to the platform's Kafka, not to DIGIT's services" },
  { name: "kafka-connect-restart-tasks", module: "backbone", reason: "a helper that restarts Kafka Connect tasks" },
  { name: "elasticsearch-data-v1", module: "backbone", reason: "the platform runs Elasticsearch (no chart at the source commit)" },
  { name: "elasticsearch-master-v1", module: "backbone", reason: "the platform runs Elasticsearch (no chart at the source commit)" },
  { name: "kibana-v1", module: "backbone", reason: "Kibana is an option of the platform's Elasticsearch (no chart at the source commit)" },
  { name: "redis", module: "authn-authz", reason: "the platform runs Redis as service redis in namespace backbone" },
  { name: "ingress-nginx", module: "authn-authz", reason: "the platform brings its own ingress/gateway" },
  { name: "cert-manager", module: "authn-authz", reason: "the platform brings its own TLS" },
  { name: "playground", module: "core", reason: "a debugging pod (namespace playground), not a DIGIT service" },
];

export interface EnvDecision {
  service: string;
  env: string;
  reason: string;
}

const inBusiness = "deploy module business for it; until then the variable stays unset";
const legacy = (svc: string) => `${svc} is not part of DIGIT v2.9 (a legacy service); the variable stays unset`;
const viaGateway =
  "reaches MDMS, PGR, localization, filestore, billing and collections through the gateway zuul (module m_core); deploy m_core for the chatbot to work";

/**
 * References that may dangle: rendered `optional: true` (ConfigMap/Secret keys) and reported by
 * the wiring check as gaps, not errors. Everything not listed here must resolve.
 */
export const optionalRefs: readonly EnvDecision[] = [
  { service: "egov-pg-service", env: "EGOV_BILLINGSERVICE_HOST", reason: `payments settle against bills of billing-service: ${inBusiness}` },
  { service: "egov-pg-service", env: "EGOV_COLLECTIONSERVICE_HOST", reason: `payments become receipts in collection-services: ${inBusiness}` },
  { service: "egov-pg-service", env: "EGOV_BANKACCOUNTSERVICE_HOST", reason: `bank accounts come from egf-master: ${inBusiness}` },
  { service: "egov-pg-service", env: "EGOV_BUSINESSDETAILSSERVICE_HOST", reason: legacy("egov-common-masters") },
  { service: "collection-services", env: "EGOV_EGFCOMMONMASTERS_HOSTNAME", reason: legacy("egov-common-masters") },
  { service: "collection-services", env: "EGOV_COMMON_SERVICE_HOST", reason: legacy("egov-common-masters") },
  { service: "inbox", env: "EGOV_VEHICLE_HOST", reason: "vehicle belongs to DIGIT's FSM module, not to v2.9; only FSM inboxes use it" },
  { service: "inbox", env: "EGOV_SEARCHER_HOST", reason: "egov-searcher is not in DIGIT's v2.9 release chart; inbox configs that search through it fail" },
  ...["MDMS_HOST", "PGR_SERVICE_HOST", "LOCALIZATION_SERVICE_HOST", "EGOV_FILESTORE_SERVICE_HOST", "BILL_SERVICE_HOST", "COLLECTION_SERVICE_HOST"].map(
    (env) => ({ service: "xstate-chatbot", env, reason: viaGateway }),
  ),
  {
    service: "zuul",
    env: "URL_LISTS",
    reason: "Punjab's rainmaker-custom-service hooks, not part of v2.9; used only when CUSTOM_FILTER_PROPERTY is true (it is false)",
  },
  { service: "zuul", env: "ZUUL_ROUTES_TL_CALCULATOR_URL", reason: "tl-calculator belongs to DIGIT's trade-licence module, not to v2.9" },
];

/** Env entries left out: a ConfigMap reference with an empty key cannot be rendered (the API server rejects it). */
export const droppedEnv: readonly EnvDecision[] = [
  { service: "egov-location", env: "EGOV_SERVICES_EGOV_MDMS_HOSTNAME", reason: "DIGIT's values reference egov-service-host with an empty key" },
  { service: "egov-hrms", env: "EGOV_MDMSLEGACY_HOST", reason: "DIGIT's values reference egov-service-host with an empty key" },
];

/** Literal values replaced, with the value DIGIT had. */
export const replacedValues: ReadonlyArray<EnvDecision & { value: string }> = [
  {
    service: "egov-user",
    env: "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED",
    value: "false",
    reason: "DIGIT's demo enables a fixed citizen OTP (123456); never a default here",
  },
];

/** Literal credentials in DIGIT's values, read from an integration Secret instead (components/config/integrations.ts). */
export const secretEnv: ReadonlyArray<EnvDecision & { secret: string; key: string }> = [
  {
    service: "finance-collections-voucher-consumer",
    env: "SI_MICROSERVICE_PASSWORD",
    secret: "finance-collections-voucher-consumer",
    key: "si-microservice-password",
    reason: "DIGIT's values carry the password of its SIFINANCE system user in plain text; the state sets its own with --secret",
  },
];

/** Facts a deployer must know that the data alone does not say. */
export const serviceNotes: ReadonlyArray<{ service: string; note: string }> = [
  {
    service: "egov-filestore",
    note: "FIXED_BUCKETNAME and Secret egov-filestore (awskey, awssecretkey) are DIGIT's demo S3 settings: the platform points them at its object store",
  },
  { service: "egov-filestore", note: "no ingress in DIGIT's values, although zuul's open endpoints list /filestore/v1/files/url" },
  { service: "zuul", note: "ZUUL_ROUTES_FILEPATH: the gateway reads its route table from /etc/zuul/routes.properties, which must be mounted" },
  { service: "internal-gateway", note: "EGOV_SERVICE_CONFIG_PATH: reads /etc/internal-router/tenant-config.json, which must be mounted" },
  { service: "egov-user-chatbot", note: "logs citizens in with the fixed OTP of Secret egov-user-chatbot; it has no public route" },
];

/** All decisions, as the importer takes them. */
export interface Curation {
  exclusions: typeof exclusions;
  optionalRefs: readonly EnvDecision[];
  droppedEnv: readonly EnvDecision[];
  replacedValues: typeof replacedValues;
  serviceNotes: typeof serviceNotes;
  /** default none */
  secretEnv?: typeof secretEnv;
}

export const curation: Curation = { exclusions, optionalRefs, droppedEnv, replacedValues, serviceNotes, secretEnv };
