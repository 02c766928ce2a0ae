import { z } from "zod";
import { RunError } from "@pulumi/pulumi/errors";
import { moduleRenameHint, renamedModules } from "./modules";

/**
 * A stack-config problem. A RunError, so `pulumi preview/up` prints its message alone, never a
 * stack trace; the offline plan does the same.
 */
export class ConfigError extends RunError {
  /**
   * @param problems one line per problem: the key, what was given, what is allowed
   * @param stackFile the stack file the config came from, named in the message; default `Pulumi.<stack>.yaml`
   */
  constructor(
    public readonly problems: string[],
    public readonly stackFile?: string,
  ) {
    super(configErrorMessage(problems, stackFile));
    this.name = "ConfigError";
  }
}

/** The message of a ConfigError: every problem, then where to fix them (the stack file read, when known). */
export function configErrorMessage(problems: readonly string[], stackFile = "Pulumi.<stack>.yaml"): string {
  return (
    `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
    problems.map((p) => `  - ${p}`).join("\n") +
    `\nFix it in ${stackFile} or with \`pulumi config set\` (every key: docs/config-reference.md of digit-pulumi).`
  );
}

/** Field names whose values must never be echoed back, even in an error. */
const sensitiveKeys = new Set(["password", "kubeconfigInline", "dockerConfigJson", "accessKey", "secretKey", "key", "token"]);

export function keyName(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path;
  let out = `digit:${String(head ?? "")}`;
  for (const p of rest) out += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Whether the value at a path must not be shown (it, or something inside it, was encrypted). */
export type HideValue = (path: ReadonlyArray<PropertyKey>) => boolean;

function show(value: unknown, path: ReadonlyArray<PropertyKey>, hide: HideValue): string {
  if (value === undefined) return "nothing";
  if (sensitiveKeys.has(String(path[path.length - 1])) || hide(path)) return "[secret]";
  // A URL's userinfo (user:password@) is never echoed.
  const s = JSON.stringify(value).replace(/(:\/\/)[^/@"\s]*@/g, "$1[secret]@");
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

/** The candidate a misspelt word most likely means, or undefined when none is close. */
export function closestName(word: string, candidates: string[]): string | undefined {
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
        const head = k.split(".")[0];
        // `digit:target.kind: sdc` in a stack file is one flat key, not target's field kind.
        if (path.length === 0 && k.includes(".") && allowed.includes(head)) {
          const rest = k.slice(head.length + 1).split(".");
          const given = (root as Record<string, unknown> | undefined)?.[k];
          const leaf = typeof given === "string" || typeof given === "number" || typeof given === "boolean" ? (sensitiveKeys.has(rest[rest.length - 1]) || hide([k]) ? "<value>" : String(given)) : "<value>";
          const nested = rest.reduceRight((inner, part) => `{${part}: ${inner}}`, leaf);
          return (
            `${where}: unknown key; a dotted key does not nest in a stack file: write digit:${head}: ${nested} (a YAML object), ` +
            `or set it with pulumi config set --path '${where}' <value>`
          );
        }
        const guess = closestName(k, allowed);
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
    case "invalid_value": {
      const allowed = issue.values.map((x) => String(x));
      const renamed = path[0] === "modules" && typeof input === "string" ? moduleRenameHint(input) : undefined;
      const guess = typeof input === "string" && !renamed ? closestName(input, allowed) : undefined;
      const hint = renamed ? ` (${renamed})` : guess ? ` (did you mean "${guess}"?)` : "";
      return [`${key}: got ${show(input, path, hide)}${hint}; allowed: ${allowed.join(" | ")}`];
    }
    case "invalid_type":
      if (input === undefined) return [`${key}: is required (expected ${issue.expected})`];
      // `digit:modules: core` is one string; YAML writes a list as [a, b] or one `- item` per line.
      if (issue.expected === "array")
      {
        if (typeof input !== "string" || sensitiveKeys.has(String(path[path.length - 1]))) return [`${key}: got ${show(input, path, hide)}; expected a list, e.g. [a, b]`];
        // a DIGIT 2.9 module name in the one string is written as its LTS module straight away
        const items = input.split(/[\s,]+/).filter(Boolean);
        const written = key === "digit:modules" ? [...new Set(items.map((m) => renamedModules[m] ?? m))] : items;
        return [`${key}: got ${show(input, path, hide)}; expected a list: write ${key}: [${written.join(", ")}]`];
      }
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
