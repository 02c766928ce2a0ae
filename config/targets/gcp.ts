import { z } from "zod";
import { ipv4Cidr, storageClasses } from "../fields";
import { cloudCommonFields } from "./cloud";

const cidr = ipv4Cidr;
const zone = z.string().regex(/^[a-z]+-[a-z]+[0-9]+-[a-z]$/, "expected a GCP zone such as asia-south1-a");

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
      .describe("CIDRs allowed to reach the control plane's public endpoint; default: any (credentials still required)"),
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
