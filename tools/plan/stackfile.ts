import * as YAML from "yaml";
import { offlinePlaceholder } from "../../config/secret-paths";

/** Config as the Pulumi CLI hands it to a program: flat `namespace:key` -> string, plus the secret keys. */
export interface PlanConfig {
  /** `namespace:key` -> value; structured values are JSON text, as Pulumi passes them */
  values: Record<string, string>;
  /** keys holding a `secure:` value at any depth (Pulumi marks the whole key secret) */
  secretKeys: string[];
  /** the placeholder strings that stand in for `secure:` values (the plan cannot decrypt) */
  placeholders: string[];
}

/** What stands in for an encrypted value: deterministic, and recognisable if it ever leaks. */
export function placeholderFor(keyPath: string): string {
  return offlinePlaceholder(keyPath);
}

function isSecure(v: unknown): v is { secure: string } {
  return !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as any).secure === "string";
}

/** A bare key belongs to the project's namespace, as in the Pulumi CLI. */
function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Replace every `secure:` value with its placeholder; report whether any was found. */
function unseal(value: unknown, path: string, placeholders: string[]): { value: unknown; secret: boolean } {
  if (isSecure(value)) {
    const p = placeholderFor(path);
    placeholders.push(p);
    return { value: p, secret: true };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const out = value.map((item, i) => {
      const r = unseal(item, `${path}[${i}]`, placeholders);
      secret ||= r.secret;
      return r.value;
    });
    return { value: out, secret };
  }
  if (value && typeof value === "object") {
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = unseal(v, `${path}.${k}`, placeholders);
      secret ||= r.secret;
      out[k] = r.value;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** Pulumi passes scalars as their text and objects/arrays as JSON text. */
function asConfigText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function parseYaml(text: string, what: string): any {
  try {
    return YAML.parse(text) ?? {};
  } catch (e) {
    throw new Error(`${what} is not valid YAML (${(e as Error).message.split("\n")[0]}): fix the file`);
  }
}

/** Defaults a project file (Pulumi.yaml) declares under `config:` (`key: value` or `key: { default | value }`). */
export function projectDefaults(projectYaml: string | undefined, project: string): Record<string, unknown> {
  if (!projectYaml) return {};
  const doc = parseYaml(projectYaml, "Pulumi.yaml");
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(doc.config ?? {})) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      if ("value" in v) out[qualify(k, project)] = v.value;
      else if ("default" in v) out[qualify(k, project)] = v.default;
    } else out[qualify(k, project)] = v;
  }
  return out;
}

/** The project name a Pulumi.yaml declares (`name:`), or the fallback. */
export function projectName(projectYaml: string | undefined, fallback: string): string {
  if (!projectYaml) return fallback;
  const name = parseYaml(projectYaml, "Pulumi.yaml").name;
  return typeof name === "string" && name ? name : fallback;
}

/**
 * A stack file's `config:` map (plus the project's defaults) as Pulumi would hand it to the
 * program, with each `secure:` value replaced by a placeholder and its key marked secret.
 */
export function stackConfig(stackYaml: string, opts: { project: string; defaults?: Record<string, unknown>; file?: string }): PlanConfig {
  const doc = parseYaml(stackYaml, opts.file ?? "the stack file");
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${opts.file ?? "the stack file"}: expected a YAML mapping with a config: section`);
  const raw = doc.config ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${opts.file ?? "the stack file"}: config: must be a mapping of key: value`);
  const merged: Record<string, unknown> = { ...(opts.defaults ?? {}) };
  for (const [k, v] of Object.entries(raw)) merged[qualify(k, opts.project)] = v;

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const placeholders: string[] = [];
  for (const key of Object.keys(merged).sort()) {
    const r = unseal(merged[key], key, placeholders);
    values[key] = asConfigText(r.value);
    if (r.secret) secretKeys.push(key);
  }
  return { values, secretKeys, placeholders };
}
