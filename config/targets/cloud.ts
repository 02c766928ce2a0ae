import { z } from "zod";
import { k8sName, exposure, registry, proxy } from "../fields";

/** Node group size and machine type. */
export const nodeGroup = z
  .object({
    instanceType: z.string().min(1).optional(),
    min: z.number().int().min(1).optional(),
    desired: z.number().int().min(1).optional(),
    max: z.number().int().min(1).optional(),
  })
  .strict();

export const cloudDatabase = z
  .object({
    mode: z.enum(["managed", "in-cluster"]).default("managed"),
    instanceClass: z.string().optional(),
    storageGb: z.number().int().min(20).optional(),
    version: z.string().optional(),
    backupRetentionDays: z.number().int().min(1).max(35).optional(),
  })
  .strict();

/** Fields every cloud target (aws, azure, gcp) shares. */
export const cloudCommonFields = {
  name: k8sName.optional(),
  region: z.string().min(1).optional(),
  kubernetesVersion: z.string().regex(/^1\.[0-9]{2}$/).optional(),
  nodes: nodeGroup.optional(),
  database: cloudDatabase.optional(),
  objectStore: z.object({ mode: z.enum(["bucket", "minio"]).default("bucket") }).strict().optional(),
  exposure: exposure.optional(),
  registry: registry.optional(),
  proxy: proxy.optional(),
  capacityCheck: z
    .enum(["fail", "warn"])
    .default("fail")
    .describe("when the pods request more than the nodes offer: fail the plan (default) or only warn"),
};
