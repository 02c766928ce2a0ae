import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

/**
 * The Target contract: where DIGIT runs and what that place offers. Components are written
 * against this interface only; no component imports a cloud SDK. A target never creates DIGIT
 * workloads.
 */
export type TargetKind = "aws" | "azure" | "gcp" | "sdc" | "nic";

/** Storage tiers, as StorageClass names, plus pre-created volumes that named claims bind to. */
export interface StorageOffer {
  /** StorageClass for databases and brokers (e.g. gp3, managed-csi-premium, an iSCSI class); undefined = the cluster's default class. */
  fast?: string;
  /** StorageClass for everything else; undefined = the cluster's default class. */
  standard?: string;
  /** ReadWriteMany class (NFS, EFS, Azure Files, Filestore), when the place has one; undefined = none (no shared tier). */
  shared?: string;
  /**
   * Pre-created PersistentVolumes, keyed by the claim they serve (`postgres-0`, `kafka-1`, ...).
   * The claim asks for the volume's size and names its storageClassName (default "", no class),
   * so a claim binds the volume as it is and never asks for a resize.
   */
  staticVolumes: Record<string, { volumeName: string; size: string; storageClassName?: string }>;
}

/** A database the place runs for DIGIT (managed or external), or none: run Postgres in-cluster. */
export type DatabaseOffer =
  | { mode: "in-cluster" }
  | {
      mode: "external";
      host: pulumi.Input<string>;
      port: number;
      database: string;
      username: pulumi.Input<string>;
      /** always a Pulumi secret */
      password: pulumi.Input<string>;
      sslMode: "disable" | "prefer" | "require" | "verify-full";
      /** PEM of the CA that signed the server's certificate (sslMode verify-full); default none */
      caCertificate?: string;
      /** whether the platform must create DIGIT's database and role itself (an admin login was given) */
      createDatabase: boolean;
    };

/** How pods reach a cloud bucket: a cloud identity bound to a Kubernetes service account, or keys. */
export type BucketCredentials =
  | { mode: "workload-identity"; serviceAccountAnnotations: Record<string, pulumi.Input<string>>; podLabels?: Record<string, string> }
  | { mode: "keys"; accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> };

export type ObjectStoreOffer =
  | { mode: "minio" }
  | {
      mode: "s3" | "azure-blob" | "gcs";
      bucket: pulumi.Input<string>;
      region?: pulumi.Input<string>;
      /** S3-compatible endpoint or the storage account's blob endpoint */
      endpoint?: pulumi.Input<string>;
      /** how the platform's own pods (backups) reach the bucket */
      credentials: BucketCredentials;
      /**
       * the static keys egov-filestore signs with: its LTS image has no other way (an S3/GCS
       * access key and secret for its MinIO client, or an Azure account name and key); cloud
       * targets create them, a bucket given with keys reuses those (Pulumi secrets)
       */
      signingKeys?: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> };
    };

/** How Envoy learns a client's address through the load balancer in front of it (config/fields.ts clientIp). */
export type ClientIpOffer =
  | { mode: "direct" }
  | { mode: "proxy-protocol" }
  | { mode: "x-forwarded-for"; trustedHops?: number; trustedCidrs?: string[] };

/** How traffic enters the cluster. */
export type ExposureOffer =
  | { mode: "LoadBalancer"; annotations: Record<string, string>; loadBalancerIP?: string; clientIp?: ClientIpOffer }
  | { mode: "NodePort"; httpPort: number; httpsPort: number; clientIp?: ClientIpOffer };

export interface RegistryOffer {
  /** replaces DIGIT's `egovio` prefix and third-party registries (air-gapped mirror); default: undefined = public registries */
  mirror?: string;
  /** name of the docker-registry Secret every namespace gets; default none (images pulled anonymously) */
  pullSecretName?: string;
  /** content for that Secret when the platform creates it (a Pulumi secret); default none */
  dockerConfigJson?: pulumi.Input<string>;
  /** where the state keeps that Secret when it gives only its name: the platform copies it into every namespace it creates; default none */
  pullSecretSource?: { namespace: string };
  /** Helm chart repository mirror for third-party charts; default none (each chart's public repository) */
  chartRepository?: string;
  /** the mirror's URL is itself secret (encrypted in the stack file): charts get it as a Pulumi secret; default false */
  chartRepositorySecret?: boolean;
}

export interface ProxyOffer {
  /** HTTP_PROXY of pods that leave the cluster, a URL with scheme and port; default none */
  http?: string;
  /** HTTPS_PROXY of pods that leave the cluster, a URL with scheme and port; default none */
  https?: string;
  /**
   * NO_PROXY: hosts, domain suffixes (`.example.gov.in`), addresses and CIDRs reached directly. The
   * platform adds the cluster's own names and every host it tells a service to call
   * (components/services/proxy.ts).
   */
  noProxy: string[];
  /** login at the proxy, both Pulumi secrets; the pods read them from a Secret; default none */
  credentials?: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  /** the URLs are Pulumi secrets (encrypted in the stack file): pods read them from the Secret digit-proxy, as with credentials; default false */
  secretUrls?: boolean;
}

/** Allocatable capacity of the nodes, when known. */
export interface CapacityOffer {
  /** how many nodes run DIGIT */
  nodes: number;
  /** allocatable CPU of all nodes together, millicores */
  cpuMillis: number;
  /** allocatable memory of all nodes together, MiB */
  memoryMiB: number;
}

export interface Target {
  /** which kind of place this is: `aws`, `azure`, `gcp`, `sdc`, `nic` */
  readonly kind: TargetKind;
  /** the target's name (digit:target.name, or derived from the stack) */
  readonly name: string;
  /** the provider every Kubernetes object of the platform uses */
  readonly provider: k8s.Provider;
  /** StorageClass per tier, or pre-created static volumes */
  readonly storage: StorageOffer;
  /** a managed PostgreSQL endpoint, or "run it in-cluster" */
  readonly database: DatabaseOffer;
  /** a bucket and how pods reach it, or "run MinIO in-cluster" */
  readonly objectStore: ObjectStoreOffer;
  /** how traffic enters the cluster: LoadBalancer, or NodePorts behind an external load balancer */
  readonly exposure: ExposureOffer;
  /** image registry mirror and pull secret (air-gapped places) */
  readonly registry: RegistryOffer;
  /** HTTP(S) proxy for pods that leave the cluster; default none */
  readonly proxy?: ProxyOffer;
  /** allocatable CPU and memory of the nodes; default unknown (the plan then skips the capacity check) */
  readonly capacity?: CapacityOffer;
  /** what components wait on before creating Kubernetes objects (cluster and nodes ready) */
  readonly readiness: pulumi.Resource[];
  /**
   * addresses (CIDRs) pods reach the Kubernetes API server at, when the place knows them: the
   * operators' and controllers' API egress is narrowed to these; default unknown (any address but link-local)
   */
  readonly apiServerCidrs?: readonly string[];
}

/** What every target factory is told besides its own config section. */
export interface TargetContext {
  /** sizing profile: `ha` asks for multi-AZ / zone-redundant / replicated services */
  profile: "dev" | "ha";
  /** protect and retain resources holding data (digit:backbone.protect) */
  protect: boolean;
  /** DIGIT's state tenant id, used in resource names and tags */
  stateTenantId: string;
  /** the public DNS name */
  domain: string;
  /** rotation counter of a generated database password (digit:security.rotation.database): a new value replaces the password, never the database; default 0 */
  databaseRotation?: number;
  /** rotation counter of egov-filestore's signing keys (digit:security.rotation.objectStore): a new value creates new keys and retires the old; default 0 */
  objectStoreRotation?: number;
}

/** Every module in providers/ (but target.ts and index.ts) exports one of these as `createTarget`. */
export type TargetFactory<C> = (name: string, config: C, context: TargetContext, opts?: pulumi.ComponentResourceOptions) => Target;
