/**
 * The shapes every rule works on: plain data, the same whether it comes from `pulumi preview`
 * (through policy/policies.ts) or from the offline plan's resources.json (through policy/plan.ts).
 * Values that are secret print as "[secret]" in the offline plan; values not known yet (preview)
 * are "[unknown]" in both.
 */
export interface RuleResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`, `aws:rds/instance:Instance` */
  type: string;
  urn: string;
  name: string;
  /** the resource's inputs */
  props: Record<string, any>;
  /** the `protect` resource option */
  protect: boolean;
  /** the `retainOnDelete` option where known (the offline plan records it; `pulumi preview` does not pass it to packs) */
  retainOnDelete?: boolean;
  /** URNs the resource depends on (explicitly or through its inputs) */
  dependsOn: string[];
}

export interface Violation {
  /** the offending resource; absent = the stack as a whole */
  urn?: string;
  message: string;
}

interface RuleBase {
  /** the policy's name in the pack (kebab-case) */
  name: string;
  description: string;
  /** what to do about a violation, appended to every message */
  remedy: string;
}

/** A rule's own settings from the pack's config (`--policy-pack-config`), besides its enforcement level. */
export type RuleConfig = Record<string, unknown>;

interface Configurable {
  /** JSON Schema of the rule's settings, for Pulumi's policy-pack config; default none */
  configSchema?: { properties: Record<string, unknown> };
}

/** A rule about one resource at a time. */
export interface ResourceRule extends RuleBase, Configurable {
  kind: "resource";
  /** messages without the rule's name; empty when the resource complies or the rule does not apply */
  check(r: RuleResource, config?: RuleConfig): string[];
}

/** A rule that needs the whole stack (cross-resource facts such as a namespace's labels). */
export interface StackRule extends RuleBase, Configurable {
  kind: "stack";
  check(resources: readonly RuleResource[], config?: RuleConfig): Violation[];
}

export type Rule = ResourceRule | StackRule;

export const UNKNOWN = "[unknown]";
export const SECRET = "[secret]";

/** A value the rule cannot judge yet (computed during preview). */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}
