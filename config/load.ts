import { digitConfigSchema, DigitConfig, TargetConfig } from "./schema";
import { ConfigError, describeIssue, editDistance, keyName, schemaAt } from "./errors";
import { mebibytes } from "../lib/quantity";
import { holdsSecret, isOfflinePlaceholder, isSecretIn, offlineStandIns, resolveSecretPaths, type SecureLeaves } from "./secret-paths";

/** Stack config of the `digit` namespace as key -> value, keys without the `digit:` prefix. */
export interface StackConfigInput {
  values: Record<string, unknown>;
  /** keys (without prefix) that Pulumi marks secret: `pulumi config set --secret` was used for them or inside them */
  secretKeys?: Iterable<string>;
  /**
   * what the stack file says (config/secret-paths.ts secureLeaves): the keys it sets and which of
   * their leaves are `secure:`. Where given, every credential must be encrypted on its own; a key
   * the file does not set (an ESC environment) is judged by `secretKeys` alone.
   */
  secureLeaves?: SecureLeaves;
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

/** Fields that hold credentials: they must come from `pulumi config set --secret`, each on its own. */
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
function semanticProblems(cfg: PlatformConfig, secretPaths: readonly string[]): string[] {
  const problems: string[] = [];
  const secret = (path: string) => isSecretIn(secretPaths, path);
  for (const { key, path } of sensitivePaths) {
    const v = dig((cfg as any)[key], path);
    const dotted = `${key}.${path.join(".")}`;
    if (v !== undefined && !secret(dotted)) {
      const full = `digit:${dotted}`;
      problems.push(`${full}: given in plain text; store it encrypted: pulumi config set --secret --path '${full}' <value>`);
    }
  }
  for (const [svc, o] of Object.entries(cfg.services))
    for (const key of Object.keys(o.secrets ?? {}))
      if (!secret(`services.${svc}.secrets.${key}`))
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
  problems.push(...heapProblems(cfg), ...plaintextProblems(cfg));
  return problems;
}

/** JVM heap in MiB from `384m` / `2g`. */
export function heapMiBOf(h: string): number {
  const n = Number(h.slice(0, -1));
  return h.endsWith("g") ? n * 1024 : n;
}

/**
 * A JVM needs room beside its heap (metaspace, threads, buffers): a heap above this share of the
 * container's memory gets the pod killed for memory. Elasticsearch wants half (page cache).
 */
export const maxHeapShare = { service: 0.8, elasticsearch: 0.75 } as const;

export function heapProblem(key: string, heap: string, memoryMiB: number, share: number, memoryKey: string): string | undefined {
  const h = heapMiBOf(heap);
  if (h <= memoryMiB * share) return undefined;
  return `${key}: ${h} MiB of JVM heap in a ${Math.round(memoryMiB)} MiB container leaves no room for the JVM's own memory: keep the heap at most ${Math.round(share * 100)}% of it (${Math.floor(memoryMiB * share)} MiB), or raise ${memoryKey}`;
}

function heapProblems(cfg: PlatformConfig): string[] {
  const out: string[] = [];
  for (const [svc, o] of Object.entries(cfg.services))
    if (o.heap && o.resources?.memory) {
      const p = heapProblem(`digit:services.${svc}.heap`, o.heap, mebibytes(o.resources.memory), maxHeapShare.service, `digit:services.${svc}.resources.memory`);
      if (p) out.push(p);
    }
  const es = cfg.backbone.elasticsearch;
  if (es?.heap && es.resources?.memory) {
    const p = heapProblem("digit:backbone.elasticsearch.heap", es.heap, mebibytes(es.resources.memory), maxHeapShare.elasticsearch, "digit:backbone.elasticsearch.resources.memory");
    if (p) out.push(p);
  }
  return out;
}

/** ha carries citizens' data for real: plaintext at the edge or to the database only on purpose. */
function plaintextProblems(cfg: PlatformConfig): string[] {
  if (cfg.profile !== "ha") return [];
  const allowed = new Set(cfg.security.allowPlaintext ?? []);
  const out: string[] = [];
  if (cfg.edge.tls?.mode === "none" && !allowed.has("edge"))
    out.push(
      "digit:edge.tls.mode: none on the ha profile serves citizens' data in plain HTTP: use acme or provided, or allow it on purpose with digit:security.allowPlaintext: [edge] (e.g. TLS ends at the state's own load balancer)",
    );
  const t = cfg.target;
  if ((t?.kind === "sdc" || t?.kind === "nic") && t.database?.mode === "external" && t.database.sslMode === "disable" && !allowed.has("database"))
    out.push(
      "digit:target.database.sslMode: disable on the ha profile sends passwords and citizens' data to the database unencrypted: use require or verify-full, or allow it on purpose with digit:security.allowPlaintext: [database]",
    );
  return out;
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
  const schema = options.ownTarget ? ownTargetSchema : digitConfigSchema;
  const secretPaths = resolveSecretPaths(input.secretKeys ?? [], input.secureLeaves);
  const { root, unknown } = withOfflineStandIns(input.values, secretPaths);
  const result = schema.safeParse(root, { reportInput: true });
  if (!result.success) {
    const hide = (path: ReadonlyArray<PropertyKey>) => holdsSecret(secretPaths, keyName(path).slice("digit:".length));
    const issues = result.error.issues.filter((i) => !unknown.has(keyName(i.path)));
    const lines = issues.flatMap((i) => describeIssue(i, schema, root, hide));
    if (lines.length) throw new ConfigError([...new Set(lines)]);
  }
  const data: PlatformConfig = result.success ? result.data : parseWithout(schema, root, unknown);
  const problems = semanticProblems(data, secretPaths);
  if (problems.length) throw new ConfigError(problems);
  return Object.assign(data, { secretPaths }) as DigitConfig | PlatformConfig;
}

/** The value at a path of `keyName` form (`a.b[0].c`, without `digit:`). */
function pathSegments(path: string): Array<string | number> {
  return path.split(/\.|(?=\[)/).map((p): string | number => (p.startsWith("[") ? Number(p.slice(1, -1)) : p));
}

/**
 * The offline plan's placeholders in the shape their field checks for (a URL, a git URL), so the
 * program plans with them as it would with the decrypted value. A placeholder no stand-in fits is
 * kept and its field left unchecked (`unknown`): only a real preview can check an encrypted value.
 */
function withOfflineStandIns(values: Record<string, unknown>, secretPaths: readonly string[]): { root: Record<string, unknown>; unknown: Set<string> } {
  const unknown = new Set<string>();
  let root = values;
  for (const p of secretPaths) {
    const segs = pathSegments(p);
    const value = segs.reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), root);
    if (!isOfflinePlaceholder(value)) continue;
    const leaf = schemaAt(digitConfigSchema, segs, root);
    if (!leaf || leaf.safeParse("any text").success) continue;
    const fit = offlineStandIns(value).find((v) => leaf.safeParse(v).success);
    if (fit) root = setAt(root, segs, fit);
    else if (!leaf.safeParse(value).success) unknown.add(keyName(segs));
  }
  return { root, unknown };
}

function setAt(obj: any, segs: Array<string | number>, value: unknown): any {
  if (!segs.length) return value;
  const [head, ...rest] = segs;
  const copy = Array.isArray(obj) ? [...obj] : { ...obj };
  copy[head] = setAt(obj?.[head], rest, value);
  return copy;
}

/** The config with the values only a real preview can check left out (offline plan). */
function parseWithout(schema: typeof digitConfigSchema | typeof ownTargetSchema, root: Record<string, unknown>, unknown: Set<string>): PlatformConfig {
  const r = schema.safeParse(dropUnknown(root, unknown));
  if (r.success) return r.data;
  throw new ConfigError([...unknown].map((k) => `${k}: encrypted, and the offline plan cannot stand a value of its shape in; plan it with \`pulumi preview\``));
}

/** Unknown values (see withOfflineStandIns) left out, so their defaults or absence stand in. */
function dropUnknown(root: Record<string, unknown>, unknown: Set<string>): Record<string, unknown> {
  let out = root;
  for (const key of unknown) {
    const segs = pathSegments(key.slice("digit:".length));
    out = setAt(out, segs, undefined);
  }
  return out;
}

/**
 * Turn Pulumi's flat config map (`digit:target` -> JSON text) into the namespace object.
 * Other namespaces (kubernetes:, aws:, ...) are left to their providers.
 */
export function digitNamespace(all: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const typos: string[] = [];
  for (const [k, raw] of Object.entries(all)) {
    const ns = k.split(":")[0];
    // `digt:target` is silently another namespace to Pulumi: say so instead of "digit:target is required"
    if (ns !== "digit" && ns.length >= 3 && editDistance(ns.toLowerCase(), "digit") <= 2 && !knownNamespaces.has(ns))
      typos.push(`${k}: not in the digit namespace (did you mean digit:${k.slice(ns.length + 1)}?); rename the key in the stack file`);
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
  if (typos.length) throw new ConfigError(typos);
  return out;
}

/** Provider namespaces a stack file legitimately holds next to digit (never reported as typos). */
const knownNamespaces = new Set(["aws", "azure", "azure-native", "gcp", "kubernetes", "random", "pulumi", "tls"]);
