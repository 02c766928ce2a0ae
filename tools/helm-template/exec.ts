/**
 * Go's text/template executor, ported from Go 1.19's src/text/template/exec.go and funcs.go:
 * the same walk over the parse tree, the same evaluation of fields, variables and calls, and the
 * same checks of each argument against the Go type of the function's parameter (validateType,
 * evalArg): a float64 where an int is wanted, or a missing value where a string is wanted, is an
 * error as in Helm. Helm executes with missingkey=zero, so a missing map key is a nil interface{}
 * (IFACE_NIL) that prints as "<no value>" and has no fields.
 */
import { Arg, CommandNode, isEmptyTree, ListNode, Node, nodeString, parseTemplate, PipeNode, TemplateError, Tree } from "./parse";
import { compareStrings, GoInt, GoStruct, GoTime, IFACE_NIL, intValue, isInt, isMap, isNil, Method, sortedKeys, tagOf, typeName, utf8, Value } from "./gotypes";
import { goString, sprint, sprintf, sprintln } from "./gofmt";

/**
 * The Go type of a function parameter, as far as text/template checks arguments against it:
 * any = interface{}, value = reflect.Value (builtins), map = map[string]interface{},
 * values = chartutil.Values, list = []interface{}.
 */
export type ParamType = "any" | "value" | "string" | "int" | "int64" | "float64" | "bool" | "map" | "values" | "list";

const goTypeNames: Record<ParamType, string> = {
  any: "interface {}",
  value: "reflect.Value",
  string: "string",
  int: "int",
  int64: "int64",
  float64: "float64",
  bool: "bool",
  map: "map[string]interface {}",
  values: "chartutil.Values",
  list: "[]interface {}",
};

/** A function of the template's function map, with its Go signature. */
export interface GoFunc {
  params: ParamType[];
  /** the element type of a final variadic parameter */
  variadic?: ParamType;
  fn: (...args: Value[]) => Value;
}

/** An error a function returns (text/template reports it as `error calling NAME: ...`). */
export class FuncError extends Error {}

export type FuncMap = Record<string, GoFunc>;

const canBeNil = (t: ParamType) => t === "any" || t === "value" || t === "map" || t === "values" || t === "list";

/** Is a concrete (non-nil) value assignable to a parameter of type t? */
function assignable(v: Value, t: ParamType): boolean {
  switch (t) {
    case "any":
    case "value":
      return true;
    case "string":
      return typeof v === "string";
    case "int":
      return typeof v === "bigint";
    case "int64":
      return v instanceof GoInt && v.type === "int64";
    case "float64":
      return typeof v === "number";
    case "bool":
      return typeof v === "boolean";
    case "map":
    case "values": {
      const type = tagOf(v)?.type;
      return isMap(v) && (type === undefined || type === "chartutil.Values");
    }
    case "list":
      return Array.isArray(v) && tagOf(v)?.type === undefined;
  }
}

/** Go's isTrue: the zero value of its type is false; structs are always true. */
export function truthy(v: Value): boolean {
  if (isNil(v)) return false;
  if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (isInt(v)) return intValue(v) !== 0n;
  if (v instanceof GoStruct || v instanceof GoTime || v instanceof Method) return true;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

// ---- builtins (funcs.go) ----

type BasicKind = "bool" | "int" | "uint" | "float" | "string" | "invalid";

function basicKind(v: Value): BasicKind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "int";
  if (v instanceof GoInt) return v.type === "uint8" ? "uint" : "int";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  return "invalid";
}

const errBadComparison = "incompatible types for comparison";
const errBadComparisonType = "invalid type for comparison";

/** Go's isNil for eq: no value, or a nil map/slice. */
const goIsNil = (v: Value) => isNil(v) || tagOf(v)?.nil === true;

function eq(a: Value, ...bs: Value[]): boolean {
  const fail = (m: string): never => {
    throw new FuncError(m);
  };
  if (!bs.length) fail("missing argument for comparison");
  a = a === IFACE_NIL ? null : a;
  const k1 = basicKind(a);
  for (let b of bs) {
    b = b === IFACE_NIL ? null : b;
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) truth = intValue(a as bigint) === intValue(b as bigint);
      else if (!isNil(a) && !isNil(b)) fail(errBadComparison);
    } else if (k1 === "invalid") {
      // maps, slices, structs and nil: comparable only with nil
      const kindA = isNil(a) ? "invalid" : Array.isArray(a) ? "slice" : a instanceof GoStruct ? "struct" : "map";
      const kindB = isNil(b) ? "invalid" : Array.isArray(b) ? "slice" : b instanceof GoStruct ? "struct" : "map";
      if (kindA !== kindB && kindA !== "invalid" && kindB !== "invalid") fail(`non-comparable types ${goString(a)}: ${typeName(a)}, ${typeName(b)}: ${goString(b)}`);
      if (goIsNil(a) || goIsNil(b)) truth = goIsNil(a) === goIsNil(b);
      else fail(`non-comparable type ${goString(b)}: ${typeName(b)}`);
    } else truth = k1 === "int" || k1 === "uint" ? intValue(a as bigint) === intValue(b as bigint) : a === b;
    if (truth) return true;
  }
  return false;
}

function lt(a: Value, b: Value): boolean {
  a = a === IFACE_NIL ? null : a;
  b = b === IFACE_NIL ? null : b;
  const [k1, k2] = [basicKind(a), basicKind(b)];
  if (k1 === "invalid" || k2 === "invalid") throw new FuncError(errBadComparisonType);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) return intValue(a as bigint) < intValue(b as bigint);
    throw new FuncError(errBadComparison);
  }
  switch (k1) {
    case "bool":
      throw new FuncError(errBadComparisonType);
    case "string":
      return compareStrings(a as string, b as string) < 0;
    case "float":
      return (a as number) < (b as number);
    default:
      return intValue(a as bigint) < intValue(b as bigint);
  }
}

/** The value inside an interface (indirectInterface); a nil interface{} becomes no value. */
const concrete = (v: Value): Value => (v === IFACE_NIL ? undefined : v);

function indexArg(index: Value, cap: number): number {
  if (isNil(index)) throw new FuncError("cannot index slice/array with nil");
  if (!isInt(index)) throw new FuncError(`cannot index slice/array with type ${typeName(index)}`);
  const x = intValue(index);
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

/** An element read out of a []interface{} or map[string]interface{}: nil stays an interface{}. */
const element = (container: Value, v: Value): Value => (isNil(v) ? (tagOf(container)?.type === "map[string]string" ? "" : IFACE_NIL) : v);

function index(item: Value, ...indexes: Value[]): Value {
  item = concrete(item);
  if (isNil(item)) throw new FuncError("index of untyped nil");
  for (let ix of indexes) {
    ix = concrete(ix);
    if (item === IFACE_NIL) throw new FuncError("index of nil pointer");
    if (Array.isArray(item) || typeof item === "string") {
      const len = typeof item === "string" ? utf8(item).length : item.length;
      const x = indexArg(ix, len);
      if (x === len) throw new FuncError("reflect: slice index out of range");
      item = typeof item === "string" ? new GoInt("uint8", BigInt(utf8(item)[x])) : element(item, item[x]);
    } else if (isMap(item)) {
      if (isNil(ix)) throw new FuncError("value is nil; should be of type string");
      if (typeof ix !== "string") throw new FuncError(`value has type ${typeName(ix)}; should be string`);
      item = element(item, Object.hasOwn(item, ix) ? item[ix] : undefined);
    } else throw new FuncError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

function slice(item: Value, ...indexes: Value[]): Value {
  item = concrete(item);
  if (isNil(item)) throw new FuncError("slice of untyped nil");
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  const isString = typeof item === "string";
  if (!isString && !Array.isArray(item)) throw new FuncError(`can't slice item of type ${typeName(item)}`);
  if (isString && indexes.length === 3) throw new FuncError("cannot 3-index slice a string");
  const bytes = isString ? utf8(item as string) : undefined;
  const len = bytes ? bytes.length : (item as Value[]).length;
  const idx = [0, len, len];
  indexes.forEach((ix, i) => (idx[i] = indexArg(concrete(ix), len)));
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return bytes ? bytes.subarray(idx[0], idx[1]).toString("utf8") : (item as Value[]).slice(idx[0], idx[1]);
}

function length(item: Value): bigint {
  if (item === IFACE_NIL) throw new FuncError("len of nil pointer");
  if (typeof item === "string") return BigInt(utf8(item).length);
  if (Array.isArray(item)) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  if (isNil(item)) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
  throw new FuncError(`len of type ${typeName(item)}`);
}

const v = "value" as const;
/** text/template's own functions (html, js, urlquery and call are not provided). */
export const builtins: FuncMap = {
  and: { params: [v], variadic: v, fn: () => undefined },
  or: { params: [v], variadic: v, fn: () => undefined },
  not: { params: [v], fn: (a) => !truthy(concrete(a)) },
  len: { params: [v], fn: length },
  index: { params: [v], variadic: v, fn: index },
  slice: { params: [v], variadic: v, fn: slice },
  print: { params: [], variadic: "any", fn: (...a) => sprint(a) },
  printf: { params: ["string"], variadic: "any", fn: (f, ...a) => sprintf(f as string, a) },
  println: { params: [], variadic: "any", fn: (...a) => sprintln(a) },
  eq: { params: [v], variadic: v, fn: (a, ...b) => eq(a, ...b) },
  ne: { params: [v, v], fn: (a, b) => !eq(a, b) },
  lt: { params: [v, v], fn: (a, b) => lt(a, b) },
  le: { params: [v, v], fn: (a, b) => lt(a, b) || eq(a, b) },
  gt: { params: [v, v], fn: (a, b) => !(lt(a, b) || eq(a, b)) },
  ge: { params: [v, v], fn: (a, b) => !lt(a, b) },
};

// ---- templates ----

/** A parse depends only on the source, its name and which functions exist: each is parsed once per process. */
const parseCache = new Map<string, Map<string, Map<string, Map<string, Tree>>>>();

/** Lets a template execution be abandoned from inside (break/continue). */
class Break {}
class Continue {}
const MISSING: unique symbol = Symbol("missing");
type Final = Value | typeof MISSING;

/**
 * A set of associated templates sharing one function map, like a text/template.Template and its
 * associated templates: a parsed file contributes its body under its own name and one template
 * per `define`; a later parse replaces a template unless the new body is empty.
 */
export class TemplateSet {
  readonly templates = new Map<string, Tree>();
  private readonly funcNames: string;

  constructor(
    readonly funcs: FuncMap,
    readonly name = "gotpl",
  ) {
    this.funcNames = Object.keys(funcs).join(",");
  }

  private hasFunction = (fn: string) => Object.hasOwn(this.funcs, fn) || Object.hasOwn(builtins, fn);

  /** t.New(name).Parse(src) */
  parse(name: string, src: string): void {
    let byName = parseCache.get(this.funcNames);
    if (!byName) parseCache.set(this.funcNames, (byName = new Map()));
    let bySrc = byName.get(name);
    if (!bySrc) byName.set(name, (bySrc = new Map()));
    let trees = bySrc.get(src);
    if (!trees) {
      trees = parseTemplate(name, src, this.hasFunction);
      bySrc.set(src, trees);
    }
    this.addTrees(trees);
  }

  /** AddParseTree for each tree of a parse (text/template's associate rule). */
  addTrees(trees: Map<string, Tree>): void {
    for (const [n, tree] of trees) {
      const old = this.templates.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.templates.set(n, tree);
    }
  }

  lookup(name: string): Tree | undefined {
    return this.templates.get(name);
  }

  /** ExecuteTemplate: run the named template with data as dot and $. */
  execute(name: string, data: Value): string {
    const tree = this.lookup(name);
    if (!tree) throw new TemplateError(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`);
    const st = new State(this, tree.name, [], 0);
    const dot = data === IFACE_NIL ? undefined : data;
    st.vars.push({ name: "$", value: dot });
    st.walk(dot, tree.root);
    return st.out.join("");
  }
}

interface Variable {
  name: string;
  value: Value;
}

class State {
  out: string[] = [];

  constructor(
    private set: TemplateSet,
    private name: string,
    readonly vars: Variable[],
    private depth: number,
    out?: string[],
  ) {
    if (out) this.out = out;
  }

  private errorf(msg: string): never {
    throw new TemplateError(`template: ${this.name}: ${msg}`);
  }

  walk(dot: Value, node: Node): void {
    switch (node.type) {
      case "action": {
        const val = this.evalPipeline(dot, node.pipe);
        if (!node.pipe.decl.length) this.out.push(isNil(val) ? "<no value>" : val instanceof GoStruct && val.stringer ? val.stringer() : goString(val));
        return;
      }
      case "break":
        throw new Break();
      case "continue":
        throw new Continue();
      case "comment":
        return;
      case "if":
      case "with":
        return this.walkIfOrWith(node.type, dot, node.pipe, node.list, node.elseList);
      case "list":
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case "range":
        return this.walkRange(dot, node);
      case "template":
        return this.walkTemplate(dot, node);
      case "text":
        this.out.push(node.text);
        return;
    }
  }

  private walkIfOrWith(kind: "if" | "with", dot: Value, pipe: PipeNode, list: ListNode, elseList?: ListNode) {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, pipe);
      if (truthy(concrete(val))) this.walk(kind === "with" ? val : dot, list);
      else if (elseList) this.walk(dot, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: Value, r: Extract<Node, { list: ListNode }>) {
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const oneIteration = (ix: Value, elem: Value) => {
        if (r.pipe.decl.length > 0) this.vars[this.vars.length - 1].value = elem;
        if (r.pipe.decl.length > 1) this.vars[this.vars.length - 2].value = ix;
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (!(e instanceof Continue)) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let ran = false;
      if (Array.isArray(val)) {
        val.forEach((x, i) => oneIteration(BigInt(i), element(val, x)));
        ran = val.length > 0;
      } else if (isMap(val)) {
        const keys = sortedKeys(val);
        for (const k of keys) oneIteration(k, element(val, val[k]));
        ran = keys.length > 0;
      } else if (!isNil(val)) this.errorf(`range can't iterate over ${goString(val)}`);
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (!(e instanceof Break)) throw e;
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: Value, t: Extract<Node, { name: string }>) {
    const tree = this.set.lookup(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= 100000) this.errorf("exceeded maximum template depth (100000)");
    const data = this.evalPipeline(dot, t.pipe);
    const st = new State(this.set, tree.name, [{ name: "$", value: data }], this.depth + 1, this.out);
    st.walk(data, tree.root);
  }

  // ---- evaluation ----

  private evalPipeline(dot: Value, pipe: PipeNode | undefined): Value {
    if (!pipe) return undefined;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // an interface{} is dug into: a nil one becomes no value at all
      if (value === IFACE_NIL) value = undefined;
    }
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0], value);
      else this.vars.push({ name: d.ident[0], value });
    }
    return value;
  }

  private notAFunction(args: Arg[], final: Final) {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case "field":
        return this.evalFieldChain(dot, dot, first.ident, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first.ident, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        return this.errorf("nil is not a command");
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
    }
  }

  /** A number constant where no type is asked for: its syntax decides int or float64. */
  private idealConstant(n: Extract<Arg, { type: "number" }>): Value {
    const isHexInt = n.text.length > 2 && n.text[0] === "0" && (n.text[1] === "x" || n.text[1] === "X") && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalChainNode(dot: Value, chain: Extract<Arg, { type: "chain" }>, args: Arg[] | null, final: Final): Value {
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, "any", chain.node);
    return this.evalFieldChain(dot, pipe, chain.field, args, final);
  }

  private evalVariableNode(dot: Value, variable: Extract<Arg, { type: "variable" }>, args: Arg[] | null, final: Final): Value {
    const value = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args ?? [variable], final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: Value, receiver: Value, ident: string[], args: Arg[] | null, final: Final): Value {
    for (let i = 0; i < ident.length - 1; i++) receiver = this.evalField(dot, ident[i], null, MISSING, receiver);
    return this.evalField(dot, ident[ident.length - 1], args, final, receiver);
  }

  private evalFunction(dot: Value, name: string, args: Arg[] | null, final: Final): Value {
    const user = Object.hasOwn(this.set.funcs, name) ? this.set.funcs[name] : undefined;
    const fn = user ?? (Object.hasOwn(builtins, name) ? builtins[name] : undefined);
    if (!fn) this.errorf(`${JSON.stringify(name)} is not a defined function`);
    return this.evalCall(dot, fn, !user, name, args, final);
  }

  private evalField(dot: Value, field: string, args: Arg[] | null, final: Final, receiver: Value): Value {
    if (isNil(receiver) && receiver !== IFACE_NIL) return undefined;
    if (receiver === IFACE_NIL) this.errorf(`nil pointer evaluating interface {}.${field}`);
    const methods = receiver instanceof GoStruct ? receiver.methods : tagOf(receiver)?.methods;
    if (methods && Object.hasOwn(methods, field)) {
      const m = methods[field];
      return this.evalCall(dot, { params: m.params as ParamType[], fn: m.fn }, false, field, args, final);
    }
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    const structField = receiver instanceof GoStruct ? receiver.field(field) : undefined;
    if (structField) {
      if (hasArgs) this.errorf(`${field} has arguments but cannot be invoked as function`);
      return structField.value;
    }
    if (isMap(receiver) && !(receiver instanceof GoStruct)) {
      if (hasArgs) this.errorf(`${field} is not a method but has arguments`);
      return element(receiver, Object.hasOwn(receiver, field) ? receiver[field] : undefined);
    }
    return this.errorf(`can't evaluate field ${field} in type ${typeName(receiver)}`);
  }

  private evalCall(dot: Value, fn: GoFunc, isBuiltin: boolean, name: string, args: Arg[] | null, final: Final): Value {
    const rest = args ? args.slice(1) : [];
    const numIn = rest.length + (final !== MISSING ? 1 : 0);
    const numFixed = fn.variadic ? fn.params.length : rest.length;
    if (fn.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${fn.params.length} got ${rest.length}`);
    } else if (numIn !== fn.params.length) this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);

    if (isBuiltin && (name === "and" || name === "or")) {
      let val: Value;
      for (const a of rest) {
        val = this.evalArg(dot, "value", a);
        if (truthy(concrete(val)) === (name === "or")) return val;
      }
      if (final !== MISSING) val = final;
      return val;
    }

    const argv: Value[] = [];
    let i = 0;
    for (; i < numFixed && i < rest.length; i++) argv.push(this.evalArg(dot, fn.params[i], rest[i]));
    if (fn.variadic) for (; i < rest.length; i++) argv.push(this.evalArg(dot, fn.variadic, rest[i]));
    if (final !== MISSING) {
      let t = fn.params[fn.params.length - 1];
      if (fn.variadic) t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.fn(...argv);
    } catch (e) {
      // Go wraps whatever a function returns as its error, and recovers its panics the same way
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** validateType: a value must be assignable to the parameter's type. */
  private validateType(value: Value, t: ParamType): Value {
    if (isNil(value) && value !== IFACE_NIL) {
      if (canBeNil(t)) return null;
      this.errorf(`invalid value; expected ${goTypeNames[t]}`);
    }
    if (value === IFACE_NIL) {
      // reflect.Value parameters (the builtins) see the interface itself; interface{} ones its nil
      if (t === "value") return value;
      if (t === "any") return null;
      this.errorf(`wrong type for value; expected ${goTypeNames[t]}; got interface {}`);
    }
    if (!assignable(value, t)) this.errorf(`wrong type for value; expected ${goTypeNames[t]}; got ${typeName(value)}`);
    return value;
  }

  private evalArg(dot: Value, t: ParamType, n: Arg): Value {
    switch (n.type) {
      case "dot":
        return this.validateType(dot, t);
      case "nil":
        if (canBeNil(t)) return null;
        return this.errorf(`cannot assign nil to ${goTypeNames[t]}`);
      case "field":
        return this.validateType(this.evalFieldChain(dot, dot, n.ident, [n], MISSING), t);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), t);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), t);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n.ident, [n], MISSING), t);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), t);
    }
    const found = (): never => this.errorf(`expected ${t === "int" || t === "int64" ? "integer" : t === "float64" ? "float" : t}; found ${nodeString(n)}`);
    switch (t) {
      case "bool":
        return n.type === "bool" ? n.value : found();
      case "string":
        return n.type === "string" ? n.text : found();
      case "int":
        return n.type === "number" && n.isInt ? n.int64 : found();
      case "int64":
        return n.type === "number" && n.isInt ? new GoInt("int64", n.int64) : found();
      case "float64":
        return n.type === "number" && n.isFloat ? n.float64 : found();
      case "any":
      case "value":
        if (n.type === "bool") return n.value;
        if (n.type === "number") return this.idealConstant(n);
        return n.text;
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${goTypeNames[t]}`);
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: Value) {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    this.errorf(`undefined variable: ${name}`);
  }
}
