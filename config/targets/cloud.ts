import { z } from "zod";
import { k8sName, exposure, registry, proxy, numberOrText } from "../fields";

/** Node group size and machine type. */
export const nodeGroup = z
  .object({
    instanceType: z.string().min(1).optional().describe("machine type of the nodes; default: the target's per-profile size"),
    min: z.number().int().min(1).optional().describe("fewest nodes the autoscaler keeps"),
    desired: z.number().int().min(1).optional().describe("nodes at creation; the capacity check counts these"),
    max: z.number().int().min(1).optional().describe("most nodes the autoscaler adds"),
  })
  .strict();

export const cloudDatabase = z
  .object({
    mode: z.enum(["managed", "in-cluster"]).default("managed").describe("the cloud's managed PostgreSQL, or CloudNativePG in the cluster"),
    instanceClass: z.string().optional().describe("the managed server's size (e.g. db.m6g.xlarge); default per profile"),
    storageGb: z.number().int().min(20).optional().describe("the managed server's disk, GB"),
    version: numberOrText(z.string().regex(/^[0-9]+(\.[0-9]+)?$/, "expected a PostgreSQL version such as 16"), "expected a PostgreSQL version such as 16").optional().describe("PostgreSQL major version"),
    backupRetentionDays: z.number().int().min(1).max(35).optional().describe("days the provider keeps automated backups"),
  })
  .strict();

/** Fields every cloud target (aws, azure, gcp) shares. */
export const cloudCommonFields = {
  name: k8sName.optional().describe("prefix of the cloud resources' names; default digit-<stateTenantId>"),
  region: z.string().min(1).optional().describe("the cloud region; default: the provider's own region config"),
  kubernetesVersion: z
    .string({ error: (iss) => (iss.input === undefined ? undefined : 'expected text: quote the version, e.g. "1.33" (YAML reads 1.30 as the number 1.3)') })
    .regex(/^1\.[0-9]{2}$/, 'expected a Kubernetes minor version such as "1.33"')
    .optional()
    .describe("Kubernetes minor version of the cluster, e.g. 1.33"),
  nodes: nodeGroup.optional(),
  database: cloudDatabase.optional(),
  objectStore: z
    .object({ mode: z.enum(["bucket", "minio"]).default("bucket").describe("the cloud's bucket through workload identity, or MinIO in the cluster") })
    .strict()
    .optional(),
  exposure: exposure.optional(),
  registry: registry.optional(),
  proxy: proxy.optional(),
  capacityCheck: z
    .enum(["fail", "warn"])
    .default("fail")
    .describe("when the pods request more than the nodes offer: fail the plan (default) or only warn"),
};
