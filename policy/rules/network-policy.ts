import { isKind, objectName, objectNamespace } from "./k8s";
import type { RuleResource, StackRule, Violation } from "./types";

/** A policy selecting every pod of its namespace for both directions: what is not allowed is denied. */
export function isDefaultDeny(r: RuleResource): boolean {
  const spec = r.props?.spec ?? {};
  const sel = spec.podSelector ?? {};
  const selectsAll = Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  return selectsAll && types.includes("Ingress") && types.includes("Egress");
}

/** DIGIT's namespaces: every Namespace the stack creates with the platform's part-of label. */
export function digitNamespaces(resources: readonly RuleResource[]): RuleResource[] {
  return resources.filter((r) => isKind(r, "Namespace", "core") && r.props?.metadata?.labels?.["app.kubernetes.io/part-of"] === "digit");
}

/**
 * Every DIGIT namespace denies by default, in and out: a NetworkPolicy selects all its pods for
 * ingress and egress, so only the flows other policies allow explicitly get through.
 */
export const networkPolicyPerNamespace: StackRule = {
  kind: "stack",
  name: "network-policy-per-namespace",
  description: "Every DIGIT namespace has a default-deny NetworkPolicy (all pods, ingress and egress).",
  remedy: "keep digit:security.networkIsolation on (components/security: default deny plus explicit allows)",
  check(resources) {
    const denying = new Set(resources.filter((r) => isKind(r, "NetworkPolicy", "networking.k8s.io") && isDefaultDeny(r)).map(objectNamespace));
    const out: Violation[] = [];
    for (const ns of digitNamespaces(resources))
      if (!denying.has(objectName(ns))) out.push({ urn: ns.urn, message: `Namespace ${objectName(ns)} has no default-deny NetworkPolicy` });
    return out;
  },
};
