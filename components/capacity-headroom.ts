import type { CapacityOffer } from "../providers/target";
import type { Requests } from "./capacity";

/**
 * Headroom a production cluster needs beyond "the pods fit": DIGIT's services roll with an extra
 * pod each (maxSurge 1, maxUnavailable 0) and one `pulumi up` can roll them all at once, so the
 * pods plus that surge must fit the nodes; and in production a node must be able to drain (an
 * upgrade, a failure) with the pods at rest still placed on the others.
 */
export interface Demand {
  /** what the pods request at rest */
  requests: Requests;
  /** what rolling every Deployment at once adds */
  surge: Requests;
}

const cpu = (m: number) => `${(m / 1000).toFixed(1)} CPU`;
const gib = (mib: number) => `${(mib / 1024).toFixed(1)}Gi`;
const fits = (r: Requests, c: Requests) => r.cpuMillis <= c.cpuMillis && r.memoryMiB <= c.memoryMiB;
const pair = (r: Requests) => `${cpu(r.cpuMillis)} and ${gib(r.memoryMiB)}`;

/** Which headroom to ask for besides the rolling update's; default both. */
export interface HeadroomOptions {
  /** one node may drain with the pods at rest placed on the others (production); default true */
  drain?: boolean;
}

/** What the demand lacks on these nodes, one line per missing headroom, with both sides' numbers; empty when it has them. */
export function headroomProblems(demand: Demand, capacity: CapacityOffer, opts: HeadroomOptions = {}): string[] {
  const out: string[] = [];
  const rolling = { cpuMillis: demand.requests.cpuMillis + demand.surge.cpuMillis, memoryMiB: demand.requests.memoryMiB + demand.surge.memoryMiB };
  if (!fits(rolling, capacity))
    out.push(`a rolling update of every service needs ${pair(rolling)} (${pair(demand.requests)} at rest + ${pair(demand.surge)} surge), but the ${capacity.nodes} nodes offer ${pair(capacity)}`);
  if (opts.drain === false) return out;
  const share = capacity.nodes > 1 ? (capacity.nodes - 1) / capacity.nodes : 0;
  const drained = { cpuMillis: capacity.cpuMillis * share, memoryMiB: capacity.memoryMiB * share };
  if (!fits(demand.requests, drained))
    out.push(`with one node drained the remaining ${capacity.nodes - 1} offer ${pair(drained)}, less than the ${pair(demand.requests)} the pods request at rest`);
  return out;
}

/** The fewest nodes of this allocatable size (at least `atLeast`) that give the demand its headroom. */
export function nodesFor(demand: Demand, perNode: Requests, atLeast = 1, opts: HeadroomOptions = {}): number {
  if (perNode.cpuMillis <= 0 || perNode.memoryMiB <= 0) throw new Error(`nodesFor: a node must offer CPU and memory (got ${JSON.stringify(perNode)})`);
  for (let n = Math.max(1, atLeast); ; n++)
    if (!headroomProblems(demand, { nodes: n, cpuMillis: n * perNode.cpuMillis, memoryMiB: n * perNode.memoryMiB }, opts).length) return n;
}
