import { formatChange, resourceChanges, type FieldChange } from "./changes";
import { painter } from "./colour";
import { kubernetesKind } from "./manifests";
import { STACK_TYPE, type ResourceEntry } from "./types";
import { dataLossRisks, deletionRisk, holdsNoData } from "./data-loss";

/** One resource in a diff, named as `pulumi preview` names it. */
export interface DiffEntry {
  /** the URN with the stack's name replaced by `*`: the same resource in two stacks has the same key */
  key: string;
  type: string;
  name: string;
}

export interface UpdatedEntry extends DiffEntry {
  /** what changed: input paths (`spec.replicas`), or `protect`, `provider`, `dependsOn` */
  paths: string[];
  /** every changed field with its old and new value (named list items by name: `env[JAVA_OPTS]`) */
  changes: FieldChange[];
}

/** A resource holding data (or a secret data depends on) that would be replaced or deleted. */
export interface Replacement extends DiffEntry {
  reason: string;
}

export interface PlanDiff {
  created: DiffEntry[];
  deleted: DiffEntry[];
  updated: UpdatedEntry[];
  unchanged: number;
  replacements: Replacement[];
}

/** `urn:pulumi:<stack>::` -> `urn:pulumi:*::` in every string, so two stacks' plans compare. */
function withoutStack(value: unknown, prefix: RegExp): unknown {
  if (typeof value === "string") return value.replace(prefix, "urn:pulumi:*::");
  if (Array.isArray(value)) return value.map((v) => withoutStack(v, prefix));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutStack(v, prefix)]));
  return value;
}

function normalise(entries: readonly ResourceEntry[]): Map<string, ResourceEntry> {
  const stack = entries.find((e) => e.type === STACK_TYPE)?.urn.split("::")[0] ?? entries[0]?.urn.split("::")[0];
  const prefix = stack ? new RegExp(`${stack.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`, "g") : /^$/;
  const out = new Map<string, ResourceEntry>();
  for (const e of entries) {
    if (e.type === STACK_TYPE) continue; // its name is the stack's own
    const n = withoutStack(e, prefix) as ResourceEntry;
    out.set(n.urn, n);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Paths (dot and [i] notation) where two values differ; a differing array of another length is one path. */
export function changedPaths(a: unknown, b: unknown, prefix = ""): string[] {
  if (same(a, b)) return [];
  const join = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((x, i) => changedPaths(x, b[i], `${prefix}[${i}]`));
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], join(k)));
  }
  return [prefix || "(value)"];
}

/** A path at or below one of the prefixes (`spec` covers `spec.x` and `spec[0]`). */
function under(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

interface StatefulRule {
  /** what the resource holds, for the reason text */
  holds: string;
  /** input paths whose change makes the provider replace the resource */
  replaceOn: string[];
  /** paths below replaceOn that change in place */
  except?: string[];
}

const K8S_IDENTITY = ["metadata.name", "metadata.namespace"];

/** Kubernetes kinds that hold data, and the fields the API server refuses to change in place. */
const KUBERNETES: Record<string, StatefulRule> = {
  PersistentVolumeClaim: { holds: "a volume claim", replaceOn: [...K8S_IDENTITY, "spec"], except: ["spec.resources"] },
  PersistentVolume: { holds: "a volume", replaceOn: [...K8S_IDENTITY, "spec"], except: ["spec.capacity", "spec.claimRef", "spec.persistentVolumeReclaimPolicy", "spec.mountOptions"] },
  StatefulSet: {
    holds: "pods with volumes",
    replaceOn: [...K8S_IDENTITY, "spec.volumeClaimTemplates", "spec.selector", "spec.serviceName", "spec.podManagementPolicy"],
  },
  // Operators' data stores: deleting the object deletes the data it manages.
  Cluster: { holds: "a PostgreSQL cluster", replaceOn: K8S_IDENTITY },
  Kafka: { holds: "a Kafka cluster", replaceOn: K8S_IDENTITY },
  KafkaNodePool: { holds: "Kafka brokers' volumes", replaceOn: K8S_IDENTITY },
  Elasticsearch: { holds: "an Elasticsearch cluster", replaceOn: K8S_IDENTITY },
  Tenant: { holds: "a MinIO tenant", replaceOn: K8S_IDENTITY },
};

/** Cloud data stores by resource type, and their identity fields (a change creates a new, empty one). */
const CLOUD: Record<string, StatefulRule> = {
  "aws:rds/instance:Instance": {
    holds: "an RDS database",
    replaceOn: ["identifier", "identifierPrefix", "engine", "dbName", "username", "storageEncrypted", "kmsKeyId", "availabilityZone", "characterSetName", "timezone"],
  },
  "aws:rds/cluster:Cluster": { holds: "an Aurora cluster", replaceOn: ["clusterIdentifier", "engine", "databaseName", "masterUsername", "storageEncrypted", "kmsKeyId"] },
  "aws:s3/bucket:Bucket": { holds: "an S3 bucket", replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled"] },
  "aws:s3/bucketV2:BucketV2": { holds: "an S3 bucket", replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled"] },
  "aws:efs/fileSystem:FileSystem": { holds: "an EFS file system", replaceOn: ["creationToken", "encrypted", "kmsKeyId", "performanceMode"] },
  "azure-native:dbforpostgresql:Server": { holds: "a PostgreSQL Flexible Server", replaceOn: ["serverName", "resourceGroupName", "location", "administratorLogin"] },
  "azure-native:dbforpostgresql:FlexibleServer": { holds: "a PostgreSQL Flexible Server", replaceOn: ["serverName", "resourceGroupName", "location", "administratorLogin"] },
  "azure-native:storage:StorageAccount": { holds: "a storage account", replaceOn: ["accountName", "resourceGroupName", "location"] },
  "azure-native:storage:BlobContainer": { holds: "a blob container", replaceOn: ["containerName", "accountName", "resourceGroupName"] },
  "gcp:sql/databaseInstance:DatabaseInstance": { holds: "a Cloud SQL instance", replaceOn: ["name", "region", "project", "masterInstanceName", "encryptionKeyName"] },
  "gcp:storage/bucket:Bucket": { holds: "a GCS bucket", replaceOn: ["name", "location", "project"] },
  "gcp:filestore/instance:Instance": { holds: "a Filestore share", replaceOn: ["name", "location", "tier", "project"] },
};

/** Generated secrets: every input forces a new value, and whatever stored the old one stops working. */
const GENERATED = /^random:index\/random(Password|String|Bytes|Id):/;

/** The rule for a resource type, or undefined when it holds no data. */
export function statefulRule(type: string): StatefulRule | undefined {
  const k = kubernetesKind(type);
  if (k) return KUBERNETES[k.kind];
  if (GENERATED.test(type)) return { holds: "a generated secret", replaceOn: [""] };
  return CLOUD[type];
}

function entryOf(e: ResourceEntry): DiffEntry {
  return { key: e.urn, type: e.type, name: e.name };
}

/** Why replacing or deleting this resource loses something. */
function replacementReason(from: ResourceEntry, rule: StatefulRule | undefined, paths: string[] | undefined): string | undefined {
  if (paths === undefined) {
    if (rule) return `${rule.holds} would be deleted`;
    return from.protect ? "a protected resource would be deleted" : undefined;
  }
  if (!rule) return undefined;
  const triggers = rule.replaceOn[0] === "" ? paths : paths.filter((p) => under(p, rule.replaceOn) && !under(p, rule.except ?? []));
  if (!triggers.length) return undefined;
  const shown = triggers.slice(0, 3).join(", ") + (triggers.length > 3 ? `, ... (${triggers.length} fields)` : "");
  return `${rule.holds} would be replaced: ${shown} cannot change in place`;
}

/**
 * What changes going from one plan to another (resources.json entries of each), keyed by URN
 * without the stack's name; every stateful resource that would be replaced or deleted is listed
 * with the reason. A URN that changes reads as a delete plus a create: Pulumi does the same
 * unless the resource has an alias.
 */
export function diffPlans(fromEntries: readonly ResourceEntry[], toEntries: readonly ResourceEntry[]): PlanDiff {
  const from = normalise(fromEntries);
  const to = normalise(toEntries);
  const diff: PlanDiff = { created: [], deleted: [], updated: [], unchanged: 0, replacements: [] };
  for (const [key, b] of to) {
    const a = from.get(key);
    if (!a) {
      diff.created.push(entryOf(b));
      continue;
    }
    const paths = [
      ...changedPaths(a.inputs, b.inputs),
      ...(["protect", "retainOnDelete", "provider", "dependsOn"] as const).filter((f) => !same(a[f] ?? false, b[f] ?? false)),
    ];
    if (!paths.length) {
      diff.unchanged++;
      continue;
    }
    diff.updated.push({ ...entryOf(b), paths, changes: resourceChanges(a, b) });
    const reason = replacementReason(a, holdsNoData(b) ? undefined : statefulRule(a.type), paths.filter((p) => p !== "protect" && p !== "retainOnDelete" && p !== "provider" && p !== "dependsOn"));
    if (reason) diff.replacements.push({ ...entryOf(a), reason });
    // Changes that arm or cause data loss without a replacement (data-loss.ts).
    for (const risk of dataLossRisks(a, b)) diff.replacements.push({ ...entryOf(a), reason: risk });
  }
  for (const [key, a] of from) {
    if (to.has(key)) continue;
    diff.deleted.push(entryOf(a));
    let reason = replacementReason(a, statefulRule(a.type), undefined) ?? deletionRisk(a);
    if (!reason) continue;
    const moved = diff.created.find((c) => c.type === a.type && (c.name === a.name || sameObject(a, to.get(c.key)!)));
    if (moved) reason += ` and created again as ${moved.name} (its URN changes: add an alias to keep it)`;
    diff.replacements.push({ ...entryOf(a), reason });
  }
  return diff;
}

/** Two Kubernetes objects with the same kind, namespace and name (a Pulumi name changed, the object did not). */
function sameObject(a: ResourceEntry, b: ResourceEntry): boolean {
  const ma = (a.inputs as any)?.metadata;
  const mb = (b.inputs as any)?.metadata;
  return !!ma?.name && ma.name === mb?.name && ma.namespace === mb?.namespace;
}

function short(type: string): string {
  return type.replace(/^kubernetes:/, "").replace(/^pulumi:providers:/, "provider:");
}

/** The diff as text: counts, then each list (at most `max` lines each), stateful replacements last. */
export function formatDiff(d: PlanDiff, opts: { from: string; to: string; colour?: boolean; max?: number; maxFields?: number }): string {
  const paint = painter(opts.colour ?? false);
  const max = opts.max ?? 40;
  const lines: string[] = [];
  lines.push(paint(`Changes from ${opts.from} to ${opts.to}:`, "bold"));
  lines.push(
    `  ${paint(`+ ${d.created.length} to create`, "green")}, ${paint(`- ${d.deleted.length} to delete`, "red")}, ${paint(`~ ${d.updated.length} to update`, "yellow")}, ${d.unchanged} unchanged`,
  );
  const list = <T extends DiffEntry>(title: string, items: T[], mark: string, style: "green" | "red" | "yellow", details: (x: T) => string[] = () => []) => {
    if (!items.length) return;
    lines.push("");
    lines.push(paint(title, "bold"));
    for (const x of items.slice(0, max)) {
      lines.push(paint(`  ${mark} ${x.name} [${short(x.type)}]`, style));
      lines.push(...details(x).map((l) => `      ${l}`));
    }
    if (items.length > max) lines.push(`  ... ${items.length - max} more (--json lists them all)`);
  };
  // Every changed field, old -> new, up to `maxFields` per resource.
  const maxFields = opts.maxFields ?? 12;
  const fields = (u: UpdatedEntry) => {
    const shown = u.changes.slice(0, maxFields).map((c) => formatChange(c));
    return u.changes.length > maxFields ? [...shown, `... ${u.changes.length - maxFields} more fields (--json lists them all)`] : shown;
  };
  list("To create:", d.created, "+", "green");
  list("To delete:", d.deleted, "-", "red");
  list("To update:", d.updated, "~", "yellow", fields);
  lines.push("");
  if (d.replacements.length) {
    lines.push(paint(`Stateful resources that would be replaced or deleted (${d.replacements.length}): data or credentials are lost unless migrated first`, "red", "bold"));
    for (const r of d.replacements) lines.push(paint(`  ! ${r.name} [${short(r.type)}]: ${r.reason}`, "red"));
  } else lines.push(paint("No stateful resource would be replaced or deleted.", "green"));
  return lines.join("\n") + "\n";
}
