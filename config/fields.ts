import { z } from "zod";

/** Schemas shared by several parts of the `digit` namespace (targets, backbone, services). */

/** Kubernetes resource quantity such as `500m`, `2`, `512Mi`, `20Gi`. */
export const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, "expected a Kubernetes quantity such as 500m, 2, 512Mi or 20Gi");

export const dnsName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "expected a lower-case DNS name such as digit.punjab.gov.in");

export const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a lower-case Kubernetes name (letters, digits, '-')");

export const port = z.number().int().min(1).max(65535);
export const nodePort = z.number().int().min(30000).max(32767);

/** StorageClass names per tier. */
export const storageClasses = z
  .object({
    fast: z.string().min(1).optional().describe("StorageClass for databases and brokers"),
    standard: z.string().min(1).optional().describe("StorageClass for everything else"),
    shared: z.string().min(1).optional().describe("ReadWriteMany StorageClass (NFS, Azure Files, EFS, Filestore)"),
  })
  .strict();

/** A pre-created PersistentVolume (iSCSI, NFS, local) that one claim of the platform binds to. */
export const staticVolume = z
  .object({
    for: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe("which claim binds it: <component>-<ordinal>, e.g. postgres-0, kafka-1, elasticsearch-data-2, minio-0"),
    volumeName: k8sName.describe("the PersistentVolume's name in the cluster"),
    size: quantity.describe("the volume's capacity; a claim larger than this is a config error"),
  })
  .strict();

export const storage = z
  .object({
    classes: storageClasses.optional(),
    staticVolumes: z.array(staticVolume).optional().describe("pre-created PersistentVolumes the platform's claims bind to"),
  })
  .strict();

export const externalDatabase = z
  .object({
    mode: z.literal("external"),
    host: z.string().min(1),
    port: port.default(5432),
    name: z.string().min(1).default("egov"),
    username: z.string().min(1),
    password: z
      .string()
      .min(1)
      .describe("set with: pulumi config set --secret --path 'digit:target.database.password' <value>"),
    sslMode: z.enum(["disable", "prefer", "require", "verify-full"]).default("require"),
  })
  .strict();

export const inClusterDatabase = z.object({ mode: z.literal("in-cluster") }).strict();
export const database = z.discriminatedUnion("mode", [inClusterDatabase, externalDatabase]);

export const objectStore = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("minio") }).strict(),
  z
    .object({
      mode: z.literal("nfs"),
      server: z.string().min(1),
      path: z.string().startsWith("/"),
    })
    .strict(),
  z
    .object({
      mode: z.literal("s3"),
      bucket: z.string().min(3),
      endpoint: z.string().url().optional().describe("an S3-compatible endpoint (e.g. a state's Ceph RGW); empty for AWS"),
      region: z.string().default("ap-south-1"),
      accessKey: z.string().min(1).describe("set with --secret"),
      secretKey: z.string().min(1).describe("set with --secret"),
    })
    .strict(),
]);

export const exposure = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("NodePort"),
      httpPort: nodePort.default(32080),
      httpsPort: nodePort.default(32443),
    })
    .strict(),
  z
    .object({
      mode: z.literal("LoadBalancer"),
      loadBalancerIP: z.string().optional().describe("a reserved IPv4 address for the edge's load balancer"),
      annotations: z.record(z.string(), z.string()).optional().describe("annotations of the edge's LoadBalancer Service (cloud load balancer settings)"),
    })
    .strict(),
]);

export const registry = z
  .object({
    mirror: z
      .string()
      .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "expected a registry prefix such as registry.state.example/egovio")
      .describe("replaces DIGIT's `egovio` prefix and every third-party registry"),
    pullSecret: z.string().min(1).optional().describe("name of an existing docker-registry Secret; it must exist in every DIGIT namespace"),
    dockerConfigJson: z.string().min(1).optional().describe("or: the .dockerconfigjson content, set with --secret"),
    chartRepository: z
      .string()
      .regex(/^(oci|https?):\/\/\S+$/, "expected a chart repository URL such as oci://harbor.state.example/charts or https://charts.state.example")
      .optional()
      .describe("a Helm chart repository mirror (OCI or HTTP) for third-party charts; a user and password in the URL are its login (set it with --secret)"),
  })
  .strict();

export const proxy = z
  .object({
    http: z.string().url().optional().describe("HTTP_PROXY for pods that leave the cluster"),
    https: z.string().url().optional().describe("HTTPS_PROXY for pods that leave the cluster"),
    noProxy: z.array(z.string()).default([]).describe("hosts and CIDRs reached directly; cluster names are always added"),
  })
  .strict();

export const capacity = z
  .object({
    nodes: z.number().int().min(1).describe("worker nodes DIGIT may use"),
    cpuPerNode: quantity.describe("allocatable CPU of one node"),
    memoryPerNode: quantity.describe("allocatable memory of one node"),
  })
  .strict();

