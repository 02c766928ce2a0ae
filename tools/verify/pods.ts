/**
 * Why a workload's pods are not ready, read from core/v1 Pod status (conditions, phase,
 * initContainerStatuses and containerStatuses: state.waiting/terminated/running, lastState,
 * restartCount, ready), with what to look at. The init containers the platform renders
 * (components/services/render.ts: wait-<part>, git-sync-<dir>, check-config-files, db-migration)
 * each get the hint that fits what they do.
 */

type Obj = Record<string, any>;

export interface PodProblem {
  pod: string;
  /** what is wrong, e.g. "init container check-config-files failed (exit 1)" */
  problem: string;
  /** what to look at / run */
  hint: string;
  /** the container the problem is in, and whether its previous run holds the logs */
  container?: string;
  previous?: boolean;
  /** set when the problem is the platform's config-file check (its log lists the missing files) */
  configCheck?: boolean;
}

export interface DiagnoseContext {
  namespace: string;
  /** the stack, for commands such as npm run check-configs -- --stack <stack> */
  stack: string;
  /** the DIGIT service the pods belong to (its digit:services key), if they are one */
  service?: string;
}

/** The platform's config-file check init container (render.ts renders it under this name). */
export const configCheckContainer = "check-config-files";
export const migrationContainer = "db-migration";

const imageReasons = new Set(["ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"]);

function cond(pod: Obj, type: string): Obj | undefined {
  return (pod.status?.conditions ?? []).find((c: Obj) => c?.type === type);
}

function logs(ctx: DiagnoseContext, pod: string, container: string, previous = false): string {
  return `kubectl -n ${ctx.namespace} logs ${pod} -c ${container}${previous ? " --previous" : ""}`;
}

function describe(ctx: DiagnoseContext, pod: string): string {
  return `kubectl -n ${ctx.namespace} describe pod ${pod}`;
}

function exitText(t: Obj | undefined): string {
  if (!t) return "";
  const parts = [typeof t.exitCode === "number" ? `exit ${t.exitCode}` : "", t.reason && t.reason !== "Error" ? t.reason : ""].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function memoryHint(ctx: DiagnoseContext): string {
  return ctx.service ? `raise digit:services.${ctx.service}.resources.memory` : "raise its memory (digit:backbone sizing)";
}

/** What an init container's failure means, by what the platform uses it for. */
export function initFailureHint(name: string, ctx: DiagnoseContext, pod: string, previous: boolean): string {
  if (name === configCheckContainer)
    return `config files the service reads are missing from the configuration repositories: npm run check-configs -- --stack ${ctx.stack}; ${logs(ctx, pod, name, previous)} lists them`;
  if (name === migrationContainer)
    return `the database migration (Flyway) failed: ${logs(ctx, pod, name, previous)}; check that the database is reachable and its login (digit:target.database)`;
  if (name.startsWith("git-sync-"))
    return `the configuration repository cannot be cloned: check digit:configRepos (url, ref, token) and the proxy; ${logs(ctx, pod, name, previous)}`;
  return `${logs(ctx, pod, name, previous)}`;
}

/** What an init container still running means (a wait-<part> waits for the backbone). */
export function initRunningHint(name: string, ctx: DiagnoseContext, pod: string): string {
  const wait = /^wait-(.+)$/.exec(name);
  if (wait) return `${wait[1]} is not reachable yet: see the ${wait[1]} line (backbone) of this report; ${logs(ctx, pod, name)}`;
  if (name.startsWith("git-sync-")) return `still cloning the configuration repository: ${logs(ctx, pod, name)}; check the network path / proxy to it`;
  if (name === migrationContainer) return `the database migration is still running: ${logs(ctx, pod, name)}`;
  return `${logs(ctx, pod, name)}`;
}

function waitingProblem(ctx: DiagnoseContext, pod: string, c: Obj, spec: Obj | undefined, init: boolean): PodProblem | undefined {
  const w = c.state?.waiting;
  const what = `${init ? "init container" : "container"} ${c.name}`;
  if (!w) return undefined;
  if (imageReasons.has(w.reason)) {
    const image = spec?.image ?? c.image;
    return { pod, container: c.name, problem: `${what}: image ${image} cannot be pulled (${w.reason})`, hint: `check digit:target.registry (mirror, pull secret) and that the tag exists; ${describe(ctx, pod)}` };
  }
  if (w.reason === "CreateContainerConfigError" || w.reason === "CreateContainerError")
    return { pod, container: c.name, problem: `${what}: ${w.reason}${w.message ? `: ${w.message}` : ""}`, hint: `a ConfigMap or Secret it reads is missing: ${describe(ctx, pod)}` };
  if (w.reason === "CrashLoopBackOff") {
    const last = c.lastState?.terminated;
    if (init)
      return {
        pod,
        container: c.name,
        previous: true,
        configCheck: c.name === configCheckContainer,
        problem: `init container ${c.name} failed${exitText(last)}, ${c.restartCount ?? 0} restart(s)`,
        hint: initFailureHint(c.name, ctx, pod, true),
      };
    if (last?.reason === "OOMKilled")
      return { pod, container: c.name, previous: true, problem: `${what} was killed for using more memory than its limit (OOMKilled), ${c.restartCount ?? 0} restart(s)`, hint: memoryHint(ctx) };
    return { pod, container: c.name, previous: true, problem: `${what} is crash-looping${exitText(last)}, ${c.restartCount ?? 0} restart(s)`, hint: `${logs(ctx, pod, c.name, true)}` };
  }
  if (w.reason === "PodInitializing") return undefined;
  return { pod, container: c.name, problem: `${what}: ${w.reason ?? "waiting"}${w.message ? `: ${w.message}` : ""}`, hint: `${describe(ctx, pod)}` };
}

/** The first thing wrong with one pod, or undefined when it is ready. */
export function podProblem(pod: Obj, ctx: DiagnoseContext): PodProblem | undefined {
  const name: string = pod.metadata?.name ?? "?";
  if (cond(pod, "Ready")?.status === "True" && !pod.metadata?.deletionTimestamp) return undefined;
  const s = pod.status ?? {};
  if (s.phase === "Failed") return { pod: name, problem: `pod failed: ${s.reason ?? ""}${s.message ? ` (${s.message})` : ""}`.trim(), hint: `${describe(ctx, name)}` };
  const scheduled = cond(pod, "PodScheduled");
  if (scheduled?.status === "False")
    return {
      pod: name,
      problem: `not scheduled: ${scheduled.message ?? scheduled.reason ?? "no node fits"}`,
      hint: `the nodes lack the CPU/memory it requests, or its volume cannot bind: npm run plan -- --stack ${ctx.stack} (requests vs capacity); ${describe(ctx, name)}`,
    };
  const specOf = (list: Obj[] | undefined, n: string) => (list ?? []).find((c) => c?.name === n);
  // Init containers run in order: the first not finished is the one to look at.
  for (const c of s.initContainerStatuses ?? []) {
    const spec = specOf(pod.spec?.initContainers, c.name);
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t)
      return { pod: name, container: c.name, configCheck: c.name === configCheckContainer, problem: `init container ${c.name} failed${exitText(t)}`, hint: initFailureHint(c.name, ctx, name, false) };
    const waiting = waitingProblem(ctx, name, c, spec, true);
    if (waiting) return waiting;
    if (c.state?.running) return { pod: name, container: c.name, problem: `waiting in init container ${c.name}`, hint: initRunningHint(c.name, ctx, name) };
    return { pod: name, container: c.name, problem: `init container ${c.name} has not started`, hint: `${describe(ctx, name)}` };
  }
  for (const c of s.containerStatuses ?? []) {
    if (c.ready) continue;
    const spec = specOf(pod.spec?.containers, c.name);
    const waiting = waitingProblem(ctx, name, c, spec, false);
    if (waiting) return waiting;
    if (c.state?.terminated) return { pod: name, container: c.name, problem: `container ${c.name} exited${exitText(c.state.terminated)}`, hint: `${logs(ctx, name, c.name)}` };
    if (c.state?.running) {
      const probe = spec?.readinessProbe?.httpGet?.path;
      return {
        pod: name,
        container: c.name,
        problem: `container ${c.name} is running but not ready${probe ? ` (readiness probe ${probe} fails)` : ""}${c.restartCount ? `, ${c.restartCount} restart(s)` : ""}`,
        hint: `${logs(ctx, name, c.name)}; ${describe(ctx, name)}`,
      };
    }
  }
  if (s.phase === "Pending") return { pod: name, problem: "pending", hint: `${describe(ctx, name)}` };
  return { pod: name, problem: "not ready", hint: `${describe(ctx, name)}` };
}

/** Every pod's first problem, the ready ones left out. */
export function podProblems(pods: Obj[], ctx: DiagnoseContext): PodProblem[] {
  return pods.map((p) => podProblem(p, ctx)).filter((p): p is PodProblem => !!p);
}

/** The missing files the config-file check printed (its script: one `  <dir>/<path>` line each). */
export function missingFromConfigCheckLog(log: string): string[] {
  const lines = log.split("\n");
  const start = lines.findIndex((l) => l.startsWith("config files missing in "));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!/^ {2}\S/.test(l)) break;
    out.push(l.trim());
  }
  return out;
}
