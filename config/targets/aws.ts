import { z } from "zod";
import { cloudCommonFields, cloudDatabase } from "./cloud";
import { ipv4Cidr, numberOrText, quantity } from "../fields";

export { ipv4Cidr };

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+$/, "expected an AWS region such as ap-south-1");
const zoneName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$/, "expected an availability zone name such as ap-south-1a");

/** RDS for PostgreSQL settings: only majors DIGIT is tested on; a bare major lets RDS pick its current minor. */
const awsDatabase = z
  .object({
    ...cloudDatabase.shape,
    version: numberOrText(
      z.string().regex(/^(14|15|16)(\.[0-9]+)?$/, "expected a PostgreSQL major 14, 15 or 16, optionally with a minor (15.10)"),
      "expected a PostgreSQL major 14, 15 or 16, optionally with a minor (15.10)",
    )
      .optional()
      .describe("RDS PostgreSQL engine version; default 15 (RDS picks the current 15.x, auto minor upgrades on)"),
    instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, "expected an RDS instance class such as db.m6g.large").optional(),
  })
  .strict();

const awsObjectStore = z
  .object({
    mode: z.enum(["bucket", "minio"]).default("bucket"),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name: 3-63 lower-case letters, digits, '.', '-'")
      .optional()
      .describe("the S3 bucket's name (globally unique); default: generated from the target's name"),
    encryption: z.enum(["kms", "aes256"]).default("kms").describe("server-side encryption: the target's KMS key, or S3-managed AES256"),
  })
  .strict();

const endpointAccess = z
  .object({
    public: z
      .boolean()
      .default(true)
      .describe("reach the EKS API from outside the VPC; false: private only, so `pulumi up` must run inside the VPC or a network joined to it"),
    publicCidrs: z.array(ipv4Cidr).min(1).optional().describe("who may reach the public endpoint; default 0.0.0.0/0, with a warning in the plan"),
  })
  .strict();

/** An IAM role or user (not an STS assumed-role session) that EKS can map to Kubernetes access. */
const principalArn = z
  .string()
  .superRefine((v, ctx) => {
    if (/^arn:aws(-cn|-us-gov)?:sts::[0-9]{12}:assumed-role\/([^/]+)\//.test(v)) {
      const [, part, account, role] = /^arn:(aws(?:-cn|-us-gov)?):sts::([0-9]{12}):assumed-role\/([^/]+)\//.exec(v)!;
      ctx.addIssue({ code: "custom", message: `an assumed-role session, which EKS cannot grant; give the role itself: arn:${part}:iam::${account}:role/${role}` });
    } else if (!/^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)\/[\w+=,.@/-]{1,512}$/.test(v))
      ctx.addIssue({ code: "custom", message: "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/digit-ci" });
  });

/** EKS access policies (arn:<partition>:eks::aws:cluster-access-policy/<name>) by what they allow. */
export const eksAccessPolicies = {
  "cluster-admin": "AmazonEKSClusterAdminPolicy",
  admin: "AmazonEKSAdminPolicy",
  edit: "AmazonEKSEditPolicy",
  view: "AmazonEKSViewPolicy",
} as const;

const accessEntry = z
  .object({
    principalArn: principalArn.describe("the IAM role or user, e.g. the state's CI role or its administrators' SSO role"),
    policy: z
      .enum(Object.keys(eksAccessPolicies) as [keyof typeof eksAccessPolicies, ...Array<keyof typeof eksAccessPolicies>])
      .default("cluster-admin")
      .describe("cluster-admin (AmazonEKSClusterAdminPolicy), admin, edit or view; default cluster-admin"),
    namespaces: z
      .array(z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a namespace name"))
      .min(1)
      .optional()
      .describe("limit admin, edit or view to these namespaces; default the whole cluster"),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.policy === "cluster-admin" && e.namespaces)
      ctx.addIssue({ code: "custom", path: ["namespaces"], input: e.namespaces, message: "cluster-admin is granted on the whole cluster; use policy admin, edit or view for namespaces" });
  });

/** An EKS cluster the state already runs: the target adds DIGIT's database, bucket, identities and storage class to it. */
const existingCluster = z
  .object({
    name: z
      .string()
      .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, "expected an EKS cluster name: 1-100 letters, digits, '-' and '_', starting with a letter or digit")
      .describe("the EKS cluster's name in the target's region"),
    databaseSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "expected a subnet id such as subnet-0a1b2c3d4e5f67890"))
      .min(2)
      .optional()
      .describe("private subnets (two zones at least) for the RDS instance; default: the cluster's own subnets"),
    createOidcProvider: z
      .boolean()
      .default(false)
      .describe("create the cluster's IAM OIDC provider (IRSA); default false: it exists already (eksctl utils associate-iam-oidc-provider)"),
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

export const awsTarget = z
  .object({
    kind: z.literal("aws"),
    ...cloudCommonFields,
    region: awsRegion.optional().describe("AWS region of every resource; default: the aws:region config"),
    vpcCidr: ipv4Cidr.optional().describe("the VPC's CIDR, /16 to /19; default 10.0.0.0/16"),
    availabilityZones: z
      .union([z.number().int().min(2).max(3), z.array(zoneName).min(2).max(3)], {
        error: "expected 2 or 3, or a list of 2-3 zone names such as [ap-south-1a, ap-south-1b, ap-south-1c]",
      })
      .optional()
      .describe("how many zones (names derived from the region), or their names; default 3"),
    natGateways: z.enum(["single", "per-zone"]).optional().describe("NAT gateways: default single for dev, per-zone for ha"),
    endpoint: endpointAccess.optional(),
    accessEntries: z
      .array(accessEntry)
      .optional()
      .describe("IAM roles and users given Kubernetes access through EKS access entries, besides whoever runs `pulumi up`; default none"),
    existingCluster: existingCluster.optional().describe("use this EKS cluster (and its VPC) instead of creating one; default: create"),
    database: awsDatabase.optional(),
    objectStore: awsObjectStore.optional(),
  })
  .strict();
export type AwsTargetConfig = z.output<typeof awsTarget>;
