import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreOffer } from "../providers/target";
import type { EnvSource } from "../components/services/spec";
import { filestoreEnv, filestoreStorageData, filestoreVolume, storeAccess } from "../components/backbone/objectstore";
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
  it("every mode switches exactly one of DIGIT's storage back ends on", () => {
    const modes: ObjectStoreOffer[] = [
      { mode: "minio" },
      { mode: "nfs", server: "10.1.1.1", path: "/exports/digit" },
      s3Keys,
      { mode: "gcs", bucket: "b", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } },
      { mode: "azure-blob", bucket: "filestore", endpoint: "https://pbdigit.blob.core.windows.net/", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } },
    ];
    for (const os of modes) {
      const e = env(os);
      const on = ["ISS3ENABLED", "ISAZURESTORAGEENABLED", "ISNFSSTORAGEENABLED"].filter((k) => val(e[k]) === "true");
      assert.equal(on.length, 1, `${os.mode}: ${on.join(",")}`);
      assert.equal(val(e.IS_BUCKET_FIXED), "true");
    }
  });

  it("MinIO: the in-cluster endpoint, the platform's bucket, keys from Secret egov-filestore", () => {
    const e = env({ mode: "minio" });
    assert.equal(val(e.ISS3ENABLED), "true");
    assert.equal(val(e.MINIO_URL), "http://minio.backbone:9000");
    assert.equal(val(e.FIXED_BUCKETNAME), "egov-filestore");
    assert.deepEqual(e.AWS_KEY, { name: "AWS_KEY", secret: "egov-filestore", key: "awskey" });
    assert.deepEqual(e.AWS_SECRETKEY, { name: "AWS_SECRETKEY", secret: "egov-filestore", key: "awssecretkey" });
    assert.equal(val(env({ mode: "minio" }, { minioBucket: "pb-docs" }).FIXED_BUCKETNAME), "pb-docs");
  });

  it("S3 with keys: the regional endpoint, the bucket, the keys", () => {
    const e = env(s3Keys);
    assert.equal(val(e.MINIO_URL), "https://s3.ap-south-1.amazonaws.com");
    assert.equal(val(e.FIXED_BUCKETNAME), "pb-files");
    assert.equal(val(e.AWS_REGION), "ap-south-1");
    assert.ok(!("optional" in e.AWS_KEY));
  });

  it("an S3-compatible store (a state's Ceph RGW): its own endpoint", () => {
    assert.equal(val(env({ ...s3Keys, endpoint: "https://rgw.pb-sdc.internal" } as ObjectStoreOffer).MINIO_URL), "https://rgw.pb-sdc.internal");
  });

  it("a bucket known only at deploy time is read from ConfigMap egov-filestore-storage; under workload identity the keys are optional", () => {
    const os = s3Identity(pulumi.output("pb-digit-prod-filestore"));
    const e = env(os);
    assert.deepEqual(e.FIXED_BUCKETNAME, { name: "FIXED_BUCKETNAME", configMap: "egov-filestore-storage", key: "bucket" });
    assert.equal(val(e.MINIO_URL), "https://s3.ap-south-1.amazonaws.com");
    assert.deepEqual(e.AWS_KEY, { name: "AWS_KEY", secret: "egov-filestore", key: "awskey", optional: true });
    const data = filestoreStorageData(os)!;
    assert.deepEqual(Object.keys(data).sort(), ["bucket", "endpoint", "region"]);
    assert.equal(filestoreStorageData(s3Identity("plain-bucket")), undefined);
  });

  it("GCS: S3 interoperability endpoint", () => {
    assert.equal(val(env({ mode: "gcs", bucket: "b", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } }).MINIO_URL), "https://storage.googleapis.com");
  });

  it("Azure Blob: the storage account from the blob endpoint, the container as the bucket", () => {
    const os: ObjectStoreOffer = {
      mode: "azure-blob",
      bucket: "filestore",
      endpoint: "https://pbdigitprod.blob.core.windows.net/",
      credentials: { mode: "workload-identity", serviceAccountAnnotations: { "azure.workload.identity/client-id": "id" }, podLabels: { "azure.workload.identity/use": "true" } },
    };
    const e = env(os);
    assert.equal(val(e.ISAZURESTORAGEENABLED), "true");
    assert.equal(val(e.AZURE_ACCOUNTNAME), "pbdigitprod");
    assert.equal(val(e.AZURE_DEFAULTENDPOINTSPROTOCOL), "https");
    assert.equal(val(e.FIXED_BUCKETNAME), "filestore");
    assert.equal((e.AZURE_ACCOUNTKEY as any).optional, true);
    const outputEndpoint = env({ ...os, endpoint: pulumi.output("https://x.blob.core.windows.net/") } as ObjectStoreOffer);
    assert.deepEqual(outputEndpoint.AZURE_ACCOUNTNAME, { name: "AZURE_ACCOUNTNAME", configMap: "egov-filestore-storage", key: "account" });
  });

  it("NFS: files on the mounted export, and the volume to mount", () => {
    const os: ObjectStoreOffer = { mode: "nfs", server: "10.1.1.1", path: "/exports/digit" };
    const e = env(os, { publicUrl: "https://digit.punjab.gov.in/" });
    assert.equal(val(e.ISNFSSTORAGEENABLED), "true");
    assert.equal(val(e.FILE_STORAGE_MOUNT_PATH), "/filestore");
    assert.equal(val(e.DISK_STORAGE_HOST_URL), "https://digit.punjab.gov.in/");
    assert.deepEqual(filestoreVolume(os), {
      volume: { name: "filestore", nfs: { server: "10.1.1.1", path: "/exports/digit" } },
      mount: { name: "filestore", mountPath: "/filestore" },
    });
    assert.equal(filestoreVolume({ mode: "minio" }), undefined);
  });

  it("merged over DIGIT's catalog env, it replaces the demo bucket and keeps the catalog's other settings", () => {
    const catalog = findService("egov-filestore")!.env as EnvSource[];
    const merged = Object.fromEntries(mergeEnv([...catalog, ...filestoreEnv({ mode: "minio" })]).map((e) => [e.name, e]));
    assert.equal(val(merged.FIXED_BUCKETNAME), "egov-filestore");
    assert.equal(val(merged.SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE), "6MB");
    // every storage variable the catalog has is one the platform sets
    for (const name of ["ISS3ENABLED", "ISNFSSTORAGEENABLED", "AWS_KEY", "AWS_SECRETKEY", "IS_BUCKET_FIXED", "FIXED_BUCKETNAME"])
      assert.ok(filestoreEnv({ mode: "minio" }).some((e) => e.name === name), name);
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

  it("NFS: the export mounted at /store, a local remote", () => {
    const a = storeAccess({ mode: "nfs", server: "10.1.1.1", path: "/exports/digit" });
    assert.deepEqual(a.volumes, [{ name: "store", nfs: { server: "10.1.1.1", path: "/exports/digit" } }]);
    assert.equal(val(Object.fromEntries(a.env.map((e) => [e.name, e])).RCLONE_CONFIG_STORE_TYPE), "local");
  });
});
