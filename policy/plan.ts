/**
 * The pack's rules applied to the offline plan (`npm run plan -- --out <dir>` writes
 * resources.json): the same verdicts a `pulumi preview --policy-pack policy` gives, without a
 * cloud account or a cluster.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { rules as allRules, type Rule, type RuleResource } from "./rules";

export type EnforcementLevel = "mandatory" | "advisory" | "disabled";

/** Pulumi's policy-pack config: policy name -> level, or { enforcementLevel } (as --policy-pack-config reads it). */
export type PackConfig = Record<string, EnforcementLevel | { enforcementLevel?: EnforcementLevel; [k: string]: unknown }>;

export interface Finding {
  rule: string;
  level: EnforcementLevel;
  urn?: string;
  message: string;
}

/** One entry of resources.json (the offline plan's contract; a type only, nothing loaded). */
export type { ResourceEntry as PlanEntry } from "../tools/plan/types";
import type { ResourceEntry as PlanEntry } from "../tools/plan/types";

/** A resources.json entry in the rules' shape. */
export function fromPlanEntry(e: PlanEntry): RuleResource {
  return {
    type: e.type,
    urn: e.urn,
    name: e.name,
    props: (e.inputs ?? {}) as Record<string, any>,
    protect: e.protect === true,
    ...(typeof e.retainOnDelete === "boolean" ? { retainOnDelete: e.retainOnDelete } : {}),
    dependsOn: e.dependsOn ?? [],
  };
}

/** The message a violation is reported with: what is wrong, then what to do. */
export function violationMessage(rule: Rule, what: string): string {
  return `${what}: ${rule.remedy}`;
}

/** The rule's own settings in the pack config (everything but enforcementLevel). */
export function settingsOf(rule: Rule, config: PackConfig = {}): Record<string, unknown> {
  const c = config[rule.name];
  if (!c || typeof c === "string") return {};
  const { enforcementLevel: _l, ...rest } = c;
  return rest;
}

export function levelOf(rule: Rule, config: PackConfig = {}): EnforcementLevel {
  const c = config[rule.name];
  if (typeof c === "string") return c;
  return c?.enforcementLevel ?? "mandatory";
}

/** Every violation of every rule not disabled by the config. */
export function checkResources(resources: readonly RuleResource[], config: PackConfig = {}, rules: readonly Rule[] = allRules): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const level = levelOf(rule, config);
    if (level === "disabled") continue;
    const settings = settingsOf(rule, config);
    if (rule.kind === "resource") {
      for (const r of resources) for (const what of rule.check(r, settings)) out.push({ rule: rule.name, level, urn: r.urn, message: violationMessage(rule, what) });
    } else for (const v of rule.check(resources, settings)) out.push({ rule: rule.name, level, urn: v.urn, message: violationMessage(rule, v.message) });
  }
  return out;
}

/** Check a plan's resources.json (or the --out directory holding it). */
export function checkPlan(file: string, config: PackConfig = {}): Finding[] {
  const p = fs.statSync(file).isDirectory() ? path.join(file, "resources.json") : file;
  const entries = JSON.parse(fs.readFileSync(p, "utf8")) as PlanEntry[];
  return checkResources(entries.map(fromPlanEntry), config);
}

/**
 * The third-party charts of a plan. Under the mock engine a chart registers as one resource: the
 * objects it renders (its Deployments, roles, Services) are not in the offline plan, so the
 * rules see them only in `pulumi preview --policy-pack policy`.
 */
export function chartsIn(file: string): string[] {
  const p = fs.statSync(file).isDirectory() ? path.join(file, "resources.json") : file;
  const entries = JSON.parse(fs.readFileSync(p, "utf8")) as PlanEntry[];
  return entries.filter((e) => /^kubernetes:helm\.sh\/v[34]:(Chart|Release)$/.test(e.type)).map((e) => e.name).sort();
}

export function readPackConfig(file: string | undefined): PackConfig {
  return file ? (JSON.parse(fs.readFileSync(file, "utf8")) as PackConfig) : {};
}
