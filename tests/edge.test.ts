import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { planEdge, EdgePlace, EdgePlan, edgeNames, hstsValue, envoyGatewayChart, certManagerChart, letsEncrypt, resolveTls } from "../components/edge";
import { chartSource } from "../components/charts";
import { parse, minimalValues, errorOf } from "./helpers/config";
import { loadValidators, validateObject, hasModel } from "./helpers/validate";
import { namespaceObject } from "../components/config/namespaces";

const fixtures = path.join(__dirname, "fixtures", "edge");
const pem = (f: string) => readFileSync(path.join(fixtures, f), "utf8");
const certificate = pem("test-only.crt");
const key = pem("test-only.key");
const domain = "digit.test.example";
/** inside the fixture certificate's validity */
const now = new Date("2030-01-01T00:00:00Z");

const sdcPlace: EdgePlace = { kind: "sdc", exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443 }, registry: {} };
const cloudPlace: EdgePlace = {
  kind: "aws",
  exposure: { mode: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } },
  registry: {},
};

type Tls = Record<string, unknown> | undefined;

function config(tls: Tls, extra: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = { ...minimalValues(), domain, ...extra };
  if (tls) values.edge = { tls };
  return parse(values, tls && "key" in tls ? ["edge"] : []);
}

const provided = { mode: "provided", certificate, key };
const acme = { mode: "acme", email: "devops@punjab.gov.in" };

function plan(tls: Tls, place: EdgePlace = sdcPlace, extra: Record<string, unknown> = {}): EdgePlan {
  return planEdge(config(tls, extra), place, now);
}

function configErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e: any) {
    assert.equal(e.name, "ConfigError", `expected a ConfigError, got ${e.name}: ${e.message}`);
    return e.message;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

// CRDs without a kubernetes-models package are checked against the pinned releases' own schemas.
// ajv (a declared devDependency) reads their OpenAPI v3 subset; unknown formats and x-kubernetes-* keywords are ignored.
const crdSchemas: Record<string, { schema: object }> = JSON.parse(pem("crd-schemas.json"));
const Ajv = require("ajv");
const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
const crdValidators = new Map<string, any>();

/** The API server prunes unknown fields of a CRD object silently; here they fail, so a misspelt key is caught. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
  return out;
}

function validateAny(obj: Record<string, any>): void {
  if (hasModel(obj.apiVersion, obj.kind)) return validateObject(obj);
  const id = `${obj.apiVersion}/${obj.kind}`;
  const entry = crdSchemas[id];
  if (!entry) throw new Error(`no schema for ${id}`);
  if (!crdValidators.has(id)) crdValidators.set(id, ajv.compile(closed(entry.schema)));
  const v = crdValidators.get(id);
  if (!v(obj)) throw new Error(`${id} ${obj.metadata?.name}: ${ajv.errorsText(v.errors)}`);
}

function allObjects(p: EdgePlan): Record<string, any>[] {
  return [...Object.values(p.gatewayObjects), ...Object.values(p.certObjects), ...Object.values(p.certgen), ...(p.providedSecret ? [p.providedSecret] : [])].filter(
    Boolean,
  ) as Record<string, any>[];
}

describe("edge: exposure the target's way (pure)", () => {
  it("NodePort (SDC/NIC): the fixed ports on the Envoy Service, traffic policy Cluster", () => {
    const svc = plan(provided).gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService;
    assert.equal(svc.type, "NodePort");
    assert.equal(svc.name, "digit-gateway");
    assert.equal(svc.externalTrafficPolicy, "Cluster");
    assert.deepEqual(svc.patch, {
      type: "StrategicMerge",
      value: { spec: { ports: [{ port: 80, nodePort: 32080 }, { port: 443, nodePort: 32443 }] } },
    });
    assert.equal(svc.annotations, undefined);
  });

  it("NodePort without TLS patches only the HTTP port (a port the Service lacks would be added half-defined)", () => {
    const svc = plan({ mode: "none" }).gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService;
    assert.deepEqual(svc.patch.value.spec.ports, [{ port: 80, nodePort: 32080 }]);
  });

  it("NIC's own fixed ports are used as given", () => {
    const svc = plan(provided, { kind: "nic", exposure: { mode: "NodePort", httpPort: 30080, httpsPort: 30443 }, registry: {} }).gatewayObjects.envoyProxy.spec.provider.kubernetes
      .envoyService;
    assert.deepEqual(svc.patch.value.spec.ports.map((p: any) => p.nodePort), [30080, 30443]);
  });

  it("LoadBalancer (clouds): the target's annotations, no patch, traffic policy Local", () => {
    const svc = plan(acme, cloudPlace).gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService;
    assert.equal(svc.type, "LoadBalancer");
    assert.equal(svc.externalTrafficPolicy, "Local");
    assert.deepEqual(svc.annotations, cloudPlace.exposure.mode === "LoadBalancer" ? cloudPlace.exposure.annotations : undefined);
    assert.equal(svc.patch, undefined);
    assert.equal(svc.loadBalancerIP, undefined);
  });

  it("LoadBalancer with a reserved address (GCP, Azure) carries loadBalancerIP; a non-IPv4 one is a config error", () => {
    const place: EdgePlace = { kind: "gcp", exposure: { mode: "LoadBalancer", annotations: {}, loadBalancerIP: "34.100.20.7" }, registry: {} };
    const svc = plan(acme, place).gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService;
    assert.equal(svc.loadBalancerIP, "34.100.20.7");
    assert.equal(svc.annotations, undefined);
    const msg = configErrorOf(() => plan(acme, { ...place, exposure: { mode: "LoadBalancer", annotations: {}, loadBalancerIP: "2001:db8::7" } }));
    assert.match(msg, /digit:target\.exposure\.loadBalancerIP: got "2001:db8::7"; Envoy Gateway takes an IPv4 address/);
  });

  it("the address output tells the network team what to point where", () => {
    assert.equal(plan(provided).address, "NodePort on every node: http 32080, https 32443; point the load balancer's port 80/443 at them (Service digit-edge/digit-gateway)");
    assert.equal(plan(acme, cloudPlace).address, "LoadBalancer Service digit-edge/digit-gateway; point DNS at its external address");
  });

  it("the GatewayClass points at the EnvoyProxy that carries all of this", () => {
    const p = plan(provided);
    const gc = p.gatewayObjects.gatewayClass;
    assert.equal(gc.metadata.name, "digit");
    assert.equal(gc.metadata.namespace, undefined);
    assert.equal(gc.spec.controllerName, "gateway.envoyproxy.io/gatewayclass-controller");
    assert.deepEqual(gc.spec.parametersRef, { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "digit", namespace: "digit-edge" });
    assert.equal(p.gatewayObjects.envoyProxy.metadata.name, "digit");
    assert.equal(p.gatewayObjects.envoyProxy.metadata.namespace, "digit-edge");
  });
});

describe("edge: the Gateway DIGIT's routes attach to (pure)", () => {
  it("Gateway digit in digit-edge: http 80 for the edge's own routes, https 443 terminating with Secret digit-tls for DIGIT's", () => {
    const p = plan(provided);
    const gw = p.gatewayObjects.gateway;
    assert.deepEqual(p.gateway, { name: "digit", namespace: "digit-edge" });
    assert.equal(gw.metadata.name, "digit");
    assert.equal(gw.metadata.namespace, "digit-edge");
    assert.equal(gw.spec.gatewayClassName, "digit");
    const [http, https] = gw.spec.listeners;
    assert.deepEqual([http.name, http.protocol, http.port, http.hostname], ["http", "HTTP", 80, domain]);
    assert.deepEqual(http.allowedRoutes.namespaces, { from: "Same" });
    assert.deepEqual([https.name, https.protocol, https.port, https.hostname], ["https", "HTTPS", 443, domain]);
    assert.deepEqual(https.tls, { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "digit-tls" }] });
    assert.deepEqual(https.allowedRoutes.namespaces, {
      from: "Selector",
      selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["egov", "digit-edge"] }] },
    });
    assert.equal(p.routeListener, "https");
  });

  it("the listener and namespace match what DIGIT's HTTPRoutes reference (components/services/render.ts)", () => {
    const p = plan(provided);
    assert.equal(edgeNames.gateway, "digit");
    assert.equal(p.gateway.namespace, "digit-edge");
    assert.ok(p.gatewayObjects.gateway.spec.listeners.some((l: any) => l.name === p.routeListener && l.allowedRoutes.namespaces.selector.matchExpressions[0].values.includes("egov")));
  });

  it("every plain-HTTP request is redirected to HTTPS with a 301; ACME challenges win by their exact path match", () => {
    const r = plan(provided).gatewayObjects.redirectRoute!;
    assert.equal(r.kind, "HTTPRoute");
    assert.equal(r.metadata.namespace, "digit-edge");
    assert.deepEqual(r.spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "digit", namespace: "digit-edge", sectionName: "http" }]);
    assert.deepEqual(r.spec.hostnames, [domain]);
    assert.deepEqual(r.spec.rules, [
      { matches: [{ path: { type: "PathPrefix", value: "/" } }], filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
    ]);
  });

  it("HSTS on every HTTPS response, through a ClientTrafficPolicy on the https listener", () => {
    for (const tls of [provided, acme]) {
      const ctp = plan(tls).gatewayObjects.clientTrafficPolicy!;
      assert.deepEqual(ctp.spec.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "digit", sectionName: "https" }]);
      assert.deepEqual(ctp.spec.headers.lateResponseHeaders, { set: [{ name: "Strict-Transport-Security", value: hstsValue }] });
      assert.equal(ctp.spec.headers.withUnderscoresAction, "DropHeader");
    }
    assert.equal(hstsValue, "max-age=31536000");
  });
});

describe("edge: TLS modes (pure)", () => {
  it("acme: cert-manager (pinned, CRDs, Gateway API on), a Let's Encrypt ClusterIssuer solving HTTP-01 through the http listener, a Certificate into digit-tls", () => {
    const p = plan(acme, cloudPlace);
    assert.deepEqual(p.tls, { mode: "acme", email: "devops@punjab.gov.in", staging: false });
    const cm = p.charts.certManager!;
    assert.deepEqual(cm.pin, certManagerChart);
    assert.deepEqual(cm.values.crds, { enabled: true, keep: true });
    assert.equal((cm.values.config as any).enableGatewayAPI, true);
    assert.equal((cm.values.config as any).kind, "ControllerConfiguration");
    assert.deepEqual((cm.values.global as any).leaderElection, { namespace: "digit-edge" });

    const issuer = p.certObjects.clusterIssuer!;
    assert.equal(issuer.kind, "ClusterIssuer");
    assert.equal(issuer.metadata.name, "digit-letsencrypt");
    assert.equal(issuer.spec.acme.server, letsEncrypt.production);
    assert.equal(issuer.spec.acme.server, "https://acme-v02.api.letsencrypt.org/directory");
    assert.equal(issuer.spec.acme.email, "devops@punjab.gov.in");
    assert.deepEqual(issuer.spec.acme.solvers, [
      { http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "digit", namespace: "digit-edge", sectionName: "http" }] } } },
    ]);

    const cert = p.certObjects.certificate!;
    assert.equal(cert.metadata.namespace, "digit-edge");
    assert.equal(cert.spec.secretName, "digit-tls");
    assert.deepEqual(cert.spec.dnsNames, [domain]);
    assert.deepEqual(cert.spec.issuerRef, { group: "cert-manager.io", kind: "ClusterIssuer", name: "digit-letsencrypt" });
    assert.equal(cert.metadata.annotations["pulumi.com/skipAwait"], "true");
    assert.equal(p.providedSecret, undefined);
    assert.deepEqual(p.warnings, []);
  });

  it("acme staging: the staging CA under another issuer name (switching re-issues), with a warning", () => {
    const p = plan({ ...acme, staging: true }, cloudPlace);
    assert.equal(p.certObjects.clusterIssuer!.metadata.name, "digit-letsencrypt-staging");
    assert.equal(p.certObjects.clusterIssuer!.spec.acme.server, "https://acme-staging-v02.api.letsencrypt.org/directory");
    assert.equal(p.certObjects.certificate!.spec.issuerRef.name, "digit-letsencrypt-staging");
    assert.match(p.warnings.join("\n"), /staging CA issues certificates no browser trusts/);
  });

  it("acme on an SDC without a proxy warns that Let's Encrypt must be reachable both ways", () => {
    assert.match(plan(acme).warnings.join("\n"), /acme on a sdc target with no proxy/);
    const withProxy = plan(acme, { ...sdcPlace, proxy: { https: "http://proxy.pb.internal:3128", noProxy: [".pb.internal"] } });
    assert.deepEqual(withProxy.warnings, []);
    const env = withProxy.charts.certManager!.values.extraEnv as Array<{ name: string; value: string }>;
    assert.deepEqual(env.find((e) => e.name === "HTTPS_PROXY"), { name: "HTTPS_PROXY", value: "http://proxy.pb.internal:3128" });
    assert.deepEqual(env.find((e) => e.name === "NO_PROXY"), { name: "NO_PROXY", value: ".pb.internal" });
  });

  it("provided: a kubernetes.io/tls Secret digit-tls, no cert-manager at all", () => {
    const p = plan(provided);
    assert.deepEqual(p.tls, { mode: "provided" });
    assert.deepEqual(p.providedSecret, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: p.providedSecret!.metadata,
      type: "kubernetes.io/tls",
    });
    assert.equal(p.providedSecret!.metadata.name, "digit-tls");
    assert.equal(p.providedSecret!.metadata.namespace, "digit-edge");
    assert.equal(p.charts.certManager, undefined);
    assert.deepEqual(p.certObjects, {});
    assert.ok(!JSON.stringify(p).includes("PRIVATE KEY"), "the key never enters the plan");
  });

  it("provided certificates are checked offline: the domain, expiry, the key, PEM", () => {
    assert.match(
      configErrorOf(() => plan(provided, sdcPlace, { domain: "digit.punjab.gov.in" })),
      /digit:edge\.tls\.certificate: issued for DNS:digit\.test\.example, which does not cover digit:domain "digit\.punjab\.gov\.in"/,
    );
    assert.match(configErrorOf(() => planEdge(config(provided), sdcPlace, new Date("2127-01-01"))), /digit:edge\.tls\.certificate: expired on 2126-11-01; install a renewed certificate/);
    assert.match(configErrorOf(() => planEdge(config(provided), sdcPlace, new Date("2020-01-01"))), /digit:edge\.tls\.certificate: not valid before 2026-11-25/);
    const other = configErrorOf(() => plan({ ...provided, key: pem("test-only-other.key") }));
    assert.match(other, /digit:edge\.tls\.key: does not belong to digit:edge\.tls\.certificate/);
    assert.ok(!other.includes("BEGIN"), "no key material in the message");
    const encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkq\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert.match(configErrorOf(() => plan({ ...provided, key: encrypted })), /digit:edge\.tls\.key: not an unencrypted PEM private key/);
    assert.match(configErrorOf(() => plan({ ...provided, certificate: "MIIB..." })), /digit:edge\.tls\.certificate: not a PEM certificate/);
  });

  it("a key the program cannot read (the offline plan's stand-in for an encrypted value) is a warning, the certificate still checked", () => {
    const p = plan({ ...provided, key: "offline-secret-digit:edge.tls.key" });
    assert.match(p.warnings.join("\n"), /digit:edge\.tls\.key: not checked against the certificate/);
    assert.ok(p.providedSecret);
    assert.match(configErrorOf(() => plan({ ...provided, key: "offline-secret-digit:edge.tls.key" }, sdcPlace, { domain: "digit.punjab.gov.in" })), /does not cover digit:domain/);
  });

  it("a provided certificate close to expiry deploys with a warning", () => {
    const p = planEdge(config(provided), sdcPlace, new Date("2126-10-20T08:00:00Z"));
    assert.match(p.warnings.join("\n"), /digit:edge\.tls\.certificate: expires in 12 day\(s\), on 2126-11-01; renew it/);
  });

  it("none: only when chosen; plain HTTP serves DIGIT's routes, a warning, no redirect, no HSTS, no cert-manager", () => {
    const p = plan({ mode: "none" });
    assert.equal(p.routeListener, "http");
    const listeners = p.gatewayObjects.gateway.spec.listeners;
    assert.deepEqual(listeners.map((l: any) => l.name), ["http"]);
    assert.equal(listeners[0].allowedRoutes.namespaces.from, "Selector");
    assert.equal(p.gatewayObjects.redirectRoute, undefined);
    assert.equal(p.gatewayObjects.clientTrafficPolicy, undefined);
    assert.equal(p.charts.certManager, undefined);
    assert.match(p.warnings.join("\n"), /digit:edge\.tls\.mode is none: DIGIT is served over plain HTTP/);
    assert.equal(p.address, "NodePort on every node: http 32080; point the load balancer's port 80 at them (Service digit-edge/digit-gateway)");
  });

  it("not set, dev profile: a self-signed certificate through cert-manager (HTTPS, never plain), no HSTS, a warning", () => {
    const p = plan(undefined);
    assert.deepEqual(p.tls, { mode: "self-signed" });
    assert.equal(p.routeListener, "https");
    assert.deepEqual(p.certObjects.clusterIssuer!.spec, { selfSigned: {} });
    assert.equal(p.certObjects.certificate!.spec.issuerRef.name, "digit-selfsigned");
    assert.ok(p.charts.certManager);
    assert.equal(p.gatewayObjects.clientTrafficPolicy!.spec.headers.lateResponseHeaders, undefined, "HSTS would forbid clicking through the browser's warning");
    assert.ok(p.gatewayObjects.redirectRoute);
    assert.match(p.warnings.join("\n"), /digit:edge\.tls is not set: the edge serves https:\/\/digit\.test\.example\/ with a self-signed certificate/);
  });

  it("not set, ha profile: a config error naming digit:edge.tls and the three choices", () => {
    const msg = configErrorOf(() => plan(undefined, sdcPlace, { profile: "ha" }));
    assert.match(msg, /digit:edge\.tls: not set; a production \(ha\) stack must choose/);
    assert.match(msg, /mode: acme/);
    assert.match(msg, /mode: provided/);
    assert.match(msg, /mode: none/);
    assert.doesNotThrow(() => plan(provided, sdcPlace, { profile: "ha" }));
  });

  it("resolveTls is the one place the default is decided", () => {
    assert.deepEqual(resolveTls({ edge: {}, profile: "dev", domain }).plan, { mode: "self-signed" });
    assert.deepEqual(resolveTls({ edge: { tls: { mode: "none" } }, profile: "ha", domain }).plan, { mode: "none" });
  });
});

describe("edge: what helm.v4.Chart cannot run (Helm hooks) (pure)", () => {
  it("Envoy Gateway's certgen runs as a native Job with the chart's RBAC, command and restricted security context", () => {
    const cg = plan(provided).certgen;
    assert.deepEqual(cg.role.rules, [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update"] }]);
    assert.deepEqual(cg.roleBinding.subjects, [{ kind: "ServiceAccount", name: "envoy-gateway-certgen", namespace: "digit-edge" }]);
    const pod = cg.job.spec.template.spec;
    assert.equal(pod.serviceAccountName, "envoy-gateway-certgen");
    assert.equal(pod.restartPolicy, "Never");
    const c = pod.containers[0];
    assert.equal(c.image, "docker.io/envoyproxy/gateway:v1.8.3");
    assert.deepEqual([...c.command, ...c.args], ["envoy-gateway", "certgen", "--disable-topology-injector"]);
    assert.deepEqual(c.env[0], { name: "ENVOY_GATEWAY_NAMESPACE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } } });
    assert.equal(c.securityContext.runAsNonRoot, true);
    assert.equal(c.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
    assert.equal(c.securityContext.seccompProfile.type, "RuntimeDefault");
    assert.equal(cg.job.spec.ttlSecondsAfterFinished, undefined, "a Job that deletes itself would drift from the state");
  });

  it("certgen's image and pull secret go through the mirror", () => {
    const pod = plan(provided, { ...sdcPlace, registry: { mirror: "registry.pb-sdc.internal/egovio", pullSecretName: "registry-mirror" } }).certgen.job.spec.template.spec;
    assert.equal(pod.containers[0].image, "registry.pb-sdc.internal/envoyproxy/gateway:v1.8.3");
    assert.deepEqual(pod.imagePullSecrets, [{ name: "registry-mirror" }]);
  });

  it("everything of the edge runs in digit-edge, which enforces the restricted Pod Security Standard", () => {
    const p = plan(acme);
    assert.equal(namespaceObject(p.namespace).metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
    assert.deepEqual((p.charts.certManager!.values.global as any).leaderElection, { namespace: p.namespace }, "no Role in kube-system");
    for (const o of Object.values(p.certgen)) assert.equal(o.metadata.namespace, "digit-edge");
  });

  it("chart features that only exist as hooks are switched off, not left half-installed", () => {
    assert.deepEqual(plan(provided).charts.envoyGateway.values.topologyInjector, { enabled: false });
    assert.deepEqual(plan(acme).charts.certManager!.values.startupapicheck, { enabled: false });
  });
});

describe("edge: charts and images through the mirror (pure)", () => {
  it("Envoy Gateway's chart is pinned and ships the Gateway API CRDs", () => {
    const p = plan(provided);
    assert.deepEqual(p.charts.envoyGateway.pin, { chart: "gateway-helm", version: "v1.8.3", repository: "oci://docker.io/envoyproxy" });
    assert.deepEqual(envoyGatewayChart, p.charts.envoyGateway.pin);
    assert.deepEqual(p.charts.envoyGateway.values.crds, { enabled: true });
    assert.deepEqual(certManagerChart, { chart: "cert-manager", version: "v1.20.3", repository: "https://charts.jetstack.io" });
  });

  it("charts come from upstream, or from the target's chart mirror when one is set", () => {
    assert.deepEqual(chartSource(envoyGatewayChart), { chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.8.3" });
    assert.deepEqual(chartSource(envoyGatewayChart, "oci://registry.pb-sdc.internal/charts"), { chart: "oci://registry.pb-sdc.internal/charts/gateway-helm", version: "v1.8.3" });
    assert.deepEqual(chartSource(certManagerChart), { chart: "cert-manager", version: "v1.20.3", repositoryOpts: { repo: "https://charts.jetstack.io" } });
    assert.deepEqual(chartSource(certManagerChart, "https://charts.pb-sdc.internal"), { chart: "cert-manager", version: "v1.20.3", repositoryOpts: { repo: "https://charts.pb-sdc.internal" } });
  });

  it("without a mirror: upstream images, pinned", () => {
    const p = plan(acme, cloudPlace);
    const eg = p.charts.envoyGateway.values.global as any;
    assert.equal(eg.images.envoyGateway.image, "docker.io/envoyproxy/gateway:v1.8.3");
    assert.equal(eg.images.ratelimit.image, "docker.io/envoyproxy/ratelimit:1e50889b");
    assert.deepEqual(eg.imagePullSecrets, []);
    assert.equal(p.gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyDeployment.container.image, "docker.io/envoyproxy/envoy:distroless-v1.38.3");
    assert.deepEqual((p.charts.certManager!.values as any).image, { repository: "quay.io/jetstack/cert-manager-controller", tag: "v1.20.3" });
  });

  it("an air-gapped SDC: every image of both charts and the proxy through the mirror, with its pull secret", () => {
    const place: EdgePlace = { ...sdcPlace, registry: { mirror: "registry.pb-sdc.internal/egovio", pullSecretName: "registry-mirror", chartRepository: "oci://registry.pb-sdc.internal/charts" } };
    const p = plan(acme, place);
    const eg = p.charts.envoyGateway.values.global as any;
    assert.equal(eg.images.envoyGateway.image, "registry.pb-sdc.internal/envoyproxy/gateway:v1.8.3");
    assert.equal(eg.images.ratelimit.image, "registry.pb-sdc.internal/envoyproxy/ratelimit:1e50889b");
    assert.equal(eg.images.envoyProxy.image, "registry.pb-sdc.internal/envoyproxy/envoy:distroless-v1.38.3");
    assert.deepEqual(eg.imagePullSecrets, [{ name: "registry-mirror" }]);
    const ep = p.gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyDeployment;
    assert.equal(ep.container.image, "registry.pb-sdc.internal/envoyproxy/envoy:distroless-v1.38.3");
    assert.deepEqual(ep.pod.imagePullSecrets, [{ name: "registry-mirror" }]);
    const cm = p.charts.certManager!.values as any;
    for (const [img, name] of [
      [cm.image, "cert-manager-controller"],
      [cm.webhook.image, "cert-manager-webhook"],
      [cm.cainjector.image, "cert-manager-cainjector"],
      [cm.acmesolver.image, "cert-manager-acmesolver"],
    ])
      assert.deepEqual(img, { repository: `registry.pb-sdc.internal/jetstack/${name}`, tag: "v1.20.3" });
    assert.deepEqual(cm.global.imagePullSecrets, [{ name: "registry-mirror" }]);
    // nothing left pointing at a public registry
    assert.ok(!/docker\.io|quay\.io/.test(JSON.stringify({ ...p.charts.envoyGateway.values, cm, ep })));
  });

  it("ha: two of everything on the edge, PDBs, Envoy spread over nodes and zones", () => {
    const p = plan(acme, cloudPlace, { profile: "ha" });
    const k = p.gatewayObjects.envoyProxy.spec.provider.kubernetes;
    assert.equal(k.envoyDeployment.replicas, 2);
    assert.deepEqual(k.envoyPDB, { minAvailable: 1 });
    assert.deepEqual(k.envoyDeployment.pod.topologySpreadConstraints.map((t: any) => t.topologyKey), ["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
    assert.deepEqual(k.envoyDeployment.pod.topologySpreadConstraints[0].labelSelector.matchLabels, {
      "gateway.envoyproxy.io/owning-gateway-name": "digit",
      "gateway.envoyproxy.io/owning-gateway-namespace": "digit-edge",
    });
    assert.equal((p.charts.envoyGateway.values.deployment as any).replicas, 2);
    assert.deepEqual(p.charts.envoyGateway.values.podDisruptionBudget, { minAvailable: 1 });
    const cm = p.charts.certManager!.values as any;
    assert.equal(cm.replicaCount, 2);
    assert.equal(cm.webhook.replicaCount, 2);
    assert.equal(cm.podDisruptionBudget.enabled, true);

    const dev = plan(acme, cloudPlace).gatewayObjects.envoyProxy.spec.provider.kubernetes;
    assert.equal(dev.envoyDeployment.replicas, 1);
    assert.equal(dev.envoyPDB, undefined);
  });
});

describe("edge: every object is valid against its API schema", () => {
  before(loadValidators);

  const cases: Array<[string, () => EdgePlan]> = [
    ["provided, NodePort", () => plan(provided)],
    ["acme, LoadBalancer, ha", () => plan(acme, cloudPlace, { profile: "ha" })],
    ["acme staging, LoadBalancer with an address", () => plan({ ...acme, staging: true }, { kind: "gcp", exposure: { mode: "LoadBalancer", annotations: {}, loadBalancerIP: "34.100.20.7" }, registry: {} })],
    ["self-signed default, mirror", () => plan(undefined, { ...sdcPlace, registry: { mirror: "registry.pb-sdc.internal/egovio", pullSecretName: "registry-mirror" } })],
    ["none", () => plan({ mode: "none" })],
  ];
  for (const [label, make] of cases)
    it(label, () => {
      const objs = allObjects(make());
      assert.ok(objs.length >= 7);
      for (const o of objs) validateAny(o);
    });

  it("the CRD schemas do catch a wrong field", () => {
    const p = plan(provided);
    const bad = structuredClone(p.gatewayObjects.envoyProxy);
    bad.spec.provider.kubernetes.envoyService.type = "Ingress";
    assert.throws(() => validateAny(bad), /EnvoyProxy digit/);
    const badIssuer = structuredClone(plan(acme).certObjects.clusterIssuer!);
    badIssuer.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].port = "eighty";
    assert.throws(() => validateAny(badIssuer), /ClusterIssuer digit-letsencrypt/);
    const typo = structuredClone(p.gatewayObjects.clientTrafficPolicy!);
    typo.spec.headers.lateResponseHeader = typo.spec.headers.lateResponseHeaders;
    assert.throws(() => validateAny(typo), /ClientTrafficPolicy digit-https: .*additional properties/);
  });

  it("every object carries the standard labels and an explicit name", () => {
    for (const o of allObjects(plan(acme))) {
      assert.ok(o.metadata.name, o.kind);
      assert.equal(o.metadata.labels["app.kubernetes.io/part-of"], "digit", o.kind);
      assert.equal(o.metadata.labels["app.kubernetes.io/managed-by"], "pulumi", o.kind);
    }
  });
});

describe("edge: client addresses through the state's load balancer (pure, against the pinned ClientTrafficPolicy CRD)", () => {
  const nodePort = (clientIp?: Record<string, unknown>) =>
    ({ kind: "sdc", exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443, ...(clientIp ? { clientIp } : {}) }, registry: {} }) as EdgePlace;
  const xffRule = (crdSchemas["gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy"].schema as any).properties.spec.properties.clientIPDetection.properties.xForwardedFor["x-kubernetes-validations"][0];

  it("direct: externalTrafficPolicy Local on the NodePort Service, no client-address policy", () => {
    const p = plan(provided, nodePort({ mode: "direct" }));
    assert.equal(p.gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService.externalTrafficPolicy, "Local");
    assert.equal(p.gatewayObjects.httpClientTrafficPolicy, undefined);
    assert.equal(p.gatewayObjects.clientTrafficPolicy!.spec.proxyProtocol, undefined);
  });

  it("PROXY protocol on both listeners (the load balancer sends it on 80 and 443), valid against the CRD", () => {
    const p = plan(provided, nodePort({ mode: "proxy-protocol" }));
    const https = p.gatewayObjects.clientTrafficPolicy!;
    const http = p.gatewayObjects.httpClientTrafficPolicy!;
    assert.deepEqual(https.spec.proxyProtocol, {});
    assert.deepEqual(http.spec.proxyProtocol, {});
    assert.deepEqual(http.spec.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "digit", sectionName: "http" }]);
    assert.equal(p.gatewayObjects.envoyProxy.spec.provider.kubernetes.envoyService.externalTrafficPolicy, "Cluster");
    for (const o of [https, http]) validateAny(o);
  });

  it("X-Forwarded-For: trusted hops or trusted CIDRs, exactly one as the CRD's rule demands; without TLS the http listener alone", () => {
    assert.match(xffRule.rule, /numTrustedHops/);
    assert.match(xffRule.rule, /trustedCIDRs/);
    const hops = plan(provided, nodePort({ mode: "x-forwarded-for", trustedHops: 1 }));
    assert.deepEqual(hops.gatewayObjects.clientTrafficPolicy!.spec.clientIPDetection, { xForwardedFor: { numTrustedHops: 1 } });
    const cidrs = plan({ mode: "none" }, nodePort({ mode: "x-forwarded-for", trustedCidrs: ["10.40.0.0/24"] }));
    assert.equal(cidrs.gatewayObjects.clientTrafficPolicy, undefined);
    assert.deepEqual(cidrs.gatewayObjects.httpClientTrafficPolicy!.spec.clientIPDetection, { xForwardedFor: { trustedCIDRs: ["10.40.0.0/24"] } });
    for (const o of [hops.gatewayObjects.clientTrafficPolicy!, hops.gatewayObjects.httpClientTrafficPolicy!, cidrs.gatewayObjects.httpClientTrafficPolicy!]) {
      validateAny(o);
      const x = o.spec.clientIPDetection.xForwardedFor;
      assert.equal(("numTrustedHops" in x) !== ("trustedCIDRs" in x), true, "exactly one of numTrustedHops and trustedCIDRs");
    }
  });

  it("the config says which of the two it needs, naming the key", () => {
    const bad = (clientIp: Record<string, unknown>) => errorOf({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", exposure: { mode: "NodePort", clientIp } } });
    assert.match(bad({ mode: "x-forwarded-for" }), /digit:target\.exposure\.clientIp\.trustedHops: got nothing; give exactly one of trustedHops/);
    assert.match(bad({ mode: "x-forwarded-for", trustedHops: 1, trustedCidrs: ["10.0.0.0/8"] }), /give exactly one of trustedHops/);
    assert.match(bad({ mode: "proxy" }), /digit:target\.exposure\.clientIp\.mode: got "proxy"; allowed: direct \| proxy-protocol \| x-forwarded-for/);
  });
});
