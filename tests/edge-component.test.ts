import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Edge } from "../components/edge";
import { createTarget } from "../providers";
import { installMocks, settle, named, ofType, unwrap, valueOf, Registered } from "./helpers/mocks";
import { parse, minimalValues } from "./helpers/config";

const fixtures = path.join(__dirname, "fixtures", "edge");
const certificate = readFileSync(path.join(fixtures, "test-only.crt"), "utf8");
const key = readFileSync(path.join(fixtures, "test-only.key"), "utf8");
const domain = "digit.test.example";

function build(name: string, values: Record<string, any>, secretKeys: string[] = []) {
  const c = parse({ ...minimalValues(), domain, ...values }, secretKeys);
  const target = createTarget(name, c.target, { profile: c.profile, protect: false, stateTenantId: c.stateTenantId, domain: c.domain });
  return new Edge(`${name}-edge`, { target, config: c, namespace: pulumi.output("digit-edge") });
}

const CR = (apiVersion: string, kind: string) => `kubernetes:${apiVersion}:${kind}`;

describe("Edge component (mocks)", () => {
  let seen: Registered[];
  let provided: Edge;
  let acme: Edge;
  before(async () => {
    seen = installMocks();
    provided = build(
      "sdc",
      {
        target: {
          kind: "sdc",
          kubeconfig: "/etc/digit/kubeconfig",
          registry: { mirror: "registry.pb-sdc.internal/egovio", chartRepository: "oci://registry.pb-sdc.internal/charts" },
        },
        edge: { tls: { mode: "provided", certificate, key } },
      },
      ["edge"],
    );
    acme = build("cloud", {
      target: { kind: "sdc", kubeconfig: "/k", exposure: { mode: "LoadBalancer", annotations: { "metallb.universe.tf/address-pool": "public" }, loadBalancerIP: "203.0.113.10" } },
      edge: { tls: { mode: "acme", email: "devops@punjab.gov.in" } },
    });
    await settle();
  });

  it("installs Envoy Gateway's pinned chart from the target's chart mirror into digit-edge", () => {
    const chart = named(seen, "kubernetes:helm.sh/v4:Chart", "sdc-edge-envoy-gateway").inputs;
    assert.equal(chart.chart, "oci://registry.pb-sdc.internal/charts/gateway-helm");
    assert.equal(chart.version, "v1.8.3");
    assert.equal(chart.namespace, "digit-edge");
    assert.equal(chart.values.global.images.envoyGateway.image, "registry.pb-sdc.internal/envoyproxy/gateway:v1.8.3");
    assert.deepEqual(chart.values.crds, { enabled: true });
  });

  it("runs Envoy Gateway's certgen as a native Job (with its RBAC) before the chart", () => {
    const job = named(seen, "kubernetes:batch/v1:Job", "sdc-edge-certgen").inputs;
    assert.equal(job.metadata.name, "envoy-gateway-certgen");
    assert.equal(job.metadata.namespace, "digit-edge");
    assert.equal(job.spec.template.spec.containers[0].image, "registry.pb-sdc.internal/envoyproxy/gateway:v1.8.3");
    assert.equal(named(seen, "kubernetes:rbac.authorization.k8s.io/v1:Role", "sdc-edge-certgen").inputs.rules[0].resources[0], "secrets");
    assert.equal(named(seen, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "sdc-edge-certgen").inputs.roleRef.name, "envoy-gateway-certgen");
    assert.equal(named(seen, "kubernetes:core/v1:ServiceAccount", "sdc-edge-certgen").inputs.metadata.name, "envoy-gateway-certgen");
  });

  it("registers GatewayClass, EnvoyProxy, Gateway, redirect route and client policy with explicit names", () => {
    const kinds = (prefix: string) =>
      seen.filter((r) => r.type.startsWith("kubernetes:gateway.") && r.name.startsWith(prefix)).map((r) => `${r.type} ${r.inputs.metadata.name}`).sort();
    assert.deepEqual(kinds("sdc-edge-"), [
      `${CR("gateway.envoyproxy.io/v1alpha1", "ClientTrafficPolicy")} digit-https`,
      `${CR("gateway.envoyproxy.io/v1alpha1", "EnvoyProxy")} digit`,
      `${CR("gateway.networking.k8s.io/v1", "Gateway")} digit`,
      `${CR("gateway.networking.k8s.io/v1", "GatewayClass")} digit`,
      `${CR("gateway.networking.k8s.io/v1", "HTTPRoute")} digit-https-redirect`,
    ]);
    const gw = named(seen, CR("gateway.networking.k8s.io/v1", "Gateway"), "sdc-edge-gateway").inputs;
    assert.equal(gw.metadata.namespace, "digit-edge");
    assert.deepEqual(gw.spec.listeners.map((l: any) => l.name), ["http", "https"]);
    const ep = named(seen, CR("gateway.envoyproxy.io/v1alpha1", "EnvoyProxy"), "sdc-edge-envoyproxy").inputs;
    assert.equal(ep.spec.provider.kubernetes.envoyService.type, "NodePort");
    assert.equal(ep.spec.provider.kubernetes.envoyDeployment.container.image, "registry.pb-sdc.internal/envoyproxy/envoy:distroless-v1.38.3");
  });

  it("a provided certificate becomes the kubernetes.io/tls Secret digit-tls, its key a Pulumi secret", () => {
    const s = named(seen, "kubernetes:core/v1:Secret", "sdc-edge-tls").inputs;
    assert.equal(s.type, "kubernetes.io/tls");
    assert.equal(s.metadata.name, "digit-tls");
    assert.equal(s.metadata.namespace, "digit-edge");
    const data = unwrap(s.stringData);
    const k = data.secret ? { secret: true, value: data.value["tls.key"] } : unwrap(data.value["tls.key"]);
    assert.equal(k.secret, true, "tls.key is registered as a secret");
    assert.equal(k.value, key);
    assert.equal(unwrap(data.value["tls.crt"]).value, certificate);
    assert.equal(seen.filter((r) => r.name.startsWith("sdc-edge-cert-manager")).length, 0, "no cert-manager for a provided certificate");
  });

  it("acme: cert-manager's chart (upstream, pinned), a ClusterIssuer and a Certificate", () => {
    const cm = named(seen, "kubernetes:helm.sh/v4:Chart", "cloud-edge-cert-manager").inputs;
    assert.equal(cm.chart, "cert-manager");
    assert.equal(cm.version, "v1.20.3");
    assert.deepEqual(cm.repositoryOpts, { repo: "https://charts.jetstack.io" });
    assert.equal(cm.values.config.enableGatewayAPI, true);
    const issuer = named(seen, CR("cert-manager.io/v1", "ClusterIssuer"), "cloud-edge-issuer").inputs;
    assert.equal(issuer.spec.acme.email, "devops@punjab.gov.in");
    const cert = named(seen, CR("cert-manager.io/v1", "Certificate"), "cloud-edge-certificate").inputs;
    assert.equal(cert.spec.secretName, "digit-tls");
    assert.equal(cert.metadata.namespace, "digit-edge");
    assert.equal(ofType(seen, "kubernetes:core/v1:Secret").filter((s) => s.name.startsWith("cloud-edge")).length, 0);
  });

  it("LoadBalancer exposure carries the target's annotations and address", () => {
    const ep = named(seen, CR("gateway.envoyproxy.io/v1alpha1", "EnvoyProxy"), "cloud-edge-envoyproxy").inputs;
    assert.deepEqual(ep.spec.provider.kubernetes.envoyService, {
      name: "digit-gateway",
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      annotations: { "metallb.universe.tf/address-pool": "public" },
      loadBalancerIP: "203.0.113.10",
    });
  });

  it("every Kubernetes child goes through the target's provider", () => {
    const children = seen.filter((r) => (r.name.startsWith("sdc-edge") || r.name.startsWith("cloud-edge")) && r.type.startsWith("kubernetes:"));
    assert.ok(children.length >= 20);
    for (const c of children) assert.ok(c.provider, `${c.type} ${c.name} has no provider`);
  });

  it("outputs: gateway name and namespace, the address, the TLS mode; routes attach to https and wait for the CRDs' chart", async () => {
    assert.equal(await valueOf(provided.gatewayName), "digit");
    assert.equal(await valueOf(provided.gatewayNamespace), "digit-edge");
    assert.equal(await valueOf(provided.tlsMode), "provided");
    assert.match(await valueOf(provided.address), /^NodePort on every node: http 32080, https 32443/);
    assert.match(await valueOf(acme.address), /^LoadBalancer Service digit-edge\/digit-gateway at 203\.0\.113\.10/);
    assert.equal(provided.routeListener, "https");
    assert.deepEqual(provided.routeDependencies, [provided.gatewayChart]);
  });

  it("a bad TLS choice fails with the config error before any edge object is registered", async () => {
    assert.throws(() => build("ha", { profile: "ha" }), /digit:edge\.tls: not set; a production \(ha\) stack must choose/);
    await settle();
    assert.equal(seen.filter((r) => r.name.startsWith("ha-edge-")).length, 0);
  });
});
