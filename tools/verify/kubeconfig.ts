/**
 * A kubeconfig read the way client-go reads it (k8s.io/client-go/tools/clientcmd: loader.go,
 * api/v1/types.go), so the post-deploy check reaches the cluster exactly as kubectl would, without
 * kubectl: KUBECONFIG merging (the first file to name a cluster, user or context wins), paths
 * resolved against the file that names them, the exec command only when it holds a path
 * separator, certificate-authority(-data), insecure-skip-tls-verify, tls-server-name, bearer
 * tokens (token / tokenFile), client certificates (-data or files) and exec credential plugins.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

/** A kubeconfig that cannot be used, with what to do. Bad input: the CLI exits 2 on it. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KubeconfigError";
  }
}

/** The exec credential plugin of a user (users[].user.exec), defaults applied as client-go does. */
export interface ExecPlugin {
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  /** client.authentication.k8s.io/v1 or v1beta1: the ExecCredential version spoken */
  apiVersion: string;
  interactiveMode: "Never" | "IfAvailable" | "Always";
  installHint?: string;
  provideClusterInfo: boolean;
}

/** What an exec plugin with provideClusterInfo gets in KUBERNETES_EXEC_INFO (ExecCredential spec.cluster). */
export interface ExecClusterInfo {
  server: string;
  "tls-server-name"?: string;
  "insecure-skip-tls-verify"?: boolean;
  /** base64 of the PEM, as Go marshals []byte */
  "certificate-authority-data"?: string;
  "proxy-url"?: string;
  /** the cluster's extension client.authentication.k8s.io/exec */
  config?: unknown;
}

/** Everything needed to talk to the API server of one context. Key material is PEM text. */
export interface ClusterAccess {
  context: string;
  cluster: string;
  user: string;
  /** the context's default namespace (unused by the check, reported) */
  namespace?: string;
  /** e.g. https://10.0.0.1:6443 or https://rancher.example/k8s/clusters/c-x (path kept) */
  server: string;
  /** PEM of the CA bundle; undefined: the system's roots */
  ca?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  clientCert?: { cert: string; key: string };
  token?: string;
  /** a file holding the token, re-read when the server answers 401 (projected tokens rotate) */
  tokenFile?: string;
  exec?: ExecPlugin;
  execCluster?: ExecClusterInfo;
  /** the files the config was read from, for messages */
  files: string[];
}

/** One kubeconfig file's text and where it was read from (relative paths resolve against its directory). */
export interface KubeconfigFile {
  path: string;
  text: string;
}

const execApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];
const interactiveModes = ["Never", "IfAvailable", "Always"] as const;

/** `~` and `~/x` as a shell would expand them (stack files and flags carry them; kubeconfig fields do not). */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === "~") return home;
  if (p.startsWith("~/") || p.startsWith("~\\")) return path.join(home, p.slice(2));
  return p;
}

/**
 * Which kubeconfig files to read, as kubectl chooses: an explicit path (must exist), else every
 * file of KUBECONFIG (missing ones skipped), else ~/.kube/config.
 */
export function kubeconfigPaths(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): { paths: string[]; explicit: boolean } {
  if (explicit) return { paths: [path.resolve(expandHome(explicit, home))], explicit: true };
  const list = (env.KUBECONFIG ?? "").split(path.delimiter).filter(Boolean);
  if (list.length) return { paths: list.map((p) => path.resolve(expandHome(p, home))), explicit: false };
  return { paths: [path.join(home, ".kube", "config")], explicit: false };
}

/** Read the files kubeconfigPaths chose; an explicit file must exist, listed ones may be missing. */
export function readKubeconfigFiles(choice: { paths: string[]; explicit: boolean }): KubeconfigFile[] {
  const files: KubeconfigFile[] = [];
  for (const p of choice.paths) {
    let text: string;
    try {
      text = fs.readFileSync(p, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && !choice.explicit && choice.paths.length > 1) continue;
      throw new KubeconfigError(
        code === "ENOENT"
          ? `kubeconfig ${p} does not exist: pass --kubeconfig <path> (or set KUBECONFIG)`
          : `kubeconfig ${p} cannot be read (${code ?? (e as Error).message})`,
      );
    }
    files.push({ path: p, text });
  }
  if (!files.length) throw new KubeconfigError(`none of the kubeconfig files in KUBECONFIG exist (${choice.paths.join(", ")}): pass --kubeconfig <path>`);
  return files;
}

interface Named<T> {
  name: string;
  value: T;
  file: string;
}

function asObject(v: unknown, where: string): Record<string, any> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new KubeconfigError(`${where}: expected a mapping`);
  return v as Record<string, any>;
}

/** clusters/users/contexts of every file, first definition of a name winning (client-go's merge rule). */
function merge(files: KubeconfigFile[]) {
  const clusters = new Map<string, Named<Record<string, any>>>();
  const users = new Map<string, Named<Record<string, any>>>();
  const contexts = new Map<string, Named<Record<string, any>>>();
  let current: string | undefined;
  for (const f of files) {
    let doc: unknown;
    try {
      doc = YAML.parse(f.text);
    } catch (e) {
      throw new KubeconfigError(`kubeconfig ${f.path} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    if (doc === null || doc === undefined) continue;
    const root = asObject(doc, `kubeconfig ${f.path}`);
    if (root.kind !== undefined && root.kind !== "Config") throw new KubeconfigError(`kubeconfig ${f.path}: kind is "${root.kind}", not Config`);
    const add = (list: unknown, key: string, into: Map<string, Named<Record<string, any>>>) => {
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) throw new KubeconfigError(`kubeconfig ${f.path}: ${key}s must be a list`);
      for (const [i, item] of list.entries()) {
        const entry = asObject(item, `kubeconfig ${f.path}: ${key}s[${i}]`);
        if (typeof entry.name !== "string" || !entry.name) throw new KubeconfigError(`kubeconfig ${f.path}: ${key}s[${i}] has no name`);
        if (!into.has(entry.name)) into.set(entry.name, { name: entry.name, value: asObject(entry[key], `kubeconfig ${f.path}: ${key}s[${i}].${key}`), file: f.path });
      }
    };
    add(root.clusters, "cluster", clusters);
    add(root.users, "user", users);
    add(root.contexts, "context", contexts);
    if (!current && typeof root["current-context"] === "string" && root["current-context"]) current = root["current-context"];
  }
  return { clusters, users, contexts, current };
}

function resolveIn(file: string, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(path.dirname(file), p);
}

function readPem(file: string, p: string, what: string): string {
  const full = resolveIn(file, p);
  try {
    return fs.readFileSync(full, "utf8");
  } catch (e) {
    throw new KubeconfigError(`${what} ${full} (named in ${file}) cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function decodeData(v: unknown, what: string): string {
  if (typeof v !== "string") throw new KubeconfigError(`${what}: expected base64 text`);
  const text = Buffer.from(v, "base64").toString("utf8");
  if (!text.includes("-----BEGIN")) throw new KubeconfigError(`${what}: not base64 of a PEM block`);
  return text;
}

function execPlugin(raw: Record<string, any>, where: string, file: string): ExecPlugin {
  if (typeof raw.command !== "string" || !raw.command) throw new KubeconfigError(`${where}.exec.command: missing: name the credential plugin (e.g. aws, kubelogin, gke-gcloud-auth-plugin)`);
  const apiVersion = raw.apiVersion;
  if (!execApiVersions.includes(apiVersion))
    throw new KubeconfigError(`${where}.exec.apiVersion: "${apiVersion ?? ""}" is not an ExecCredential version client-go speaks; use ${execApiVersions.join(" or ")}`);
  let mode = raw.interactiveMode;
  // client-go's SetDefaults_ExecConfig defaults v1beta1 to IfAvailable; v1 must say it.
  if (mode === undefined || mode === "") {
    if (apiVersion === "client.authentication.k8s.io/v1")
      throw new KubeconfigError(`${where}.exec.interactiveMode: must be given with apiVersion client.authentication.k8s.io/v1 (Never, IfAvailable or Always)`);
    mode = "IfAvailable";
  }
  if (!interactiveModes.includes(mode)) throw new KubeconfigError(`${where}.exec.interactiveMode: "${mode}"; allowed: ${interactiveModes.join(", ")}`);
  const env = (raw.env ?? []) as unknown;
  if (!Array.isArray(env)) throw new KubeconfigError(`${where}.exec.env: must be a list of {name, value}`);
  // Only a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH.
  const command = raw.command.includes("/") || raw.command.includes(path.sep) ? resolveIn(file, raw.command) : raw.command;
  return {
    command,
    args: Array.isArray(raw.args) ? raw.args.map(String) : [],
    env: env.map((e: any) => ({ name: String(e?.name ?? ""), value: String(e?.value ?? "") })),
    apiVersion,
    interactiveMode: mode,
    installHint: typeof raw.installHint === "string" ? raw.installHint : undefined,
    provideClusterInfo: raw.provideClusterInfo === true,
  };
}

/**
 * Resolve one context of the merged files to what a client needs. Throws KubeconfigError naming
 * the file, the key and the fix; reads the certificate and token files it names.
 */
export function resolveKubeconfig(files: KubeconfigFile[], context?: string): ClusterAccess {
  const m = merge(files);
  const names = [...m.contexts.keys()];
  const where = files.map((f) => f.path).join(", ");
  const chosen = context ?? m.current;
  if (!chosen)
    throw new KubeconfigError(`no context chosen in ${where} (no current-context): pass --context <name>${names.length ? ` (contexts: ${names.join(", ")})` : ""}`);
  const ctx = m.contexts.get(chosen);
  if (!ctx) throw new KubeconfigError(`context "${chosen}" is not in ${where}; ${names.length ? `contexts there: ${names.join(", ")}` : "it defines no contexts"}`);
  const clusterName = ctx.value.cluster;
  const cluster = typeof clusterName === "string" ? m.clusters.get(clusterName) : undefined;
  if (!cluster) throw new KubeconfigError(`context "${chosen}" (${ctx.file}) names cluster "${clusterName ?? ""}", which no kubeconfig file defines`);
  const userName = ctx.value.user;
  const user = typeof userName === "string" && userName ? m.users.get(userName) : undefined;
  if (typeof userName === "string" && userName && !user) throw new KubeconfigError(`context "${chosen}" (${ctx.file}) names user "${userName}", which no kubeconfig file defines`);

  const c = cluster.value;
  const cw = `cluster "${cluster.name}" (${cluster.file})`;
  if (typeof c.server !== "string" || !c.server) throw new KubeconfigError(`${cw}: server is missing`);
  let server: URL;
  try {
    server = new URL(c.server);
  } catch {
    throw new KubeconfigError(`${cw}: server "${c.server}" is not a URL (https://host:port)`);
  }
  if (server.protocol !== "https:" && server.protocol !== "http:") throw new KubeconfigError(`${cw}: server "${c.server}" must be https:// (or http://)`);
  if (c["proxy-url"])
    throw new KubeconfigError(`${cw}: proxy-url is not supported by this check; run it from a machine that reaches ${c.server} directly (or through an SSH tunnel)`);
  // certificate-authority-data overrides certificate-authority, as in client-go.
  const ca = c["certificate-authority-data"]
    ? decodeData(c["certificate-authority-data"], `${cw}: certificate-authority-data`)
    : typeof c["certificate-authority"] === "string" && c["certificate-authority"]
      ? readPem(cluster.file, c["certificate-authority"], `${cw}: certificate-authority`)
      : undefined;

  const access: ClusterAccess = {
    context: chosen,
    cluster: cluster.name,
    user: user?.name ?? "",
    namespace: typeof ctx.value.namespace === "string" ? ctx.value.namespace : undefined,
    server: c.server.replace(/\/+$/, ""),
    ca,
    insecureSkipTlsVerify: c["insecure-skip-tls-verify"] === true,
    tlsServerName: typeof c["tls-server-name"] === "string" && c["tls-server-name"] ? c["tls-server-name"] : undefined,
    files: files.map((f) => f.path),
  };

  if (user) {
    const u = user.value;
    const uw = `user "${user.name}" (${user.file})`;
    if (u["auth-provider"])
      throw new KubeconfigError(
        `${uw}: auth-provider "${u["auth-provider"]?.name ?? ""}" is not supported (kubectl dropped the gcp and azure providers in 1.26): use the exec plugin that replaced it (gke-gcloud-auth-plugin, kubelogin, kubectl oidc-login)`,
      );
    if (u.username || u.password) throw new KubeconfigError(`${uw}: basic authentication (username/password) was removed from Kubernetes in 1.19: use a token, a client certificate or an exec plugin`);
    const certPem = u["client-certificate-data"]
      ? decodeData(u["client-certificate-data"], `${uw}: client-certificate-data`)
      : u["client-certificate"]
        ? readPem(user.file, u["client-certificate"], `${uw}: client-certificate`)
        : undefined;
    const keyPem = u["client-key-data"]
      ? decodeData(u["client-key-data"], `${uw}: client-key-data`)
      : u["client-key"]
        ? readPem(user.file, u["client-key"], `${uw}: client-key`)
        : undefined;
    if (!!certPem !== !!keyPem) throw new KubeconfigError(`${uw}: a client certificate needs both client-certificate(-data) and client-key(-data)`);
    if (certPem && keyPem) access.clientCert = { cert: certPem, key: keyPem };
    if (typeof u.token === "string" && u.token) access.token = u.token;
    else if (typeof u.tokenFile === "string" && u.tokenFile) {
      access.tokenFile = resolveIn(user.file, u.tokenFile);
      access.token = readTokenFile(access.tokenFile, uw);
    }
    if (u.exec) {
      access.exec = execPlugin(asObject(u.exec, `${uw}.exec`), uw, user.file);
      if (access.exec.provideClusterInfo) {
        const ext = Array.isArray(c.extensions) ? c.extensions.find((e: any) => e?.name === "client.authentication.k8s.io/exec")?.extension : undefined;
        access.execCluster = {
          server: access.server,
          ...(access.tlsServerName ? { "tls-server-name": access.tlsServerName } : {}),
          ...(access.insecureSkipTlsVerify ? { "insecure-skip-tls-verify": true } : {}),
          ...(ca ? { "certificate-authority-data": Buffer.from(ca).toString("base64") } : {}),
          ...(ext !== undefined ? { config: ext } : {}),
        };
      }
    }
  }
  return access;
}

/** A token file's content, trimmed (client-go's tokenFile). */
export function readTokenFile(file: string, who: string): string {
  try {
    const t = fs.readFileSync(file, "utf8").trim();
    if (!t) throw new KubeconfigError(`${who}: tokenFile ${file} is empty`);
    return t;
  } catch (e) {
    if (e instanceof KubeconfigError) throw e;
    throw new KubeconfigError(`${who}: tokenFile ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** How the user authenticates, in words (never the secret itself). */
export function describeAuth(a: ClusterAccess): string {
  const parts: string[] = [];
  if (a.exec) parts.push(`exec plugin ${path.basename(a.exec.command)}`);
  if (a.clientCert) parts.push("client certificate");
  if (a.tokenFile) parts.push("token file");
  else if (a.token) parts.push("token");
  return parts.length ? parts.join(" + ") : "no credentials";
}
