import { standardLabels } from "../meta";
import { namespaces } from "../namespaces";
import { jenkinsNamespace } from "../operations/settings";
import { apiClients, certManagerController, prometheusPods } from "./api-clients";

/** Alertmanager's pods, as the Prometheus operator labels them. */
const alertmanagerPods = { "app.kubernetes.io/name": "alertmanager" };

type K8sObject = Record<string, any>;

/** TCP unless said otherwise. */
export interface PortSpec {
  port: number;
  protocol?: "TCP" | "UDP";
}

/** The other end of a flow: pods of a namespace (all or some), or addresses outside the cluster. */
export type Peer = { namespace: string; pods?: Record<string, string> } | { cidr: string; except?: string[] };

/** One explicit allow: becomes one NetworkPolicy. */
export interface Allow {
  /** the policy's name, `digit-<name>`, unique within its namespace */
  name: string;
  /** where the policy lives: the pods it applies to are in this namespace */
  namespace: string;
  /** which of the namespace's pods; default all */
  pods?: Record<string, string>;
  direction: "ingress" | "egress";
  peers: Peer[];
  /** default: every port */
  ports?: PortSpec[];
  /** why the flow exists, for people reading the object (annotation digit.egov.org/why) */
  why: string;
}

/** Link-local addresses: the clouds' instance metadata (node credentials) lives at 169.254.169.254. */
export const linkLocal = "169.254.0.0/16";

/** Address ranges that are never "the internet": private, carrier-grade NAT and link-local (cloud metadata). */
export const nonPublicRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", linkLocal];

/** Any address but link-local: every allow "to anywhere" keeps the node's metadata out of reach. */
export const anyAddress: Peer = { cidr: "0.0.0.0/0", except: [linkLocal] };

/** The Kubernetes API's ports: 443 on managed clusters, 6443 where the API server listens itself. */
export const apiServerPorts: PortSpec[] = [{ port: 443 }, { port: 6443 }];

/** Ports DIGIT's services reach on the public internet by default: HTTPS (SMS, payment gateways, object store, git) and mail submission. */
export const defaultInternetPorts = [443, 465, 587];

/** Metrics ports of the edge (Envoy proxies and controller, cert-manager) and of logging (Loki, Alloy). */
export const edgeMetricsPorts = [19001, 9402];
export const loggingPorts = { loki: 3100, alloyMetrics: 12345 };

/** Envoy Gateway serves listener ports below 1024 on port + 10000 inside the pod. */
export const envoyDataPorts = [10080, 10443];
const envoyProxyPods = { "app.kubernetes.io/managed-by": "envoy-gateway", "app.kubernetes.io/component": "proxy" };

/** Admission webhooks the API server calls: cert-manager's (10250), CloudNativePG's and ECK's (9443), the Prometheus operator's (10250). */
export const webhookPorts = { certManager: 10250, operators: 9443, prometheusOperator: 10250 };

/** Tracing collector ports DIGIT's Jaeger clients and OpenTelemetry SDKs send to (components/operations/tracing.ts). */
export const collectorPorts: PortSpec[] = [{ port: 6831, protocol: "UDP" }, { port: 14268 }, { port: 4317 }, { port: 4318 }];

/** Where the backbone answers, as DIGIT's services reach it: namespace and port per part (in-cluster parts only). */
export interface BackboneAddress {
  part: string;
  namespace: string;
  port: number;
}

/**
 * Backbone addresses from their in-cluster host names (`<service>.<namespace>[:port]`), e.g.
 * `postgres.backbone:5432`; an address outside the cluster (a managed database) yields nothing.
 */
export function inClusterAddress(part: string, hostPort: string, known: readonly string[], defaultPort?: number): BackboneAddress | undefined {
  const m = /^(?:[a-z]+:\/\/)?([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?(?::([0-9]+))?\/?$/.exec(hostPort);
  if (!m || !known.includes(m[2])) return undefined;
  const port = m[3] ? Number(m[3]) : defaultPort;
  return port ? { part, namespace: m[2], port } : undefined;
}

export interface IsolationInput {
  /** DIGIT's namespaces (each gets a default deny) */
  namespaces: readonly string[];
  /** container ports of DIGIT's services in egov */
  servicePorts: readonly number[];
  /** in-cluster backbone parts DIGIT's services use */
  backbone: readonly BackboneAddress[];
  /** a database outside the cluster (managed or the state's): its port, reached at any address */
  externalDatabasePort?: number;
  /** the HTTP(S) proxy's ports, reached at any address (air-gapped data centres) */
  proxyPorts: readonly number[];
  /** GKE: workload identity goes through the node's metadata server */
  metadataServer: boolean;
  /** cert-manager answers ACME HTTP-01 and checks it from inside: egress to port 80 */
  acme: boolean;
  /** namespace -> ports the monitoring namespace scrapes there (in egov: besides the service ports) */
  scrape: Readonly<Record<string, readonly number[]>>;
  /** namespaces whose ingress the backbone's own per-part policies admit */
  ingressManagedElsewhere: readonly string[];
  /** ports of the public internet egov may reach; default defaultInternetPorts */
  internetPorts?: readonly number[];
  /** more egress, per namespace (digit:security.network.egress) */
  extraEgress?: ReadonlyArray<{ namespace: string; cidr: string; ports: readonly number[] }>;
  /** port of the alert webhook Alertmanager posts to (digit:operations.alerting.webhook); default none */
  alertWebhookPort?: number;
  /** the API server's addresses where the target knows them (Target.apiServerCidrs); default: any address but link-local */
  apiServerCidrs?: readonly string[];
  /** backbone parts monitoring reaches as a client (an exporter there logs in): those without a metrics endpoint of their own; default none */
  monitoringClients?: readonly BackboneAddress[];
}

const tcp = (ports: readonly number[]): PortSpec[] => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ port }));

/** Where the API server is: its known addresses, else any address but link-local. */
function apiServerPeers(input: IsolationInput): Peer[] {
  return input.apiServerCidrs?.length ? input.apiServerCidrs.map((cidr) => ({ cidr })) : [anyAddress];
}

/** Every explicit allow, per namespace, from the stack's facts. Pure: no resources. */
export function isolationAllows(input: IsolationInput): Allow[] {
  const present = new Set(input.namespaces);
  const has = (ns: string) => present.has(ns);
  const out: Allow[] = [];
  const allow = (a: Allow) => {
    if (has(a.namespace)) out.push(a);
  };

  for (const ns of input.namespaces) {
    allow({ name: "allow-dns", namespace: ns, direction: "egress", peers: [{ namespace: "kube-system" }], ports: [{ port: 53, protocol: "UDP" }, { port: 53 }], why: "name resolution (kube-dns / CoreDNS in kube-system)" });
    allow({ name: "allow-egress-same-namespace", namespace: ns, direction: "egress", peers: [{ namespace: ns }], why: "pods of one namespace work together (services, replicas, operators and their pods)" });
    if (!input.ingressManagedElsewhere.includes(ns))
      allow({ name: "allow-ingress-same-namespace", namespace: ns, direction: "ingress", peers: [{ namespace: ns }], why: "pods of one namespace work together" });
    for (const g of apiClients[ns] ?? [])
      allow({
        name: `allow-kubernetes-api-${g.name}`,
        namespace: ns,
        pods: g.pods,
        direction: "egress",
        peers: apiServerPeers(input),
        ports: apiServerPorts,
        why: `${g.pods ? g.name : "every pod here"} watches the Kubernetes API (operators and controllers only)${input.apiServerCidrs?.length ? "" : "; its addresses are not known to the target, so any address but link-local"}`,
      });
    const scrape = ns === namespaces.services ? [...input.servicePorts, ...(input.scrape[ns] ?? [])] : input.scrape[ns] ?? [];
    if (has(namespaces.monitoring) && ns !== namespaces.monitoring && scrape.length && !input.ingressManagedElsewhere.includes(ns))
      allow({ name: "allow-from-monitoring", namespace: ns, direction: "ingress", peers: [{ namespace: namespaces.monitoring }], ports: tcp(scrape), why: "Prometheus scrapes metrics and probes health" });
  }

  // DIGIT's services: called through the edge, calling the backbone and the outside world.
  const svc = namespaces.services;
  allow({ name: "allow-from-edge", namespace: svc, direction: "ingress", peers: [{ namespace: namespaces.edge }], ports: tcp(input.servicePorts), why: "the gateway routes public requests to DIGIT's services" });
  const byNs = new Map<string, number[]>();
  for (const b of input.backbone) byNs.set(b.namespace, [...(byNs.get(b.namespace) ?? []), b.port]);
  for (const [ns, ports] of [...byNs].sort(([a], [b]) => a.localeCompare(b)))
    allow({ name: `allow-to-${ns}`, namespace: svc, direction: "egress", peers: [{ namespace: ns }], ports: tcp(ports), why: `DIGIT's services use the backbone in ${ns}` });
  if (has(namespaces.monitoring))
    allow({ name: "allow-to-tracing", namespace: svc, direction: "egress", peers: [{ namespace: namespaces.monitoring }], ports: collectorPorts, why: "DIGIT's Jaeger clients send spans to the tracing collector" });
  if (input.externalDatabasePort)
    allow({ name: "allow-to-database", namespace: svc, direction: "egress", peers: [anyAddress], ports: tcp([input.externalDatabasePort]), why: "the database runs outside the cluster (managed or the state's own)" });
  allow({
    name: "allow-to-internet",
    namespace: svc,
    direction: "egress",
    peers: [{ cidr: "0.0.0.0/0", except: nonPublicRanges }],
    ports: tcp(input.internetPorts ?? defaultInternetPorts),
    why: "SMS and payment gateways, mail, the object store and the config repositories on the public internet; never private or metadata addresses",
  });
  if (input.metadataServer)
    allow({
      name: "allow-to-metadata",
      namespace: svc,
      direction: "egress",
      peers: [{ cidr: "169.254.169.254/32" }, { cidr: "169.254.169.252/32" }],
      ports: [{ port: 80 }, { port: 988 }],
      why: "GKE workload identity: tokens come from the node's metadata server",
    });

  // Every namespace may use the state's proxy (git-sync, image builds, alert webhooks go through it).
  if (input.proxyPorts.length)
    for (const ns of input.namespaces)
      allow({ name: "allow-to-proxy", namespace: ns, direction: "egress", peers: [anyAddress], ports: tcp(input.proxyPorts), why: "outbound HTTP(S) goes through the state's proxy" });

  // The edge: public traffic in, DIGIT's services out, certificates.
  const edge = namespaces.edge;
  allow({ name: "allow-public-to-envoy", namespace: edge, pods: envoyProxyPods, direction: "ingress", peers: [{ cidr: "0.0.0.0/0" }], ports: tcp(envoyDataPorts), why: "the public (through the load balancer or node ports) reaches the Envoy proxies" });
  allow({ name: "allow-webhooks", namespace: edge, direction: "ingress", peers: [{ cidr: "0.0.0.0/0" }], ports: tcp([webhookPorts.certManager]), why: "the API server calls cert-manager's admission webhook" });
  allow({ name: "allow-to-services", namespace: edge, direction: "egress", peers: [{ namespace: svc }], ports: tcp(input.servicePorts), why: "the gateway routes public requests to DIGIT's services" });
  if (input.acme)
    allow({
      name: "allow-acme",
      namespace: edge,
      pods: certManagerController,
      direction: "egress",
      peers: [anyAddress],
      ports: tcp([80, 443]),
      why: "cert-manager's controller asks the ACME server (443) and checks its HTTP-01 answer through the public address (80) first; the solver pods only answer",
    });

  // Operators' admission webhooks in the backbone's namespaces.
  for (const ns of [namespaces.backbone, namespaces.elasticsearch])
    allow({ name: "allow-webhooks", namespace: ns, direction: "ingress", peers: [{ cidr: "0.0.0.0/0" }], ports: tcp([webhookPorts.operators]), why: "the API server calls the operator's admission webhook" });

  // Monitoring: scrapes every DIGIT namespace, the nodes, and sends alerts out.
  const mon = namespaces.monitoring;
  for (const ns of input.namespaces) {
    if (ns === mon) continue;
    const all = ns === svc ? [...input.servicePorts, ...(input.scrape[ns] ?? [])] : input.scrape[ns] ?? [];
    // A metrics endpoint on a data store's client port (MinIO's) is Prometheus' alone.
    const dataPorts = new Set(input.backbone.filter((b) => b.namespace === ns).map((b) => b.port));
    const ports = all.filter((p) => !dataPorts.has(p));
    const onDataPorts = all.filter((p) => dataPorts.has(p));
    if (ports.length) allow({ name: `allow-scrape-${ns}`, namespace: mon, direction: "egress", peers: [{ namespace: ns }], ports: tcp(ports), why: `Prometheus and the probes read ${ns}'s metrics ports` });
    if (onDataPorts.length)
      allow({ name: `allow-scrape-${ns}-api`, namespace: mon, pods: prometheusPods, direction: "egress", peers: [{ namespace: ns }], ports: tcp(onDataPorts), why: `Prometheus reads metrics ${ns} serves on its client port` });
    // An exporter in monitoring logs in to a part that has no metrics endpoint of its own (never the in-cluster backbone's).
    const clients = (input.monitoringClients ?? []).filter((b) => b.namespace === ns).map((b) => b.port);
    if (clients.length) {
      allow({ name: `allow-exporters-to-${ns}`, namespace: mon, direction: "egress", peers: [{ namespace: ns }], ports: tcp(clients), why: `the exporters in monitoring read ${ns} as clients` });
      if (input.ingressManagedElsewhere.includes(ns))
        allow({ name: "allow-exporters", namespace: ns, direction: "ingress", peers: [{ namespace: mon }], ports: tcp(clients), why: "the exporters in monitoring connect to the data stores as clients" });
    }
  }
  if (input.externalDatabasePort)
    allow({ name: "allow-to-database", namespace: mon, direction: "egress", peers: [anyAddress], ports: tcp([input.externalDatabasePort]), why: "the Postgres exporter reads the database outside the cluster" });
  allow({ name: "allow-scrape-nodes", namespace: mon, pods: prometheusPods, direction: "egress", peers: [anyAddress], ports: tcp([9100, 10250]), why: "node exporters (host network) and the kubelets' metrics on the nodes' addresses" });
  allow({ name: "allow-scrape-kube-system", namespace: mon, direction: "egress", peers: [{ namespace: "kube-system" }], ports: tcp([9153, 10249, 10257, 10259]), why: "CoreDNS, kube-proxy and control-plane metrics where the cluster exposes them" });
  allow({ name: "allow-alerts-out", namespace: mon, pods: alertmanagerPods, direction: "egress", peers: [{ cidr: "0.0.0.0/0", except: nonPublicRanges }], ports: tcp([25, 465, 587]), why: "Alertmanager mails the on-call" });
  if (input.alertWebhookPort)
    allow({ name: "allow-alert-webhook", namespace: mon, pods: alertmanagerPods, direction: "egress", peers: [anyAddress], ports: tcp([input.alertWebhookPort]), why: "Alertmanager posts alerts to the state's webhook" });
  allow({ name: "allow-webhooks", namespace: mon, direction: "ingress", peers: [{ cidr: "0.0.0.0/0" }], ports: tcp([webhookPorts.prometheusOperator]), why: "the API server calls the Prometheus operator's admission webhook" });
  allow({ name: "allow-tracing-from-services", namespace: mon, direction: "ingress", peers: [{ namespace: svc }], ports: collectorPorts, why: "DIGIT's Jaeger clients send spans to the tracing collector" });
  if (has(namespaces.logging)) {
    allow({ name: "allow-to-logging", namespace: mon, direction: "egress", peers: [{ namespace: namespaces.logging }], ports: tcp([loggingPorts.loki]), why: "Grafana queries Loki" });
    allow({ name: "allow-from-grafana", namespace: namespaces.logging, direction: "ingress", peers: [{ namespace: mon }], ports: tcp([loggingPorts.loki]), why: "Grafana queries Loki" });
  }

  // Jenkins and the GitOps agents clone from git and pull from registries (HTTPS, SSH), possibly on the state's network.
  for (const ns of Object.keys(apiClients).filter((n) => apiClients[n].some((g) => !g.pods)))
    allow({ name: "allow-git-and-registries", namespace: ns, direction: "egress", peers: [anyAddress], ports: tcp([22, 443]), why: "builds and agents clone from git and pull from registries" });

  for (const e of input.extraEgress ?? [])
    allow({ name: `allow-extra-${out.filter((a) => a.namespace === e.namespace && a.name.startsWith("allow-extra-")).length + 1}`, namespace: e.namespace, direction: "egress", peers: [{ cidr: e.cidr }], ports: tcp(e.ports), why: "digit:security.network.egress" });
  return out;
}

function peerObject(p: Peer): K8sObject {
  if ("cidr" in p) return { ipBlock: { cidr: p.cidr, ...(p.except?.length ? { except: [...p.except] } : {}) } };
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": p.namespace } },
    ...(p.pods ? { podSelector: { matchLabels: { ...p.pods } } } : {}),
  };
}

function policyObject(name: string, namespace: string, spec: K8sObject, why: string): K8sObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace, labels: standardLabels(name, "network-policy"), annotations: { "digit.egov.org/why": why } },
    spec,
  };
}

/** The default deny of one namespace: every pod selected, both directions, nothing allowed. */
export function defaultDeny(namespace: string): K8sObject {
  return policyObject("digit-default-deny", namespace, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "deny everything not allowed by another policy");
}

export function allowObject(a: Allow): K8sObject {
  const rule = { [a.direction === "ingress" ? "from" : "to"]: a.peers.map(peerObject), ...(a.ports ? { ports: a.ports.map((p) => ({ protocol: p.protocol ?? "TCP", port: p.port })) } : {}) };
  return policyObject(
    `digit-${a.name}`,
    a.namespace,
    {
      podSelector: a.pods ? { matchLabels: { ...a.pods } } : {},
      policyTypes: [a.direction === "ingress" ? "Ingress" : "Egress"],
      [a.direction]: [rule],
    },
    a.why,
  );
}

/** Every NetworkPolicy of the stack: per namespace its default deny, then its allows. */
export function isolationPolicies(input: IsolationInput): K8sObject[] {
  const allows = isolationAllows(input);
  const seen = new Set<string>();
  for (const a of allows) {
    const key = `${a.namespace}/${a.name}`;
    if (seen.has(key)) throw new Error(`network isolation: two policies named digit-${a.name} in ${a.namespace}: give each allow its own name`);
    seen.add(key);
  }
  return input.namespaces.flatMap((ns) => [defaultDeny(ns), ...allows.filter((a) => a.namespace === ns).map(allowObject)]);
}

/** Namespaces that hold volumes (databases, brokers, search, metrics, logs, Jenkins' home): protected like the data itself. */
export const dataNamespaces: readonly string[] = [namespaces.backbone, namespaces.kafka, namespaces.elasticsearch, namespaces.monitoring, namespaces.logging, jenkinsNamespace];
