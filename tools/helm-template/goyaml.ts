/**
 * YAML as Helm reads and writes it: sigs.k8s.io/yaml v1.3.0 over gopkg.in/yaml.v2 v2.4.0.
 * - Reading (values.yaml, Chart.yaml, fromYaml): YAML 1.1 resolution of plain scalars (yes/no/on/
 *   off are booleans, 0755 is octal, timestamps stay strings), keys made strings, then JSON, so
 *   every number becomes a float64. The parsing itself is the `yaml` package's; what yaml.v2
 *   decides differently is redone here from the node's style and source (resolve.go), and a block
 *   scalar that ends the file without a line break keeps no final newline, as libyaml keeps none.
 * - Writing (toYaml): encoding/json first, then yaml.v2's encoder and emitter (encode.go,
 *   emitterc.go, sorter.go), ported for block documents: keys in yaml.v2's natural order
 *   (item9 before item10), strings quoted when YAML 1.1 would read them as something else, long
 *   plain strings folded at 80 columns, multi-line strings as literal blocks.
 */
import { Alias, Document, isAlias, isMap as isYamlMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, Scalar } from "yaml";
import { formatFloat } from "./gofmt";
import { JsonNode, jsonNode } from "./gojson";
import { Value } from "./gotypes";
import { deepCopy } from "./values";

export class YamlError extends Error {}

// ---- yaml.v2 resolve.go ----

type Resolved = { tag: "null" } | { tag: "bool"; v: boolean } | { tag: "int"; v: bigint } | { tag: "float"; v: number } | { tag: "str" | "timestamp"; v: string };

const resolveMap: Record<string, Resolved> = {};
for (const s of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) resolveMap[s] = { tag: "bool", v: true };
for (const s of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]) resolveMap[s] = { tag: "bool", v: false };
for (const s of ["", "~", "null", "Null", "NULL"]) resolveMap[s] = { tag: "null" };
for (const s of [".nan", ".NaN", ".NAN"]) resolveMap[s] = { tag: "float", v: NaN };
for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) resolveMap[s] = { tag: "float", v: Infinity };
for (const s of ["-.inf", "-.Inf", "-.INF"]) resolveMap[s] = { tag: "float", v: -Infinity };

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const int64Range = (v: bigint) => v >= -(2n ** 63n) && v < 2n ** 63n;

/** strconv.ParseInt/ParseUint(s, 0, 64) on a string without underscores. */
function parseBase0(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const b = m[2];
  const v = /^0[xXoObB]/.test(b) ? BigInt(b.toLowerCase()) : b.length > 1 && b[0] === "0" ? BigInt("0o" + b.slice(1)) : BigInt(b);
  return m[1] === "-" ? -v : v;
}

/** yaml.v2's `1985-04-12`-style timestamps: only the shape matters, they decode to strings. */
function looksLikeTimestamp(s: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}(([Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?([ \t]*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/.test(s) && !Number.isNaN(Date.parse(s.slice(0, 10)));
}

/** What yaml.v2 makes of an untagged plain scalar. */
export function resolvePlain(s: string): Resolved {
  const hint = s === "" ? "N" : "+-0123456789".includes(s[0]) ? "D" : "yYnNtTfFoO~".includes(s[0]) ? "M" : s[0] === "." ? "." : "";
  if (!hint) return { tag: "str", v: s };
  if (Object.hasOwn(resolveMap, s)) return resolveMap[s];
  // strconv.ParseFloat fails on overflow (1e400), and the scalar stays a string
  if (hint === ".") {
    if (yamlStyleFloat.test(s) && Number.isFinite(Number(s))) return { tag: "float", v: Number(s) };
  } else if (hint === "D") {
    if (looksLikeTimestamp(s)) return { tag: "timestamp", v: s };
    const plain = s.replace(/_/g, "");
    const i = parseBase0(plain);
    if (i !== undefined && (int64Range(i) || (i >= 0n && i < 2n ** 64n))) return { tag: "int", v: i };
    if (yamlStyleFloat.test(plain) && Number.isFinite(Number(plain))) return { tag: "float", v: Number(plain) };
    const bin = /^(-?)0b([01]+)$/.exec(plain);
    if (bin) return { tag: "int", v: BigInt((bin[1] ? "-" : "") + "0b" + bin[2]) };
  }
  return { tag: "str", v: s };
}

// ---- reading: the yaml package's tree, resolved as yaml.v2 and converted as sigs.k8s.io/yaml ----

const tagPrefix = "tag:yaml.org,2002:";

/** The value of one scalar as yaml.v2 decodes it into interface{}. */
function scalarValue(n: Scalar, text: string): Resolved {
  let s = String(n.value ?? "");
  // libyaml keeps no final line break in a block scalar whose last line has none (the end of the input)
  if ((n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED") && n.range && !/\n[ \t]*$/.test(text.slice(n.range[0], n.range[1]))) s = s.replace(/\n$/, "");
  const tag = n.tag;
  if (tag === tagPrefix + "str") return { tag: "str", v: s };
  if (tag === tagPrefix + "binary") return { tag: "str", v: Buffer.from(s.replace(/\s/g, ""), "base64").toString("utf8") };
  const quoted = n.type !== "PLAIN";
  if (!tag || tag === "!") return quoted ? { tag: "str", v: s } : resolvePlain(s);
  if (!tag.startsWith(tagPrefix)) return { tag: "str", v: s };
  const want = tag.slice(tagPrefix.length);
  const r = resolvePlain(s);
  if (want === r.tag || (want === "float" && r.tag === "int")) return want === "float" && r.tag === "int" ? { tag: "float", v: Number(r.v) } : r;
  throw new YamlError(`yaml: cannot decode !!${r.tag} \`${s}\` as a !!${want}`);
}

/** sigs.k8s.io/yaml's key conversion: ints, floats and booleans become their text. */
function keyString(r: Resolved): string {
  switch (r.tag) {
    case "str":
    case "timestamp":
      return r.v;
    case "int":
      // yaml.v2 gives an uint64 past the int64 range, which sigs.k8s.io/yaml does not take as a key
      if (r.v >= 2n ** 63n) throw new YamlError(`error converting YAML to JSON: Unsupported map key of type: uint64, key: 0x${r.v.toString(16)}`);
      return r.v.toString();
    case "bool":
      return String(r.v);
    case "float": {
      const s = formatFloat32(r.v);
      return s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s === "NaN" ? ".nan" : s;
    }
    case "null":
      throw new YamlError("error converting YAML to JSON: Unsupported map key of type: %!s(<nil>)");
  }
}

/** strconv.FormatFloat(x, 'g', -1, 32): the float32 nearest x, in the shortest form that reads back as it. */
export function formatFloat32(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return formatFloat(f, "g", -1);
  for (let p = 1; p <= 9; p++) {
    const y = Number(f.toPrecision(p));
    if (Math.fround(y) === f) return formatFloat(y, "g", -1);
  }
  return formatFloat(f, "g", -1);
}

class YamlReader {
  constructor(
    private doc: Document,
    private text: string,
  ) {}

  /** A JSON-able value: maps with string keys, numbers as float64. */
  value(n: YamlNode | null | undefined): Value {
    if (n === null || n === undefined) return null;
    if (isAlias(n)) return this.value((n as Alias).resolve(this.doc) as YamlNode);
    if (isScalar(n)) return this.json(scalarValue(n, this.text));
    if (isSeq(n)) return n.items.map((x) => this.value(x as YamlNode));
    if (isYamlMap(n)) {
      const out: Record<string, Value> = {};
      n.items.forEach((p) => {
        if (!isPair(p)) return;
        const key = p.key as YamlNode | null;
        const k: Resolved = key === null ? { tag: "null" } : isScalar(key) ? scalarValue(key, this.text) : { tag: "str", v: String(key) };
        // decode.go isMerge: a plain `<<` (or one tagged !!merge)
        const merge = isScalar(key) && key.value === "<<" && ((key.type === "PLAIN" && !key.tag) || key.tag === tagPrefix + "merge");
        if (merge) this.merge(out, p.value as YamlNode);
        else out[keyString(k)] = this.value(p.value as YamlNode);
      });
      return out;
    }
    return null;
  }

  /** yaml.v2's `<<`: the mapping (or mappings, later ones first) fill in what is set at that point. */
  private merge(out: Record<string, Value>, v: YamlNode) {
    const target = isAlias(v) ? ((v as Alias).resolve(this.doc) as YamlNode) : v;
    if (isSeq(target)) {
      for (let i = target.items.length - 1; i >= 0; i--) this.merge(out, target.items[i] as YamlNode);
      return;
    }
    const m = this.value(target);
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw new YamlError("yaml: map merge requires map or sequence of maps as the value");
    Object.assign(out, m);
  }

  private json(r: Resolved): Value {
    switch (r.tag) {
      case "null":
        return null;
      case "bool":
        return r.v;
      case "int":
        return Number(r.v);
      case "float":
        // an infinity or NaN fails the JSON step, unless a later duplicate key replaces it (checked at the end)
        return r.v;
      default:
        return r.v;
    }
  }
}

/** A parse depends only on the text; a caller gets its own copy. */
const parsed = new Map<string, Value>();

/** sigs.k8s.io/yaml.Unmarshal into interface{}: the first document, as JSON data. */
export function parseYaml(text: string): Value {
  if (!parsed.has(text)) parsed.set(text, readYaml(text));
  return deepCopy(parsed.get(text));
}

function readYaml(text: string): Value {
  const docs = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false, merge: false, strict: false });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  // nothing but directives (`%x: 1` reads as one): libyaml refuses what the yaml package skips
  if (!doc) {
    if (/^[ \t]*[^#\s]/m.test(text)) throw new YamlError("yaml: found unexpected non-alphabetical character");
    return null;
  }
  if (doc.errors.length) throw new YamlError(`yaml: ${doc.errors[0].message}`);
  const v = new YamlReader(doc, text).value(doc.contents as YamlNode);
  assertJsonable(v);
  return v;
}

/** json.Marshal's refusal of NaN and the infinities, over the finished value. */
function assertJsonable(v: Value): void {
  if (typeof v === "number" && !Number.isFinite(v)) throw new YamlError(`error converting YAML to JSON: json: unsupported value: ${formatFloat(v, "g", -1)}`);
  if (Array.isArray(v)) v.forEach(assertJsonable);
  else if (v && typeof v === "object") Object.values(v).forEach(assertJsonable);
}

/** Helm's reading of a values file (chartutil.ReadValues): a map, empty when the file is. */
export function parseValues(text: string): Record<string, Value> {
  const v = parseYaml(text);
  if (v === null || v === undefined) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new YamlError("error unmarshaling JSON: json: cannot unmarshal non-object into Go value of type map[string]interface {}");
  return v as Record<string, Value>;
}

// ---- writing: yaml.v2's encoder and emitter ----

type Style = "plain" | "single" | "double" | "literal";
type ENode = { t: "scalar"; value: string; style: Style } | { t: "seq"; items: ENode[] } | { t: "map"; entries: Array<[ENode, ENode]> };

/** yaml.v2 sorter.go keyList.Less: letters after other characters, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string) => /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

const base60float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** encode.go stringv: literal when multi-line, plain when YAML would read it back as this string. */
function stringNode(s: string): ENode {
  const canUsePlain = resolvePlain(s).tag === "str" && !base60float.test(s);
  return { t: "scalar", value: s, style: s.includes("\n") ? "literal" : canUsePlain ? "plain" : "double" };
}

/**
 * A string of the JSON text as yaml.v2 reads it back: its reader refuses control characters that
 * encoding/json leaves raw (DEL, C1 controls, U+FFFE/U+FFFF), and its scanner folds a raw NEL
 * (U+0085, a YAML 1.1 line break) inside the double-quoted scalar like a newline: the spaces
 * around it go, one break becomes a space, further breaks stay as newlines.
 */
function readBack(s: string): string {
  if (/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) throw new YamlError("yaml: control characters are not allowed");
  if (!s.includes("\u0085")) return s;
  return s.replace(/[ \t]*\u0085([ \t]*\u0085)*[ \t]*/g, (run) => {
    const breaks = (run.match(/\u0085/g) ?? []).length;
    return breaks === 1 ? " " : "\n".repeat(breaks - 1);
  });
}

/** The JSON text decoded by yaml.v2 (numbers resolved as plain scalars), then encoded. */
function encodeNode(n: JsonNode): ENode {
  switch (n.t) {
    case "null":
      return { t: "scalar", value: "null", style: "plain" };
    case "bool":
      return { t: "scalar", value: String(n.v), style: "plain" };
    case "str":
      return stringNode(readBack(n.v));
    case "num": {
      const r = resolvePlain(n.text);
      if (r.tag === "int") return { t: "scalar", value: r.v.toString(), style: "plain" };
      if (r.tag === "float") {
        const s = formatFloat(r.v, "g", -1);
        return { t: "scalar", value: s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s === "NaN" ? ".nan" : s, style: "plain" };
      }
      return stringNode(n.text);
    }
    case "seq":
      return { t: "seq", items: n.items.map(encodeNode) };
    case "map": {
      const entries = [...n.entries].sort(([a], [b]) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
      return { t: "map", entries: entries.map(([k, v]) => [stringNode(readBack(k)), encodeNode(v)]) };
    }
  }
}

// yamlprivateh.go character classes (on code points; the emitter writes one column per character)
const isBreak = (c: string | undefined) => c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isSpaceCh = (c: string | undefined) => c === " ";
const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isBlankz = (c: string | undefined) => c === undefined || c === "\0" || isBlank(c) || isBreak(c);
/** yaml.v2's is_printable: unlike the YAML spec it takes neither NEL nor anything beyond U+FFFF. */
function isPrintable(c: string): boolean {
  const v = c.codePointAt(0)!;
  return v === 0x0a || (v >= 0x20 && v <= 0x7e) || (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd && v !== 0xfeff);
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** yaml_emitter_analyze_scalar */
function analyze(value: string): Analysis {
  const ch = Array.from(value);
  if (!ch.length) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  ch.forEach((c, i) => {
    const followedByWhitespace = i + 1 >= ch.length || isBlank(ch[i + 1]) || isBreak(ch[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === "?" || c === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(c)) flowIndicators = true;
    else if (c === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (isSpaceCh(c)) {
      if (i === 0) leadingSpace = true;
      if (i === ch.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === ch.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  });
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

/** The emitter's state (yaml_emitter_t), for one block-style document. */
class Emitter {
  out = "";
  private column = 0;
  private indent = -1;
  private indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;

  private put(c: string) {
    this.out += c;
    this.column++;
  }
  private putBreak() {
    this.out += "\n";
    this.column = 0;
  }
  private write(c: string) {
    this.out += c;
    this.column++;
  }
  private writeBreak(c: string) {
    if (c === "\n") this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean) {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent() {
    this.indent = this.indents.pop()!;
  }
  private writeIndent() {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean) {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const c of ind) this.write(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  document(root: ENode) {
    this.node(root, true, false, false, false);
    this.writeIndent();
  }

  /** yaml_emitter_emit_node: the root and sequence contexts only matter for anchors and open ends, not used here */
  private node(n: ENode, _root: boolean, _sequence: boolean, mapping: boolean, simpleKey: boolean) {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.t === "scalar") this.scalar(n);
    else if (n.t === "seq") {
      if (this.flowLevel > 0 || !n.items.length) this.flowSequence(n.items);
      else this.blockSequence(n.items);
    } else if (this.flowLevel > 0 || !n.entries.length) this.flowMapping(n.entries);
    else this.blockMapping(n.entries);
  }

  private flowSequence(items: ENode[]) {
    this.writeIndicator("[", true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((x, i) => {
      if (i > 0) this.writeIndicator(",", false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(x, false, true, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator("]", false, false, false);
  }

  private flowMapping(entries: Array<[ENode, ENode]>) {
    this.writeIndicator("{", true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    entries.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(",", false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, false, false, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, false);
        this.node(k, false, false, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(":", true, false, false);
      }
      this.node(v, false, false, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator("}", false, false, false);
  }

  private blockSequence(items: ENode[]) {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const x of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(x, false, true, false, false);
    }
    this.popIndent();
  }

  private blockMapping(entries: Array<[ENode, ENode]>) {
    this.increaseIndent(false, false);
    for (const [k, v] of entries) {
      this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, false, false, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(k, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(v, false, false, true, false);
    }
    this.popIndent();
  }

  /** yaml_emitter_check_simple_key */
  private simpleKey(k: ENode): boolean {
    if (k.t === "scalar") return !analyze(k.value).multiline && Buffer.byteLength(k.value) <= 128;
    return k.t === "seq" ? !k.items.length : !k.entries.length;
  }

  /** yaml_emitter_select_scalar_style */
  private selectStyle(n: Extract<ENode, { t: "scalar" }>, a: Analysis): Style {
    let style = n.style;
    if (this.simpleKeyContext && a.multiline) style = "double";
    if (style === "plain") {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = "single";
      if (!n.value.length && (this.flowLevel > 0 || this.simpleKeyContext)) style = "single";
    }
    if (style === "single" && !a.singleQuoted) style = "double";
    if (style === "literal" && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = "double";
    return style;
  }

  private scalar(n: Extract<ENode, { t: "scalar" }>) {
    const style = this.selectStyle(n, analyze(n.value));
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === "plain") this.plain(n.value, allowBreaks);
    else if (style === "single") this.singleQuoted(n.value, allowBreaks);
    else if (style === "double") this.doubleQuoted(n.value, allowBreaks);
    else this.literal(n.value);
    this.popIndent();
  }

  private plain(value: string, allowBreaks: boolean) {
    if (!this.whitespace) this.put(" ");
    const ch = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (isSpaceCh(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpaceCh(ch[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(value: string, allowBreaks: boolean) {
    this.writeIndicator("'", true, false, false);
    const ch = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (isSpaceCh(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < ch.length - 1 && !isSpaceCh(ch[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(value: string, allowBreaks: boolean) {
    this.writeIndicator('"', true, false, false);
    const ch = Array.from(value);
    let spaces = false;
    const names: Record<number, string> = { 0: "0", 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P" };
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      const v = c.codePointAt(0)!;
      if (!isPrintable(c) || v === 0xfeff || isBreak(c) || c === '"' || c === "\\") {
        this.put("\\");
        if (Object.hasOwn(names, v)) this.put(names[v]);
        else {
          const [p, w] = v <= 0xff ? ["x", 2] : v <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(p as string);
          for (const d of v.toString(16).toUpperCase().padStart(w as number, "0")) this.put(d);
        }
        spaces = false;
      } else if (isSpaceCh(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < ch.length - 1) {
          this.writeIndent();
          if (isSpaceCh(ch[i + 1])) this.put("\\");
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** yaml_emitter_write_block_scalar_hints */
  private blockHints(value: string) {
    const ch = Array.from(value);
    if (isSpaceCh(ch[0]) || isBreak(ch[0])) this.writeIndicator(String(this.bestIndent), false, false, false);
    let chomp = "";
    if (!ch.length) chomp = "-";
    else if (!isBreak(ch[ch.length - 1])) chomp = "-";
    else if (ch.length === 1) chomp = "+";
    else if (isBreak(ch[ch.length - 2])) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private literal(value: string) {
    this.writeIndicator("|", true, false, false);
    this.blockHints(value);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of value) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Helm's toYaml: sigs.k8s.io/yaml.Marshal, final newline trimmed; "" where marshalling fails. */
export function toYaml(v: Value): string {
  let root: ENode;
  try {
    root = encodeNode(jsonNode(v));
  } catch {
    return "";
  }
  const e = new Emitter();
  e.document(root);
  return e.out.replace(/\n$/, "");
}
