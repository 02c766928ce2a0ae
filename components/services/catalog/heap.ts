/**
 * JVM heap of a service, derived from its memory limit.
 *
 * Rule: max heap = 70% of the memory limit, rounded down to whole MiB (512Mi -> 358m, 768Mi ->
 * 537m). The other 30% holds what the JVM needs outside the heap: metaspace, code cache, thread
 * stacks, direct buffers; a Spring Boot service uses about 120-200 MiB of it, so a heap closer to
 * the limit gets the pod OOM-killed under load.
 *
 * DIGIT's values set -Xmx by hand: 256m for a 512Mi limit (50%) for most services, 192m (37.5%)
 * for some, 512m of 768Mi (67%) for egov-indexer and collection-services, and for zuul (704m) and
 * national-dashboard-ingest (750m) more than their 512Mi limit, which cannot work. The catalog
 * keeps DIGIT's value as `heapMiB` for reference; the platform derives the heap from the memory
 * limit, so changing a service's memory (digit:services.<name>.resources.memory) moves its heap
 * with it, and `digit:services.<name>.heap` overrides the rule.
 */
import type { ServiceSpec } from "./types";

export const heapFraction = 0.7;

/** Default max heap (MiB) for a memory limit (MiB). */
export function heapFor(memoryMiB: number): number {
  if (!Number.isFinite(memoryMiB) || memoryMiB <= 0)
    throw new Error(`memory limit ${memoryMiB} MiB is not a positive size: give the service's memory, e.g. 512Mi`);
  return Math.floor(memoryMiB * heapFraction);
}

const xmx = /-Xmx\d+[kKmMgG]?/;
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

/**
 * DIGIT's JAVA_OPTS with the max heap set to `heapMiB`; other flags (e.g. -XX:TieredStopAtLevel=1)
 * stay. An initial heap (-Xms) larger than the new max is lowered to it.
 */
export function javaOptsWithHeap(javaOpts: string, heapMiB: number): string {
  let out = xmx.test(javaOpts) ? javaOpts.replace(xmx, `-Xmx${heapMiB}m`) : `-Xmx${heapMiB}m ${javaOpts}`;
  const m = xms.exec(out);
  if (m && toMiB(m[1], m[2]) > heapMiB) out = out.replace(xms, `-Xms${heapMiB}m`);
  return out.trim().replace(/\s+/g, " ");
}

/**
 * JAVA_OPTS for the service with the given heap (default: heapFor its memory), or undefined when the
 * service has no JAVA_OPTS (its process is not a JVM started by DIGIT's scripts, e.g. the Node
 * services xstate-chatbot and pdf-service).
 */
export function javaOptsFor(spec: Pick<ServiceSpec, "env" | "memoryMiB">, heapMiB: number = heapFor(spec.memoryMiB)): string | undefined {
  const e = spec.env.find((x) => x.name === "JAVA_OPTS");
  if (!e || !("value" in e)) return undefined;
  return javaOptsWithHeap(e.value, heapMiB);
}
