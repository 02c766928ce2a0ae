import type { GcpTargetConfig } from "../../config/targets/gcp";
import { mebibytes, millicores } from "../../lib/quantity";
import { ConfigError } from "../../config/errors";
import type { CapacityOffer, ExposureOffer, ProxyOffer, RegistryOffer, StorageOffer, TargetContext } from "../target";
import { createdPullSecretName, proxyOffer } from "../kubeconfig/offer";
import { gkeAllocatable } from "./machines";
import { overlaps, parseCidr } from "./cidr";

/**
 * The pure part of the GCP target: config -> what to build, as plain data. No Pulumi resource,
 * no cloud call; providers/gcp.ts registers what this returns.
 */

/** Values from the `gcp` config namespace (gcp:project, gcp:region), read by the caller. */
export interface GcpEnvironment {
  /** `gcp:project` of the stack, used when digit:target.project is not set; default none (then required in digit:target) */
  project?: string;
  /** `gcp:region` of the stack, used when digit:target.region is not set; default none (then asia-south1) */
  region?: string;
}

export interface GcpNetworkPlan {
  subnetCidr: string;
  podsCidr: string;
  servicesCidr: string;
  controlPlaneCidr: string;
  podsRangeName: string;
  servicesRangeName: string;
  /** network tag on the nodes, target of the control-plane webhook firewall rule */
  nodeTag: string;
  /** ports the control plane may call on nodes for admission webhooks (443 and 10250 are open by default) */
  webhookPorts: string[];
}

export interface GcpClusterPlan {
  name: string;
  /** a zone (dev: zonal cluster) or the region (ha: regional control plane) */
  location: string;
  workloadPool: string;
  kubernetesVersion?: string;
  releaseChannel: "REGULAR";
  authorizedNetworks?: string[];
  /** the control plane has only its private endpoint */
  privateEndpoint: boolean;
  filestoreCsi: boolean;
  deletionProtection: boolean;
}

export interface GcpNodePoolPlan {
  machineType: string;
  /** explicit node zones (ha with digit:target.zones), else GKE's choice */
  zones?: string[];
  zoneCount: number;
  nodesPerZone: number;
  totalNodes: number;
  totalMin: number;
  totalMax: number;
  diskSizeGb: number;
  serviceAccountId: string;
  /** project roles of the nodes' service account (least privilege instead of the default compute SA) */
  roles: string[];
}

export interface GcpDatabasePlan {
  version: string;
  tier: string;
  edition: "ENTERPRISE" | "ENTERPRISE_PLUS";
  diskGb: number;
  availabilityType: "REGIONAL" | "ZONAL";
  backupRetentionDays: number;
  transactionLogRetentionDays: number;
  databaseName: string;
  username: string;
  deletionProtection: boolean;
}

export interface GcpBucketPlan {
  name?: string;
  location: string;
  kmsKeyName?: string;
  forceDestroy: boolean;
  /** days a replaced or deleted object version is kept */
  noncurrentVersionDays: number;
  serviceAccountId: string;
  /** the Kubernetes service account that impersonates the bucket's Google service account */
  kubernetesServiceAccount: { namespace: string; name: string };
  workloadIdentityMember: string;
}

export interface GcpPlan {
  /** said in the plan (pulumi.log.warn), e.g. a control plane open to the internet */
  warnings: string[];
  /** a GKE cluster the state runs, used instead of creating the network and the cluster; default none */
  existing?: { name: string; location: string; network?: string; privateServiceAccess: "create" | "existing" };
  /** the target's name, base of cloud resource names */
  name: string;
  project: string;
  region: string;
  labels: Record<string, string>;
  protect: boolean;
  apis: string[];
  network: GcpNetworkPlan;
  cluster: GcpClusterPlan;
  nodePool: GcpNodePoolPlan;
  /** undefined: Postgres runs in-cluster */
  database?: GcpDatabasePlan;
  /** undefined: MinIO runs in-cluster */
  bucket?: GcpBucketPlan;
  storage: StorageOffer;
  exposure: ExposureOffer;
  registry: RegistryOffer;
  proxy?: ProxyOffer;
  capacity?: CapacityOffer;
}

export const defaultRegion = "asia-south1";

/** Node pool per profile: dev a small zonal pool, ha at least one node in each of three zones. */
export const nodeDefaults = {
  dev: { instanceType: "e2-standard-4", min: 2, desired: 2, max: 4 },
  ha: { instanceType: "n2-standard-8", min: 3, desired: 3, max: 9 },
} as const;

export const databaseDefaults = {
  dev: { tier: "db-custom-2-8192", diskGb: 20, backupRetentionDays: 7 },
  ha: { tier: "db-custom-4-16384", diskGb: 100, backupRetentionDays: 14 },
} as const;

/** Regions whose zone letters do not start at `a`. */
const firstZoneLetter: Record<string, string> = { "us-east1": "b", "europe-west1": "b" };

const clusterName = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const sqlTier = /^db-(f1-micro|g1-small|custom-[0-9]+-[0-9]+|perf-optimized-N-[0-9]+)$/;

/** egov-filestore's Kubernetes service account (namespace egov), which the bucket's identity binds to. */
export const filestoreServiceAccount = { namespace: "egov", name: "egov-filestore" };

/** Google service account ids: 6-30 characters, a letter first. */
function serviceAccountId(base: string, suffix: string): string {
  return `${base.slice(0, 30 - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
}

function postgresVersion(v: string | undefined, problems: string[]): string {
  if (v === undefined) return "POSTGRES_15";
  const m = /^(?:POSTGRES_)?([0-9]{2})$/.exec(v);
  if (!m || Number(m[1]) < 13) {
    problems.push(`digit:target.database.version: got "${v}"; expected a Cloud SQL PostgreSQL major version from 13 up, e.g. 15 or POSTGRES_15`);
    return "POSTGRES_15";
  }
  return `POSTGRES_${m[1]}`;
}

export function planGcp(cfg: GcpTargetConfig, context: TargetContext, env: GcpEnvironment = {}): GcpPlan {
  const problems: string[] = [];
  const ha = context.profile === "ha";
  const name = cfg.name ?? `${context.stateTenantId}-gcp`;
  if (!clusterName.test(name))
    problems.push(`digit:target.name: "${name}" cannot name a GKE cluster: use at most 40 lower-case letters, digits and '-', starting with a letter`);

  const project = cfg.project ?? env.project;
  if (!project) problems.push(`digit:target.project: not set, and gcp:project is not set either: set one, e.g. pulumi config set gcp:project <project-id>`);
  const region = cfg.region ?? env.region ?? defaultRegion;

  // Zones
  const inRegion = (z: string) => z.startsWith(`${region}-`) && z.length === region.length + 2;
  if (cfg.zone && !inRegion(cfg.zone)) problems.push(`digit:target.zone: "${cfg.zone}" is not a zone of region ${region}: use ${region}-<letter>`);
  for (const [i, z] of (cfg.zones ?? []).entries())
    if (!inRegion(z)) problems.push(`digit:target.zones[${i}]: "${z}" is not a zone of region ${region}: use ${region}-<letter>`);
  if (cfg.zones && new Set(cfg.zones).size !== cfg.zones.length) problems.push(`digit:target.zones: a zone is listed twice: ${JSON.stringify(cfg.zones)}`);
  if (!ha && cfg.zones)
    problems.push(`digit:target.zones: only the ha profile's regional cluster spreads over zones: remove it, or set zone for the dev cluster`);
  const zone = cfg.zone ?? `${region}-${firstZoneLetter[region] ?? "a"}`;

  // Network ranges
  const ranges = {
    networkCidr: cfg.networkCidr ?? "10.10.0.0/20",
    podsCidr: cfg.podsCidr ?? "10.16.0.0/14",
    servicesCidr: cfg.servicesCidr ?? "10.20.0.0/20",
    controlPlaneCidr: cfg.controlPlaneCidr ?? "172.16.0.0/28",
  };
  const parsed = Object.entries(ranges).map(([key, text]) => ({ key, text, cidr: parseCidr(text) }));
  for (const p of parsed) if (!p.cidr) problems.push(`digit:target.${p.key}: got "${p.text}"; expected a network address with zero host bits, e.g. 10.10.0.0/20`);
  for (let i = 0; i < parsed.length; i++)
    for (let j = i + 1; j < parsed.length; j++) {
      const a = parsed[i];
      const b = parsed[j];
      if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr))
        problems.push(`digit:target.${b.key}: ${b.text} overlaps digit:target.${a.key} (${a.text}): give each range its own addresses`);
    }
  const cp = parseCidr(ranges.controlPlaneCidr);
  if (cp && cp.prefix !== 28) problems.push(`digit:target.controlPlaneCidr: got "${ranges.controlPlaneCidr}"; GKE needs a /28, e.g. 172.16.0.0/28`);
  for (const [i, c] of (cfg.authorizedNetworks ?? []).entries())
    if (!parseCidr(c)) problems.push(`digit:target.authorizedNetworks[${i}]: got "${c}"; expected a network address with zero host bits, e.g. 203.0.113.0/24`);
  for (const [i, c] of (cfg.endpoint?.publicCidrs ?? []).entries())
    if (!parseCidr(c)) problems.push(`digit:target.endpoint.publicCidrs[${i}]: got "${c}"; expected a network address with zero host bits, e.g. 203.0.113.0/24`);

  // API endpoint: public (narrowed by authorized networks) or private only
  const existing = cfg.existingCluster;
  const warnings: string[] = [];
  if (cfg.endpoint?.publicCidrs && cfg.authorizedNetworks) problems.push(`digit:target.authorizedNetworks: also given as endpoint.publicCidrs; keep endpoint.publicCidrs`);
  const endpointPublic = cfg.endpoint?.public ?? true;
  const authorized = cfg.endpoint?.publicCidrs ?? cfg.authorizedNetworks;
  if (!endpointPublic && cfg.endpoint?.publicCidrs) problems.push(`digit:target.endpoint.publicCidrs: given for a private endpoint (endpoint.public false); remove it or set public: true`);
  if (!existing && endpointPublic && (!authorized || authorized.includes("0.0.0.0/0")))
    warnings.push(
      `digit:target.endpoint.publicCidrs: the GKE control plane is reachable from the whole internet (Google credentials still needed): ` +
        `list the CI runners' and administrators' addresses, or set endpoint.public: false and run pulumi up from inside the VPC`,
    );
  if (existing) {
    for (const key of ["zone", "zones", "networkCidr", "podsCidr", "servicesCidr", "controlPlaneCidr", "authorizedNetworks", "endpoint", "nodes", "kubernetesVersion"] as const)
      if (cfg[key] !== undefined) problems.push(`digit:target.${key}: applies to a cluster the target creates, not to existingCluster ${existing.name}: remove it (the cluster keeps its own)`);
    if (cfg.storage?.filestore) problems.push(`digit:target.storage.filestore: the existing cluster ${existing.name} keeps its own add-ons; enable the Filestore CSI driver on it and name its class in storage.classes.shared`);
    if (!existing.location.startsWith(region)) problems.push(`digit:target.existingCluster.location: "${existing.location}" is not in region ${region} (digit:target.region or gcp:region): the database and bucket go in the cluster's region`);
    if ((cfg.database?.mode ?? "managed") === "managed" && !existing.network)
      problems.push(`digit:target.existingCluster.network: Cloud SQL's private IP joins the cluster's VPC: name that network, or set database.mode: in-cluster`);
  }

  // Nodes
  const nd = nodeDefaults[context.profile];
  const n = cfg.nodes ?? {};
  const machineType = n.instanceType ?? nd.instanceType;
  let desired = n.desired ?? Math.max(nd.desired, n.min ?? 0);
  if (n.max !== undefined) desired = Math.min(desired, n.max);
  const min = n.min ?? Math.min(nd.min, desired);
  const max = n.max ?? Math.max(nd.max, desired);
  const zoneCount = ha ? (cfg.zones?.length ?? 3) : 1;
  // Node counts of a regional pool are per zone: round up so every zone gets the same number.
  const nodesPerZone = Math.ceil(desired / zoneCount);
  const totalNodes = nodesPerZone * zoneCount;
  const roles = ["roles/container.defaultNodeServiceAccount"];
  const mirror = cfg.registry?.mirror;
  if (mirror && /^([a-z0-9-]+-docker\.pkg\.dev|([a-z]+\.)?gcr\.io)(\/|$)/.test(mirror)) roles.push("roles/artifactregistry.reader");

  // Database
  const dbMode = cfg.database?.mode ?? "managed";
  let database: GcpDatabasePlan | undefined;
  if (dbMode === "managed") {
    const dd = databaseDefaults[context.profile];
    const tier = cfg.database?.instanceClass ?? dd.tier;
    if (!sqlTier.test(tier))
      problems.push(
        `digit:target.database.instanceClass: got "${tier}"; expected a Cloud SQL tier: db-custom-<vCPUs>-<MiB> (e.g. db-custom-2-8192), db-g1-small or db-perf-optimized-N-<vCPUs>`,
      );
    const edition = tier.startsWith("db-perf-optimized-") ? "ENTERPRISE_PLUS" : "ENTERPRISE";
    const retention = cfg.database?.backupRetentionDays ?? dd.backupRetentionDays;
    database = {
      version: postgresVersion(cfg.database?.version, problems),
      tier,
      edition,
      diskGb: cfg.database?.storageGb ?? dd.diskGb,
      availabilityType: ha ? "REGIONAL" : "ZONAL",
      backupRetentionDays: retention,
      // Cloud SQL keeps 1-7 days of WAL for point-in-time recovery (up to 35 on Enterprise Plus).
      transactionLogRetentionDays: Math.min(retention, edition === "ENTERPRISE_PLUS" ? 35 : 7),
      databaseName: "egov",
      username: "egov",
      deletionProtection: context.protect,
    };
  }

  // Object store
  const os = cfg.objectStore ?? { mode: "bucket" as const };
  const bucket: GcpBucketPlan | undefined =
    os.mode === "bucket" && project
      ? {
          name: os.bucket,
          location: region.toUpperCase(),
          kmsKeyName: os.kmsKeyName,
          forceDestroy: !context.protect,
          noncurrentVersionDays: 30,
          serviceAccountId: serviceAccountId(name, "filestore"),
          kubernetesServiceAccount: filestoreServiceAccount,
          workloadIdentityMember: `serviceAccount:${project}.svc.id.goog[${filestoreServiceAccount.namespace}/${filestoreServiceAccount.name}]`,
        }
      : undefined;
  if (os.mode === "minio" && (os.bucket || os.kmsKeyName))
    problems.push(`digit:target.objectStore: bucket and kmsKeyName apply to mode "bucket" only; remove them or set mode: bucket`);

  const capacityOfExisting = existing?.capacity && {
    nodes: existing.capacity.nodes,
    cpuMillis: existing.capacity.nodes * millicores(existing.capacity.cpuPerNode),
    memoryMiB: existing.capacity.nodes * mebibytes(existing.capacity.memoryPerNode),
  };

  // Storage tiers: GKE ships premium-rwo (pd-ssd) and standard-rwo (pd-balanced) with its PD CSI driver.
  const filestore = cfg.storage?.filestore ?? false;
  const classes = cfg.storage?.classes ?? {};
  const storage: StorageOffer = {
    fast: classes.fast ?? "premium-rwo",
    standard: classes.standard ?? "standard-rwo",
    shared: classes.shared ?? (filestore ? "standard-rwx" : undefined),
    staticVolumes: {},
  };

  if (cfg.exposure?.mode === "LoadBalancer" && cfg.exposure.clientIp?.mode === "proxy-protocol")
    problems.push(`digit:target.exposure.clientIp.mode: GKE's passthrough load balancer sends no PROXY protocol header; it keeps client addresses with mode direct (the default): use that`);
  if (problems.length) throw new ConfigError(problems);

  const apis = cfg.enableApis
    ? [
        "compute.googleapis.com",
        ...(existing ? [] : ["container.googleapis.com"]),
        "iam.googleapis.com",
        // Workload Identity exchanges tokens through the IAM credentials API.
        "iamcredentials.googleapis.com",
        ...(database ? ["sqladmin.googleapis.com", "servicenetworking.googleapis.com"] : []),
        ...(bucket ? ["storage.googleapis.com"] : []),
        ...(filestore ? ["file.googleapis.com"] : []),
      ]
    : [];

  const e = cfg.exposure;
  const exposure: ExposureOffer =
    e?.mode === "NodePort"
      ? { mode: "NodePort", httpPort: e.httpPort, httpsPort: e.httpsPort, ...(e.clientIp ? { clientIp: e.clientIp } : {}) }
      : {
          mode: "LoadBalancer",
          // GKE: an internal passthrough Network Load Balancer in the cluster's VPC.
          annotations: { ...(e?.internal ? { "networking.gke.io/load-balancer-type": "Internal" } : {}), ...(e?.annotations ?? {}) },
          loadBalancerIP: e?.loadBalancerIP,
          ...(e?.clientIp ? { clientIp: e.clientIp } : {}),
        };

  const r = cfg.registry;
  const registry: RegistryOffer = {
    mirror: r?.mirror,
    pullSecretName: r?.pullSecret ?? (r?.dockerConfigJson ? createdPullSecretName : undefined),
    pullSecretSource: r?.pullSecret && !r.dockerConfigJson ? { namespace: r.pullSecretNamespace } : undefined,
    // Kept as given here; providers/gcp.ts wraps it as a Pulumi secret.
    dockerConfigJson: r?.dockerConfigJson,
    chartRepository: r?.chartRepository,
  };

  // Workload Identity tokens come from the node's metadata server, which no proxy can reach.
  // An existing cluster's ranges are not known when the program runs: the state lists them in noProxy.
  const proxy: ProxyOffer | undefined = proxyOffer(cfg.proxy, [
    "169.254.169.254",
    "metadata.google.internal",
    ...(existing ? [] : [ranges.networkCidr, ranges.podsCidr, ranges.servicesCidr, ranges.controlPlaneCidr]),
  ]);

  const alloc = gkeAllocatable(machineType);
  const capacity: CapacityOffer | undefined = alloc
    ? { nodes: totalNodes, cpuMillis: totalNodes * alloc.cpuMillis, memoryMiB: totalNodes * alloc.memoryMiB }
    : undefined;

  return {
    warnings,
    existing: existing ? { name: existing.name, location: existing.location, network: existing.network, privateServiceAccess: existing.privateServiceAccess } : undefined,
    name,
    project: project!,
    region,
    labels: { "part-of": "digit", "managed-by": "pulumi", "digit-target": name, "digit-tenant": context.stateTenantId },
    protect: context.protect,
    apis,
    network: {
      subnetCidr: ranges.networkCidr,
      podsCidr: ranges.podsCidr,
      servicesCidr: ranges.servicesCidr,
      controlPlaneCidr: ranges.controlPlaneCidr,
      podsRangeName: "pods",
      servicesRangeName: "services",
      nodeTag: `${name}-node`,
      webhookPorts: ["8443", "9443"],
    },
    cluster: {
      name,
      location: ha ? region : zone,
      workloadPool: `${project}.svc.id.goog`,
      kubernetesVersion: cfg.kubernetesVersion,
      releaseChannel: "REGULAR",
      authorizedNetworks: endpointPublic ? authorized : undefined,
      privateEndpoint: !endpointPublic,
      filestoreCsi: filestore,
      deletionProtection: context.protect,
    },
    nodePool: {
      machineType,
      zones: ha ? cfg.zones : undefined,
      zoneCount,
      nodesPerZone,
      totalNodes,
      totalMin: Math.min(min, totalNodes),
      totalMax: Math.max(max, totalNodes),
      diskSizeGb: 100,
      serviceAccountId: serviceAccountId(name, "nodes"),
      roles,
    },
    database,
    bucket,
    storage,
    exposure,
    registry,
    proxy,
    capacity: existing ? capacityOfExisting : capacity,
  };
}
