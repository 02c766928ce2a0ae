// The deploy critical path: the longest chain of deployment steps. A step waits for its
// dependencies and its provider; a dependency on a non-step (a component) means every step
// below it. Shared by the plan summary and the bench's budget check.

/** The fields of a resources.json entry the chain reads. */
export interface ChainEntry {
  urn: string;
  parent: string | null;
  dependsOn: readonly string[];
  provider: string | null;
}

export interface DeployChain<T> {
  /** the longest chain, first step first */
  chain: T[];
  /** the steps a step waits for, sorted */
  waitsFor: (entry: T) => string[];
  /** steps on the longest chain ending at this step */
  depth: (entry: T) => number;
}

/**
 * `isStep`: what a deployment waits on. `isLeaf`: entries whose children are not looked into
 * (a custom resource's children are not steps of the graph).
 */
export function deployChain<T extends ChainEntry>(entries: readonly T[], isStep: (e: T) => boolean, isLeaf: (e: T) => boolean): DeployChain<T> {
  const byUrn = new Map(entries.map((e) => [e.urn, e]));
  const kids = new Map<string, T[]>();
  for (const e of entries) if (e.parent) kids.set(e.parent, [...(kids.get(e.parent) ?? []), e]);

  const below = new Map<string, string[]>();
  const stepsBelow = (urn: string): string[] => {
    const hit = below.get(urn);
    if (hit) return hit;
    below.set(urn, []); // a parent cycle cannot recurse forever
    const out: string[] = [];
    for (const c of kids.get(urn) ?? []) {
      if (isStep(c)) out.push(c.urn);
      if (!isLeaf(c)) out.push(...stepsBelow(c.urn));
    }
    below.set(urn, out);
    return out;
  };
  const waitsFor = (e: T): string[] => {
    const out = new Set<string>();
    for (const d of [...e.dependsOn, ...(e.provider ? [e.provider] : [])]) {
      const dep = byUrn.get(d);
      if (!dep) continue;
      if (isStep(dep)) out.add(d);
      if (!isLeaf(dep)) for (const s of stepsBelow(d)) out.add(s);
    }
    out.delete(e.urn);
    return [...out].sort();
  };

  const memo = new Map<string, { depth: number; next?: string }>();
  const visiting = new Set<string>();
  const depth = (urn: string): number => {
    const hit = memo.get(urn);
    if (hit) return hit.depth;
    if (visiting.has(urn)) return 0; // a dependency cycle cannot deploy; do not loop on it
    visiting.add(urn);
    let best: { depth: number; next?: string } = { depth: 1 };
    for (const d of waitsFor(byUrn.get(urn)!)) {
      const n = depth(d) + 1;
      if (n > best.depth) best = { depth: n, next: d };
    }
    visiting.delete(urn);
    memo.set(urn, best);
    return best.depth;
  };

  let start: string | undefined;
  let max = 0;
  for (const e of entries) {
    if (!isStep(e)) continue;
    const d = depth(e.urn);
    if (d > max) [max, start] = [d, e.urn];
  }
  const chain: T[] = [];
  for (let u = start; u; u = memo.get(u)?.next) chain.push(byUrn.get(u)!);
  return { chain: chain.reverse(), waitsFor, depth: (e) => depth(e.urn) };
}
