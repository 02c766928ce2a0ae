import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreOffer } from "../providers/target";
import type { EnvSource } from "../components/services/spec";
import { filestoreEnv, filestoreStorageData, storeAccess } from "../components/backbone/objectstore";
import { findService } from "../components/services/catalog";
import { mergeEnv } from "../components/services/render";

/** egov-filestore's env for each object store the target may offer, and the backups' access to it. */

const env = (os: ObjectStoreOffer, opts = {}) => Object.fromEntries(filestoreEnv(os, opts).map((e) => [e.name, e]));
const val = (e: EnvSource | undefined) => (e && "value" in e ? e.value : undefined);

const s3Keys: ObjectStoreOffer = { mode: "s3", bucket: "pb-files", region: "ap-south-1", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } };
const s3Identity = (bucket: pulumi.Input<string>): ObjectStoreOffer => ({
  mode: "s3",
  bucket,
  region: "ap-south-1",
  credentials: { mode: "workload-identity", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/filestore" } },
});

describe("egov-filestore's settings from the object store (pure)", () => {
  // The property names egov-filestore 2.9 LTS reads (Digit-Core 237578ce80: MinioConfig, AzureBlobStorageImpl).
  it("every store switches exactly one of the image's two storage paths on (S3 or Azure Blob)", () => {
    const modes: ObjectStoreOffer[] = [
      { mode: "minio" },
      s3Keys,
      { mode: "gcs", bucket: "b", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } },
      { mode: "azure-blob", bucket: "filestore", endpoint: "https://pbdigit.blob.core.windows.net/", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } },
    ];
    for (const os of modes) {
      const e = env(os);
      const on = ["ISS3ENABLED", "ISAZURESTORAGEENABLED"].filter((k) => val(e[k]) === "true");
      assert.equal(on.length, 1, `${os.mode}: ${on.join(",")}`);
      assert.equal(e.ISNFSSTORAGEENABLED, undefined, "the LTS image has no disk storage");
    }
  });

  it("MinIO: the in-cluster endpoint (as eGov's env writes it), the platform's bucket, keys from Secret egov-filestore", () => {
    const e = env({ mode: "minio" });
    assert.equal(val(e.ISS3ENABLED), "true");
    assert.equal(val(e.MINIO_URL), "http://minio.backbone:9000/");
    assert.equal(val(e.FIXED_BUCKETNAME), "egov-filestore");
    assert.equal(val(e.FIXED_BUCKET_REGION), "us-east-1");
    assert.deepEqual(e.AWS_KEY, { name: "AWS_KEY", secret: "egov-filestore", key: "awskey" });
    assert.deepEqual(e.AWS_SECRETKEY, { name: "AWS_SECRETKEY", secret: "egov-filestore", key: "awssecretkey" });
    assert.equal(val(env({ mode: "minio" }, { minioBucket: "pb-docs" }).FIXED_BUCKETNAME), "pb-docs");
  });

  it("S3: the regional endpoint, the bucket and its region in fixed.bucket.region, the keys (never optional: the image signs with them)", () => {
    const e = env(s3Keys);
    assert.equal(val(e.MINIO_URL), "https://s3.ap-south-1.amazonaws.com");
    assert.equal(val(e.FIXED_BUCKETNAME), "pb-files");
    assert.equal(val(e.FIXED_BUCKET_REGION), "ap-south-1");
    assert.equal(e.AWS_REGION, undefined, "the image reads fixed.bucket.region, not AWS_REGION");
    assert.ok(!("optional" in e.AWS_KEY));
    assert.ok(!("optional" in env(s3Identity("pb")).AWS_KEY));
  });

  it("an S3-compatible store (a state's Ceph RGW): its own endpoint", () => {
    assert.equal(val(env({ ...s3Keys, endpoint: "https://rgw.pb-sdc.internal" } as ObjectStoreOffer).MINIO_URL), "https://rgw.pb-sdc.internal");
  });

  it("a bucket known only at deploy time is read from ConfigMap egov-filestore-storage", () => {
    const os = s3Identity(pulumi.output("pb-digit-prod-filestore"));
    const e = env(os);
    assert.deepEqual(e.FIXED_BUCKETNAME, { name: "FIXED_BUCKETNAME", configMap: "egov-filestore-storage", key: "bucket" });
    assert.equal(val(e.MINIO_URL), "https://s3.ap-south-1.amazonaws.com");
    const data = filestoreStorageData(os)!;
    assert.deepEqual(Object.keys(data).sort(), ["bucket", "endpoint", "region"]);
    assert.equal(filestoreStorageData(s3Identity("plain-bucket")), undefined);
  });

  it("GCS: the S3 interoperability endpoint, signed for region auto", () => {
    const e = env({ mode: "gcs", bucket: "b", region: "asia-south1", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } });
    assert.equal(val(e.MINIO_URL), "https://storage.googleapis.com");
    assert.equal(val(e.FIXED_BUCKET_REGION), "auto");
  });

  it("Azure Blob: the storage account from the blob endpoint, a fixed container, the account key", () => {
    const os: ObjectStoreOffer = {
      mode: "azure-blob",
      bucket: "filestore",
      endpoint: "https://pbdigitprod.blob.core.windows.net/",
      credentials: { mode: "workload-identity", serviceAccountAnnotations: { "azure.workload.identity/client-id": "id" }, podLabels: { "azure.workload.identity/use": "true" } },
    };
    const e = env(os);
    assert.equal(val(e.ISAZURESTORAGEENABLED), "true");
    assert.equal(val(e.ISS3ENABLED), "false");
    assert.equal(val(e.AZURE_ACCOUNTNAME), "pbdigitprod");
    assert.equal(val(e.AZURE_DEFAULTENDPOINTSPROTOCOL), "https");
    assert.equal(val(e.FIXED_CONTAINER_NAME), "filestore");
    assert.equal(val(e.IS_CONTAINER_FIXED), "true");
    assert.deepEqual(e.AZURE_ACCOUNTKEY, { name: "AZURE_ACCOUNTKEY", secret: "egov-filestore", key: "awssecretkey" });
    const outputEndpoint = env({ ...os, endpoint: pulumi.output("https://x.blob.core.windows.net/") } as ObjectStoreOffer);
    assert.deepEqual(outputEndpoint.AZURE_ACCOUNTNAME, { name: "AZURE_ACCOUNTNAME", configMap: "egov-filestore-storage", key: "account" });
  });

  it("merged over DIGIT's catalog env, it replaces eGov's demo bucket and keeps the catalog's other settings", () => {
    const catalog = findService("egov-filestore")!.env as EnvSource[];
    const merged = Object.fromEntries(mergeEnv([...catalog, ...filestoreEnv({ mode: "minio" })]).map((e) => [e.name, e]));
    assert.equal(val(merged.FIXED_BUCKETNAME), "egov-filestore");
    assert.equal(val(merged.SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE), "6MB");
    assert.equal(val(catalog.find((e) => e.name === "FIXED_BUCKETNAME")), "urban-lts-filestore-bucket");
  });
});

describe("backup access to the object store (pure)", () => {
  const byName = (os: ObjectStoreOffer) => Object.fromEntries(storeAccess(os).env.map((e) => [e.name, e]));

  it("S3 under workload identity: the SDK's credential chain in egov-filestore's ServiceAccount", () => {
    const a = storeAccess(s3Identity("pb"));
    assert.equal(a.serviceAccountName, "egov-filestore");
    const e = byName(s3Identity("pb"));
    assert.equal(val(e.RCLONE_CONFIG_STORE_ENV_AUTH), "true");
    assert.equal(val(e.RCLONE_CONFIG_STORE_PROVIDER), "AWS");
    assert.equal(e.RCLONE_CONFIG_STORE_ACCESS_KEY_ID, undefined);
  });

  it("S3 with keys: the keys from Secret egov-filestore, default ServiceAccount", () => {
    const a = storeAccess(s3Keys);
    assert.equal(a.serviceAccountName, undefined);
    assert.deepEqual(byName(s3Keys).RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY, { name: "RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY", secret: "egov-filestore", key: "awssecretkey" });
  });

  it("Azure Blob under workload identity: the pod carries the identity label", () => {
    const os: ObjectStoreOffer = {
      mode: "azure-blob",
      bucket: "filestore",
      endpoint: "https://pbdigit.blob.core.windows.net/",
      credentials: { mode: "workload-identity", serviceAccountAnnotations: {}, podLabels: { "azure.workload.identity/use": "true" } },
    };
    const a = storeAccess(os);
    assert.deepEqual(a.podLabels, { "azure.workload.identity/use": "true" });
    const e = byName(os);
    assert.equal(val(e.RCLONE_CONFIG_STORE_TYPE), "azureblob");
    assert.equal(val(e.RCLONE_CONFIG_STORE_ACCOUNT), "pbdigit");
  });
});
