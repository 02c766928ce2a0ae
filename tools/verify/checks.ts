/**
 * The post-deploy check itself: reach the cluster, wait (bounded) until every workload the
 * stack deploys has rolled out, say why each one that has not is stuck, call each workload's
 * health endpoint through the API server's service proxy, then ask DIGIT through the public
 * edge. Everything it talks to is injected (a KubeClient, the edge's address), so it is tested
 * against local fakes.
 */
import { describeRequestError, formatSeconds, httpRequest, RequestError } from "./http";
import { describeAuth, KubeconfigError } from "./kubeconfig";
import { isApiServerStatus, KubeApiError, type KubeClient } from "./kube-client";
import { apiPath, discoveredKinds, operatorPodLabels, watchedKinds, type ExpectedDeployment, type ExpectedObject, type WatchedKind } from "./expected";
import { missingFromConfigCheckLog, podProblems, type PodProblem } from "./pods";
import type { PublicPlan } from "./public";
import * as rollout from "./rollout";

export type Status = "pass" | "fail" | "skip";

export interface CheckResult {
  status: Status;
  area: "cluster" | "workload" | "public";
  /** e.g. egov-user, kafka-kraft/kafka, MDMS search */
  label: string;
  detail: string;
  /** what to look at or run */
  hint?: string;
  kind?: WatchedKind;
  namespace?: string;
  name?: string;
}

export interface EdgeAccess {
  /** connect here instead of the domain (host or host:port): the LoadBalancer or a node's NodePort */
  connectTo?: string;
  /** PEM CA bundle trusted for the edge's certificate instead of the system's roots */
  ca?: string;
  /** where the CA came from, for messages */
  caSource?: string;
}

export interface VerifyInput {
  kube: KubeClient;
  expected: ExpectedDeployment;
  stack: string;
  /** DIGIT's services (catalog names): their lines read "rollout ..., health ..." and hints name their digit:services key */
  digitServices: ReadonlySet<string>;
  /** the namespace whose objects are labelled by name alone (DIGIT's services) */
  servicesNamespace: string;
  /** how long to wait for rollouts */
  timeoutMs: number;
  /** between two looks at the cluster */
  pollMs: number;
  /** per HTTP request (API server and edge) */
  requestTimeoutMs: number;
  /** the public checks and how to reach the edge (resolved once the cluster answered: a self-signed edge's CA is read from it) */
  public?: { plan: PublicPlan; edge: () => Promise<EdgeAccess> };
  /** called after each look at the cluster with what is still not rolled out */
  onProgress?: (waiting: string[], elapsedMs: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Report {
  stack: string;
  context: string;
  server: string;
  results: CheckResult[];
  summary: Record<Status, number>;
  ok: boolean;
  elapsedMs: number;
}

type Obj = Record<string, any>;

/** Run fn over items, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const evaluators: Record<WatchedKind, (o: Obj) => rollout.Rollout> = {
  Deployment: rollout.deploymentRollout,
  StatefulSet: rollout.statefulSetRollout,
  DaemonSet: rollout.daemonSetRollout,
  Job: rollout.jobRollout,
  Cluster: rollout.cnpgClusterRollout,
  Elasticsearch: rollout.elasticsearchRollout,
  Kibana: rollout.kibanaRollout,
  Gateway: rollout.gatewayRollout,
  Certificate: rollout.certificateRollout,
};

interface Tracked {
  want: ExpectedObject;
  live?: Obj;
  state?: rollout.Rollout;
  /** not found on the last look */
  missing?: boolean;
  /** the API refused or failed on the last look */
  error?: string;
}

const key = (kind: string, ns: string, name: string) => `${kind}/${ns}/${name}`;

function labelOf(o: { namespace: string; name: string }, servicesNamespace: string): string {
  return o.namespace === servicesNamespace ? o.name : `${o.namespace}/${o.name}`;
}

function apiErrorText(e: unknown): string {
  if (e instanceof KubeApiError) return `${e.status}${e.reason ? ` ${e.reason}` : ""}: ${e.message}`;
  return describeRequestError(e);
}

function selectorOf(t: Tracked): Record<string, string> | undefined {
  const own = operatorPodLabels[t.want.kind];
  if (own) return own(t.want.name);
  const m = t.live?.spec?.selector?.matchLabels;
  return m && Object.keys(m).length ? m : undefined;
}

/** One look at every tracked object and at every namespace (for what charts and operators created). */
async function look(input: VerifyInput, tracked: Map<string, Tracked>, namespaces: string[]): Promise<string[]> {
  const { kube } = input;
  const problems: string[] = [];
  await mapLimit([...tracked.values()].filter((t) => !t.want.discovered), 8, async (t) => {
    try {
      const live = await kube.getOptional(apiPath(t.want.kind, t.want.namespace, t.want.name));
      t.live = live;
      t.missing = !live;
      t.error = undefined;
      if (live) t.state = evaluators[t.want.kind](live);
    } catch (e) {
      t.error = apiErrorText(e);
    }
  });
  await mapLimit(
    namespaces.flatMap((ns) => discoveredKinds.map((kind) => ({ ns, kind }))),
    8,
    async ({ ns, kind }) => {
      try {
        const list = await kube.getOptional<{ items?: Obj[] }>(apiPath(kind, ns));
        for (const item of list?.items ?? []) {
          const name = item.metadata?.name;
          if (!name) continue;
          const k = key(kind, ns, name);
          let t = tracked.get(k);
          if (!t) {
            t = { want: { kind, apiVersion: watchedKinds[kind].group, namespace: ns, name, discovered: true } };
            tracked.set(k, t);
          }
          if (t.want.discovered) {
            t.live = item;
            t.missing = false;
            t.state = evaluators[kind](item);
          }
        }
      } catch (e) {
        problems.push(`cannot list ${watchedKinds[kind].plural} in ${ns}: ${apiErrorText(e)}`);
      }
    },
  );
  return problems;
}

const settled = (t: Tracked) => t.state?.phase === "done" || t.state?.phase === "failed" || (t.missing && t.want.ttlAfterFinished);

/** Why a workload is not rolled out: its pods' first problems (and the config check's missing files). */
async function diagnose(input: VerifyInput, t: Tracked): Promise<{ detail: string; hint?: string }> {
  const { kube } = input;
  const selector = selectorOf(t);
  if (!selector) return { detail: "" };
  const ns = t.want.namespace;
  const q = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
  let pods: Obj[];
  try {
    pods = (await kube.json<{ items?: Obj[] }>(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods?labelSelector=${encodeURIComponent(q)}`)).items ?? [];
  } catch (e) {
    return { detail: `; its pods cannot be listed (${apiErrorText(e)})` };
  }
  if (!pods.length) return { detail: "; no pods", hint: `kubectl -n ${ns} describe ${t.want.kind.toLowerCase()} ${t.want.name} (quota, admission or a missing ServiceAccount stops pod creation)` };
  const service = input.digitServices.has(t.want.name) && ns === input.servicesNamespace ? t.want.name : undefined;
  const problems = podProblems(pods, { namespace: ns, stack: input.stack, service });
  if (!problems.length) return { detail: "" };
  const first: PodProblem = problems[0];
  let problem = first.problem;
  if (first.configCheck && first.container) {
    try {
      const log = await kube.request(
        `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(first.pod)}/log?container=${encodeURIComponent(first.container)}&tailLines=200${first.previous ? "&previous=true" : ""}`,
        { accept: "text/plain" },
      );
      const missing = log.status === 200 ? missingFromConfigCheckLog(log.body) : [];
      if (missing.length) problem += `: missing ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ` and ${missing.length - 3} more` : ""}`;
    } catch {
      // the hint names the logs command anyway
    }
  }
  const others = problems.length - 1;
  return { detail: `; pod ${first.pod}: ${problem}${others ? ` (and ${others} more pod(s) not ready)` : ""}`, hint: first.hint };
}

function missingHint(t: Tracked, input: VerifyInput): string {
  const ctx = `context ${input.kube.access.context}`;
  if (operatorPodLabels[t.want.kind] || t.want.kind === "Gateway" || t.want.kind === "Certificate")
    return `not in the cluster: has \`pulumi up --stack ${input.stack}\` finished on this cluster (${ctx}), and is the resource's operator (its CRD) installed?`;
  return `not in the cluster: has \`pulumi up --stack ${input.stack}\` finished on this cluster (${ctx})? With digit:delivery gitops, has the agent synced?`;
}

function kindHint(t: Tracked): string | undefined {
  const ns = t.want.namespace;
  if (t.want.kind === "Certificate")
    return `cert-manager has not issued it: DNS for the domain must point at the edge (pulumi stack output edgeAddress) and port 80 be reachable for ACME; kubectl -n ${ns} describe certificate ${t.want.name}`;
  if (t.want.kind === "Gateway") return `kubectl -n ${ns} describe gateway ${t.want.name}; the Envoy Gateway controller's logs in ${ns}`;
  if (t.want.kind === "Cluster") return `kubectl -n ${ns} describe cluster.postgresql.cnpg.io ${t.want.name}; the CloudNativePG operator's logs in ${ns}`;
  if (t.want.kind === "Elasticsearch" || t.want.kind === "Kibana") return `kubectl -n ${ns} describe ${t.want.kind.toLowerCase()} ${t.want.name}; the ECK operator's logs in ${ns}`;
  if (t.want.kind === "Job") return `kubectl -n ${ns} logs job/${t.want.name}`;
  return `kubectl -n ${ns} describe ${t.want.kind.toLowerCase()} ${t.want.name}`;
}

/** The health endpoint through the API server's service proxy; pass = 2xx. */
async function health(input: VerifyInput, t: Tracked): Promise<{ ok: boolean; text: string; hint?: string }> {
  const h = t.want.health!;
  const ns = t.want.namespace;
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(h.service)}:${h.port}/proxy${h.path}`;
  // The kubelet's readiness probe calls the same path on every pod: a rolled-out workload passed it.
  const viaKubelet = (why: string) => ({ ok: true, text: `health ${h.path} ok per the kubelet's readiness probe (${why})` });
  try {
    const r = await input.kube.request(path, { accept: "*/*", timeoutMs: input.requestTimeoutMs });
    if (r.status >= 200 && r.status <= 299) return { ok: true, text: `health ${h.path} ${r.status}` };
    if (isApiServerStatus(r)) {
      let message = `HTTP ${r.status}`;
      try {
        message = JSON.parse(r.body).message ?? message;
      } catch {
        // keep the status
      }
      if (r.status === 401 || r.status === 403) return viaKubelet(`this user may not use services/proxy: ${message}`);
      return viaKubelet(`the API server cannot reach the pods, e.g. a NetworkPolicy admits only the edge, monitoring and the namespace itself: ${message}`);
    }
    const body = r.body.trim().replace(/\s+/g, " ").slice(0, 100);
    return { ok: false, text: `health ${h.path} returned ${r.status}${body ? `: ${body}` : ""}`, hint: `kubectl -n ${ns} logs deploy/${t.want.name}` };
  } catch (e) {
    if (e instanceof RequestError && e.timedOut) return viaKubelet(`no answer through the API server within ${formatSeconds(input.requestTimeoutMs)}`);
    return { ok: false, text: `health ${h.path}: ${describeRequestError(e)}` };
  }
}

function publicHint(e: unknown, plan: PublicPlan, edge: EdgeAccess, tlsSecret: ExpectedDeployment["tlsSecret"]): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${plan.domain} does not resolve: point DNS at the edge (pulumi stack output edgeAddress), or pass --edge-address <address[:port]>`;
  if (/CERT|SELF_SIGNED|VERIFY|ALTNAME/.test(code))
    return plan.tls === "self-signed"
      ? `the edge's certificate is self-signed: pass --ca-file with its ca.crt${tlsSecret ? ` (kubectl -n ${tlsSecret.namespace} get secret ${tlsSecret.name} -o jsonpath='{.data.ca\\.crt}' | base64 -d > edge-ca.crt)` : ""}`
      : `pass --ca-file <the CA that signed the state's certificate>${edge.caSource ? ` (trusted now: ${edge.caSource})` : ""}`;
  return `the edge does not answer at ${edge.connectTo ?? plan.domain}: check the load balancer / NodePorts (pulumi stack output edgeAddress) and the Gateway line above`;
}

async function publicChecks(input: VerifyInput): Promise<CheckResult[]> {
  const p = input.public;
  if (!p) return [];
  const out: CheckResult[] = [];
  const edge = p.plan.checks.length ? await p.edge() : {};
  for (const c of p.plan.checks) {
    const url = new URL(p.plan.baseUrl + c.path);
    const where = `${c.method} ${url.pathname}`;
    try {
      const body = c.body === undefined ? undefined : JSON.stringify(c.body);
      const r = await httpRequest(url, {
        method: c.method,
        timeoutMs: input.requestTimeoutMs,
        connectTo: edge.connectTo,
        headers: { accept: c.method === "GET" ? "text/html,*/*" : "application/json", "user-agent": "digit-pulumi-verify", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        body,
        tls: edge.ca ? { ca: edge.ca } : undefined,
      });
      const v = c.judge({ status: r.status, contentType: String(r.headers["content-type"] ?? ""), body: r.body });
      out.push({ status: v.ok ? "pass" : "fail", area: "public", label: c.label, detail: `${where} ${v.detail}`, ...(v.hint ? { hint: v.hint } : {}) });
    } catch (e) {
      out.push({ status: "fail", area: "public", label: c.label, detail: `${where}: ${describeRequestError(e)}`, hint: publicHint(e, p.plan, edge, input.expected.tlsSecret) });
    }
  }
  for (const s of p.plan.skipped) out.push({ status: "skip", area: "public", label: s.label, detail: s.reason });
  return out;
}

function summarize(results: CheckResult[]): Record<Status, number> {
  return { pass: results.filter((r) => r.status === "pass").length, fail: results.filter((r) => r.status === "fail").length, skip: results.filter((r) => r.status === "skip").length };
}

export async function verify(input: VerifyInput): Promise<Report> {
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const { kube } = input;
  const results: CheckResult[] = [];
  const finish = (): Report => {
    const summary = summarize(results);
    return { stack: input.stack, context: kube.access.context, server: kube.access.server, results, summary, ok: summary.fail === 0, elapsedMs: now() - started };
  };

  // The cluster: reachable, and these credentials accepted, before anything else.
  const clusterLabel = "cluster";
  const nsList = input.expected.namespaces.length ? input.expected.namespaces : [input.servicesNamespace];
  let present: boolean[];
  try {
    const version = await kube.json<{ gitVersion?: string }>("/version");
    present = await mapLimit(nsList, 8, async (ns) => !!(await kube.getOptional(`/api/v1/namespaces/${encodeURIComponent(ns)}`)));
    results.push({ status: "pass", area: "cluster", label: clusterLabel, detail: `${kube.access.server} (Kubernetes ${version.gitVersion ?? "?"}), context ${kube.access.context}, ${describeAuth(kube.access)}` });
  } catch (e) {
    const refused = e instanceof KubeApiError && (e.status === 401 || e.status === 403);
    results.push({
      status: "fail",
      area: "cluster",
      label: clusterLabel,
      detail: `${kube.access.server} (context ${kube.access.context}): ${apiErrorText(e)}`,
      hint: e instanceof KubeconfigError
        ? "fix the kubeconfig's credentials (its exec plugin's messages are above)"
        : refused
          ? e.status === 401
            ? `the API server refused the credentials (${describeAuth(kube.access)}): renew them (e.g. aws sso login, az login, gcloud auth login) or pick another --context`
            : "this user may not read the platform's namespaces: the check needs get/list on workloads, pods and services/proxy there"
          : `the API server does not answer: is ${kube.access.server} reachable from here (VPN, firewall, private endpoint)?`,
    });
    return finish();
  }
  // `pulumi up` creates the namespaces itself (GitOps delivery too): none there, nothing to wait for.
  const absent = nsList.filter((_, i) => !present[i]);
  for (const ns of absent)
    results.push({
      status: "fail",
      area: "cluster",
      label: `namespace ${ns}`,
      detail: "not found",
      hint: `\`pulumi up --stack ${input.stack}\` has not run against this cluster (context ${kube.access.context}), or was interrupted before creating it`,
    });
  if (absent.length === nsList.length) return finish();

  const tracked = new Map<string, Tracked>(input.expected.objects.map((o) => [key(o.kind, o.namespace, o.name), { want: o }]));
  const deadline = started + input.timeoutMs;
  let listProblems: string[] = [];
  for (;;) {
    listProblems = await look(input, tracked, input.expected.namespaces);
    const waiting = [...tracked.values()].filter((t) => !settled(t));
    if (!waiting.length || now() >= deadline) break;
    input.onProgress?.(waiting.map((t) => labelOf(t.want, input.servicesNamespace)), now() - started);
    await sleep(Math.max(0, Math.min(input.pollMs, deadline - now())));
  }
  const waited = formatSeconds(now() - started);

  // The backbone and the edge first (in the order the platform creates their namespaces), DIGIT's services last, by name.
  const nsRank = (ns: string) => {
    if (ns === input.servicesNamespace) return Number.MAX_SAFE_INTEGER;
    const i = input.expected.namespaces.indexOf(ns);
    return i < 0 ? Number.MAX_SAFE_INTEGER - 1 : i;
  };
  const ordered = [...tracked.values()].sort((a, b) => nsRank(a.want.namespace) - nsRank(b.want.namespace) || a.want.name.localeCompare(b.want.name) || a.want.kind.localeCompare(b.want.kind));
  const lines = await mapLimit(ordered, 8, async (t): Promise<CheckResult> => {
    const base = { area: "workload" as const, label: labelOf(t.want, input.servicesNamespace), kind: t.want.kind, namespace: t.want.namespace, name: t.want.name };
    const isService = input.digitServices.has(t.want.name) && t.want.namespace === input.servicesNamespace;
    const prefix = isService ? "rollout " : `${t.want.kind} `;
    if (t.error) return { ...base, status: "fail", detail: `${prefix}cannot be read: ${t.error}`, hint: "the check needs get/list on this kind in the namespace" };
    if (t.missing && t.want.ttlAfterFinished) return { ...base, status: "skip", detail: `${t.want.kind} gone (removed after ttlSecondsAfterFinished)` };
    if (t.missing) return { ...base, status: "fail", detail: `${prefix}not found after ${waited}`, hint: missingHint(t, input) };
    const state = t.state!;
    if (state.phase !== "done") {
      const why = await diagnose(input, t);
      const timing = state.phase === "waiting" ? ` (still after ${waited})` : "";
      return { ...base, status: "fail", detail: `${prefix}${state.summary}${timing}${why.detail}`, hint: why.hint ?? kindHint(t) };
    }
    if (!t.want.health) return { ...base, status: "pass", detail: `${prefix}${state.summary}` };
    const h = await health(input, t);
    return { ...base, status: h.ok ? "pass" : "fail", detail: `${prefix}${state.summary}, ${h.text}`, ...(h.hint ? { hint: h.hint } : {}) };
  });
  results.push(...lines);
  for (const p of listProblems) results.push({ status: "fail", area: "workload", label: "listing", detail: p, hint: "the check needs list on deployments, statefulsets and daemonsets in the platform's namespaces" });
  results.push(...(await publicChecks(input)));
  return finish();
}
