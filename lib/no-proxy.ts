/**
 * The grammar of a NO_PROXY entry as this project accepts it: one a JVM (http.nonProxyHosts) and
 * the Node, Go, curl and Python clients can all honour. components/services/proxy.ts writes the
 * entries out for each runtime; config/fields.ts refuses the others with the reason.
 */

/** What stays direct in every cluster, whatever the place: loopback and the cluster's own names (the API server's among them). */
export const clusterNoProxy: readonly string[] = [
  "localhost",
  "127.0.0.1",
  ".svc",
  ".svc.cluster.local",
  ".cluster.local",
  "cluster.local",
  "kubernetes",
  "kubernetes.default",
  "kubernetes.default.svc",
];

/** One NO_PROXY entry, classified. */
export type NoProxyEntry =
  | { kind: "suffix"; domain: string }
  | { kind: "host"; host: string }
  | { kind: "ip"; ip: string }
  | { kind: "cidr"; ip: string; bits: number }
  | { kind: "env"; ref: string };

const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const hostRe = new RegExp(`^${label}(\\.${label})*$`);
const ipRe = /^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const envRe = /^\$\([A-Z_][A-Z0-9_]*\)$/;

/** Classify an entry, or say why no runtime can use it as written. */
export function parseNoProxy(raw: string): NoProxyEntry | { error: string } {
  const e = raw.trim().toLowerCase();
  if (envRe.test(raw.trim())) return { kind: "env", ref: raw.trim() };
  if (e === "" || e === "*" || e === ".")
    return { error: `"${raw}" would send nothing through the proxy; remove the proxy instead, or list the hosts that stay direct` };
  if (e.includes("/")) {
    const [ip, bits, ...rest] = e.split("/");
    if (rest.length || !ipRe.test(ip) || !/^[0-9]{1,2}$/.test(bits) || Number(bits) > 32)
      return { error: `"${raw}" is not an IPv4 CIDR; write it as 10.20.0.0/16` };
    const n = Number(bits);
    if (toInt(ip) % 2 ** (32 - n) !== 0) return { error: `"${raw}" has host bits set; use the network address, e.g. ${fromInt(toInt(ip) - (toInt(ip) % 2 ** (32 - n)))}/${n}` };
    return n === 32 ? { kind: "ip", ip } : { kind: "cidr", ip, bits: n };
  }
  if (/:[0-9]+$/.test(e)) return { error: `"${raw}" names a port; the JVM's http.nonProxyHosts matches hosts only: drop the port` };
  if (ipRe.test(e)) return { kind: "ip", ip: e };
  const suffix = e.startsWith("*.") ? e.slice(2) : e.startsWith(".") ? e.slice(1) : undefined;
  if (suffix !== undefined) {
    if (!hostRe.test(suffix)) return { error: `"${raw}" is not a domain suffix such as .sdc.kerala.gov.in` };
    return { kind: "suffix", domain: suffix };
  }
  if (e.includes("*")) return { error: `"${raw}": a wildcard is understood only as a leading "*." or "."; for addresses give a CIDR such as 10.20.0.0/16` };
  if (!hostRe.test(e)) return { error: `"${raw}" is neither a host name, a domain suffix (.example.gov.in), an IPv4 address nor a CIDR` };
  return { kind: "host", host: e };
}

/**
 * Why an entry given in config cannot be honoured by every runtime, or undefined when it can. A
 * CIDR must sit on an octet boundary (/8, /16, /24): the JVM matches addresses by prefix only.
 */
export function noProxyProblem(raw: string): string | undefined {
  const p = parseNoProxy(raw);
  if ("error" in p) return p.error;
  if (p.kind === "env") return `"${raw}" is an environment reference; give a host, a domain suffix, an address or a CIDR`;
  if (p.kind === "cidr" && p.bits % 8 !== 0) {
    const wider = Math.floor(p.bits / 8) * 8;
    const base = fromInt(toInt(p.ip) - (toInt(p.ip) % 2 ** (32 - wider)));
    return (
      `"${raw}" cannot be written for the JVM, whose http.nonProxyHosts matches addresses only by a prefix of whole octets: ` +
      `use ${wider === 0 ? "smaller blocks" : `${base}/${wider}`} or list ${p.bits > 24 ? "the addresses" : `the /${Math.ceil(p.bits / 8) * 8} blocks`} inside it`
    );
  }
  return undefined;
}

export function toInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

export function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

