/**
 * Go's encoding/json Marshal (Go 1.19 src/encoding/json/encode.go) for template values: what
 * Helm's toJson writes, and the first half of its toYaml (sigs.k8s.io/yaml marshals to JSON, then
 * converts). It differs from JSON.stringify where a template can see it: map keys are sorted,
 * `<`, `>`, `&`, U+2028 and U+2029 are escaped (\u003c...), control characters other than \n \r \t
 * are written \u00XX, and NaN or an infinity is an error.
 */
import { GoInt, GoStruct, GoTime, IFACE_NIL, intValue, isMap, isNil, Method, sortedKeys, tagOf, typeName, Value } from "./gotypes";
import { formatFloat } from "./gofmt";

export class JsonError extends Error {}

/** encoding/json's float64 text: %f unless tiny or huge, then %e with a short exponent. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${formatFloat(f, "g", -1)}`);
  const abs = Math.abs(f);
  let s = abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? formatFloat(f, "e", -1) : formatFloat(f, "f", -1);
  // clean up e-09 to e-9
  s = s.replace(/e([-+])0(\d)$/, "e$1$2");
  return s;
}

export function jsonString(s: string, escapeHTML = true): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (escapeHTML && (ch === "<" || ch === ">" || ch === "&"))) out += "\\u00" + c.toString(16).padStart(2, "0");
    else if (c === 0x2028 || c === 0x2029) out += "\\u" + c.toString(16);
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** A value as encoding/json sees it: one of the JSON kinds, numbers still as their Go text. */
export type JsonNode =
  | { t: "null" }
  | { t: "bool"; v: boolean }
  | { t: "num"; text: string }
  | { t: "str"; v: string }
  | { t: "seq"; items: JsonNode[] }
  | { t: "map"; entries: Array<[string, JsonNode]> };

/** What json.Marshal would encode v as (keys sorted), or a JsonError where it would fail. */
export function jsonNode(v: Value): JsonNode {
  if (isNil(v) || v === IFACE_NIL) return { t: "null" };
  if (typeof v === "boolean") return { t: "bool", v };
  if (typeof v === "number") return { t: "num", text: jsonFloat(v) };
  if (typeof v === "bigint" || v instanceof GoInt) return { t: "num", text: intValue(v).toString() };
  if (typeof v === "string") return { t: "str", v };
  if (v instanceof GoTime) return { t: "str", v: new Date(v.ms).toISOString().replace(/\.000Z$/, "Z") };
  if (v instanceof GoStruct) return v.json ? jsonNode(v.json()) : { t: "map", entries: Object.keys(v.fields).map((k) => [k, jsonNode(v.fields[k])]) };
  if (v instanceof Method) throw new JsonError(`json: unsupported type: ${typeName(v)}`);
  if (tagOf(v)?.nil) return { t: "null" };
  if (Array.isArray(v)) return { t: "seq", items: v.map(jsonNode) };
  if (isMap(v)) return { t: "map", entries: sortedKeys(v).map((k) => [k, jsonNode(v[k])]) };
  throw new JsonError(`json: unsupported type: ${typeName(v)}`);
}

function write(n: JsonNode, escapeHTML: boolean, indent: string, prefix: string): string {
  switch (n.t) {
    case "null":
      return "null";
    case "bool":
      return String(n.v);
    case "num":
      return n.text;
    case "str":
      return jsonString(n.v, escapeHTML);
    case "seq": {
      if (!n.items.length) return "[]";
      if (!indent) return "[" + n.items.map((x) => write(x, escapeHTML, indent, prefix)).join(",") + "]";
      const inner = prefix + indent;
      return "[\n" + n.items.map((x) => inner + write(x, escapeHTML, indent, inner)).join(",\n") + "\n" + prefix + "]";
    }
    case "map": {
      if (!n.entries.length) return "{}";
      if (!indent) return "{" + n.entries.map(([k, x]) => jsonString(k, escapeHTML) + ":" + write(x, escapeHTML, indent, prefix)).join(",") + "}";
      const inner = prefix + indent;
      return "{\n" + n.entries.map(([k, x]) => inner + jsonString(k, escapeHTML) + ": " + write(x, escapeHTML, indent, inner)).join(",\n") + "\n" + prefix + "}";
    }
  }
}

/** json.Marshal (escapeHTML) or json.MarshalIndent(v, "", indent). */
export function marshalJson(v: Value, opts: { escapeHTML?: boolean; indent?: string } = {}): string {
  return write(jsonNode(v), opts.escapeHTML ?? true, opts.indent ?? "", "");
}

/** json.Unmarshal into interface{}: numbers are float64, which JSON.parse gives too. */
export function unmarshalJson(s: string): Value {
  return JSON.parse(s);
}
