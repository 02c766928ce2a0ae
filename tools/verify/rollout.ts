/**
 * Whether an object the platform deployed has finished rolling out, from its live status alone.
 * Deployments, StatefulSets and DaemonSets follow kubectl's own rule (kubernetes/kubectl
 * pkg/polymorphichelpers/rollout_status.go); Jobs their Complete/Failed conditions; the
 * operators' resources their status fields (CloudNativePG Cluster: readyInstances and phase;
 * ECK Elasticsearch: phase and health; Gateway API Gateway: Programmed; cert-manager Certificate:
 * Ready). Pure functions over the JSON the API server returns.
 */

export type RolloutPhase = "done" | "waiting" | "failed";

export interface Rollout {
  phase: RolloutPhase;
  /** e.g. "2/2 available", "1 of 3 updated replicas are available" */
  summary: string;
}

type Obj = Record<string, any>;

const num = (v: unknown): number => (typeof v === "number" ? v : 0);

function condition(o: Obj, type: string): Obj | undefined {
  return (o.status?.conditions ?? []).find((c: Obj) => c?.type === type);
}

/** kubectl's DeploymentStatusViewer, with the counts a person needs. */
export function deploymentRollout(d: Obj): Rollout {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  if (num(d.metadata?.generation) > num(s.observedGeneration)) return { phase: "waiting", summary: "the controller has not seen the latest spec yet" };
  const progressing = condition(d, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded")
    return { phase: "failed", summary: `${num(s.availableReplicas)}/${want} available; rollout exceeded its progress deadline` };
  if (num(s.updatedReplicas) < want) return { phase: "waiting", summary: `${num(s.availableReplicas)}/${want} available, ${num(s.updatedReplicas)} of ${want} updated` };
  if (num(s.replicas) > num(s.updatedReplicas)) return { phase: "waiting", summary: `${num(s.replicas) - num(s.updatedReplicas)} old replica(s) pending termination` };
  if (num(s.availableReplicas) < num(s.updatedReplicas)) return { phase: "waiting", summary: `${num(s.availableReplicas)}/${want} available` };
  return { phase: "done", summary: `${num(s.availableReplicas)}/${want} available` };
}

/** kubectl's StatefulSetStatusViewer. */
export function statefulSetRollout(st: Obj): Rollout {
  const s = st.status ?? {};
  const want = st.spec?.replicas ?? 1;
  const strategy = st.spec?.updateStrategy?.type ?? "RollingUpdate";
  if (strategy !== "RollingUpdate")
    return num(s.readyReplicas) >= want
      ? { phase: "done", summary: `${num(s.readyReplicas)}/${want} ready (${strategy}: updates wait for pods to be deleted)` }
      : { phase: "waiting", summary: `${num(s.readyReplicas)}/${want} ready` };
  if (!num(s.observedGeneration) || num(st.metadata?.generation) > num(s.observedGeneration)) return { phase: "waiting", summary: "the controller has not seen the latest spec yet" };
  if (num(s.readyReplicas) < want) return { phase: "waiting", summary: `${num(s.readyReplicas)}/${want} ready` };
  const partition = st.spec?.updateStrategy?.rollingUpdate?.partition;
  if (st.spec?.updateStrategy?.rollingUpdate) {
    if (typeof partition === "number" && num(s.updatedReplicas) < want - partition)
      return { phase: "waiting", summary: `partitioned rollout: ${num(s.updatedReplicas)} of ${want - partition} updated` };
    return { phase: "done", summary: `${num(s.readyReplicas)}/${want} ready` };
  }
  if (s.updateRevision !== s.currentRevision) return { phase: "waiting", summary: `${num(s.readyReplicas)}/${want} ready, ${num(s.updatedReplicas)} at the new revision` };
  return { phase: "done", summary: `${num(s.readyReplicas)}/${want} ready` };
}

/** kubectl's DaemonSetStatusViewer. */
export function daemonSetRollout(ds: Obj): Rollout {
  const s = ds.status ?? {};
  const want = num(s.desiredNumberScheduled);
  if ((ds.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate")
    return { phase: "done", summary: `${num(s.numberAvailable)}/${want} available (OnDelete)` };
  if (num(ds.metadata?.generation) > num(s.observedGeneration)) return { phase: "waiting", summary: "the controller has not seen the latest spec yet" };
  if (num(s.updatedNumberScheduled) < want) return { phase: "waiting", summary: `${num(s.updatedNumberScheduled)} of ${want} nodes updated` };
  if (num(s.numberAvailable) < want) return { phase: "waiting", summary: `${num(s.numberAvailable)}/${want} available` };
  return { phase: "done", summary: `${num(s.numberAvailable)}/${want} available` };
}

/** A Job: Complete or Failed condition (batch/v1 JobStatus). */
export function jobRollout(j: Obj): Rollout {
  const failed = condition(j, "Failed");
  if (failed?.status === "True") return { phase: "failed", summary: `failed: ${failed.reason ?? ""}${failed.message ? ` (${failed.message})` : ""}`.trim() };
  const complete = condition(j, "Complete");
  if (complete?.status === "True") return { phase: "done", summary: "completed" };
  const s = j.status ?? {};
  return { phase: "waiting", summary: `running (${num(s.active)} active, ${num(s.failed)} failed attempt(s))` };
}

/** CloudNativePG's phase of a cluster doing nothing (api/v1 cluster_types.go PhaseHealthy). */
export const cnpgHealthyPhase = "Cluster in healthy state";

export function cnpgClusterRollout(c: Obj): Rollout {
  const s = c.status ?? {};
  const want = c.spec?.instances ?? 1;
  const counts = `${num(s.readyInstances)}/${want} instances ready`;
  if (num(s.readyInstances) >= want && s.phase === cnpgHealthyPhase) return { phase: "done", summary: counts };
  const phase = s.phase ? `; phase "${s.phase}"${s.phaseReason ? ` (${s.phaseReason})` : ""}` : "; no status yet (is the CloudNativePG operator running?)";
  return { phase: "waiting", summary: counts + phase };
}

/** ECK's Elasticsearch: phase Ready and health green; yellow is the normal state of one node (replicas never allocate). */
export function elasticsearchRollout(e: Obj): Rollout {
  const s = e.status ?? {};
  const nodes = (e.spec?.nodeSets ?? []).reduce((n: number, ns: Obj) => n + (ns?.count ?? 0), 0);
  const counts = `${num(s.availableNodes)}/${nodes} nodes, health ${s.health ?? "unknown"}`;
  if (s.phase !== "Ready") return { phase: "waiting", summary: `${counts}; phase ${s.phase ?? "none yet (is the ECK operator running?)"}` };
  if (s.health === "green") return { phase: "done", summary: counts };
  if (s.health === "yellow" && nodes <= 1) return { phase: "done", summary: `${counts} (one node: replica shards stay unassigned)` };
  return { phase: "waiting", summary: counts };
}

/** ECK's Kibana: health green. */
export function kibanaRollout(k: Obj): Rollout {
  const s = k.status ?? {};
  return s.health === "green"
    ? { phase: "done", summary: `${num(s.availableNodes)} available, health green` }
    : { phase: "waiting", summary: `health ${s.health ?? "unknown"}` };
}

/** A condition-carrying object (Gateway API, cert-manager): done when `type` is True. */
function conditionRollout(o: Obj, type: string, doneText: string): Rollout {
  const c = condition(o, type);
  if (c?.status === "True") return { phase: "done", summary: doneText };
  if (!c) return { phase: "waiting", summary: `no ${type} condition yet` };
  return { phase: "waiting", summary: `${type} ${c.status}: ${c.reason ?? ""}${c.message ? ` (${c.message})` : ""}`.trim() };
}

export function gatewayRollout(g: Obj): Rollout {
  const r = conditionRollout(g, "Programmed", "programmed");
  if (r.phase !== "done") return r;
  const addrs = (g.status?.addresses ?? []).map((a: Obj) => a?.value).filter(Boolean);
  return { phase: "done", summary: `programmed${addrs.length ? `, address ${addrs.join(", ")}` : ""}` };
}

export function certificateRollout(c: Obj): Rollout {
  const r = conditionRollout(c, "Ready", "issued");
  if (r.phase !== "done") return r;
  return { phase: "done", summary: `issued${c.status?.notAfter ? `, valid until ${String(c.status.notAfter).slice(0, 10)}` : ""}` };
}
