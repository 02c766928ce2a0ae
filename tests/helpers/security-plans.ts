import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { repoRoot, type PlanRun } from "./plan-run";
import type { ResourceEntry } from "../../tools/plan/types";

/** The plan CLI's loader: the cached transpiler when the repository has it (faster start), else ts-node. */
const loader = fs.existsSync(path.join(repoRoot, "tools", "ts-cache.js")) ? "./tools/ts-cache.js" : "ts-node/register/transpile-only";

/** Run the offline plan of one stack file into `out` (its own process: the Pulumi runtime is process-global). */
export function planInto(stackFile: string, out: string, extra: string[] = []): Promise<PlanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", loader, "tools/plan.ts", "--config-file", stackFile, "--out", out, ...extra], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, out }));
  });
}

/** Run tasks at most `width` at a time (the machine has 2 cores), results in task order. */
export async function pool<T>(tasks: Array<() => Promise<T>>, width = 2): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return out;
}

/**
 * A copy of a shipped stack file with its config edited, under the same file name (so the stack
 * name, and with it every URN, stays the same), in a fresh temporary directory.
 */
export function variantOf(stackFile: string, tag: string, edit: (config: Record<string, any>) => void): string {
  const doc = YAML.parse(fs.readFileSync(path.join(repoRoot, stackFile), "utf8"));
  edit(doc.config);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `digit-${tag}-`));
  const file = path.join(dir, path.basename(stackFile));
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

/** A resources.json entry whose inputs tests read freely. */
export type PlanEntry = Omit<ResourceEntry, "inputs"> & { inputs: Record<string, any> };

export function readResources(out: string): PlanEntry[] {
  return JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
}

/** The stack name a stack file plans as (`Pulumi.<name>.yaml`). */
export function stackNameOf(stackFile: string): string {
  return path.basename(stackFile).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
}

/**
 * Inputs whose change makes the provider replace a resource holding data (delete and create
 * again), per type; the name and namespace of every Kubernetes object (a StatefulSet's volume
 * claim templates whole: Kubernetes forbids changing them in place).
 */
const replaceKeys: Record<string, string[]> = {
  "aws:rds/instance:Instance": ["identifier", "engine", "dbName", "username", "kmsKeyId", "storageEncrypted", "dbSubnetGroupName", "availabilityZone", "characterSetName", "snapshotIdentifier", "replicateSourceDb"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion"],
  "azure-native:dbforpostgresql:Server": ["serverName", "resourceGroupName", "location", "administratorLogin", "createMode", "network"],
  "azure-native:dbforpostgresql:Database": ["databaseName", "serverName", "resourceGroupName"],
  "azure-native:storage:StorageAccount": ["accountName", "resourceGroupName", "location", "isHnsEnabled"],
  "azure-native:storage:BlobContainer": ["containerName", "accountName", "resourceGroupName"],
  "gcp:sql/databaseInstance:DatabaseInstance": ["name", "region", "project", "encryptionKeyName", "masterInstanceName"],
  "gcp:sql/database:Database": ["name", "instance", "project"],
  "gcp:storage/bucket:Bucket": ["name", "location", "project"],
};

const k8sReplaceKeys: Record<string, string[]> = {
  PersistentVolumeClaim: ["spec.accessModes", "spec.storageClassName", "spec.volumeName", "spec.selector", "spec.volumeMode"],
  PersistentVolume: ["spec"],
  StatefulSet: ["spec.volumeClaimTemplates", "spec.selector", "spec.serviceName", "spec.podManagementPolicy"],
  Cluster: ["spec.bootstrap", "spec.storage.storageClass"],
  Elasticsearch: ["spec.nodeSets"],
};

function at(o: any, dotted: string): unknown {
  return dotted.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), o);
}

/** Elasticsearch node sets without their counts and resources: what names the volumes. */
function volumeIdentity(kind: string, key: string, v: unknown): unknown {
  if (kind === "Elasticsearch" && key === "spec.nodeSets" && Array.isArray(v))
    return v.map((s: any) => ({ name: s.name, claims: (s.volumeClaimTemplates ?? []).map((c: any) => ({ name: c.metadata?.name, class: c.spec?.storageClassName })) }));
  return v;
}

/** The inputs that decide whether a resource holding data is replaced, as comparable JSON. */
export function replaceIdentity(r: PlanEntry): string {
  const k8s = /^kubernetes:[^:]+:([A-Za-z]+)$/.exec(r.type);
  if (k8s) {
    const kind = k8s[1];
    const keys = ["metadata.name", "metadata.namespace", ...(k8sReplaceKeys[kind] ?? [])];
    return JSON.stringify(keys.map((k) => [k, volumeIdentity(kind, k, at(r.inputs, k)) ?? null]));
  }
  const keys = replaceKeys[r.type] ?? Object.keys(r.inputs).filter((k) => /name$|^name|identifier/i.test(k));
  return JSON.stringify(keys.map((k) => [k, at(r.inputs, k) ?? null]));
}

/** Resources whose deletion or replacement loses data: what the policy pack calls stateful, and whatever is protected. */
export function isStateful(r: PlanEntry): boolean {
  if (r.protect) return true;
  if (r.type in replaceKeys) return true;
  return /^kubernetes:[^:]+:(PersistentVolumeClaim|PersistentVolume)$/.test(r.type) || (/^kubernetes:apps\/v1:StatefulSet$/.test(r.type) && (r.inputs.spec?.volumeClaimTemplates ?? []).length > 0);
}
