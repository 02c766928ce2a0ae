import { containerLabel, containersOf, describeObject, isKind, k8sKind, podSpecOf } from "./k8s";
import { SECRET, UNKNOWN, type ResourceRule } from "./types";

/** A name (env variable, ConfigMap key, property) that by its last word holds a credential. */
export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  const compact = words.replace(/_/g, "");
  return /(password|passwd|secretkey|apikey|accesskey|privatekey|clientsecret|secret|token)$/.test(compact) || /(^|_)(pwd|pass|credentials?)$/.test(words);
}

/** Values that cannot be a credential: empty, a number, a boolean, a reference to another variable. */
function harmless(value: string): boolean {
  const v = value.trim();
  return v === "" || v === UNKNOWN || /^-?[0-9]+(\.[0-9]+)?$/.test(v) || /^(true|false)$/i.test(v) || /^\$(\{[^}]+\}|\([^)]+\))$/.test(v);
}

/** Why a value is a credential whatever its name, or undefined. */
export function secretInValue(value: string): string | undefined {
  if (value.includes(SECRET)) return "a Pulumi secret";
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return "a private key";
  const userinfo = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i.exec(value);
  if (userinfo && !harmless(userinfo[1])) return "a password inside a URL";
  const basic = /\bBasic\s+([A-Za-z0-9+/=]{4,})/.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    // DIGIT's OAuth client id with an empty secret (`egov-user-client:`) is public.
    if (colon >= 0 && decoded.slice(colon + 1) !== "") return "HTTP basic credentials";
  }
  if (/\bBearer\s+[A-Za-z0-9._~+/-]{16,}/.test(value)) return "a bearer token";
  return undefined;
}

/** Lines of a config file (properties, YAML, INI) that set a credential to a literal. */
function secretLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z0-9_.\-[\]]+)\s*[=:]\s*["']?([^"'#\s]*)/.exec(line);
    if (m && isSecretName(m[1]) && !harmless(m[2])) out.push(m[1]);
  }
  return out;
}

/** Why a named value is a credential, or undefined. */
function judge(name: string, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const byValue = secretInValue(value);
  if (byValue) return byValue;
  if (isSecretName(name) && !harmless(value)) return "a credential by its name";
  if (value.includes("\n")) {
    const lines = secretLines(value);
    if (lines.length) return `credentials in the file (${lines.join(", ")})`;
  }
  return undefined;
}

/** Keys that name where a credential is (a Secret, a key in it, a file), not the credential; `xSecret: <a Secret's name>`. */
function namesAReference(key: string, value: string): boolean {
  const k = key.replace(/[^A-Za-z0-9]/g, "");
  if (/^existing|(secretname|secretref|secretkey(ref)?|passwordkey|userkey|tokenkey|keyref|file|path|name|enabled|length|type)$/i.test(k)) return true;
  return /secret$/i.test(k) && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value);
}

/** Helm values (nested objects and lists) holding a credential in plain text: their paths. */
function secretValues(v: unknown, path: string, out: Array<[string, string]>): void {
  if (Array.isArray(v)) v.forEach((x, i) => secretValues(x, `${path}[${i}]`, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) secretValues(x, path ? `${path}.${k}` : k, out);
  else if (typeof v === "string") {
    const key = path.split(/[.[]/).pop() ?? path;
    const why = namesAReference(key, v) ? secretInValue(v) : judge(key, v);
    if (why && why !== "a Pulumi secret") out.push([path, why]);
  }
}

const HELM_TYPES = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v3:Release"]);

/**
 * No secret value in a ConfigMap, a container's plain env or its arguments, an object's
 * annotations or a chart's values: anyone who can read the namespace's ConfigMaps, the pod spec
 * or the object would read it (charts' values land in their rendered objects), and it lands in the
 * plan and the diff. A Pulumi secret in a chart's values is fine: the chart puts it in a Secret.
 */
export const plainSecrets: ResourceRule = {
  kind: "resource",
  name: "no-plain-secrets",
  description: "No secret value in a ConfigMap, a plain env value, container arguments, annotations or a chart's values.",
  remedy: "keep it in a Secret (env valueFrom.secretKeyRef), generated with @pulumi/random or set with `pulumi config set --secret`",
  check(r) {
    const out: string[] = [];
    if (HELM_TYPES.has(r.type)) {
      const found: Array<[string, string]> = [];
      secretValues(r.props?.values, "", found);
      for (const [path, why] of found) out.push(`chart ${r.name} value ${path} holds ${why}`);
      return out;
    }
    for (const [k, v] of Object.entries(r.props?.metadata?.annotations ?? {})) {
      const why = k8sKind(r.type) && typeof v === "string" ? judge(k, v) : undefined;
      if (why) out.push(`annotation ${k} of ${describeObject(r)} holds ${why}`);
    }
    if (isKind(r, "ConfigMap", "core")) {
      for (const field of ["data", "binaryData"]) {
        const data = r.props?.[field];
        if (data === SECRET) out.push(`${describeObject(r)} holds ${field} that is a Pulumi secret`);
        if (!data || typeof data !== "object") continue;
        for (const [k, v] of Object.entries(data)) {
          const why = judge(k, v);
          if (why) out.push(`${describeObject(r)} key "${k}" holds ${why}`);
        }
      }
      return out;
    }
    const pod = podSpecOf(r);
    if (!pod) return out;
    for (const c of containersOf(pod)) {
      for (const e of Array.isArray(c.container.env) ? c.container.env : []) {
        if (!e || typeof e !== "object" || !("value" in e)) continue;
        const why = judge(String(e.name ?? ""), e.value);
        if (why) out.push(`env ${e.name} of ${containerLabel(c)} in ${describeObject(r)} holds ${why}`);
      }
      for (const field of ["command", "args"]) {
        for (const a of Array.isArray(c.container[field]) ? c.container[field] : []) {
          if (typeof a !== "string") continue;
          const flag = /^--?([A-Za-z0-9_.-]+)=(.*)$/s.exec(a);
          const why = flag ? judge(flag[1], flag[2]) : secretInValue(a);
          if (why) out.push(`${field} of ${containerLabel(c)} in ${describeObject(r)} holds ${why}`);
        }
      }
    }
    return out;
  },
};
