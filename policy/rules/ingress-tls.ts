import { describeObject, isKind, objectName, objectNamespace } from "./k8s";
import type { RuleResource, StackRule, Violation } from "./types";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** A route rule that only answers with a redirect to https (what a plain-HTTP listener may do). */
function redirectsToHttps(rule: any): boolean {
  const filters = Array.isArray(rule?.filters) ? rule.filters : [];
  const backends = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
  return backends.length === 0 && filters.some((f: any) => f?.type === "RequestRedirect" && f.requestRedirect?.scheme === "https");
}

/** The Gateway listeners one parentRef attaches to (by sectionName, else port, else all). */
function attachedListeners(gateway: RuleResource, ref: any): any[] {
  const listeners = Array.isArray(gateway.props?.spec?.listeners) ? gateway.props.spec.listeners : [];
  if (ref.sectionName) return listeners.filter((l: any) => l?.name === ref.sectionName);
  if (ref.port !== undefined) return listeners.filter((l: any) => l?.port === ref.port);
  return listeners;
}

/**
 * Public traffic is encrypted: an Ingress declares TLS for its hosts, and an HTTPRoute attaches
 * to a Gateway's HTTPS listener; a plain-HTTP listener may only carry routes that redirect to https.
 */
export const ingressTls: StackRule = {
  kind: "stack",
  name: "ingress-tls",
  description: "Ingress only over TLS: Ingresses declare TLS; HTTP routes attach to HTTPS listeners, or to an HTTP listener only to redirect to https.",
  remedy: "attach routes to the Gateway's https listener (digit:edge.tls acme or provided), and let the http listener only redirect",
  check(resources) {
    const out: Violation[] = [];
    const gateways = resources.filter((r) => isKind(r, "Gateway", GATEWAY_GROUP));
    for (const r of resources) {
      if (isKind(r, "Ingress")) {
        const tls = Array.isArray(r.props?.spec?.tls) ? r.props.spec.tls : [];
        const covered = new Set(tls.flatMap((t: any) => (Array.isArray(t?.hosts) ? t.hosts : [])));
        const hosts = (Array.isArray(r.props?.spec?.rules) ? r.props.spec.rules : []).map((x: any) => x?.host).filter((h: unknown) => typeof h === "string");
        const bare = tls.length === 0 ? ["(all hosts)"] : covered.size ? hosts.filter((h: string) => !covered.has(h)) : [];
        if (bare.length) out.push({ urn: r.urn, message: `${describeObject(r)} serves ${bare.join(", ")} without TLS` });
      }
      if (!isKind(r, "HTTPRoute", GATEWAY_GROUP) && !isKind(r, "GRPCRoute", GATEWAY_GROUP)) continue;
      const rules = Array.isArray(r.props?.spec?.rules) ? r.props.spec.rules : [];
      const onlyRedirects = rules.length > 0 && rules.every(redirectsToHttps);
      for (const ref of Array.isArray(r.props?.spec?.parentRefs) ? r.props.spec.parentRefs : []) {
        if ((ref?.kind ?? "Gateway") !== "Gateway" || (ref?.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) continue;
        const ns = ref.namespace ?? objectNamespace(r);
        const gw = gateways.find((g) => objectName(g) === ref.name && objectNamespace(g) === ns);
        if (!gw) continue;
        for (const l of attachedListeners(gw, ref)) {
          if (l?.protocol !== "HTTP" || onlyRedirects) continue;
          out.push({ urn: r.urn, message: `${describeObject(r)} is served over plain HTTP (listener "${l.name}" of Gateway ${ns}/${ref.name}) and does more than redirect to https` });
        }
      }
    }
    return out;
  },
};
