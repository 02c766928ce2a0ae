import { z } from "zod";
import { selectableModules } from "./modules";
import { dnsName, quantity } from "./fields";
import { sdcTarget } from "./targets/sdc";
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
    cpu: quantity.optional().describe("CPU request"),
    memory: quantity.optional().describe("memory request = limit"),
    cpuLimit: quantity.optional(),
  })
  .strict();

export const serviceOverride = z
  .object({
    replicas: z.number().int().min(0).max(50).optional(),
    tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/).optional().describe("image tag (also of the DB-migration image)"),
    resources: resources.optional(),
    heap: z.string().regex(/^[0-9]+[mg]$/).optional().describe("JVM max heap, e.g. 384m; default: 70% of memory"),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/), z.string()).optional().describe("extra or replaced env"),
    secrets: z
      .record(z.string().regex(/^[a-z0-9-]+$/), z.string())
      .optional()
      .describe("keys of the service's integration Secret (SMS, mail, payment gateway, maps credentials); set each with --secret"),
  })
  .strict();

const statefulSizing = {
  replicas: z.number().int().min(1).max(9).optional(),
  storage: quantity.optional(),
  resources: resources.optional(),
};

export const backbone = z
  .object({
    protect: z
      .boolean()
      .default(true)
      .describe("protect and retain every resource holding data; set false only for throw-away stacks"),
    postgres: z
      .object({ ...statefulSizing, version: z.string().optional(), backup: z
        .object({
          enabled: z.boolean().default(true),
          schedule: z.string().default("30 1 * * *"),
          retentionDays: z.number().int().min(1).max(3650).default(14),
        })
        .strict()
        .optional() })
      .strict()
      .optional(),
    kafka: z.object({ ...statefulSizing }).strict().optional(),
    elasticsearch: z
      .object({
        ...statefulSizing,
        dataReplicas: z.number().int().min(1).max(9).optional(),
        dataStorage: quantity.optional(),
        heap: z.string().regex(/^[0-9]+[mg]$/).optional(),
        kibana: z.boolean().optional(),
      })
      .strict()
      .optional(),
    redis: z.object({ resources: resources.optional() }).strict().optional(),
    objectStore: z.object({ ...statefulSizing, bucket: z.string().min(3).optional() }).strict().optional(),
  })
  .strict();

export const operations = z
  .object({
    monitoring: z.object({ enabled: z.boolean().default(true), retention: z.string().optional() }).strict().optional(),
    alerting: z
      .object({
        enabled: z.boolean().default(true),
        email: z.array(z.string().email()).optional(),
        webhook: z.string().url().optional(),
      })
      .strict()
      .optional(),
    tracing: z.object({ enabled: z.boolean().default(true), sampleRate: z.number().min(0).max(1).optional() }).strict().optional(),
    logs: z.object({ enabled: z.boolean().default(true), retentionDays: z.number().int().min(1).optional() }).strict().optional(),
    cicd: z.object({ jenkins: z.boolean().default(false) }).strict().optional(),
  })
  .strict();

export const delivery = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("direct") }).strict(),
  z
    .object({
      mode: z.literal("gitops"),
      repository: z.string().min(1),
      branch: z.string().default("main"),
      path: z.string().default("deploy"),
      agent: z.enum(["argocd", "flux"]).default("argocd"),
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
      .default(["core"])
      .describe("DIGIT modules to deploy"),
    services: z.record(z.string(), serviceOverride).default({}).describe("per-service overrides, keyed by service name"),
    backbone: backbone.default({ protect: true }).describe("sizing and options of Postgres, Kafka, Elasticsearch, Redis and the object store"),
    edge: edge.default({}).describe("TLS of the public edge"),
    operations: operations.default({}).describe("monitoring, alerting, tracing, logs, CI/CD"),
    delivery: delivery.default({ mode: "direct" }).describe("direct (pulumi up applies) or gitops (manifests reconciled from git)"),
  })
  .strict();

export type DigitConfigInput = z.input<typeof digitConfigSchema>;
export type DigitConfig = z.output<typeof digitConfigSchema>;
export type TargetConfig = z.output<typeof target>;
export type ServiceOverride = z.output<typeof serviceOverride>;
export type Profile = DigitConfig["profile"];
