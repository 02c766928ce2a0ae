/**
 * The template functions DIGIT's charts call: Go's builtins, the Sprig functions and Helm's own
 * (include, tpl, required, toYaml). Each follows its upstream definition (Go text/template
 * builtins, github.com/Masterminds/sprig v3, helm.sh/helm/v3 pkg/engine); a function a chart
 * calls that is not here fails rendering by name, so nothing is silently guessed.
 */
import { stringify } from "yaml";
import { goString, isMap, Method, TemplateFunc, truthy, Value } from "./exec";
import { deepCopy, merge, mergeOverwrite } from "./values";

const fail = (fn: string, msg: string): never => {
  throw new Error(`error calling ${fn}: ${msg}`);
};

/** Sprig's strval: strings as they are, everything else as fmt %v. */
const strval = (v: Value): string => (typeof v === "string" ? v : v === null || v === undefined ? "<nil>" : goString(v));

/** Go's strconv.Quote, used by `%q` (and so by Sprig's quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** Sprig's empty: the zero values and empty collections. */
const empty = (v: Value) => !truthy(v);

/** cast.ToInt as Sprig's `int` uses it: numbers truncate, numeric strings parse, the rest is 0. */
function toInt(v: Value): number {
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[-+]?\d+$/.test(t)) return parseInt(t, 10);
    if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
    return 0;
  }
  return 0;
}

/** Go's eq: basic values compare by value; different kinds are an error (Go >= 1.18). */
function basicKind(v: Value): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return "other";
}

function eq(a: Value, ...bs: Value[]): boolean {
  for (const b of bs) {
    const [ka, kb] = [basicKind(a), basicKind(b)];
    if (ka === "other" || kb === "other") fail("eq", "non-comparable type");
    if (ka !== kb && ka !== "nil" && kb !== "nil") fail("eq", "incompatible types for comparison");
    if (a === b || (ka === "nil" && kb === "nil")) return true;
  }
  return false;
}

/** Helm's toYaml: sigs.k8s.io/yaml (map keys sorted), trailing newline removed. */
export function toYaml(v: Value): string {
  if (v === null || v === undefined) return "null";
  return stringify(v, { sortMapEntries: true, indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false }).replace(/\n$/, "");
}

/** Go fmt's verbs as charts use them: %s %v %d %q %t %%. */
function printf(format: string, ...args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*\d*(?:\.\d+)?)([svdqtfx%])/g, (_, _flags, verb: string) => {
    if (verb === "%") return "%";
    const a = args[i++];
    if (a === undefined) return `%!${verb}(MISSING)`;
    switch (verb) {
      case "q":
        return goQuote(strval(a));
      case "d":
        return typeof a === "number" ? String(Math.trunc(a)) : `%!d(${typeof a}=${goString(a)})`;
      case "x":
        return typeof a === "number" ? a.toString(16) : Buffer.from(strval(a)).toString("hex");
      default:
        return goString(a);
    }
  });
}

export interface HelmFuncHooks {
  /** `include`: render a defined template to a string */
  include: (name: string, data: Value) => string;
  /** `tpl`: render a string as a template in the chart's template set */
  tpl: (text: string, data: Value) => string;
}

/** The function map of one chart rendering. */
export function helmFuncs(hooks: HelmFuncHooks): Record<string, TemplateFunc> {
  const lazy = (fn: (...thunks: Array<() => Value>) => Value): TemplateFunc => Object.assign(fn as TemplateFunc, { lazy: true });
  const f: Record<string, TemplateFunc> = {
    // Go builtins
    and: lazy((...xs) => {
      let v: Value = true;
      for (const x of xs) if (!truthy((v = x()))) return v;
      return v;
    }),
    or: lazy((...xs) => {
      let v: Value = false;
      for (const x of xs) if (truthy((v = x()))) return v;
      return v;
    }),
    not: (v) => !truthy(v),
    eq: (a, ...b) => eq(a, ...b),
    ne: (a, b) => !eq(a, b),
    lt: (a, b) => (a as number) < (b as number),
    le: (a, b) => (a as number) <= (b as number),
    gt: (a, b) => (a as number) > (b as number),
    ge: (a, b) => (a as number) >= (b as number),
    len: (v) => (typeof v === "string" || Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : fail("len", `len of ${goString(v)}`)),
    index: (v, ...keys) => {
      let x = v;
      for (const k of keys) {
        if (x === null || x === undefined) fail("index", "index of untyped nil");
        if (Array.isArray(x)) {
          if (typeof k !== "number" || k < 0 || k >= x.length) fail("index", `index out of range: ${goString(k)}`);
          x = x[k as number];
        } else if (isMap(x)) x = typeof k === "string" ? x[k] : fail("index", "value has type int; should be string");
        else fail("index", `can't index item of type ${typeof x}`);
      }
      return x;
    },
    print: (...xs) => xs.map(goString).join(""),
    println: (...xs) => xs.map(goString).join(" ") + "\n",
    printf: (fmt, ...xs) => printf(strval(fmt), ...xs),
    // Sprig
    quote: (...xs) =>
      xs
        .filter((x) => x !== null && x !== undefined)
        .map((x) => goQuote(strval(x)))
        .join(" "),
    squote: (...xs) =>
      xs
        .filter((x) => x !== null && x !== undefined)
        .map((x) => `'${strval(x)}'`)
        .join(" "),
    default: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    empty: (v) => empty(v),
    coalesce: (...xs) => xs.find((x) => !empty(x)) ?? null,
    ternary: (a, b, c) => (truthy(c) ? a : b),
    toString: (v: Value) => strval(v),
    int: (v) => toInt(v),
    int64: (v) => toInt(v),
    atoi: (v) => toInt(v),
    float64: (v) => (typeof v === "number" ? v : Number(v) || 0),
    upper: (s) => strval(s).toUpperCase(),
    lower: (s) => strval(s).toLowerCase(),
    title: (s) => strval(s).replace(/\b\w/g, (c) => c.toUpperCase()),
    trim: (s) => strval(s).trim(),
    trimSuffix: (suf, s) => (strval(s).endsWith(strval(suf)) ? strval(s).slice(0, -strval(suf).length) : strval(s)),
    trimPrefix: (pre, s) => (strval(s).startsWith(strval(pre)) ? strval(s).slice(strval(pre).length) : strval(s)),
    trunc: (n, s) => ((n as number) >= 0 ? strval(s).slice(0, n as number) : strval(s).slice(n as number)),
    replace: (old, neu, s) => strval(s).split(strval(old)).join(strval(neu)),
    contains: (sub, s) => strval(s).includes(strval(sub)),
    hasPrefix: (pre, s) => strval(s).startsWith(strval(pre)),
    hasSuffix: (suf, s) => strval(s).endsWith(strval(suf)),
    split: (sep, s) => Object.fromEntries(strval(s).split(strval(sep)).map((x, i) => [`_${i}`, x])),
    splitList: (sep, s) => strval(s).split(strval(sep)),
    join: (sep, xs) => (Array.isArray(xs) ? xs.map(strval).join(strval(sep)) : strval(xs)),
    indent: (n, s) => strval(s).replace(/^/gm, " ".repeat(n as number)),
    nindent: (n, s) => "\n" + strval(s).replace(/^/gm, " ".repeat(n as number)),
    b64enc: (s) => Buffer.from(strval(s)).toString("base64"),
    b64dec: (s) => Buffer.from(strval(s), "base64").toString(),
    list: (...xs) => xs,
    dict: (...kv) => {
      const d: Record<string, Value> = {};
      for (let i = 0; i < kv.length; i += 2) d[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : "";
      return d;
    },
    hasKey: (d, k) => isMap(d) && Object.prototype.hasOwnProperty.call(d, strval(k)),
    keys: (...ds) => ds.flatMap((d) => (isMap(d) ? Object.keys(d) : [])),
    set: (d, k, v) => {
      (d as Record<string, Value>)[strval(k)] = v;
      return d;
    },
    unset: (d, k) => {
      delete (d as Record<string, Value>)[strval(k)];
      return d;
    },
    get: (d, k) => (isMap(d) ? (d[strval(k)] ?? "") : ""),
    deepCopy: (v) => deepCopy(v),
    mustMergeOverwrite: (dst, ...srcs) => mergeOverwrite(dst as Record<string, Value>, ...(srcs as Array<Record<string, Value>>)),
    merge: (dst, ...srcs) => merge(dst as Record<string, Value>, ...(srcs as Array<Record<string, Value>>)),
    mustMerge: (dst, ...srcs) => merge(dst as Record<string, Value>, ...(srcs as Array<Record<string, Value>>)),
    mergeOverwrite: (dst, ...srcs) => mergeOverwrite(dst as Record<string, Value>, ...(srcs as Array<Record<string, Value>>)),
    // Charts print a deploy time stamp only when values ask for one; a fixed instant keeps renders reproducible.
    now: () => "1970-01-01T00:00:00Z",
    date: () => "19700101000000",
    // Helm
    toYaml: (v) => toYaml(v),
    toJson: (v) => JSON.stringify(v ?? null),
    include: (name, data) => hooks.include(strval(name), data),
    tpl: (text, data) => hooks.tpl(strval(text), data),
    required: (msg, v) => (v === null || v === undefined || v === "" ? fail("required", strval(msg)) : v),
    fail: (msg) => fail("fail", strval(msg)),
  };
  return f;
}

/** `.Capabilities` of a current cluster: every API version a chart asks about exists. */
export function capabilities(apiVersions: readonly string[]): Record<string, Value> {
  return {
    APIVersions: { Has: new Method((v) => apiVersions.includes(strval(v))) },
    KubeVersion: { Version: "v1.31.0", Major: "1", Minor: "31", GitVersion: "v1.31.0" },
  };
}
