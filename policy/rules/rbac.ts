import { describeObject, isKind } from "./k8s";
import type { ResourceRule, RuleConfig } from "./types";

/**
 * Roles of the pinned third-party charts that grant every verb on resources they name, each
 * read in the chart's templates: the operator owns those objects in full. Every resource (`*`)
 * and cluster-admin are never on this list.
 */
export const reviewedWildcardVerbs: Readonly<Record<string, string>> = {
  "ClusterRole kps-operator":
    "kube-prometheus-stack 81.6.2, templates/prometheus-operator/clusterrole.yaml: the Prometheus operator manages its custom resources, and the StatefulSets, ConfigMaps and Secrets of Prometheus and Alertmanager",
};

function allowed(config: RuleConfig | undefined): Set<string> {
  return new Set(Array.isArray(config?.allow) ? config.allow.map(String) : []);
}

/** Roles Kubernetes ships that grant everything, or every write in a namespace. */
const ALL_POWERFUL = new Set(["cluster-admin", "admin"]);

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * Least privilege in RBAC: no Role or ClusterRole granting every verb or every resource, no
 * binding to cluster-admin (or admin cluster-wide). It applies to the GitOps agents' own roles as
 * well: whoever controls the agent's repository holds what the agent holds. An agent that must
 * hold cluster-wide rights (the Pulumi Kubernetes Operator runs the whole platform) is made an
 * exception on purpose, in the pack's config (docs/security.md).
 */
export const rbacLeastPrivilege: ResourceRule = {
  kind: "resource",
  name: "rbac-least-privilege",
  description: "No Role or ClusterRole with wildcard verbs or resources, no binding to cluster-admin.",
  remedy: "grant the verbs and resources the workload uses; an agent that needs cluster-wide rights is an exception listed on purpose in the pack's config (rbac-least-privilege.allow)",
  configSchema: { properties: { allow: { type: "array", items: { type: "string" }, description: "objects allowed on purpose, as `<Kind> <name>` (e.g. ClusterRoleBinding digit-pulumi)" } } },
  check(r, config) {
    const out: string[] = [];
    const id = describeObject(r);
    if (allowed(config).has(id)) return out;
    if (isKind(r, "Role", "rbac.authorization.k8s.io") || isKind(r, "ClusterRole", "rbac.authorization.k8s.io")) {
      for (const [i, rule] of (Array.isArray(r.props?.rules) ? r.props.rules : []).entries()) {
        const verbs = list(rule?.verbs);
        const resources = list(rule?.resources);
        if (verbs.includes("*") && !(reviewedWildcardVerbs[id] && !resources.includes("*"))) out.push(`${describeObject(r)} rule ${i} grants every verb (*)`);
        if (resources.includes("*")) out.push(`${describeObject(r)} rule ${i} covers every resource (*)`);
        if (list(rule?.nonResourceURLs).includes("*")) out.push(`${describeObject(r)} rule ${i} covers every non-resource URL (*)`);
      }
    }
    if (isKind(r, "ClusterRoleBinding", "rbac.authorization.k8s.io") || isKind(r, "RoleBinding", "rbac.authorization.k8s.io")) {
      const role = r.props?.roleRef;
      const cluster = isKind(r, "ClusterRoleBinding");
      if (role?.kind === "ClusterRole" && (role.name === "cluster-admin" || (cluster && ALL_POWERFUL.has(role.name)))) {
        const who = list((r.props?.subjects ?? []).map((s: any) => `${s?.kind ?? "?"} ${s?.namespace ? `${s.namespace}/` : ""}${s?.name ?? "?"}`));
        out.push(`${describeObject(r)} binds ${who.join(", ") || "its subjects"} to ${role.name}`);
      }
    }
    return out;
  },
};
