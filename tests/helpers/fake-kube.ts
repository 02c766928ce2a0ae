/**
 * Local stand-ins for a Kubernetes API server and a public edge, on loopback over HTTPS. The API
 * server authenticates as a real one does (a bearer token, or a client certificate signed by its
 * CA) and answers errors with a meta/v1 Status object; what it serves is up to each test.
 */
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";

export interface FakeRequest {
  method: string;
  /** path and query */
  path: string;
  /** the authenticated user: the token's, or the client certificate's CN */
  user?: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  type?: string;
  /** never answer (for timeouts) */
  hang?: boolean;
}

export interface FakeServer {
  url: string;
  port: number;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A meta/v1 Status, as the API server writes every error. */
export function status(code: number, reason: string, message: string): FakeAnswer {
  return { status: code, json: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code } };
}

export function notFound(path: string): FakeAnswer {
  const parts = path.split("?")[0].split("/");
  return status(404, "NotFound", `${parts[parts.length - 2] ?? "object"} "${parts[parts.length - 1]}" not found`);
}

export interface FakeOptions {
  cert: string;
  key: string;
  /** the CA whose client certificates are accepted */
  clientCa?: string;
  /** bearer token -> user; without any, every request is anonymous */
  tokens?: Record<string, string>;
  /** require a user (401 otherwise), as an API server does */
  authenticate?: boolean;
  route: (req: FakeRequest) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>;
}

export function startFake(o: FakeOptions): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server = https.createServer({ cert: o.cert, key: o.key, ...(o.clientCa ? { ca: o.clientCa, requestCert: true, rejectUnauthorized: false } : {}) }, (req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d) => (body += d));
    req.on("end", async () => {
      const socket = req.socket as TLSSocket;
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
      let user: string | undefined = token ? o.tokens?.[token] : undefined;
      if (!user && socket.authorized) user = (socket.getPeerCertificate().subject as any)?.CN;
      const fr: FakeRequest = { method: req.method ?? "GET", path: req.url ?? "/", user, headers: req.headers, body };
      requests.push(fr);
      let a: FakeAnswer | undefined;
      if (o.authenticate && !user) a = status(401, "Unauthorized", "Unauthorized");
      else a = (await o.route(fr)) ?? notFound(fr.path);
      if (a.hang) return;
      const text = a.json !== undefined ? JSON.stringify(a.json) : (a.text ?? "");
      res.writeHead(a.status ?? 200, { "content-type": a.type ?? (a.json !== undefined ? "application/json" : "text/plain") });
      res.end(text);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `https://127.0.0.1:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A kubeconfig (YAML text) for one cluster, context and user. */
export function kubeconfigText(o: { server: string; ca?: string; caFile?: string; user: Record<string, unknown>; context?: string; insecure?: boolean }): string {
  const ctx = o.context ?? "test";
  const cluster: Record<string, unknown> = { server: o.server };
  if (o.ca) cluster["certificate-authority-data"] = Buffer.from(o.ca).toString("base64");
  if (o.caFile) cluster["certificate-authority"] = o.caFile;
  if (o.insecure) cluster["insecure-skip-tls-verify"] = true;
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "test-cluster", cluster }],
    users: [{ name: "test-user", user: o.user }],
    contexts: [{ name: ctx, context: { cluster: "test-cluster", user: "test-user" } }],
    "current-context": ctx,
  });
}
