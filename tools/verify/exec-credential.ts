/**
 * Exec credential plugins, run the way client-go runs them (plugin/pkg/client/auth/exec/exec.go):
 * the kubeconfig's env added to this process's, KUBERNETES_EXEC_INFO holding an ExecCredential
 * with spec.interactive (and spec.cluster when provideClusterInfo), stdin passed only when
 * interactive, stderr shown to the user, stdout parsed as an ExecCredential of the same
 * apiVersion whose status holds a token or a client certificate and key, valid until
 * status.expirationTimestamp. This is how `aws eks get-token`, kubelogin (AKS) and
 * gke-gcloud-auth-plugin hand out credentials.
 */
import { spawn } from "node:child_process";
import { KubeconfigError, type ExecClusterInfo, type ExecPlugin } from "./kubeconfig";

export interface ExecCredential {
  token?: string;
  clientCert?: { cert: string; key: string };
  /** undefined: valid until the server refuses it */
  expiresAt?: Date;
}

export interface ExecOptions {
  /** whether stdin is a terminal (client-go: term.IsTerminal(os.Stdin)) */
  stdinIsTTY?: boolean;
  /** the environment the plugin inherits (default: this process's) */
  env?: NodeJS.ProcessEnv;
  /** give up on a non-interactive plugin after this long (default 120 s) */
  timeoutMs?: number;
}

/** Whether the plugin runs interactively, or why it cannot run here (client-go's isInteractive). */
export function interactiveFor(p: ExecPlugin, stdinIsTTY: boolean): boolean {
  if (p.interactiveMode === "Never") return false;
  if (p.interactiveMode === "IfAvailable") return stdinIsTTY;
  if (!stdinIsTTY) throw new KubeconfigError(`exec plugin ${p.command} has interactiveMode Always but stdin is not a terminal: run the check from a terminal`);
  return true;
}

/** Parse the plugin's stdout; every rule client-go applies, with its wording where it has one. */
export function parseExecCredential(stdout: string, p: ExecPlugin): ExecCredential {
  let cred: any;
  try {
    cred = JSON.parse(stdout);
  } catch {
    throw new KubeconfigError(`exec plugin ${p.command} printed no ExecCredential JSON on stdout (got ${JSON.stringify(stdout.slice(0, 80))})`);
  }
  if (cred?.kind !== "ExecCredential") throw new KubeconfigError(`exec plugin ${p.command} printed kind "${cred?.kind ?? ""}", not ExecCredential`);
  if (cred.apiVersion !== p.apiVersion)
    throw new KubeconfigError(`exec plugin is configured to use API version ${p.apiVersion}, plugin returned version ${cred.apiVersion ?? "(none)"}`);
  const s = cred.status;
  if (!s || typeof s !== "object") throw new KubeconfigError(`exec plugin ${p.command} didn't return a status field`);
  if (!s.token && !s.clientCertificateData && !s.clientKeyData) throw new KubeconfigError(`exec plugin ${p.command} didn't return a token or cert/key pair`);
  if (!s.clientCertificateData !== !s.clientKeyData) throw new KubeconfigError(`exec plugin ${p.command} returned only certificate or key, not both`);
  let expiresAt: Date | undefined;
  if (s.expirationTimestamp) {
    expiresAt = new Date(s.expirationTimestamp);
    if (Number.isNaN(expiresAt.getTime())) throw new KubeconfigError(`exec plugin ${p.command} returned expirationTimestamp "${s.expirationTimestamp}", not an RFC 3339 time`);
  }
  return {
    ...(s.token ? { token: String(s.token) } : {}),
    ...(s.clientCertificateData ? { clientCert: { cert: String(s.clientCertificateData), key: String(s.clientKeyData) } } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** Run the plugin once and return its credential. */
export function runExecPlugin(p: ExecPlugin, cluster: ExecClusterInfo | undefined, opts: ExecOptions = {}): Promise<ExecCredential> {
  const interactive = interactiveFor(p, opts.stdinIsTTY ?? !!process.stdin.isTTY);
  const info = { apiVersion: p.apiVersion, kind: "ExecCredential", spec: { interactive, ...(cluster ? { cluster } : {}) } };
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env) };
  for (const e of p.env) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify(info);
  return new Promise((resolve, reject) => {
    const child = spawn(p.command, p.args, { env, stdio: [interactive ? "inherit" : "ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
    const timer = interactive
      ? undefined
      : setTimeout(() => {
          child.kill();
          reject(new KubeconfigError(`exec plugin ${p.command} gave no credential within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s`));
        }, opts.timeoutMs ?? 120_000);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new KubeconfigError(
          e.code === "ENOENT"
            ? `exec plugin "${p.command}" not found on PATH: ${p.installHint ? p.installHint.trim() : "install it, or fix users[].user.exec.command in the kubeconfig"}`
            : `exec plugin ${p.command} could not run: ${e.message}`,
        ),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new KubeconfigError(`exec plugin ${p.command} ${signal ? `was killed (${signal})` : `exited with code ${code}`}; its messages are above`));
        return;
      }
      try {
        resolve(parseExecCredential(stdout, p));
      } catch (e) {
        reject(e);
      }
    });
  });
}
