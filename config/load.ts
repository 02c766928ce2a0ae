import { digitConfigSchema, DigitConfig, TargetConfig } from "./schema";
import { ConfigError, describeIssue } from "./errors";

/** Stack config of the `digit` namespace as key -> value, keys without the `digit:` prefix. */
export interface StackConfigInput {
  values: Record<string, unknown>;
  /** keys (without prefix) that Pulumi marks secret: `pulumi config set --secret` was used for them or inside them */
  secretKeys?: Iterable<string>;
}

/**
 * The config of a program that brings its own Target (an integrator's): `digit:target` may be
 * absent, and is then not read. `DigitPlatform` takes this or a full DigitConfig.
 */
export type PlatformConfig = Omit<DigitConfig, "target"> & { target?: TargetConfig };

export interface ParseOptions {
  /**
   * true: the program passes its own Target to DigitPlatform, so `digit:target` may be left out
   * (when given, it is still validated); default false: `digit:target` is required.
   */
  ownTarget?: boolean;
}

/** Fields that hold credentials: they must come from `pulumi config set --secret`. */
const sensitivePaths: Array<{ key: string; path: string[] }> = [
  { key: "target", path: ["database", "password"] },
  { key: "target", path: ["kubeconfigInline"] },
  { key: "target", path: ["registry", "dockerConfigJson"] },
  { key: "target", path: ["objectStore", "accessKey"] },
  { key: "target", path: ["objectStore", "secretKey"] },
  { key: "target", path: ["proxy", "password"] },
  { key: "edge", path: ["tls", "key"] },
  { key: "operations", path: ["alerting", "smtp", "password"] },
  { key: "configRepos", path: ["mdms", "token"] },
  { key: "configRepos", path: ["configs", "token"] },
];

function dig(obj: unknown, path: string[]): unknown {
  return path.reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

/** Cross-field rules the schema alone cannot express. Returns problem lines. */
function semanticProblems(cfg: PlatformConfig, secretKeys: Set<string>): string[] {
  const problems: string[] = [];
  for (const { key, path } of sensitivePaths) {
    const v = dig((cfg as any)[key], path);
    if (v !== undefined && !secretKeys.has(key)) {
      const full = `digit:${key}.${path.join(".")}`;
      problems.push(`${full}: given in plain text; store it encrypted: pulumi config set --secret --path '${full}' <value>`);
    }
  }
  for (const [svc, o] of Object.entries(cfg.services))
    for (const key of Object.keys(o.secrets ?? {}))
      if (!secretKeys.has("services"))
        problems.push(
          `digit:services.${svc}.secrets.${key}: given in plain text; store it encrypted: pulumi config set --secret --path 'digit:services.${svc}.secrets.${key}' <value>`,
        );
  const t = cfg.target;
  if (t?.kind === "sdc" || t?.kind === "nic") {
    if (t.kubeconfig && t.kubeconfigInline)
      problems.push(`digit:target: both kubeconfig (a path) and kubeconfigInline are given; keep one`);
    if (t.kind === "nic" && !t.kubeconfig && !t.kubeconfigInline)
      problems.push(`digit:target: the nic target needs the kubeconfig NIC issued for the tenancy: set kubeconfig (a file path) or kubeconfigInline (--secret)`);
    if (t.kind === "nic" && !t.registry?.mirror)
      problems.push(
        `digit:target.registry.mirror: the nic target needs a registry mirror (NIC clusters cannot pull from Docker Hub): set it, e.g. registry.nic.example/egovio`,
      );
    if (t.kind === "sdc" && !t.kubeconfig && !t.kubeconfigInline && !t.context)
      problems.push(
        `digit:target: the sdc target needs a cluster: set kubeconfig (a file path), kubeconfigInline (--secret) or context (a context of the default kubeconfig)`,
      );
    if (t.registry?.pullSecret && t.registry?.dockerConfigJson)
      problems.push(`digit:target.registry: both pullSecret and dockerConfigJson are given; keep one`);
    if (t.exposure?.mode === "LoadBalancer" && t.exposure.internal)
      problems.push(
        `digit:target.exposure.internal: the ${t.kind} target's load balancers are the state's own (MetalLB, an appliance); set its address with loadBalancerIP or its annotations instead`,
      );
    const vols = t.storage?.staticVolumes ?? [];
    const seen = new Map<string, number>();
    vols.forEach((v, i) => {
      if (seen.has(v.for)) problems.push(`digit:target.storage.staticVolumes[${i}].for: "${v.for}" is already bound by staticVolumes[${seen.get(v.for)}]; each claim binds one volume`);
      seen.set(v.for, i);
    });
    const names = new Set<string>();
    vols.forEach((v, i) => {
      if (names.has(v.volumeName)) problems.push(`digit:target.storage.staticVolumes[${i}].volumeName: "${v.volumeName}" is listed twice`);
      names.add(v.volumeName);
    });
  }
  if ((t?.kind === "aws" || t?.kind === "azure" || t?.kind === "gcp") && t.nodes) {
    const { min, desired, max } = t.nodes;
    if (min !== undefined && max !== undefined && min > max) problems.push(`digit:target.nodes: min (${min}) is larger than max (${max})`);
    if (desired !== undefined && max !== undefined && desired > max) problems.push(`digit:target.nodes: desired (${desired}) is larger than max (${max})`);
    if (desired !== undefined && min !== undefined && desired < min) problems.push(`digit:target.nodes: desired (${desired}) is smaller than min (${min})`);
  }
  if (new Set(cfg.modules).size !== cfg.modules.length) problems.push(`digit:modules: a module is listed twice: ${JSON.stringify(cfg.modules)}`);
  return problems;
}

/** The schema with `target` optional, for programs that bring their own Target. */
const ownTargetSchema = digitConfigSchema.extend({ target: digitConfigSchema.shape.target.optional() });

/**
 * Validate the `digit` namespace. Throws ConfigError listing every problem (key, value given,
 * what is allowed); returns the typed config with schema defaults filled in. With
 * `{ ownTarget: true }` a missing `digit:target` is no problem (the program passes its own Target).
 */
export function parseDigitConfig(input: StackConfigInput): DigitConfig;
export function parseDigitConfig(input: StackConfigInput, options: ParseOptions & { ownTarget: true }): PlatformConfig;
export function parseDigitConfig(input: StackConfigInput, options?: ParseOptions): DigitConfig | PlatformConfig;
export function parseDigitConfig(input: StackConfigInput, options: ParseOptions = {}): DigitConfig | PlatformConfig {
  const root = input.values;
  const schema = options.ownTarget ? ownTargetSchema : digitConfigSchema;
  const result = schema.safeParse(root, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.flatMap((i) => describeIssue(i, schema, root));
    throw new ConfigError([...new Set(lines)]);
  }
  const problems = semanticProblems(result.data, new Set(input.secretKeys ?? []));
  if (problems.length) throw new ConfigError(problems);
  return result.data;
}

/**
 * Turn Pulumi's flat config map (`digit:target` -> JSON text) into the namespace object.
 * Other namespaces (kubernetes:, aws:, ...) are left to their providers.
 */
export function digitNamespace(all: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(all)) {
    if (!k.startsWith("digit:")) continue;
    const key = k.slice("digit:".length);
    const text = raw.trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        out[key] = JSON.parse(text);
      } catch {
        throw new ConfigError([`${k}: is not valid structured config (${text.slice(0, 40)}...); write it as a YAML object in the stack file`]);
      }
    } else out[key] = raw;
  }
  return out;
}
