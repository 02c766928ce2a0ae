/**
 * Reviewed upstream facts about DIGIT's configuration repositories, per module:
 *
 * - `configFileModules`: which DIGIT module each file of eGov's lists serves. egov-persister,
 *   egov-indexer and pdf-service read one list each for eGov's whole deployment (env.yaml); each
 *   file is attributed by what it configures: the topics it maps (`fromTopic`, `mappings[].topic`)
 *   and which service's source or env publishes to them, or which service asks pdf-service for the
 *   PDF key. Read at egovernments/configs UNIFIED-QA (6f0cd93dde), the services at the commit their
 *   image tag names. A file for a product the LTS helmfiles do not install says so (`notDeployed`).
 * - `mdmsReads`: the folders of egov-mdms-data (`data/<state>/<folder>/`) each service reads,
 *   each with the line of its source that names the MDMS module (MdmsCriteria moduleName). Only
 *   what was read in the source at the image's commit and found in egov-mdms-data UNIFIED-QA
 *   (1ff9e40f23) `data/pb/` is listed.
 *
 * The importer (tools/import-catalog.ts) carries both into the catalog and fails when a file of
 * eGov's lists has no attribution, an attribution matches no file, or a folder is not in the
 * vendored egov-mdms-data tree; so a new upstream file cannot slip in unattributed.
 */

/** What a configuration file serves: a module of the catalog, or a product the catalog does not deploy. */
export type ConfigFileAttribution = ({ module: string } | { notDeployed: string }) & {
  /** why, where the file's name does not say it */
  reason?: string;
};

const sanitation = { notDeployed: "sanitation (FSM)", reason: "eGov's sanitation product (FSM, vehicle, vendor, PQM), which the LTS urban helmfile does not install" };
const pgrV1 = "rainmaker-pgr (PGR v1)";

/** Every file the catalog's services read from their configuration repository (paths under /work-dir/<dir>/). */
export const configFileModules: Readonly<Record<string, ConfigFileAttribution>> = {
  // ---- egov-mdms-service (egov-mdms-data), the dashboards and report (configs)
  data: { module: "core-services", reason: "egov-mdms-service reads the whole data folder; the masters each module needs are mdmsReads" },
  "master-config.json": { module: "core-services" },
  "egov-dss-dashboards/dashboard-analytics/*.json": { module: "analytics" },
  "egov-dss-dashboards/dashboard-ingest/*.json": { module: "analytics" },
  "reports/reportFileLocationsv1.txt": { module: "reports" },

  // ---- egov-persister (PERSIST_YML_PATH)
  "egov-persister/apportion-persister.yml": { module: "common-services", reason: "save-apportion-*: egov-apportion-service's persister topics" },
  "egov-persister/assessment-persister.yml": { module: "property-tax", reason: "save-pt-assessment: property-services' egov.pt.assessment.create.topic" },
  "egov-persister/audit-service-persister.yml": { module: "core-services", reason: "audit-create: audit-service's persister.audit.kafka.topic" },
  "egov-persister/billing-services-persist.yml": { module: "common-services", reason: "save-bill-db, save-demand: billing-service's topics (its serviceName says User Service)" },
  "egov-persister/birth-death.yml": { module: "birth-death" },
  "egov-persister/boundary-persister.yml": { notDeployed: "boundary-service", reason: "create-boundary-entity etc.: boundary-service's (Digit-Core master), not in the LTS helmfiles" },
  "egov-persister/bpa-persister.yml": { module: "building-plans" },
  "egov-persister/bulk-bill-generator-sw.yml": { module: "water-sewerage", reason: "sw-calculator's kafka.topics.bulk.bill.generation.audit" },
  "egov-persister/bulk-bill-generator-ws.yml": { module: "water-sewerage", reason: "ws-calculator's kafka.topics.bulk.bill.generation.audit" },
  "egov-persister/chatbot.yml": { notDeployed: "chatbot", reason: "chatbot-*: Digit-Core core-services/chatbot's topics; chatbot is not in the LTS helmfiles" },
  "egov-persister/collection-migration-persister.yml": { module: "common-services", reason: "egov-collection-migration-batch: collection-services' kafka.topics.collection.migrate.name" },
  "egov-persister/echallan.yml": { module: "echallan" },
  "egov-persister/egf-bill.yaml": { notDeployed: "egf-bill (financial bill service)", reason: "egf-bill-*-topic (serviceName Financial Bill Service): no source of an LTS service publishes them, egov-finance included" },
  "egov-persister/egov-document-upload-persister.yml": { module: "common-services", reason: "save-du-document: egov-document-uploader" },
  "egov-persister/egov-survey-service-persister.yml": { module: "survey" },
  "egov-persister/egov-user-event-persister.yml": { module: "common-services", reason: "save-user-events: egov-user-event" },
  "egov-persister/egov-workflow-v2-persister.yml": { module: "core-services" },
  "egov-persister/firenoc-calculator-persister.yml": { module: "fire-noc" },
  "egov-persister/firenoc_persiter.yaml": { module: "fire-noc" },
  "egov-persister/hrms-employee-persister.yml": { module: "common-services", reason: "save-hrms-employee: egov-hrms" },
  "egov-persister/individual-persister.yml": { notDeployed: "individual", reason: "serviceName individual; no service of the LTS helmfiles publishes save-individual-topic" },
  "egov-persister/land-persister.yml": { module: "building-plans", reason: "save-landinfo: land-services" },
  "egov-persister/mdms-persister.yml": { module: "core-services", reason: "save-mdms-data: mdms-v2's egov.mdms.data.save.topic" },
  "egov-persister/noc-persister.yml": { module: "building-plans", reason: "save-noc-application: noc-services" },
  "egov-persister/nss-persister.yml": { notDeployed: "national-dashboard-ingest", reason: "nss-ingest-keydata: national-dashboard-ingest's (DIGIT-Analytics), not in the analytics helmfile" },
  "egov-persister/pdf-generator.yml": { module: "core-services", reason: "PDF_GEN_CREATE: pdf-service's KAFKA_CREATE_JOB_TOPIC" },
  "egov-persister/pg-service-persister.yml": { module: "core-services", reason: "save-pg-txns: egov-pg-service" },
  "egov-persister/pgr-migration-batch.yml": { module: "complaints", reason: "save-pgr-request-batch: pgr-services' pgr.kafka.migration.persister.topic" },
  "egov-persister/pgr-services-persister.yml": { module: "complaints" },
  "egov-persister/pgr.v3.yml": { notDeployed: pgrV1, reason: "save-pgr-service: rainmaker-pgr's topics (URBAN public-grievance-redressal/rainmaker-pgr), which pgr-services replaced" },
  "egov-persister/property-services-registry.yml": { module: "property-tax", reason: "save-property-registry: property-services' persister.save.property.topic" },
  "egov-persister/property-services.yml": { module: "property-tax", reason: "save-pt-property, cancel-pt-property: pt-services-v2's topics, despite the name" },
  "egov-persister/pt-calculator-v2-persister.yml": { module: "property-tax" },
  "egov-persister/pt-drafts.yml": { module: "property-tax", reason: "save-pt-drafts: pt-services-v2's persister.save.drafts.topic" },
  "egov-persister/pt-enc-audit-persister.yml": { module: "property-tax", reason: "pt-enc-audit: property-services' property.oldDataEncryptionStatus.topic" },
  "egov-persister/pt-mutation-calculator-persister.yml": { module: "property-tax", reason: "save-pt-mutation-billingslab: pt-calculator-v2's kafka.topics.mutation-billing-slab.save.service" },
  "egov-persister/pt-persist.yml": { notDeployed: "property tax before Rainmaker (egpt_property)", reason: "property-create-validated: no LTS service publishes it; only egov-persister's bundled copy names it" },
  "egov-persister/service-request-persister.yml": { module: "core-services" },
  "egov-persister/sewerage-persist.yml": { module: "water-sewerage" },
  "egov-persister/sw-enc-audit-persister.yml": { module: "water-sewerage", reason: "sw-enc-audit: sw-services' egov.sewerageservice.oldDataEncryptionStatus.topic" },
  "egov-persister/tl-billing-slab-persister.yml": { module: "trade-licence" },
  "egov-persister/tl-calculation-persister.yml": { module: "trade-licence" },
  "egov-persister/tradelicense.yml": { module: "trade-licence" },
  "egov-persister/uploader-persister.yml": { notDeployed: "egov-data-uploader", reason: "save-upload-jobs: egov-data-uploader's (Digit-Core core-services), not in the LTS helmfiles" },
  "egov-persister/water-meter.yml": { module: "water-sewerage", reason: "save-ws-meter: ws-calculator's egov.meterservice.createmeterconnection" },
  "egov-persister/water-persist.yml": { module: "water-sewerage" },
  "egov-persister/ws-enc-audit-persister.yml": { module: "water-sewerage", reason: "ws-enc-audit: ws-services' egov.waterservice.oldDataEncryptionStatus.topic" },
  "sanitation/egov-persister/fsm-calculator-persister.yaml": sanitation,
  "sanitation/egov-persister/fsm-persister.yaml": sanitation,
  "sanitation/egov-persister/pqm-anomaly-finder-persister.yaml": sanitation,
  "sanitation/egov-persister/pqm-persister.yaml": sanitation,
  "sanitation/egov-persister/vehicle-persister.yaml": sanitation,
  "sanitation/egov-persister/vendor-persister.yaml": sanitation,

  // ---- egov-indexer (EGOV_INDEXER_YAML_REPO_PATH)
  "egov-indexer/billingservices-indexer.yml": { module: "common-services", reason: "billing-service's demand index (it maps create-demand-index; billing-service publishes create-demand-index-v1)" },
  "egov-indexer/bpa-inbox-indexer.yml": { module: "building-plans", reason: "inbox-bpa-events: bpa-services' bpa.event.inbox.kafka.topic" },
  "egov-indexer/chatbot-telemetry-v2.yaml": { notDeployed: "chatbot", reason: "serviceName chatbot-messages; chatbot is not in the LTS helmfiles" },
  "egov-indexer/chatbot-telemetry.yaml": { notDeployed: "chatbot", reason: "serviceName chatbot-messages; chatbot is not in the LTS helmfiles" },
  "egov-indexer/collection-indexer.yml": { module: "common-services", reason: "egov.collection.receipt-create: collection-services' legacy receipts (billing-service reads the topic)" },
  "egov-indexer/edcr-indexer.yml": { module: "building-plans", reason: "edcr-create-application: pushed by egov-edcr (EdcrRestService.java)" },
  "egov-indexer/egov-bpa-indexer.yml": { module: "building-plans" },
  "egov-indexer/egov-echallan.yml": { module: "echallan" },
  "egov-indexer/egov-telemetry-indexer.yml": { notDeployed: "egov-telemetry", reason: "batch-telemetry, telemetry-final-messages: Digit-Core core-services/egov-telemetry's, not in the LTS helmfiles" },
  "egov-indexer/egov-uploader-indexer.yml": { notDeployed: "egov-data-uploader", reason: "save-upload-jobs: egov-data-uploader's, not in the LTS helmfiles" },
  "egov-indexer/egov-url-shortening-indexer.yaml": { module: "core-services" },
  "egov-indexer/error-queue.yml": { module: "core-services", reason: "the tracer library's error queue (serviceName Tracer), in every Java service" },
  "egov-indexer/finance-rolloutadotpion-indexer.yml": { module: "finance", reason: "finance-adoption-topic: egov-finance's egov.finance.rollout.indexer.topic.name" },
  "egov-indexer/fire-noc-service.yml": { module: "fire-noc" },
  "egov-indexer/payment-indexer.yml": { module: "common-services", reason: "egov.collection.payment-create: collection-services' kafka.topics.payment.create.name" },
  "egov-indexer/pgr-migration-batch-indexer.yml": { module: "complaints", reason: "save-pgr-request-batch: pgr-services' migration topic" },
  "egov-indexer/pgr-services.yml": { module: "complaints" },
  "egov-indexer/privacy-audit.yaml": { module: "core-services", reason: "enc-user-audit-data: enc-client's decryption audit (KAFKA_TOPIC_AUDIT of every service in eGov's env)" },
  "egov-indexer/property-services.yml": { module: "property-tax" },
  "egov-indexer/pt-inbox-indexer.yml": { module: "property-tax", reason: "inbox-pt-events: property-services' property.event.inbox.kafka.topic" },
  "egov-indexer/rainmaker-birth-indexer.yml": { module: "birth-death" },
  "egov-indexer/rainmaker-death-indexer.yml": { module: "birth-death" },
  "egov-indexer/rainmaker-pgr-indexer.yml": { notDeployed: pgrV1, reason: "save-pgr-index-service: rainmaker-pgr's kafka.topics.save.index.service, which pgr-services replaced" },
  "egov-indexer/rainmaker-pt-indexer.yml": { module: "property-tax", reason: "save-pt-property: pt-services-v2's persister.save.property.topic" },
  "egov-indexer/rainmaker-tl-indexer.yml": { module: "trade-licence" },
  "egov-indexer/service-request-indexer.yml": {
    notDeployed: "health transformer",
    reason: "serviceName service-request, but its topics (transformer-producer-service-*-health-topic) are published by no service of the LTS helmfiles",
  },
  "egov-indexer/sewerage-service.yml": { module: "water-sewerage" },
  "egov-indexer/tl-inbox-indexer.yml": { module: "trade-licence", reason: "inbox-tl-events: tl-services' tl.event.inbox.kafka.topic" },
  "egov-indexer/water-service.yml": { module: "water-sewerage" },
  "egov-indexer/water-services-meter.yml": { module: "water-sewerage", reason: "save-ws-meter: ws-calculator" },
  "sanitation/egov-indexer/egov-fsm.yaml": sanitation,
  "sanitation/egov-indexer/egov-pqm-service.yml": sanitation,
  "sanitation/egov-indexer/egov-vehicle.yaml": sanitation,
  "sanitation/egov-indexer/egov-vendor.yaml": sanitation,
  "sanitation/egov-indexer/fsm-inbox-indexer.yml": sanitation,
  "sanitation/egov-indexer/pqm-anomaly-finder-indexer.yml": sanitation,
  "sanitation/egov-indexer/pqm-service-indexer.yml": sanitation,

  // ---- pdf-service (DATA_CONFIG_URLS, FORMAT_CONFIG_URLS): each data-config with its format-config
  ...pdf("bill-amendment-note", { module: "water-sewerage", reason: "bill-amendment-credit-note: asked by digit-ui's ws module and egov-billamend for W&S amendments" }),
  ...pdf("bill-amendment", { module: "water-sewerage", reason: "bill-amendment-summary: egov-billamend's (W&S) alternative key" }),
  ...pdf(["birth-certificate-pdf", "birth-certificate"], { module: "birth-death" }),
  ...pdf("bpa-revocation", { module: "building-plans" }),
  ...pdf("buildingpermit-low", { module: "building-plans" }),
  ...pdf("buildingpermit", { module: "building-plans" }),
  ...pdf("consolidatedbill", { module: "common-services", reason: "the DEFAULT billKey of common-masters uiCommonPay, any module's bills (egov-pdf routes/bills.js)" }),
  ...pdf("consolidatedreceipt", { module: "common-services", reason: "the DEFAULT receiptKey of common-masters uiCommonPay, any module's payments (egov-pdf routes/payments.js)" }),
  ...pdf("death-certificate", { module: "birth-death" }),
  ...pdf("firenoc-receipt", { module: "fire-noc" }),
  ...pdf("fsm-receipt", sanitation),
  ...pdf("mcollect-bill", { module: "echallan", reason: "mCollect is echallan-services (egov-pdf routes/mcollect.js)" }),
  ...pdf("mcollect-challan", { module: "echallan", reason: "echallan-services' FileStoreConsumer and egov-pdf routes/mcollect.js" }),
  ...pdf("misc-receipt", { module: "common-services", reason: "serviceName rainmaker-common: a receipt of collection-services' Payments" }),
  ...pdf("occupancy-certificate", { module: "building-plans" }),
  ...pdf("property-bill", { module: "property-tax" }),
  ...pdf("property-receipt", { module: "property-tax" }),
  ...pdf("pt-receipt", { module: "property-tax" }),
  ...pdf("ptmutationcertificate", { module: "property-tax" }),
  ...pdf("sewerage-bill-amendment-note", { module: "water-sewerage", reason: "sw-bill-amendment-credit-note: egov-billamend for businessService SW" }),
  ...pdf("tl-receipt", { module: "trade-licence" }),
  ...pdf("tlapplication", { module: "trade-licence" }),
  ...pdf("tlcertificate", { module: "trade-licence" }),
  ...pdf("tlrenewalcertificate", { module: "trade-licence" }),
  ...pdf("tradelicense-bill", { module: "trade-licence" }),
  ...pdf("tradelicense-receipt", { module: "trade-licence" }),
  ...["applicationsewerage", "applicationwater", "bill", "consolidatedacknowlegment", "consolidatedsewerageconnection", "estimationnotice", "onetime-receipt", "sanctionletter"]
    .concat(["sewagedisconnection", "sewerageconnectiondetails", "seweragedisconnectionnotice", "waterconnectiondetails-metered", "waterconnectiondetails-nonmetered"])
    .concat(["waterdisconnection", "waterdisconnectionnotice"])
    .reduce((all, n) => ({ ...all, ...pdf(`ws-${n}`, { module: "water-sewerage" }) }), {} as Record<string, ConfigFileAttribution>),
};

/** A PDF's data-config and format-config (named alike, or [data, format] where eGov names them apart). */
function pdf(name: string | [string, string], a: ConfigFileAttribution): Record<string, ConfigFileAttribution> {
  const [data, format] = typeof name === "string" ? [name, name] : name;
  return { [`pdf-service/data-config/${data}.json`]: a, [`pdf-service/format-config/${format}.json`]: a };
}

// ---- MDMS masters

/** eGov's demo state, whose data/<tenant>/ of egov-mdms-data UNIFIED-QA has every module's masters (eGov's env default, `pg`, lacks the urban modules' masters). */
export const mdmsVerifiedTenant = "pb";

/** The enc-client library: its MDMS module, read at startup by the services that import its configuration. */
const encClient = (importedAt: string) =>
  `enc-client EncClientConstants.java:5 MDMS_MODULE_NAME = "DataSecurity" (Digit-Core core-services/libraries/enc-client, read by DecryptionPolicyConfiguration's @PostConstruct); imported at ${importedAt}`;

/**
 * service -> egov-mdms-data folder -> where its source names that MDMS module (`<repo>@<commit>
 * <path>:<line>`, the commit of the service's image tag; a constant's use in MdmsCriteria was
 * checked). A service reading nothing from MDMS is not listed.
 */
export const mdmsReads: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // core-services
  "egov-accesscontrol": {
    "ACCESSCONTROL-ROLES": "Digit-Core@237578ce80 core-services/egov-accesscontrol/src/main/resources/application.properties:38 mdms.rolemodule.name (RoleRepository.java:49)",
    "ACCESSCONTROL-ROLEACTIONS": "Digit-Core@237578ce80 core-services/egov-accesscontrol/src/main/resources/application.properties:35 mdms.roleactionmodule.name (MdmsRepository.java:88)",
    "ACCESSCONTROL-ACTIONS-TEST": "Digit-Core@237578ce80 core-services/egov-accesscontrol/src/main/resources/application.properties:36 mdms.actionstestmodule.name (ActionRepository.java:616)",
  },
  "egov-user": {
    "ACCESSCONTROL-ROLES": "Digit-Core@c33cfe45ab core-services/egov-user/src/main/resources/application.properties:34 mdms.roles.moduleName (RoleRepository.java:136)",
    DataSecurity: encClient("Digit-Core@c33cfe45ab core-services/egov-user/src/main/java/org/egov/user/EgovUserApplication.java:39"),
  },
  "egov-enc-service": {
    tenant: "Digit-Core@237578ce80 core-services/egov-enc-service/src/main/java/org/egov/enc/services/KeyManagementService.java:173 moduleName tenant",
  },
  "egov-idgen": {
    tenant: "Digit-Core@07f47790b8 core-services/egov-idgen/src/main/java/org/egov/id/service/MdmsService.java:34 tenantModule",
    "common-masters": "Digit-Core@07f47790b8 core-services/egov-idgen/src/main/java/org/egov/id/service/MdmsService.java:38 formatModule (IdFormat)",
  },
  "egov-location": {
    tenant: "Digit-Core@07f47790b8 core-services/egov-location/src/main/java/org/egov/boundary/util/BoundaryConstants.java:182 TENANT_MODULE_NAME (MdmsService.java:97)",
  },
  "egov-workflow-v2": {
    Workflow: "Digit-Core@80b58dc788 core-services/egov-workflow-v2/src/main/java/org/egov/wf/util/WorkflowConstants.java:11 MDMS_WORKFLOW (MDMSService.java)",
    "common-masters": "Digit-Core@80b58dc788 core-services/egov-workflow-v2/src/main/java/org/egov/wf/util/WorkflowConstants.java:31 MDMS_COMMON_MASTERS",
    tenant: "Digit-Core@80b58dc788 core-services/egov-workflow-v2/src/main/java/org/egov/wf/util/WorkflowConstants.java:27 MDMS_MODULE_TENANT",
  },
  // common-services
  "billing-service": {
    BillingService: "DIGIT-Common@d3b373c7ce billing-service/src/main/java/org/egov/demand/util/Constants.java:11 MODULE_NAME (TaxHeadMasterRepository.java:54)",
  },
  "collection-services": {
    BillingService: "DIGIT-Common@c0009c1c40 collection-services/src/main/java/org/egov/collection/config/CollectionServiceConstants.java:243 BILLING_MODULE_NAME (MDMSService.java:59)",
  },
  "egov-apportion-service": {
    BillingService: "DIGIT-Common@cf8ffdfb2b egov-apportion-service/src/main/java/org/egov/util/ApportionConstants.java:10 MDMS_BILLING_SERVICE (MDMSService.java:89)",
  },
  "egov-document-uploader": {
    DocumentUploader: "DIGIT-Common@ab2e33fe48 egov-document-uploader/src/main/java/org/egov/egovdocumentuploader/utils/DocumentUtil.java:85 setModuleName",
  },
  "egov-user-event": {
    mseva: "DIGIT-Common@cf8ffdfb2b egov-user-event/src/main/java/org/egov/userevent/utils/UserEventsConstants.java:8 MEN_MDMS_MODULE_CODE (MDMSService.java:82)",
  },
  "egov-pdf": {
    "common-masters": "DIGIT-Common@63d50132ba egov-pdf/src/routes/birth-death.js:46 moduleName",
  },
  "egov-hrms": {
    "egov-hrms": "DIGIT-Common@37304bc82e egov-hrms/src/main/java/org/egov/hrms/utils/HRMSConstants.java:9 HRMS_MDMS_HR_MASTERS_CODE (MDMSService.java:56)",
    "common-masters": "DIGIT-Common@37304bc82e egov-hrms/src/main/java/org/egov/hrms/utils/HRMSConstants.java:8 HRMS_MDMS_COMMON_MASTERS_CODE (MDMSService.java:51)",
    "ACCESSCONTROL-ROLES": "DIGIT-Common@37304bc82e egov-hrms/src/main/java/org/egov/hrms/utils/HRMSConstants.java:10 HRMS_AC_ROLES_MASTERS_CODE (MDMSService.java:65)",
  },
  // analytics
  "dashboard-analytics": {
    tenant: "DIGIT-Analytics@e1eb9cfcfe dashboard-analytics/src/main/java/com/tarento/analytics/constant/Constants.java:136 MDMS_REQUESTINFO (MdmsApiMappings.java:88)",
  },
  "dashboard-ingest": {
    BillingService: "DIGIT-Analytics@e1eb9cfcfe dashboard-ingest/src/main/java/com/ingestpipeline/util/Constants.java:50 BILLING_SERVICE (JSONUtil.java:115)",
  },
  inbox: {
    "inbox-dss": "DIGIT-Analytics@bd52511479 inbox/src/main/java/org/egov/inbox/util/DSSConstants.java:15 AGGREGATE_MODULE_NAME (DSSInboxFilterService.java:112)",
    DataSecurity: encClient("DIGIT-Analytics@bd52511479 inbox/src/main/java/org/egov/InboxApplication.java:27"),
  },
  // complaints
  "pgr-services": {
    "RAINMAKER-PGR": "URBAN@2d4cde6c09 public-grievance-redressal/pgr-services/src/main/java/org/egov/pgr/util/PGRConstants.java:27 MDMS_MODULE_NAME (MDMSUtils.java:84)",
  },
  // property-tax
  "property-services": {
    PropertyTax: "URBAN@d1c4f6f5e7 property-tax/property-services/src/main/java/org/egov/pt/util/PTConstants.java:22 MDMS_PT_MOD_NAME (PropertyUtil.java:272)",
    Channel: "URBAN@d1c4f6f5e7 property-tax/property-services/src/main/java/org/egov/pt/util/PTConstants.java:387 CHANNEL (NotificationUtil.java:611)",
    DataSecurity: encClient("URBAN@d1c4f6f5e7 property-tax/property-services/src/main/java/org/egov/pt/PropertyApplication.java:28"),
  },
  "pt-calculator-v2": {
    PropertyTax: "URBAN@dfebe69d66 property-tax/pt-calculator-v2/src/main/java/org/egov/pt/calculator/util/CalculatorConstants.java:124 PROPERTY_TAX_MODULE (MasterDataService.java:139)",
    "egf-master": "URBAN@dfebe69d66 property-tax/pt-calculator-v2/src/main/java/org/egov/pt/calculator/util/CalculatorConstants.java:122 FINANCIAL_MODULE (MasterDataService.java:65)",
  },
  "pt-services-v2": {
    PropertyTax: "URBAN@837ff35d89 property-tax/pt-services-v2/src/main/java/org/egov/pt/util/PTConstants.java:10 MDMS_PT_MOD_NAME (PropertyValidator.java:110)",
    "egf-master": "URBAN@837ff35d89 property-tax/pt-services-v2/src/main/java/org/egov/pt/util/PTConstants.java:36 MDMS_PT_EGF_MASTER (PropertyValidator.java:425)",
  },
  // trade-licence
  "tl-services": {
    TradeLicense: "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/TLConstants.java:178 TRADE_LICENSE_MODULE (TradeUtil.java:143)",
    "common-masters": "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/TLConstants.java:182 COMMON_MASTERS_MODULE (TradeUtil.java:150)",
    "egf-master": "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/TLConstants.java:218 MDMS_EGF_MASTER (TradeUtil.java:261)",
    tenant: "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/BPAConstants.java:66 MDMS_MODULE_TENANT (TradeUtil.java:403)",
    Channel: "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/TLConstants.java:396 CHANNEL (TLNotificationService.java:517)",
    StakeholderRegistraition: "URBAN@76f77645ab tradelicense/tl-services/src/main/java/org/egov/tl/util/BPAConstants.java:8 MDMS_MODULE_BPAREGISTRATION (TradeUtil.java:326)",
  },
  "tl-calculator": {
    TradeLicense: "URBAN@27264e8ec9 tradelicense/tl-calculator/src/main/java/org/egov/tlcalculator/utils/TLCalculatorConstants.java:30 MDMS_TRADELICENSE (MDMSService.java:63)",
    BillingService: "URBAN@27264e8ec9 tradelicense/tl-calculator/src/main/java/org/egov/tlcalculator/utils/TLCalculatorConstants.java:14 MDMS_BILLINGSERVICE (MDMSService.java:68)",
    StakeholderRegistraition: "URBAN@27264e8ec9 tradelicense/tl-calculator/src/main/java/org/egov/tlcalculator/utils/BillingslabConstants.java:11 BPA_MDMS_MODULE_NAME (BPABillingSlabService.java:36)",
    "common-masters": "URBAN@27264e8ec9 tradelicense/tl-calculator/src/main/java/org/egov/tlcalculator/utils/BillingslabConstants.java:13 COMMON_MASTERS_MDMS_MODULE_NAME (BillingslabService.java:140)",
    "egf-master": "URBAN@27264e8ec9 tradelicense/tl-calculator/src/main/java/org/egov/tlcalculator/utils/TLCalculatorConstants.java:8 MDMS_EGF_MASTER (MDMSService.java:57)",
  },
  // water-sewerage
  "ws-services": {
    "ws-services-masters": "URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/constants/WCConstants.java:25 MDMS_WC_MOD_NAME (MasterDataService.java:44)",
    "ws-services-calculation": "URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/constants/WCConstants.java:27 WS_TAX_MODULE (MDMSValidator.java:78)",
    PropertyTax: "URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/constants/WCConstants.java:171 PROPERTY_MASTER_MODULE (MDMSValidator.java:219)",
    tenant: "URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/constants/WCConstants.java:368 TENANT_MASTER_MODULE (WaterEncryptionService.java:220)",
    Channel: "URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/constants/WCConstants.java:309 CHANNEL (NotificationUtil.java:344)",
    DataSecurity: encClient("URBAN@1d0819baa2 water-connection/ws-services/src/main/java/org/egov/waterconnection/WaterConnectionApplication.java:22"),
  },
  "sw-services": {
    "ws-services-masters": "URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/util/SWConstants.java:21 MDMS_SW_MOD_NAME (MDMSValidator.java:68)",
    "sw-services-calculation": "URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/util/SWConstants.java:172 SW_TAX_MODULE (MDMSValidator.java:71)",
    PropertyTax: "URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/util/SWConstants.java:170 PROPERTY_MASTER_MODULE (MDMSValidator.java:158)",
    tenant: "URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/util/SWConstants.java:358 TENANT_MASTER_MODULE (SewerageEncryptionService.java:224)",
    Channel: "URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/util/SWConstants.java:294 CHANNEL (NotificationUtil.java:305)",
    DataSecurity: encClient("URBAN@1d0819baa2 sewerage-connection/sw-services/src/main/java/org/egov/swservice/SwServiceApplication.java:21"),
  },
  "ws-calculator": {
    "ws-services-calculation": "URBAN@27264e8ec9 water-connection/ws-calculator/src/main/java/org/egov/wscalculation/constants/WSCalculationConstant.java:122 WS_TAX_MODULE (MasterDataService.java:125)",
    "ws-services-masters": "URBAN@27264e8ec9 water-connection/ws-calculator/src/main/java/org/egov/wscalculation/constants/WSCalculationConstant.java:124 WS_MODULE (CalculatorUtil.java:101)",
    PropertyTax: "URBAN@27264e8ec9 water-connection/ws-calculator/src/main/java/org/egov/wscalculation/constants/MRConstants.java:23 PROPERTY_MASTER_MODULE (WSCalculationWorkflowValidator.java:120)",
    "egf-master": "URBAN@27264e8ec9 water-connection/ws-calculator/src/main/java/org/egov/wscalculation/constants/WSCalculationConstant.java:43 FINANCIAL_MODULE (CalculatorUtil.java:90)",
    Channel: "URBAN@27264e8ec9 water-connection/ws-calculator/src/main/java/org/egov/wscalculation/constants/WSCalculationConstant.java:277 CHANNEL (NotificationUtil.java:280)",
  },
  "sw-calculator": {
    "sw-services-calculation": "URBAN@b3b9dac35b sewerage-connection/sw-calculator/src/main/java/org/egov/swcalculation/constants/SWCalculationConstant.java:46 SW_TAX_MODULE (MasterDataService.java:153)",
    PropertyTax: "URBAN@b3b9dac35b sewerage-connection/sw-calculator/src/main/java/org/egov/swcalculation/constants/SWCalculationConstant.java:297 PROPERTY_MASTER_MODULE (SWCalculationWorkflowValidator.java:120)",
    "egf-master": "URBAN@b3b9dac35b sewerage-connection/sw-calculator/src/main/java/org/egov/swcalculation/constants/SWCalculationConstant.java:44 FINANCIAL_MODULE (CalculatorUtils.java:55)",
    Channel: "URBAN@b3b9dac35b sewerage-connection/sw-calculator/src/main/java/org/egov/swcalculation/constants/SWCalculationConstant.java:336 CHANNEL (SWCalculationUtil.java:538)",
  },
  // building-plans
  "bpa-services": {
    BPA: "URBAN@4875cb5c4b online-building-plan-approval-system/bpa-services/src/main/java/org/egov/bpa/util/BPAConstants.java:10 BPA_MODULE (BPAUtil.java:107)",
    NOC: "URBAN@4875cb5c4b online-building-plan-approval-system/bpa-services/src/main/java/org/egov/bpa/util/BPAConstants.java:363 NOC_MODULE (BPAUtil.java:123)",
    "common-masters": "URBAN@4875cb5c4b online-building-plan-approval-system/bpa-services/src/main/java/org/egov/bpa/util/BPAConstants.java:18 COMMON_MASTERS_MODULE (BPAUtil.java:116)",
    Channel: "URBAN@4875cb5c4b online-building-plan-approval-system/bpa-services/src/main/java/org/egov/bpa/util/BPAConstants.java:383 CHANNEL (BPANotificationService.java:358)",
  },
  "bpa-calculator": {
    BPA: "URBAN@2d4cde6c09 online-building-plan-approval-system/bpa-calculator/src/main/java/org/egov/bpa/calculator/utils/BPACalculatorConstants.java:23 MDMS_BPA (MDMSService.java:76)",
  },
  "land-services": {
    BPA: "URBAN@2d4cde6c09 online-building-plan-approval-system/land-services/src/main/java/org/egov/land/util/LandConstants.java:10 BPA_MODULE (LandUtil.java:94)",
    "common-masters": "URBAN@2d4cde6c09 online-building-plan-approval-system/land-services/src/main/java/org/egov/land/util/LandConstants.java:12 COMMON_MASTERS_MODULE (LandUtil.java:103)",
  },
  "noc-services": {
    NOC: "URBAN@0e1715c451 online-building-plan-approval-system/noc-services/src/main/java/org/egov/noc/util/NOCConstants.java:10 NOC_MODULE (NOCUtil.java:88)",
    "common-masters": "URBAN@0e1715c451 online-building-plan-approval-system/noc-services/src/main/java/org/egov/noc/util/NOCConstants.java:52 COMMON_MASTERS_MODULE (NOCUtil.java:95)",
  },
  "egov-edcr": {
    BPA: "URBAN@b7216441d5 online-building-plan-approval-system/edcr/service/egov/egov-commons/src/main/java/org/egov/commons/mdms/BpaMdmsUtil.java:64 setModuleName",
    EDCR: "URBAN@b7216441d5 online-building-plan-approval-system/edcr/service/egov/egov-commons/src/main/java/org/egov/commons/mdms/EDCRMdmsUtil.java:52 setModuleName",
  },
  // fire-noc
  "firenoc-services": {
    firenoc: "URBAN@7d0bf8199a firenoc/firenoc-services/src/utils/mdmsData.js:28 moduleName",
    "common-masters": "URBAN@7d0bf8199a firenoc/firenoc-services/src/utils/mdmsData.js:24 moduleName",
    "egf-master": "URBAN@7d0bf8199a firenoc/firenoc-services/src/utils/mdmsData.js:37 moduleName",
    tenant: "URBAN@7d0bf8199a firenoc/firenoc-services/src/utils/mdmsData.js:40 moduleName",
  },
  "firenoc-calculator": {
    firenoc: "URBAN@e66ed0f691 firenoc/firenoc-calculator/src/config/constants.js:2 MDMS_MODULENAME_FIRENOC",
    tenant: "URBAN@e66ed0f691 firenoc/firenoc-calculator/src/config/constants.js:3 MDMS_MODULENAME_TENANT",
    "egf-master": "URBAN@e66ed0f691 firenoc/firenoc-calculator/src/config/constants.js:9 MDMS_EGF_MASTER (mdmsService.js:25)",
  },
  // echallan
  "echallan-services": {
    BillingService: "URBAN@d8f452e76e echallan/echallan-services/src/main/java/org/egov/echallan/util/ChallanConstants.java:33 BILLING_SERVICE (CommonUtils.java:94)",
    Channel: "URBAN@d8f452e76e echallan/echallan-services/src/main/java/org/egov/echallan/util/ChallanConstants.java:70 CHANNEL (NotificationUtil.java:241)",
  },
  // birth-death
  "birth-death-services": {
    BillingService: "URBAN@6158d90905 birth-death-services/src/main/java/org/bel/birthdeath/utils/BirthDeathConstants.java:13 BILLING_SERVICE (EnrichmentService.java:104)",
    DataSecurity: encClient("URBAN@6158d90905 birth-death-services/src/main/java/org/bel/birthdeath/BirthDeathApplication.java:25"),
  },
  // finance
  "egov-finance": {
    BillingService: "URBAN@eefc57ea0b financial-module-system/finance/egov/egov-egi/src/main/java/org/egov/infra/microservice/utils/MicroserviceUtils.java:1500 prepareModuleDetails",
    "common-masters": "URBAN@eefc57ea0b financial-module-system/finance/egov/egov-egi/src/main/java/org/egov/infra/microservice/utils/MicroserviceUtils.java:395 prepareModuleDetails",
    tenant: "URBAN@eefc57ea0b financial-module-system/finance/egov/egov-egi/src/main/java/org/egov/infra/microservice/utils/MicroserviceUtils.java:1397 prepareModuleDetails",
  },
  // reports
  report: {
    DataSecurity: encClient("URBAN@d8f452e76e utilities/report/src/main/java/org/egov/report/service/ReportService.java:16 (EncryptionService)"),
  },
  // web-apps: what each app reads when it starts (a module's screens read that module's masters too)
  "digit-ui": {
    "common-masters": "URBAN@4e0e653269 frontend/micro-ui/web/micro-ui-internals/packages/libraries/src/services/elements/MDMS.js:53 initRequest",
    tenant: "URBAN@4e0e653269 frontend/micro-ui/web/micro-ui-internals/packages/libraries/src/services/elements/MDMS.js:57 initRequest",
    "DIGIT-UI": "URBAN@4e0e653269 frontend/micro-ui/web/micro-ui-internals/packages/libraries/src/services/elements/MDMS.js:61 initRequest (ApiCachingSettings)",
  },
  citizen: {
    "common-masters": "URBAN@0ad561e837 frontend/mono-ui/web/rainmaker/packages/citizen/src/modules/App.js:39 componentDidMount",
    tenant: "URBAN@0ad561e837 frontend/mono-ui/web/rainmaker/packages/citizen/src/modules/App.js:53 componentDidMount",
  },
  employee: {
    "common-masters": "URBAN@b3b9dac35b frontend/mono-ui/web/rainmaker/packages/employee/src/modules/App.js:36 componentDidMount",
    tenant: "URBAN@b3b9dac35b frontend/mono-ui/web/rainmaker/packages/employee/src/modules/App.js:44 componentDidMount",
  },
};
