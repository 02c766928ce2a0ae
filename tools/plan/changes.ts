// What changed in one resource between two plans, field by field, old value -> new value, as a
// reviewer reads it: list items that carry a name (containers, env variables, ports, volumes) are
// matched by that name, so `env[JAVA_OPTS].value` changes rather than `env[19]`. Pure.
import type { ResourceEntry } from "./types";

/** One changed field. `from` absent: the field is new; `to` absent: it is gone. */
export interface FieldChange {
  /** dot path; named list items as `[name]`, others as `[index]` */
  path: string;
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The name of a list item: its `name` (containers, env, ports, volumes) or `metadata.name` (claim templates). */
function nameOf(x: unknown): string | undefined {
  if (!isObject(x)) return undefined;
  if (typeof x.name === "string") return x.name;
  const meta = x.metadata;
  return isObject(meta) && typeof meta.name === "string" ? meta.name : undefined;
}

/** The names of a list's items, when every item has a distinct one. */
function names(list: unknown[]): string[] | undefined {
  const out = list.map(nameOf);
  return out.every((n): n is string => n !== undefined) && new Set(out).size === out.length ? out : undefined;
}

function change(path: string, from: unknown, to: unknown): FieldChange {
  return { path: path || "(value)", ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** Every field that differs between two values, down to the leaves. */
export function fieldChanges(a: unknown, b: unknown, prefix = ""): FieldChange[] {
  if (same(a, b)) return [];
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = names(a);
    const nb = names(b);
    if (na && nb) {
      const out: FieldChange[] = [];
      for (const [i, n] of na.entries()) {
        const j = nb.indexOf(n);
        if (j < 0) out.push(change(`${prefix}[${n}]`, a[i], undefined));
        else out.push(...fieldChanges(a[i], b[j], `${prefix}[${n}]`));
      }
      for (const [j, n] of nb.entries()) if (!na.includes(n)) out.push(change(`${prefix}[${n}]`, undefined, b[j]));
      return out;
    }
    if (a.length === b.length) return a.flatMap((x, i) => fieldChanges(x, b[i], `${prefix}[${i}]`));
    return [change(prefix, a, b)];
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => fieldChanges(a[k], b[k], at(k)));
  }
  return [change(prefix, a, b)];
}

/** A resource's changes: its inputs, then protect, provider and its dependencies (added, removed). */
export function resourceChanges(a: ResourceEntry, b: ResourceEntry): FieldChange[] {
  const out = fieldChanges(a.inputs, b.inputs);
  if (a.protect !== b.protect) out.push(change("protect", a.protect, b.protect));
  if (a.provider !== b.provider) out.push(change("provider", a.provider ?? undefined, b.provider ?? undefined));
  for (const d of a.dependsOn) if (!b.dependsOn.includes(d)) out.push(change("dependsOn", d, undefined));
  for (const d of b.dependsOn) if (!a.dependsOn.includes(d)) out.push(change("dependsOn", undefined, d));
  return out;
}

/** `urn:pulumi:*::digit::a$b::name` -> `name`; other values as short JSON. */
function shown(v: unknown, max: number): string {
  if (v === undefined) return "(none)";
  if (typeof v === "string" && v.startsWith("urn:pulumi:")) return v.slice(v.lastIndexOf("::") + 2);
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** One change as a line: `path: old -> new`. */
export function formatChange(c: FieldChange, max = 80): string {
  if (c.path === "dependsOn") return c.from === undefined ? `dependsOn: + ${shown(c.to, max)}` : `dependsOn: - ${shown(c.from, max)}`;
  return `${c.path}: ${shown(c.from, max)} -> ${shown(c.to, max)}`;
}
