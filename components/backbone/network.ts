import { namespaces } from "../namespaces";
import { meta, type K8sObject } from "./podspec";

/** Who may reach one backbone part, by port. Everything else is denied (ingress only: egress stays open). */
export interface Admission {
  /** ports DIGIT's services (namespace egov) use */
  clients: number[];
  /** ports pods of the part's own namespace use (replication, quorum, the operator); "all" for any port */
  peers: number[] | "all";
  /** ports the monitoring namespace scrapes */
  metrics: number[];
  /** further namespaces admitted to the client ports (e.g. the part's own backup job namespace) */
  extraClientNamespaces?: string[];
}

const byName = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
const tcp = (ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

export function networkPolicy(name: string, namespace: string, podSelector: Record<string, string>, a: Admission): K8sObject {
  const ingress: K8sObject[] = [];
  if (a.clients.length)
    ingress.push({ from: [namespaces.services, ...(a.extraClientNamespaces ?? [])].map(byName), ports: tcp(a.clients) });
  if (a.peers === "all") ingress.push({ from: [{ podSelector: {} }] });
  else if (a.peers.length) ingress.push({ from: [{ podSelector: {} }], ports: tcp(a.peers) });
  if (a.metrics.length) ingress.push({ from: [byName(namespaces.monitoring)], ports: tcp(a.metrics) });
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(name, namespace, "network-policy"),
    spec: { podSelector: { matchLabels: podSelector }, policyTypes: ["Ingress"], ingress },
  };
}
