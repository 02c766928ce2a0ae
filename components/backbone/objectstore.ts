import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreOffer } from "../../providers/target";
import type { EnvSource } from "../services/spec";
import { namespaces } from "../namespaces";
import { backboneServiceNames } from "./endpoints";

/**
 * The object store as DIGIT's egov-filestore and the platform's backups see it: the target's
 * bucket (s3, azure-blob, gcs) or MinIO in-cluster. Pure functions only.
 */

/** MinIO's API port and in-cluster URL. */
export const minioPort = 9000;
export const minioUrl = `http://${backboneServiceNames.minio}.${namespaces.backbone}:${minioPort}`;

/** Secret egov-filestore (namespace egov): the object store keys DIGIT reads (components/config/shared-config.ts). */
export const filestoreSecret = { name: "egov-filestore", accessKey: "awskey", secretKey: "awssecretkey" } as const;

/** ConfigMap (namespace egov) holding the target's bucket settings that are only known at deploy time. */
export const filestoreStorageConfigMap = "egov-filestore-storage";

/** The bucket egov-filestore writes to on MinIO (digit:backbone.objectStore.bucket). */
export function minioBucket(bucket: string | undefined): string {
  return bucket ?? "egov-filestore";
}

/** Buckets the platform creates on MinIO: egov-filestore's, and egov-config's s3-assets-bucket. */
export function minioBuckets(bucket: string | undefined): string[] {
  return [...new Set([minioBucket(bucket), "egov-assets"])];
}

/** Name of the storage account in a blob endpoint such as https://pbdigit.blob.core.windows.net/. */
export function azureAccountName(endpoint: string): string {
  return new URL(endpoint).hostname.split(".")[0];
}

type CloudStore = Extract<ObjectStoreOffer, { bucket: unknown }>;

/** The S3-compatible endpoint egov-filestore's MinIO client talks to (GCS through its XML interoperability API). */
function s3Endpoint(os: CloudStore): pulumi.Input<string> {
  if (os.endpoint) return os.endpoint;
  if (os.mode === "gcs") return "https://storage.googleapis.com";
  return typeof os.region === "string" ? `https://s3.${os.region}.amazonaws.com` : pulumi.interpolate`https://s3.${os.region ?? "us-east-1"}.amazonaws.com`;
}

/** The settings of a cloud bucket that may be Outputs, as ConfigMap data (undefined when all are plain strings). */
export function filestoreStorageData(os: ObjectStoreOffer): Record<string, pulumi.Input<string>> | undefined {
  if (os.mode === "minio") return undefined;
  const data: Record<string, pulumi.Input<string>> = { bucket: os.bucket, region: os.region ?? "us-east-1" };
  if (os.mode === "azure-blob") {
    if (!os.endpoint) throw new Error("the azure-blob object store offers no endpoint: the target must give the storage account's blob endpoint");
    data.account = typeof os.endpoint === "string" ? azureAccountName(os.endpoint) : pulumi.output(os.endpoint).apply(azureAccountName);
  } else data.endpoint = s3Endpoint(os);
  return Object.values(data).some((v) => typeof v !== "string") ? data : undefined;
}

/** A literal when the value is known now, else a reference to the storage ConfigMap. */
function literalOrRef(name: string, value: pulumi.Input<string>, key: string): EnvSource {
  return typeof value === "string" ? { name, value } : { name, configMap: filestoreStorageConfigMap, key };
}

const secretEnv = (name: string, key: string, optional: boolean): EnvSource => ({ name, secret: filestoreSecret.name, key, ...(optional ? { optional: true } : {}) });

export interface FilestoreEnvOptions {
  /** MinIO bucket (digit:backbone.objectStore.bucket); default egov-filestore */
  minioBucket?: string;
  /** DIGIT's public URL, for NFS-served file links (disk.storage.host.url); default none */
  publicUrl?: string;
}

/**
 * egov-filestore's env for the place's object store, in the property names its LTS image reads
 * (Digit-Core 237578ce80, egov-filestore: MinioConfig, AzureBlobStorageImpl, application.properties):
 * - S3 and S3-compatible stores, MinIO and GCS (XML API): `isS3Enabled`, `minio.url`, `aws.key`,
 *   `aws.secretkey`, `fixed.bucketname`, `fixed.bucket.region`, through a MinIO client that signs
 *   with those static keys (no IAM roles or workload identity);
 * - Azure Blob: `isAzureStorageEnabled`, `azure.accountName`, `azure.accountKey`,
 *   `fixed.container.name`, signed with the account key.
 * The image has no disk-storage path. Keys come from Secret egov-filestore; eGov's values
 * (FIXED_BUCKETNAME, the demo keys) are replaced.
 */
export function filestoreEnv(objectStore: ObjectStoreOffer, options: FilestoreEnvOptions = {}): EnvSource[] {
  const os = objectStore;
  const keys = [secretEnv("AWS_KEY", filestoreSecret.accessKey, false), secretEnv("AWS_SECRETKEY", filestoreSecret.secretKey, false)];
  switch (os.mode) {
    case "minio":
      return [
        { name: "ISS3ENABLED", value: "true" },
        { name: "ISAZURESTORAGEENABLED", value: "false" },
        { name: "MINIO_URL", value: `${minioUrl}/` },
        { name: "FIXED_BUCKETNAME", value: minioBucket(options.minioBucket) },
        // MinIO's default region; the client signs for it.
        { name: "FIXED_BUCKET_REGION", value: "us-east-1" },
        ...keys,
      ];
    case "azure-blob": {
      const data = filestoreStorageData(os);
      return [
        { name: "ISS3ENABLED", value: "false" },
        { name: "ISAZURESTORAGEENABLED", value: "true" },
        { name: "AZURE_DEFAULTENDPOINTSPROTOCOL", value: "https" },
        literalOrRef("AZURE_ACCOUNTNAME", data?.account ?? azureAccountName(os.endpoint as string), "account"),
        { name: "IS_CONTAINER_FIXED", value: "true" },
        literalOrRef("FIXED_CONTAINER_NAME", os.bucket, "bucket"),
        secretEnv("AZURE_ACCOUNTKEY", filestoreSecret.secretKey, false),
      ];
    }
    default:
      // s3 and gcs: egov-filestore's MinIO client, against AWS, an S3-compatible store, or GCS's XML API.
      return [
        { name: "ISS3ENABLED", value: "true" },
        { name: "ISAZURESTORAGEENABLED", value: "false" },
        literalOrRef("MINIO_URL", s3Endpoint(os), "endpoint"),
        literalOrRef("FIXED_BUCKETNAME", os.bucket, "bucket"),
        literalOrRef("FIXED_BUCKET_REGION", os.mode === "gcs" ? "auto" : (os.region ?? "us-east-1"), "region"),
        ...keys,
      ];
  }
}

/** How a pod in namespace egov reaches the object store with rclone (backups): env, identity, volumes. */
export interface StoreAccess {
  /** RCLONE_CONFIG_STORE_* and the bucket (BACKUP_BUCKET) */
  env: EnvSource[];
  /** the ServiceAccount bound to the cloud identity (workload identity only) */
  serviceAccountName?: string;
  podLabels?: Record<string, string>;
  volumes: Record<string, any>[];
  mounts: Record<string, any>[];
}

/** ServiceAccount of egov-filestore in namespace egov: the cloud identity for the bucket binds to it. */
export const filestoreServiceAccount = "egov-filestore";

export function storeAccess(objectStore: ObjectStoreOffer, options: FilestoreEnvOptions = {}): StoreAccess {
  const os = objectStore;
  const v = (name: string, value: string): EnvSource => ({ name: `RCLONE_CONFIG_STORE_${name}`, value });
  const keys = (idName: string, secretName: string): EnvSource[] => [
    { name: `RCLONE_CONFIG_STORE_${idName}`, secret: filestoreSecret.name, key: filestoreSecret.accessKey },
    { name: `RCLONE_CONFIG_STORE_${secretName}`, secret: filestoreSecret.name, key: filestoreSecret.secretKey },
  ];
  const none = { volumes: [], mounts: [] };
  switch (os.mode) {
    case "minio":
      return {
        env: [v("TYPE", "s3"), v("PROVIDER", "Minio"), v("ENDPOINT", minioUrl), v("REGION", "us-east-1"), ...keys("ACCESS_KEY_ID", "SECRET_ACCESS_KEY"), { name: "BACKUP_BUCKET", value: minioBucket(options.minioBucket) }],
        ...none,
      };
    default: {
      const identity = os.credentials.mode === "workload-identity" ? os.credentials : undefined;
      const who = identity ? { serviceAccountName: filestoreServiceAccount, podLabels: identity.podLabels } : {};
      const bucket = literalOrRef("BACKUP_BUCKET", os.bucket, "bucket");
      if (os.mode === "azure-blob") {
        const data = filestoreStorageData(os);
        const account = literalOrRef("RCLONE_CONFIG_STORE_ACCOUNT", data?.account ?? azureAccountName(os.endpoint as string), "account");
        const auth = identity ? [v("ENV_AUTH", "true")] : [{ name: "RCLONE_CONFIG_STORE_KEY", secret: filestoreSecret.name, key: filestoreSecret.secretKey }];
        return { env: [v("TYPE", "azureblob"), account, ...auth, bucket], ...who, ...none };
      }
      if (os.mode === "gcs" && identity)
        return { env: [v("TYPE", "google cloud storage"), v("ENV_AUTH", "true"), v("BUCKET_POLICY_ONLY", "true"), bucket], ...who, ...none };
      // s3 (AWS or S3-compatible) and gcs with HMAC keys
      const provider = os.mode === "gcs" ? "GCS" : os.endpoint ? "Other" : "AWS";
      return {
        env: [
          v("TYPE", "s3"),
          v("PROVIDER", provider),
          ...(os.endpoint || os.mode === "gcs" ? [literalOrRef("RCLONE_CONFIG_STORE_ENDPOINT", s3Endpoint(os), "endpoint")] : []),
          literalOrRef("RCLONE_CONFIG_STORE_REGION", os.region ?? "us-east-1", "region"),
          ...(identity ? [v("ENV_AUTH", "true")] : keys("ACCESS_KEY_ID", "SECRET_ACCESS_KEY")),
          bucket,
        ],
        ...who,
        ...none,
      };
    }
  }
}
