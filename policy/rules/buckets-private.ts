import { isUnknown, type RuleResource, type StackRule, type Violation } from "./types";

const S3_BUCKETS = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const S3_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const S3_ENCRYPTION = new Set([
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
]);
const S3_ACLS = new Set(["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"]);
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
const GCS_IAM = new Set([
  "gcp:storage/bucketIAMMember:BucketIAMMember",
  "gcp:storage/bucketIAMBinding:BucketIAMBinding",
  "gcp:storage/bucketAccessControl:BucketAccessControl",
  "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
]);
const EVERYONE = /^(allUsers|allAuthenticatedUsers)$/;

/** Statements of an S3 bucket policy that allow anyone, without a condition. */
function publicStatements(policy: unknown): number {
  let doc: any = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return 0;
    }
  }
  const stmts = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  return stmts.filter((s: any) => s?.Effect === "Allow" && !s.Condition && (s.Principal === "*" || s.Principal?.AWS === "*" || (Array.isArray(s.Principal?.AWS) && s.Principal.AWS.includes("*")))).length;
}

function label(r: RuleResource): string {
  return `${r.type} ${r.name}`;
}

/** S3: an ACL never public; a public access block with all four switches on; default encryption configured. */
function s3(resources: readonly RuleResource[], out: Violation[]): void {
  const refersTo = (r: RuleResource, bucket: RuleResource) => r.dependsOn.includes(bucket.urn);
  for (const b of resources.filter((r) => S3_BUCKETS.has(r.type))) {
    if (PUBLIC_ACLS.has(b.props?.acl)) out.push({ urn: b.urn, message: `${label(b)} has the public ACL ${b.props.acl}` });
    const blocks = resources.filter((r) => r.type === S3_PUBLIC_ACCESS_BLOCK && refersTo(r, b));
    const full = blocks.some((r) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => r.props?.[k] === true));
    if (!full) out.push({ urn: b.urn, message: `${label(b)} has no public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true` });
    const encrypted = !!b.props?.serverSideEncryptionConfiguration || resources.some((r) => S3_ENCRYPTION.has(r.type) && refersTo(r, b));
    if (!encrypted) out.push({ urn: b.urn, message: `${label(b)} has no default encryption (BucketServerSideEncryptionConfiguration)` });
  }
  for (const r of resources) {
    if (S3_ACLS.has(r.type) && PUBLIC_ACLS.has(r.props?.acl)) out.push({ urn: r.urn, message: `${label(r)} grants the public ACL ${r.props.acl}` });
    if (r.type === "aws:s3/bucketPolicy:BucketPolicy" && publicStatements(r.props?.policy))
      out.push({ urn: r.urn, message: `${label(r)} allows any principal without a condition` });
  }
}

/** Azure: no anonymous blob access, HTTPS only, TLS 1.2, blob encryption not switched off, containers private. */
function azure(resources: readonly RuleResource[], out: Violation[]): void {
  for (const r of resources) {
    const p = r.props ?? {};
    if (r.type === "azure-native:storage:StorageAccount") {
      if (p.allowBlobPublicAccess !== false && !isUnknown(p.allowBlobPublicAccess)) out.push({ urn: r.urn, message: `${label(r)} does not set allowBlobPublicAccess false` });
      if (p.enableHttpsTrafficOnly === false) out.push({ urn: r.urn, message: `${label(r)} accepts plain HTTP (enableHttpsTrafficOnly false)` });
      if (typeof p.minimumTlsVersion === "string" && p.minimumTlsVersion !== "TLS1_2" && p.minimumTlsVersion !== "TLS1_3")
        out.push({ urn: r.urn, message: `${label(r)} accepts ${p.minimumTlsVersion}` });
      if (p.encryption?.services?.blob?.enabled === false) out.push({ urn: r.urn, message: `${label(r)} switches blob encryption off` });
    }
    if (r.type === "azure-native:storage:BlobContainer" && p.publicAccess !== undefined && p.publicAccess !== "None" && !isUnknown(p.publicAccess))
      out.push({ urn: r.urn, message: `${label(r)} allows anonymous ${p.publicAccess} access` });
  }
}

/** GCS: public access prevention enforced, uniform bucket-level access, no grant to allUsers. */
function gcs(resources: readonly RuleResource[], out: Violation[]): void {
  for (const r of resources) {
    const p = r.props ?? {};
    if (r.type === "gcp:storage/bucket:Bucket") {
      if (p.publicAccessPrevention !== "enforced") out.push({ urn: r.urn, message: `${label(r)} does not enforce public access prevention` });
      if (p.uniformBucketLevelAccess !== true) out.push({ urn: r.urn, message: `${label(r)} does not use uniform bucket-level access` });
    }
    if (GCS_IAM.has(r.type)) {
      const who = [p.member, p.entity, ...(Array.isArray(p.members) ? p.members : [])].filter((m) => typeof m === "string");
      if (who.some((m) => EVERYONE.test(m) || /^allUsers|^allAuthenticatedUsers/.test(m))) out.push({ urn: r.urn, message: `${label(r)} grants access to everyone` });
    }
  }
}

/**
 * Object storage is private and encrypted: no anonymous access on S3, Azure Blob or GCS, and
 * encryption at rest configured where the cloud lets it be switched off or left default.
 */
export const bucketsPrivate: StackRule = {
  kind: "stack",
  name: "buckets-private-encrypted",
  description: "Buckets and storage accounts are private (no anonymous access) and encrypted at rest.",
  remedy: "block public access and configure default encryption on the bucket (the cloud targets do both)",
  check(resources) {
    const out: Violation[] = [];
    s3(resources, out);
    azure(resources, out);
    gcs(resources, out);
    return out;
  },
};
