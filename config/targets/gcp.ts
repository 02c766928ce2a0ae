import { z } from "zod";
import { ipv4Cidr, quantity, storageClasses } from "../fields";
import { cloudCommonFields } from "./cloud";

const cidr = ipv4Cidr;
const zone = z.string().regex(/^[a-z]+-[a-z]+[0-9]+-[a-z]$/, "expected a GCP zone such as asia-south1-a");

const endpointAccess = z
  .object({
    public: z
      .boolean()
      .default(true)
      .describe("keep the control plane's public endpoint; false: private endpoint only, so `pulumi up` must run inside the VPC or a network joined to it"),
    publicCidrs: z.array(cidr).min(1).optional().describe("who may reach the public endpoint (authorized networks); default any, with a warning in the plan"),
  })
  .strict();

/** A GKE cluster the state already runs: the target adds DIGIT's database, bucket and identities to it. */
const existingCluster = z
  .object({
    name: z.string().regex(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/, "expected a GKE cluster name: at most 40 lower-case letters, digits and '-', starting with a letter").describe("the GKE cluster's name"),
    location: z
      .string()
      .regex(/^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/, "expected a region (asia-south1) or a zone (asia-south1-a)")
      .describe("the cluster's region (regional cluster) or zone (zonal cluster)"),
    network: z
      .string()
      .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a VPC network name such as default")
      .optional()
      .describe("the cluster's VPC network, which Cloud SQL's private IP joins; required with database mode managed"),
    privateServiceAccess: z
      .enum(["create", "existing"])
      .default("create")
      .describe("create the VPC's private service access for Cloud SQL, or use the one it has (a VPC has one servicenetworking connection); default create"),
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

/** GCP: a VPC, a private GKE cluster with one node pool, Cloud SQL for PostgreSQL, a GCS bucket. */
export const gcpTarget = z
  .object({
    kind: z.literal("gcp"),
    ...cloudCommonFields,
    project: z
      .string()
      .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "expected a GCP project id such as pb-digit-prod")
      .optional()
      .describe("GCP project id; default: the gcp:project config"),
    zone: zone.optional().describe("zone of the dev profile's zonal cluster; default: the region's first zone"),
    zones: z
      .array(zone)
      .min(1)
      .optional()
      .describe("zones of the ha profile's regional node pool; default: three zones GKE picks in the region"),
    networkCidr: cidr.optional().describe("primary range of the nodes' subnet; default 10.10.0.0/20"),
    podsCidr: cidr.optional().describe("secondary range for pods; default 10.16.0.0/14"),
    servicesCidr: cidr.optional().describe("secondary range for Services; default 10.20.0.0/20"),
    controlPlaneCidr: cidr.optional().describe("/28 range of the GKE control plane's private endpoint; default 172.16.0.0/28"),
    authorizedNetworks: z
      .array(cidr)
      .optional()
      .describe("CIDRs allowed to reach the control plane's public endpoint (the same as endpoint.publicCidrs); default: any (credentials still required)"),
    endpoint: endpointAccess.optional(),
    existingCluster: existingCluster.optional().describe("use this GKE cluster (and its VPC) instead of creating one; default: create"),
    storage: z
      .object({
        classes: storageClasses.optional(),
        filestore: z
          .boolean()
          .default(false)
          .describe("enable GKE's Filestore CSI driver and offer its standard-rwx class as the shared (ReadWriteMany) tier"),
      })
      .strict()
      .optional(),
    objectStore: z
      .object({
        mode: z.enum(["bucket", "minio"]).default("bucket"),
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/, "expected a GCS bucket name (3-63 lower-case letters, digits, '-', '_')")
          .optional()
          .describe("bucket name; default: generated from the target's name"),
        kmsKeyName: z
          .string()
          .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, "expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>")
          .optional()
          .describe("Cloud KMS key for the bucket (CMEK); the project's Cloud Storage service agent needs roles/cloudkms.cryptoKeyEncrypterDecrypter on it"),
      })
      .strict()
      .optional(),
    enableApis: z
      .boolean()
      .default(true)
      .describe("enable the Google APIs the target uses (compute, container, sqladmin, servicenetworking, iam); never disabled on destroy"),
  })
  .strict();
export type GcpTargetConfig = z.output<typeof gcpTarget>;
