/**
 * The function map of Helm 3.13's engine (helm.sh/helm/v3 pkg/engine funcs.go and engine.go):
 * Sprig v3.2.3's TxtFuncMap without env/expandenv, then Helm's own (include, tpl, required, fail,
 * toYaml, fromYaml, toJson, fromJson, lookup, getHostByName). Each function carries its Go
 * signature, because text/template checks arguments against it: `indent` wants an int (a float64
 * from values is refused), `upper` a string (nil is refused). Sprig functions that are
 * non-deterministic (random, uuid), need a cluster or the network, or that DIGIT's charts never
 * call (regex, semver, crypto, toToml) are left out: a template calling one fails to parse by name.
 */
import { createHash } from "crypto";
import * as path from "path";
import { FuncError, FuncMap, GoFunc, ParamType, truthy } from "./exec";
import { goQuote, goString, sprintf } from "./gofmt";
import { marshalJson, unmarshalJson } from "./gojson";
import { GoInt, GoStruct, GoTime, intValue, isInt, isMap, isNil, kindOf, Method, tag, tagOf, typeName, utf8, Value, compareStrings } from "./gotypes";
import { parseYaml, toYaml } from "./goyaml";
import { deepCopy, mergoMerge } from "./values";

type Map = Record<string, Value>;

const fn = (params: ParamType[], f: (...args: any[]) => Value, variadic?: ParamType): GoFunc => ({ params, fn: f, variadic });

const fail = (msg: string): never => {
  throw new FuncError(msg);
};

/** Sprig's strval: strings as they are, the rest (a time.Time by its String()) as fmt's %v. */
export function strval(v: Value): string {
  return typeof v === "string" ? v : goString(v);
}

/** Sprig's empty: nil, zero numbers, false, and empty strings, lists and maps. */
export function empty(v: Value): boolean {
  return !truthy(v) && !(v instanceof GoStruct) && !(v instanceof GoTime);
}

// ---- spf13/cast v1.5.0, as Sprig's int, int64, float64 and arithmetic use it ----

/** cast's trimZeroDecimal: "3.0" reads as "3" */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === ".") {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === "0") foundZero = true;
    else return s;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b prefixes, a leading 0 for octal, _ between digits. */
function parseInt0(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/.exec(s);
  if (!m) return undefined;
  const b = m[2].replace(/_/g, "");
  const v = /^0[xXoObB]/.test(b) ? BigInt(b.toLowerCase()) : b.length > 1 && b[0] === "0" ? BigInt("0o" + b.slice(1)) : BigInt(b);
  const r = m[1] === "-" ? -v : v;
  return r >= -(2n ** 63n) && r < 2n ** 63n ? r : undefined;
}

/** float64 to int64 as Go converts on amd64 (NaN and out-of-range values give the minimum int64). */
function floatToInt(f: number): bigint {
  if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) return -(2n ** 63n);
  return BigInt(Math.trunc(f));
}

/** cast.ToInt64: numbers convert, numeric strings parse (base prefixes allowed), anything else is 0. */
export function toInt64(v: Value): bigint {
  if (isInt(v)) return intValue(v);
  if (typeof v === "number") return floatToInt(v);
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "string") return parseInt0(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

/** cast.ToFloat64 */
function toFloat64(v: Value): number {
  if (isInt(v)) return Number(intValue(v));
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const t = v.replace(/_/g, "");
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && !/__|^_|_$/.test(v)) return Number(t);
    if (/^[-+]?(inf|infinity)$/i.test(v)) return v.startsWith("-") ? -Infinity : Infinity;
    if (/^nan$/i.test(v)) return NaN;
    return 0;
  }
  return 0;
}

const int64 = (v: bigint) => new GoInt("int64", BigInt.asIntN(64, v));

// ---- strings ----

/** unicode.IsSpace */
const goSpace = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const trimSpace = (s: string) => s.replace(new RegExp(`^[${goSpace}]+|[${goSpace}]+$`, "gu"), "");

/**
 * unicode.ToUpper/ToLower/ToTitle rune by rune: Go uses the simple one-rune mappings, so ß stays ß
 * (JavaScript's full mapping gives SS); İ lowers to i; the Latin digraphs have their own title case.
 */
const simple: Record<string, string> = { "İ": "i" };
const titles: Record<string, string> = { Ǆ: "ǅ", ǅ: "ǅ", ǆ: "ǅ", Ǉ: "ǈ", ǈ: "ǈ", ǉ: "ǈ", Ǌ: "ǋ", ǋ: "ǋ", ǌ: "ǋ", Ǳ: "ǲ", ǲ: "ǲ", ǳ: "ǲ" };
const mapRunes = (s: string, f: (c: string) => string) =>
  Array.from(s)
    .map((c) => {
      const m = f(c);
      if (Array.from(m).length === 1) return m;
      return f === lowerRune && Object.hasOwn(simple, c) ? simple[c] : c;
    })
    .join("");
const upperRune = (c: string) => c.toUpperCase();
const lowerRune = (c: string) => c.toLowerCase();
const titleRune = (c: string) => (Object.hasOwn(titles, c) ? titles[c] : c.toUpperCase());

/** strings.Title: a letter after a separator (space, punctuation) is upper-cased. */
function title(s: string): string {
  const isSeparator = (r: string) => {
    if (/^[A-Za-z0-9_]$/.test(r)) return false;
    if (r.codePointAt(0)! < 0x80) return true;
    if (/[\p{L}\p{Nd}]/u.test(r)) return false;
    return new RegExp(`[${goSpace}]`, "u").test(r);
  };
  let prev = " ";
  let out = "";
  for (const c of s) {
    out += isSeparator(prev) ? mapRunes(c, titleRune) : c;
    prev = c;
  }
  return out;
}

/** strings.Replace(s, old, new, -1): an empty old inserts new around every character. */
function replaceAll(s: string, old: string, neu: string): string {
  if (old === "") return neu + Array.from(s).join(neu) + (s.length ? neu : "");
  return s.split(old).join(neu);
}

/** strings.Split: an empty separator splits into characters. */
const goSplit = (s: string, sep: string): string[] => (sep === "" ? Array.from(s) : s.split(sep));

/** strings.Trim(s, cutset) */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const ch = Array.from(s);
  let a = 0;
  let b = ch.length;
  while (a < b && set.has(ch[a])) a++;
  while (b > a && set.has(ch[b - 1])) b--;
  return ch.slice(a, b).join("");
}

/** Byte-wise slicing, as Go slices strings. */
function byteSlice(s: string, start: number, end?: number): string {
  const b = utf8(s);
  const e = end ?? b.length;
  if (start < 0 || e > b.length || start > e) throw new FuncError(`runtime error: slice bounds out of range [${start}:${e}]`);
  return b.subarray(start, e).toString("utf8");
}

function indent(spaces: bigint, v: string): string {
  if (spaces < 0n) fail("strings: negative Repeat count");
  const pad = " ".repeat(Number(spaces));
  return pad + v.split("\n").join("\n" + pad);
}

/** Sprig's strslice: a list's non-nil items as strings, a single value as a one-item list. */
function strslice(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  if (isNil(v)) return [];
  return [strval(v)];
}

const strings = (xs: string[]) => tag(xs, { type: "[]string" });

// ---- lists (Sprig list.go) ----

function listOf(v: Value, what: string): Value[] {
  if (Array.isArray(v)) return v;
  if (isNil(v)) throw new FuncError("runtime error: invalid memory address or nil pointer dereference");
  throw new FuncError(`Cannot ${what} on type ${kindOf(v)}`);
}

const nilList = () => tag([] as Value[], { nil: true });

/** reflect.DeepEqual on template values */
function deepEqual(a: Value, b: Value): boolean {
  if (typeof a !== typeof b) return false;
  if (isInt(a) && isInt(b)) return typeName(a) === typeName(b) && intValue(a) === intValue(b);
  if (Array.isArray(a) && Array.isArray(b)) return typeName(a) === typeName(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return typeName(a) === typeName(b) && ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  if (isNil(a) && isNil(b)) return true;
  return a === b;
}

// ---- dates ----

/** The moment Sprig's clock functions read when given no date: pinned so renders are reproducible. */
export const renderEpoch = new GoTime(0);

function asTime(d: Value): GoTime {
  if (d instanceof GoTime) return d;
  if (typeof d === "bigint" || (d instanceof GoInt && d.type !== "uint8")) return new GoTime(Number(intValue(d)) * 1000);
  return renderEpoch;
}

/** time.Format for a UTC instant, with Go's reference layout (Mon Jan 2 15:04:05 MST 2006). */
export function goTimeFormat(t: GoTime, layout: string): string {
  const d = new Date(t.ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const h = d.getUTCHours();
  const tokens: Array<[string, () => string]> = [
    ["January", () => months[d.getUTCMonth()]],
    ["Jan", () => months[d.getUTCMonth()].slice(0, 3)],
    ["Monday", () => days[d.getUTCDay()]],
    ["Mon", () => days[d.getUTCDay()].slice(0, 3)],
    ["MST", () => "UTC"],
    ["2006", () => pad(d.getUTCFullYear(), 4)],
    ["Z07:00", () => "Z"],
    ["Z0700", () => "Z"],
    ["-07:00", () => "+00:00"],
    ["-0700", () => "+0000"],
    ["-07", () => "+00"],
    ["002", () => pad(Math.floor((t.ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3)],
    ["01", () => pad(d.getUTCMonth() + 1)],
    ["02", () => pad(d.getUTCDate())],
    ["_2", () => String(d.getUTCDate()).padStart(2, " ")],
    ["06", () => pad(d.getUTCFullYear() % 100)],
    ["15", () => pad(h)],
    ["03", () => pad(h % 12 || 12)],
    ["04", () => pad(d.getUTCMinutes())],
    ["05", () => pad(d.getUTCSeconds())],
    ["PM", () => (h >= 12 ? "PM" : "AM")],
    ["pm", () => (h >= 12 ? "pm" : "am")],
    [".000", () => "." + pad(d.getUTCMilliseconds(), 3)],
    [".999", () => (d.getUTCMilliseconds() ? "." + pad(d.getUTCMilliseconds(), 3).replace(/0+$/, "") : "")],
    ["1", () => String(d.getUTCMonth() + 1)],
    ["2", () => String(d.getUTCDate())],
    ["3", () => String(h % 12 || 12)],
    ["4", () => String(d.getUTCMinutes())],
    ["5", () => String(d.getUTCSeconds())],
  ];
  let out = "";
  for (let i = 0; i < layout.length; ) {
    const hit = tokens.find(([k]) => layout.startsWith(k, i));
    if (hit) {
      out += hit[1]();
      i += hit[0].length;
    } else out += layout[i++];
  }
  return out;
}

// ---- the function map ----

export interface HelmFuncHooks {
  /** `include`: render a named template to a string */
  include: (name: string, data: Value) => string;
  /** `tpl`: render a string as a template of the chart, with the given root context */
  tpl: (text: string, data: Record<string, Value>) => string;
}

/** Thrown by `required` and `fail`; Helm reports the message alone. */
export class HelmError extends Error {}

const map = (xs: Map) => xs;

/** Every function but include and tpl, which belong to one template set. */
const staticFuncs: FuncMap = {
  // strings
  trim: fn(["string"], trimSpace),
  upper: fn(["string"], (s: string) => mapRunes(s, upperRune)),
  lower: fn(["string"], (s: string) => mapRunes(s, lowerRune)),
  title: fn(["string"], title),
  substr: fn(["int", "int", "string"], (start: bigint, end: bigint, s: string) => {
    const [a, b] = [Number(start), Number(end)];
    if (a < 0) return byteSlice(s, 0, b);
    if (b < 0 || b > utf8(s).length) return byteSlice(s, a);
    return byteSlice(s, a, b);
  }),
  repeat: fn(["int", "string"], (count: bigint, s: string) => {
    if (count < 0n) throw new FuncError("strings: negative Repeat count");
    return s.repeat(Number(count));
  }),
  trimAll: fn(["string", "string"], (a: string, b: string) => trimCutset(b, a)),
  trimall: fn(["string", "string"], (a: string, b: string) => trimCutset(b, a)),
  trimSuffix: fn(["string", "string"], (a: string, b: string) => (a && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
  trimPrefix: fn(["string", "string"], (a: string, b: string) => (b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: fn(["string"], (s: string) => s.replace(new RegExp(`[${goSpace}]`, "gu"), "")),
  contains: fn(["string", "string"], (sub: string, s: string) => s.includes(sub)),
  hasPrefix: fn(["string", "string"], (pre: string, s: string) => s.startsWith(pre)),
  hasSuffix: fn(["string", "string"], (suf: string, s: string) => s.endsWith(suf)),
  quote: fn([], (...xs: Value[]) => xs.filter((x) => !isNil(x)).map((x) => goQuote(strval(x))).join(" "), "any"),
  squote: fn([], (...xs: Value[]) => xs.filter((x) => !isNil(x)).map((x) => `'${goString(x)}'`).join(" "), "any"),
  cat: fn([], (...xs: Value[]) => {
    const vs = xs.filter((x) => !isNil(x));
    return sprintf(vs.map(() => "%v").join(" "), vs);
  }, "any"),
  indent: fn(["int", "string"], indent),
  nindent: fn(["int", "string"], (n: bigint, s: string) => "\n" + indent(n, s)),
  replace: fn(["string", "string", "string"], (old: string, neu: string, s: string) => replaceAll(s, old, neu)),
  plural: fn(["string", "string", "int"], (one: string, many: string, n: bigint) => (n === 1n ? one : many)),
  sha256sum: fn(["string"], (s: string) => createHash("sha256").update(s, "utf8").digest("hex")),
  sha1sum: fn(["string"], (s: string) => createHash("sha1").update(s, "utf8").digest("hex")),
  toString: fn(["any"], strval),
  trunc: fn(["int", "string"], (c: bigint, s: string) => {
    const n = Number(c);
    const len = utf8(s).length;
    if (n < 0 && len + n > 0) return byteSlice(s, len + n);
    if (n >= 0 && len > n) return byteSlice(s, 0, n);
    return s;
  }),
  b64enc: fn(["string"], (s: string) => Buffer.from(s, "utf8").toString("base64")),
  b64dec: fn(["string"], (s: string) => {
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
      const bad = s.search(/[^A-Za-z0-9+/=]/);
      return `illegal base64 data at input byte ${bad >= 0 ? bad : Math.floor(s.length / 4) * 4}`;
    }
    return Buffer.from(s, "base64").toString("utf8");
  }),
  split: fn(["string", "string"], (sep: string, s: string) => tag(Object.fromEntries(goSplit(s, sep).map((x, i) => [`_${i}`, x])), { type: "map[string]string" })),
  splitList: fn(["string", "string"], (sep: string, s: string) => strings(goSplit(s, sep))),
  splitn: fn(["string", "int", "string"], (sep: string, n: bigint, s: string) => {
    let parts = goSplit(s, sep);
    const k = Number(n);
    if (k === 0) parts = [];
    else if (k > 0 && parts.length > k) parts = [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
    return tag(Object.fromEntries(parts.map((x, i) => [`_${i}`, x])), { type: "map[string]string" });
  }),
  toStrings: fn(["any"], (v: Value) => strings(strslice(v))),
  join: fn(["string", "any"], (sep: string, v: Value) => strslice(v).join(sep)),
  sortAlpha: fn(["any"], (v: Value) => strings(Array.isArray(v) ? strslice(v).sort(compareStrings) : [strval(v)])),
  base: fn(["string"], (p: string) => (p === "" ? "." : path.posix.basename(p.replace(/\/+$/, "")) || "/")),
  dir: fn(["string"], (p: string) => path.posix.dirname(p) || "."),
  clean: fn(["string"], (p: string) => (p === "" ? "." : path.posix.normalize(p).replace(/(.)\/$/, "$1"))),
  ext: fn(["string"], (p: string) => {
    const m = /\.[^./]*$/.exec(p);
    return m ? m[0] : "";
  }),
  isAbs: fn(["string"], (p: string) => p.startsWith("/")),
  // path/filepath on Linux is path
  osBase: fn(["string"], (p: string) => (p === "" ? "." : path.posix.basename(p.replace(/\/+$/, "")) || "/")),
  osDir: fn(["string"], (p: string) => path.posix.dirname(p) || "."),
  osClean: fn(["string"], (p: string) => (p === "" ? "." : path.posix.normalize(p).replace(/(.)\/$/, "$1"))),
  osExt: fn(["string"], (p: string) => {
    const m = /\.[^./]*$/.exec(p);
    return m ? m[0] : "";
  }),
  osIsAbs: fn(["string"], (p: string) => p.startsWith("/")),

  // numbers
  atoi: fn(["string"], (s: string) => {
    if (!/^[-+]?[0-9]+$/.test(s)) return 0n;
    const v = BigInt(s);
    return v >= -(2n ** 63n) && v < 2n ** 63n ? v : 0n;
  }),
  int: fn(["any"], (v: Value) => toInt64(v)),
  int64: fn(["any"], (v: Value) => int64(toInt64(v))),
  float64: fn(["any"], toFloat64),
  add1: fn(["any"], (v: Value) => int64(toInt64(v) + 1n)),
  add: fn([], (...xs: Value[]) => int64(xs.reduce<bigint>((a, x) => a + toInt64(x), 0n)), "any"),
  sub: fn(["any", "any"], (a: Value, b: Value) => int64(toInt64(a) - toInt64(b))),
  mul: fn(["any"], (a: Value, ...xs: Value[]) => int64(xs.reduce<bigint>((p, x) => BigInt.asIntN(64, p * toInt64(x)), toInt64(a))), "any"),
  div: fn(["any", "any"], (a: Value, b: Value) => {
    if (toInt64(b) === 0n) throw new FuncError("runtime error: integer divide by zero");
    return int64(toInt64(a) / toInt64(b));
  }),
  mod: fn(["any", "any"], (a: Value, b: Value) => {
    if (toInt64(b) === 0n) throw new FuncError("runtime error: integer divide by zero");
    return int64(toInt64(a) % toInt64(b));
  }),
  max: fn(["any"], (a: Value, ...xs: Value[]) => int64(xs.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a))), "any"),
  biggest: fn(["any"], (a: Value, ...xs: Value[]) => int64(xs.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a))), "any"),
  min: fn(["any"], (a: Value, ...xs: Value[]) => int64(xs.reduce<bigint>((m, x) => (toInt64(x) < m ? toInt64(x) : m), toInt64(a))), "any"),
  floor: fn(["any"], (a: Value) => Math.floor(toFloat64(a))),
  ceil: fn(["any"], (a: Value) => Math.ceil(toFloat64(a))),
  round: fn(["any", "int"], (a: Value, p: bigint, ...opt: Value[]) => {
    const roundOn = opt.length ? (opt[0] as number) : 0.5;
    const pow = 10 ** Number(p);
    const digit = pow * toFloat64(a);
    const frac = digit - Math.trunc(digit);
    return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
  }, "float64"),
  until: fn(["int"], (n: bigint) => untilStep(0n, n, n < 0n ? -1n : 1n)),
  untilStep: fn(["int", "int", "int"], untilStep),

  // defaults and flow
  default: fn(["any"], (d: Value, ...given: Value[]) => (!given.length || empty(given[0]) ? d : given[0]), "any"),
  empty: fn(["any"], empty),
  coalesce: fn([], (...xs: Value[]) => xs.find((x) => !empty(x)) ?? null, "any"),
  all: fn([], (...xs: Value[]) => xs.every((x) => !empty(x)), "any"),
  any: fn([], (...xs: Value[]) => xs.some((x) => !empty(x)), "any"),
  compact: fn(["any"], (v: Value) => listOf(v, "compact").filter((x) => !empty(x))),
  ternary: fn(["any", "any", "bool"], (a: Value, b: Value, c: boolean) => (c ? a : b)),
  // copystructure.Copy cannot copy a nil interface (reflect on a zero Value)
  deepCopy: fn(["any"], (v: Value) => (isNil(v) ? fail("reflect: call of reflect.Value.Type on zero Value") : deepCopy(v))),
  mustDeepCopy: fn(["any"], (v: Value) => (isNil(v) ? fail("reflect: call of reflect.Value.Type on zero Value") : deepCopy(v))),
  toPrettyJson: fn(["any"], (v: Value) => {
    try {
      return marshalJson(v, { indent: "  " });
    } catch {
      return "";
    }
  }),
  toRawJson: fn(["any"], (v: Value) => marshalJson(v, { escapeHTML: false })),
  mustToJson: fn(["any"], (v: Value) => marshalJson(v)),
  mustToPrettyJson: fn(["any"], (v: Value) => marshalJson(v, { indent: "  " })),
  mustToRawJson: fn(["any"], (v: Value) => marshalJson(v, { escapeHTML: false })),
  mustFromJson: fn(["string"], (s: string) => {
    const r = unmarshalJson(s, "any");
    if ("error" in r) fail(r.error);
    return (r as { value: Value }).value;
  }),

  // reflection
  typeOf: fn(["any"], (v: Value) => (isNil(v) ? "<nil>" : typeName(v))),
  typeIs: fn(["string", "any"], (t: string, v: Value) => t === (isNil(v) ? "<nil>" : typeName(v))),
  kindOf: fn(["any"], (v: Value) => kindOf(v)),
  kindIs: fn(["string", "any"], (k: string, v: Value) => k === kindOf(v)),

  // lists
  list: fn([], (...xs: Value[]) => xs, "any"),
  tuple: fn([], (...xs: Value[]) => xs, "any"),
  first: fn(["any"], (v: Value) => listOf(v, "find first")[0] ?? null),
  last: fn(["any"], (v: Value) => {
    const l = listOf(v, "find last");
    return l.length ? l[l.length - 1] : null;
  }),
  rest: fn(["any"], (v: Value) => {
    const l = listOf(v, "find rest");
    return l.length ? l.slice(1) : nilList();
  }),
  initial: fn(["any"], (v: Value) => {
    const l = listOf(v, "find initial");
    return l.length ? l.slice(0, -1) : nilList();
  }),
  append: fn(["any", "any"], (l: Value, x: Value) => [...listOf(l, "push"), x]),
  push: fn(["any", "any"], (l: Value, x: Value) => [...listOf(l, "push"), x]),
  prepend: fn(["any", "any"], (l: Value, x: Value) => [x, ...listOf(l, "prepend")]),
  reverse: fn(["any"], (v: Value) => [...listOf(v, "reverse")].reverse()),
  uniq: fn(["any"], (v: Value) => listOf(v, "find uniq").reduce<Value[]>((acc, x) => (acc.some((y) => deepEqual(x, y)) ? acc : [...acc, x]), [])),
  without: fn(["any"], (v: Value, ...omit: Value[]) => listOf(v, "find without").filter((x) => !omit.some((y) => deepEqual(x, y))), "any"),
  has: fn(["any", "any"], (needle: Value, hay: Value) => (isNil(hay) ? false : listOf(hay, "find has").some((x) => deepEqual(needle, x)))),
  concat: fn([], (...ls: Value[]) => ls.flatMap((l) => listOf(l, "concat")), "any"),
  slice: fn(["any"], (v: Value, ...ix: Value[]) => {
    const l = listOf(v, "slice");
    if (!l.length) return null;
    const start = ix.length > 0 ? Number(toInt64(ix[0])) : 0;
    const end = ix.length > 1 ? Number(toInt64(ix[1])) : l.length;
    if (start < 0 || end > l.length || start > end) throw new FuncError(`reflect: slice index out of range`);
    return l.slice(start, end);
  }, "any"),

  deepEqual: fn(["any", "any"], (a: Value, b: Value) => deepEqual(a, b)),
  typeIsLike: fn(["string", "any"], (t: string, v: Value) => {
    const name = isNil(v) ? "<nil>" : typeName(v);
    return t === name || "*" + t === name;
  }),
  hello: fn([], () => "Hello!"),
  adler32sum: fn(["string"], (s: string) => {
    let a = 1;
    let b = 0;
    for (const byte of utf8(s)) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    return String((b * 65536 + a) >>> 0);
  }),

  // dicts
  dict: fn([], (...kv: Value[]) => {
    const d: Map = {};
    for (let i = 0; i < kv.length; i += 2) d[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : "";
    return d;
  }, "any"),
  get: fn(["map", "string"], (d: Map | null, k: string) => (d && Object.hasOwn(d, k) ? d[k] : "")),
  set: fn(["map", "string", "any"], (d: Map | null, k: string, v: Value) => {
    if (!d) throw new FuncError("assignment to entry in nil map");
    d[k] = v;
    return d;
  }),
  unset: fn(["map", "string"], (d: Map | null, k: string) => {
    if (d) delete d[k];
    return d;
  }),
  hasKey: fn(["map", "string"], (d: Map | null, k: string) => !!d && Object.hasOwn(d, k)),
  pluck: fn(["string"], (k: string, ...ds: Array<Map | null>) => ds.filter((d) => d && Object.hasOwn(d, k)).map((d) => d![k]), "map"),
  keys: fn([], (...ds: Array<Map | null>) => strings(ds.flatMap((d) => (d ? Object.keys(d) : []))), "map"),
  values: fn(["map"], (d: Map | null) => (d ? Object.values(d) : [])),
  pick: fn(["map"], (d: Map | null, ...ks: Value[]) => map(Object.fromEntries(ks.filter((k) => d && Object.hasOwn(d, k as string)).map((k) => [k as string, d![k as string]]))), "string"),
  omit: fn(["map"], (d: Map | null, ...ks: Value[]) => map(Object.fromEntries(Object.entries(d ?? {}).filter(([k]) => !ks.includes(k)))), "string"),
  merge: fn(["map"], (d: Map | null, ...srcs: Array<Map | null>) => mergoMerge(d, srcs, false), "map"),
  mustMerge: fn(["map"], (d: Map | null, ...srcs: Array<Map | null>) => mergoMerge(d, srcs, false), "map"),
  mergeOverwrite: fn(["map"], (d: Map | null, ...srcs: Array<Map | null>) => mergoMerge(d, srcs, true), "map"),
  mustMergeOverwrite: fn(["map"], (d: Map | null, ...srcs: Array<Map | null>) => mergoMerge(d, srcs, true), "map"),
  dig: fn([], (...ps: Value[]) => {
    if (ps.length < 3) throw new FuncError("dig needs at least three arguments");
    // the keys and each step must be a string and a map[string]interface{} (Go type assertions)
    const conv = (v: Value, want: string) => `interface conversion: interface {} is ${isNil(v) ? "nil" : typeName(v)}, not ${want}`;
    const isDict = (v: Value) => isMap(v) && tagOf(v)?.type === undefined;
    let d = ps[ps.length - 1];
    if (!isDict(d)) fail(conv(d, "map[string]interface {}"));
    const def = ps[ps.length - 2];
    const keys = ps.slice(0, -2).map((k) => (typeof k === "string" ? k : fail(conv(k, "string"))));
    for (const [i, k] of keys.entries()) {
      if (!Object.hasOwn(d as Map, k)) return def;
      d = (d as Map)[k];
      if (i < keys.length - 1 && !isDict(d)) fail(conv(d, "map[string]interface {}"));
    }
    return d;
  }, "any"),

  // dates: Sprig reads the clock when given no date; it is pinned to renderEpoch
  now: fn([], () => renderEpoch),
  date: fn(["string", "any"], (layout: string, d: Value) => goTimeFormat(asTime(d), layout)),
  dateInZone: fn(["string", "any", "string"], (layout: string, d: Value) => goTimeFormat(asTime(d), layout)),
  date_in_zone: fn(["string", "any", "string"], (layout: string, d: Value) => goTimeFormat(asTime(d), layout)),
  htmlDate: fn(["any"], (d: Value) => goTimeFormat(asTime(d), "2006-01-02")),
  htmlDateInZone: fn(["any", "string"], (d: Value) => goTimeFormat(asTime(d), "2006-01-02")),
  unixEpoch: fn(["any"], (d: Value) => String(Math.floor((d instanceof GoTime ? d.ms : 0) / 1000))),

  // Helm (pkg/engine funcs.go and engine.go)
  toYaml: fn(["any"], toYaml),
  fromYaml: fn(["string"], (s: string) => fromYaml(s, "object")),
  fromYamlArray: fn(["string"], (s: string) => fromYaml(s, "array")),
  toJson: fn(["any"], (v: Value) => {
    try {
      return marshalJson(v);
    } catch {
      return "";
    }
  }),
  fromJson: fn(["string"], (s: string) => fromJson(s, "object")),
  fromJsonArray: fn(["string"], (s: string) => fromJson(s, "array")),
  required: fn(["string", "any"], (warn: string, v: Value) => {
    if (isNil(v) || v === "") throw new HelmError(warn);
    return v;
  }),
  fail: fn(["string"], (msg: string) => {
    throw new HelmError(msg);
  }),
  lookup: fn(["string", "string", "string", "string"], () => ({})),
  getHostByName: fn(["string"], () => ""),
};

/** Helm's fromJson/fromJsonArray: a JSON null leaves the nil map or slice; an error becomes the result. */
function fromJson(s: string, into: "object" | "array"): Value {
  const r = unmarshalJson(s, into);
  if ("error" in r) return into === "object" ? { Error: r.error } : [r.error];
  if (r.value === null) return into === "object" ? tag({}, { nil: true }) : tag([], { nil: true });
  return r.value;
}

/** Helm's fromYaml/fromYamlArray: sigs.k8s.io/yaml.Unmarshal, errors in the result. */
function fromYaml(s: string, into: "object" | "array"): Value {
  let v: Value;
  try {
    v = parseYaml(s);
  } catch (e) {
    const msg = (e as Error).message;
    return into === "object" ? { Error: msg } : [msg];
  }
  const kind = v === null || v === undefined ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v === "number" ? "number" : typeof v === "boolean" ? "bool" : "string";
  if (kind === "null") return into === "object" ? tag({}, { nil: true }) : tag([], { nil: true });
  if (kind !== into) {
    const msg = `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${into === "object" ? "map[string]interface {}" : "[]interface {}"}`;
    return into === "object" ? { Error: msg } : [msg];
  }
  return v;
}

// the must* list forms return an error where the plain ones panic: in a template both are an error
for (const name of ["first", "last", "rest", "initial", "append", "push", "prepend", "reverse", "uniq", "without", "has", "compact"]) {
  staticFuncs["must" + name[0].toUpperCase() + name.slice(1)] = staticFuncs[name];
}

/** The function map of one template set (Helm's initFunMap). */
export function helmFuncs(hooks: HelmFuncHooks): FuncMap {
  return {
    ...staticFuncs,
    include: fn(["string", "any"], (name: string, data: Value) => hooks.include(name, data)),
    tpl: fn(["string", "values"], (text: string, vals: Map | null) => hooks.tpl(text, vals ?? {})),
  };
}

function untilStep(start: bigint, stop: bigint, step: bigint): Value[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return tag(v, { type: "[]int" });
    for (let i = start; i > stop; i += step) v.push(i);
    return tag(v, { type: "[]int" });
  }
  if (step <= 0n) return tag(v, { type: "[]int" });
  for (let i = start; i < stop; i += step) v.push(i);
  return tag(v, { type: "[]int" });
}

/** `.Capabilities`: the cluster a render is for, as Helm's chartutil.Capabilities. */
export function capabilities(apiVersions: readonly string[], kubeVersion = "v1.31.0"): GoStruct {
  const [, major, minor] = /^v?(\d+)\.(\d+)/.exec(kubeVersion) ?? ["", "1", "31"];
  const kube = new GoStruct("chartutil.KubeVersion", { Version: kubeVersion, Major: major, Minor: minor }, { String: new Method(() => kubeVersion), GitVersion: new Method(() => kubeVersion) }, () => kubeVersion);
  const apis = tag([...apiVersions], { type: "chartutil.VersionSet", methods: { Has: new Method((v) => apiVersions.includes(v as string), ["string"]) } });
  const helm = new GoStruct("version.BuildInfo", { Version: "v3.13.3", GitCommit: "c8b948945e52abba22ff885446a1486cb5fd3474", GitTreeState: "clean", GoVersion: "" });
  return new GoStruct("*chartutil.Capabilities", { KubeVersion: kube, APIVersions: apis, HelmVersion: helm });
}
