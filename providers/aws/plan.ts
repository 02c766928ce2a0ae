import { eksAccessPolicies, type AwsTargetConfig } from "../../config/targets/aws";
import { mebibytes, millicores } from "../../lib/quantity";
import { ConfigError } from "../../config/errors";
import type { CapacityOffer, ExposureOffer, TargetContext } from "../target";
import { allocatablePerNode } from "./capacity";
import { formatCidr, overlaps, parseCidr, subnet } from "./cidr";
import { annotationProblems, lbAnnotations } from "./annotations";

/**
 * The pure "what to build" step of the AWS target: config + context -> plain data (names, CIDRs,
 * sizes, engine settings, flags). The component registers resources from this and nothing else.
 */

/** What the program knows besides the config: the stack's name and the aws provider's region. */
export interface AwsEnvironment {
  /** the Pulumi stack's name (names and tags) */
  stack: string;
  /** `aws:region` of the stack, used when digit:target.region is not set; default none (then one of the two is required) */
  defaultRegion?: string;
  /** `aws:profile`: the credentials profile the aws provider uses; the kubeconfig's `aws eks get-token` uses it too; default none */
  profile?: string;
  /** the role the aws provider assumes (the last of `aws:assumeRoles`); get-token assumes it too, as the cluster's creator; default none */
  roleArn?: string;
}

/** One EKS access entry and its policy association. */
export interface AccessEntryPlan {
  principalArn: string;
  policyArn: string;
  scope: { type: "cluster" } | { type: "namespace"; namespaces: string[] };
}

export interface ZonePlan {
  name: string;
  privateCidr: string;
  publicCidr: string;
}

export type DatabasePlan =
  | { mode: "in-cluster" }
  | {
      mode: "managed";
      identifier: string;
      engineVersion: string;
      /** parameter group family, e.g. postgres15 */
      family: string;
      instanceClass: string;
      allocatedStorageGb: number;
      /** storage autoscaling ceiling */
      maxAllocatedStorageGb: number;
      backupRetentionDays: number;
      multiAz: boolean;
      deletionProtection: boolean;
      skipFinalSnapshot: boolean;
      finalSnapshotIdentifier?: string;
      performanceInsights: boolean;
      username: string;
      dbName: string;
      port: number;
      parameters: Array<{ name: string; value: string; applyMethod: "immediate" | "pending-reboot" }>;
      logExports: string[];
    };

export type ObjectStorePlan =
  | { mode: "minio" }
  | {
      mode: "bucket";
      /** exact name when configured, else a prefix S3 completes to a unique name */
      bucket?: string;
      bucketPrefix?: string;
      encryption: "kms" | "aes256";
      forceDestroy: boolean;
      noncurrentVersionExpirationDays: number;
      serviceAccount: { namespace: string; name: string };
    };

export interface AwsPlan {
  /** said in the plan (pulumi.log.warn), e.g. an API endpoint open to the internet */
  warnings: string[];
  /** an EKS cluster the state runs, used instead of creating network, cluster and nodes; default none */
  existing?: { name: string; databaseSubnetIds?: string[]; createOidcProvider: boolean };
  /** Kubernetes access for the roles and users the state names (EKS access entries) */
  accessEntries: AccessEntryPlan[];
  /** how the kubeconfig's `aws eks get-token` authenticates: as the aws provider does */
  kubeconfigAuth: { profile?: string; roleArn?: string };
  region: string;
  partition: "aws" | "aws-cn" | "aws-us-gov";
  /** base of physical names: cluster, RDS identifier, bucket prefix, KMS alias */
  baseName: string;
  tags: Record<string, string>;
  protect: boolean;
  kms: { alias: string; deletionWindowDays: number };
  network: {
    vpcCidr: string;
    zones: ZonePlan[];
    natGateways: "single" | "per-zone";
  };
  cluster: {
    name: string;
    version: string;
    endpointPrivateAccess: true;
    endpointPublicAccess: boolean;
    publicAccessCidrs?: string[];
    serviceCidr: string;
    logTypes: string[];
    logGroupName: string;
    logRetentionDays: number;
  };
  nodes: {
    instanceType: string;
    min: number;
    desired: number;
    max: number;
    diskGb: number;
    amiType: string;
  };
  ebsCsi: { namespace: string; serviceAccount: string };
  storageClass: {
    name: string;
    isDefault: boolean;
    reclaimPolicy: "Retain" | "Delete";
    parameters: Record<string, string>;
  };
  database: DatabasePlan;
  objectStore: ObjectStorePlan;
  exposure: ExposureOffer;
  capacity?: CapacityOffer;
}

interface ProfileDefaults {
  nodes: { instanceType: string; min: number; desired: number; max: number };
  database: { instanceClass: string; storageGb: number; backupRetentionDays: number; multiAz: boolean };
  natGateways: "single" | "per-zone";
}

/** dev: two general-purpose nodes, a single-AZ database; ha: one node per zone at least, Multi-AZ database. */
export const profileDefaults: Record<TargetContext["profile"], ProfileDefaults> = {
  dev: {
    nodes: { instanceType: "m6i.xlarge", min: 2, desired: 2, max: 4 },
    database: { instanceClass: "db.t4g.medium", storageGb: 20, backupRetentionDays: 7, multiAz: false },
    natGateways: "single",
  },
  ha: {
    nodes: { instanceType: "m6i.2xlarge", min: 3, desired: 3, max: 9 },
    database: { instanceClass: "db.m6g.large", storageGb: 100, backupRetentionDays: 14, multiAz: true },
    natGateways: "per-zone",
  },
};

export const defaultKubernetesVersion = "1.33";
/** A bare major: RDS creates the current 15.x and auto minor upgrades keep it supported without a diff. */
export const defaultPostgresVersion = "15";
export const defaultVpcCidr = "10.0.0.0/16";
export const filestoreServiceAccount = { namespace: "egov", name: "egov-filestore" };

/** Network Load Balancer, internet-facing (providers/aws/annotations.ts). */
export const nlbAnnotations: Record<string, string> = lbAnnotations(false);

/** Regions whose first three zone letters are not a, b, c for every account. */
const zoneLetters: Record<string, string[] | "account-specific"> = {
  "ap-northeast-1": ["a", "c", "d"],
  "ca-central-1": ["a", "b", "d"],
  "us-west-1": "account-specific",
};

const maxBaseNameLength = 27; // bucket prefixes stop at 37 characters: "<base>-filestore-"

/** Build the plan; throws ConfigError listing every problem. */
export function planAws(cfg: AwsTargetConfig, ctx: TargetContext, env: AwsEnvironment): AwsPlan {
  const problems: string[] = [];
  const defaults = profileDefaults[ctx.profile];

  const region = cfg.region ?? env.defaultRegion ?? "";
  if (!region) problems.push(`digit:target.region: not set, and the stack has no aws:region either: set digit:target.region, e.g. ap-south-1`);
  const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";

  const baseName = cfg.name ?? defaultBaseName(ctx.stateTenantId, env.stack);
  if (cfg.name !== undefined && (cfg.name.length > maxBaseNameLength || !/^[a-z]/.test(cfg.name) || cfg.name.includes("--")))
    problems.push(
      `digit:target.name: got "${cfg.name}"; it names the EKS cluster, the RDS instance and the bucket prefix: ` +
        `use at most ${maxBaseNameLength} characters, starting with a letter, without "--"`,
    );

  const existing = cfg.existingCluster;
  if (existing)
    for (const key of ["vpcCidr", "availabilityZones", "natGateways", "nodes", "kubernetesVersion", "endpoint"] as const)
      if (cfg[key] !== undefined)
        problems.push(`digit:target.${key}: applies to a cluster the target creates, not to existingCluster ${existing.name}: remove it (the cluster keeps its own)`);
  const warnings: string[] = [];
  const accessEntries = planAccessEntries(cfg, partition, problems);

  const zones = existing ? [] : planZones(cfg, ctx, region, problems);
  const network = planNetwork(cfg, zones, problems);
  const nodes = planNodes(cfg, ctx, defaults, problems);

  const endpointPublic = cfg.endpoint?.public ?? true;
  if (!endpointPublic && cfg.endpoint?.publicCidrs)
    problems.push(`digit:target.endpoint.publicCidrs: given while endpoint.public is false; remove it or set public: true`);
  const publicCidrs = endpointPublic ? (cfg.endpoint?.publicCidrs ?? ["0.0.0.0/0"]) : undefined;
  if (!existing && publicCidrs?.includes("0.0.0.0/0"))
    warnings.push(
      `digit:target.endpoint.publicCidrs: the EKS API server is reachable from the whole internet (0.0.0.0/0; credentials are still needed): ` +
        `list the CI runners' and administrators' addresses, or set endpoint.public: false and run pulumi up from inside the VPC`,
    );

  if (cfg.exposure?.mode === "LoadBalancer" && cfg.exposure.loadBalancerIP !== undefined)
    problems.push(
      `digit:target.exposure.loadBalancerIP: AWS load balancers take no fixed IP; remove it and, for fixed addresses, ` +
        `add the annotation service.beta.kubernetes.io/aws-load-balancer-eip-allocations with one Elastic IP allocation per zone`,
    );

  const exposure = planExposure(cfg, problems);
  if (problems.length) throw new ConfigError(problems);

  const per = allocatablePerNode(nodes.instanceType);
  return {
    warnings,
    existing: existing ? { name: existing.name, databaseSubnetIds: existing.databaseSubnetIds, createOidcProvider: existing.createOidcProvider } : undefined,
    accessEntries,
    kubeconfigAuth: { ...(env.profile ? { profile: env.profile } : {}), ...(env.roleArn ? { roleArn: env.roleArn } : {}) },
    region,
    partition,
    baseName,
    tags: { project: "digit", "state-tenant-id": ctx.stateTenantId, stack: env.stack, "managed-by": "pulumi" },
    protect: ctx.protect,
    kms: { alias: `alias/${baseName}`, deletionWindowDays: ctx.protect ? 30 : 7 },
    network: { ...network, natGateways: cfg.natGateways ?? defaults.natGateways },
    cluster: {
      name: baseName,
      version: cfg.kubernetesVersion ?? defaultKubernetesVersion,
      endpointPrivateAccess: true,
      endpointPublicAccess: endpointPublic,
      publicAccessCidrs: publicCidrs,
      serviceCidr: network.serviceCidr,
      logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      logGroupName: `/aws/eks/${baseName}/cluster`,
      logRetentionDays: 90,
    },
    nodes,
    ebsCsi: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" },
    // Default class: EKS 1.30+ marks no class default, so PVCs of third-party charts that name no class would stay Pending.
    // An existing cluster keeps its own classes (and its default): DIGIT's is added beside them.
    storageClass: {
      name: existing ? "digit-gp3" : "gp3",
      isDefault: !existing,
      reclaimPolicy: ctx.protect ? "Retain" : "Delete",
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
    },
    database: planDatabase(cfg, ctx, defaults, baseName),
    objectStore: planObjectStore(cfg, ctx, baseName),
    exposure,
    capacity: existing
      ? existing.capacity && {
          nodes: existing.capacity.nodes,
          cpuMillis: existing.capacity.nodes * millicores(existing.capacity.cpuPerNode),
          memoryMiB: existing.capacity.nodes * mebibytes(existing.capacity.memoryPerNode),
        }
      : per
        ? { nodes: nodes.desired, cpuMillis: nodes.desired * per.cpuMillis, memoryMiB: nodes.desired * per.memoryMiB }
        : undefined,
  };
}

/** Access entries from config: IAM principals of the stack's partition, each once. */
function planAccessEntries(cfg: AwsTargetConfig, partition: string, problems: string[]): AccessEntryPlan[] {
  const seen = new Map<string, number>();
  return (cfg.accessEntries ?? []).map((e, i) => {
    const key = `digit:target.accessEntries[${i}]`;
    const part = e.principalArn.split(":")[1];
    if (part !== partition) problems.push(`${key}.principalArn: "${e.principalArn}" is in partition ${part}, the region's is ${partition}: give a principal of this partition`);
    if (seen.has(e.principalArn)) problems.push(`${key}.principalArn: already granted by accessEntries[${seen.get(e.principalArn)}]; one entry per principal (EKS keeps one)`);
    seen.set(e.principalArn, i);
    return {
      principalArn: e.principalArn,
      policyArn: `arn:${partition}:eks::aws:cluster-access-policy/${eksAccessPolicies[e.policy]}`,
      scope: e.namespaces ? { type: "namespace", namespaces: e.namespaces } : { type: "cluster" },
    };
  });
}

/** `digit-<tenant>-<stack>`, lower-cased, only letters, digits and single dashes, short enough for every AWS name. */
export function defaultBaseName(stateTenantId: string, stack: string): string {
  const clean = `digit-${stateTenantId}-${stack}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-");
  return clean.slice(0, maxBaseNameLength).replace(/-+$/, "");
}

function planZones(cfg: AwsTargetConfig, ctx: TargetContext, region: string, problems: string[]): string[] {
  const given = cfg.availabilityZones;
  let names: string[];
  if (Array.isArray(given)) {
    names = given;
    names.forEach((z, i) => {
      if (region && !new RegExp(`^${region}[a-z]$`).test(z))
        problems.push(`digit:target.availabilityZones[${i}]: "${z}" is not a zone of ${region}; use names such as ${region}a`);
    });
    if (new Set(names).size !== names.length) problems.push(`digit:target.availabilityZones: a zone is listed twice: ${JSON.stringify(names)}`);
  } else {
    const count = given ?? 3;
    const letters = zoneLetters[region] ?? ["a", "b", "c"];
    if (letters === "account-specific") {
      problems.push(`digit:target.availabilityZones: zone names of ${region} differ between accounts: list them, e.g. ["${region}b", "${region}c"]`);
      names = [];
    } else names = letters.slice(0, count).map((l) => `${region}${l}`);
  }
  if (ctx.profile === "ha" && names.length > 0 && names.length < 3)
    problems.push(`digit:target.availabilityZones: the ha profile spreads nodes and the database over 3 zones; got ${names.length}: give 3 or use the dev profile`);
  return names;
}

function planNetwork(cfg: AwsTargetConfig, zones: string[], problems: string[]): { vpcCidr: string; zones: ZonePlan[]; serviceCidr: string } {
  const vpcText = cfg.vpcCidr ?? defaultVpcCidr;
  const vpc = parseCidr(vpcText);
  if (vpc.bits < 16 || vpc.bits > 19) {
    problems.push(`digit:target.vpcCidr: got "${vpcText}"; expected a /16 to /19 block (pods take VPC addresses; AWS allows no VPC larger than /16)`);
    return { vpcCidr: vpcText, zones: [], serviceCidr: "" };
  }
  // Three quarters for private subnets (nodes and pods), the last quarter's first blocks for public ones.
  const publicQuarter = subnet(vpc, vpc.bits + 2, 3);
  const planned = zones.map((name, i) => ({
    name,
    privateCidr: formatCidr(subnet(vpc, vpc.bits + 2, i)),
    publicCidr: formatCidr(subnet(publicQuarter, vpc.bits + 6, i)),
  }));
  const serviceCidr = ["172.20.0.0/16", "10.100.0.0/16"].find((c) => !overlaps(parseCidr(c), vpc));
  if (!serviceCidr) problems.push(`digit:target.vpcCidr: "${vpcText}" overlaps both Kubernetes service ranges 172.20.0.0/16 and 10.100.0.0/16: pick another block`);
  return { vpcCidr: vpcText, zones: planned, serviceCidr: serviceCidr ?? "" };
}

/** Graviton families (an Arm "g" in the suffix: m6g, c7gn, r8g, t4g); DIGIT's images are built for x86_64 only. */
export function isArmInstanceType(instanceType: string): boolean {
  const m = /^[a-z]+[0-9]+([a-z-]*)\./.exec(instanceType);
  return !!m && m[1].split("-")[0].includes("g");
}

function planNodes(cfg: AwsTargetConfig, ctx: TargetContext, defaults: ProfileDefaults, problems: string[]): AwsPlan["nodes"] {
  const n = cfg.nodes ?? {};
  const d = defaults.nodes;
  const instanceType = n.instanceType ?? d.instanceType;
  const min = n.min ?? Math.min(d.min, n.desired ?? d.min, n.max ?? d.min);
  const desired = n.desired ?? Math.min(Math.max(d.desired, min), n.max ?? Infinity);
  const max = n.max ?? Math.max(d.max, desired);
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType))
    problems.push(`digit:target.nodes.instanceType: got "${instanceType}"; expected an EC2 instance type such as m6i.xlarge`);
  else if (isArmInstanceType(instanceType))
    problems.push(`digit:target.nodes.instanceType: got "${instanceType}", an Arm (Graviton) type; DIGIT's images are built for x86_64: use e.g. m6i.xlarge`);
  if (ctx.profile === "ha" && min < 3)
    problems.push(`digit:target.nodes: the ha profile needs at least 3 nodes (one per zone); got min ${min}, desired ${desired}: raise them or use the dev profile`);
  if (min > desired || desired > max) problems.push(`digit:target.nodes: expected min <= desired <= max; got min ${min}, desired ${desired}, max ${max}`);
  return { instanceType, min, desired, max, diskGb: 100, amiType: "AL2023_x86_64_STANDARD" };
}

function planDatabase(cfg: AwsTargetConfig, ctx: TargetContext, defaults: ProfileDefaults, baseName: string): DatabasePlan {
  const db = cfg.database;
  if (db?.mode === "in-cluster") return { mode: "in-cluster" };
  const d = defaults.database;
  const engineVersion = db?.version ?? defaultPostgresVersion;
  const major = engineVersion.split(".")[0];
  const instanceClass = db?.instanceClass ?? d.instanceClass;
  const allocated = db?.storageGb ?? d.storageGb;
  const identifier = `${baseName}-postgres`;
  return {
    mode: "managed",
    identifier,
    engineVersion,
    family: `postgres${major}`,
    instanceClass,
    allocatedStorageGb: allocated,
    maxAllocatedStorageGb: allocated * 5,
    backupRetentionDays: db?.backupRetentionDays ?? d.backupRetentionDays,
    multiAz: ctx.profile === "ha",
    deletionProtection: ctx.protect,
    skipFinalSnapshot: !ctx.protect,
    finalSnapshotIdentifier: ctx.protect ? `${identifier}-final` : undefined,
    // Performance Insights does not run on the micro and small classes.
    performanceInsights: !/\.(micro|small)$/.test(instanceClass),
    username: "digitadmin",
    dbName: "egov",
    port: 5432,
    parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
    logExports: ["postgresql", "upgrade"],
  };
}

function planObjectStore(cfg: AwsTargetConfig, ctx: TargetContext, baseName: string): ObjectStorePlan {
  const os = cfg.objectStore;
  if (os?.mode === "minio") return { mode: "minio" };
  return {
    mode: "bucket",
    bucket: os?.bucket,
    bucketPrefix: os?.bucket ? undefined : `${baseName}-filestore-`,
    encryption: os?.encryption ?? "kms",
    // A versioned bucket cannot be deleted while it holds versions; only throw-away stacks may empty it.
    forceDestroy: !ctx.protect,
    noncurrentVersionExpirationDays: 90,
    serviceAccount: filestoreServiceAccount,
  };
}

function planExposure(cfg: AwsTargetConfig, problems: string[]): ExposureOffer {
  const e = cfg.exposure;
  if (e?.mode === "NodePort") return { mode: "NodePort", httpPort: e.httpPort, httpsPort: e.httpsPort, ...(e.clientIp ? { clientIp: e.clientIp } : {}) };
  const user = e?.annotations ?? {};
  problems.push(...annotationProblems(user));
  if (e?.clientIp?.mode === "proxy-protocol")
    problems.push(
      `digit:target.exposure.clientIp.mode: proxy-protocol needs EKS's built-in controller at cloud-provider-aws v1.33.3 or later to switch it on for an NLB; ` +
        `the NLB already keeps client addresses with mode direct (the default): use that`,
    );
  return { mode: "LoadBalancer", annotations: { ...lbAnnotations(e?.internal ?? false), ...user }, ...(e?.clientIp ? { clientIp: e.clientIp } : {}) };
}
