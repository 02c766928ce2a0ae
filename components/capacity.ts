import type { CapacityOffer } from "../providers/target";
import { ConfigError } from "../config/errors";
import { mebibytes, millicores } from "../lib/quantity";

type K8sObject = Record<string, any>;

export interface Requests {
  cpuMillis: number;
  memoryMiB: number;
}

const zero = (): Requests => ({ cpuMillis: 0, memoryMiB: 0 });

function quantity(v: unknown, parse: (q: string) => number): number | undefined {
  if (typeof v === "number") return parse(String(v));
  if (typeof v !== "string") return undefined;
  try {
    return parse(v);
  } catch {
    return undefined;
  }
}

/**
 * A pod's effective request, as the scheduler computes it: the larger of (containers + sidecars)
 * and the largest plain init container (+ sidecars). Requests default to limits when only limits
 * are set; a container with neither is recorded in `missing` as `<where>/<container>`.
 */
export function podRequests(pod: K8sObject | undefined, where = "pod", missing: string[] = []): Requests {
  const one = (c: any): Requests => {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    const cpu = quantity(req.cpu ?? lim.cpu, millicores);
    const mem = quantity(req.memory ?? lim.memory, mebibytes);
    if (cpu === undefined || mem === undefined) missing.push(`${where}/${c?.name ?? "?"}`);
    return { cpuMillis: cpu ?? 0, memoryMiB: mem ?? 0 };
  };
  const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  const sum = (xs: Requests[]) => xs.reduce((a, b) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB }), zero());
  const sidecars = list(pod?.initContainers).filter((c) => c?.restartPolicy === "Always");
  const inits = list(pod?.initContainers).filter((c) => c?.restartPolicy !== "Always");
  const side = sum(sidecars.map(one));
  const running = sum([...list(pod?.containers).map(one), side]);
  const initPeak = inits.map(one).reduce((a, b) => ({ cpuMillis: Math.max(a.cpuMillis, b.cpuMillis), memoryMiB: Math.max(a.memoryMiB, b.memoryMiB) }), zero());
  return {
    cpuMillis: Math.max(running.cpuMillis, initPeak.cpuMillis + side.cpuMillis),
    memoryMiB: Math.max(running.memoryMiB, initPeak.memoryMiB + side.memoryMiB),
  };
}

/**
 * Requests of the long-running workloads among these objects: Deployments and StatefulSets
 * (replicas, or `replicasWhenAutoscaled` when an HPA owns the count), CloudNativePG clusters and
 * ECK node sets. Jobs and charts' own pods are not counted (the plan summary says so).
 */
export function workloadRequests(objects: K8sObject[], replicasWhenAutoscaled = 2): Requests {
  const total = zero();
  const add = (r: Requests, n: number) => {
    total.cpuMillis += r.cpuMillis * n;
    total.memoryMiB += r.memoryMiB * n;
  };
  for (const o of objects) {
    if (o.kind === "Deployment" || o.kind === "StatefulSet") add(podRequests(o.spec?.template?.spec), o.spec?.replicas ?? replicasWhenAutoscaled);
    else if (o.kind === "Cluster" && o.apiVersion?.startsWith("postgresql.cnpg.io")) add(podRequests({ containers: [{ resources: o.spec?.resources }] }), o.spec?.instances ?? 1);
    else if (o.kind === "Elasticsearch" && o.apiVersion?.startsWith("elasticsearch.k8s.elastic.co"))
      for (const ns of o.spec?.nodeSets ?? []) add(podRequests(ns.podTemplate?.spec), ns.count ?? 1);
  }
  return total;
}

const cpu = (m: number) => `${(m / 1000).toFixed(1)} CPU`;
const mem = (mib: number) => (mib >= 1024 ? `${(mib / 1024).toFixed(1)}Gi` : `${Math.round(mib)}Mi`);

/**
 * Compare what the platform requests with what the target's nodes offer. Over capacity, pods
 * would stay Pending after `pulumi up`: fail before anything is registered, or warn when the
 * stack says so (digit:target.capacityCheck). Returns the warning, if any.
 */
export function checkCapacity(requested: Requests, capacity: CapacityOffer | undefined, mode: "fail" | "warn"): string | undefined {
  if (!capacity) return undefined;
  const over = requested.cpuMillis > capacity.cpuMillis || requested.memoryMiB > capacity.memoryMiB;
  if (!over) return undefined;
  const message =
    `digit:target: the stack requests ${cpu(requested.cpuMillis)} and ${mem(requested.memoryMiB)} of memory, ` +
    `but the target's ${capacity.nodes} nodes offer ${cpu(capacity.cpuMillis)} and ${mem(capacity.memoryMiB)}: ` +
    `add nodes (digit:target.capacity or nodes), lower replicas or resources in digit:services / digit:backbone, ` +
    `or set digit:target.capacityCheck: warn to deploy anyway`;
  if (mode === "fail") throw new ConfigError([message]);
  return message;
}

/** Every Kubernetes object inside a plan (nested arrays and records), for counting its workloads. */
export function objectsIn(plan: unknown, out: K8sObject[] = []): K8sObject[] {
  if (Array.isArray(plan)) plan.forEach((p) => objectsIn(p, out));
  else if (plan && typeof plan === "object") {
    const o = plan as K8sObject;
    if (typeof o.kind === "string" && typeof o.apiVersion === "string") out.push(o);
    else Object.values(o).forEach((v) => objectsIn(v, out));
  }
  return out;
}
