// The deploy critical path of a plan's resources.json (pure), by the plan's own rule
// (tools/plan/critical-path.ts), plus the service-level checks of the bench's budget.
// A step is a resource a deployment waits on: anything but the stack and the program's own
// components. A step waits for its dependencies and its provider; waiting on a component means
// waiting on every step below it. The depth is the longest chain of steps.

import { deployChain } from "../../tools/plan/critical-path";

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
  const isStep = (e: GraphEntry) => !isComponent(e.type);
  // resources.json has no custom/remote flag: the program's component types tell steps apart.
  const { chain, waitsFor, depth } = deployChain(entries, isStep, isStep);

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

  let serviceDepth = 0;
  const cross: Array<{ from: string; to: string }> = [];
  for (const e of entries) {
    if (!isStep(e)) continue;
    const mine = owner(e.urn);
    if (!mine) continue;
    serviceDepth = Math.max(serviceDepth, depth(e));
    for (const w of waitsFor(e)) {
      const theirs = owner(w);
      if (theirs && theirs !== mine) cross.push({ from: e.urn, to: w });
    }
  }
  return {
    depth: chain.length,
    chain: chain.map((e) => ({ name: e.name, type: e.type })),
    services: entries.filter((e) => e.type === serviceType).length,
    serviceDepth,
    crossServiceDependencies: cross,
  };
}
