/**
 * JVM heap of a DIGIT Java service.
 *
 * eGov tunes -Xmx per service (JAVA_OPTS in its values and env.yaml): 192m-384m for 386-768Mi
 * limits. The platform keeps eGov's JAVA_OPTS: they are what eGov tested. Where eGov's max heap
 * is above 75% of its memory limit (collection-services 512m of 512Mi, the gateway 704m of
 * 786Mi, ...) too little is left for metaspace, code cache, thread stacks and buffers (a Spring
 * Boot service uses 120-200 MiB outside the heap) and the pod is OOM-killed under load: there the
 * memory limit is raised so the heap is 70% of it (deviations.ts lists where). When a state changes
 * a service's memory (digit:services.<svc>.resources.memory) the heap follows at 70% of the new
 * limit; digit:services.<svc>.heap sets it outright.
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

/** The memory (MiB) a service runs with by default: eGov's, raised where eGov's heap does not fit it. */
/** Memory of a service whose values name none: the common chart's default memory_limits. */
export const unrenderedMemoryMiB = 512;

export function memoryFor(spec: Pick<ServiceSpec, "javaOpts" | "memoryMiB">, fallbackMiB: number): number {
  const memory = spec.memoryMiB ?? fallbackMiB;
  const heap = spec.javaOpts ? maxHeapMiB(spec.javaOpts) : undefined;
  if (heap === undefined || heap <= memory * maxHeapShare) return memory;
  return Math.ceil(heap / heapFraction / 16) * 16;
}

/** True when eGov's own JAVA_OPTS fit its memory limit (kept as they are). */
export function egovHeapFits(spec: Pick<ServiceSpec, "javaOpts" | "memoryMiB">): boolean {
  const heap = spec.javaOpts ? maxHeapMiB(spec.javaOpts) : undefined;
  return heap === undefined || spec.memoryMiB === undefined || heap <= spec.memoryMiB * maxHeapShare;
}

/**
 * JAVA_OPTS the platform runs a service with: eGov's unless the state overrode its memory or heap,
 * else eGov's flags with the heap at `heapMiB` (default 70% of the memory limit). Undefined for a
 * service eGov starts without JAVA_OPTS.
 */
export function javaOptsFor(spec: Pick<ServiceSpec, "javaOpts" | "memoryMiB">, memoryMiB: number, heapMiB?: number, fallbackMiB = memoryMiB): string | undefined {
  if (!spec.javaOpts) return heapMiB !== undefined ? `-Xmx${heapMiB}m -Xms${heapMiB}m` : undefined;
  if (heapMiB === undefined && memoryMiB === memoryFor(spec, fallbackMiB)) return spec.javaOpts;
  return javaOptsWithHeap(spec.javaOpts, heapMiB ?? heapFor(memoryMiB));
}
