/**
 * Env lists of DIGIT services. eGov's charts render some names twice (egov-filestore sets
 * ISNFSSTORAGEENABLED in two places; TRACER_OPENTRACING_ENABLED comes from the service's env and the
 * tracing block); the API server keeps such duplicates and the container sees the last one. The
 * platform renders each name once: the last value wins and keeps the first position.
 */
import type { EnvSpec } from "./types";

/** Last value wins, first position kept: config overrides catalog env without duplicate names. */
export function mergeEnv<T extends { name: string }>(env: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const e of env) last.set(e.name, e);
  const out: T[] = [];
  for (const e of env) {
    const winner = last.get(e.name);
    if (winner === undefined) continue;
    out.push(winner);
    last.delete(e.name);
  }
  return out;
}

/** The value a container sees for `name` in an env list as eGov renders it (the last entry). */
export function effectiveEnv(env: readonly EnvSpec[], name: string): EnvSpec | undefined {
  for (let i = env.length - 1; i >= 0; i--) if (env[i].name === name) return env[i];
  return undefined;
}

/** How an env entry's source reads in messages: `"x"`, `egov-config/db-url`, `Secret db/password`, `field status.hostIP`. */
export function describeSource(e: EnvSpec): string {
  if ("value" in e) return JSON.stringify(e.value);
  if ("configMap" in e) return `${e.configMap}/${e.key}`;
  if ("secret" in e) return `Secret ${e.secret}/${e.key}`;
  return `field ${e.field}`;
}

/** Files under /work-dir/<dir>/ that env values name (comma lists, file:// prefixes, globs kept as written). */
export function workDirFiles(env: readonly EnvSpec[], dir: string): string[] {
  const files = new Set<string>();
  const prefix = `/work-dir/${dir}/`;
  for (const e of env) {
    if (!("value" in e)) continue;
    for (const part of e.value.split(",")) {
      const at = part.indexOf(prefix);
      if (at >= 0) files.add(part.slice(at + prefix.length).trim());
    }
  }
  return [...files].sort();
}
