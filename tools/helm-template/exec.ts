/**
 * Executes parsed Go templates over plain data (what YAML values parse to), with Go's semantics
 * where DIGIT's charts depend on them: truthiness of empty values, field access on a missing map
 * key yields nil (Helm's missingkey=zero) while a field of nil is an error, `range` over a map
 * walks its keys in sorted order, `and`/`or` short-circuit and return an operand, and values
 * print as Go's `%v` prints them.
 */
import { Command, Node, Operand, Pipeline, Template, TemplateError, parseTemplate } from "./parse";

export type Value = unknown;
/** A function callable from templates; `lazy` functions get thunks (and, or). */
export type TemplateFunc = ((...args: Value[]) => Value) & { lazy?: boolean };

/** A method of a data object, callable as `.A.B "arg"` (e.g. `.Capabilities.APIVersions.Has`). */
export class Method {
  constructor(readonly fn: (...args: Value[]) => Value) {}
}

class Break {}
class Continue {}

/** Go's notion of truth: false, 0, nil, and empty strings, maps and lists are false. */
export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object" && !(v instanceof Method)) return Object.keys(v as object).length > 0;
  return true;
}

/** How Go's fmt `%v` prints a value (maps as map[k:v ...], lists as [a b]). */
export function goString(v: Value): string {
  if (v === null || v === undefined) return "<no value>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN";
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === null || x === undefined ? "<nil>" : goString(x))).join(" ")}]`;
  if (typeof v === "object")
    return `map[${Object.keys(v as object)
      .sort()
      .map((k) => {
        const x = (v as Record<string, Value>)[k];
        return `${k}:${x === null || x === undefined ? "<nil>" : goString(x)}`;
      })
      .join(" ")}]`;
  return String(v);
}

export const isMap = (v: Value): v is Record<string, Value> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Method);

/** A set of templates sharing their `define`s, as a chart's templates do. */
export class TemplateSet {
  readonly defines = new Map<string, Node[]>();
  constructor(readonly funcs: Record<string, TemplateFunc>) {}

  /** Parse a file and keep its defines; returns its body. */
  add(src: string, name: string): Node[] {
    const t: Template = parseTemplate(src, name);
    for (const [k, v] of t.defines) this.defines.set(k, v);
    return t.root;
  }

  /** Execute a body with `data` as dot and `$`. */
  execute(body: Node[], data: Value, name: string): string {
    const st = new State(this, name, data);
    st.walk(body, data, [{ name: "$", value: data }]);
    return st.out.join("");
  }

  /** Execute a defined template (`template`/`include`). */
  executeNamed(name: string, data: Value, depth = 0): string {
    const body = this.defines.get(name);
    if (!body) throw new TemplateError(`no template "${name}" associated with template`);
    if (depth > 100) throw new TemplateError(`template "${name}": exceeded maximum template depth`);
    const st = new State(this, name, data, depth + 1);
    st.walk(body, data, [{ name: "$", value: data }]);
    return st.out.join("");
  }
}

type Vars = Array<{ name: string; value: Value }>;

class State {
  out: string[] = [];
  constructor(
    private set: TemplateSet,
    private name: string,
    private root: Value,
    private depth = 0,
  ) {}

  private fail(msg: string): never {
    throw new TemplateError(`template ${this.name}: ${msg}`);
  }

  walk(nodes: Node[], dot: Value, vars: Vars): void {
    const mark = vars.length;
    for (const n of nodes) {
      switch (n.kind) {
        case "text":
          this.out.push(n.text);
          break;
        case "action": {
          const v = this.pipeline(n.pipe, dot, vars);
          if (!n.pipe.decl) this.out.push(goString(v));
          break;
        }
        case "if":
        case "with": {
          const v = this.pipeline(n.pipe, dot, vars);
          if (truthy(v)) this.walk(n.then, n.kind === "with" ? v : dot, vars);
          else if (n.else) this.walk(n.else, dot, vars);
          break;
        }
        case "range":
          this.range(n, dot, vars);
          break;
        case "template": {
          const arg = n.pipe ? this.pipeline(n.pipe, dot, vars) : null;
          this.out.push(this.set.executeNamed(n.name, arg, this.depth));
          break;
        }
        case "break":
          throw new Break();
        case "continue":
          throw new Continue();
      }
    }
    vars.length = mark;
  }

  private range(n: Extract<Node, { kind: "range" }>, dot: Value, vars: Vars) {
    const names = n.pipe.decl?.names ?? [];
    const v = this.pipeline({ cmds: n.pipe.cmds }, dot, vars);
    const entries: Array<[Value, Value]> = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : isMap(v)
        ? Object.keys(v)
            .sort()
            .map((k) => [k, v[k]])
        : typeof v === "number" && Number.isInteger(v)
          ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i])
          : v === null || v === undefined
            ? []
            : this.fail(`range can't iterate over ${goString(v)}`);
    if (!entries.length) {
      if (n.else) this.walk(n.else, dot, vars);
      return;
    }
    for (const [k, x] of entries) {
      const mark = vars.length;
      if (names.length === 1) vars.push({ name: names[0], value: x });
      else if (names.length === 2) vars.push({ name: names[0], value: k }, { name: names[1], value: x });
      try {
        this.walk(n.body, x, vars);
      } catch (e) {
        if (e instanceof Break) {
          vars.length = mark;
          break;
        }
        if (!(e instanceof Continue)) throw e;
      }
      vars.length = mark;
    }
  }

  pipeline(p: Pipeline, dot: Value, vars: Vars): Value {
    let v: Value = undefined;
    let piped = false;
    for (const cmd of p.cmds) {
      v = this.command(cmd, dot, vars, piped ? { value: v } : undefined);
      piped = true;
    }
    if (p.decl) {
      for (const name of p.decl.names) {
        if (p.decl.assign) {
          const slot = [...vars].reverse().find((x) => x.name === name);
          if (!slot) this.fail(`undefined variable: ${name}`);
          slot.value = v;
        } else vars.push({ name, value: v });
      }
    }
    return v;
  }

  private command(cmd: Command, dot: Value, vars: Vars, piped?: { value: Value }): Value {
    const [head, ...rest] = cmd;
    const extra = piped ? [piped.value] : [];
    if (head.kind === "ident") {
      const fn = this.set.funcs[head.name];
      if (!fn) this.fail(`function "${head.name}" not defined`);
      if (fn.lazy) return fn(...[...rest.map((a) => () => this.operand(a, dot, vars)), ...extra.map((x) => () => x)]);
      return fn(...rest.map((a) => this.operand(a, dot, vars)), ...extra);
    }
    if (head.kind === "field") {
      const target = this.fieldTarget(head, dot, vars);
      if (target instanceof Method) return target.fn(...rest.map((a) => this.operand(a, dot, vars)), ...extra);
      if (rest.length || piped) this.fail(`${head.path.join(".")} is not a method but has arguments`);
      return target;
    }
    if (rest.length || piped) this.fail(`can't give argument to non-function ${JSON.stringify(head)}`);
    return this.operand(head, dot, vars);
  }

  private fieldTarget(op: Extract<Operand, { kind: "field" }>, dot: Value, vars: Vars): Value {
    let v: Value = op.base === "dot" ? dot : "variable" in op.base ? this.variable(op.base.variable, vars) : this.operand(op.base, dot, vars);
    for (const f of op.path) {
      if (v === null || v === undefined) this.fail(`nil pointer evaluating interface {}.${f}`);
      if (!isMap(v)) this.fail(`can't evaluate field ${f} in type ${Array.isArray(v) ? "[]interface {}" : typeof v}`);
      v = (v as Record<string, Value>)[f];
    }
    return v;
  }

  private variable(name: string, vars: Vars): Value {
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i].name === name) return vars[i].value;
    if (name === "$") return this.root;
    return this.fail(`undefined variable: ${name}`);
  }

  private operand(op: Operand, dot: Value, vars: Vars): Value {
    switch (op.kind) {
      case "dot":
        return dot;
      case "string":
        return op.value;
      case "number":
        return op.value;
      case "bool":
        return op.value;
      case "nil":
        return null;
      case "variable":
        return this.variable(op.name, vars);
      case "field": {
        const v = this.fieldTarget(op, dot, vars);
        return v instanceof Method ? v.fn() : v;
      }
      case "pipe":
        return this.pipeline(op.pipe, dot, vars);
      case "ident": {
        const fn = this.set.funcs[op.name];
        if (!fn) this.fail(`function "${op.name}" not defined`);
        return fn.lazy ? fn() : fn();
      }
    }
  }
}
