import { z } from "zod";
import { digitConfigSchema } from "./schema";

/** JSON Schema of the `digit` namespace (keys without prefix), from the one zod schema. */
export function digitJsonSchema(): Record<string, any> {
  return z.toJSONSchema(digitConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, any>;
}

/**
 * JSON Schema of a whole stack file (Pulumi.<stack>.yaml): `digit:<key>` entries checked, other
 * namespaces (aws:, kubernetes:, ...) left open. Editors use it through the yaml-language-server.
 */
export function stackFileJsonSchema(): Record<string, any> {
  const ns = digitJsonSchema();
  const properties: Record<string, any> = {};
  for (const [k, v] of Object.entries<any>(ns.properties ?? {})) properties[`digit:${k}`] = allowEncrypted(v);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Pulumi stack file of the digit project",
    type: "object",
    properties: {
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
      encryptionsalt: { type: "string" },
      environment: {},
      config: {
        type: "object",
        properties,
        required: (ns.required ?? []).map((k: string) => `digit:${k}`),
        patternProperties: { "^(?!digit:)[A-Za-z0-9_-]+:": {} },
        additionalProperties: false,
      },
    },
    ...(ns.$defs ? { $defs: ns.$defs } : {}),
  };
}

/** What `pulumi config set --secret` writes in place of a string: `{ secure: <ciphertext> }`. */
const encrypted = { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false };

/** Every string in a stack file may be stored encrypted: accept `{ secure: ... }` wherever a string goes. */
function allowEncrypted(node: any): any {
  if (Array.isArray(node)) return node.map(allowEncrypted);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries<any>(node)) {
    if (k === "properties" || k === "patternProperties" || k === "$defs") out[k] = Object.fromEntries(Object.entries<any>(v).map(([p, s]) => [p, allowEncrypted(s)]));
    else if (k === "items" || k === "additionalProperties" || k === "oneOf" || k === "anyOf" || k === "allOf") out[k] = allowEncrypted(v);
    else out[k] = v;
  }
  if (out.type === "string" && out.const === undefined && !out.enum) {
    const { description, default: dflt, ...rest } = out;
    return { ...(description ? { description } : {}), ...(dflt !== undefined ? { default: dflt } : {}), anyOf: [rest, encrypted] };
  }
  return out;
}

/** Pulumi.yaml's `config:` section: Pulumi checks the simple types itself; objects get their description. */
export function projectConfigSection(): Record<string, any> {
  const ns = digitJsonSchema();
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries<any>(ns.properties ?? {})) {
    const entry: Record<string, any> = {};
    if (v.description) entry.description = v.description;
    if (v.type === "string") entry.type = "string";
    if (v.type === "array") {
      entry.type = "array";
      entry.items = { type: "string" };
    }
    // A declared key without a default is required by Pulumi itself; optional keys carry theirs.
    if (v.default !== undefined) entry.default = v.default;
    out[`digit:${k}`] = entry;
  }
  return out;
}
