/**
 * What should be running once `pulumi up` has finished, derived from what the program registers
 * for the stack (the offline plan's resources: the same program and config `pulumi up` ran):
 * every Deployment, StatefulSet, DaemonSet and Job, the operators' resources (CloudNativePG
 * Cluster, ECK Elasticsearch and Kibana), the edge's Gateway and Certificate, the namespaces to
 * look for workloads that charts and operators create, each workload's HTTP health endpoint (its
 * readiness probe) and the Service it is reached through, and the paths the edge publishes.
 * Nothing here hard-codes a DIGIT service: a new catalog entry appears here by itself.
 */
import type { ResourceEntry } from "../plan/types";

type Obj = Record<string, any>;

/** The kinds the check waits for, with where the API serves them. */
export const watchedKinds = {
  Deployment: { group: "apps/v1", plural: "deployments" },
  StatefulSet: { group: "apps/v1", plural: "statefulsets" },
  DaemonSet: { group: "apps/v1", plural: "daemonsets" },
  Job: { group: "batch/v1", plural: "jobs" },
  // plurals from the operators' CRDs (clusters.postgresql.cnpg.io, elasticsearches/kibanas.*.k8s.elastic.co)
  Cluster: { group: "postgresql.cnpg.io/v1", plural: "clusters" },
  Elasticsearch: { group: "elasticsearch.k8s.elastic.co/v1", plural: "elasticsearches" },
  Kibana: { group: "kibana.k8s.elastic.co/v1", plural: "kibanas" },
  Gateway: { group: "gateway.networking.k8s.io/v1", plural: "gateways" },
  Certificate: { group: "cert-manager.io/v1", plural: "certificates" },
} as const;

export type WatchedKind = keyof typeof watchedKinds;

/** The labels an operator puts on the pods of its resource (CloudNativePG, ECK). */
export const operatorPodLabels: Partial<Record<WatchedKind, (name: string) => Record<string, string>>> = {
  Cluster: (name) => ({ "cnpg.io/cluster": name }),
  Elasticsearch: (name) => ({ "elasticsearch.k8s.elastic.co/cluster-name": name }),
  Kibana: (name) => ({ "kibana.k8s.elastic.co/name": name }),
};

/** The apps/v1 kinds listed per namespace to find what charts and operators created. */
export const discoveredKinds: WatchedKind[] = ["Deployment", "StatefulSet", "DaemonSet"];

export interface HealthEndpoint {
  /** the readiness probe's HTTP path, e.g. /user/health */
  path: string;
  /** the Service in front of the pods and its port: GET /api/v1/namespaces/<ns>/services/<service>:<port>/proxy<path> */
  service: string;
  port: number;
}

export interface ExpectedObject {
  kind: WatchedKind;
  apiVersion: string;
  namespace: string;
  name: string;
  /** app.kubernetes.io/component of the object (service, database, search, edge, ...) */
  component?: string;
  health?: HealthEndpoint;
  /** a Job with ttlSecondsAfterFinished may be gone once done */
  ttlAfterFinished?: boolean;
  /** found by listing a namespace (a chart's or an operator's), not registered by the program */
  discovered?: boolean;
}

export interface ExpectedDeployment {
  /** namespaces the platform creates (where charts and operators put their workloads too) */
  namespaces: string[];
  objects: ExpectedObject[];
  /** path prefixes the edge publishes (HTTPRoute PathPrefix matches), e.g. /egov-mdms-service */
  publishedPaths: string[];
  /** the Secret cert-manager writes the edge certificate to, when it issues one */
  tlsSecret?: { namespace: string; name: string };
}

export function apiPath(kind: WatchedKind, namespace: string, name?: string): string {
  const k = watchedKinds[kind];
  const base = (k.group as string) === "v1" ? "/api/v1" : `/apis/${k.group}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
}

const kindOfType = (type: string): WatchedKind | undefined => {
  const m = /^kubernetes:(.+):([A-Za-z]+)$/.exec(type);
  if (!m) return undefined;
  const kind = m[2] as WatchedKind;
  const k = watchedKinds[kind];
  return k && k.group === m[1] ? kind : undefined;
};

function subset(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !Object.keys(selector).length) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The readiness probe's HTTP endpoint of a pod template and the Service port that reaches it. */
function healthOf(template: Obj | undefined, namespace: string, services: Obj[]): HealthEndpoint | undefined {
  for (const c of template?.spec?.containers ?? []) {
    const get = c?.readinessProbe?.httpGet;
    if (!get?.path) continue;
    const containerPort = typeof get.port === "number" ? get.port : (c.ports ?? []).find((p: Obj) => p?.name === get.port)?.containerPort;
    const portName = typeof get.port === "string" ? get.port : (c.ports ?? []).find((p: Obj) => p?.containerPort === get.port)?.name;
    for (const svc of services) {
      if (svc.metadata?.namespace !== namespace || !subset(svc.spec?.selector, template?.metadata?.labels)) continue;
      const port = (svc.spec?.ports ?? []).find((p: Obj) => {
        const target = p?.targetPort ?? p?.port;
        return target === containerPort || (portName !== undefined && target === portName);
      });
      if (port) return { path: get.path, service: svc.metadata.name, port: port.port };
    }
  }
  return undefined;
}

/** The plan's resources -> what the check waits for. Entries are resources.json entries (plain inputs). */
export function expectedDeployment(resources: readonly Pick<ResourceEntry, "type" | "inputs">[]): ExpectedDeployment {
  const k8s = resources.filter((r) => r.type.startsWith("kubernetes:"));
  const services = k8s.filter((r) => r.type === "kubernetes:core/v1:Service").map((r) => r.inputs as Obj);
  const namespaces = [...new Set(k8s.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => (r.inputs as Obj).metadata?.name).filter(Boolean))] as string[];
  const objects: ExpectedObject[] = [];
  let tlsSecret: ExpectedDeployment["tlsSecret"];
  for (const r of k8s) {
    const kind = kindOfType(r.type);
    if (!kind) continue;
    const o = r.inputs as Obj;
    const name = o.metadata?.name;
    const namespace = o.metadata?.namespace;
    if (typeof name !== "string" || typeof namespace !== "string") continue;
    const entry: ExpectedObject = { kind, apiVersion: watchedKinds[kind].group, namespace, name, component: o.metadata?.labels?.["app.kubernetes.io/component"] };
    if (kind === "Deployment" || kind === "StatefulSet" || kind === "DaemonSet") {
      const health = healthOf(o.spec?.template, namespace, services);
      if (health) entry.health = health;
    }
    if (kind === "Job" && typeof o.spec?.ttlSecondsAfterFinished === "number") entry.ttlAfterFinished = true;
    if (kind === "Certificate" && typeof o.spec?.secretName === "string") tlsSecret = { namespace, name: o.spec.secretName };
    objects.push(entry);
  }
  const publishedPaths = [
    ...new Set(
      k8s
        .filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")
        .flatMap((r) => ((r.inputs as Obj).spec?.rules ?? []) as Obj[])
        // a rule that only redirects (http -> https) publishes nothing
        .filter((rule) => (rule.backendRefs ?? []).length > 0)
        .flatMap((rule) => ((rule.matches ?? []) as Obj[]).map((m) => m?.path?.value).filter((v): v is string => typeof v === "string")),
    ),
  ].sort();
  return { namespaces, objects, publishedPaths, ...(tlsSecret ? { tlsSecret } : {}) };
}

/** Whether a path is served by one of the published prefixes (Gateway API PathPrefix: whole segments). */
export function isPublished(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => {
    const prefix = p.replace(/\/+$/, "");
    return prefix === "" || path === prefix || path.startsWith(prefix + "/");
  });
}
