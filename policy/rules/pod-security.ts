import { containerLabel, containersOf, describeObject, objectNamespace, podSecurityLevels, podSpecOf } from "./k8s";
import type { StackRule, Violation } from "./types";

/** What the restricted Pod Security Standard asks of one pod, as violations (empty: compliant). */
export function restrictedGaps(pod: Record<string, any>): string[] {
  const out: string[] = [];
  const psc = pod.securityContext ?? {};
  const seccompOk = (t: unknown) => t === "RuntimeDefault" || t === "Localhost";
  for (const c of containersOf(pod)) {
    const sc = c.container.securityContext ?? {};
    const gaps: string[] = [];
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) gaps.push("runAsNonRoot true");
    if ((sc.runAsUser ?? psc.runAsUser) === 0) gaps.push("a non-zero runAsUser");
    if (sc.allowPrivilegeEscalation !== false) gaps.push("allowPrivilegeEscalation false");
    const drop = Array.isArray(sc.capabilities?.drop) ? sc.capabilities.drop.map((x: string) => String(x).toUpperCase()) : [];
    if (!drop.includes("ALL")) gaps.push("capabilities.drop [ALL]");
    const added = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add.filter((x: string) => String(x).toUpperCase() !== "NET_BIND_SERVICE") : [];
    if (added.length) gaps.push(`no added capabilities (adds ${added.join(", ")})`);
    if (!seccompOk(sc.seccompProfile?.type ?? psc.seccompProfile?.type)) gaps.push("seccompProfile RuntimeDefault");
    if (gaps.length) out.push(`${containerLabel(c)} needs ${gaps.join(", ")}`);
  }
  const sa = pod.serviceAccountName ?? pod.serviceAccount;
  if ((sa === undefined || sa === "default") && pod.automountServiceAccountToken !== false) out.push("the default service account's token is mounted (automountServiceAccountToken false)");
  return out;
}

/**
 * Pods in a namespace enforcing the restricted Pod Security Standard meet it at preview time
 * (non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp), instead
 * of being rejected by the API server mid-deployment; and no pod carries a token it does not use.
 */
export const podSecurity: StackRule = {
  kind: "stack",
  name: "pod-security-restricted",
  description: "Pods in namespaces enforcing the restricted Pod Security Standard meet it; pods of the default service account mount no token.",
  remedy: "set the restricted security context (runAsNonRoot, allowPrivilegeEscalation false, drop ALL, seccomp RuntimeDefault) and automountServiceAccountToken false",
  check(resources) {
    const levels = podSecurityLevels(resources);
    const out: Violation[] = [];
    for (const r of resources) {
      const pod = podSpecOf(r);
      const ns = pod && objectNamespace(r);
      if (!pod || !ns || levels.get(ns) !== "restricted") continue;
      for (const gap of restrictedGaps(pod)) out.push({ urn: r.urn, message: `${describeObject(r)}: ${gap}` });
    }
    return out;
  },
};
