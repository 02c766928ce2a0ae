import { z } from "zod";
import { cloudCommonFields, cloudDatabase, nodeGroup } from "./cloud";
import { ipv4Cidr, numberOrText, quantity } from "../fields";

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

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "expected an Entra ID object id (a GUID)");

/** Who may use the cluster: Entra ID (formerly Azure AD) identities through Azure RBAC for Kubernetes. */
const azureAccess = z
  .object({
    admins: z
      .array(
        z
          .object({
            principalId: uuid.describe("the Entra ID object id of a user, group or service principal"),
            principalType: z.enum(["User", "Group", "ServicePrincipal"]).optional().describe("what the principal is; default: Azure looks it up"),
            role: z
              .enum(["cluster-admin", "admin"])
              .default("cluster-admin")
              .describe("cluster-admin (Azure Kubernetes Service RBAC Cluster Admin) or admin (RBAC Admin: no namespaces, no quotas); default cluster-admin"),
          })
          .strict(),
      )
      .optional()
      .describe("Entra ID users, groups or service principals given Kubernetes access, besides whoever runs `pulumi up`; default none"),
    adminGroupObjectIds: z.array(uuid).optional().describe("Entra ID groups AKS makes cluster-admin through Kubernetes RBAC; default none"),
    localAccounts: z
      .boolean()
      .default(false)
      .describe("keep AKS's local (certificate) accounts for break-glass access (az aks get-credentials --admin); default false: Entra ID only"),
    kubelogin: z
      .object({
        login: z
          .enum(["azurecli", "workloadidentity", "msi", "spn"])
          .default("azurecli")
          .describe("how kubelogin gets the Kubernetes token where `pulumi up` runs: azurecli (after az login), workloadidentity (CI with OIDC federation), msi, spn (the secret from AAD_SERVICE_PRINCIPAL_CLIENT_SECRET); default azurecli"),
        clientId: uuid.optional().describe("the application (client) id, for msi (a user-assigned identity) and spn"),
        tenantId: uuid.optional().describe("the Entra ID tenant, for spn"),
      })
      .strict()
      .superRefine((k, ctx) => {
        if (k.login === "spn" && (!k.clientId || !k.tenantId))
          ctx.addIssue({ code: "custom", path: [k.clientId ? "tenantId" : "clientId"], input: undefined, message: "login spn needs clientId and tenantId (the secret comes from AAD_SERVICE_PRINCIPAL_CLIENT_SECRET)" });
      })
      .optional()
      .describe("how the Kubernetes provider signs in (kubelogin get-token); default azurecli"),
  })
  .strict();

const endpointAccess = z
  .object({
    public: z
      .boolean()
      .default(true)
      .describe("a public API server; false: a private cluster, whose API is reached only from the VNet or networks joined to it (where `pulumi up` must run); fixed at creation"),
    publicCidrs: z.array(ipv4Cidr).min(1).optional().describe("who may reach the public API server; default any, with a warning in the plan"),
  })
  .strict();

/** An AKS cluster the state already runs: the target adds DIGIT's database, storage and identities to it. */
const existingCluster = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/, "expected an AKS cluster name: 1-63 letters, digits, '-' and '_', starting and ending with a letter or digit")
      .describe("the AKS cluster's name"),
    resourceGroupName: z
      .string()
      .regex(/^[-\w.()]{0,89}[-\w()]$/, "expected a resource group name (letters, digits, - _ . ( ), not ending in .)")
      .describe("the cluster's resource group"),
    network: z
      .object({
        vnetName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/, "expected a VNet name: 2-64 letters, digits, '_', '.', '-'").describe("the VNet the cluster's nodes are in"),
        resourceGroupName: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, "expected a resource group name").optional().describe("the VNet's resource group; default the cluster's"),
        postgresSubnetCidr: ipv4Cidr.describe("a free /24 or larger range of that VNet for the PostgreSQL server's delegated subnet, which the target creates"),
      })
      .strict()
      .optional()
      .describe("where the managed PostgreSQL server joins the cluster's network; required with database mode managed"),
    capacity: z
      .object({
        nodes: z.number().int().min(1).describe("nodes DIGIT may use"),
        cpuPerNode: quantity.describe("allocatable CPU of one node"),
        memoryPerNode: quantity.describe("allocatable memory of one node"),
      })
      .strict()
      .optional()
      .describe("what the cluster's nodes offer DIGIT, for the plan's capacity check; default unknown"),
  })
  .strict();

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
      .describe("CIDRs allowed to reach the Kubernetes API server (the same as endpoint.publicCidrs); default: any"),
    endpoint: endpointAccess.optional(),
    access: azureAccess.optional().describe("Entra ID access to the cluster; local accounts off unless asked"),
    existingCluster: existingCluster.optional().describe("use this AKS cluster (and its VNet) instead of creating one; default: create"),
    tags: z.record(z.string(), z.string()).optional().describe("extra Azure tags on every resource"),
  })
  .strict();
export type AzureTargetConfig = z.output<typeof azureTarget>;
