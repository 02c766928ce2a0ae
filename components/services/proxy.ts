import type { ProxyOffer, Target } from "../../providers/target";
import type { EnvSource } from "./spec";
import { clusterNoProxy, fromInt, parseNoProxy, toInt } from "../../lib/no-proxy";

export { clusterNoProxy, noProxyProblem, parseNoProxy, type NoProxyEntry } from "../../lib/no-proxy";

/**
 * The proxy settings of a pod, for each runtime that reads them. Two grammars matter:
 *
 * - Node (NO_PROXY, as the `proxy-from-env` package reads it for axios, and as axios 0.x reads it
 *   itself): comma-separated entries; an entry starting with `.` (or `*.`) matches every host
 *   ending with it, any other entry matches one host exactly; a CIDR matches nothing. Go, curl and
 *   Python clients (git-sync, cert-manager) also understand CIDRs, so CIDRs stay in NO_PROXY.
 * - The JVM (`-Dhttp.nonProxyHosts`, read by the JDK's DefaultProxySelector for http and https):
 *   `|`-separated patterns, each exact or with a `*` at its start and/or end; no CIDRs, and a
 *   leading-dot entry matches nothing. Suffixes become `*.suffix`; a CIDR on an octet boundary
 *   becomes `10.20.*`.
 *
 * vendor/proxy-grammars/SOURCE.md records where both grammars were read.
 */

/** The Kubernetes API server's ClusterIP, which the kubelet expands in env values (service env vars). */
export const apiServerHostRef = "$(KUBERNETES_SERVICE_HOST)";

/** Name of the Secret holding the proxy URLs with their credentials (one per namespace that needs it). */
export const proxySecretName = "digit-proxy";
export const proxySecretKeys = { http: "http-proxy", https: "https-proxy", jvm: "jvm-options" } as const;

/** How many whole-octet patterns a CIDR becomes, before the JVM form widens it instead. */
const maxJvmPatternsPerCidr = 16;

/**
 * JVM patterns covering a CIDR: one `a.b.*` per block on the next octet boundary (exact), or the
 * enclosing octet-aligned block when that would take more than 16 patterns. Only the targets'
 * own internal ranges (a /14 pod range, a /28 control plane) ever need either: a CIDR from config
 * is refused unless aligned.
 */
export function jvmCidrPatterns(ip: string, bits: number): string[] {
  const octets = ip.split(".").map(Number);
  if (bits === 0) return ["*"];
  const aligned = (b: number, start: number) => {
    const whole = b / 8;
    const parts = fromInt(start).split(".").slice(0, whole);
    return whole === 4 ? parts.join(".") : `${parts.join(".")}.*`;
  };
  if (bits % 8 === 0) return [aligned(bits, toInt(octets.join(".")))];
  const up = Math.ceil(bits / 8) * 8;
  const count = 2 ** (up - bits);
  if (count > maxJvmPatternsPerCidr) {
    const down = Math.floor(bits / 8) * 8;
    if (down === 0) return ["*"];
    const start = toInt(ip) - (toInt(ip) % 2 ** (32 - down));
    return [aligned(down, start)];
  }
  const step = 2 ** (32 - up);
  return Array.from({ length: count }, (_, i) => aligned(up, toInt(ip) + i * step));
}

/** NO_PROXY for Node and the other clients that read the variable. */
export function nodeNoProxy(entries: readonly string[]): string {
  const out: string[] = [];
  for (const raw of entries) {
    const p = parseNoProxy(raw);
    if ("error" in p) continue;
    if (p.kind === "suffix") out.push(`.${p.domain}`);
    else if (p.kind === "host") out.push(p.host);
    else if (p.kind === "ip") out.push(p.ip);
    else if (p.kind === "cidr") out.push(`${p.ip}/${p.bits}`);
    else out.push(p.ref);
  }
  return [...new Set(out)].join(",");
}

/** `http.nonProxyHosts` for the JVM; the JDK's own loopback defaults are listed too (JDK 8 replaces them). */
export function jvmNonProxyHosts(entries: readonly string[]): string {
  const out: string[] = ["localhost", "127.*", "[::1]"];
  for (const raw of entries) {
    const p = parseNoProxy(raw);
    if ("error" in p) continue;
    if (p.kind === "suffix") out.push(`*.${p.domain}`, p.domain);
    else if (p.kind === "host") out.push(p.host);
    else if (p.kind === "ip") out.push(p.ip);
    else if (p.kind === "cidr") out.push(...jvmCidrPatterns(p.ip, p.bits));
    else out.push(p.ref);
  }
  return [...new Set(out)].join("|");
}

/** Facts of the platform that decide what stays direct besides the place's own list. */
export interface PlatformHosts {
  /** every namespace DIGIT's pods live in or call (services reach `<svc>.<namespace>`) */
  namespaces: readonly string[];
  /** hosts the platform tells services to call (backbone endpoints, an S3-compatible endpoint) */
  hosts: readonly string[];
}

/**
 * The place's proxy with everything the platform itself calls added to its no-proxy list: the
 * cluster's names, the API server, every DIGIT namespace as a domain suffix and every host the
 * platform hands a service. Entries the state gave come last and are kept as given.
 */
export function withPlatformNoProxy(proxy: ProxyOffer | undefined, facts: PlatformHosts): ProxyOffer | undefined {
  if (!proxy || (!proxy.http && !proxy.https)) return proxy;
  const hosts = facts.hosts.filter((h) => !("error" in parseNoProxy(h)));
  const noProxy = [...new Set([...clusterNoProxy, apiServerHostRef, ...facts.namespaces.map((n) => `.${n}`), ...hosts, ...proxy.noProxy])];
  return { ...proxy, noProxy };
}

/** host and port of a proxy URL (the schema makes sure both are there). */
export function proxyAddress(url: string): { host: string; port: string } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port || (u.protocol === "https:" ? "443" : "80") };
}

/** Whether pods read the proxy URLs from the Secret digit-proxy: they carry a login, or were encrypted in the stack file. */
export function proxySecretNeeded(proxy: ProxyOffer): boolean {
  return !!proxy.credentials || !!proxy.secretUrls;
}

/**
 * HTTP(S)_PROXY and NO_PROXY, upper and lower case (clients read one or the other). With
 * credentials the proxy URLs come from the Secret `digit-proxy` of the pod's namespace, never as
 * literals.
 */
export function proxyEnv(proxy: ProxyOffer | undefined): EnvSource[] {
  if (!proxy || (!proxy.http && !proxy.https)) return [];
  const env: EnvSource[] = [];
  const url = (scheme: "http" | "https", value: string): EnvSource[] =>
    (scheme === "http" ? ["HTTP_PROXY", "http_proxy"] : ["HTTPS_PROXY", "https_proxy"]).map((name) =>
      proxySecretNeeded(proxy) ? { name, secret: proxySecretName, key: proxySecretKeys[scheme] } : { name, value },
    );
  if (proxy.http) env.push(...url("http", proxy.http));
  if (proxy.https) env.push(...url("https", proxy.https));
  const noProxy = nodeNoProxy(proxy.noProxy);
  env.push({ name: "NO_PROXY", value: noProxy }, { name: "no_proxy", value: noProxy });
  return env;
}

/**
 * The JVM's proxy system properties (the JVM ignores the environment variables). They carry no
 * credentials: the JDK has no property for them, and the JVM prints JAVA_TOOL_OPTIONS to its log
 * at start.
 */
export function proxyJvmOptions(proxy: ProxyOffer | undefined): string[] {
  if (!proxy || (!proxy.http && !proxy.https)) return [];
  const props: string[] = [];
  for (const [scheme, url] of [["http", proxy.http], ["https", proxy.https]] as const) {
    if (!url) continue;
    const { host, port } = proxyAddress(url);
    props.push(`-D${scheme}.proxyHost=${host}`, `-D${scheme}.proxyPort=${port}`);
  }
  props.push(`-Dhttp.nonProxyHosts=${jvmNonProxyHosts(proxy.noProxy)}`);
  return props;
}

/** The env var an encrypted proxy's JVM properties come in, referenced from JAVA_TOOL_OPTIONS as $(...). */
export const proxyJvmOptionsVar = "DIGIT_PROXY_JVM_OPTIONS";

/**
 * The JVM's proxy properties as parts of JAVA_TOOL_OPTIONS, and the env that must come before it.
 * An encrypted proxy's host and port are secret too: its properties are read from the Secret
 * digit-proxy (key `jvm-options`) and JAVA_TOOL_OPTIONS names them as $(DIGIT_PROXY_JVM_OPTIONS),
 * which the kubelet expands.
 */
export function jvmProxy(proxy: ProxyOffer | undefined): { env: EnvSource[]; parts: string[] } {
  if (!proxy || (!proxy.http && !proxy.https)) return { env: [], parts: [] };
  if (!proxy.secretUrls) return { env: [], parts: proxyJvmOptions(proxy) };
  return { env: [{ name: proxyJvmOptionsVar, secret: proxySecretName, key: proxySecretKeys.jvm }], parts: [`$(${proxyJvmOptionsVar})`] };
}

/** JAVA_TOOL_OPTIONS from its parts (proxy properties, agents, ...), or nothing when there are none. */
export function javaToolOptionsEnv(parts: readonly string[]): EnvSource[] {
  return parts.length ? [{ name: "JAVA_TOOL_OPTIONS", value: parts.join(" ") }] : [];
}

/** The Secret data `digit-proxy` holds for encrypted URLs without a login: the URLs as given, and the JVM's properties (jvmProxy). */
export function proxyUrls(proxy: ProxyOffer): Record<string, string> {
  const out: Record<string, string> = { [proxySecretKeys.jvm]: proxyJvmOptions(proxy).join(" ") };
  if (proxy.http) out[proxySecretKeys.http] = proxy.http;
  if (proxy.https) out[proxySecretKeys.https] = proxy.https;
  return out;
}

/**
 * The Secret data `digit-proxy` holds with a login: each proxy URL with the credentials in its
 * userinfo, percent-encoded, and the JVM's properties (jvmProxy reads them from here when the URLs
 * are secret; they never carry the credentials).
 */
export function proxyUrlsWithCredentials(proxy: ProxyOffer, username: string, password: string): Record<string, string> {
  const withAuth = (url: string) => {
    const u = new URL(url);
    u.username = encodeURIComponent(username);
    u.password = encodeURIComponent(password);
    return u.toString().replace(/\/$/, "");
  };
  const out: Record<string, string> = { [proxySecretKeys.jvm]: proxyJvmOptions(proxy).join(" ") };
  if (proxy.http) out[proxySecretKeys.http] = withAuth(proxy.http);
  if (proxy.https) out[proxySecretKeys.https] = withAuth(proxy.https);
  return out;
}

/**
 * The same place with the platform's complete proxy, for everything the platform renders. Named
 * fields, not a spread: a target may be a class whose offers are getters.
 */
export function placeWithProxy(target: Target, proxy: ProxyOffer | undefined): Target {
  if (proxy === target.proxy) return target;
  return {
    kind: target.kind,
    name: target.name,
    provider: target.provider,
    storage: target.storage,
    database: target.database,
    objectStore: target.objectStore,
    exposure: target.exposure,
    registry: target.registry,
    proxy,
    capacity: target.capacity,
    readiness: target.readiness,
  };
}

/** Host names of the URLs and endpoints the platform hands its services (only those known as text). */
export function hostsOf(addresses: ReadonlyArray<unknown>): string[] {
  const out: string[] = [];
  for (const a of addresses) {
    if (typeof a !== "string" || !a) continue;
    const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(a) ? new URL(a).hostname : a.split(":")[0];
    if (host) out.push(host.toLowerCase());
  }
  return [...new Set(out)];
}
