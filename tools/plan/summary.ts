import { kubernetesKind } from "./manifests";
import { isComponent, STACK_TYPE, type Capacity, type PlanResource } from "./types";
import { podRequests, workloadRequests } from "../../components/capacity";
import { deployChain } from "./critical-path";
import { formatReview, type Review } from "./review";
import { formatHandover, type Handover } from "./handover";

export interface ComponentCount {
  name: string;
  type: string;
  /** every resource below it, nested components included */
  resources: number;
}

export interface WorkloadRequest {
  kind: string;
  name: string;
  /** pods counted (replicas, Job parallelism, nodes for a DaemonSet) */
  pods: number;
  cpuMillis: number;
  memoryMiB: number;
  /** extra pods while it rolls (a RollingUpdate Deployment's maxSurge); 0 for the others */
  surgePods: number;
}

export interface Requests {
  cpuMillis: number;
  memoryMiB: number;
  workloads: WorkloadRequest[];
  /** what a rolling update of every Deployment at once adds on top (their surge pods) */
  surge: { cpuMillis: number; memoryMiB: number };
  /** containers whose requests could not be read (absent, secret, or not a quantity) */
  missing: string[];
}

export interface Summary {
  total: number;
  custom: number;
  components: number;
  providers: number;
  protected: number;
  retained: number;
  perComponent: ComponentCount[];
  /** resources directly under the stack that are not components */
  topLevelOther: number;
  perType: Array<{ type: string; count: number }>;
  requests: Requests;
  capacity?: Capacity;
  criticalPath: PlanResource[];
}

/** Resources per top-level component (it and its descendants), per type, and the other figures. */
export function summarize(resources: readonly PlanResource[], capacity?: Capacity): Summary {
  const kids = childrenOf(resources);
  const stack = resources.find((r) => r.type === STACK_TYPE);
  const top = resources.filter((r) => r.parent === (stack?.urn ?? null) && r.type !== STACK_TYPE);
  const descendants = (urn: string): number => (kids.get(urn) ?? []).reduce((n, c) => n + 1 + descendants(c.urn), 0);
  const perType = new Map<string, number>();
  for (const r of resources) perType.set(r.type, (perType.get(r.type) ?? 0) + 1);
  return {
    total: resources.length,
    custom: resources.filter((r) => r.custom).length,
    components: resources.filter(isComponent).length,
    providers: resources.filter((r) => r.type.startsWith("pulumi:providers:")).length,
    protected: resources.filter((r) => r.protect).length,
    retained: resources.filter((r) => r.retainOnDelete).length,
    perComponent: top.filter(isComponent).map((r) => ({ name: r.name, type: r.type, resources: 1 + descendants(r.urn) })),
    topLevelOther: top.filter((r) => !isComponent(r)).length,
    perType: [...perType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    requests: requestedResources(resources, capacity),
    capacity,
    criticalPath: criticalPath(resources),
  };
}

function childrenOf(resources: readonly PlanResource[]): Map<string, PlanResource[]> {
  const kids = new Map<string, PlanResource[]>();
  for (const r of resources) if (r.parent) kids.set(r.parent, [...(kids.get(r.parent) ?? []), r]);
  return kids;
}

const WORKLOADS: Record<string, (spec: any, capacity?: Capacity) => { pods: number; pod: any }> = {
  Deployment: (s) => ({ pods: count(s?.replicas), pod: s?.template?.spec }),
  StatefulSet: (s) => ({ pods: count(s?.replicas), pod: s?.template?.spec }),
  ReplicaSet: (s) => ({ pods: count(s?.replicas), pod: s?.template?.spec }),
  DaemonSet: (s, c) => ({ pods: c?.nodes ?? 1, pod: s?.template?.spec }),
  Job: (s) => ({ pods: count(s?.parallelism), pod: s?.template?.spec }),
  CronJob: (s) => ({ pods: count(s?.jobTemplate?.spec?.parallelism), pod: s?.jobTemplate?.spec?.template?.spec }),
};

/** A replica count as given, 1 when absent (Kubernetes' default) or not a number. */
function count(v: unknown): number {
  return typeof v === "number" && v >= 0 ? v : 1;
}

/** `namespace/Kind/name` -> minReplicas of the HorizontalPodAutoscaler scaling that workload. */
function autoscaled(resources: readonly PlanResource[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of resources) {
    if (!r.custom || kubernetesKind(r.type)?.kind !== "HorizontalPodAutoscaler") continue;
    const hpa = r.inputs as any;
    const ref = hpa?.spec?.scaleTargetRef;
    if (!ref?.kind || !ref?.name) continue;
    out.set(`${hpa?.metadata?.namespace ?? ""}/${ref.kind}/${ref.name}`, count(hpa?.spec?.minReplicas));
  }
  return out;
}

/** Operators' clusters (CloudNativePG, ECK): the pods the operator creates, as components/capacity.ts counts them. */
function operatorCluster(apiVersion: string, kind: string, spec: any): { pods: number; cpuMillis: number; memoryMiB: number } | undefined {
  const cnpg = kind === "Cluster" && apiVersion.startsWith("postgresql.cnpg.io/");
  const eck = kind === "Elasticsearch" && apiVersion.startsWith("elasticsearch.k8s.elastic.co/");
  if (!cnpg && !eck) return undefined;
  const r = workloadRequests([{ apiVersion, kind, spec }]);
  const pods = cnpg ? count(spec?.instances) : (spec?.nodeSets ?? []).reduce((n: number, ns: any) => n + count(ns?.count), 0);
  return { pods, ...r };
}

/** A Deployment's extra pods while it rolls: maxSurge, a number or a share of the pods rounded up (Kubernetes' default 25%). */
export function surgePods(spec: any, pods: number): number {
  if (spec?.strategy?.type === "Recreate") return 0;
  const v = spec?.strategy?.rollingUpdate?.maxSurge ?? "25%";
  if (typeof v === "number") return Math.max(0, v);
  const pct = /^(\d+)%$/.exec(String(v));
  return pct ? Math.ceil((pods * Number(pct[1])) / 100) : 0;
}

/**
 * Total CPU and memory the workloads request: per pod x replicas (an autoscaled workload counts
 * its HorizontalPodAutoscaler's minReplicas; a DaemonSet one pod per node when the nodes are known;
 * an operator's cluster the pods it creates), and what rolling every Deployment at once adds.
 */
export function requestedResources(resources: readonly PlanResource[], capacity?: Capacity): Requests {
  const workloads: WorkloadRequest[] = [];
  const missing: string[] = [];
  const hpa = autoscaled(resources);
  for (const r of resources) {
    if (!r.custom) continue;
    const k = kubernetesKind(r.type);
    if (!k) continue;
    const meta = (r.inputs as any)?.metadata;
    const name = meta?.name ?? r.name;
    const spec = (r.inputs as any)?.spec;
    const operated = operatorCluster(k.apiVersion, k.kind, spec);
    if (operated) {
      workloads.push({ kind: k.kind, name, ...operated, surgePods: 0 });
      continue;
    }
    const shape = WORKLOADS[k.kind];
    if (!shape) continue;
    const shaped = shape(spec, capacity);
    const pods = hpa.get(`${meta?.namespace ?? ""}/${k.kind}/${name}`) ?? shaped.pods;
    const notes: string[] = [];
    const per = podRequests(shaped.pod, `${k.kind} ${name}`, notes);
    for (const n of new Set(notes)) missing.push(n);
    const surge = k.kind === "Deployment" ? surgePods(spec, pods) : 0;
    workloads.push({ kind: k.kind, name, pods, cpuMillis: per.cpuMillis * pods, memoryMiB: per.memoryMiB * pods, surgePods: surge });
  }
  const perPod = (w: WorkloadRequest, of: "cpuMillis" | "memoryMiB") => (w.pods ? (w[of] / w.pods) * w.surgePods : 0);
  return {
    cpuMillis: workloads.reduce((n, w) => n + w.cpuMillis, 0),
    memoryMiB: workloads.reduce((n, w) => n + w.memoryMiB, 0),
    workloads,
    surge: { cpuMillis: workloads.reduce((n, w) => n + perPod(w, "cpuMillis"), 0), memoryMiB: workloads.reduce((n, w) => n + perPod(w, "memoryMiB"), 0) },
    missing,
  };
}

/**
 * The longest chain of deployment steps: a step is a custom resource or a remote component;
 * components themselves are not steps. Returns the chain, first step first.
 */
export function criticalPath(resources: readonly PlanResource[]): PlanResource[] {
  return deployChain(resources, (r) => r.custom || r.remote, (r) => r.custom).chain;
}

function memory(mib: number): string {
  return mib >= 1024 ? `${+(mib / 1024).toFixed(1)}Gi` : `${Math.round(mib)}Mi`;
}

function cores(millis: number): string {
  return `${+(millis / 1000).toFixed(2)} CPU`;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : "?";
}

function short(type: string): string {
  return type.replace(/^kubernetes:/, "").replace(/^pulumi:providers:/, "provider:");
}

/** The summary as printed on stdout. */
export function formatSummary(s: Summary, opts: { stack: string; elapsedMs?: number; warnings?: string[]; maxTypes?: number; review?: Review; handover?: Handover }): string {
  const lines: string[] = [];
  lines.push(`Offline plan of stack "${opts.stack}": ${s.total} resources (${s.custom - s.providers} custom, ${s.components} components, ${s.providers} providers, ${s.protected} protected, ${s.retained} retained on delete)`);
  lines.push("");
  if (opts.review) lines.push(...formatReview(opts.review));
  lines.push("Resources per component:");
  const width = Math.max(10, ...s.perComponent.map((c) => c.name.length));
  for (const c of s.perComponent) lines.push(`  ${c.name.padEnd(width)}  ${String(c.resources).padStart(4)}  ${c.type}`);
  if (s.topLevelOther) lines.push(`  ${"(top level)".padEnd(width)}  ${String(s.topLevelOther).padStart(4)}  resources outside any component`);
  lines.push("");
  lines.push("Resources per type:");
  const maxTypes = opts.maxTypes ?? 25;
  for (const t of s.perType.slice(0, maxTypes)) lines.push(`  ${String(t.count).padStart(4)}  ${t.type}`);
  if (s.perType.length > maxTypes) lines.push(`  ... ${s.perType.length - maxTypes} more types (${s.perType.slice(maxTypes).reduce((n, t) => n + t.count, 0)} resources)`);
  lines.push("");
  const r = s.requests;
  const pods = r.workloads.reduce((n, w) => n + w.pods, 0);
  lines.push(`Requested by ${r.workloads.length} workloads (${pods} pods): ${cores(r.cpuMillis)}, ${memory(r.memoryMiB)} memory`);
  if (r.surge.cpuMillis || r.surge.memoryMiB) lines.push(`  rolling every Deployment at once adds ${cores(r.surge.cpuMillis)}, ${memory(r.surge.memoryMiB)} memory (their maxSurge pods)`);
  if (s.capacity) {
    const c = s.capacity;
    lines.push(`Target capacity (${c.nodes} nodes): ${cores(c.cpuMillis)}, ${memory(c.memoryMiB)} memory`);
    lines.push(`  requests use ${share(r.cpuMillis, c.cpuMillis)} of the CPU and ${share(r.memoryMiB, c.memoryMiB)} of the memory`);
    if (r.cpuMillis > c.cpuMillis || r.memoryMiB > c.memoryMiB) lines.push("  WARNING: requests exceed the target's capacity; pods will stay Pending");
  } else lines.push("Target capacity: not known (the target reports none)");
  if (r.missing.length) lines.push(`  ${r.missing.length} containers without readable requests: ${r.missing.slice(0, 5).join(", ")}${r.missing.length > 5 ? ", ..." : ""}`);
  lines.push("");
  const chain = s.criticalPath;
  lines.push(`Deploy critical path: ${chain.length} steps`);
  if (chain.length) lines.push(`  ${chain.map((c) => `${c.name} [${short(c.type)}]`).join("\n  -> ")}`);
  lines.push(...formatHandover(opts.handover));
  if (opts.warnings?.length) {
    lines.push("");
    lines.push("Warnings:");
    for (const w of opts.warnings) lines.push(`  - ${w}`);
  }
  if (opts.elapsedMs !== undefined) {
    lines.push("");
    lines.push(`Elapsed: ${(opts.elapsedMs / 1000).toFixed(1)} s`);
  }
  return lines.join("\n") + "\n";
}

/** The `capacity` stack output, when it has the expected shape. */
export function capacityOf(value: unknown): Capacity | undefined {
  const v = value as Partial<Capacity> | undefined;
  if (!v || typeof v !== "object") return undefined;
  const ok = (n: unknown) => typeof n === "number" && Number.isFinite(n) && n >= 0;
  return ok(v.nodes) && ok(v.cpuMillis) && ok(v.memoryMiB) ? { nodes: v.nodes!, cpuMillis: v.cpuMillis!, memoryMiB: v.memoryMiB! } : undefined;
}
