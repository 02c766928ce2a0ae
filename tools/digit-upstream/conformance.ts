/**
 * Conformance of the platform's objects with eGov's own deployment: for one DIGIT service, every
 * difference between what eGov's chart renders (services.ts) and what the platform renders (the
 * offline plan's manifests), each matched against the reviewed deviations list. A difference no
 * deviation explains is a failure; so is a deviation that explains nothing any more.
 */
import type { Deviation, EnvDeviation, ObjectDeviation, ObjectField } from "../../components/services/catalog/deviations";
import type { UpstreamEnv, UpstreamService } from "./services";

type K8sObject = Record<string, any>;

/** The platform's objects of one service, from the plan's manifests. */
export interface PlatformObjects {
  deployment: K8sObject;
  service: K8sObject;
  route?: K8sObject;
  role?: K8sObject;
  serviceAccount?: K8sObject;
  /** other objects the platform creates for this service (e.g. egov-user's admin bootstrap Job) */
  others: K8sObject[];
}

export interface Difference {
  service: string;
  /** `env`, `db-migration env`, or an object field */
  where: "env" | "db-migration env" | ObjectField;
  /** env name, or what differs */
  what: string;
  upstream: string;
  platform: string;
  /** the deviation that explains it */
  explainedBy?: Deviation;
}

const describe = (e: UpstreamEnv | undefined): string => {
  if (!e) return "(not set)";
  if ("value" in e) return JSON.stringify(e.value);
  if ("configMap" in e) return `configMap ${e.configMap}/${e.key}${e.optional ? " (optional)" : ""}`;
  if ("secret" in e) return `secret ${e.secret}/${e.key}${e.optional ? " (optional)" : ""}`;
  return `field ${e.field}`;
};

function k8sEnv(list: K8sObject[] | undefined): UpstreamEnv[] {
  return (list ?? []).map((e) => {
    const vf = e.valueFrom;
    if (!vf) return { name: e.name, value: String(e.value ?? "") };
    if (vf.configMapKeyRef) return { name: e.name, configMap: vf.configMapKeyRef.name, key: vf.configMapKeyRef.key, ...(vf.configMapKeyRef.optional ? { optional: true } : {}) };
    if (vf.secretKeyRef) return { name: e.name, secret: vf.secretKeyRef.name, key: vf.secretKeyRef.key, ...(vf.secretKeyRef.optional ? { optional: true } : {}) };
    return { name: e.name, field: vf.fieldRef?.fieldPath ?? JSON.stringify(vf) };
  });
}

/** The env a container sees: the last entry of each name (the API server keeps duplicates; the last wins). */
function effective(env: UpstreamEnv[]): Map<string, UpstreamEnv> {
  const m = new Map<string, UpstreamEnv>();
  for (const e of env) m.set(e.name, e);
  return m;
}

const same = (a: UpstreamEnv, b: UpstreamEnv) => describe(a) === describe(b);

function envDifferences(service: string, where: "env" | "db-migration env", upstream: UpstreamEnv[], platform: UpstreamEnv[]): Difference[] {
  const up = effective(upstream);
  const ours = effective(platform);
  const out: Difference[] = [];
  for (const [name, e] of up) {
    const o = ours.get(name);
    if (!o || !same(e, o)) out.push({ service, where, what: name, upstream: describe(e), platform: describe(o) });
  }
  for (const [name, o] of ours) if (!up.has(name)) out.push({ service, where, what: name, upstream: describe(undefined), platform: describe(o) });
  return out;
}

const selects = (sel: Deviation extends infer D ? (D extends { services: infer S } ? S : never) : never, name: string) => sel === "*" || (sel as readonly string[]).includes(name);

/** Whether an env deviation explains an env difference: the kind of change must fit what differs. */
function envExplains(d: EnvDeviation, diff: Difference): boolean {
  const container = diff.where === "db-migration env" ? "db-migration" : "main";
  if ((d.container ?? "main") !== container || d.env !== diff.what || !selects(d.services, diff.service)) return false;
  const c = d.change;
  const missing = diff.platform === "(not set)";
  const added = diff.upstream === "(not set)";
  if ("remove" in c) return missing;
  if ("add" in c) return added;
  if ("platform" in c) return !missing;
  if ("optional" in c) return diff.platform === `${diff.upstream} (optional)` || (!diff.upstream.startsWith("configMap") && !diff.upstream.startsWith("secret"));
  if ("set" in c) return diff.platform === JSON.stringify(c.set);
  if ("fromConfigMap" in c) return diff.platform.startsWith(`configMap ${c.fromConfigMap.name}/${c.fromConfigMap.key}`);
  if ("fromSecret" in c) return diff.platform.startsWith(`secret ${c.fromSecret.name}/${c.fromSecret.key}`);
  return false;
}

function explain(diff: Difference, deviations: readonly Deviation[]): Deviation | undefined {
  return deviations.find((d) => {
    if (d.kind === "env") return (diff.where === "env" || diff.where === "db-migration env") && envExplains(d, diff);
    if (d.kind === "object") return (d.field === diff.where || (d.field === "db-migration" && diff.where === "db-migration env")) && selects(d.services, diff.service);
    return false;
  });
}

/** A probe as "path port initialDelay/period/timeout/success/failure". */
function probe(p: K8sObject | undefined, portNames: Record<string, number>): string {
  if (!p) return "(none)";
  const port = typeof p.httpGet?.port === "string" ? (portNames[p.httpGet.port] ?? p.httpGet.port) : p.httpGet?.port;
  return `${p.httpGet?.path} :${port} ${p.initialDelaySeconds}/${p.periodSeconds}/${p.timeoutSeconds}/${p.successThreshold ?? 1}/${p.failureThreshold ?? 3}`;
}

const gitUrl = (u: string) => u.replace(/^git@github\.com:/, "https://github.com/").replace(/\.git$/, "");

/** Every difference between eGov's rendering of a service and the platform's, each with its explanation (if any). */
export function differences(u: UpstreamService, ours: PlatformObjects, deviations: readonly Deviation[]): Difference[] {
  const diffs: Difference[] = [];
  const add = (where: Difference["where"], what: string, upstream: string, platform: string) => {
    if (upstream !== platform) diffs.push({ service: u.name, where, what, upstream, platform });
  };
  const pod = ours.deployment.spec.template.spec;
  const main = (pod.containers as K8sObject[]).find((c) => c.name === u.name) ?? {};
  const inits = (pod.initContainers ?? []) as K8sObject[];
  const portNames = Object.fromEntries(((main.ports ?? []) as K8sObject[]).map((p) => [p.name, p.containerPort]));

  add("image-registry", "image", `${u.image}:${u.tag}`, String(main.image));
  add("objects", "container port", String(u.port), String(main.ports?.[0]?.containerPort));
  diffs.push(...envDifferences(u.name, "env", u.env, k8sEnv(main.env)));

  // DB migration: image and env
  const db = inits.find((c) => c.name === "db-migration");
  if (u.dbMigration) {
    add("init-containers", "db-migration image", `${u.dbMigration.image}:${u.dbMigration.tag}`, db ? String(db.image) : "(none)");
    if (db) diffs.push(...envDifferences(u.name, "db-migration env", u.dbMigration.env, k8sEnv(db.env)));
  } else add("init-containers", "db-migration", "(none)", db ? String(db.image) : "(none)");

  // Config repository: the same repository and branch, mounted at /work-dir
  const gs = inits.find((c) => String(c.name).startsWith("git-sync"));
  if (u.gitSync) {
    const args: string[] = gs?.args ?? [];
    const repo = args.find((a) => a.startsWith("--repo="))?.slice(7);
    const ref = args.find((a) => a.startsWith("--ref="))?.slice(6);
    add("init-containers", "config repository", `${gitUrl(u.gitSync.repo)}@${u.gitSync.branch}`, gs ? `${gitUrl(repo ?? "")}@${ref}` : "(none)");
    add("init-containers", "git-sync", `${u.gitSync.image} (SSH, Secret git-creds)`, gs ? `${gs.image} (HTTPS)` : "(none)");
    add("volumes", "/work-dir mount", "/work-dir", ((main.volumeMounts ?? []) as K8sObject[]).some((m) => m.mountPath === "/work-dir") ? "/work-dir" : "(none)");
  }
  // The platform's own init containers (wait for the backbone, config-file check)
  const own = inits.filter((c) => c !== db && c !== gs && !u.extraInitContainers.some((x) => x.name === c.name)).map((c) => c.name);
  add("init-containers", "platform init containers", "(none)", own.length ? own.join(", ") : "(none)");
  for (const x of u.extraInitContainers) {
    const o = inits.find((c) => c.name === x.name);
    add("init-containers", x.name, String(x.image), o ? String(o.image) : "(none)");
    if (o) add("init-containers", `${x.name} env`, JSON.stringify(k8sEnv(x.env)), JSON.stringify(k8sEnv(o.env)));
  }

  add("probes", "readiness", probe(u.probes.readiness && { httpGet: { path: u.probes.readiness.path, port: u.probes.readiness.port }, ...u.probes.readiness }, portNames), probe(main.readinessProbe, portNames));
  add("probes", "liveness", probe(u.probes.liveness && { httpGet: { path: u.probes.liveness.path, port: u.probes.liveness.port }, ...u.probes.liveness }, portNames), probe(main.livenessProbe, portNames));
  add("resources", "memory limit", String(u.resources?.limits?.memory ?? "(none)"), String(main.resources?.limits?.memory ?? "(none)"));
  add("resources", "memory request", String(u.resources?.requests?.memory ?? "(none)"), String(main.resources?.requests?.memory ?? "(none)"));
  add("resources", "cpu request", "(none)", String(main.resources?.requests?.cpu ?? "(none)"));
  add("objects", "preStop", JSON.stringify(u.preStop ?? null), JSON.stringify(main.lifecycle?.preStop?.exec?.command ?? null));

  // Labels eGov's tooling selects by
  const podLabels = ours.deployment.spec.template.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(u.labels)) add("labels", `pod label ${k}`, v, podLabels[k] ?? "(none)");

  // The gateway's route to the service, and the public route
  add("objects", "Service zuul/route-path", u.service.annotations["zuul/route-path"] ?? "(none)", ours.service.metadata?.annotations?.["zuul/route-path"] ?? "(none)");
  add("objects", "Service port", String(u.service.port), String(ours.service.spec.ports[0].port));
  const rule = ours.route?.spec?.rules?.[0];
  const ourRoute = rule ? `${rule.matches[0].path.value} -> ${rule.backendRefs[0].name}:${rule.backendRefs[0].port}` : "(none)";
  add("ingress", "public route", u.ingress ? `${u.ingress.path} -> ${u.ingress.backend}:${u.ingress.port}` : "(none)", ourRoute);

  // RBAC and the other objects eGov's chart creates
  if (u.serviceAccount) {
    add("service-account", "serviceAccount", u.serviceAccount, String(pod.serviceAccountName ?? "(default)"));
    const cr = u.otherObjects.find((o) => o.kind === "ClusterRole");
    const rules = (r: K8sObject | undefined, kind: string) => (r ? `${kind} ${JSON.stringify(r.rules)}` : "(none)");
    add("rbac", "rules", rules(cr, "ClusterRole"), rules(ours.role, "Role"));
  }
  for (const o of u.otherObjects.filter((x) => !["ClusterRole", "ClusterRoleBinding", "ServiceAccount"].includes(x.kind))) {
    const mine = ours.others.find((x) => x.kind === o.kind && (o.kind !== "ConfigMap" || x.metadata?.name === o.metadata?.name));
    const theirs = o.kind === "ConfigMap" ? `ConfigMap ${o.metadata?.name}` : `${o.kind} of eGov's chart`;
    add("objects", `${o.kind} ${o.metadata?.name}`, theirs, mine ? (o.kind === "ConfigMap" ? `ConfigMap ${mine.metadata?.name}` : `${mine.kind} ${mine.metadata?.name}`) : "(none)");
    // a chart ConfigMap: the same files, and eGov's content unless a deviation says how it differs
    if (o.kind === "ConfigMap" && mine) {
      add("objects", `ConfigMap ${o.metadata.name} files`, Object.keys(o.data ?? {}).sort().join(","), Object.keys(mine.data ?? {}).sort().join(","));
      add("config-files", `ConfigMap ${o.metadata.name} content`, JSON.stringify(o.data), JSON.stringify(mine.data));
    }
  }
  // where the container mounts what the chart gives it (besides git-sync's /work-dir)
  for (const v of u.extraVolumes.filter((x) => x.mountPath)) {
    const m = ((main.volumeMounts ?? []) as K8sObject[]).find((x) => x.mountPath === v.mountPath);
    add("volumes", `mount ${v.mountPath}`, `${v.mountPath}${v.subPath ? ` (${v.subPath})` : ""}`, m ? `${m.mountPath}${m.subPath ? ` (${m.subPath})` : ""}` : "(none)");
  }

  // Pod-level settings the platform sets for every service
  add("security-context", "pod securityContext", JSON.stringify(podSecurityOfUpstream(u)), JSON.stringify(pod.securityContext ?? null));
  add("strategy", "strategy", "RollingUpdate maxUnavailable 0", `${ours.deployment.spec.strategy?.type} maxUnavailable ${ours.deployment.spec.strategy?.rollingUpdate?.maxUnavailable}`);
  add("affinity", "spread", "preferred pod anti-affinity over failure-domain.beta.kubernetes.io/zone", pod.topologySpreadConstraints ? "topology spread over zone and host" : "(none)");

  for (const d of diffs) d.explainedBy = explain(d, deviations);
  return diffs;
}

/** eGov's pod securityContext: fsGroup 65533 when git-sync runs (its SSH key's group), else none. */
function podSecurityOfUpstream(u: UpstreamService): K8sObject | null {
  return u.gitSync ? { fsGroup: 65533 } : null;
}

/**
 * Deviations that explain none of the differences (stale entries). An `optional` deviation of a
 * literal changes no object (only what the wiring check reports): it is current while the
 * upstream service still sets that literal.
 */
export function unusedDeviations(all: readonly Deviation[], diffs: readonly Difference[], upstream: readonly UpstreamService[] = []): Deviation[] {
  const used = new Set(diffs.map((d) => d.explainedBy).filter(Boolean));
  const literalStillThere = (d: Deviation) =>
    d.kind === "env" &&
    "optional" in d.change &&
    upstream.some((u) => selects(d.services, u.name) && u.env.some((e) => e.name === d.env && "value" in e));
  return all.filter((d) => d.kind !== "egov-config" && !used.has(d) && !literalStillThere(d));
}

export function formatDifference(d: Difference): string {
  return `${d.service}: ${d.where} ${d.what}: eGov ${d.upstream}, platform ${d.platform}`;
}

export type { ObjectDeviation };
