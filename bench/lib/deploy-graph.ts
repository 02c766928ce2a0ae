// The deploy critical path of a plan's resources.json, computed independently of the plan (pure).
// A step is a resource a deployment waits on: anything but the stack and the program's own
// components. A step waits for its dependencies and its provider; waiting on a component means
// waiting on every step below it. The depth is the longest chain of steps.

/** The fields of a resources.json entry the check reads. */
export interface GraphEntry {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  dependsOn: string[];
  provider: string | null;
}

export interface DeployGraphReport {
  /** steps on the longest chain */
  depth: number;
  /** the longest chain, first step first */
  chain: Array<{ name: string; type: string }>;
  /** DIGIT services found (resources of the service type) */
  services: number;
  /** the deepest step inside any service */
  serviceDepth: number;
  /** a step of one service waiting on a resource of another service */
  crossServiceDependencies: Array<{ from: string; to: string }>;
}

export interface DeployGraphOptions {
  /** types that are components (not steps); default: the stack and every `digit:` type */
  isComponent?: (type: string) => boolean;
  /** the type of a DIGIT service component */
  serviceType?: string;
}

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const SERVICE_TYPE = "digit:services:DigitService";

export function defaultIsComponent(type: string): boolean {
  return type === STACK_TYPE || type.startsWith("digit:");
}

export function analyzeDeployGraph(entries: readonly GraphEntry[], opts: DeployGraphOptions = {}): DeployGraphReport {
  const isComponent = opts.isComponent ?? defaultIsComponent;
  const serviceType = opts.serviceType ?? SERVICE_TYPE;
  const byUrn = new Map(entries.map((e) => [e.urn, e]));
  const kids = new Map<string, GraphEntry[]>();
  for (const e of entries) if (e.parent) kids.set(e.parent, [...(kids.get(e.parent) ?? []), e]);
  const isStep = (e: GraphEntry) => !isComponent(e.type);

  const below = new Map<string, string[]>();
  const stepsBelow = (urn: string): string[] => {
    const hit = below.get(urn);
    if (hit) return hit;
    below.set(urn, []); // a parent cycle cannot recurse forever
    const out: string[] = [];
    for (const c of kids.get(urn) ?? []) {
      if (isStep(c)) out.push(c.urn);
      out.push(...stepsBelow(c.urn));
    }
    below.set(urn, out);
    return out;
  };
  const waitsFor = (e: GraphEntry): string[] => {
    const out = new Set<string>();
    for (const d of [...e.dependsOn, ...(e.provider ? [e.provider] : [])]) {
      const dep = byUrn.get(d);
      if (!dep) continue;
      if (isStep(dep)) out.add(d);
      else for (const s of stepsBelow(d)) out.add(s);
    }
    out.delete(e.urn);
    return [...out];
  };

  const memo = new Map<string, { depth: number; next?: string }>();
  const visiting = new Set<string>();
  const depth = (urn: string): number => {
    const hit = memo.get(urn);
    if (hit) return hit.depth;
    if (visiting.has(urn)) return 0; // a dependency cycle cannot deploy; do not loop on it
    visiting.add(urn);
    let best: { depth: number; next?: string } = { depth: 1 };
    for (const d of waitsFor(byUrn.get(urn)!).sort()) {
      const n = depth(d) + 1;
      if (n > best.depth) best = { depth: n, next: d };
    }
    visiting.delete(urn);
    memo.set(urn, best);
    return best.depth;
  };

  // The service each resource belongs to (its nearest service ancestor, or itself).
  const serviceOf = new Map<string, string | null>();
  const owner = (urn: string): string | null => {
    if (serviceOf.has(urn)) return serviceOf.get(urn)!;
    serviceOf.set(urn, null);
    const e = byUrn.get(urn);
    const found = !e ? null : e.type === serviceType ? e.urn : e.parent ? owner(e.parent) : null;
    serviceOf.set(urn, found);
    return found;
  };

  let start: string | undefined;
  let max = 0;
  let serviceDepth = 0;
  const cross: Array<{ from: string; to: string }> = [];
  for (const e of entries) {
    if (!isStep(e)) continue;
    const d = depth(e.urn);
    if (d > max) [max, start] = [d, e.urn];
    const mine = owner(e.urn);
    if (!mine) continue;
    serviceDepth = Math.max(serviceDepth, d);
    for (const w of waitsFor(e)) {
      const theirs = owner(w);
      if (theirs && theirs !== mine) cross.push({ from: e.urn, to: w });
    }
  }
  const chain: Array<{ name: string; type: string }> = [];
  for (let u = start; u; u = memo.get(u)?.next) chain.push({ name: byUrn.get(u)!.name, type: byUrn.get(u)!.type });
  return {
    depth: max,
    chain: chain.reverse(),
    services: entries.filter((e) => e.type === serviceType).length,
    serviceDepth,
    crossServiceDependencies: cross,
  };
}
