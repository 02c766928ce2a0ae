/**
 * A read-only Kubernetes API client for the post-deploy check: GETs with the kubeconfig's CA and
 * credentials over Node's https (no kubectl, no client library). Credentials of an exec plugin
 * are cached until their expirationTimestamp and refreshed once when the server answers 401, as
 * client-go does; a tokenFile is re-read on 401 (projected tokens rotate).
 */
import * as https from "node:https";
import * as http from "node:http";
import { runExecPlugin, type ExecCredential, type ExecOptions } from "./exec-credential";
import { httpRequest, type HttpResponse } from "./http";
import { readTokenFile, type ClusterAccess, type ExecClusterInfo, type ExecPlugin } from "./kubeconfig";

/** A non-2xx answer of the API server, with its Status reason and message when it sent one. */
export class KubeApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly path: string,
    public readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "KubeApiError";
  }
}

export interface KubeClientOptions {
  /** per request (default 10 s) */
  requestTimeoutMs?: number;
  exec?: ExecOptions;
  /** how the exec plugin is run (tests count the runs) */
  runExec?: (p: ExecPlugin, cluster: ExecClusterInfo | undefined, o: ExecOptions) => Promise<ExecCredential>;
  /** clock, for credential expiry */
  now?: () => number;
}

/** A Kubernetes Status object's message, or the body's start. */
function statusMessage(r: HttpResponse): { reason?: string; message: string } {
  try {
    const s = JSON.parse(r.body);
    if (s?.kind === "Status") return { reason: s.reason, message: s.message ?? s.reason ?? `HTTP ${r.status}` };
  } catch {
    // not JSON: an ingress or proxy in front of the API server answered
  }
  return { message: `HTTP ${r.status}${r.body ? `: ${r.body.trim().slice(0, 120)}` : ""}` };
}

/** Whether an answer came from the API server itself (a Status object) rather than from what it proxied to. */
export function isApiServerStatus(r: HttpResponse): boolean {
  if (!String(r.headers["content-type"] ?? "").includes("json")) return false;
  try {
    const s = JSON.parse(r.body);
    return s?.kind === "Status" && s?.apiVersion === "v1";
  } catch {
    return false;
  }
}

export class KubeClient {
  private agent: http.Agent;
  private agentCert?: string;
  private cred?: ExecCredential;
  private credPending?: Promise<ExecCredential>;
  private token?: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    public readonly access: ClusterAccess,
    private readonly opts: KubeClientOptions = {},
  ) {
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.token = access.token;
    this.agent = this.makeAgent(access.clientCert);
  }

  private makeAgent(cert?: { cert: string; key: string }): http.Agent {
    this.agentCert = cert?.cert;
    if (!this.access.server.startsWith("https:")) return new http.Agent({ keepAlive: true, maxSockets: 8 });
    return new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: this.access.ca,
      rejectUnauthorized: !this.access.insecureSkipTlsVerify,
      ...(this.access.tlsServerName ? { servername: this.access.tlsServerName } : {}),
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
    });
  }

  private async execCredential(force: boolean, seen?: ExecCredential): Promise<ExecCredential | undefined> {
    const exec = this.access.exec;
    if (!exec) return undefined;
    // Someone else refreshed since this request started: use theirs (client-go's maybeRefreshCreds).
    if (force && seen && this.cred !== seen) return this.cred;
    const fresh = this.cred && (!this.cred.expiresAt || this.cred.expiresAt.getTime() > this.now());
    if (fresh && !force) return this.cred;
    if (!this.credPending) {
      const run = this.opts.runExec ?? runExecPlugin;
      this.credPending = run(exec, this.access.execCluster, this.opts.exec ?? {}).finally(() => (this.credPending = undefined));
    }
    this.cred = await this.credPending;
    if (this.cred.clientCert && this.cred.clientCert.cert !== this.agentCert) {
      this.agent.destroy();
      this.agent = this.makeAgent(this.cred.clientCert);
    }
    return this.cred;
  }

  /** GET (or another method) a path of the API server; the answer whatever its status. */
  async request(path: string, o: { method?: string; timeoutMs?: number; accept?: string } = {}): Promise<HttpResponse> {
    const send = async (cred: ExecCredential | undefined) => {
      const token = cred?.token ?? this.token;
      return httpRequest(new URL(this.access.server + path), {
        method: o.method ?? "GET",
        agent: this.agent,
        timeoutMs: o.timeoutMs ?? this.timeoutMs,
        headers: { accept: o.accept ?? "application/json", "user-agent": "digit-pulumi-verify", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    };
    const cred = await this.execCredential(false);
    const res = await send(cred);
    if (res.status !== 401) return res;
    if (this.access.exec) return send(await this.execCredential(true, cred));
    if (this.access.tokenFile) {
      const again = readTokenFile(this.access.tokenFile, `user "${this.access.user}"`);
      if (again !== this.token) {
        this.token = again;
        return send(undefined);
      }
    }
    return res;
  }

  /** GET a path and parse its JSON; a non-2xx answer throws KubeApiError. */
  async json<T = any>(path: string): Promise<T> {
    const res = await this.request(path);
    if (res.status < 200 || res.status > 299) {
      const s = statusMessage(res);
      throw new KubeApiError(res.status, path, s.reason, s.message);
    }
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new KubeApiError(res.status, path, undefined, `the answer to ${path} is not JSON`);
    }
  }

  /** GET a path; undefined when the object does not exist (404). */
  async getOptional<T = any>(path: string): Promise<T | undefined> {
    try {
      return await this.json<T>(path);
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
