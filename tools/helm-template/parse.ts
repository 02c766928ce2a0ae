/**
 * Parser of Go's text/template language, as Helm charts use it: text, actions with trim markers
 * (`{{- ` / ` -}}`), comments, pipelines with variables, and the control structures if / else if /
 * with / range / define / template / block / break / continue. It follows the grammar of
 * https://pkg.go.dev/text/template; what DIGIT's charts never use (e.g. `else with`) is rejected
 * with a clear error rather than guessed at.
 */

export type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipeline }
  | { kind: "if" | "with"; pipe: Pipeline; then: Node[]; else?: Node[] }
  | { kind: "range"; pipe: Pipeline; body: Node[]; else?: Node[] }
  | { kind: "template"; name: string; pipe?: Pipeline }
  | { kind: "break" | "continue" };

export interface Pipeline {
  /** `$x := ...` declares, `$x = ...` assigns */
  decl?: { names: string[]; assign: boolean };
  cmds: Command[];
}

/** A command: an operand alone, or a function/method called with arguments. */
export type Command = Operand[];

export type Operand =
  | { kind: "field"; base: "dot" | { variable: string } | Operand; path: string[] }
  | { kind: "variable"; name: string }
  | { kind: "dot" }
  | { kind: "ident"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "nil" }
  | { kind: "pipe"; pipe: Pipeline };

export interface Template {
  /** the template's own body */
  root: Node[];
  /** `define`d templates (name -> body) */
  defines: Map<string, Node[]>;
}

export class TemplateError extends Error {}

// ---- lexing of one action's inside ----

/** `glued`: no space before the token (`.A.B` is one chain, `.A .B` two operands). */
type Tok = ({ t: "ident" | "field" | "var" | "string" | "number" | "char"; v: string } | { t: "(" | ")" | "|" | ":=" | "=" | "," | "."; v: string }) & {
  glued?: boolean;
};

function lexAction(src: string, where: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new TemplateError(`${where}: ${m} in {{${src}}}`);
  };
  let spaced = true;
  const push = out.push.bind(out);
  out.push = (...toks: Tok[]) => {
    for (const t of toks) push({ ...t, glued: !spaced });
    spaced = false;
    return out.length;
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      spaced = true;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") {
          const n = src[j + 1];
          const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", "'": "'" };
          if (n in esc) s += esc[n];
          else if (n === "u" || n === "x") {
            const len = n === "u" ? 4 : 2;
            s += String.fromCharCode(parseInt(src.slice(j + 2, j + 2 + len), 16));
            j += len;
          } else fail(`unknown escape \\${n}`);
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) fail("unterminated string");
      out.push({ t: "string", v: s });
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) fail("unterminated raw string");
      out.push({ t: "string", v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const m = /^'(\\.|[^'])'/.exec(src.slice(i));
      if (!m) fail("bad character constant");
      out.push({ t: "number", v: String(m![1].length === 1 ? m![1].charCodeAt(0) : m![1].charCodeAt(1)) });
      i += m![0].length;
      continue;
    }
    if (src.startsWith(":=", i)) {
      out.push({ t: ":=", v: ":=" });
      i += 2;
      continue;
    }
    if ("()|=,".includes(c)) {
      out.push({ t: c as "(", v: c });
      i++;
      continue;
    }
    if (c === "$") {
      const m = /^\$[A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: "var", v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === ".") {
      const m = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (m) {
        out.push({ t: "field", v: m[0].slice(1) });
        i += m[0].length;
      } else {
        out.push({ t: ".", v: "." });
        i++;
      }
      continue;
    }
    const num = /^[-+]?(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)/.exec(src.slice(i));
    if (num && (c !== "-" && c !== "+" ? true : /[\d.]/.test(src[i + 1] ?? ""))) {
      out.push({ t: "number", v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: "ident", v: id[0] });
      i += id[0].length;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

// ---- parsing one action's tokens into a pipeline ----

class ActionParser {
  private i = 0;
  constructor(
    private toks: Tok[],
    private where: string,
  ) {}

  private fail(m: string): never {
    throw new TemplateError(`${this.where}: ${m}`);
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  done() {
    return this.i >= this.toks.length;
  }

  pipeline(stopAtParen = false): Pipeline {
    let decl: Pipeline["decl"];
    // `$x :=`, `$x =`, `$k, $v :=`
    const save = this.i;
    const names: string[] = [];
    while (this.peek()?.t === "var") {
      names.push(this.toks[this.i++].v);
      if (this.peek()?.t === ",") {
        this.i++;
        continue;
      }
      break;
    }
    const op = this.peek();
    if (names.length && op && (op.t === ":=" || op.t === "=")) {
      this.i++;
      decl = { names, assign: op.t === "=" };
    } else this.i = save;

    const cmds: Command[] = [];
    for (;;) {
      const cmd: Command = [];
      while (!this.done()) {
        const t = this.peek()!;
        if (t.t === "|" || (t.t === ")" && stopAtParen)) break;
        if (t.t === ")") this.fail("unexpected )");
        cmd.push(this.operand());
      }
      if (!cmd.length) this.fail("missing command in pipeline");
      cmds.push(cmd);
      if (this.peek()?.t === "|") {
        this.i++;
        continue;
      }
      break;
    }
    return { decl, cmds };
  }

  private operand(): Operand {
    const t = this.toks[this.i++];
    let op: Operand;
    switch (t.t) {
      case "string":
        op = { kind: "string", value: t.v };
        break;
      case "number":
        op = { kind: "number", value: Number(t.v) };
        break;
      case "ident":
        op = t.v === "true" || t.v === "false" ? { kind: "bool", value: t.v === "true" } : t.v === "nil" ? { kind: "nil" } : { kind: "ident", name: t.v };
        break;
      case "var":
        op = { kind: "variable", name: t.v };
        break;
      case ".":
        op = { kind: "dot" };
        break;
      case "field": {
        const path = [t.v];
        while (this.peek()?.t === "field" && this.peek()!.glued) path.push(this.toks[this.i++].v);
        return { kind: "field", base: "dot", path };
      }
      case "(": {
        const pipe = this.pipeline(true);
        if (this.peek()?.t !== ")") this.fail("unclosed (");
        this.i++;
        op = { kind: "pipe", pipe };
        break;
      }
      default:
        this.fail(`unexpected ${t.v}`);
    }
    // field chains on variables and parenthesised pipelines: $x.A.B, (index .X "a").B
    if (this.peek()?.t === "field" && this.peek()!.glued && (op.kind === "variable" || op.kind === "pipe")) {
      const path: string[] = [];
      while (this.peek()?.t === "field" && this.peek()!.glued) path.push(this.toks[this.i++].v);
      return { kind: "field", base: op.kind === "variable" ? { variable: op.name } : op, path };
    }
    return op;
  }
}

function parsePipeline(src: string, where: string): Pipeline {
  const p = new ActionParser(lexAction(src, where), where);
  const pipe = p.pipeline();
  if (!p.done()) throw new TemplateError(`${where}: unexpected tokens after pipeline in {{${src}}}`);
  return pipe;
}

// ---- splitting text and actions, then building the tree ----

interface RawAction {
  text: string;
  line: number;
}

type Piece = { text: string } | { action: RawAction };

function split(src: string, name: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      pieces.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start) || src.startsWith("-\r", start)) {
      text = text.replace(/[ \t\r\n]+$/, "");
      start += 1;
    }
    pieces.push({ text });
    const line = src.slice(0, open).split("\n").length;
    let end: number;
    let inner: string;
    const rest = src.slice(start).replace(/^\s*/, "");
    if (rest.startsWith("/*")) {
      const c = src.indexOf("*/", start);
      if (c < 0) throw new TemplateError(`${name}:${line}: unclosed comment`);
      end = src.indexOf("}}", c + 2);
      inner = "";
    } else {
      // find the closing }} outside of string literals
      let j = start;
      let quote: string | undefined;
      for (; j < src.length; j++) {
        const ch = src[j];
        if (quote) {
          if (ch === "\\" && quote === '"') j++;
          else if (ch === quote) quote = undefined;
        } else if (ch === '"' || ch === "`" || ch === "'") quote = ch;
        else if (ch === "}" && src[j + 1] === "}") break;
      }
      end = j;
      inner = src.slice(start, end);
    }
    if (end < 0 || end >= src.length) throw new TemplateError(`${name}:${line}: unclosed action`);
    let trimAfter = false;
    if (/[ \t\r\n]-$/.test(inner)) {
      inner = inner.slice(0, -1);
      trimAfter = true;
    } else if (src[end - 1] === "-" && src[end - 2] !== undefined && /\s/.test(src[end - 2]) && rest.startsWith("/*")) trimAfter = true;
    pieces.push({ action: { text: inner.trim(), line } });
    i = end + 2;
    if (trimAfter) {
      const m = /^[ \t\r\n]*/.exec(src.slice(i))!;
      i += m[0].length;
    }
  }
  return pieces;
}

type Frame = { kind: "root" } | { kind: "define"; name: string } | { kind: "if" | "with" | "range"; pipe: Pipeline; elseBranch: boolean };

/** Parse a template source; `name` is used in error messages. */
export function parseTemplate(src: string, name: string): Template {
  const defines = new Map<string, Node[]>();
  const stack: Array<{ frame: Frame; nodes: Node[]; elseNodes?: Node[] }> = [{ frame: { kind: "root" }, nodes: [] }];
  const top = () => stack[stack.length - 1];
  const emit = (n: Node) => {
    const t = top();
    (t.elseNodes ?? t.nodes).push(n);
  };
  // `else if` nests an if inside the else branch; it closes with the same `end`
  const closeCount: number[] = [];

  for (const piece of split(src, name)) {
    if ("text" in piece) {
      if (piece.text) emit({ kind: "text", text: piece.text });
      continue;
    }
    const { text, line } = piece.action;
    const where = `${name}:${line}`;
    if (text === "") continue; // comment
    const m = /^(if|with|range|define|template|block|else|end|break|continue)\b\s*([\s\S]*)$/.exec(text);
    const kw = m?.[1];
    const arg = m?.[2] ?? "";
    if (!kw) {
      emit({ kind: "action", pipe: parsePipeline(text, where) });
      continue;
    }
    switch (kw) {
      case "if":
      case "with":
      case "range":
        stack.push({ frame: { kind: kw, pipe: parsePipeline(arg, where), elseBranch: false }, nodes: [] });
        closeCount.push(1);
        break;
      case "define":
      case "block": {
        const nm = /^"([^"]*)"\s*([\s\S]*)$/.exec(arg);
        if (!nm) throw new TemplateError(`${where}: ${kw} needs a quoted name`);
        if (kw === "block") emit({ kind: "template", name: nm[1], pipe: parsePipeline(nm[2], where) });
        stack.push({ frame: { kind: "define", name: nm[1] }, nodes: [] });
        closeCount.push(1);
        break;
      }
      case "template": {
        const nm = /^"([^"]*)"\s*([\s\S]*)$/.exec(arg);
        if (!nm) throw new TemplateError(`${where}: template needs a quoted name`);
        emit({ kind: "template", name: nm[1], pipe: nm[2].trim() ? parsePipeline(nm[2], where) : undefined });
        break;
      }
      case "else": {
        const t = top();
        if (t.frame.kind !== "if" && t.frame.kind !== "with" && t.frame.kind !== "range") throw new TemplateError(`${where}: else outside if/with/range`);
        if (t.elseNodes) throw new TemplateError(`${where}: second else`);
        t.elseNodes = [];
        const elseIf = /^if\b\s*([\s\S]*)$/.exec(arg);
        if (elseIf) {
          stack.push({ frame: { kind: "if", pipe: parsePipeline(elseIf[1], where), elseBranch: true }, nodes: [] });
          closeCount[closeCount.length - 1]++;
        } else if (arg.trim()) throw new TemplateError(`${where}: unsupported else ${arg.trim()}`);
        break;
      }
      case "end": {
        let n = closeCount.pop();
        if (n === undefined) throw new TemplateError(`${where}: unexpected end`);
        while (n-- > 0) {
          const done = stack.pop()!;
          const f = done.frame;
          if (f.kind === "define") defines.set(f.name, done.nodes);
          else if (f.kind === "range") emit({ kind: "range", pipe: f.pipe, body: done.nodes, else: done.elseNodes });
          else if (f.kind === "if" || f.kind === "with") emit({ kind: f.kind, pipe: f.pipe, then: done.nodes, else: done.elseNodes });
        }
        break;
      }
      case "break":
      case "continue":
        emit({ kind: kw });
        break;
    }
  }
  if (stack.length !== 1) throw new TemplateError(`${name}: unclosed ${(top().frame as { kind: string }).kind}`);
  return { root: stack[0].nodes, defines };
}
