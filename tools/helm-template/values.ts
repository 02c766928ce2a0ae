/**
 * How Helm and its template functions combine values:
 * - coalesce (helm.sh/helm/v3 pkg/chartutil CoalesceValues): a user value wins over the chart's
 *   default, maps merge key by key, and a user `null` removes the default;
 * - mergeOverwrite (Sprig's mustMergeOverwrite, i.e. mergo.Merge with WithOverride): the later
 *   map wins key by key, maps merge recursively, and any value, empty or not, overwrites
 *   (mergo sets a map element whenever overwriting is on and the element is not a pointer);
 * - merge (Sprig's merge, mergo.Merge without override): the earlier map keeps what it has;
 * - helmfile's environment values: later files merge over earlier ones.
 */
import type { Value } from "./exec";

type Map = Record<string, Value>;
const isMap = (v: Value): v is Map => typeof v === "object" && v !== null && !Array.isArray(v);

export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)])) as T;
  return v;
}

/** mergo.Merge(dst, src..., WithOverride) on map[string]interface{}: mutates and returns dst. */
export function mergeOverwrite(dst: Map, ...srcs: Map[]): Map {
  for (const src of srcs) {
    if (!isMap(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      const d = dst[k];
      if (isMap(v) && isMap(d)) mergeOverwrite(d, v);
      else dst[k] = isMap(v) ? deepCopy(v) : v;
    }
  }
  return dst;
}

/** mergo.Merge(dst, src...) without override (Sprig's merge): dst keeps its values, gains what it lacks or has empty. */
export function merge(dst: Map, ...srcs: Map[]): Map {
  const empty = (v: Value) => v === null || v === undefined || v === false || v === 0 || v === "" || (Array.isArray(v) && !v.length) || (isMap(v) && !Object.keys(v).length);
  for (const src of srcs) {
    if (!isMap(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      const d = dst[k];
      if (isMap(v) && isMap(d)) merge(d, v);
      else if (!(k in dst) || empty(d)) dst[k] = deepCopy(v);
    }
  }
  return dst;
}

/** Helm's coalescing of user values over chart defaults (a new object; inputs untouched). */
export function coalesce(user: Map, defaults: Map): Map {
  const out: Map = deepCopy(user);
  for (const [k, dv] of Object.entries(defaults)) {
    if (!(k in out)) out[k] = deepCopy(dv);
    else if (out[k] === null) delete out[k];
    else if (isMap(out[k]) && isMap(dv)) out[k] = coalesce(out[k] as Map, dv);
  }
  for (const k of Object.keys(out)) if (out[k] === null && !(k in defaults)) delete out[k];
  return out;
}

/** helmfile: environment value files merged in order, maps deep, later wins. */
export function mergeValueFiles(files: Map[]): Map {
  return files.reduce<Map>((acc, f) => mergeOverwrite(acc, deepCopy(f)), {});
}
