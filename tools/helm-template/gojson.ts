/**
 * Go's encoding/json Marshal (Go 1.19 src/encoding/json/encode.go) for template values: what
 * Helm's toJson writes, and the first half of its toYaml (sigs.k8s.io/yaml marshals to JSON, then
 * converts). It differs from JSON.stringify where a template can see it: map keys are sorted,
 * `<`, `>`, `&`, U+2028 and U+2029 are escaped (\u003c...), control characters other than \n \r \t
 * are written \u00XX, and NaN or an infinity is an error.
 */
import { GoInt, GoStruct, GoTime, IFACE_NIL, intValue, isMap, isNil, Method, sortedKeys, tagOf, typeName, Value } from "./gotypes";
import { formatFloat, goQuote } from "./gofmt";

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

// ---- decoding: encoding/json's scanner (scanner.go), for its error messages ----

/** The byte as Go's quoteChar shows it (a byte >= 0x80 as the Latin-1 character of that value). */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return "'" + goQuote(String.fromCharCode(c)).slice(1, -1) + "'";
}

/** json.checkValid: undefined when valid, else the SyntaxError's message. */
function syntaxError(text: string): string | undefined {
  const b = utf8Bytes(text);
  type Step = (c: number) => string | undefined | "end";
  const stack: Array<"key" | "value" | "array"> = [];
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  const err = (c: number, ctx: string) => `invalid character ${quoteChar(c)} ${ctx}`;
  let endTop = false;
  let step: Step;
  const literal = (rest: string, name: string, after: Step): Step => {
    let i = 0;
    const st: Step = (c) => {
      if (c !== rest.charCodeAt(i)) return err(c, `in literal ${name} (expecting '${rest[i]}')`);
      i++;
      step = i === rest.length ? after : st;
      return undefined;
    };
    return st;
  };
  const endValue: Step = (c) => {
    if (!stack.length) {
      endTop = true;
      step = endTopStep;
      return endTopStep(c);
    }
    if (isSpace(c)) {
      step = endValue;
      return undefined;
    }
    const top = stack[stack.length - 1];
    if (top === "key") {
      if (c === 0x3a) {
        stack[stack.length - 1] = "value";
        step = beginValue;
        return undefined;
      }
      return err(c, "after object key");
    }
    if (top === "value") {
      if (c === 0x2c) {
        stack[stack.length - 1] = "key";
        step = beginString;
        return undefined;
      }
      if (c === 0x7d) {
        stack.pop();
        step = endValue;
        return undefined;
      }
      return err(c, "after object key:value pair");
    }
    if (c === 0x2c) {
      step = beginValue;
      return undefined;
    }
    if (c === 0x5d) {
      stack.pop();
      step = endValue;
      return undefined;
    }
    return err(c, "after array element");
  };
  const endTopStep: Step = (c) => (isSpace(c) ? undefined : err(c, "after top-level value"));
  const inString: Step = (c) => {
    if (c === 0x22) step = endValue;
    else if (c === 0x5c) step = inEsc;
    else if (c < 0x20) return err(c, "in string literal");
    return undefined;
  };
  const escU = (n: number): Step => (c) => {
    if (!isHex(c)) return err(c, "in \\u hexadecimal character escape");
    step = n === 3 ? inString : escU(n + 1);
    return undefined;
  };
  const inEsc: Step = (c) => {
    if ("bfnrt\\/\"".includes(String.fromCharCode(c))) step = inString;
    else if (c === 0x75) step = escU(0);
    else return err(c, "in string escape code");
    return undefined;
  };
  const e0: Step = (c) => (isDigit(c) ? undefined : endValue(c));
  const eSign: Step = (c) => {
    if (!isDigit(c)) return err(c, "in exponent of numeric literal");
    step = e0;
    return undefined;
  };
  const e: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = eSign;
      return undefined;
    }
    return eSign(c);
  };
  const dot0: Step = (c) => {
    if (isDigit(c)) return undefined;
    if (c === 0x65 || c === 0x45) {
      step = e;
      return undefined;
    }
    return endValue(c);
  };
  const dot: Step = (c) => {
    if (!isDigit(c)) return err(c, "after decimal point in numeric literal");
    step = dot0;
    return undefined;
  };
  const zero: Step = (c) => {
    if (c === 0x2e) step = dot;
    else if (c === 0x65 || c === 0x45) step = e;
    else return endValue(c);
    return undefined;
  };
  const one: Step = (c) => (isDigit(c) ? undefined : zero(c));
  const neg: Step = (c) => {
    if (c === 0x30) step = zero;
    else if (c >= 0x31 && c <= 0x39) step = one;
    else return err(c, "in numeric literal");
    return undefined;
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return undefined;
    if (c !== 0x22) return err(c, "looking for beginning of object key string");
    step = inString;
    return undefined;
  };
  const beginValue: Step = (c) => {
    if (isSpace(c)) return undefined;
    switch (c) {
      case 0x7b:
        stack.push("key");
        step = (x) => {
          if (isSpace(x)) return undefined;
          if (x === 0x7d) {
            stack[stack.length - 1] = "value";
            return endValue(x);
          }
          return beginString(x);
        };
        return undefined;
      case 0x5b:
        stack.push("array");
        step = (x) => {
          if (isSpace(x)) return undefined;
          if (x === 0x5d) return endValue(x);
          return beginValue(x);
        };
        return undefined;
      case 0x22:
        step = inString;
        return undefined;
      case 0x2d:
        step = neg;
        return undefined;
      case 0x30:
        step = zero;
        return undefined;
      case 0x74:
        step = literal("rue", "true", endValue);
        return undefined;
      case 0x66:
        step = literal("alse", "false", endValue);
        return undefined;
      case 0x6e:
        step = literal("ull", "null", endValue);
        return undefined;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = one;
      return undefined;
    }
    return err(c, "looking for beginning of value");
  };
  step = beginValue;
  for (const c of b) {
    const r = step(c);
    if (r) return r;
  }
  // scanner.eof: a space ends a pending top-level value, else the input ended too soon
  if (endTop) return undefined;
  const r = step(0x20);
  if (r && r !== "end") return r;
  return endTop ? undefined : "unexpected end of JSON input";
}

const utf8Bytes = (s: string) => [...Buffer.from(s, "utf8")];

/** The kind json.Unmarshal names in an UnmarshalTypeError. */
const jsonKind = (v: Value) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v === "number" ? "number" : typeof v === "boolean" ? "bool" : "string");

/**
 * json.Unmarshal of text into a map[string]interface{} ("object"), []interface{} ("array") or interface{}:
 * the value (a JSON null leaves a nil map or slice), or Go's error message.
 */
export function unmarshalJson(text: string, into: "object" | "array" | "any"): { value: Value } | { error: string } {
  const bad = syntaxError(text);
  if (bad) return { error: bad };
  const v = JSON.parse(text);
  const kind = jsonKind(v);
  if (kind === "null" || into === "any") return { value: v };
  if (kind !== into) return { error: `json: cannot unmarshal ${kind} into Go value of type ${into === "object" ? "map[string]interface {}" : "[]interface {}"}` };
  return { value: v };
}
