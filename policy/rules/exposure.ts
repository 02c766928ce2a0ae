import { describeObject, isKind, objectNamespace } from "./k8s";
import { dataStorePorts } from "./database-not-public";
import type { ResourceRule } from "./types";

/** Where public traffic enters: the edge's Envoy proxies (components/namespaces.ts edge). */
export const edgeNamespace = "digit-edge";

/** Ports of the operators' dashboards and consoles: Grafana, Prometheus, Alertmanager, Kibana, Jenkins, Argo CD, MinIO's console. */
export const dashboardPorts = new Set([3000, 9090, 9093, 5601, 8080, 8081, 9001]);

function portsOf(spec: Record<string, any>): number[] {
  return (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p: any) => [Number(p?.port), Number(p?.targetPort), Number(p?.nodePort)].filter((n) => Number.isFinite(n)));
}

/**
 * Only the public edge is reachable from outside the cluster: a LoadBalancer or NodePort Service
 * (or one with external IPs) anywhere else, or on a data store's or a dashboard's port anywhere,
 * publishes what should be reached through `kubectl port-forward` or the edge's authenticated routes.
 */
export const exposureEdgeOnly: ResourceRule = {
  kind: "resource",
  name: "exposure-edge-only",
  description: "LoadBalancer and NodePort Services only in the edge namespace, never on a data store's or dashboard's port.",
  remedy: "keep the Service ClusterIP and reach it through the edge's routes or kubectl port-forward",
  check(r) {
    if (!isKind(r, "Service", "core")) return [];
    const spec = r.props?.spec ?? {};
    const how =
      spec.type === "LoadBalancer" || spec.type === "NodePort" ? `a ${spec.type} Service` : Array.isArray(spec.externalIPs) && spec.externalIPs.length ? "a Service with external IPs" : undefined;
    if (!how) return [];
    const out: string[] = [];
    if (objectNamespace(r) !== edgeNamespace) out.push(`${describeObject(r)} is ${how} outside the edge namespace ${edgeNamespace}`);
    const sensitive = [...new Set(portsOf(spec).filter((p) => dataStorePorts.has(p) || dashboardPorts.has(p)))];
    if (sensitive.length) out.push(`${describeObject(r)} is ${how} on ${sensitive.map((p) => (dataStorePorts.has(p) ? `data-store port ${p}` : `dashboard port ${p}`)).join(", ")}`);
    return out;
  },
};
