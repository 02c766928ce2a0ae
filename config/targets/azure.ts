import { z } from "zod";
import { cloudCommonFields, cloudDatabase, nodeGroup } from "./cloud";
import { ipv4Cidr, numberOrText } from "../fields";

/** Storage sizes (GiB) PostgreSQL Flexible Server offers; any other size is refused by Azure. */
export const postgresStorageSizesGb = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767] as const;

export { ipv4Cidr };

/** PostgreSQL Flexible Server: the shared cloud database fields, narrowed to what Azure accepts. */
export const azureDatabase = cloudDatabase.extend({
  instanceClass: z
    .string()
    .regex(/^Standard_[A-Za-z0-9_]+$/, "expected a Flexible Server compute size such as Standard_D2ds_v5 or Standard_B2ms")
    .optional()
    .describe("compute size; default Standard_B2ms (dev), Standard_D4ds_v5 (ha). Burstable (B) sizes cannot run HA"),
  storageGb: z.literal(postgresStorageSizesGb).optional().describe("storage in GiB; default 64 (dev), 128 (ha); grows automatically"),
  version: numberOrText(z.enum(["15", "16"]), "expected a PostgreSQL major: 15 or 16").optional().describe("PostgreSQL major version; default 16"),
  backupRetentionDays: z.number().int().min(7).max(35).optional().describe("backup retention; default 7 (dev), 35 (ha)"),
});

// Azure calls the region `location`; one name for one thing.
const { region: _region, ...common } = cloudCommonFields;

export const azureTarget = z
  .object({
    kind: z.literal("azure"),
    ...common,
    location: z
      .string()
      .regex(/^[a-z][a-z0-9]+$/, "expected an Azure location name such as centralindia")
      .optional()
      .describe("Azure region; default centralindia"),
    resourceGroupName: z
      .string()
      .regex(/^[-\w.()]{0,89}[-\w()]$/, "expected a resource group name (letters, digits, - _ . ( ), not ending in .)")
      .optional()
      .describe("resource group to create; default rg-<target name>"),
    vnetCidr: ipv4Cidr.optional().describe("VNet address space, /8 to /23; default 10.20.0.0/16. Nodes take its first half, Postgres a /24 of the second"),
    zones: z
      .array(z.enum(["1", "2", "3"]))
      .max(3)
      .optional()
      .describe("availability zones; default none (dev), 1-3 (ha). Set [] in a region without zones (southindia, westindia)"),
    systemNodes: nodeGroup.optional().describe("AKS system pool; default 1 (dev) or 3 (ha) x Standard_D4s_v5"),
    database: azureDatabase.optional(),
    apiServerAuthorizedIpRanges: z
      .array(ipv4Cidr)
      .optional()
      .describe("CIDRs allowed to reach the Kubernetes API server; default: any"),
    tags: z.record(z.string(), z.string()).optional().describe("extra Azure tags on every resource"),
  })
  .strict();
export type AzureTargetConfig = z.output<typeof azureTarget>;
