import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { installMocks, settle, named, ofType, unwrap, Registered } from "./helpers/mocks";
import { errorOf, minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import type { DigitServiceSpec } from "../components/services/spec";
import { jvmCidrPatterns, jvmNonProxyHosts, nodeNoProxy, noProxyProblem, proxyUrlsWithCredentials, withPlatformNoProxy } from "../components/services/proxy";
import { namespaces } from "../components/namespaces";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { platformProxy } from "../components/services/platform-proxy";
import { serviceHostData } from "../components/config/egov-config";

/**
 * The two grammars a pod's proxy settings are read with, written from their sources
 * (vendor/proxy-grammars/SOURCE.md): a test fails when what the platform writes would send a
 * host the wrong way in either runtime.
 */

/** proxy-from-env v1.1.0 / v2.0.0 `shouldProxy` (axios 1.x), for the lower-cased NO_PROXY. */
function nodeShouldProxy(noProxy: string, hostname: string, port: number): boolean {
  const list = noProxy.toLowerCase();
  if (!list) return true;
  if (list === "*") return false;
  return list.split(/[,\s]/).every((entry) => {
    if (!entry) return true;
    const m = /^(.+):(\d+)$/.exec(entry);
    const host = m ? m[1] : entry;
    if (m && Number(m[2]) !== port) return true;
    if (!/^[.*]/.test(host)) return hostname !== host;
    return !hostname.endsWith(host.startsWith("*") ? host.slice(1) : host);
  });
}

/** The JDK's DefaultProxySelector: `|`-separated, lower-cased, `*` only at the start and/or end, whole-host match. */
function jvmDirect(nonProxyHosts: string, host: string): boolean {
  return nonProxyHosts
    .toLowerCase()
    .split("|")
    .filter(Boolean)
    .some((d) => {
      if (d === "*") return true;
      const lead = d.startsWith("*");
      const trail = d.endsWith("*") && d.length > 1;
      const core = d.slice(lead ? 1 : 0, trail ? -1 : undefined);
      const h = host.toLowerCase();
      if (lead && trail) return h.includes(core);
      if (lead) return h.endsWith(core);
      if (trail) return h.startsWith(core);
      return h === core;
    });
}

/** The kubelet expands $(VAR) in env values from the service variables; the API server's is always there. */
function kubelet(value: string, apiServer = "10.43.0.1"): string {
  return value.replace(/\$\(KUBERNETES_SERVICE_HOST\)/g, apiServer);
}

const root = path.resolve(__dirname, "..");

describe("proxy: the grammars' sources are vendored", () => {
  it("SOURCE.md names both upstreams and their commits", () => {
    const text = fs.readFileSync(path.join(root, "vendor/proxy-grammars/SOURCE.md"), "utf8");
    assert.match(text, /Rob--W\/proxy-from-env/);
    assert.match(text, /openjdk\/jdk/);
    assert.match(text, /DefaultProxySelector/);
  });
});

describe("proxy: NO_PROXY and http.nonProxyHosts (pure)", () => {
  const place = { http: "http://proxy.sdc.kerala.gov.in:3128", https: "http://proxy.sdc.kerala.gov.in:3128", noProxy: [".sdc.kerala.gov.in", "10.20.0.0/16", "192.168.7.12"] };
  const config = parse({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", proxy: place } });
  const endpoints = backboneEndpoints({ mode: "external", host: "pgsql.sdc.kerala.gov.in", port: 5432, database: "egov", username: "egov", password: "x", sslMode: "require", createDatabase: false }, true);
  const proxy = platformProxy({ proxy: place, objectStore: { mode: "minio" } }, config, endpoints)!;
  const node = kubelet(nodeNoProxy(proxy.noProxy));
  const jvm = kubelet(jvmNonProxyHosts(proxy.noProxy));

  it("every host the platform tells a service to call stays direct, for the JVM and for Node", () => {
    const hosts = Object.values(serviceHostData([{ name: "egov-user", namespace: namespaces.services }, { name: "egov-workflow-v2", namespace: namespaces.services }], {}, endpoints.minioUrl)).map(
      (u) => new URL(u).hostname,
    );
    hosts.push(
      new URL(endpoints.elasticsearch.url).hostname,
      endpoints.redis.host,
      endpoints.kafkaBrokers.split(":")[0],
      "egov-user.egov.svc.cluster.local",
      "kubernetes.default.svc",
      "10.43.0.1", // the API server, through $(KUBERNETES_SERVICE_HOST)
      "localhost",
      "127.0.0.1",
      "pgsql.sdc.kerala.gov.in",
      "sms.sdc.kerala.gov.in",
      "192.168.7.12",
    );
    for (const h of hosts) {
      assert.equal(nodeShouldProxy(node, h, 8080), false, `Node would proxy ${h}: ${node}`);
      assert.equal(jvmDirect(jvm, h), true, `the JVM would proxy ${h}: ${jvm}`);
    }
  });

  it("every namespace of components/namespaces.ts is a domain suffix in both forms", () => {
    for (const ns of Object.values(namespaces)) {
      assert.equal(nodeShouldProxy(node, `anything.${ns}`, 80), false, ns);
      assert.equal(jvmDirect(jvm, `anything.${ns}`), true, ns);
    }
  });

  it("the internet still goes through the proxy", () => {
    for (const h of ["github.com", "api.razorpay.com", "egov.org.in", "acme-v02.api.letsencrypt.org", "8.8.8.8", "kerala.gov.in"]) {
      assert.equal(nodeShouldProxy(node, h, 443), true, h);
      assert.equal(jvmDirect(jvm, h), false, h);
    }
  });

  it("a CIDR on an octet boundary becomes a prefix pattern for the JVM and stays a CIDR for NO_PROXY", () => {
    assert.ok(jvm.split("|").includes("10.20.*"), jvm);
    assert.ok(node.split(",").includes("10.20.0.0/16"), node);
    assert.equal(jvmDirect(jvm, "10.20.5.9"), true);
    assert.equal(jvmDirect(jvm, "10.21.5.9"), false);
    assert.deepEqual(jvmCidrPatterns("10.0.0.0", 8), ["10.*"]);
    assert.deepEqual(jvmCidrPatterns("10.20.30.0", 24), ["10.20.30.*"]);
    assert.deepEqual(jvmCidrPatterns("10.20.30.40", 32), ["10.20.30.40"]);
  });

  it("the targets' own unaligned ranges are covered exactly where that takes at most 16 patterns, else widened", () => {
    assert.deepEqual(jvmCidrPatterns("10.16.0.0", 14), ["10.16.*", "10.17.*", "10.18.*", "10.19.*"]);
    assert.equal(jvmCidrPatterns("172.16.0.0", 28).length, 16);
    assert.equal(jvmCidrPatterns("172.16.0.0", 28)[15], "172.16.0.15");
    assert.deepEqual(jvmCidrPatterns("10.20.0.0", 17), ["10.20.*"]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (base, bits, probe) => {
        const size = 2 ** (32 - bits);
        const net = base - (base % size);
        const ip = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
        const patterns = jvmCidrPatterns(ip(net), bits).join("|");
        const inside = probe >= net && probe < net + size;
        // every address inside is direct; outside, only a widened range may reach
        if (inside) assert.equal(jvmDirect(patterns, ip(probe)), true);
        else if (bits % 8 === 0 || 2 ** (Math.ceil(bits / 8) * 8 - bits) <= 16) assert.equal(jvmDirect(patterns, ip(probe)), false);
      }),
      { numRuns: 300 },
    );
  });

  it("the state's entries come after the platform's, each once", () => {
    const again = withPlatformNoProxy({ ...place, noProxy: [".egov", ...place.noProxy] }, { namespaces: ["egov"], hosts: [] })!;
    assert.equal(again.noProxy.filter((e) => e === ".egov").length, 1);
    assert.equal(again.noProxy.at(-1), "192.168.7.12");
  });
});

describe("proxy: config (schema)", () => {
  const withProxy = (proxy: Record<string, unknown>) => ({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", proxy } });

  it("a proxy address without a scheme is refused, naming the key and the fix", () => {
    const msg = errorOf(withProxy({ http: "proxy.sdc.kerala.gov.in:3128" }));
    assert.match(msg, /digit:target\.proxy\.http: got "proxy\.sdc\.kerala\.gov\.in:3128"; not a URL with a scheme \(http:\/\/\); write it as http:\/\/proxy\.sdc\.kerala\.gov\.in:3128/);
  });

  it("no port, another scheme, a path or credentials in the URL are refused with the reason", () => {
    assert.match(errorOf(withProxy({ https: "http://proxy.sdc.kerala.gov.in" })), /digit:target\.proxy\.https: .*no port \(the JVM would assume 80\)/);
    assert.match(errorOf(withProxy({ https: "https://proxy.sdc.kerala.gov.in:3129" })), /digit:target\.proxy\.https: .*the scheme is https/);
    assert.match(errorOf(withProxy({ http: "http://proxy.sdc.kerala.gov.in:3128/pac" })), /no path/);
    assert.match(errorOf(withProxy({ http: "http://u:p@proxy.sdc.kerala.gov.in:3128" })), /digit:target\.proxy\.http: .*credentials in the URL/);
    assert.doesNotMatch(errorOf(withProxy({ http: "http://u:hunter2@proxy.sdc.kerala.gov.in:3128" })), /hunter2/);
  });

  it("noProxy entries no runtime can honour are refused, each with its reason", () => {
    const msg = errorOf(withProxy({ http: "http://proxy.sdc:3128", noProxy: ["10.20.0.0/20", "10.20.*", "*", "host:8080", "10.1.2.3/16"] }));
    assert.match(msg, /digit:target\.proxy\.noProxy\[0\]: .*cannot be written for the JVM.*use 10\.20\.0\.0\/16 or list the \/24 blocks inside it/);
    assert.match(msg, /digit:target\.proxy\.noProxy\[1\]: .*a wildcard is understood only as a leading/);
    assert.match(msg, /digit:target\.proxy\.noProxy\[2\]: .*would send nothing through the proxy/);
    assert.match(msg, /digit:target\.proxy\.noProxy\[3\]: .*names a port/);
    assert.match(msg, /digit:target\.proxy\.noProxy\[4\]: .*host bits set; use the network address, e\.g\. 10\.1\.0\.0\/16/);
    for (const ok of [".sdc.kerala.gov.in", "*.sdc.kerala.gov.in", "sms-gw", "10.20.0.0/16", "10.20.30.40", "10.20.30.40/32"]) assert.equal(noProxyProblem(ok), undefined, ok);
  });

  it("credentials: username and password together, the password only encrypted", () => {
    assert.match(errorOf(withProxy({ http: "http://proxy.sdc:3128", username: "digit" })), /digit:target\.proxy\.password: got nothing; username and password go together/);
    assert.match(errorOf(withProxy({ http: "http://proxy.sdc:3128", username: "digit", password: "s3cret" })), /digit:target\.proxy\.password: given in plain text; store it encrypted: pulumi config set --secret --path 'digit:target\.proxy\.password'/);
    assert.doesNotThrow(() => parse(withProxy({ http: "http://proxy.sdc:3128", username: "digit", password: "s3cret" }), ["target"]));
    assert.match(errorOf(withProxy({ noProxy: [".x.in"] })), /digit:target\.proxy\.http: got nothing; a proxy needs http or https/);
  });

  it("credentials reach the URLs percent-encoded", () => {
    const data = proxyUrlsWithCredentials({ http: "http://proxy.sdc:3128", noProxy: [] }, "digit@kl", "p:ss/w%rd");
    assert.equal(data["http-proxy"], "http://digit%40kl:p%3Ass%2Fw%25rd@proxy.sdc:3128");
    assert.match(data["jvm-options"], /^-Dhttp\.proxyHost=proxy\.sdc -Dhttp\.proxyPort=3128 /);
    assert.doesNotMatch(data["jvm-options"], /digit|p%3A|p:ss/, "the JVM's properties carry no credentials");
  });
});

describe("proxy: a Java and a Node service through the platform, credentials as a Secret (mocks)", () => {
  let seen: Registered[];
  const password = "Pr0xy-Pa55-unique-9731";
  const bot: DigitServiceSpec = {
    name: "kl-grievance-bot",
    module: "kl-extensions",
    image: "egovio/kl-grievance-bot",
    tag: "1.0.0",
    replicas: 1,
    memoryMiB: 256,
    cpuMillis: 100,
    runtime: "node",
    env: [{ name: "EGOV_USER_HOST", configMap: "egov-service-host", key: "egov-user" }],
  };
  before(async () => {
    seen = installMocks();
    const c = parse(
      {
        ...minimalValues(),
        target: {
          kind: "sdc",
          kubeconfig: "/k",
          proxy: { http: "http://proxy.sdc.kerala.gov.in:3128", https: "http://proxy.sdc.kerala.gov.in:3128", noProxy: [".sdc.kerala.gov.in"], username: "digit", password },
        },
      },
      ["target"],
    );
    const t = createTarget("kl", c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
    new DigitPlatform("kl", { target: t, config: c, extraServices: [bot] });
    await settle();
  });

  const env = (deployment: string) => {
    const c = named(seen, "kubernetes:apps/v1:Deployment", deployment).inputs.spec.template.spec.containers[0];
    return Object.fromEntries(c.env.map((e: any) => [e.name, e]));
  };

  it("the Java service: proxy URLs from the Secret, NO_PROXY, and the JVM's properties without credentials", () => {
    const e = env("kl-egov-user");
    for (const name of ["HTTP_PROXY", "http_proxy"]) assert.deepEqual(e[name].valueFrom, { secretKeyRef: { name: "digit-proxy", key: "http-proxy" } });
    for (const name of ["HTTPS_PROXY", "https_proxy"]) assert.deepEqual(e[name].valueFrom, { secretKeyRef: { name: "digit-proxy", key: "https-proxy" } });
    assert.match(e.NO_PROXY.value, /(^|,)\.egov(,|$)/);
    assert.match(e.NO_PROXY.value, /\$\(KUBERNETES_SERVICE_HOST\)/);
    // the target section is encrypted, so the JVM's properties come from the Secret too, expanded by the kubelet
    assert.match(e.JAVA_TOOL_OPTIONS.value, /\$\(DIGIT_PROXY_JVM_OPTIONS\)/);
    assert.deepEqual(e.DIGIT_PROXY_JVM_OPTIONS.valueFrom, { secretKeyRef: { name: "digit-proxy", key: "jvm-options" } });
    const secret = ofType(seen, "kubernetes:core/v1:Secret").find((s) => s.inputs.metadata?.name === "digit-proxy" && s.inputs.metadata?.namespace === "egov")!;
    const data = unwrap(secret.inputs.stringData).value;
    assert.ok(data["jvm-options"], "the Secret holds the key JAVA_TOOL_OPTIONS refers to");
    const jto = data["jvm-options"] as string;
    assert.ok(Object.keys(e).indexOf("DIGIT_PROXY_JVM_OPTIONS") < Object.keys(e).indexOf("JAVA_TOOL_OPTIONS"), "defined before JAVA_TOOL_OPTIONS refers to it");
    assert.match(jto, /-Dhttp\.proxyHost=proxy\.sdc\.kerala\.gov\.in -Dhttp\.proxyPort=3128 -Dhttps\.proxyHost=proxy\.sdc\.kerala\.gov\.in -Dhttps\.proxyPort=3128 -Dhttp\.nonProxyHosts=/);
    assert.ok(jto.split("-Dhttp.nonProxyHosts=")[1].split("|").includes("*.es-cluster"));
    assert.doesNotMatch(jto, /Pa55|proxyUser|proxyPassword/);
  });

  it("the Node service: the same NO_PROXY, no JAVA_TOOL_OPTIONS", () => {
    const e = env("kl-kl-grievance-bot");
    assert.equal(e.NO_PROXY.value, env("kl-egov-user").NO_PROXY.value);
    assert.deepEqual(e.HTTPS_PROXY.valueFrom, { secretKeyRef: { name: "digit-proxy", key: "https-proxy" } });
    assert.equal(e.JAVA_TOOL_OPTIONS, undefined);
  });

  it("git-sync init containers and cert-manager use the proxy too", () => {
    const pods = ofType(seen, "kubernetes:apps/v1:Deployment").map((d) => d.inputs.spec.template.spec);
    const gitSync = pods.flatMap((p) => p.initContainers ?? []).find((c: any) => c.name.startsWith("git-sync-"));
    assert.ok(gitSync, "a service clones its config repository");
    assert.ok(gitSync.env.some((e: any) => e.name === "HTTPS_PROXY" && e.valueFrom?.secretKeyRef?.name === "digit-proxy"));
    const cm = ofType(seen, "kubernetes:helm.sh/v4:Chart").find((c) => c.inputs.chart === "cert-manager");
    if (cm) assert.ok(cm.inputs.values.extraEnv.some((e: any) => e.name === "HTTPS_PROXY" && e.valueFrom?.secretKeyRef?.name === "digit-proxy"));
  });

  it("the Secret digit-proxy exists in every namespace the platform creates, its data a Pulumi secret, never a literal elsewhere", () => {
    const created = ofType(seen, "kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata.name).sort();
    const secrets = ofType(seen, "kubernetes:core/v1:Secret").filter((s) => s.inputs.metadata.name === "digit-proxy");
    assert.deepEqual(secrets.map((s) => s.inputs.metadata.namespace).sort(), created);
    for (const s of secrets) {
      const data = unwrap(s.inputs.stringData);
      assert.equal(data.secret, true);
      assert.deepEqual(Object.keys(data.value).sort(), ["http-proxy", "https-proxy", "jvm-options"]);
    }
    const outside = seen.filter((r) => !(r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "digit-proxy"));
    assert.ok(!JSON.stringify(outside.map((r) => r.inputs)).includes(password), "the password appears outside the Secret");
  });
});
