import type { AzureTargetConfig } from "../../config/targets/azure";
import { ConfigError } from "../../config/errors";
import type { CapacityOffer, ExposureOffer, ProxyOffer, StorageOffer, TargetContext } from "../target";
import { createdPullSecretName, proxyOffer } from "../kubeconfig/offer";
import { clusterNoProxy } from "../../lib/no-proxy";
import { formatCidr, overlaps, parseCidr, subnetOf } from "./cidr";
import { allocatable, maxPodsPerNode, supportsPremiumStorage } from "./vmsizes";
import { mebibytes, millicores } from "../../lib/quantity";

/**
 * What the Azure target builds, as plain data: config + context in, names, sizes and settings out.
 * No Pulumi, no SDK: the registration step (build.ts) only copies these values into resources.
 */

export const defaults = {
  location: "centralindia",
  kubernetesVersion: "1.33",
  vnetCidr: "10.20.0.0/16",
  // Overlay pod and service ranges; they must not overlap the VNet.
  podCidr: "10.244.0.0/16",
  serviceCidr: "10.0.0.0/16",
  dnsServiceIP: "10.0.0.10",
  vmSize: { system: "Standard_D4s_v5", userDev: "Standard_D4s_v5", userHa: "Standard_D8s_v5" },
  postgres: {
    version: "16" as const,
    sku: { dev: "Standard_B2ms", ha: "Standard_D4ds_v5" },
    storageGb: { dev: 64, ha: 128 },
    backupRetentionDays: { dev: 7, ha: 35 },
    adminLogin: "digitadmin",
    database: "egov",
  },
  blob: { container: "egov-filestore", softDeleteDays: { dev: 7, ha: 30 } },
};

/** egov-filestore's Kubernetes ServiceAccount, which the blob identity trusts. */
export const filestoreServiceAccount = { namespace: "egov", name: "egov-filestore" };

/** The token audience AKS workload identity uses. */
export const workloadIdentityAudience = "api://AzureADTokenExchange";

/** Built-in Azure role definition GUIDs. */
export const roles = {
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
};

/**
 * Cloud-provider-azure probes a port with HTTP on `/` when the Service sets appProtocol http, which
 * most ingress controllers answer with 404; a TCP probe works for any of them.
 */
/** cloud-provider-azure: an internal load balancer, in the nodes' subnet. */
export const internalLoadBalancerAnnotation = "service.beta.kubernetes.io/azure-load-balancer-internal";

export const defaultLoadBalancerAnnotations: Record<string, string> = {
  "service.beta.kubernetes.io/port_80_health-probe_protocol": "Tcp",
  "service.beta.kubernetes.io/port_443_health-probe_protocol": "Tcp",
};

export interface PoolPlan {
  name: string;
  mode: "System" | "User";
  vmSize: string;
  /** initial (and, without autoscaling, fixed) node count */
  count: number;
  autoscale?: { minCount: number; maxCount: number };
  zones?: string[];
  maxPods: number;
  taints?: string[];
}

export interface PostgresPlan {
  /** server name without the random suffix that makes it globally unique */
  serverNamePrefix: string;
  version: "15" | "16";
  skuName: string;
  skuTier: "Burstable" | "GeneralPurpose" | "MemoryOptimized";
  storageGb: number;
  backupRetentionDays: number;
  geoRedundantBackup: "Enabled" | "Disabled";
  highAvailability: { mode: "Disabled" | "ZoneRedundant" | "SameZone"; standbyAvailabilityZone?: string };
  availabilityZone?: string;
  adminLogin: string;
  database: string;
  privateDnsZone: string;
  subnet: { name: string; cidr: string };
}

export interface BlobPlan {
  /** account name without the random suffix; with it at most 24 characters */
  accountNamePrefix: string;
  skuName: "Standard_LRS" | "Standard_GRS" | "Standard_GZRS";
  container: string;
  softDeleteDays: number;
  identityName: string;
  /** the federated credential's subject: egov-filestore's ServiceAccount */
  subject: string;
}

/** Azure RBAC for Kubernetes: built-in role definition GUIDs. */
export const aksRbacRoles = {
  "cluster-admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  admin: "3498e952-d568-435e-9b2c-8d77e338d7f7",
} as const;

/** The first-party application AKS tokens are issued for (kubelogin --server-id). */
export const aksServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";

export interface KubeloginPlan {
  login: "azurecli" | "workloadidentity" | "msi" | "spn";
  clientId?: string;
  tenantId?: string;
}

export interface AzureAccessPlan {
  /** Entra ID groups AKS binds to cluster-admin (aadProfile.adminGroupObjectIDs) */
  adminGroupObjectIds: string[];
  /** keep local accounts (break-glass); false: Entra ID only */
  localAccounts: boolean;
  kubelogin: KubeloginPlan;
  /** Azure RBAC role assignments on the cluster: whoever runs `pulumi up` (principalId "deployer") and the named admins */
  roleAssignments: Array<{ principalId: string; principalType?: "User" | "Group" | "ServicePrincipal"; roleGuid: string }>;
}

export interface AzurePlan {
  /** said in the plan (pulumi.log.warn), e.g. an API server open to the internet */
  warnings: string[];
  /** an AKS cluster the state runs, used instead of creating the network and the cluster; default none */
  existing?: {
    name: string;
    resourceGroupName: string;
    network?: { vnetName: string; resourceGroupName: string; postgresSubnetCidr: string };
  };
  access: AzureAccessPlan;
  /** the Target's name, also the stem of Azure resource names */
  name: string;
  location: string;
  tags: Record<string, string>;
  protect: boolean;
  resourceGroupName: string;
  network: {
    vnetName: string;
    addressSpace: string;
    nodesSubnet: { name: string; cidr: string };
    podCidr: string;
    serviceCidr: string;
    dnsServiceIP: string;
  };
  cluster: {
    name: string;
    dnsPrefix: string;
    identityName: string;
    kubernetesVersion: string;
    skuTier: "Free" | "Standard";
    apiServerAuthorizedIpRanges?: string[];
    /** a private cluster: the API server has no public address */
    privateCluster: boolean;
    httpProxy?: { httpProxy?: string; httpsProxy?: string; noProxy: string[] };
    systemPool: PoolPlan;
    userPool: PoolPlan;
  };
  /** undefined: Postgres runs in-cluster */
  postgres?: PostgresPlan;
  /** undefined: MinIO runs in-cluster */
  blob?: BlobPlan;
  storage: StorageOffer;
  exposure: ExposureOffer;
  registry: { mirror?: string; pullSecretName?: string; pullSecretSource?: { namespace: string }; dockerConfigJson?: string; chartRepository?: string };
  proxy?: ProxyOffer;
  capacity?: CapacityOffer;
}

/** Random suffix length appended to globally unique names (storage account, Postgres server). */
export const uniqueSuffixLength = 6;

/** Settings from outside digit:target that the plan honours. */
export interface AzureEnvironment {
  /** the azure-native provider's `azure-native:location`, used when digit:target.location is not set */
  providerLocation?: string;
}

export function planAzure(cfg: AzureTargetConfig, ctx: TargetContext, env: AzureEnvironment = {}): AzurePlan {
  const problems: string[] = [];
  const ha = ctx.profile === "ha";
  const name = cfg.name ?? `${ctx.stateTenantId}-azure`;
  const location = cfg.location ?? env.providerLocation ?? defaults.location;
  const zones = cfg.zones ?? (ha ? ["1", "2", "3"] : []);
  const tags: Record<string, string> = {
    "digit-state": ctx.stateTenantId,
    "digit-target": name,
    "digit-profile": ctx.profile,
    "managed-by": "pulumi",
    ...(cfg.tags ?? {}),
  };

  const existing = cfg.existingCluster;
  const warnings: string[] = [];
  if (existing) {
    for (const key of ["vnetCidr", "zones", "systemNodes", "nodes", "kubernetesVersion", "endpoint", "apiServerAuthorizedIpRanges"] as const)
      if (cfg[key] !== undefined) problems.push(`digit:target.${key}: applies to a cluster the target creates, not to existingCluster ${existing.name}: remove it (the cluster keeps its own)`);
    for (const key of ["adminGroupObjectIds", "localAccounts"] as const)
      if (cfg.access?.[key] !== undefined && !(key === "localAccounts" && cfg.access.localAccounts === false))
        problems.push(`digit:target.access.${key}: the existing cluster ${existing.name} keeps its own setting; change it on the cluster (az aks update) and remove it here`);
    if ((cfg.database?.mode ?? "managed") === "managed" && !existing.network)
      problems.push(
        `digit:target.existingCluster.network: the managed PostgreSQL server joins the cluster's VNet through a delegated subnet: give vnetName and a free postgresSubnetCidr, or set database.mode: in-cluster`,
      );
  } else problems.push(...azureNameProblems(name, cfg.name !== undefined));
  const access = planAccess(cfg);
  if (cfg.endpoint?.publicCidrs && cfg.apiServerAuthorizedIpRanges)
    problems.push(`digit:target.apiServerAuthorizedIpRanges: also given as endpoint.publicCidrs; keep endpoint.publicCidrs`);
  const endpointPublic = cfg.endpoint?.public ?? true;
  const authorized = cfg.endpoint?.publicCidrs ?? cfg.apiServerAuthorizedIpRanges;
  if (!endpointPublic && authorized) problems.push(`digit:target.endpoint.publicCidrs: given for a private cluster (endpoint.public false); remove it or set public: true`);
  if (!existing && endpointPublic && (!authorized || authorized.includes("0.0.0.0/0")))
    warnings.push(
      `digit:target.endpoint.publicCidrs: the AKS API server is reachable from the whole internet (Entra ID sign-in still needed): ` +
        `list the CI runners' and administrators' addresses, or set endpoint.public: false and run pulumi up from inside the VNet`,
    );

  const network = planNetwork(cfg, problems);

  // digit:target.nodes is checked by config/load.ts; the system pool is Azure's own key.
  problems.push(...nodeGroupProblems("digit:target.systemNodes", cfg.systemNodes));
  const systemPool = planPool(
    "system",
    "System",
    cfg.systemNodes,
    { vmSize: defaults.vmSize.system, count: ha ? 3 : 1 },
    zones,
    // In ha the system pool runs only cluster add-ons; in dev it also takes DIGIT pods (cost).
    ha ? ["CriticalAddonsOnly=true:NoSchedule"] : undefined,
  );
  const userPool = planPool(
    "user",
    "User",
    cfg.nodes,
    { vmSize: ha ? defaults.vmSize.userHa : defaults.vmSize.userDev, count: ha ? 3 : 2 },
    zones,
    undefined,
  );
  if (ha && Math.min(userPool.count, userPool.autoscale?.minCount ?? userPool.count) < 3)
    problems.push(
      `digit:target.nodes: the ha profile runs three replicas of each service on separate nodes and needs at least 3 user nodes (got ${userPool.autoscale?.minCount ?? userPool.count}); raise nodes.desired / nodes.min to 3 or use profile dev`,
    );

  const workloadPools = ha ? [userPool] : [systemPool, userPool];

  const db = cfg.database ?? { mode: "managed" as const };
  const postgres = db.mode === "managed" ? planPostgres(cfg, name, ha, zones, network.postgresCidr, problems) : undefined;

  const objectMode = cfg.objectStore?.mode ?? "bucket";
  const blob: BlobPlan | undefined =
    objectMode === "bucket"
      ? {
          accountNamePrefix: `st${name.replace(/[^a-z0-9]/g, "")}`.slice(0, 24 - uniqueSuffixLength),
          skuName: ha ? (zones.length ? "Standard_GZRS" : "Standard_GRS") : "Standard_LRS",
          container: defaults.blob.container,
          softDeleteDays: ha ? defaults.blob.softDeleteDays.ha : defaults.blob.softDeleteDays.dev,
          identityName: `id-${name}-filestore`,
          subject: `system:serviceaccount:${filestoreServiceAccount.namespace}:${filestoreServiceAccount.name}`,
        }
      : undefined;

  // An existing cluster's VM sizes are not known here: the standard class works on every size.
  const premium = !existing && workloadPools.every((p) => supportsPremiumStorage(p.vmSize));
  const storage: StorageOffer = {
    fast: premium ? "managed-csi-premium" : "managed-csi",
    standard: "managed-csi",
    shared: "azurefile-csi",
    staticVolumes: {},
  };

  const e = cfg.exposure;
  const exposure: ExposureOffer =
    e?.mode === "NodePort"
      ? { mode: "NodePort", httpPort: e.httpPort, httpsPort: e.httpsPort, ...(e.clientIp ? { clientIp: e.clientIp } : {}) }
      : {
          mode: "LoadBalancer",
          annotations: { ...defaultLoadBalancerAnnotations, ...(e?.internal ? { [internalLoadBalancerAnnotation]: "true" } : {}), ...(e?.annotations ?? {}) },
          loadBalancerIP: e?.loadBalancerIP,
          ...(e?.clientIp ? { clientIp: e.clientIp } : {}),
        };
  if (e?.mode === "LoadBalancer" && e.clientIp?.mode === "proxy-protocol")
    problems.push(`digit:target.exposure.clientIp.mode: Azure's load balancer passes connections through and sends no PROXY protocol header; it keeps client addresses with mode direct (the default): use that`);

  const r = cfg.registry;
  if (r?.pullSecret && r?.dockerConfigJson) problems.push(`digit:target.registry: both pullSecret and dockerConfigJson are given; keep one`);
  const registry = {
    mirror: r?.mirror,
    pullSecretName: r?.pullSecret ?? (r?.dockerConfigJson ? createdPullSecretName : undefined),
    pullSecretSource: r?.pullSecret && !r.dockerConfigJson ? { namespace: r.pullSecretNamespace } : undefined,
    dockerConfigJson: r?.dockerConfigJson,
    chartRepository: r?.chartRepository,
  };

  // In-VNet and in-cluster traffic never goes through the proxy.
  const internal = [network.addressSpace, network.podCidr, network.serviceCidr, ".postgres.database.azure.com"];
  const proxy: ProxyOffer | undefined = proxyOffer(cfg.proxy, internal);

  const capacity = existing
    ? existing.capacity && {
        nodes: existing.capacity.nodes,
        cpuMillis: existing.capacity.nodes * millicores(existing.capacity.cpuPerNode),
        memoryMiB: existing.capacity.nodes * mebibytes(existing.capacity.memoryPerNode),
      }
    : planCapacity(workloadPools);

  if (problems.length) throw new ConfigError(problems);

  return {
    warnings,
    existing: existing
      ? {
          name: existing.name,
          resourceGroupName: existing.resourceGroupName,
          network: existing.network
            ? { vnetName: existing.network.vnetName, resourceGroupName: existing.network.resourceGroupName ?? existing.resourceGroupName, postgresSubnetCidr: existing.network.postgresSubnetCidr }
            : undefined,
        }
      : undefined,
    access,
    name,
    location,
    tags,
    protect: ctx.protect,
    resourceGroupName: cfg.resourceGroupName ?? `rg-${name}`,
    network: {
      vnetName: `vnet-${name}`,
      addressSpace: network.addressSpace,
      nodesSubnet: { name: "aks-nodes", cidr: network.nodesCidr },
      podCidr: network.podCidr,
      serviceCidr: network.serviceCidr,
      dnsServiceIP: defaults.dnsServiceIP,
    },
    cluster: {
      name: `aks-${name}`,
      dnsPrefix: name,
      identityName: `id-${name}-aks`,
      kubernetesVersion: cfg.kubernetesVersion ?? defaults.kubernetesVersion,
      skuTier: ha ? "Standard" : "Free",
      apiServerAuthorizedIpRanges: endpointPublic ? authorized : undefined,
      privateCluster: !endpointPublic,
      // The nodes' own proxy (image pulls, AKS add-ons); AKS takes no environment references.
      httpProxy: proxy ? { httpProxy: proxy.http, httpsProxy: proxy.https, noProxy: [...new Set([...clusterNoProxy, ...proxy.noProxy])] } : undefined,
      systemPool,
      userPool,
    },
    postgres,
    blob,
    storage,
    exposure,
    registry,
    proxy,
    capacity,
  };
}

/**
 * Names Azure would refuse, from the target's name (Azure's naming rules; AKS's DNS prefix:
 * 1-54 letters, digits and hyphens, starting and ending with a letter or digit).
 */
export function azureNameProblems(name: string, given: boolean): string[] {
  const key = given ? "digit:target.name" : "digit:target.name (default <stateTenantId>-azure)";
  const out: string[] = [];
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/.test(name))
    out.push(`${key}: "${name}" is the AKS DNS prefix, which takes 1-54 letters, digits and hyphens (starting and ending with a letter or digit): shorten it`);
  if (`aks-${name}`.length > 63) out.push(`${key}: the AKS cluster aks-${name} would have ${name.length + 4} characters; Azure allows 63: shorten the name`);
  if (`vnet-${name}`.length > 64) out.push(`${key}: the VNet vnet-${name} would have ${name.length + 5} characters; Azure allows 64: shorten the name`);
  return out;
}

function planAccess(cfg: AzureTargetConfig): AzureAccessPlan {
  const a = cfg.access;
  const k = a?.kubelogin;
  return {
    adminGroupObjectIds: a?.adminGroupObjectIds ?? [],
    localAccounts: a?.localAccounts ?? false,
    kubelogin: { login: k?.login ?? "azurecli", ...(k?.clientId ? { clientId: k.clientId } : {}), ...(k?.tenantId ? { tenantId: k.tenantId } : {}) },
    roleAssignments: [
      // whoever runs `pulumi up` administers what it deploys; the id is read at deploy time
      { principalId: "deployer", roleGuid: aksRbacRoles["cluster-admin"] },
      ...(a?.admins ?? []).map((x) => ({ principalId: x.principalId, ...(x.principalType ? { principalType: x.principalType } : {}), roleGuid: aksRbacRoles[x.role] })),
    ],
  };
}

function planNetwork(cfg: AzureTargetConfig, problems: string[]) {
  const addressSpace = cfg.vnetCidr ?? defaults.vnetCidr;
  let nodesCidr = "";
  let postgresCidr = "";
  try {
    const vnet = parseCidr(addressSpace);
    if (vnet.prefix < 8 || vnet.prefix > 23) {
      problems.push(`digit:target.vnetCidr: got "${addressSpace}"; use a /8 to /23 range (the nodes take one half, Postgres a /24 of the other)`);
    } else {
      nodesCidr = formatCidr(subnetOf(vnet, vnet.prefix + 1, 0));
      postgresCidr = formatCidr(subnetOf(subnetOf(vnet, vnet.prefix + 1, 1), 24, 0));
    }
    for (const [what, range] of [
      ["pod", defaults.podCidr],
      ["service", defaults.serviceCidr],
    ] as const)
      if (overlaps(vnet, parseCidr(range)))
        problems.push(`digit:target.vnetCidr: "${addressSpace}" overlaps the cluster's ${what} range ${range}; choose another range, e.g. ${defaults.vnetCidr}`);
  } catch (e) {
    problems.push(`digit:target.vnetCidr: ${(e as Error).message}`);
  }
  return { addressSpace, nodesCidr, postgresCidr, podCidr: defaults.podCidr, serviceCidr: defaults.serviceCidr };
}

type NodeGroupConfig = AzureTargetConfig["nodes"];

function nodeGroupProblems(key: string, g: NodeGroupConfig): string[] {
  const out: string[] = [];
  if (!g) return out;
  const { min, desired, max } = g;
  if (min !== undefined && max !== undefined && min > max) out.push(`${key}: min (${min}) is larger than max (${max})`);
  if (desired !== undefined && max !== undefined && desired > max) out.push(`${key}: desired (${desired}) is larger than max (${max})`);
  if (desired !== undefined && min !== undefined && desired < min) out.push(`${key}: desired (${desired}) is smaller than min (${min})`);
  return out;
}

function planPool(
  poolName: string,
  mode: PoolPlan["mode"],
  group: NodeGroupConfig,
  fallback: { vmSize: string; count: number },
  zones: string[],
  taints: string[] | undefined,
): PoolPlan {
  const min = group?.min;
  const max = group?.max;
  const count = group?.desired ?? Math.min(Math.max(fallback.count, min ?? 0), max ?? Infinity);
  const minCount = min ?? count;
  const maxCount = max ?? Math.max(count, minCount);
  return {
    name: poolName,
    mode,
    vmSize: group?.instanceType ?? fallback.vmSize,
    count,
    autoscale: maxCount > minCount ? { minCount, maxCount } : undefined,
    zones: zones.length ? zones : undefined,
    maxPods: maxPodsPerNode,
    taints,
  };
}

function planPostgres(
  cfg: AzureTargetConfig,
  name: string,
  ha: boolean,
  zones: string[],
  subnetCidr: string,
  problems: string[],
): PostgresPlan {
  const db: Partial<NonNullable<AzureTargetConfig["database"]>> = cfg.database ?? {};
  const p = defaults.postgres;
  const skuName = db.instanceClass ?? (ha ? p.sku.ha : p.sku.dev);
  const skuTier = skuName.startsWith("Standard_B") ? "Burstable" : skuName.startsWith("Standard_E") ? "MemoryOptimized" : "GeneralPurpose";
  if (ha && skuTier === "Burstable")
    problems.push(
      `digit:target.database.instanceClass: got "${skuName}"; Burstable sizes cannot run the standby the ha profile needs: use a General Purpose size such as Standard_D2ds_v5`,
    );
  // Zone-redundant HA needs two distinct zones; with fewer, the standby shares the primary's zone.
  const highAvailability: PostgresPlan["highAvailability"] = !ha
    ? { mode: "Disabled" }
    : zones.length >= 2
      ? { mode: "ZoneRedundant", standbyAvailabilityZone: zones[1] }
      : { mode: "SameZone" };
  return {
    serverNamePrefix: `psql-${name}`.slice(0, 63 - uniqueSuffixLength - 1).replace(/-+$/, ""),
    version: db.version ?? p.version,
    skuName,
    skuTier,
    storageGb: db.storageGb ?? (ha ? p.storageGb.ha : p.storageGb.dev),
    backupRetentionDays: db.backupRetentionDays ?? (ha ? p.backupRetentionDays.ha : p.backupRetentionDays.dev),
    geoRedundantBackup: ha ? "Enabled" : "Disabled",
    highAvailability,
    availabilityZone: zones.length ? zones[0] : undefined,
    adminLogin: p.adminLogin,
    database: p.database,
    privateDnsZone: `${name}.private.postgres.database.azure.com`,
    subnet: { name: "postgres", cidr: subnetCidr },
  };
}

/** Allocatable capacity of the pools DIGIT's pods may use; unknown VM sizes give none. */
function planCapacity(pools: PoolPlan[]): CapacityOffer | undefined {
  let nodes = 0;
  let cpuMillis = 0;
  let memoryMiB = 0;
  for (const p of pools) {
    const a = allocatable(p.vmSize, p.maxPods);
    if (!a) return undefined;
    nodes += p.count;
    cpuMillis += p.count * a.cpuMillis;
    memoryMiB += p.count * a.memoryMiB;
  }
  return { nodes, cpuMillis, memoryMiB };
}
