import { z } from "zod";
import { noProxyProblem } from "../lib/no-proxy";

/** Schemas shared by several parts of the `digit` namespace (targets, backbone, services). */

/**
 * A value YAML may read as a number (`cpu: 2`, `version: 16`): taken as its text, then checked by
 * `text`. The JSON Schema (input) says number or string.
 */
export function numberOrText<T extends z.ZodType<string, string>>(text: T, message: string) {
  return z
    .union([z.number(), z.string()], { error: message })
    .transform((v) => String(v))
    .pipe(text)
    .meta({ anyOf: [{ type: "number" }, textSchema(text)] });
}

/** The JSON Schema of a text schema, for an editor: its pattern or allowed values. */
function textSchema(text: z.ZodType): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(text, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const cpuText = z
  .string()
  .regex(/^([0-9]+(\.[0-9]+)?|\.[0-9]+|[0-9]+m)$/, "expected a CPU quantity such as 250m, 1 or 2.5 (Mi and Gi are memory units)")
  .refine((v) => (v.endsWith("m") ? Number(v.slice(0, -1)) : Number(v)) > 0, "expected more than zero");

/** CPU: millicores (`250m`) or cores (`2`, `0.5`, also as a YAML number); more than zero. */
export const cpuQuantity = numberOrText(cpuText, "expected a CPU quantity such as 250m, 1 or 2.5");

/** Memory or storage: a number with a binary or decimal unit (`512Mi`, `20Gi`, `1G`); more than zero. */
export const memoryQuantity = z
  .string()
  .regex(
    /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/,
    "expected a memory quantity such as 512Mi, 4Gi or 100Gi, with its unit (m would mean thousandths of a byte)",
  )
  .refine((v) => parseFloat(v) > 0, "expected more than zero");

/** @deprecated the kind-agnostic form; fields use cpuQuantity or memoryQuantity */
export const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, "expected a Kubernetes quantity such as 500m, 2, 512Mi or 20Gi");

/** A DNS name; a label (the top-level one too) may be an IDNA punycode label (`xn--...`). */
export const dnsName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9]([-a-z0-9]{0,57}[a-z0-9])?)$/,
    "expected a lower-case DNS name such as digit.punjab.gov.in (internationalised names in their xn-- form)",
  );

/** A host name or IPv4 address, without scheme or port (the port has its own key). */
export const hostName = z
  .string()
  .min(1)
  .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), { message: "expected a host name, without a scheme such as https://", abort: true })
  .refine((v) => !/:[0-9]*$/.test(v), { message: "expected a host name without a port: set the port key beside it instead", abort: true })
  .refine((v) => /^[A-Za-z0-9]([-A-Za-z0-9.]{0,251}[A-Za-z0-9])?$/.test(v), "expected a host name such as pg.sdc.example or an IPv4 address");

/** A PostgreSQL database (or role) name the platform can put in a JDBC URL unquoted. */
export const databaseName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/, "expected a PostgreSQL database name: letters, digits, '_' or '-', starting with a letter, at most 63 characters");

/** An IPv4 CIDR block such as 10.0.0.0/16: octets up to 255, prefix up to 32, no host bits set. */
export const ipv4Cidr = z
  .string()
  .regex(/^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/, "expected an IPv4 CIDR block such as 10.0.0.0/16")
  .refine(hostBitsZero, "the address has host bits set; use the network address, e.g. 10.0.0.0/16");

function hostBitsZero(cidr: string): boolean {
  const [ip, bits] = cidr.split("/");
  const n = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return n % size === 0;
}

/** A Secret's (or ConfigMap's) name: a DNS-1123 subdomain. */
export const secretName = z
  .string()
  .regex(/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "expected a Kubernetes Secret name: lower-case letters, digits, '-' and '.' (DNS-1123)");

const cronField = (min: number, max: number) => (f: string) =>
  f.split(",").every((part) => {
    const m = /^(\*|([0-9]+)(-([0-9]+))?)(\/([0-9]+))?$/.exec(part);
    if (!m) return false;
    const [lo, hi] = m[1] === "*" ? [min, max] : [Number(m[2]), m[4] !== undefined ? Number(m[4]) : Number(m[2])];
    const step = m[6] !== undefined ? Number(m[6]) : 1;
    return lo >= min && hi <= max && lo <= hi && step >= 1;
  });
const cronFields = [cronField(0, 59), cronField(0, 23), cronField(1, 31), cronField(1, 12), cronField(0, 7)];

/** A five-field cron schedule (minute hour day-of-month month day-of-week), as a CronJob takes it. */
export const cronSchedule = z.string().refine((v) => {
  const fields = v.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f, i) => cronFields[i](f));
}, "expected a cron schedule of five fields (minute hour day month weekday), e.g. 30 1 * * *");

export const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a lower-case Kubernetes name (letters, digits, '-')");

export const port = z.number().int().min(1).max(65535);
export const nodePort = z.number().int().min(30000).max(32767);

/** StorageClass names per tier. */
export const storageClasses = z
  .object({
    fast: z.string().min(1).optional().describe("StorageClass for databases and brokers"),
    standard: z.string().min(1).optional().describe("StorageClass for everything else"),
    shared: z.string().min(1).optional().describe("ReadWriteMany StorageClass (NFS, Azure Files, EFS, Filestore)"),
  })
  .strict();

/** A pre-created PersistentVolume (iSCSI, NFS, local) that one claim of the platform binds to. */
export const staticVolume = z
  .object({
    for: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe("which claim binds it: <component>-<ordinal>, e.g. postgres-0, kafka-1, elasticsearch-data-2, minio-0"),
    volumeName: k8sName.describe("the PersistentVolume's name in the cluster"),
    size: memoryQuantity.describe("the volume's capacity; the claim asks for exactly this, and a component needing more is a config error"),
    storageClassName: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)?$/, "expected the PersistentVolume's storageClassName (a lower-case name), or \"\" for none")
      .optional()
      .describe("the PersistentVolume's spec.storageClassName; the claim names the same to bind it; default \"\" (no class)"),
  })
  .strict();

export const storage = z
  .object({
    classes: storageClasses.optional(),
    staticVolumes: z.array(staticVolume).optional().describe("pre-created PersistentVolumes the platform's claims bind to"),
  })
  .strict();

export const externalDatabase = z
  .object({
    mode: z.literal("external"),
    host: hostName.describe("the database server's host name or address, without a port"),
    port: port.default(5432),
    name: databaseName.default("egov"),
    username: z.string().min(1),
    password: z
      .string()
      .min(1)
      .describe("set with: pulumi config set --secret --path 'digit:target.database.password' <value>"),
    sslMode: z
      .enum(["disable", "prefer", "require", "verify-full"])
      .default("require")
      .describe("require: encrypted; verify-full: encrypted, and the server's certificate checked against caCertificate and its host name"),
    caCertificate: z
      .string()
      .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, "expected the PEM of a CA certificate (-----BEGIN CERTIFICATE----- ...)")
      .optional()
      .describe("PEM of the CA that signed the server's certificate; required with sslMode verify-full"),
  })
  .strict()
  .superRefine((db, ctx) => {
    if (db.sslMode === "verify-full" && !db.caCertificate)
      ctx.addIssue({
        code: "custom",
        path: ["caCertificate"],
        input: undefined,
        message: "sslMode verify-full checks the server's certificate against a CA: give the PEM of the CA that signed it (the database team has it), or use sslMode require",
      });
    if (db.caCertificate && db.sslMode !== "verify-full")
      ctx.addIssue({ code: "custom", path: ["caCertificate"], input: undefined, message: `given with sslMode ${db.sslMode}, which does not check certificates: set sslMode verify-full, or remove it` });
  });

export const inClusterDatabase = z.object({ mode: z.literal("in-cluster") }).strict();
export const database = z.discriminatedUnion("mode", [inClusterDatabase, externalDatabase]);

export const objectStore = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("minio") }).strict(),
  z
    .object({
      mode: z.literal("nfs"),
      server: hostName.describe("the NFS server's host name or address"),
      path: z.string().startsWith("/"),
    })
    .strict()
    .superRefine((_v, ctx) =>
      ctx.addIssue({
        code: "custom",
        path: ["mode"],
        input: "nfs",
        message:
          "egov-filestore of DIGIT 2.9 LTS cannot store files on a file system (its image has only S3 and Azure Blob paths): use mode minio and put MinIO's volume on the NFS export (digit:target.storage.staticVolumes minio-0 as an nfs PersistentVolume, or an NFS-backed storage class), or mode s3 for an S3-compatible store",
      }),
    ),
  z
    .object({
      mode: z.literal("s3"),
      bucket: z.string().min(3),
      endpoint: z.string().url().optional().describe("an S3-compatible endpoint (e.g. a state's Ceph RGW); empty for AWS"),
      region: z.string().default("ap-south-1"),
      accessKey: z.string().min(1).describe("set with --secret"),
      secretKey: z.string().min(1).describe("set with --secret"),
    })
    .strict(),
]);

/**
 * How Envoy learns a client's address through the load balancer in front of it (Envoy Gateway's
 * ClientTrafficPolicy, vendored CRD in tests/fixtures/edge): `direct` when the load balancer
 * passes the client's address through (the Service's externalTrafficPolicy becomes Local),
 * `proxy-protocol` when it sends a PROXY protocol header, `x-forwarded-for` when it is an HTTP
 * proxy that appends X-Forwarded-For.
 */
export const clientIp = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("direct").describe("the load balancer keeps client addresses (L4 pass-through); externalTrafficPolicy Local") }).strict(),
  z.object({ mode: z.literal("proxy-protocol").describe("the load balancer sends a PROXY protocol (v1 or v2) header on every connection, on both ports") }).strict(),
  z
    .object({
      mode: z.literal("x-forwarded-for").describe("the load balancer terminates HTTP and appends X-Forwarded-For"),
      trustedHops: z.number().int().min(1).max(10).optional().describe("how many proxies in front of Envoy append X-Forwarded-For (usually 1)"),
      trustedCidrs: z.array(ipv4Cidr).min(1).optional().describe("or: the addresses of those proxies"),
    })
    .strict()
    .superRefine((x, ctx) => {
      if ((x.trustedHops === undefined) === (x.trustedCidrs === undefined))
        ctx.addIssue({ code: "custom", path: ["trustedHops"], input: x.trustedHops, message: "give exactly one of trustedHops (how many proxies append X-Forwarded-For) or trustedCidrs (their addresses)" });
    }),
]);

export const exposure = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("NodePort"),
      httpPort: nodePort.default(32080),
      httpsPort: nodePort.default(32443),
      clientIp: clientIp.optional().describe("how client addresses reach Envoy; default none (Envoy sees the nodes' addresses)"),
    })
    .strict(),
  z
    .object({
      mode: z.literal("LoadBalancer"),
      loadBalancerIP: z.string().optional().describe("a reserved IPv4 address for the edge's load balancer"),
      annotations: z.record(z.string(), z.string()).optional().describe("annotations of the edge's LoadBalancer Service (cloud load balancer settings)"),
      internal: z.boolean().default(false).describe("an internal load balancer, reachable only from the VPC/VNet and networks joined to it; default false"),
      clientIp: clientIp.optional().describe("how client addresses reach Envoy; default direct (externalTrafficPolicy Local)"),
    })
    .strict(),
]);

export const registry = z
  .object({
    mirror: z
      .string()
      .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "expected a registry prefix such as registry.state.example/egovio")
      .describe("replaces DIGIT's `egovio` prefix and every third-party registry"),
    pullSecret: secretName
      .optional()
      .describe("name of a docker-registry Secret the state keeps in pullSecretNamespace; the platform checks it and copies it into every namespace it creates"),
    pullSecretNamespace: k8sName.default("default").describe("namespace (not one the platform creates) holding the pullSecret; default: default"),
    dockerConfigJson: z.string().min(1).optional().describe("or: the .dockerconfigjson content, set with --secret"),
    chartRepository: z
      .string()
      .regex(/^(oci|https?):\/\/\S+$/, "expected a chart repository URL such as oci://harbor.state.example/charts or https://charts.state.example")
      .optional()
      .describe("a Helm chart repository mirror (OCI or HTTP) for third-party charts; a user and password in the URL are its login (set it with --secret)"),
  })
  .strict();

/**
 * A proxy address: `http://host:port`. The JVM takes host and port apart (http.proxyHost,
 * http.proxyPort) and speaks plain HTTP to the proxy (CONNECT for https targets), so the scheme,
 * the host and the port must all be there, and credentials go in proxy.username / password.
 */
export const proxyUrl = z.string().superRefine((v, ctx) => {
  const example = "http://proxy.sdc.kerala.gov.in:3128";
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  const fail = (why: string) => ctx.addIssue({ code: "custom", message: `${why}; write it as ${example}` });
  if (!u || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return fail("not a URL with a scheme (http://)");
  if (u.protocol !== "http:") return fail(`the scheme is ${u.protocol.replace(":", "")}; DIGIT's JVMs and Node clients reach a proxy over plain http:// (CONNECT tunnels https targets)`);
  if (!u.hostname) return fail("no host");
  // The authority's own text: URL drops a port equal to the scheme's default, and a port must be written.
  if (!/^[a-z]+:\/\/([^@/?#]*@)?[^:/?#]+:[0-9]{1,5}([/?#]|$)/i.test(v)) return fail("no port (the JVM would assume 80)");
  if (u.username || u.password) return fail("credentials in the URL would be stored and shown in plain text; give digit:target.proxy.username and set password with --secret");
  if (u.pathname !== "/" || u.search || u.hash) return fail("a proxy address has no path, query or fragment");
});

/** A NO_PROXY entry every runtime can honour (components/services/proxy.ts has the grammars). */
export const noProxyEntry = z.string().superRefine((v, ctx) => {
  const why = noProxyProblem(v);
  if (why) ctx.addIssue({ code: "custom", message: why });
});

export const proxy = z
  .object({
    http: proxyUrl.optional().describe("HTTP_PROXY for pods that leave the cluster: http://host:port"),
    https: proxyUrl.optional().describe("HTTPS_PROXY for pods that leave the cluster: http://host:port (the proxy tunnels https)"),
    noProxy: z
      .array(noProxyEntry)
      .default([])
      .describe("hosts, domain suffixes (.sdc.kerala.gov.in), addresses and octet-aligned CIDRs (10.20.0.0/16) reached directly; the cluster's names and every DIGIT namespace are always added"),
    username: z.string().min(1).optional().describe("login at the proxy; with password"),
    password: z.string().min(1).optional().describe("password at the proxy, set with --secret; pods read it from the Secret digit-proxy"),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.http && !p.https) ctx.addIssue({ code: "custom", path: ["http"], input: undefined, message: "a proxy needs http or https (or both); remove digit:target.proxy if there is none" });
    if ((p.username === undefined) !== (p.password === undefined))
      ctx.addIssue({ code: "custom", path: [p.username === undefined ? "username" : "password"], input: undefined, message: "username and password go together; give both or neither" });
  });

export const capacity = z
  .object({
    nodes: z.number().int().min(1).describe("worker nodes DIGIT may use"),
    cpuPerNode: cpuQuantity.describe("allocatable CPU of one node"),
    memoryPerNode: memoryQuantity.describe("allocatable memory of one node"),
  })
  .strict();

