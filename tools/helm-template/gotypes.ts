/**
 * The Go values a template sees, as JavaScript values. Helm's values come from YAML through JSON
 * (sigs.k8s.io/yaml), so every number in them is a float64; the template language adds ints
 * (integer constants, `len`, `int`) and Sprig int64s (`add`, `int64`). Telling them apart
 * matters: Go prints `float64(1000000)` as `1e+06`, refuses `eq` between an int and a float64,
 * and refuses a float64 where a function wants an int. So:
 * - float64 -> `number`; Go int -> `bigint`; int64, int32 (runes), uint8 (string bytes) -> GoInt;
 * - string -> `string`, bool -> `boolean`, nil -> `null` (or `undefined`);
 * - map[string]interface{} -> plain object, []interface{} -> array; other map/slice types
 *   (Sprig's `split` gives map[string]string, `splitList` []string) carry a tag;
 * - structs (.Chart, .Capabilities) -> GoStruct, with methods where Go has them.
 * IFACE_NIL is the one value with no JavaScript twin: a nil held in an interface{}-typed slot
 * (a missing map key under missingkey=zero, a nil list element). text/template treats it unlike a
 * plain nil in two places (a field of it is an error; a typed parameter rejects it), so the
 * executor keeps it until it "digs" the value (https://pkg.go.dev/text/template, exec.go).
 */

export type Value = unknown;

/** A Go integer of a type other than int. */
export class GoInt {
  constructor(
    readonly type: "int64" | "int32" | "uint8",
    readonly value: bigint,
  ) {}
}

/** A nil stored in an interface{} slot: what a missing map key evaluates to under missingkey=zero. */
export const IFACE_NIL: unique symbol = Symbol("interface {}(nil)");

/** A method value: `.Capabilities.APIVersions.Has "apps/v1"`; `params` are its parameters' Go types (see exec's ParamType). */
export class Method {
  constructor(
    readonly fn: (...args: Value[]) => Value,
    readonly params: readonly string[] = [],
  ) {}
}

/** A Go struct: named fields (missing ones are an error, not nil), methods, and how %v prints it. */
export class GoStruct {
  constructor(
    readonly type: string,
    readonly fields: Record<string, Value>,
    readonly methods: Record<string, Method> = {},
    /**
     * String() on the pointer receiver (chartutil.KubeVersion): used when an action prints the
     * field itself (text/template takes its address), not when the struct is passed to a function
     */
    readonly stringer?: () => string,
    /** what encoding/json makes of it */
    readonly json?: () => Value,
    /** fields that are embedded structs, whose fields and methods are promoted */
    readonly embedded: readonly string[] = [],
  ) {}

  /** The field or promoted field of that name (Go's FieldByName), if any. */
  field(name: string): { value: Value } | undefined {
    if (Object.hasOwn(this.fields, name)) return { value: this.fields[name] };
    for (const e of this.embedded) {
      const inner = this.fields[e];
      const hit = inner instanceof GoStruct ? inner.field(name) : undefined;
      if (hit) return hit;
    }
    return undefined;
  }
}

/** time.Time, as Sprig's `now` returns it. */
export class GoTime {
  constructor(readonly ms: number) {}
}

/** Go types of maps and slices that are not map[string]interface{} / []interface{}. */
export type CompositeType = "map[string]string" | "chartutil.Values" | "[]string" | "[]int" | "chartutil.VersionSet" | "engine.files";

interface Tag {
  type?: CompositeType;
  /** a nil slice or map: prints as empty, encodes as null */
  nil?: boolean;
  methods?: Record<string, Method>;
}

const tags = new WeakMap<object, Tag>();

/** Give an object or array a Go type (and methods); returns it. */
export function tag<T extends object>(v: T, t: Tag): T {
  tags.set(v, { ...tags.get(v), ...t });
  return v;
}

export function tagOf(v: Value): Tag | undefined {
  return typeof v === "object" && v !== null ? tags.get(v) : undefined;
}

export const isNil = (v: Value): v is null | undefined | typeof IFACE_NIL => v === null || v === undefined || v === IFACE_NIL;

/** A Go map (any of the map types a template meets): maps are the only plain objects. */
export const isMap = (v: Value): v is Record<string, Value> => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

export const isList = (v: Value): v is Value[] => Array.isArray(v);

export const isInt = (v: Value): v is bigint | GoInt => typeof v === "bigint" || v instanceof GoInt;

/** The integer in any Go integer value. */
export const intValue = (v: bigint | GoInt): bigint => (typeof v === "bigint" ? v : v.value);

/** Go's reflect.Kind names, for errors and Sprig's kindOf. */
export function kindOf(v: Value): string {
  if (isNil(v)) return "invalid";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (typeof v === "bigint") return "int";
  if (v instanceof GoInt) return v.type;
  if (v instanceof GoStruct || v instanceof GoTime) return "struct";
  if (Array.isArray(v)) return "slice";
  if (v instanceof Method) return "func";
  return "map";
}

/** Go's type names, as errors and %T print them. */
export function typeName(v: Value): string {
  if (v === IFACE_NIL) return "interface {}";
  if (isNil(v)) return "<nil>";
  if (v instanceof GoStruct) return v.type;
  if (v instanceof GoTime) return "time.Time";
  if (v instanceof GoInt) return v.type;
  if (v instanceof Method) return "func";
  if (typeof v === "object") {
    const t = tagOf(v)?.type;
    if (t) return t;
    return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
  }
  return kindOf(v);
}

const surrogate = /[\ud800-\udfff]/;

/** Go compares strings byte-wise in UTF-8, i.e. by code point; JavaScript's < compares UTF-16 units. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // without surrogate pairs, UTF-16 order is code point order
  if (!surrogate.test(a) && !surrogate.test(b)) return a < b ? -1 : 1;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}

/** Map keys in the order fmt and range use (internal/fmtsort: strings ascending). */
export const sortedKeys = (m: Record<string, Value>): string[] => Object.keys(m).sort(compareStrings);

/** Go's string length and indexing are in UTF-8 bytes. */
export const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");
