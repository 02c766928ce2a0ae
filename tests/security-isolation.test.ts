import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as YAML from "yaml";
import * as fs from "node:fs";
import { planAllStacks, repoRoot, stackFiles, type PlanRun } from "./helpers/plan-run";
import { readResources } from "./helpers/security-plans";
import { evaluate, inCidr, isolationAllows, isolationPolicies, type Endpoint, type IsolationInput } from "../components/security";
import { namespaces } from "../components/namespaces";

type K8sObject = Record<string, any>;

const input = (over: Partial<IsolationInput> = {}): IsolationInput => ({
  namespaces: ["egov", "backbone", "kafka-kraft", "es-cluster", "digit-edge", "monitoring", "logging"],
  servicePorts: [8080],
  backbone: [
    { part: "postgres", namespace: "backbone", port: 5432 },
    { part: "redis", namespace: "backbone", port: 6379 },
    { part: "kafka", namespace: "kafka-kraft", port: 9092 },
    { part: "elasticsearch", namespace: "es-cluster", port: 9200 },
  ],
  proxyPorts: [],
  metadataServer: false,
  acme: true,
  scrape: { "digit-edge": [19001], logging: [3100] },
  ingressManagedElsewhere: ["backbone", "kafka-kraft", "es-cluster"],
  ...over,
});

const pod = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels });
const envoy = pod("digit-edge", { "app.kubernetes.io/managed-by": "envoy-gateway", "app.kubernetes.io/component": "proxy" });
const service = (name: string) => pod("egov", { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name });
const dns = pod("kube-system", { "k8s-app": "kube-dns" });
const allowed = (policies: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol: "TCP" | "UDP" = "TCP") => evaluate(policies, { from, to, port, protocol }).allowed;

describe("network isolation: the plan (pure)", () => {
  it("gives every namespace its default deny first, then named allows, each with its reason", () => {
    const ps = isolationPolicies(input());
    for (const ns of input().namespaces) {
      const mine = ps.filter((p) => p.metadata.namespace === ns);
      assert.equal(mine[0].metadata.name, "digit-default-deny", ns);
      assert.deepEqual(mine[0].spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      assert.equal(new Set(mine.map((p) => p.metadata.name)).size, mine.length, `unique names in ${ns}`);
      for (const p of mine) assert.ok(p.metadata.annotations["digit.egov.org/why"].length > 10, p.metadata.name);
    }
  });

  it("leaves the backbone's ingress to its own per-part policies: no blanket same-namespace ingress there", () => {
    const names = (ns: string) => isolationAllows(input()).filter((a) => a.namespace === ns).map((a) => a.name);
    for (const ns of ["backbone", "kafka-kraft", "es-cluster"]) assert.ok(!names(ns).includes("allow-ingress-same-namespace"), ns);
    assert.ok(names("egov").includes("allow-ingress-same-namespace"));
  });

  it("allows the documented flows and nothing else", () => {
    const ps = isolationPolicies(input());
    // In-namespace ingress of the backbone comes from its own policies; stand one in.
    const redisPolicy = { kind: "NetworkPolicy", metadata: { name: "redis", namespace: "backbone" }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "egov" } } }], ports: [{ port: 6379 }] }] } };
    const all = [...ps, redisPolicy];
    assert.ok(allowed(all, { ip: "203.0.113.7" }, envoy, 10443), "public -> envoy");
    assert.ok(!allowed(all, { ip: "203.0.113.7" }, service("zuul"), 8080), "public -> a service directly");
    assert.ok(allowed(all, envoy, service("zuul"), 8080), "edge -> services");
    assert.ok(!allowed(all, envoy, service("zuul"), 22), "edge -> services on another port");
    assert.ok(allowed(all, service("egov-user"), service("egov-idgen"), 8080), "services -> services");
    assert.ok(allowed(all, service("egov-user"), pod("backbone", { app: "redis" }), 6379), "services -> redis");
    assert.ok(!allowed(all, service("egov-user"), pod("backbone", { app: "redis" }), 9121), "services -> redis metrics");
    assert.ok(!allowed(all, envoy, pod("backbone", { app: "redis" }), 6379), "edge -> backbone");
    assert.ok(!allowed(all, pod("backbone", { app: "redis" }), service("egov-user"), 8080), "backbone -> services");
    for (const ns of input().namespaces) assert.ok(allowed(all, pod(ns), dns, 53, "UDP"), `${ns} -> DNS`);
    assert.ok(allowed(all, service("egov-user"), { ip: "142.250.1.1" }, 443), "services -> public HTTPS");
    assert.ok(!allowed(all, service("egov-user"), { ip: "10.0.3.4" }, 443), "services -> private HTTPS");
    assert.ok(!allowed(all, service("egov-user"), { ip: "169.254.169.254" }, 80), "services -> cloud metadata");
    assert.ok(!allowed(all, service("egov-user"), { ip: "142.250.1.1" }, 22), "services -> public SSH");
    assert.ok(allowed(all, pod("monitoring"), service("egov-user"), 8080), "monitoring -> service metrics");
    assert.ok(allowed(all, pod("monitoring"), pod("digit-edge"), 19001), "monitoring -> envoy metrics");
    assert.ok(!allowed(all, service("egov-user"), pod("monitoring", { app: "grafana" }), 3000), "services -> grafana");
    assert.ok(allowed(all, service("egov-user"), pod("monitoring"), 6831, "UDP"), "services -> tracing collector");
    assert.ok(!allowed(all, pod("kafka-kraft"), { ip: "142.250.1.1" }, 443), "kafka -> internet");
    assert.ok(allowed(all, pod("backbone", { "app.kubernetes.io/name": "cloudnative-pg" }), { ip: "10.100.0.1" }, 443), "operators -> Kubernetes API");
  });

  // What an adversarial review got through, each checked against the policies themselves.
  const cnpgOperator = pod("backbone", { "app.kubernetes.io/name": "cloudnative-pg" });
  const postgres = pod("backbone", { "cnpg.io/cluster": "postgres" });
  const redis = pod("backbone", { "app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "redis" });
  const es = pod("es-cluster", { "elasticsearch.k8s.elastic.co/cluster-name": "elasticsearch" });
  const certManager = pod("digit-edge", { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" });
  const solver = pod("digit-edge", { "acme.cert-manager.io/http01-solver": "true" });
  const prometheus = pod("monitoring", { "app.kubernetes.io/name": "prometheus" });
  const grafana = pod("monitoring", { "app.kubernetes.io/name": "grafana" });

  it("only operators and controllers reach the Kubernetes API: the data stores reach no internet address", () => {
    const ps = isolationPolicies(input());
    for (const [who, p] of [["redis", redis], ["elasticsearch", es], ["an unlabelled backbone pod", pod("backbone")], ["grafana's data", pod("logging", { app: "loki" })]] as const)
      for (const port of [443, 6443]) assert.ok(!allowed(ps, p, { ip: "142.250.1.1" }, port), `${who} -> internet:${port}`);
    assert.ok(allowed(ps, cnpgOperator, { ip: "10.100.0.1" }, 443), "CloudNativePG's operator -> API");
    assert.ok(allowed(ps, postgres, { ip: "10.100.0.1" }, 6443), "CloudNativePG's instance manager -> API");
    assert.ok(allowed(ps, pod("es-cluster", { "app.kubernetes.io/name": "eck-operator" }), { ip: "10.100.0.1" }, 443), "ECK -> API");
    assert.ok(allowed(ps, pod("monitoring", { "app.kubernetes.io/component": "prometheus-operator" }), { ip: "10.100.0.1" }, 443), "Prometheus operator -> API");
  });

  it("narrows the API egress to the API server's addresses where the target knows them", () => {
    const ps = isolationPolicies(input({ apiServerCidrs: ["10.96.0.1/32", "192.168.10.0/29"] }));
    assert.ok(allowed(ps, cnpgOperator, { ip: "10.96.0.1" }, 443));
    assert.ok(allowed(ps, cnpgOperator, { ip: "192.168.10.3" }, 6443));
    assert.ok(!allowed(ps, cnpgOperator, { ip: "142.250.1.1" }, 443), "no other address");
  });

  it("every egress to 0.0.0.0/0 keeps out link-local (cloud metadata), whatever the options", () => {
    const ps = isolationPolicies(input({ externalDatabasePort: 5432, proxyPorts: [3128], alertWebhookPort: 8443 }));
    const open = ps.flatMap((p) => (p.spec.egress ?? []).flatMap((r: any) => (r.to ?? []).filter((t: any) => t.ipBlock?.cidr === "0.0.0.0/0" && !(t.ipBlock.except ?? []).includes("169.254.0.0/16")).map(() => `${p.metadata.namespace}/${p.metadata.name}`)));
    assert.deepEqual(open, []);
    for (const who of [cnpgOperator, certManager, prometheus, service("egov-user")])
      for (const port of [80, 443, 3128, 5432, 9100]) assert.ok(!allowed(ps, who, { ip: "169.254.169.254" }, port), `${who.namespace} -> metadata:${port}`);
  });

  it("the ACME egress belongs to cert-manager's controller (it runs the HTTP-01 self-check), not to every pod of the edge", () => {
    const ps = isolationPolicies(input());
    assert.ok(allowed(ps, certManager, { ip: "203.0.113.7" }, 80), "self-check");
    assert.ok(allowed(ps, certManager, { ip: "172.65.32.248" }, 443), "the ACME server");
    assert.ok(!allowed(ps, solver, { ip: "203.0.113.7" }, 80), "the solver pods only answer");
    assert.ok(!allowed(ps, envoy, { ip: "203.0.113.7" }, 80), "the Envoy proxies");
  });

  it("monitoring reaches the backbone only on its metrics ports, never its data ports", () => {
    // The backbone's own policies admit monitoring on their side; stand in ones that admit everything, so the egress side decides.
    const admitAll = ["backbone", "kafka-kraft", "es-cluster"].map((ns) => ({ kind: "NetworkPolicy", metadata: { name: "admit", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] } }));
    const ps = [
      ...isolationPolicies(input({ scrape: { "digit-edge": [19001], logging: [3100], backbone: [9187, 9121, 9000], "kafka-kraft": [9308], "es-cluster": [9114] }, backbone: [...input().backbone, { part: "minio", namespace: "backbone", port: 9000 }] })),
      ...admitAll,
    ];
    for (const [to, port] of [[postgres, 5432], [redis, 6379], [pod("kafka-kraft"), 9092], [es, 9200]] as const) {
      assert.ok(!allowed(ps, prometheus, to, port), `prometheus -> ${to.namespace}:${port}`);
      assert.ok(!allowed(ps, grafana, to, port), `grafana -> ${to.namespace}:${port}`);
    }
    for (const [to, port] of [[postgres, 9187], [redis, 9121], [pod("kafka-kraft"), 9308], [es, 9114]] as const) assert.ok(allowed(ps, prometheus, to, port), `prometheus -> ${to.namespace}:${port}`);
    assert.ok(allowed(ps, prometheus, pod("backbone", { app: "minio" }), 9000), "MinIO serves its metrics on its API port: Prometheus may");
    assert.ok(!allowed(ps, grafana, pod("backbone", { app: "minio" }), 9000), "nobody else in monitoring");
    // an exporter in monitoring for a part without metrics of its own (e.g. a database outside the cluster) still gets its client port
    const ext = [...isolationPolicies(input({ monitoringClients: [{ part: "postgres", namespace: "backbone", port: 5432 }] })), ...admitAll];
    assert.ok(allowed(ext, pod("monitoring", { "app.kubernetes.io/name": "postgres-exporter" }), postgres, 5432));
  });

  it("adds a managed database, the state's proxy, GKE's metadata server and configured egress only when asked", () => {
    const ps = isolationPolicies(input({ externalDatabasePort: 5432, proxyPorts: [3128], metadataServer: true, internetPorts: [443], extraEgress: [{ namespace: "egov", cidr: "10.40.0.0/24", ports: [8443] }] }));
    const user = service("egov-user");
    assert.ok(allowed(ps, user, { ip: "10.20.5.6" }, 5432), "managed database on a private address");
    assert.ok(allowed(ps, pod("digit-edge"), { ip: "10.1.1.1" }, 3128), "proxy from the edge");
    assert.ok(allowed(ps, user, { ip: "169.254.169.254" }, 80), "GKE metadata server");
    assert.ok(!allowed(ps, user, { ip: "142.250.1.1" }, 587), "internet ports narrowed to 443");
    assert.ok(allowed(ps, user, { ip: "10.40.0.9" }, 8443), "configured egress");
    assert.ok(!allowed(ps, user, { ip: "10.40.1.9" }, 8443), "only to the configured range");
    const none = isolationPolicies(input());
    assert.ok(!allowed(none, user, { ip: "10.20.5.6" }, 5432));
    assert.ok(!allowed(none, pod("digit-edge"), { ip: "10.1.1.1" }, 3128));
  });

  it("evaluates NetworkPolicy semantics: CIDRs, selectors, implicit policy types", () => {
    assert.ok(inCidr("10.1.2.3", "10.0.0.0/8") && !inCidr("11.1.2.3", "10.0.0.0/8") && inCidr("1.2.3.4", "0.0.0.0/0") && inCidr("192.168.4.4", "192.168.4.4/32"));
    const ingressOnly = { kind: "NetworkPolicy", metadata: { name: "a", namespace: "x" }, spec: { podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] }, ingress: [{ from: [{ podSelector: {} }] }] } };
    assert.ok(allowed([ingressOnly], pod("x", { app: "other" }), pod("x", { app: "web" }), 80), "same namespace");
    assert.ok(!allowed([ingressOnly], pod("y"), pod("x", { app: "web" }), 80), "podSelector alone means the policy's namespace");
    assert.ok(allowed([ingressOnly], pod("y"), pod("x", { app: "db" }), 80), "pods not selected are not isolated");
    assert.ok(allowed([ingressOnly], pod("x", { app: "web" }), pod("y"), 80), "no policyTypes and no egress rules: egress stays open");
  });
});

/** The backbone's own per-part policies: pods they select, and the ports they admit from one namespace. */
function admittedFrom(policies: K8sObject[], from: string): Array<{ namespace: string; labels: Record<string, string>; port: number; policy: string }> {
  const out: Array<{ namespace: string; labels: Record<string, string>; port: number; policy: string }> = [];
  for (const p of policies) {
    if (p.metadata.name.startsWith("digit-")) continue;
    for (const rule of p.spec.ingress ?? [])
      if ((rule.from ?? []).some((f: K8sObject) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === from))
        for (const port of rule.ports ?? []) out.push({ namespace: p.metadata.namespace, labels: p.spec.podSelector.matchLabels ?? {}, port: port.port, policy: p.metadata.name });
  }
  return out;
}

describe("network isolation of every shipped stack", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  for (const f of stackFiles())
    it(`${path.basename(f)}: default deny everywhere; edge -> services -> backbone, monitoring -> scrape ports, DNS allowed; the rest denied`, () => {
      const resources = readResources(runs.get(f)!.out!);
      const policies = resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => ({ kind: "NetworkPolicy", ...r.inputs }) as K8sObject);
      const ns = resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.inputs.metadata.name as string);
      for (const n of ns) assert.ok(policies.some((p) => p.metadata.namespace === n && p.metadata.name === "digit-default-deny"), `default deny in ${n}`);

      // edge -> every DIGIT service on its port
      const deployments = resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.namespace === namespaces.services);
      assert.ok(deployments.length > 5);
      for (const d of deployments) {
        const labels = d.inputs.spec.template.metadata.labels;
        const port = d.inputs.spec.template.spec.containers[0].ports[0].containerPort;
        assert.ok(allowed(policies, envoy, pod("egov", labels), port), `edge -> ${d.inputs.metadata.name}:${port}`);
        if (ns.includes(namespaces.monitoring)) assert.ok(allowed(policies, pod("monitoring"), pod("egov", labels), port), `monitoring -> ${d.inputs.metadata.name}:${port}`);
        assert.ok(!allowed(policies, { ip: "203.0.113.7" }, pod("egov", labels), port), `public -> ${d.inputs.metadata.name} directly`);
      }

      // services -> every backbone part the backbone admits them to; monitoring -> every metrics port it admits
      const user = service("egov-user");
      const clients = admittedFrom(policies, "egov");
      assert.ok(clients.length >= 3, `${clients.length} backbone ports admit DIGIT's services`);
      for (const c of clients) assert.ok(allowed(policies, user, pod(c.namespace, c.labels), c.port), `egov -> ${c.namespace}/${c.policy}:${c.port}`);
      if (ns.includes(namespaces.monitoring))
        for (const m of admittedFrom(policies, "monitoring"))
          assert.ok(allowed(policies, pod("monitoring", { "app.kubernetes.io/name": "prometheus" }), pod(m.namespace, m.labels), m.port), `prometheus -> ${m.namespace}/${m.policy}:${m.port}`);

      // the exporters and probes in monitoring reach the in-cluster addresses they are given
      const services = resources.filter((r) => r.type === "kubernetes:core/v1:Service");
      const exporters = resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.namespace === namespaces.monitoring);
      for (const d of exporters) {
        const text = JSON.stringify(d.inputs.spec.template.spec.containers);
        for (const m of text.matchAll(/\b([a-z0-9-]+)\.(backbone|kafka-kraft|es-cluster|egov)(?:\.svc[a-z.]*)?:([0-9]{2,5})\b/g)) {
          const [, host, where, port] = m;
          const svc = services.find((x) => x.inputs.metadata.name === host && x.inputs.metadata.namespace === where);
          assert.ok(allowed(policies, pod("monitoring", d.inputs.spec.template.metadata.labels), pod(where, svc?.inputs.spec.selector ?? {}), Number(port)), `${d.inputs.metadata.name} -> ${host}.${where}:${port}`);
        }
      }

      // a database outside the cluster is reached on its port
      const target = YAML.parse(fs.readFileSync(path.join(repoRoot, f), "utf8")).config["digit:target"];
      const db = target.database?.mode === "external" ? target.database.port ?? 5432 : target.database?.mode === "managed" ? 5432 : undefined;
      if (db) assert.ok(allowed(policies, user, { ip: "10.20.30.40" }, db), "egov -> external database");

      for (const n of ns) assert.ok(allowed(policies, pod(n), dns, 53, "UDP"), `${n} -> DNS`);
      // denied
      for (const c of clients) {
        assert.ok(!allowed(policies, envoy, pod(c.namespace, c.labels), c.port), `edge -> ${c.namespace}:${c.port}`);
        assert.ok(!allowed(policies, pod(c.namespace, c.labels), user, 8080), `${c.namespace} -> egov`);
      }
      assert.ok(!allowed(policies, user, { ip: "10.9.9.9" }, 443), "egov -> private HTTPS");
      assert.ok(!allowed(policies, user, { ip: "142.250.1.1" }, 22), "egov -> internet SSH");
      if (target.kind !== "gcp") assert.ok(!allowed(policies, user, { ip: "169.254.169.254" }, 80), "egov -> cloud metadata");
      if (ns.includes(namespaces.monitoring)) assert.ok(!allowed(policies, user, pod("monitoring", { "app.kubernetes.io/name": "grafana" }), 3000), "egov -> grafana");
    });
});
