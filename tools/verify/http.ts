/**
 * One HTTP(S) request with Node's own client: a deadline for the whole exchange, a cap on the
 * body, and an optional address to connect to while the URL's host stays the name sent (SNI,
 * certificate check and Host header), as curl's --resolve does.
 */
import * as http from "node:http";
import * as https from "node:https";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** No answer: connection refused, TLS failure, DNS, timeout. `code` is Node's (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
export class RequestError extends Error {
  constructor(
    message: string,
    public readonly code?: string,
    public readonly timedOut = false,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  /** deadline for connect + answer + body */
  timeoutMs: number;
  /** connect here instead of the URL's host (host or host:port) */
  connectTo?: string;
  /** TLS options when no agent carries them */
  tls?: Pick<https.RequestOptions, "ca" | "rejectUnauthorized" | "servername" | "cert" | "key">;
  /** refuse bodies larger than this (default 64 MiB) */
  maxBytes?: number;
}

/** Why a request got no answer, in words a platform team acts on. */
export function describeRequestError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { timedOut?: boolean };
  if (err?.timedOut) return err.message;
  switch (err?.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the name does not resolve (DNS)";
    case "ECONNRESET":
      return "connection reset";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return `the server's certificate is not signed by a trusted CA (${err.code})`;
    case "CERT_HAS_EXPIRED":
      return "the server's certificate has expired";
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `the server's certificate is for another name (${err.message.replace(/^.*?: /, "")})`;
    default:
      return err?.message ?? String(e);
  }
}

export function httpRequest(url: URL, o: RequestOptions): Promise<HttpResponse> {
  const secure = url.protocol === "https:";
  const lib = secure ? https : http;
  let host = url.hostname.replace(/^\[|\]$/g, "");
  let port = url.port ? Number(url.port) : secure ? 443 : 80;
  if (o.connectTo) {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(o.connectTo);
    if (m) {
      host = m[1].replace(/^\[|\]$/g, "");
      if (m[2]) port = Number(m[2]);
    }
  }
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const req = lib.request(
      {
        method: o.method ?? "GET",
        host,
        port,
        path: url.pathname + url.search,
        agent: o.agent,
        headers: { host: url.host, ...(o.body !== undefined ? { "content-length": String(Buffer.byteLength(o.body)) } : {}), ...o.headers },
        ...(secure ? { servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname, ...o.tls } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy();
            done(() => reject(new RequestError(`the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`)));
          } else chunks.push(c);
        });
        res.on("end", () => done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") })));
        res.on("error", (e) => done(() => reject(new RequestError(describeRequestError(e), (e as NodeJS.ErrnoException).code))));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done(() => reject(new RequestError(`no answer within ${formatSeconds(o.timeoutMs)}`, "ETIMEDOUT", true)));
    }, o.timeoutMs);
    req.on("error", (e) => done(() => reject(new RequestError(describeRequestError(e), (e as NodeJS.ErrnoException).code))));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${Math.round(ms / 1000)} s`;
}
