import { SECRET_TEXT } from "./resources";
import type { PlanResource } from "./types";

/** A value known to be secret (a config placeholder, a generated secret) and how to name it. */
export interface SecretValue {
  value: string;
  /** how the secret is known, never the value itself: e.g. "config digit:apiToken" */
  what: string;
}

export interface Leak {
  /** the resource (URN) or output the value was found in */
  where: string;
  what: string;
}

function longestFirst(secrets: readonly SecretValue[]): SecretValue[] {
  return secrets.filter((s) => s.value).sort((a, b) => b.value.length - a.value.length);
}

/** The text with every known secret value replaced by "[secret]", and which ones were found. */
export function redact(text: string, secrets: readonly SecretValue[]): { text: string; found: string[] } {
  let out = text;
  const found: string[] = [];
  // Longest first, so a value containing another is replaced whole.
  for (const s of longestFirst(secrets)) {
    if (!out.includes(s.value)) continue;
    found.push(s.what);
    out = out.split(s.value).join(SECRET_TEXT);
  }
  return { text: out, found };
}

function redactValue(v: unknown, secrets: readonly SecretValue[], found: Set<string>): unknown {
  if (typeof v === "string") {
    const r = redact(v, secrets);
    r.found.forEach((w) => found.add(w));
    return r.text;
  }
  if (Array.isArray(v)) return v.map((x) => redactValue(x, secrets, found));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x, secrets, found)]));
  return v;
}

/**
 * Secret values that reached resource inputs in plain text (the program read a secret as plain
 * config, or unwrapped one): replaced by "[secret]" in the data, and reported per resource.
 */
export function redactResources(resources: readonly PlanResource[], secrets: readonly SecretValue[]): { resources: PlanResource[]; leaks: Leak[] } {
  const leaks: Leak[] = [];
  const out = resources.map((r) => {
    const found = new Set<string>();
    const inputs = redactValue(r.inputs, secrets, found) as Record<string, unknown>;
    for (const what of found) leaks.push({ where: r.urn, what });
    return found.size ? { ...r, inputs } : r;
  });
  return { resources: out, leaks };
}
