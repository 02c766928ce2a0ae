/**
 * Which values of the `digit` namespace are encrypted. Pulumi hands a program its config with the
 * secret *keys* only (`PULUMI_CONFIG_SECRET_KEYS`, e.g. `digit:target`: the CLI marks a whole key
 * secret when any value inside it is `secure:`); which *leaves* are encrypted is known from the
 * stack file alone. Paths here are written as in error messages, without the `digit:` prefix:
 * `target.database.password`, `target.storage.staticVolumes[0].size`.
 */

/** Names the stack file when it is not `Pulumi.<stack>.yaml` beside Pulumi.yaml (`pulumi up --config-file`). */
export const stackFileEnv = "DIGIT_STACK_FILE";

/** What a stack file tells: the `digit` keys it sets and the leaf paths it encrypts. */
export interface SecureLeaves {
  /** top-level keys the file sets (without `digit:`) */
  keys: string[];
  /** paths of the `secure:` values below them */
  paths: string[];
}

function isSecure(v: unknown): v is { secure: string } {
  return !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as any).secure === "string";
}

function collect(value: unknown, path: string, out: string[]): void {
  if (isSecure(value)) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, `${path}.${k}`, out);
}

/**
 * The leaves of a stack file's `config:` mapping that are `secure:`, in the namespace given
 * (a bare key belongs to the project, whose name is the namespace here, as in the Pulumi CLI).
 */
export function secureLeaves(config: Record<string, unknown>, namespace = "digit"): SecureLeaves {
  const keys: string[] = [];
  const paths: string[] = [];
  for (const [raw, value] of Object.entries(config ?? {})) {
    const key = raw.includes(":") ? (raw.startsWith(`${namespace}:`) ? raw.slice(namespace.length + 1) : undefined) : raw;
    if (key === undefined) continue;
    keys.push(key);
    collect(value, key, paths);
  }
  return { keys, paths };
}

/** The secret paths of a parse: exact leaves where the stack file told, whole keys where only Pulumi did. */
export function resolveSecretPaths(secretKeys: Iterable<string>, leaves: SecureLeaves | undefined): string[] {
  const known = new Set(leaves?.keys ?? []);
  const out = new Set<string>(leaves?.paths ?? []);
  for (const k of secretKeys) if (!known.has(k)) out.add(k);
  return [...out].sort();
}

/** `a.b` covers `a.b`, `a.b.c` and `a.b[0]`. */
function covers(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}

/** Whether the value at `path` is encrypted (it, or a key holding it, is). */
export function isSecretIn(secretPaths: readonly string[] | undefined, path: string): boolean {
  return (secretPaths ?? []).some((p) => covers(p, path));
}

/** Whether anything at or below `path` is encrypted (an error quoting the value there would leak it). */
export function holdsSecret(secretPaths: readonly string[] | undefined, path: string): boolean {
  return (secretPaths ?? []).some((p) => covers(p, path) || covers(path, p));
}

/** Whether a parsed config's value at `path` was encrypted. */
export function isSecretPath(config: { secretPaths?: readonly string[] }, path: string): boolean {
  return isSecretIn(config.secretPaths, path);
}

/**
 * The offline plan cannot decrypt: it stands `offline-secret-<key path>` in for each `secure:`
 * value (tools/plan/stackfile.ts), and fails if that text ever reaches an output.
 */
export const offlinePrefix = "offline-secret-";

export function offlinePlaceholder(keyPath: string): string {
  return `${offlinePrefix}${keyPath}`;
}

export function isOfflinePlaceholder(v: unknown): v is string {
  return typeof v === "string" && v.startsWith(offlinePrefix);
}

/** The placeholder with only characters a URL keeps as they are (the leak check looks for this too). */
export function offlineToken(placeholder: string): string {
  return placeholder.replace(/[^A-Za-z0-9._~-]/g, "-");
}

/** The token as one DNS label (a proxy address's host), which the leak check looks for too. */
export function offlineHostToken(placeholder: string): string {
  return offlineToken(placeholder).toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/**
 * Offline stand-ins of a placeholder for a field that checks its value's shape: a URL whose
 * credentials are the placeholder's token, so the program can parse it (host, port) while the
 * token stays what the leak check recognises.
 */
export function offlineStandIns(placeholder: string): string[] {
  // a URL with the token as its user; a proxy address (http://host:port, no userinfo) with the token as its host
  return [`https://${offlineToken(placeholder)}@secret.offline.invalid/`, `http://${offlineHostToken(placeholder)}.offline.invalid:3128`];
}
