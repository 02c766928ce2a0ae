/**
 * JVM heap of a DIGIT Java service.
 *
 * eGov tunes -Xmx per service (JAVA_OPTS in its values and env.yaml): 192m-384m for 386-768Mi
 * limits. The platform keeps eGov's JAVA_OPTS unless they cannot work: a max heap above 75% of the
 * memory limit leaves too little for metaspace, code cache, thread stacks and buffers (a Spring
 * Boot service uses 120-200 MiB outside the heap; the gateway runs 350 Tomcat threads), and the
 * pod is OOM-killed under load. Such a heap is lowered to 70% of the limit (deviations.ts lists
 * where). When a state changes a service's memory (digit:services.<svc>.resources.memory) the heap
 * follows at 70% of the new limit; digit:services.<svc>.heap sets it outright.
 */
import type { ServiceSpec } from "./types";

export const heapFraction = 0.7;
/** above this share of the memory limit, eGov's -Xmx is not kept */
export const maxHeapShare = 0.75;

/** Default max heap (MiB) for a memory limit (MiB). */
export function heapFor(memoryMiB: number): number {
  if (!Number.isFinite(memoryMiB) || memoryMiB <= 0)
    throw new Error(`memory limit ${memoryMiB} MiB is not a positive size: give the service's memory, e.g. 512Mi`);
  return Math.floor(memoryMiB * heapFraction);
}

const xmx = /-Xmx(\d+)([kKmMgG]?)/;
const xms = /-Xms(\d+)([kKmMgG]?)/;

function toMiB(n: string, unit: string): number {
  switch (unit.toLowerCase()) {
    case "g":
      return Number(n) * 1024;
    case "k":
      return Number(n) / 1024;
    case "m":
      return Number(n);
    default:
      return Number(n) / 2 ** 20;
  }
}

/** The -Xmx of JAVA_OPTS in MiB, or undefined. */
export function maxHeapMiB(javaOpts: string): number | undefined {
  const m = xmx.exec(javaOpts);
  return m ? toMiB(m[1], m[2]) : undefined;
}

/**
 * JAVA_OPTS with the max heap set to `heapMiB`; other flags stay. An initial heap (-Xms) larger
 * than the new max is lowered to it.
 */
export function javaOptsWithHeap(javaOpts: string, heapMiB: number): string {
  let out = xmx.test(javaOpts) ? javaOpts.replace(xmx, `-Xmx${heapMiB}m`) : `-Xmx${heapMiB}m ${javaOpts}`;
  const m = xms.exec(out);
  if (m && toMiB(m[1], m[2]) > heapMiB) out = out.replace(xms, `-Xms${heapMiB}m`);
  return out.trim().replace(/\s+/g, " ");
}

/** True when eGov's own JAVA_OPTS fit its memory limit (kept as they are). */
export function egovHeapFits(spec: Pick<ServiceSpec, "javaOpts" | "memoryMiB">): boolean {
  const heap = spec.javaOpts ? maxHeapMiB(spec.javaOpts) : undefined;
  return heap === undefined || spec.memoryMiB === undefined || heap <= spec.memoryMiB * maxHeapShare;
}

/**
 * JAVA_OPTS the platform runs a service with: eGov's when they fit and nothing was overridden,
 * else eGov's flags with the heap at `heapMiB` (default 70% of the memory limit). Undefined for a
 * service eGov starts without JAVA_OPTS.
 */
export function javaOptsFor(spec: Pick<ServiceSpec, "javaOpts" | "memoryMiB">, memoryMiB = spec.memoryMiB, heapMiB?: number): string | undefined {
  if (!spec.javaOpts) return heapMiB !== undefined ? `-Xmx${heapMiB}m -Xms${heapMiB}m` : undefined;
  if (heapMiB === undefined && memoryMiB === spec.memoryMiB && egovHeapFits(spec)) return spec.javaOpts;
  if (memoryMiB === undefined) return spec.javaOpts;
  return javaOptsWithHeap(spec.javaOpts, heapMiB ?? heapFor(memoryMiB));
}
