import { z } from "zod";
import { cloudCommonFields, cloudDatabase } from "./cloud";
import { ipv4Cidr, numberOrText } from "../fields";

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
    public: z.boolean().default(true).describe("reach the EKS API from outside the VPC (pulumi from a workstation or CI)"),
    publicCidrs: z.array(ipv4Cidr).min(1).optional().describe("who may reach the public endpoint; default 0.0.0.0/0"),
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
    database: awsDatabase.optional(),
    objectStore: awsObjectStore.optional(),
  })
  .strict();
export type AwsTargetConfig = z.output<typeof awsTarget>;
