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

/** A rule of a policy that admits every peer on every port. */
function allowsAll(rule: Record<string, any>, peersKey: "from" | "to"): boolean {
  const peers = rule?.[peersKey];
  const ports = rule?.ports;
  const anyPeer =
    !Array.isArray(peers) ||
    peers.length === 0 ||
    peers.some(
      (p: any) =>
        (p?.ipBlock?.cidr === "0.0.0.0/0" && !(p.ipBlock.except ?? []).length) ||
        (p?.namespaceSelector && Object.keys(p.namespaceSelector.matchLabels ?? {}).length === 0 && !(p.namespaceSelector.matchExpressions ?? []).length && !p.podSelector),
    );
  return anyPeer && (!Array.isArray(ports) || ports.length === 0);
}

/**
 * Beside a default deny, no policy that allows everything (every peer on every port, in or out):
 * it silently undoes the deny for the pods it selects.
 */
export const noAllowAllPolicy: StackRule = {
  kind: "stack",
  name: "no-allow-all-network-policy",
  description: "No NetworkPolicy allows every peer on every port in a namespace that denies by default.",
  remedy: "allow the peers and ports the flow needs (components/security/flows.ts), or digit:security.egress for a destination outside the cluster",
  check(resources) {
    const policies = resources.filter((r) => isKind(r, "NetworkPolicy", "networking.k8s.io"));
    const denying = new Set(policies.filter(isDefaultDeny).map(objectNamespace));
    const out: Violation[] = [];
    for (const r of policies) {
      const ns = objectNamespace(r);
      if (!denying.has(ns) || isDefaultDeny(r)) continue;
      const spec = r.props?.spec ?? {};
      for (const [dir, key, peers] of [["ingress", "ingress", "from"], ["egress", "egress", "to"]] as const)
        if ((Array.isArray(spec[key]) ? spec[key] : []).some((rule: any) => allowsAll(rule, peers)))
          out.push({ urn: r.urn, message: `NetworkPolicy ${ns}/${objectName(r)} allows all ${dir} beside the namespace's default deny` });
    }
    return out;
  },
};
