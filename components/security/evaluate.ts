/**
 * Kubernetes NetworkPolicy semantics over plain objects: whether one connection would be allowed.
 * Used to prove the isolation (tests) and to answer "why is this blocked" from a plan's manifests.
 * Addresses outside the cluster are matched by ipBlock only; pods by selectors only.
 */
type K8sObject = Record<string, any>;

export type Endpoint =
  | { namespace: string; labels?: Record<string, string>; namespaceLabels?: Record<string, string> }
  | { ip: string };

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: "TCP" | "UDP";
}

export interface Verdict {
  allowed: boolean;
  /** the policies that allowed it (both ends), or why it was denied */
  reason: string;
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  if (base.includes(":") || ip.includes(":")) return false;
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : 2 ** 32 - 2 ** (32 - n);
  return (ipToInt(ip) & mask) >>> 0 === (ipToInt(base) & mask) >>> 0;
}

function matchLabels(selector: K8sObject | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const val = labels[e.key];
    if (e.operator === "In" && !(has && e.values.includes(val))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(val)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function nsLabels(e: { namespace: string; namespaceLabels?: Record<string, string> }): Record<string, string> {
  return { "kubernetes.io/metadata.name": e.namespace, ...(e.namespaceLabels ?? {}) };
}

function policyTypes(p: K8sObject): string[] {
  if (Array.isArray(p.spec?.policyTypes)) return p.spec.policyTypes;
  return ["Ingress", ...(p.spec?.egress ? ["Egress"] : [])];
}

/** Whether a peer entry of a rule (in a policy of namespace `policyNs`) matches the other end. */
function peerMatches(peer: K8sObject, other: Endpoint, policyNs: string): boolean {
  if (peer.ipBlock) {
    if (!("ip" in other)) return false;
    return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(other.ip, c));
  }
  if ("ip" in other) return false;
  const labels = other.labels ?? {};
  if (peer.namespaceSelector) return matchLabels(peer.namespaceSelector, nsLabels(other)) && matchLabels(peer.podSelector, labels);
  return other.namespace === policyNs && matchLabels(peer.podSelector, labels);
}

function portMatches(rule: K8sObject, port: number, protocol: string): boolean {
  if (!Array.isArray(rule.ports) || rule.ports.length === 0) return true;
  return rule.ports.some((p: K8sObject) => (p.protocol ?? "TCP") === protocol && (p.port === undefined || (p.port <= port && port <= (p.endPort ?? p.port))));
}

/** One direction's verdict at one pod: isolated or not, and by which policies it is allowed. */
function side(policies: readonly K8sObject[], pod: { namespace: string; labels?: Record<string, string> }, direction: "Ingress" | "Egress", other: Endpoint, port: number, protocol: string): Verdict {
  const selecting = policies.filter(
    (p) => p.kind === "NetworkPolicy" && p.metadata?.namespace === pod.namespace && matchLabels(p.spec?.podSelector ?? {}, pod.labels ?? {}) && policyTypes(p).includes(direction),
  );
  if (!selecting.length) return { allowed: true, reason: `${direction.toLowerCase()} of ${pod.namespace} not isolated` };
  const key = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  const allowing = selecting.filter((p) =>
    (p.spec?.[key] ?? []).some(
      (rule: K8sObject) => portMatches(rule, port, protocol) && (!Array.isArray(rule[peersKey]) || rule[peersKey].length === 0 || rule[peersKey].some((peer: K8sObject) => peerMatches(peer, other, pod.namespace))),
    ),
  );
  return allowing.length
    ? { allowed: true, reason: allowing.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ") }
    : { allowed: false, reason: `no ${direction.toLowerCase()} policy of ${pod.namespace} allows it (${selecting.map((p) => p.metadata.name).join(", ")} select the pod)` };
}

/** Whether the connection would be allowed by the given NetworkPolicies (every policy of the cluster). */
export function evaluate(policies: readonly K8sObject[], c: Connection): Verdict {
  const protocol = c.protocol ?? "TCP";
  const out = "ip" in c.from ? { allowed: true, reason: "from outside the cluster" } : side(policies, c.from, "Egress", c.to, c.port, protocol);
  if (!out.allowed) return out;
  const inn = "ip" in c.to ? { allowed: true, reason: "to outside the cluster" } : side(policies, c.to, "Ingress", c.from, c.port, protocol);
  if (!inn.allowed) return inn;
  return { allowed: true, reason: `${out.reason}; ${inn.reason}` };
}
