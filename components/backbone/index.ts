// DIGIT's stateful backbone: the component, its pure plan, and what other parts of the platform read from it.
export { Backbone, BackboneArgs, Postgres, Kafka, Elasticsearch, Redis, ObjectStore, checkBackbone } from "./backbone";
export { planBackbone } from "./plan";
export type { BackbonePlan, BackboneInputs, BackboneCredentials } from "./plan";
export { backboneEndpoints, backboneServiceNames, jdbcUrl } from "./endpoints";
export type { BackboneEndpoints } from "./endpoints";
export { filestoreEnv, filestoreServiceAccount, minioBucket } from "./objectstore";
export type { FilestoreEnvOptions } from "./objectstore";
export { backboneSizing } from "./sizing";
export type { BackboneSizing } from "./sizing";
export { metricsTargets } from "./metrics";
export type { MetricsTarget } from "./metrics";
export { backboneImages, backboneCharts } from "./versions";
