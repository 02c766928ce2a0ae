import { describeObject, isKind, k8sKind, objectNamespace } from "./k8s";
import type { RuleResource, StackRule, Violation } from "./types";

/** Cloud resources that hold data (or, for keys, the only way to read it). */
export const statefulCloudTypes = new Set([
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:kms/key:Key",
  "aws:efs/fileSystem:FileSystem",
  "azure-native:dbforpostgresql:Server",
  "azure-native:dbforpostgresql:FlexibleServer",
  "azure-native:dbforpostgresql:Database",
  "azure-native:storage:StorageAccount",
  "azure-native:storage:BlobContainer",
  "azure-native:keyvault:Vault",
  "gcp:sql/databaseInstance:DatabaseInstance",
  "gcp:sql/database:Database",
  "gcp:storage/bucket:Bucket",
  "gcp:kms/cryptoKey:CryptoKey",
  "gcp:filestore/instance:Instance",
]);

/** Operators' custom resources whose deletion deletes their volumes (group -> kinds). */
const dataCustomResources: Record<string, string[]> = {
  "postgresql.cnpg.io": ["Cluster"],
  "elasticsearch.k8s.elastic.co": ["Elasticsearch"],
  "kafka.strimzi.io": ["Kafka", "KafkaNodePool"],
  "minio.min.io": ["Tenant"],
};

/** Kubernetes objects whose deletion loses data. */
export function holdsData(r: RuleResource): boolean {
  const k = k8sKind(r.type);
  if (!k) return statefulCloudTypes.has(r.type);
  if (k.kind === "PersistentVolumeClaim") return true;
  if (k.kind === "PersistentVolume") return r.props?.spec?.persistentVolumeReclaimPolicy !== "Retain";
  if (k.kind === "StatefulSet")
    return Array.isArray(r.props?.spec?.volumeClaimTemplates) && r.props.spec.volumeClaimTemplates.length > 0 && r.props.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete";
  return dataCustomResources[k.group]?.includes(k.kind) ?? false;
}

/** Objects that put data in their namespace (deleting the namespace deletes the volumes). */
function keepsVolumes(r: RuleResource): boolean {
  const k = k8sKind(r.type);
  if (!k) return false;
  if (k.kind === "PersistentVolumeClaim") return true;
  if (k.kind === "StatefulSet") return Array.isArray(r.props?.spec?.volumeClaimTemplates) && r.props.spec.volumeClaimTemplates.length > 0;
  return dataCustomResources[k.group]?.includes(k.kind) ?? false;
}

/**
 * Whatever holds data is protected: databases, buckets, keys, volumes, the operators' data
 * objects, and the namespaces that hold volumes (deleting a namespace deletes its claims).
 * `pulumi destroy` or a change that would replace one then stops instead of losing data.
 */
export const statefulProtected: StackRule = {
  kind: "stack",
  name: "stateful-protected",
  description: "Databases, buckets, keys, volumes, data-holding custom resources and the namespaces holding volumes are protected and retained on delete.",
  remedy: "keep digit:backbone.protect true (protect + retainOnDelete); only a throw-away stack may turn it off",
  check(resources) {
    const out: Violation[] = [];
    for (const r of resources)
      if (holdsData(r)) {
        const what = k8sKind(r.type) ? describeObject(r) : `${r.type} ${r.name}`;
        if (!r.protect) out.push({ urn: r.urn, message: `${what} holds data and is not protected` });
        // retainOnDelete is known in the offline plan (resources.json); Pulumi's policy SDK does not pass it.
        if (r.retainOnDelete === false) out.push({ urn: r.urn, message: `${what} holds data and is not retained on delete (retainOnDelete)` });
      }
    const dataNamespaces = new Set(resources.filter(keepsVolumes).map(objectNamespace).filter((n): n is string => !!n));
    for (const r of resources)
      if (isKind(r, "Namespace", "core") && dataNamespaces.has(r.props?.metadata?.name) && !r.protect)
        out.push({ urn: r.urn, message: `Namespace ${r.props.metadata.name} holds volumes and is not protected` });
    return out;
  },
};
