/**
 * Go's text/template parser, ported from Go 1.19's src/text/template/parse (lex.go, parse.go,
 * node.go) so that a template parses, fails to parse and trims whitespace exactly as Helm's does:
 * trim markers need a space (`{{- 3}}` trims, `{{-3}}` is minus three), a comment must end right
 * at its delimiter, an undefined variable or function is a parse error even in a branch that never
 * runs, `break`/`continue` outside `range` and `define` inside an action are refused, and a file
 * yields one tree for its body plus one per `define`/`block`. Go 1.19 predates `else with`
 * (Go 1.23) and `range` over an integer (Go 1.22); both are refused as Helm 3.13's Go refuses them.
 */

export class TemplateError extends Error {}

// ---- nodes (parse/node.go) ----

export type Node =
  | ListNode
  | { type: "text"; pos: number; text: string }
  | { type: "comment"; pos: number }
  | { type: "action"; pos: number; line: number; pipe: PipeNode }
  | { type: "if" | "with" | "range"; pos: number; line: number; pipe: PipeNode; list: ListNode; elseList?: ListNode }
  | { type: "template"; pos: number; line: number; name: string; pipe?: PipeNode }
  | { type: "break" | "continue"; pos: number; line: number };

export interface ListNode {
  type: "list";
  pos: number;
  nodes: Node[];
}

export interface PipeNode {
  type: "pipe";
  pos: number;
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

export interface CommandNode {
  type: "command";
  pos: number;
  args: Arg[];
}

export interface VariableNode {
  type: "variable";
  pos: number;
  /** `$x.A.B` is ["$x", "A", "B"] */
  ident: string[];
}

export interface NumberNode {
  type: "number";
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}

/** What can stand in a command: an operand or a function name. */
export type Arg =
  | VariableNode
  | NumberNode
  | PipeNode
  | { type: "identifier"; pos: number; ident: string }
  | { type: "field"; pos: number; ident: string[] }
  | { type: "chain"; pos: number; node: Arg; field: string[] }
  | { type: "dot"; pos: number }
  | { type: "nil"; pos: number }
  | { type: "bool"; pos: number; value: boolean }
  | { type: "string"; pos: number; quoted: string; text: string };

/** A parsed template: its name (a file, or a `define`) and its body. */
export interface Tree {
  name: string;
  root: ListNode;
}

/** Go's Node.String(), for error messages that name an operand. */
export function nodeString(n: Arg | PipeNode | CommandNode): string {
  switch (n.type) {
    case "identifier":
      return n.ident;
    case "field":
      return "." + n.ident.join(".");
    case "variable":
      return n.ident.join(".");
    case "chain":
      return (n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node)) + "." + n.field.join(".");
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(n.value);
    case "string":
      return n.quoted;
    case "number":
      return n.text;
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "pipe":
      return (n.decl.length ? n.decl.map(nodeString).join(", ") + (n.isAssign ? " = " : " := ") : "") + n.cmds.map(nodeString).join(" | ");
  }
}

/** parse.IsEmptyTree: only space and comments, so it does not replace an existing template. */
export function isEmptyTree(n: Node | undefined): boolean {
  if (!n) return true;
  switch (n.type) {
    case "comment":
      return true;
    case "list":
      return n.nodes.every(isEmptyTree);
    case "text":
      return n.text.trim() === "";
    default:
      return false;
  }
}

// ---- lexer (parse/lex.go) ----

type ItemType =
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "complex"
  | "assign"
  | "declare"
  | "EOF"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable"
  // keywords
  | "block"
  | "break"
  | "continue"
  | "dot"
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil"
  | "range"
  | "template"
  | "with";

interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const keywords: Record<string, ItemType> = {
  ".": "dot",
  block: "block",
  break: "break",
  continue: "continue",
  define: "define",
  else: "else",
  end: "end",
  if: "if",
  range: "range",
  nil: "nil",
  template: "template",
  with: "with",
};
const isKeyword = (t: ItemType) => Object.values(keywords).includes(t);

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string | undefined) => c !== undefined && (c === "_" || /[\p{L}\p{Nd}]/u.test(c));
const hasLeftTrimMarker = (s: string, i: number) => s[i] === "-" && isSpace(s[i + 1]);
const hasRightTrimMarker = (s: string, i: number) => isSpace(s[i]) && s[i + 1] === "-";
const spaceRun = /^[ \t\r\n]*/;

function itemString(i: Item): string {
  if (i.typ === "EOF") return "EOF";
  if (i.typ === "error") return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  return JSON.stringify(i.val.length > 10 ? i.val.slice(0, 10) + "..." : i.val);
}

/** Scans a whole template into items (Go's lexer runs ahead of the parser the same way). */
class Lexer {
  items: Item[] = [];
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;

  constructor(private input: string) {
    let state: (() => unknown) | null = this.lexText;
    while (state) state = state.call(this) as (() => unknown) | null;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1;
      return undefined;
    }
    const c = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += c.length;
    if (c === "\n") this.line++;
    return c;
  }
  private backup() {
    if (this.pos > this.input.length) {
      this.pos = this.input.length;
      return;
    }
    const prev = this.input[this.pos - 1];
    const w = prev >= "\udc00" && prev <= "\udfff" ? 2 : 1;
    this.pos -= w;
    if (this.input[this.pos] === "\n") this.line--;
  }
  private peek(): string | undefined {
    const c = this.next();
    this.backup();
    return c;
  }
  private emit(typ: ItemType) {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }
  private ignore() {
    this.line += (this.input.slice(this.start, this.pos).match(/\n/g) ?? []).length;
    this.start = this.pos;
    this.startLine = this.line;
  }
  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== undefined && valid.includes(c)) return true;
    this.backup();
    return false;
  }
  private acceptRun(valid: string) {
    for (let c = this.next(); c !== undefined && valid.includes(c); c = this.next());
    this.backup();
  }
  private errorf(msg: string): null {
    this.items.push({ typ: "error", pos: this.start, val: msg, line: this.startLine });
    return null;
  }

  private lexText(): unknown {
    const x = this.input.indexOf("{{", this.pos);
    if (x >= 0) {
      this.pos = x;
      let trim = 0;
      if (hasLeftTrimMarker(this.input, x + 2)) {
        const text = this.input.slice(this.start, this.pos);
        trim = text.length - text.replace(/[ \t\r\n]+$/, "").length;
      }
      this.pos -= trim;
      if (this.pos > this.start) {
        this.line += (this.input.slice(this.start, this.pos).match(/\n/g) ?? []).length;
        this.emit("text");
      }
      this.pos += trim;
      this.ignore();
      return this.lexLeftDelim;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += (this.input.slice(this.start, this.pos).match(/\n/g) ?? []).length;
      this.emit("text");
    }
    this.emit("EOF");
    return null;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith("}}", this.pos + 2)) return { delim: true, trim: true };
    if (this.input.startsWith("}}", this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private lexLeftDelim(): unknown {
    this.pos += 2;
    const trim = hasLeftTrimMarker(this.input, this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith("/*", this.pos + after)) {
      this.pos += after;
      this.ignore();
      return this.lexComment;
    }
    this.emit("leftDelim");
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    return this.lexInsideAction;
  }

  private lexComment(): unknown {
    this.pos += 2;
    const i = this.input.indexOf("*/", this.pos);
    if (i < 0) return this.errorf("unclosed comment");
    this.pos = i + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.errorf("comment ends before closing delimiter");
    if (trim) this.pos += 2;
    this.pos += 2;
    if (trim) this.pos += spaceRun.exec(this.input.slice(this.pos))![0].length;
    this.ignore();
    return this.lexText;
  }

  private lexRightDelim(): unknown {
    const trim = hasRightTrimMarker(this.input, this.pos);
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += 2;
    this.emit("rightDelim");
    if (trim) {
      this.pos += spaceRun.exec(this.input.slice(this.pos))![0].length;
      this.ignore();
    }
    return this.lexText;
  }

  private lexInsideAction(): unknown {
    const { delim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.lexRightDelim;
      return this.errorf("unclosed left paren");
    }
    const r = this.next();
    if (r === undefined) return this.errorf("unclosed action");
    if (isSpace(r)) {
      this.backup();
      return this.lexSpace;
    }
    switch (r) {
      case "=":
        this.emit("assign");
        return this.lexInsideAction;
      case ":":
        if (this.next() !== "=") return this.errorf("expected :=");
        this.emit("declare");
        return this.lexInsideAction;
      case "|":
        this.emit("pipe");
        return this.lexInsideAction;
      case '"':
        return this.lexQuote;
      case "`":
        return this.lexRawQuote;
      case "$":
        return this.lexVariable;
      case "'":
        return this.lexChar;
      case "(":
        this.emit("leftParen");
        this.parenDepth++;
        return this.lexInsideAction;
      case ")":
        this.emit("rightParen");
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf("unexpected right paren U+0029 ')'");
        return this.lexInsideAction;
    }
    if (r === ".") {
      const c = this.input[this.pos];
      if (this.pos < this.input.length && (c < "0" || c > "9")) return this.lexField;
    }
    if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
      this.backup();
      return this.lexNumber;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return this.lexIdentifier;
    }
    if (r.codePointAt(0)! <= 0x7f && r >= " " && r !== "\x7f") {
      this.emit("char");
      return this.lexInsideAction;
    }
    return this.errorf(`unrecognized character in action: U+${r.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  }

  private lexSpace(): unknown {
    let n = 0;
    while (isSpace(this.peek())) {
      this.next();
      n++;
    }
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith("}}", this.pos + 1)) {
      this.backup();
      if (n === 1) return this.lexRightDelim;
    }
    this.emit("space");
    return this.lexInsideAction;
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (r === undefined || ".,|:)(".includes(r)) return true;
    return this.input.startsWith("}}", this.pos);
  }

  private lexIdentifier(): unknown {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${JSON.stringify(r)}`);
      if (Object.hasOwn(keywords, word) && word !== ".") this.emit(keywords[word]);
      else if (word === "true" || word === "false") this.emit("bool");
      else this.emit("identifier");
      return this.lexInsideAction;
    }
  }

  private lexField(): unknown {
    return this.lexFieldOrVariable("field");
  }

  private lexVariable(): unknown {
    if (this.atTerminator()) {
      this.emit("variable");
      return this.lexInsideAction;
    }
    return this.lexFieldOrVariable("variable");
  }

  private lexFieldOrVariable(typ: "field" | "variable"): unknown {
    if (this.atTerminator()) {
      this.emit(typ === "variable" ? "variable" : "dot");
      return this.lexInsideAction;
    }
    let r: string | undefined;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${JSON.stringify(r)}`);
    this.emit(typ);
    return this.lexInsideAction;
  }

  private lexChar(): unknown {
    for (;;) {
      const r = this.next();
      if (r === "\\") {
        const n = this.next();
        if (n !== undefined && n !== "\n") continue;
        return this.errorf("unterminated character constant");
      }
      if (r === undefined || r === "\n") return this.errorf("unterminated character constant");
      if (r === "'") break;
    }
    this.emit("charConstant");
    return this.lexInsideAction;
  }

  private lexNumber(): unknown {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === "+" || sign === "-") {
      if (!this.scanNumber() || this.input[this.pos - 1] !== "i") return this.errorf(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
      this.emit("complex");
    } else this.emit("number");
    return this.lexInsideAction;
  }

  private scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 11 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 23 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private lexQuote(): unknown {
    for (;;) {
      const r = this.next();
      if (r === "\\") {
        const n = this.next();
        if (n !== undefined && n !== "\n") continue;
        return this.errorf("unterminated quoted string");
      }
      if (r === undefined || r === "\n") return this.errorf("unterminated quoted string");
      if (r === '"') break;
    }
    this.emit("string");
    return this.lexInsideAction;
  }

  private lexRawQuote(): unknown {
    for (;;) {
      const r = this.next();
      if (r === undefined) return this.errorf("unterminated raw quoted string");
      if (r === "`") break;
    }
    this.emit("rawString");
    return this.lexInsideAction;
  }
}

// ---- strconv.Unquote / UnquoteChar ----

/** One possibly escaped character of a quoted literal; returns it and the rest. */
function unquoteChar(s: string, quote: string): [string, string] {
  const bad = (): never => {
    throw new TemplateError("invalid syntax");
  };
  const c = String.fromCodePoint(s.codePointAt(0)!);
  if (c === quote && (quote === "'" || quote === '"')) bad();
  if (c !== "\\") return [c, s.slice(c.length)];
  if (s.length < 2) bad();
  const e = s[1];
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
  if (e in simple) return [simple[e], s.slice(2)];
  if (e === "'" || e === '"') {
    if (e !== quote) bad();
    return [e, s.slice(2)];
  }
  if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    const hex = s.slice(2, 2 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) bad();
    const v = parseInt(hex, 16);
    if (e === "x") return [String.fromCharCode(v), s.slice(2 + n)];
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) bad();
    return [String.fromCodePoint(v), s.slice(2 + n)];
  }
  if (e >= "0" && e <= "7") {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) bad();
    return [String.fromCharCode(parseInt(oct, 8)), s.slice(4)];
  }
  return bad();
}

/** strconv.Unquote of a "..." or `...` literal. */
function unquote(q: string): string {
  if (q.startsWith("`")) return q.slice(1, -1).replace(/\r/g, "");
  let s = q.slice(1, -1);
  let out = "";
  while (s.length) {
    const [c, rest] = unquoteChar(s, '"');
    out += c;
    s = rest;
  }
  return out;
}

// ---- numbers (parse/node.go newNumber, strconv's integer syntax) ----

/** strconv.ParseInt/ParseUint with base 0: prefixes 0x 0o 0b, a leading 0 is octal, _ between digits. */
function parseGoInt(text: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  // underscores only between digits or after a base prefix (strconv's underscoreOK)
  if (/__|_$/.test(m[2])) return undefined;
  const body = m[2].replace(/_/g, "");
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt("0o" + body.slice(2));
  else if (/^0[0-7]+$/.test(body)) v = BigInt("0o" + body.slice(1));
  else v = BigInt(body);
  return m[1] === "-" ? -v : v;
}

function newNumber(pos: number, text: string, typ: ItemType): NumberNode {
  const n: NumberNode = { type: "number", pos, text, isInt: false, isUint: false, isFloat: false, int64: 0n, uint64: 0n, float64: 0 };
  if (typ === "charConstant") {
    const [c, tail] = unquoteChar(text.slice(1), "'");
    if (tail !== "'") throw new TemplateError(`malformed character constant: ${text}`);
    const r = BigInt(c.codePointAt(0)!);
    return { ...n, isInt: true, isUint: true, isFloat: true, int64: r, uint64: r, float64: Number(r) };
  }
  if (typ === "complex" || text.endsWith("i")) throw new TemplateError(`complex constants are not supported: ${text}`);
  const i = parseGoInt(text);
  const maxInt = 2n ** 63n - 1n;
  if (i !== undefined && i >= 0n && i <= 2n ** 64n - 1n) {
    n.isUint = true;
    n.uint64 = i;
  }
  if (i !== undefined && i >= -(2n ** 63n) && i <= maxInt) {
    n.isInt = true;
    n.int64 = i;
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) throw new TemplateError(`integer overflow: ${JSON.stringify(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new TemplateError(`illegal number syntax: ${JSON.stringify(text)}`);
  return n;
}

/** strconv.ParseFloat for the literal forms the lexer accepts (decimal and hexadecimal mantissas). */
function parseGoFloat(text: string): number | undefined {
  const t = text.replace(/_/g, "");
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  const hex = /^([-+]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([-+]?\d+)$/.exec(t);
  if (hex && (hex[2] || hex[3])) {
    const mant = parseInt((hex[2] || "0") + hex[3], 16) / 16 ** hex[3].length;
    return (hex[1] === "-" ? -1 : 1) * mant * 2 ** Number(hex[4]);
  }
  return undefined;
}

// ---- parser (parse/parse.go) ----

class Parser {
  private items: Item[];
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private name: string,
    text: string,
    private hasFunction: (name: string) => boolean,
    private treeSet: Map<string, Tree>,
    lexer?: Lexer,
  ) {
    this.items = (lexer ?? new Lexer(text)).items;
  }

  private errorf(msg: string): never {
    const line = this.items[Math.max(0, Math.min(this.i, this.items.length) - 1)]?.line ?? 1;
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`);
  }
  private next(): Item {
    return this.items[this.i++] ?? this.items[this.items.length - 1];
  }
  private backup(n = 1) {
    this.i -= n;
  }
  private peek(): Item {
    return this.items[this.i] ?? this.items[this.items.length - 1];
  }
  private nextNonSpace(): Item {
    let t = this.next();
    while (t.typ === "space") t = this.next();
    return t;
  }
  /** Like Go's: the spaces before the token are consumed. */
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  private expect(typ: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Item, context: string): never {
    if (t.typ === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  /** Tree.add: a second non-empty definition of a name in one parse is an error. */
  private add(name: string, root: ListNode) {
    const old = this.treeSet.get(name);
    if (!old || isEmptyTree(old.root)) this.treeSet.set(name, { name, root });
    else if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  parse() {
    const root: ListNode = { type: "list", pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== "EOF") {
      if (this.peek().typ === "leftDelim") {
        const save = this.i;
        this.next();
        if (this.nextNonSpace().typ === "define") {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${n.type === "end" ? "{{end}}" : "{{else}}"}`);
      root.nodes.push(n as Node);
    }
    if (this.peek().typ === "error") this.unexpected(this.peek(), "input");
    this.add(this.name, root);
  }

  private parseDefinition() {
    const context = "define clause";
    const t = this.nextNonSpace();
    if (t.typ !== "string" && t.typ !== "rawString") this.unexpected(t, context);
    const name = unquoteOrFail(t.val, (m) => this.errorf(m));
    this.expect("rightDelim", context);
    const saveVars = this.vars;
    const saveRange = this.rangeDepth;
    this.vars = ["$"];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.type !== "end") this.errorf(`unexpected {{else}} in ${context}`);
    this.add(name, list);
    this.vars = saveVars;
    this.rangeDepth = saveRange;
  }

  private itemList(): [ListNode, { type: "end" | "else"; pos: number }] {
    const list: ListNode = { type: "list", pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== "EOF") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n as { type: "end" | "else"; pos: number }];
      list.nodes.push(n as Node);
    }
    if (this.peekNonSpace().typ === "error") this.unexpected(this.peekNonSpace(), "input");
    return this.errorf("unexpected EOF");
  }

  private textOrAction(): Node | { type: "end" | "else"; pos: number } {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case "text":
        return { type: "text", pos: t.pos, text: t.val };
      case "leftDelim": {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        return this.unexpected(t, "input");
    }
  }

  private action(): Node | { type: "end" | "else"; pos: number } {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case "block":
        return this.blockControl();
      case "break":
      case "continue": {
        const n = this.nextNonSpace();
        if (n.typ !== "rightDelim") this.unexpected(n, `{{${t.typ}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${t.typ}}} outside {{range}}`);
        return { type: t.typ, pos: t.pos, line: t.line };
      }
      case "else":
        return this.elseControl();
      case "end":
        return { type: "end", pos: this.expect("rightDelim", "end").pos };
      case "if":
      case "range":
      case "with":
        return this.control(t.typ);
      case "template":
        return this.templateControl();
    }
    this.backup();
    const tok = this.peek();
    return { type: "action", pos: tok.pos, line: tok.line, pipe: this.pipeline("command", "rightDelim") };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = { type: "pipe", pos: tok.pos, line: tok.line, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== "variable") break;
      const save = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.typ === "assign" || next.typ === "declare") {
        pipe.isAssign = next.typ === "assign";
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
        this.vars.push(v.val);
        break;
      }
      if (next.typ === "char" && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === "variable" || p === "rightDelim" || p === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case "bool":
        case "charConstant":
        case "complex":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string) {
    if (!pipe.cmds.length) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      if (["bool", "dot", "nil", "number", "string"].includes(c.args[0].type)) this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  private control(kind: "if" | "range" | "with"): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, "rightDelim");
    if (kind === "range") this.rangeDepth++;
    const [list, next] = this.itemList();
    if (kind === "range") this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === "else") {
      if (kind === "if" && this.peek().typ === "if") {
        // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} with one {{end}}
        this.next();
        elseList = { type: "list", pos: next.pos, nodes: [this.control("if")] };
      } else {
        const [rest, end] = this.itemList();
        if (end.type !== "end") this.errorf("expected end; found {{else}}");
        elseList = rest;
      }
    }
    this.vars.length = mark;
    return { type: kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  private elseControl(): { type: "else"; pos: number } {
    const peek = this.peekNonSpace();
    if (peek.typ === "if") return { type: "else", pos: peek.pos };
    const t = this.expect("rightDelim", "else");
    return { type: "else", pos: t.pos };
  }

  private templateName(t: Item, context: string): string {
    if (t.typ !== "string" && t.typ !== "rawString") this.unexpected(t, context);
    return unquoteOrFail(t.val, (m) => this.errorf(m));
  }

  private blockControl(): Node {
    const context = "block clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, "rightDelim");
    const saveVars = this.vars;
    this.vars = ["$"];
    const [list, end] = this.itemList();
    if (end.type !== "end") this.errorf(`unexpected {{else}} in ${context}`);
    this.add(name, list);
    this.vars = saveVars;
    return { type: "template", pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): Node {
    const context = "template clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== "rightDelim") {
      this.backup();
      pipe = this.pipeline(context, "rightDelim");
    }
    return { type: "template", pos: t.pos, line: t.line, name, pipe };
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.typ === "space") continue;
      if (t.typ === "rightDelim" || t.typ === "rightParen") this.backup();
      else if (t.typ !== "pipe") this.unexpected(t, "operand");
      break;
    }
    if (!cmd.args.length) this.errorf("empty command");
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().typ !== "field") return node;
    const fields: string[] = [];
    while (this.peek().typ === "field") fields.push(this.next().val.slice(1));
    switch (node.type) {
      case "field":
        return { type: "field", pos: node.pos, ident: [...node.ident, ...fields] };
      case "variable":
        return { type: "variable", pos: node.pos, ident: [...node.ident, ...fields] };
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { type: "chain", pos: node.pos, node, field: fields };
    }
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case "identifier":
        if (!this.hasFunction(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { type: "identifier", pos: t.pos, ident: t.val };
      case "dot":
        return { type: "dot", pos: t.pos };
      case "nil":
        return { type: "nil", pos: t.pos };
      case "variable": {
        const ident = t.val.split(".");
        if (!this.vars.includes(ident[0])) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
        return { type: "variable", pos: t.pos, ident };
      }
      case "field":
        return { type: "field", pos: t.pos, ident: t.val.slice(1).split(".") };
      case "bool":
        return { type: "bool", pos: t.pos, value: t.val === "true" };
      case "charConstant":
      case "complex":
      case "number":
        try {
          return newNumber(t.pos, t.val, t.typ);
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen");
      case "string":
      case "rawString":
        return { type: "string", pos: t.pos, quoted: t.val, text: unquoteOrFail(t.val, (m) => this.errorf(m)) };
    }
    this.backup();
    return undefined;
  }
}

function unquoteOrFail(q: string, fail: (m: string) => never): string {
  try {
    return unquote(q);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/**
 * Parse one file as text/template's Parse does: the trees it defines, keyed by name (the file's
 * own body under `name`). `hasFunction` says which function names exist (Helm's function map).
 */
export function parseTemplate(name: string, text: string, hasFunction: (fn: string) => boolean): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  new Parser(name, text, hasFunction, trees).parse();
  return trees;
}
