/**
 * The rules as @pulumi/policy policies. Kept apart from index.ts (which starts the policy server)
 * so tests can exercise exactly what the pack registers.
 */
import type { PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { violationMessage } from "./plan";
import { rules, UNKNOWN, type Rule, type RuleResource } from "./rules";

/**
 * A deep plain copy of the engine's properties: a value not known yet during preview (the
 * policy SDK throws when one is read) becomes "[unknown]", as in the offline plan.
 */
export function plainProps(v: unknown, depth = 0): any {
  if (depth > 64 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => read(v, i, depth));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = read(v as Record<string, unknown>, k, depth);
  return out;
}

function read(o: any, k: string | number, depth: number): unknown {
  try {
    return plainProps(o[k], depth + 1);
  } catch {
    return UNKNOWN;
  }
}

export function fromResourceArgs(args: Pick<ResourceValidationArgs, "type" | "urn" | "name" | "props" | "opts">): RuleResource {
  return { type: args.type, urn: args.urn, name: args.name, props: plainProps(args.props) ?? {}, protect: args.opts?.protect === true, dependsOn: [] };
}

export function fromPolicyResource(r: PolicyResource): RuleResource {
  const deps = new Set<string>(r.dependencies.map((d) => d.urn));
  for (const list of Object.values(r.propertyDependencies)) for (const d of list) deps.add(d.urn);
  return { type: r.type, urn: r.urn, name: r.name, props: plainProps(r.props) ?? {}, protect: r.opts?.protect === true, dependsOn: [...deps].sort() };
}

/** The policy's settings from --policy-pack-config (the SDK's getConfig; none when called without one). */
function configOf(args: { getConfig?: <T extends object>() => T }): Record<string, unknown> {
  return typeof args.getConfig === "function" ? args.getConfig<Record<string, unknown>>() : {};
}

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const base = {
    name: rule.name,
    description: rule.description,
    enforcementLevel: "mandatory" as const,
    remediationSteps: rule.remedy,
    ...(rule.configSchema ? { configSchema: rule.configSchema as PolicyConfigSchema } : {}),
  };
  if (rule.kind === "resource")
    return {
      ...base,
      validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        for (const what of rule.check(fromResourceArgs(args), configOf(args))) report(violationMessage(rule, what));
      },
    };
  return {
    ...base,
    validateStack: (args, report) => {
      for (const v of rule.check(args.resources.map(fromPolicyResource), configOf(args))) report(violationMessage(rule, v.message), v.urn);
    },
  };
}

export const policies = rules.map(toPolicy);
