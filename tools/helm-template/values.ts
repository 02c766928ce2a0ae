/**
 * How values are combined, each as its upstream does it:
 * - Helm's coalescing of user values over chart defaults and of globals into subcharts
 *   (helm.sh/helm/v3 v3.13.3 pkg/chartutil/coalesce.go and dependencies.go processImportValues),
 *   ported function by function: a user `null` deletes a default, a user `null` with no default
 *   stays as null, a parent's globals win over a subchart's;
 * - Sprig's merge and mergeOverwrite: github.com/imdario/mergo v0.3.12 deepMerge on
 *   map[string]interface{} (merge.go), including its quirks: a map in the source never replaces a
 *   non-empty scalar in the destination, merge skips nil sources, maps are shared, not copied;
 * - Sprig's deepCopy (mitchellh/copystructure): a copy that keeps Go types;
 * - helmfile's environment values: later files merge over earlier ones.
 */
import { GoInt, GoStruct, GoTime, isInt, intValue, isMap, isNil, tag, tagOf, Value } from "./gotypes";

type Map = Record<string, Value>;

/** copystructure.Copy: maps and slices copied deeply, their Go types kept. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map(deepCopy);
    const t = tagOf(v);
    return (t ? tag(out, t) : out) as T;
  }
  if (isMap(v)) {
    const out = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)]));
    const t = tagOf(v);
    return (t ? tag(out, t) : out) as T;
  }
  return v;
}

// ---- mergo v0.3.12 ----

/** mergo's isEmptyValue (on the value held in an interface). */
function isEmptyValue(v: Value): boolean {
  if (isNil(v)) return true;
  if (typeof v === "string" || Array.isArray(v)) return v.length === 0;
  if (typeof v === "boolean") return !v;
  if (typeof v === "number") return v === 0;
  if (isInt(v)) return intValue(v) === 0n;
  if (v instanceof GoStruct || v instanceof GoTime || v instanceof GoInt) return false;
  if (isMap(v)) return !hasKeys(v);
  return false;
}

function hasKeys(m: Map): boolean {
  for (const k in m) if (Object.hasOwn(m, k)) return true;
  return false;
}

/** deepMerge of two map[string]interface{} values, dst changed in place. */
function deepMergeMap(dst: Map, src: Map, overwrite: boolean): void {
  // isEmptyValue(dst) for the slice rule: dst only gains keys while merging
  let dstEmpty = !hasKeys(dst);
  for (const key of Object.keys(src)) {
    const sv = src[key];
    const has = Object.hasOwn(dst, key);
    const before = dst[key];
    // a nil in the source only ever overwrites
    if (sv === null || sv === undefined) {
      if (overwrite) {
        dst[key] = null;
        dstEmpty = false;
      }
      continue;
    }
    const isSlice = Array.isArray(sv);
    const isDict = !isSlice && isMap(sv);
    if (isDict) {
      // deepMerge(ValueOf(dst elem), ValueOf(src elem)): only a map destination takes anything
      if (has && isMap(before)) deepMergeMap(before, sv as Map, overwrite);
    } else if (isSlice) {
      // the source slice when overwriting (or dst is empty), else what dst had (a new empty slice for nothing)
      dst[key] = overwrite || dstEmpty ? sv : !has || isNil(before) ? tag([] as Value[], tagOf(sv) ?? {}) : before;
      dstEmpty = false;
    }
    // a non-empty destination keeps itself against a map or slice (already merged or kept above)
    if ((isDict || isSlice) && has && !isEmptyValue(before)) continue;
    if (overwrite || !has || isEmptyValue(before)) {
      dst[key] = sv;
      dstEmpty = false;
    }
  }
}

/**
 * Sprig's merge (overwrite=false) and mergeOverwrite (overwrite=true): each source merged into dst
 * in turn by mergo.Merge(&dst, src[, WithOverride]); a nil dst becomes a new map.
 */
export function mergoMerge(dst: Map | null, srcs: Array<Map | null>, overwrite: boolean): Map {
  for (const src of srcs) {
    if (!src) continue;
    if (!dst) dst = {};
    deepMergeMap(dst, src, overwrite);
  }
  // merging nothing into a nil map leaves it nil (it prints as map[])
  return dst ?? tag({}, { nil: true });
}

/** mustMergeOverwrite(dst, srcs...) for callers outside templates. */
export function mergeOverwrite(dst: Map, ...srcs: Map[]): Map {
  return mergoMerge(dst, srcs, true);
}

// ---- Helm v3.13.3 chartutil coalesce.go ----

/** What coalescing needs of a chart: its name, its values.yaml, its (enabled, aliased) dependencies. */
export interface ValuesChart {
  name: string;
  values: Map;
  /** Chart.yaml lists dependencies (processImportValues does nothing for a chart without) */
  hasDependencies: boolean;
  dependencies: ValuesChart[];
}

/** Go's `v.(map[string]interface{})` */
const istable = (v: Value): v is Map => isMap(v) && tagOf(v)?.type === undefined;

const concatPrefix = (a: string, b: string) => (a === "" ? b : `${a}.${b}`);

/** Helm logs these and goes on; so does this port (silently). */
const printf = (_msg: string) => undefined;

/** CoalesceValues: user values over the chart's defaults, through every dependency. */
export function coalesceValues(chrt: ValuesChart, vals: Map): Map {
  return coalesce(chrt, deepCopy(vals ?? {}), "", false);
}

/** MergeValues: like CoalesceValues but a null deletes nothing. */
export function mergeValues(chrt: ValuesChart, vals: Map | null): Map {
  return coalesce(chrt, deepCopy(vals ?? {}), "", true);
}

function coalesce(ch: ValuesChart, dest: Map, prefix: string, merge: boolean): Map {
  coalesceChartValues(ch, dest, prefix, merge);
  return coalesceDeps(ch, dest, prefix, merge);
}

function coalesceDeps(chrt: ValuesChart, dest: Map, prefix: string, merge: boolean): Map {
  for (const sub of chrt.dependencies) {
    if (!Object.hasOwn(dest, sub.name)) dest[sub.name] = {};
    else if (!istable(dest[sub.name])) throw new Error(`type mismatch on ${sub.name}: %!t(${dest[sub.name] === null ? "<nil>" : typeof dest[sub.name]})`);
    const dvmap = dest[sub.name] as Map;
    const subPrefix = concatPrefix(prefix, chrt.name);
    coalesceGlobals(dvmap, dest, subPrefix, merge);
    dest[sub.name] = coalesce(sub, dvmap, subPrefix, merge);
  }
  return dest;
}

/** The parent's globals copied into a subchart's values: the parent wins. */
function coalesceGlobals(dest: Map, src: Map, prefix: string, _merge: boolean): void {
  let dg: Map;
  let sg: Map;
  if (!Object.hasOwn(dest, "global")) dg = {};
  else if (istable(dest.global)) dg = dest.global;
  else return printf("warning: skipping globals because destination global is not a table.");
  if (!Object.hasOwn(src, "global")) sg = {};
  else if (istable(src.global)) sg = src.global;
  else return printf("warning: skipping globals because source global is not a table.");
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (istable(val)) {
      const vv = { ...val };
      if (!Object.hasOwn(dg, key)) dg[key] = vv;
      else if (!istable(dg[key])) printf(`Conflict: cannot merge map onto non-map for ${key}. Skipping.`);
      else {
        coalesceTablesFullKey(vv, dg[key] as Map, concatPrefix(prefix, key), true);
        dg[key] = vv;
      }
    } else if (Object.hasOwn(dg, key) && istable(dg[key])) printf(`key ${key} is table. Skipping`);
    else dg[key] = val;
  }
  dest.global = dg;
}

function coalesceChartValues(c: ValuesChart, v: Map, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, c.name);
  const vc = deepCopy(c.values);
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (Object.hasOwn(v, key)) {
      const value = v[key];
      if (isNil(value) && !merge) delete v[key];
      else if (istable(value)) {
        if (!istable(val)) {
          if (!isNil(val)) printf(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), merge);
      }
    } else v[key] = val;
  }
}

function coalesceTablesFullKey(dst: Map | null, src: Map | null, prefix: string, merge: boolean): Map | null {
  if (!src) return dst;
  if (!dst) return src;
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullkey = concatPrefix(prefix, key);
    const has = Object.hasOwn(dst, key);
    if (has && !merge && isNil(dst[key])) delete dst[key];
    else if (!has) dst[key] = val;
    else if (istable(val)) {
      if (istable(dst[key])) coalesceTablesFullKey(dst[key] as Map, val, fullkey, merge);
      else printf(`warning: cannot overwrite table with non table for ${fullkey}`);
    } else if (istable(dst[key]) && !isNil(val)) printf(`warning: destination for ${fullkey} is a table. Ignoring non-table value`);
  }
  return dst;
}

/**
 * dependencies.go processDependencyImportValues with merge (what `helm install`/`template` run):
 * a chart with dependencies gets, as its own values, its defaults merged with theirs.
 */
export function processImportValues(c: ValuesChart): void {
  for (const d of c.dependencies) processImportValues(d);
  if (!c.hasDependencies) return;
  c.values = deepCopy(mergeValues(c, null));
}

// ---- helmfile ----

/** Later wins key by key; maps merge recursively. */
function overlay(dst: Map, src: Map): Map {
  for (const [k, v] of Object.entries(src)) {
    const d = dst[k];
    if (isMap(v) && isMap(d)) overlay(d, v);
    else dst[k] = isMap(v) ? deepCopy(v) : v;
  }
  return dst;
}

/** helmfile: environment value files merged in order, maps deep, later wins. */
export function mergeValueFiles(files: Map[]): Map {
  return files.reduce<Map>((acc, f) => overlay(acc, deepCopy(f)), {});
}
