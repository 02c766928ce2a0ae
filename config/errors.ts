import { z } from "zod";
import { RunError } from "@pulumi/pulumi/errors";

/**
 * A stack-config problem. A RunError, so `pulumi preview/up` prints its message alone, never a
 * stack trace; the offline plan does the same.
 */
export class ConfigError extends RunError {
  constructor(public readonly problems: string[]) {
    super(
      `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nFix it in Pulumi.<stack>.yaml or with `pulumi config set` (see README, \"Config reference\").",
    );
    this.name = "ConfigError";
  }
}

/** Field names whose values must never be echoed back, even in an error. */
const sensitiveKeys = new Set(["password", "kubeconfigInline", "dockerConfigJson", "accessKey", "secretKey", "key"]);

export function keyName(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path;
  let out = `digit:${String(head ?? "")}`;
  for (const p of rest) out += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Whether the value at a path must not be shown (it, or something inside it, was encrypted). */
export type HideValue = (path: ReadonlyArray<PropertyKey>) => boolean;

function show(value: unknown, path: ReadonlyArray<PropertyKey>, hide: HideValue): string {
  if (sensitiveKeys.has(String(path[path.length - 1])) || hide(path)) return "[secret]";
  if (value === undefined) return "nothing";
  const s = JSON.stringify(value);
  return s.length > 80 ? s.slice(0, 77) + "..." : s;
}

/** Edit distance (insert, delete, substitute), for "did you mean" on misspelt keys and names. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * The schema at a value's path (wrappers unwrapped, a discriminated union resolved by the value's
 * discriminator), or undefined where the path leaves the schema.
 */
export function schemaAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>, value: unknown): any {
  let s: any = schema;
  let v: any = value;
  const unwrap = () => {
    for (;;) {
      const def = s?._zod?.def;
      if (!def) return;
      if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") s = def.innerType;
      else if (def.type === "pipe") s = def.in;
      else if (def.type === "union" && def.discriminator !== undefined && v && typeof v === "object") {
        const match = def.options.find((o: any) => o._zod.def.shape?.[def.discriminator]?._zod.def.values?.includes(v[def.discriminator]));
        if (!match) return;
        s = match;
      } else return;
    }
  };
  unwrap();
  for (const p of path) {
    const def = s?._zod?.def;
    if (def?.type === "object") s = def.shape[String(p)];
    else if (def?.type === "record") s = def.valueType;
    else if (def?.type === "array") s = def.element;
    else return undefined;
    v = v?.[p as any];
    unwrap();
  }
  return s;
}

/** The keys the object schema at a value's path allows (for "did you mean" and the allowed list). */
function objectKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>, value: unknown): string[] {
  const def = schemaAt(schema, path, value)?._zod?.def;
  if (def?.type === "record" && def.keyType?._zod?.def?.type === "enum") return Object.values(def.keyType._zod.def.entries as Record<string, string>);
  return def?.type === "object" ? Object.keys(def.shape) : [];
}

/**
 * One line per zod issue: the key, what was given, what is allowed. A value `hide` names (an
 * encrypted one) is shown as [secret], whatever its key is called.
 */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, root: unknown, hide: HideValue = () => false): string[] {
  const path = issue.path;
  const key = keyName(path);
  const input = (issue as any).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = objectKeysAt(schema, path, root);
      return issue.keys.map((k) => {
        const where = path.length === 0 ? `digit:${k}` : `${key}.${k}`;
        // `digit:target.kind: x` in a stack file: Pulumi's --path flattening written by hand
        const [head, ...rest] = k.split(".");
        if (rest.length && allowed.includes(head))
          return `${where}: a dotted key; structured values are objects: write digit:${path.length ? `${keyName(path).slice(6)}.` : ""}${head}: { ${rest[0]}: ... } in the stack file, or pulumi config set --path '${where}' <value>`;
        const guess = closest(k, allowed);
        return (
          `${where}: unknown key` +
          (guess ? ` (did you mean "${guess}"?)` : "") +
          `; allowed keys ${path.length === 0 ? "in the digit namespace" : "here"}: ${allowed.join(", ")}`
        );
      });
    }
    case "invalid_union":
      if ((issue as any).discriminator) {
        const d = (issue as any).discriminator as string;
        const where = keyName([...path.slice(0, path[path.length - 1] === d ? -1 : undefined), d]);
        const given = input && typeof input === "object" ? (input as any)[d] : input;
        return [`${where}: got ${show(given, [...path.slice(0, path[path.length - 1] === d ? -1 : undefined), d], hide)}; allowed: ${((issue as any).options as unknown[]).join(" | ")}`];
      }
      return [`${key}: got ${show(input, path, hide)}; ${issue.message}`];
    case "invalid_value":
      return [`${key}: got ${show(input, path, hide)}; allowed: ${issue.values.map((x) => String(x)).join(" | ")}`];
    case "invalid_type":
      if (input === undefined) return [`${key}: is required (expected ${issue.expected})`];
      // a schema's own message (e.g. "quote the version") says more than the type
      if (!issue.message.startsWith("Invalid input")) return [`${key}: got ${show(input, path, hide)}; ${issue.message}`];
      return [`${key}: got ${show(input, path, hide)}; expected ${issue.expected}`];
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? "at least" : "at most";
      const what = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
      return [`${key}: got ${show(input, path, hide)}; expected ${bound} ${String(issue.code === "too_small" ? issue.minimum : issue.maximum)}${what}`];
    }
    default:
      return [`${key}: got ${show(input, path, hide)}; ${issue.message}`];
  }
}
