/**
 * The post-deploy check reaches the cluster as kubectl does: kubeconfig resolution (client-go's
 * merge and path rules), bearer tokens, client certificates and exec credential plugins (the
 * ExecCredential contract), against a local HTTPS API server with a throw-away CA.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KubeClient } from "../tools/verify/kube-client";
import { KubeconfigError, kubeconfigPaths, readKubeconfigFiles, resolveKubeconfig, type KubeconfigFile } from "../tools/verify/kubeconfig";
import { interactiveFor, parseExecCredential, runExecPlugin } from "../tools/verify/exec-credential";
import { kubeconfigText, startFake, status, type FakeServer } from "./helpers/fake-kube";
import { TestCa } from "./helpers/tls";

const plugin = path.join(__dirname, "fixtures", "verify", "exec-plugin.js");

describe("verify: kubeconfig and cluster access", function () {
  this.timeout(20_000);
  let ca: TestCa;
  let other: TestCa;
  let api: FakeServer;
  let dir: string;
  /** tokens the fake API server accepts; a test may revoke one */
  const tokens: Record<string, string> = { "static-token": "admin", "exec-token-2": "exec-user", "file-token-2": "file-user" };

  before(async () => {
    ca = new TestCa();
    other = new TestCa("another-ca");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-verify-kc-"));
    const serving = ca.issue("kube-apiserver", { ips: ["127.0.0.1"], dns: ["kubernetes.default"] });
    api = await startFake({
      cert: serving.cert,
      key: serving.key,
      clientCa: ca.ca.cert,
      tokens,
      authenticate: true,
      route: (r) => (r.path.endsWith("/version") ? { json: { gitVersion: "v1.31.4", user: r.user } } : undefined),
    });
  });
  after(async () => {
    await api.close();
    ca.remove();
    other.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): KubeconfigFile => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return { path: p, text };
  };
  const version = async (files: KubeconfigFile[], context?: string) => {
    const client = new KubeClient(resolveKubeconfig(files, context), { exec: { stdinIsTTY: false } });
    try {
      return await client.json<{ gitVersion: string; user: string }>("/version");
    } finally {
      client.close();
    }
  };

  it("a bearer token over TLS verified against certificate-authority-data", async () => {
    const v = await version([file("token.yaml", kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { token: "static-token" } }))]);
    assert.deepEqual(v, { gitVersion: "v1.31.4", user: "admin" });
    assert.equal(api.requests.at(-1)!.headers.authorization, "Bearer static-token");
  });

  it("refuses a server whose certificate another CA signed, and says so", async () => {
    const f = file("wrong-ca.yaml", kubeconfigText({ server: api.url, ca: other.ca.cert, user: { token: "static-token" } }));
    await assert.rejects(version([f]), /not signed by a trusted CA/);
    // insecure-skip-tls-verify is honoured (as kubectl does), CA or not
    const insecure = file("insecure.yaml", kubeconfigText({ server: api.url, insecure: true, user: { token: "static-token" } }));
    assert.equal((await version([insecure])).user, "admin");
  });

  it("a client certificate and key from files named relative to the kubeconfig", async () => {
    const pair = ca.issue("digit-admin", { client: true, groups: ["system:masters"] });
    fs.copyFileSync(pair.certFile, path.join(dir, "admin.crt"));
    fs.copyFileSync(pair.keyFile, path.join(dir, "admin.key"));
    fs.copyFileSync(ca.ca.certFile, path.join(dir, "ca.crt"));
    const yaml = [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: sdc",
      "  cluster:",
      `    server: ${api.url}`,
      "    certificate-authority: ca.crt",
      "users:",
      "- name: admin",
      "  user:",
      "    client-certificate: admin.crt",
      "    client-key: ./admin.key",
      "contexts:",
      "- name: pb-sdc",
      "  context: {cluster: sdc, user: admin, namespace: egov}",
      "current-context: pb-sdc",
    ].join("\n");
    const access = resolveKubeconfig([file("certs.yaml", yaml)]);
    assert.equal(access.namespace, "egov");
    assert.equal((await version([file("certs.yaml", yaml)])).user, "digit-admin");
    // client-certificate-data / client-key-data carry the same pair inline
    const inline = kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { "client-certificate-data": Buffer.from(pair.cert).toString("base64"), "client-key-data": Buffer.from(pair.key).toString("base64") } });
    assert.equal((await version([file("inline-certs.yaml", inline)])).user, "digit-admin");
  });

  it("an exec plugin: KUBERNETES_EXEC_INFO, its env and args, the cached token, and a new one after a 401", async () => {
    const log = path.join(dir, "exec-calls.json");
    const text = kubeconfigText({
      server: api.url,
      ca: ca.ca.cert,
      user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: process.execPath, args: [plugin, "token", log], env: [{ name: "DIGIT_TEST_ENV", value: "from-kubeconfig" }], provideClusterInfo: true } },
    });
    const client = new KubeClient(resolveKubeconfig([file("exec.yaml", text)]), { exec: { stdinIsTTY: false } });
    try {
      // exec-token-1 is not accepted: the client runs the plugin again and retries once
      assert.equal((await client.json("/version")).user, "exec-user");
      assert.equal((await client.json("/version")).user, "exec-user");
    } finally {
      client.close();
    }
    const calls = JSON.parse(fs.readFileSync(log, "utf8"));
    assert.equal(calls.length, 2, "one run for the refused token, one for the accepted one; then the cached token");
    const info = calls[0].info;
    assert.equal(info.kind, "ExecCredential");
    assert.equal(info.apiVersion, "client.authentication.k8s.io/v1beta1");
    assert.equal(info.spec.interactive, false, "v1beta1 defaults to IfAvailable, and stdin is no terminal here");
    assert.equal(info.spec.cluster.server, api.url);
    assert.equal(Buffer.from(info.spec.cluster["certificate-authority-data"], "base64").toString(), ca.ca.cert);
    assert.equal(calls[0].env.DIGIT_TEST_ENV, "from-kubeconfig");
    assert.deepEqual(calls[0].args, ["token", log]);
  });

  it("an exec credential past its expirationTimestamp is fetched again before the next request", async () => {
    const log = path.join(dir, "expired-calls.json");
    const text = kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { exec: { apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "Never", command: process.execPath, args: [plugin, "expired", log] } } });
    tokens["exec-token-1"] = "expiring-user";
    try {
      const client = new KubeClient(resolveKubeconfig([file("expired.yaml", text)]));
      await client.json("/version");
      await client.json("/version");
      client.close();
    } finally {
      delete tokens["exec-token-1"];
    }
    const calls = JSON.parse(fs.readFileSync(log, "utf8"));
    assert.equal(calls.length, 2);
    assert.equal(calls[0].info.spec.cluster, undefined, "no cluster info unless provideClusterInfo");
  });

  it("an exec plugin that returns a client certificate", async () => {
    const pair = ca.issue("exec-cert-user", { client: true });
    const log = path.join(dir, "cert-calls.json");
    const text = kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { exec: { apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "IfAvailable", command: process.execPath, args: [plugin, "cert", log, pair.certFile, pair.keyFile] } } });
    assert.equal((await version([file("exec-cert.yaml", text)])).user, "exec-cert-user");
  });

  it("a tokenFile is read relative to the kubeconfig and re-read when the server answers 401", async () => {
    fs.writeFileSync(path.join(dir, "sa.token"), "file-token-1\n");
    const f = file("tokenfile.yaml", kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { tokenFile: "sa.token" } }));
    const client = new KubeClient(resolveKubeconfig([f]));
    fs.writeFileSync(path.join(dir, "sa.token"), "file-token-2\n"); // rotated after the client read it
    assert.equal((await client.json("/version")).user, "file-user");
    client.close();
  });

  it("keeps the path of a server behind a proxy (Rancher's /k8s/clusters/<id>)", async () => {
    const f = file("prefixed.yaml", kubeconfigText({ server: `${api.url}/k8s/clusters/c-m-42/`, ca: ca.ca.cert, user: { token: "static-token" } }));
    const client = new KubeClient(resolveKubeconfig([f]));
    await client.getOptional("/version");
    client.close();
    assert.equal(api.requests.at(-1)!.path, "/k8s/clusters/c-m-42/version");
  });

  it("exec plugins that break the contract fail with client-go's reasons", async () => {
    const p = { command: process.execPath, args: [plugin], env: [], apiVersion: "client.authentication.k8s.io/v1", interactiveMode: "Never" as const, provideClusterInfo: false };
    const log = path.join(dir, "bad-calls.json");
    await assert.rejects(runExecPlugin({ ...p, args: [plugin, "wrong-version", log] }, undefined), /configured to use API version client.authentication.k8s.io\/v1, plugin returned version client.authentication.k8s.io\/v1alpha1/);
    await assert.rejects(runExecPlugin({ ...p, args: [plugin, "fail", log] }, undefined), /exited with code 1/);
    await assert.rejects(runExecPlugin({ ...p, command: "aws-does-not-exist-here", installHint: "Install the AWS CLI: https://aws.amazon.com/cli/" }, undefined), /not found on PATH: Install the AWS CLI/);
    assert.throws(() => interactiveFor({ ...p, interactiveMode: "Always" }, false), /stdin is not a terminal/);
    assert.equal(interactiveFor({ ...p, interactiveMode: "IfAvailable" }, true), true);
    assert.throws(() => parseExecCredential(JSON.stringify({ apiVersion: p.apiVersion, kind: "ExecCredential", status: { clientKeyData: "k" } }), p), /only certificate or key, not both/);
    assert.throws(() => parseExecCredential(JSON.stringify({ apiVersion: p.apiVersion, kind: "ExecCredential" }), p), /didn't return a status field/);
  });

  it("KUBECONFIG merges files: the first to name a user wins, current-context from the first that sets one", () => {
    const a = file("a.yaml", JSON.stringify({ apiVersion: "v1", kind: "Config", users: [{ name: "u", user: { token: "from-a" } }] }));
    const b = file(
      "b.yaml",
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443" } }],
        users: [{ name: "u", user: { token: "from-b" } }],
        contexts: [{ name: "digit-dev", context: { cluster: "c", user: "u" } }],
        "current-context": "digit-dev",
      }),
    );
    const env = { KUBECONFIG: [a.path, path.join(dir, "missing.yaml"), b.path].join(path.delimiter) };
    const files = readKubeconfigFiles(kubeconfigPaths(undefined, env, dir));
    assert.equal(files.length, 2, "a missing file of KUBECONFIG is skipped, as kubectl does");
    const access = resolveKubeconfig(files);
    assert.equal(access.token, "from-a");
    assert.equal(access.server, "https://10.0.0.1:6443");
    assert.deepEqual(kubeconfigPaths(undefined, {}, "/home/x").paths, [path.join("/home/x", ".kube", "config")]);
    assert.throws(() => readKubeconfigFiles(kubeconfigPaths(path.join(dir, "missing.yaml"), {})), (e: Error) => e instanceof KubeconfigError && /does not exist: pass --kubeconfig/.test(e.message));
  });

  it("says what is wrong with a kubeconfig, naming the file and the key", () => {
    const base = { server: "https://10.0.0.1:6443" };
    const f = (user: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      [{ path: "/etc/digit/kc.yaml", text: JSON.stringify({ clusters: [{ name: "c", cluster: { ...base, ...extra } }], users: [{ name: "u", user }], contexts: [{ name: "x", context: { cluster: "c", user: "u" } }, { name: "y", context: { cluster: "gone", user: "u" } }] }) }];
    const fails = (files: KubeconfigFile[], re: RegExp, context?: string) => assert.throws(() => resolveKubeconfig(files, context), (e: Error) => e instanceof KubeconfigError && re.test(e.message));
    fails(f({}), /no current-context\): pass --context <name> \(contexts: x, y\)/);
    fails(f({}), /context "z" is not in \/etc\/digit\/kc.yaml; contexts there: x, y/, "z");
    fails(f({}), /names cluster "gone", which no kubeconfig file defines/, "y");
    fails(f({ "auth-provider": { name: "gcp" } }), /auth-provider "gcp" is not supported .*gke-gcloud-auth-plugin/, "x");
    fails(f({ username: "admin", password: "p" }), /basic authentication .* removed/, "x");
    fails(f({ exec: { apiVersion: "client.authentication.k8s.io/v1", command: "kubelogin" } }), /exec.interactiveMode: must be given with apiVersion client.authentication.k8s.io\/v1/, "x");
    fails(f({ exec: { apiVersion: "client.authentication.k8s.io/v1alpha1", command: "kubelogin" } }), /exec.apiVersion: "client.authentication.k8s.io\/v1alpha1" is not an ExecCredential version/, "x");
    fails(f({ "client-certificate-data": Buffer.from("-----BEGIN CERTIFICATE-----").toString("base64") }), /needs both client-certificate\(-data\) and client-key\(-data\)/, "x");
    fails(f({}, { "proxy-url": "http://proxy:3128" }), /proxy-url is not supported/, "x");
    // an exec command with a path separator is relative to the kubeconfig; a bare name stays for PATH
    const rel = resolveKubeconfig(f({ exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "./bin/get-token" } }), "x");
    assert.equal(rel.exec!.command, "/etc/digit/bin/get-token");
    const bare = resolveKubeconfig(f({ exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] } }), "x");
    assert.equal(bare.exec!.command, "aws");
    assert.equal(bare.exec!.interactiveMode, "IfAvailable");
  });

  it("a 401 with no way to refresh reaches the caller as the API server's Status", async () => {
    const f = file("revoked.yaml", kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { token: "revoked" } }));
    const client = new KubeClient(resolveKubeconfig([f]));
    await assert.rejects(client.json("/version"), (e: any) => e.status === 401 && e.reason === "Unauthorized");
    client.close();
    assert.deepEqual(status(401, "Unauthorized", "Unauthorized").json, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  });
});
