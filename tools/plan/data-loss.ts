/**
 * Changes that arm or cause data loss without replacing anything the plan can see: protection
 * switched off, a final snapshot skipped, a cluster or network replaced (and everything inside
 * it), a volume's storage class changed or its size shrunk, a database's major version moved.
 * Pure rules over two resources.json entries of the same resource; --diff (diff.ts) lists each
 * reason on one line and exits 4.
 */
import { bytes } from "../../lib/quantity";
import { kubernetesKind } from "./manifests";
import type { ResourceEntry } from "./types";

type Inputs = Record<string, any>;

/** The value at a dotted path (`spec.storage.size`). */
function at(o: unknown, path: string): any {
  return path.split(".").reduce<any>((v, k) => (v && typeof v === "object" ? v[k] : undefined), o);
}

/** Every leaf path of a value whose last key satisfies `pick`, with its value; arrays of named objects keyed by name. */
function leaves(value: unknown, pick: (key: string, path: string) => boolean, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const name = v && typeof v === "object" && typeof (v as any).name === "string" ? (v as any).name : String(i);
      leaves(v, pick, `${prefix}[${name}]`, out);
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === "object") leaves(v, pick, p, out);
      else if (pick(k, p)) out.set(p, v);
    }
  }
  return out;
}

/** Pairs of (path, before, after) for leaves present before whose value changed. */
function changedLeaves(a: Inputs, b: Inputs, pick: (key: string, path: string) => boolean): Array<[string, unknown, unknown]> {
  const before = leaves(a, pick);
  const after = leaves(b, pick);
  const out: Array<[string, unknown, unknown]> = [];
  for (const [p, v] of before) if (after.has(p) && after.get(p) !== v) out.push([p, v, after.get(p)]);
  return out;
}

const ORPHAN = "pulumi.com/deletionPropagationPolicy";

/**
 * A StatefulSet Pulumi deletes with `orphan` propagation: its pods keep running and its claims stay
 * (the new StatefulSet adopts both), so replacing it loses nothing.
 */
export function holdsNoData(e: ResourceEntry | undefined): boolean {
  if (!e) return false;
  const k = kubernetesKind(e.type);
  return k?.kind === "StatefulSet" && (e.inputs as Inputs)?.metadata?.annotations?.[ORPHAN] === "orphan";
}

function protection(a: ResourceEntry, b: ResourceEntry): string[] {
  const out: string[] = [];
  if (a.protect && !b.protect && !holdsNoData(b)) out.push("protect turned off: `pulumi destroy` or a replacement would now delete it");
  if (a.retainOnDelete && b.retainOnDelete === false && !holdsNoData(b)) out.push("retainOnDelete turned off: removing it from the program would now delete it in the cloud or cluster");
  for (const [p] of changedLeaves(a.inputs, b.inputs, (k) => /^deletionProtection(Enabled)?$/.test(k)).filter(([, v, w]) => v === true && w !== true))
    out.push(`deletion protection turned off (${p})`);
  for (const p of [...leaves(a.inputs, (k) => /^deletionProtection(Enabled)?$/.test(k))].filter(([, v]) => v === true).map(([p]) => p))
    if (leaves(b.inputs, (k) => /^deletionProtection(Enabled)?$/.test(k)).get(p) === undefined) out.push(`deletion protection turned off (${p})`);
  if (at(a.inputs, "skipFinalSnapshot") !== true && at(b.inputs, "skipFinalSnapshot") === true) out.push("final snapshot skipped (skipFinalSnapshot): deleting the database would keep no copy");
  if (at(a.inputs, "forceDestroy") !== true && at(b.inputs, "forceDestroy") === true) out.push("force-destroy turned on (forceDestroy): deleting the bucket would delete every object in it");
  return out;
}

/** Managed Kubernetes clusters and the inputs their providers cannot change in place. */
const CLUSTERS: Record<string, string[]> = {
  "aws:eks/cluster:Cluster": ["name", "kubernetesNetworkConfig", "encryptionConfig"],
  "gcp:container/cluster:Cluster": ["name", "location", "project", "network", "subnetwork", "privateClusterConfig.masterIpv4CidrBlock", "ipAllocationPolicy"],
  "azure-native:containerservice:ManagedCluster": ["resourceName", "resourceGroupName", "location", "dnsPrefix", "networkProfile"],
};

/** What makes a Kubernetes provider talk to another cluster. */
const PROVIDER_CLUSTER = ["kubeconfig", "context", "cluster"];

function changed(a: Inputs, b: Inputs, path: string): boolean {
  return JSON.stringify(at(a, path)) !== JSON.stringify(at(b, path));
}

function cluster(a: ResourceEntry, b: ResourceEntry): string[] {
  const fields = CLUSTERS[a.type];
  if (fields) {
    const moved = fields.filter((f) => at(a.inputs, f) !== undefined && changed(a.inputs, b.inputs, f));
    if (moved.length) return [`the Kubernetes cluster would be replaced (${moved.join(", ")}): everything running in it, in-cluster databases and volumes included, would be lost`];
  }
  if (a.type === "pulumi:providers:kubernetes") {
    const moved = PROVIDER_CLUSTER.filter((f) => at(a.inputs, f) !== undefined && changed(a.inputs, b.inputs, f));
    if (moved.length) return [`the Kubernetes provider points at another cluster (${moved.join(", ")}): every object would be created there and deleted here`];
  }
  return [];
}

/** Networks and the fields holding their address ranges. */
const NETWORKS: Record<string, string[]> = {
  "aws:ec2/vpc:Vpc": ["cidrBlock"],
  "aws:ec2/subnet:Subnet": ["cidrBlock"],
  "azure-native:network:VirtualNetwork": ["addressSpace.addressPrefixes"],
  "azure-native:network:Subnet": ["addressPrefix", "addressPrefixes"],
  "gcp:compute/subnetwork:Subnetwork": ["ipCidrRange", "secondaryIpRanges"],
};

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function network(a: ResourceEntry, b: ResourceEntry): string[] {
  const out: string[] = [];
  for (const f of NETWORKS[a.type] ?? [])
    if (at(a.inputs, f) !== undefined && changed(a.inputs, b.inputs, f))
      out.push(`the network's address range changes (${f}: ${show(at(a.inputs, f))} -> ${show(at(b.inputs, f))}): the provider replaces it, and the cluster, nodes and databases in it with it`);
  return out;
}

/** Kinds and types whose inputs describe volumes holding data. */
const VOLUME_HOLDERS = new Set(["PersistentVolumeClaim", "PersistentVolume", "StatefulSet", "Cluster", "Elasticsearch", "Kafka", "KafkaNodePool", "Tenant"]);

function holdsVolumes(e: ResourceEntry): boolean {
  const k = kubernetesKind(e.type);
  return !!k && VOLUME_HOLDERS.has(k.kind);
}

function storageClass(a: ResourceEntry, b: ResourceEntry): string[] {
  // A claim's or volume's own class cannot change in place: diff.ts already lists it as replaced.
  const kind = kubernetesKind(a.type)?.kind;
  if (!holdsVolumes(a) || kind === "PersistentVolumeClaim" || kind === "PersistentVolume") return [];
  return changedLeaves(a.inputs, b.inputs, (k) => k === "storageClassName" || k === "storageClass").map(
    ([p, v, w]) => `storage class changes (${p}: ${show(v)} -> ${show(w)}): existing volumes keep their class; moving the data needs a migration (docs/backbone.md)`,
  );
}

/** Managed databases' disk sizes (GB, numbers) by type. */
const DISKS: Record<string, string[]> = {
  "aws:rds/instance:Instance": ["allocatedStorage"],
  "azure-native:dbforpostgresql:Server": ["storage.storageSizeGB"],
  "azure-native:dbforpostgresql:FlexibleServer": ["storage.storageSizeGB"],
  "gcp:sql/databaseInstance:DatabaseInstance": ["settings.diskSize"],
};

function size(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  try {
    return bytes(v);
  } catch {
    return undefined;
  }
}

function shrink(a: ResourceEntry, b: ResourceEntry): string[] {
  const out: string[] = [];
  const says = (p: string, v: unknown, w: unknown) =>
    `volume shrinks from ${show(v)} to ${show(w)} (${p}): volumes and managed disks cannot shrink; it would have to be recreated empty`;
  if (holdsVolumes(a))
    for (const [p, v, w] of changedLeaves(a.inputs, b.inputs, (k, p) => (k === "storage" && /(requests|capacity)\.storage$/.test(p)) || p.endsWith("storage.size")))
      if ((size(w) ?? Infinity) < (size(v) ?? 0)) out.push(says(p, v, w));
  for (const f of DISKS[a.type] ?? []) {
    const v = at(a.inputs, f);
    const w = at(b.inputs, f);
    if (typeof v === "number" && typeof w === "number" && w < v) out.push(says(f, v, w));
  }
  return out;
}

/** Where a database's PostgreSQL major version is written, and how to read the major from it. */
const VERSIONS: Record<string, { path: string; major: (v: string) => number | undefined; upgrade: string }> = {
  "aws:rds/instance:Instance": { path: "engineVersion", major: (v) => Number(/^(\d+)/.exec(v)?.[1]) || undefined, upgrade: "RDS refuses it unless allowMajorVersionUpgrade is set; test the upgrade on a snapshot first" },
  "azure-native:dbforpostgresql:Server": { path: "version", major: (v) => Number(/^(\d+)/.exec(v)?.[1]) || undefined, upgrade: "the Flexible Server upgrades in place, offline, with no way back; test it on a restored copy first" },
  "gcp:sql/databaseInstance:DatabaseInstance": { path: "databaseVersion", major: (v) => Number(/^POSTGRES_(\d+)/.exec(v)?.[1]) || undefined, upgrade: "Cloud SQL upgrades in place, offline; test it on a clone first" },
  "kubernetes:postgresql.cnpg.io/v1:Cluster": { path: "spec.imageName", major: (v) => Number(/:(\d+)[.-]/.exec(v)?.[1]) || undefined, upgrade: "CloudNativePG runs pg_upgrade offline; back up first (docs/backbone.md)" },
};

function majorVersion(a: ResourceEntry, b: ResourceEntry): string[] {
  const rule = VERSIONS[a.type];
  if (!rule) return [];
  const v = at(a.inputs, rule.path);
  const w = at(b.inputs, rule.path);
  if (typeof v !== "string" || typeof w !== "string") return [];
  const [from, to] = [rule.major(v), rule.major(w)];
  if (!from || !to || from === to) return [];
  if (to < from) return [`PostgreSQL major version downgrade ${from} -> ${to} (${rule.path}): refused by every provider; restore a dump into a new server instead`];
  return [`PostgreSQL major version changes ${from} -> ${to} (${rule.path}): needs a major-version upgrade: ${rule.upgrade}`];
}

/** Every data-loss risk of going from `a` to `b` (the same resource in two plans), one line each. */
export function dataLossRisks(a: ResourceEntry, b: ResourceEntry): string[] {
  return [...protection(a, b), ...cluster(a, b), ...network(a, b), ...storageClass(a, b), ...shrink(a, b), ...majorVersion(a, b)];
}

/** Why deleting this resource loses what the rules for data stores do not cover (a cluster, a network). */
export function deletionRisk(a: ResourceEntry): string | undefined {
  if (CLUSTERS[a.type]) return "the Kubernetes cluster would be deleted: everything running in it, in-cluster databases and volumes included, would be lost";
  if (NETWORKS[a.type]) return "the network would be deleted, and the cluster, nodes and databases in it with it";
  return undefined;
}
