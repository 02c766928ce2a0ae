import type { PlanDiff } from "./diff";
import type { Leak } from "./leaks";
import type { Summary } from "./summary";
import type { ChartReview, ModuleReview, Review, TrafficEntry } from "./review";

/** `--json`'s output: the summary's figures for machines. `format` changes when a field's meaning does. */
export interface PlanJson {
  format: "digit-plan/1";
  stack: string;
  resources: { total: number; custom: number; components: number; providers: number; protected: number; retainedOnDelete: number };
  perComponent: Array<{ name: string; type: string; resources: number }>;
  perType: Array<{ type: string; count: number }>;
  requests: { cpuMillis: number; memoryMiB: number; workloads: number; pods: number; containersWithoutRequests: string[] };
  /** null when the target reports none */
  capacity: { nodes: number; cpuMillis: number; memoryMiB: number } | null;
  /** whether the requests fit the capacity; null when the capacity is not known */
  fits: boolean | null;
  criticalPath: Array<{ urn: string; type: string; name: string }>;
  /** the DIGIT modules chosen and pulled in, and the services deployed per module; null for a program without DIGIT services */
  modules: ModuleReview | null;
  /** how traffic enters: LoadBalancer, or the NodePorts the state's load balancer forwards to */
  traffic: TrafficEntry[];
  /** every image the stack runs: as pulled, its upstream name (the same without a mirror), where used */
  images: { total: number; mirror: string | null; list: Array<{ image: string; upstream: string | null; usedBy: string[] }>; unknownCharts: string[] };
  /** third-party charts: one resource each offline; their objects appear in a real preview */
  charts: ChartReview[];
  /** the stack outputs (secrets "[secret]") */
  outputs: Record<string, unknown>;
  /** the program's warnings (pulumi.log.warn), then the manifests' (auto-named or namespace-less objects) */
  warnings: string[];
  /** the program's informational messages (pulumi.log.info) */
  notes: string[];
  /** secret values found in plain text (redacted); non-empty means exit code 3 */
  leaks: Leak[];
  /** the --out directory and how many files it got, or null */
  out: { dir: string; files: number } | null;
  elapsedMs: number;
  /** with --diff: what changes going from `from` to this plan */
  diff?: PlanDiff & { from: string };
}

export function planJson(p: {
  stack: string;
  data: Summary;
  review: Review;
  warnings: string[];
  notes: string[];
  leaks: Leak[];
  elapsedMs: number;
  out?: { dir: string; files: number };
  diff?: PlanDiff & { from: string };
}): PlanJson {
  const s = p.data;
  const r = s.requests;
  const c = s.capacity;
  return {
    format: "digit-plan/1",
    stack: p.stack,
    resources: { total: s.total, custom: s.custom - s.providers, components: s.components, providers: s.providers, protected: s.protected, retainedOnDelete: s.retained },
    perComponent: s.perComponent,
    perType: s.perType,
    requests: {
      cpuMillis: r.cpuMillis,
      memoryMiB: r.memoryMiB,
      workloads: r.workloads.length,
      pods: r.workloads.reduce((n, w) => n + w.pods, 0),
      containersWithoutRequests: r.missing,
    },
    capacity: c ? { nodes: c.nodes, cpuMillis: c.cpuMillis, memoryMiB: c.memoryMiB } : null,
    fits: c ? r.cpuMillis <= c.cpuMillis && r.memoryMiB <= c.memoryMiB : null,
    criticalPath: s.criticalPath.map((x) => ({ urn: x.urn, type: x.type, name: x.name })),
    modules: p.review.modules ?? null,
    traffic: p.review.traffic,
    images: {
      total: p.review.images.total,
      mirror: p.review.images.mirror ?? null,
      list: p.review.images.list.map((i) => ({ image: i.image, upstream: i.upstream ?? null, usedBy: i.usedBy })),
      unknownCharts: p.review.images.unknownCharts,
    },
    charts: p.review.charts,
    outputs: p.review.outputs,
    warnings: p.warnings,
    notes: p.notes,
    leaks: p.leaks,
    out: p.out ?? null,
    elapsedMs: Math.round(p.elapsedMs),
    ...(p.diff ? { diff: p.diff } : {}),
  };
}
