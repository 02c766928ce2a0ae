// Deploy critical path: the longest dependency chain of each planned stack's resources.json,
// against the budget of its target kind, and no DIGIT service waiting on another service.
import * as fs from "node:fs";
import { analyzeDeployGraph, type GraphEntry } from "../lib/deploy-graph";
import { plannedDepth } from "../lib/context";
import { table, type Budget, type SectionResult } from "../lib/report";
import type { PlannedStack } from "./startup";

export const TITLE = "Deploy critical path";
export const BUDGETS = ["longest chain, cloud production stack", "longest chain, sdc", "DIGIT services depending on another service"];

/** The budget of a target kind: a cloud builds its cluster first; a kubeconfig target has one. */
export function depthBudget(kind: string): number | undefined {
  if (["aws", "azure", "gcp"].includes(kind)) return 12;
  if (kind === "sdc") return 6;
  return undefined;
}

function short(type: string): string {
  return type.replace(/^kubernetes:/, "").replace(/^pulumi:providers:/, "provider:");
}

export function deployPath(plans: readonly PlannedStack[]): SectionResult {
  const budgets: Budget[] = [];
  const rows: string[][] = [];
  const chains: string[] = [];
  let crossTotal = 0;
  const crossSamples: string[] = [];
  for (const p of plans) {
    const entries = JSON.parse(fs.readFileSync(p.resourcesJson, "utf8")) as GraphEntry[];
    const g = analyzeDeployGraph(entries);
    const limit = depthBudget(p.kind);
    const printed = plannedDepth(p.stdout);
    rows.push([
      p.label,
      String(entries.length),
      String(g.depth),
      printed === undefined ? "n/a" : String(printed),
      limit === undefined ? "none" : `<= ${limit}`,
      `${g.services} services, deepest service step at depth ${g.serviceDepth}`,
      String(g.crossServiceDependencies.length),
    ]);
    chains.push(`- ${p.label}: ${g.chain.map((c) => `${c.name} [${short(c.type)}]`).join(" -> ")}`);
    crossTotal += g.crossServiceDependencies.length;
    for (const c of g.crossServiceDependencies.slice(0, 3)) crossSamples.push(`- ${p.label}: ${c.from} waits on ${c.to}`);
    if (limit !== undefined)
      budgets.push({ what: `longest chain, ${p.label}`, measured: `${g.depth} steps`, limit: `<= ${limit}`, pass: g.depth <= limit });
  }
  budgets.push({ what: BUDGETS[2], measured: String(crossTotal), limit: "0", pass: plans.length ? crossTotal === 0 : null });
  const body = [
    "Computed by bench/lib/deploy-graph.ts from each plan's resources.json: a step is any resource but the stack and the `digit:` components; a step waits on its dependencies (a component stands for every step below it) and its provider. The plan's own figure (its summary) is shown beside it.",
    "",
    table(["stack", "resources", "critical path (bench)", "critical path (plan summary)", "budget", "services", "cross-service dependencies"], rows),
    "",
    "Longest chains:",
    "",
    ...chains,
    ...(crossSamples.length ? ["", "Cross-service dependencies (first ones):", "", ...crossSamples] : []),
  ].join("\n");
  return { title: TITLE, budgets, body, commands: [] };
}
