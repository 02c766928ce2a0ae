import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import type { AwsPlan, ObjectStorePlan } from "./plan";
import { filestorePolicy, tlsOnlyBucketPolicy } from "./policies";

export interface FilestoreBucket {
  bucket: s3.Bucket;
  /** the role the platform's pods (backups) assume through IRSA */
  role: iam.Role;
  /** the access key egov-filestore signs with (its LTS image's MinIO client takes static keys only) */
  signingKey: iam.AccessKey;
}

/** The filestore's private, encrypted, versioned bucket, and an IRSA role allowed to use only it. */
export function createFilestoreBucket(
  name: string,
  plan: AwsPlan,
  os: Extract<ObjectStorePlan, { mode: "bucket" }>,
  key: kms.Key,
  assumeRolePolicy: pulumi.Input<string>,
  parent: pulumi.Resource,
  /** TargetContext.objectStoreRotation: a new value creates a new access key and deletes the old one; default 0 */
  rotation = 0,
): FilestoreBucket {
  const { region, tags } = plan;
  const opts = { parent };
  const bucket = new s3.Bucket(
    `${name}-filestore`,
    { bucket: os.bucket, bucketPrefix: os.bucketPrefix, forceDestroy: os.forceDestroy, region, tags },
    { parent, protect: plan.protect, retainOnDelete: plan.protect },
  );
  const id = bucket.id;

  new s3.BucketOwnershipControls(`${name}-filestore-ownership`, { bucket: id, rule: { objectOwnership: "BucketOwnerEnforced" }, region }, opts);
  const publicAccess = new s3.BucketPublicAccessBlock(
    `${name}-filestore-public-access`,
    { bucket: id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, region },
    opts,
  );
  const kmsEncryption = os.encryption === "kms";
  new s3.BucketServerSideEncryptionConfiguration(
    `${name}-filestore-encryption`,
    {
      bucket: id,
      rules: [
        kmsEncryption
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
      region,
    },
    opts,
  );
  const versioning = new s3.BucketVersioning(`${name}-filestore-versioning`, { bucket: id, versioningConfiguration: { status: "Enabled" }, region }, opts);
  new s3.BucketLifecycleConfiguration(
    `${name}-filestore-lifecycle`,
    {
      bucket: id,
      rules: [
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: os.noncurrentVersionExpirationDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
      region,
    },
    { parent, dependsOn: [versioning] },
  );
  new s3.BucketPolicy(
    `${name}-filestore-tls-only`,
    { bucket: id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))), region },
    { parent, dependsOn: [publicAccess] },
  );

  const role = new iam.Role(`${name}-filestore-role`, { assumeRolePolicy, tags }, opts);
  new iam.RolePolicy(
    `${name}-filestore-access`,
    {
      role: role.id,
      policy: pulumi
        .all([bucket.arn, key.arn])
        .apply(([bucketArn, keyArn]) => JSON.stringify(filestorePolicy(bucketArn, kmsEncryption ? keyArn : undefined))),
    },
    opts,
  );
  // egov-filestore's S3 path is a MinIO client built with static keys (Digit-Core 237578ce80,
  // MinioClientFacade): an IAM user allowed exactly what the IRSA role is, and one access key.
  const user = new iam.User(`${name}-filestore-signer`, { path: "/digit/", tags }, opts);
  new iam.UserPolicy(
    `${name}-filestore-signer-access`,
    {
      user: user.name,
      policy: pulumi
        .all([bucket.arn, key.arn])
        .apply(([bucketArn, keyArn]) => JSON.stringify(filestorePolicy(bucketArn, kmsEncryption ? keyArn : undefined))),
    },
    opts,
  );
  const signingKey = new iam.AccessKey(`${name}-filestore-signer-key${rotation ? `-${rotation}` : ""}`, { user: user.name }, { parent, additionalSecretOutputs: ["secret"] });
  return { bucket, role, signingKey };
}
