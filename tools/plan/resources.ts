import type { PlanResource, Registration, ResourceEntry } from "./types";

/** Pulumi's wire signatures (runtime/rpc.ts): how serialized inputs mark secrets, resources, assets. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET_TEXT = "[secret]";

/**
 * A secret as printed: a map (a Secret's `stringData`, a config object) keeps its keys, each value
 * "[secret]", so a reviewer sees which keys it holds; anything else is "[secret]" whole.
 */
function maskedSecret(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return SECRET_TEXT;
  const obj = value as Record<string, unknown>;
  // A wrapped value inside (a secret of a secret, an output): mask by what it holds.
  if (obj[SIG_KEY] === SECRET_SIG) return maskedSecret(obj.value);
  if (obj[SIG_KEY] === OUTPUT_SIG) return "value" in obj ? maskedSecret(obj.value) : SECRET_TEXT;
  if (obj[SIG_KEY] !== undefined) return SECRET_TEXT;
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, SECRET_TEXT]));
}

/**
 * Serialized inputs to plain, printable data: secrets become "[secret]" (a secret map keeps its
 * keys), resource references their URN, unknowns "[unknown]"; object keys sorted so every run
 * prints the same bytes.
 */
export function plainInputs(value: unknown): unknown {
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map(plainInputs);
  if (value && typeof value === "object") {
    const obj = value as Record<string, any>;
    switch (obj[SIG_KEY]) {
      case SECRET_SIG:
        return maskedSecret(obj.value);
      case RESOURCE_SIG:
        return obj.urn;
      case ASSET_SIG:
        return `[asset ${obj.path ?? obj.uri ?? "text"}]`;
      case ARCHIVE_SIG:
        return `[archive ${obj.path ?? obj.uri ?? "assets"}]`;
      case OUTPUT_SIG:
        return obj.secret ? ("value" in obj ? maskedSecret(obj.value) : SECRET_TEXT) : "value" in obj ? plainInputs(obj.value) : "[unknown]";
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) out[k] = plainInputs(obj[k]);
    return out;
  }
  return value;
}

/** `<urn>::<id>` -> `<urn>` (a URN itself contains `::`, the id is the last segment). */
export function providerUrn(ref: string | null | undefined): string | null {
  if (!ref) return null;
  const i = ref.lastIndexOf("::");
  return i > 0 && ref.slice(0, i).startsWith("urn:pulumi:") ? ref.slice(0, i) : ref;
}

/** Registrations -> plan resources: dependencies merged (explicit and from inputs), inputs made printable. */
export function toPlanResources(registrations: readonly Registration[]): PlanResource[] {
  return registrations.map((r) => {
    const deps = new Set(r.dependencies);
    for (const urns of Object.values(r.propertyDependencies)) for (const u of urns) deps.add(u);
    deps.delete(r.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent || null,
      dependsOn: [...deps].sort(),
      provider: providerUrn(r.provider),
      protect: r.protect,
      inputs: plainInputs(r.inputs ?? {}) as Record<string, unknown>,
      custom: r.custom,
      remote: r.remote,
      retainOnDelete: r.retainOnDelete,
    };
  });
}

/** Exactly the contract's fields, in the contract's order. */
export function toEntry(r: PlanResource): ResourceEntry {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    dependsOn: r.dependsOn,
    provider: r.provider,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    inputs: r.inputs,
  };
}

/** The text of resources.json. */
export function resourcesJson(resources: readonly PlanResource[]): string {
  return JSON.stringify(resources.map(toEntry), null, 2) + "\n";
}
