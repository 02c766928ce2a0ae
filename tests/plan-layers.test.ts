import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { componentGraph, toDot, toMermaid } from "../tools/plan/graph";
import { redact, redactResources } from "../tools/plan/leaks";
import { kubernetesKind, toManifests } from "../tools/plan/manifests";
import { fakeValue } from "../tools/plan/mocks";
import { plainInputs, providerUrn, resourcesJson, toPlanResources } from "../tools/plan/resources";
import { capacityOf, criticalPath, formatSummary, requestedResources, summarize } from "../tools/plan/summary";
import type { PlanResource, Registration } from "../tools/plan/types";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const ref = (urn: string) => ({ [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn, id: "x_id" });
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const urn = (type: string, name: string) => `urn:pulumi:t::digit::${type}::${name}`;
const T = {
  stack: "pulumi:pulumi:Stack",
  provider: "pulumi:providers:kubernetes",
  platform: "digit:test:Platform",
  db: "digit:test:Database",
  app: "digit:test:App",
  password: "random:index/randomPassword:RandomPassword",
  ns: "kubernetes:core/v1:Namespace",
  secretT: "kubernetes:core/v1:Secret",
  sts: "kubernetes:apps/v1:StatefulSet",
  deploy: "kubernetes:apps/v1:Deployment",
  ds: "kubernetes:apps/v1:DaemonSet",
  cron: "kubernetes:batch/v1:CronJob",
  chart: "kubernetes:helm.sh/v4:Chart",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
};
const U = {
  stack: urn(T.stack, "digit-t"),
  provider: urn(T.provider, "k8s"),
  platform: urn(T.platform, "p"),
  db: urn(T.db, "p-db"),
  app: urn(T.app, "p-app"),
  password: urn(T.password, "p-db-password"),
  ns: urn(T.ns, "p-ns"),
  secret: urn(T.secretT, "p-db-secret"),
  sts: urn(T.sts, "p-db-sts"),
  deploy: urn(T.deploy, "p-app"),
  ds: urn(T.ds, "p-agent"),
  cron: urn(T.cron, "p-backup"),
  chart: urn(T.chart, "p-ingress"),
  ingress: urn(T.ingress, "p-ing"),
};
const providerRef = `${U.provider}::k8s_id`;

function reg(r: Partial<Registration> & Pick<Registration, "urn" | "type" | "name">): Registration {
  return {
    custom: true,
    remote: false,
    parent: null,
    dependencies: [],
    propertyDependencies: {},
    protect: false,
    retainOnDelete: false,
    provider: null,
    inputs: {},
    ...r,
  };
}

const container = (name: string, cpu: string, memory: string) => ({ name, image: "x", resources: { requests: { cpu, memory } } });

/** A small plan: Platform{ ns, chart, Db{ password, secret, sts }, App{ deployment, daemonset, cronjob, ingress } } + provider. */
const registrations: Registration[] = [
  reg({ urn: U.stack, type: T.stack, name: "digit-t", custom: false }),
  reg({ urn: U.provider, type: T.provider, name: "k8s", parent: U.stack, inputs: { kubeconfig: "~/.kube/config" } }),
  reg({ urn: U.platform, type: T.platform, name: "p", custom: false, parent: U.stack }),
  reg({ urn: U.ns, type: T.ns, name: "p-ns", parent: U.platform, provider: providerRef, inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "egov" } } }),
  reg({ urn: U.chart, type: T.chart, name: "p-ingress", custom: false, remote: true, parent: U.platform, provider: providerRef, dependencies: [U.ns], inputs: { chart: "ingress-nginx", version: "4.11.3" } }),
  reg({ urn: U.db, type: T.db, name: "p-db", custom: false, parent: U.platform }),
  reg({ urn: U.password, type: T.password, name: "p-db-password", parent: U.db, inputs: { length: 24 } }),
  reg({
    urn: U.secret,
    type: T.secretT,
    name: "p-db-secret",
    parent: U.db,
    provider: providerRef,
    dependencies: [U.ns],
    propertyDependencies: { stringData: [U.password], metadata: [U.ns] },
    inputs: { apiVersion: "v1", kind: "Secret", metadata: { namespace: "egov", name: "db" }, stringData: secret({ password: "hunter2" }) },
  }),
  reg({
    urn: U.sts,
    type: T.sts,
    name: "p-db-sts",
    parent: U.db,
    provider: providerRef,
    protect: true,
    retainOnDelete: true,
    propertyDependencies: { spec: [U.secret] },
    inputs: { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "postgres", namespace: "egov" }, spec: { template: { spec: { containers: [{ name: "pg", resources: { limits: { cpu: "1", memory: "1Gi" } } }] } } } },
  }),
  reg({ urn: U.app, type: T.app, name: "p-app", custom: false, parent: U.platform, dependencies: [U.password, U.secret, U.sts] }),
  reg({
    urn: U.deploy,
    type: T.deploy,
    name: "p-app",
    parent: U.app,
    provider: providerRef,
    // dependsOn the Db component: the runtime expands it to its children
    dependencies: [U.sts, U.secret, U.password, U.sts],
    propertyDependencies: { metadata: [U.ns] },
    inputs: {
      kind: "Deployment",
      metadata: { name: "app", namespace: "egov", annotations: { owner: ref(U.db), pending: UNKNOWN } },
      spec: {
        replicas: 2,
        template: { spec: { containers: [container("a", "250m", "256Mi"), container("b", "100m", "128Mi")], initContainers: [container("init", "1", "64Mi")] } },
      },
    },
  }),
  reg({
    urn: U.ds,
    type: T.ds,
    name: "p-agent",
    parent: U.app,
    provider: providerRef,
    inputs: { metadata: { name: "agent", namespace: "egov" }, spec: { template: { spec: { containers: [container("agent", "100m", "100Mi"), { name: "hidden", resources: secret({ requests: {} }) }] } } } },
  }),
  reg({
    urn: U.cron,
    type: T.cron,
    name: "p-backup",
    parent: U.app,
    provider: providerRef,
    inputs: { metadata: { name: "backup", namespace: "egov" }, spec: { jobTemplate: { spec: { parallelism: 2, template: { spec: { containers: [container("dump", "500m", "512Mi")] } } } } } },
  }),
  reg({ urn: U.ingress, type: T.ingress, name: "p-ing", parent: U.app, provider: providerRef, inputs: { metadata: { name: "app" } } }),
];

const resources = toPlanResources(registrations);
const byUrn = (u: string) => resources.find((r) => r.urn === u)!;

describe("plan: registrations -> resources.json entries", () => {
  it("merges explicit and input dependencies, deduplicated and sorted, never itself", () => {
    assert.deepEqual(byUrn(U.deploy).dependsOn, [U.password, U.ns, U.secret, U.sts].sort());
    assert.deepEqual(byUrn(U.secret).dependsOn, [U.ns, U.password].sort());
    assert.deepEqual(byUrn(U.sts).dependsOn, [U.secret]);
  });

  it("reduces a provider reference to the provider's URN", () => {
    assert.equal(byUrn(U.ns).provider, U.provider);
    assert.equal(byUrn(U.password).provider, null);
    assert.equal(providerUrn(`urn:pulumi:s::p::pulumi:providers:aws::a$b::a_id`), "urn:pulumi:s::p::pulumi:providers:aws::a$b");
    assert.equal(providerUrn(""), null);
  });

  it("prints secrets as [secret] (a secret map keeps its keys), resource references as URNs, unknowns as [unknown]; keys sorted", () => {
    assert.deepEqual((byUrn(U.secret).inputs as any).stringData, { password: "[secret]" }, "a reviewer sees which keys the Secret holds, never a value");
    assert.deepEqual(plainInputs(secret({ b: "x", a: { deep: "y" } })), { a: "[secret]", b: "[secret]" });
    assert.deepEqual(plainInputs(secret(["x", "y"])), "[secret]", "a list shows nothing");
    const meta = (byUrn(U.deploy).inputs as any).metadata;
    assert.equal(meta.annotations.owner, U.db);
    assert.equal(meta.annotations.pending, "[unknown]");
    assert.deepEqual(Object.keys(plainInputs({ b: 1, a: { d: 1, c: 2 } }) as object), ["a", "b"]);
    assert.deepEqual(plainInputs([secret("x"), 1]), ["[secret]", 1]);
  });

  it("writes exactly the contract's fields, in order, and nothing secret", () => {
    const json = resourcesJson(resources);
    const entries = JSON.parse(json);
    assert.equal(entries.length, registrations.length);
    for (const e of entries) assert.deepEqual(Object.keys(e), ["urn", "type", "name", "parent", "dependsOn", "provider", "protect", "retainOnDelete", "inputs"]);
    assert.equal(entries[0].parent, null);
    assert.equal(entries.find((e: any) => e.urn === U.sts).protect, true);
    assert.ok(!json.includes("hunter2"));
    assert.ok(json.endsWith("]\n"));
  });
});

describe("plan: Kubernetes manifests", () => {
  const { manifests, warnings } = toManifests(resources);

  it("reconstructs apiVersion and kind from the type; charts and providers are not objects", () => {
    assert.deepEqual(kubernetesKind("kubernetes:core/v1:ConfigMap"), { apiVersion: "v1", kind: "ConfigMap" });
    assert.deepEqual(kubernetesKind("kubernetes:networking.k8s.io/v1:Ingress"), { apiVersion: "networking.k8s.io/v1", kind: "Ingress" });
    assert.deepEqual(kubernetesKind("kubernetes:cert-manager.io/v1:ClusterIssuer"), { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer" });
    for (const t of ["kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigGroup", "kubernetes:kustomize/v2:Directory", "kubernetes:yaml:ConfigFile", "pulumi:providers:kubernetes", "digit:x:Y"])
      assert.equal(kubernetesKind(t), undefined, t);
  });

  it("one file per object at <namespace or _cluster>/<kind>-<name>.yaml", () => {
    assert.deepEqual(manifests.map((m) => m.path), [
      "_cluster/namespace-egov.yaml",
      "egov/secret-db.yaml",
      "egov/statefulset-postgres.yaml",
      "egov/deployment-app.yaml",
      "egov/daemonset-agent.yaml",
      "egov/cronjob-backup.yaml",
      "_cluster/ingress-app.yaml",
    ]);
    const deploy = YAML.parse(manifests.find((m) => m.path === "egov/deployment-app.yaml")!.text);
    assert.deepEqual(Object.keys(deploy), ["apiVersion", "kind", "metadata", "spec"]);
    assert.equal(deploy.apiVersion, "apps/v1");
    assert.equal(deploy.spec.replicas, 2);
    assert.deepEqual(YAML.parse(manifests[1].text).stringData, { password: "[secret]" });
    assert.match(manifests[1].text, /stringData:\n  password: "\[secret\]"\n/);
  });

  it("warns about an object without a namespace and a duplicate object", () => {
    assert.deepEqual(warnings, ["Ingress app: no metadata.namespace (it lands in the provider's default namespace)"]);
    const twice = toManifests([byUrn(U.ns), { ...byUrn(U.ns), urn: U.ns + "2" }]);
    assert.deepEqual(twice.manifests.map((m) => m.path), ["_cluster/namespace-egov.yaml", "_cluster/namespace-egov.2.yaml"]);
    assert.match(twice.warnings[0], /Namespace egov: declared more than once/);
    const unnamed = toManifests([{ ...byUrn(U.ns), inputs: { metadata: {} } }]);
    assert.equal(unnamed.manifests[0].path, "_cluster/namespace-p-ns.yaml");
    assert.match(unnamed.warnings[0], /no metadata\.name/);
  });
});

describe("plan: component graph", () => {
  const graph = componentGraph(resources);
  const id = (name: string) => graph.nodes.find((n) => n.name === name)!.id;

  it("has the components (local and remote) as nodes, nested by parent", () => {
    assert.deepEqual(
      graph.nodes.map((n) => [n.name, n.parent]),
      [
        ["p", null],
        ["p-ingress", id("p")],
        ["p-db", id("p")],
        ["p-app", id("p")],
      ],
    );
  });

  it("lifts leaf dependencies to the nearest components, without self edges or duplicates", () => {
    const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
    assert.deepEqual(
      graph.edges.map((e) => `${names.get(e.from)} -> ${names.get(e.to)}`),
      ["p-ingress -> p", "p-db -> p", "p-app -> p", "p-app -> p-db"],
    );
  });

  it("renders Mermaid and DOT with the same nodes and edges", () => {
    const mmd = toMermaid(graph);
    assert.match(mmd, /^%%.*\nflowchart LR\n/);
    assert.match(mmd, new RegExp(`subgraph ${id("p")}_group\\["p<br/><small>digit:test:Platform</small>"\\]`));
    assert.ok(mmd.includes(`  ${id("p-app")} --> ${id("p-db")}\n`));
    const dot = toDot(graph);
    assert.ok(dot.includes(`subgraph cluster_${id("p")} {`));
    assert.ok(dot.includes(`  ${id("p-app")} -> ${id("p-db")};\n`));
    assert.equal((mmd.match(/^  c\d+ --> c\d+$/gm) ?? []).length, 4);
    assert.equal((dot.match(/^  c\d+ -> c\d+;$/gm) ?? []).length, 4);
  });
});

describe("plan: summary", () => {
  it("counts CPU and memory requests: per pod (init containers, limits as requests) x replicas", () => {
    const req = requestedResources(resources, { nodes: 3, cpuMillis: 6000, memoryMiB: 12288 });
    const w = Object.fromEntries(req.workloads.map((x) => [x.kind, x]));
    assert.deepEqual(w.Deployment, { kind: "Deployment", name: "app", pods: 2, cpuMillis: 2000, memoryMiB: 768, surgePods: 1 }, "Kubernetes' default maxSurge: 25% of 2, rounded up");
    assert.deepEqual(w.StatefulSet, { kind: "StatefulSet", name: "postgres", pods: 1, cpuMillis: 1000, memoryMiB: 1024, surgePods: 0 });
    assert.deepEqual(w.DaemonSet, { kind: "DaemonSet", name: "agent", pods: 3, cpuMillis: 300, memoryMiB: 300, surgePods: 0 });
    assert.deepEqual(w.CronJob, { kind: "CronJob", name: "backup", pods: 2, cpuMillis: 1000, memoryMiB: 1024, surgePods: 0 });
    assert.equal(req.cpuMillis, 4300);
    assert.equal(req.memoryMiB, 3116);
    assert.deepEqual(req.missing, ["DaemonSet agent/hidden"]);
    assert.deepEqual(req.surge, { cpuMillis: 1000, memoryMiB: 384 }, "one more pod of the Deployment");
  });

  it("counts the pods operators create (CloudNativePG instances, ECK node sets) and each Deployment's surge", () => {
    const custom = (type: string, name: string, spec: unknown): PlanResource => ({ ...byUrn(U.deploy), urn: urn(type, name), type, inputs: { metadata: { name, namespace: "backbone" }, spec } });
    const pod = (cpu: string, memory: string) => ({ spec: { containers: [{ resources: { requests: { cpu, memory } } }] } });
    const req = requestedResources([
      custom("kubernetes:postgresql.cnpg.io/v1:Cluster", "pg", { instances: 3, resources: { requests: { cpu: "1", memory: "4Gi" } } }),
      custom("kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "es", { nodeSets: [{ count: 3, podTemplate: pod("500m", "2Gi") }, { count: 2, podTemplate: pod("1", "4Gi") }] }),
      custom("kubernetes:apps/v1:Deployment", "fixed", { replicas: 4, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 2 } }, template: pod("100m", "128Mi") }),
      custom("kubernetes:apps/v1:Deployment", "share", { replicas: 4, strategy: { rollingUpdate: { maxSurge: "50%" } }, template: pod("100m", "128Mi") }),
      custom("kubernetes:apps/v1:Deployment", "recreate", { replicas: 4, strategy: { type: "Recreate" }, template: pod("100m", "128Mi") }),
    ]);
    const w = Object.fromEntries(req.workloads.map((x) => [x.name, x]));
    assert.deepEqual(w.pg, { kind: "Cluster", name: "pg", pods: 3, cpuMillis: 3000, memoryMiB: 12288, surgePods: 0 });
    assert.deepEqual(w.es, { kind: "Elasticsearch", name: "es", pods: 5, cpuMillis: 3500, memoryMiB: 14336, surgePods: 0 });
    assert.deepEqual([w.fixed.surgePods, w.share.surgePods, w.recreate.surgePods], [2, 2, 0]);
    assert.deepEqual(req.surge, { cpuMillis: 400, memoryMiB: 512 });
  });

  it("counts an autoscaled workload at its HorizontalPodAutoscaler's minReplicas", () => {
    const hpa = (namespace: string, minReplicas?: number): PlanResource => ({
      ...byUrn(U.ingress),
      urn: urn("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `hpa-${namespace}`),
      type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      inputs: { metadata: { name: "app", namespace }, spec: { minReplicas, maxReplicas: 6, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "app" } } },
    });
    const deployment = (rs: readonly PlanResource[]) => requestedResources(rs).workloads.find((w) => w.kind === "Deployment")!;
    assert.equal(deployment([...resources, hpa("egov", 3)]).pods, 3);
    assert.equal(deployment([...resources, hpa("egov")]).pods, 1, "minReplicas defaults to 1");
    assert.equal(deployment([...resources, hpa("other", 3)]).pods, 2, "an autoscaler in another namespace scales another Deployment");
  });

  it("finds the critical path through dependencies and providers; components are not steps", () => {
    assert.deepEqual(criticalPath(resources).map((r) => r.name), ["k8s", "p-ns", "p-db-secret", "p-db-sts", "p-app"]);
  });

  it("expands a dependency on a component to the steps below it", () => {
    const dependsOnComponent = resources.map((r) => (r.urn === U.deploy ? { ...r, dependsOn: [U.db] } : r));
    assert.deepEqual(criticalPath(dependsOnComponent).map((r) => r.name), ["k8s", "p-ns", "p-db-secret", "p-db-sts", "p-app"]);
  });

  it("counts resources per top-level component and per type, and prints them with the capacity", () => {
    const s = summarize(resources, capacityOf({ nodes: 1, cpuMillis: 2000, memoryMiB: 4096 }));
    assert.deepEqual(s.perComponent, [{ name: "p", type: T.platform, resources: 12 }]);
    assert.equal(s.topLevelOther, 1);
    assert.equal(s.total, 14);
    assert.equal(s.components, 4);
    assert.equal(s.providers, 1);
    assert.equal(s.protected, 1);
    assert.equal(s.perType.length, 14);
    assert.deepEqual(s.perType.slice(0, 2), [
      { type: T.app, count: 1 },
      { type: T.db, count: 1 },
    ]);
    const twoSecrets = summarize([...resources, { ...byUrn(U.secret), urn: U.secret + "2" }]);
    assert.deepEqual(twoSecrets.perType[0], { type: T.secretT, count: 2 });
    const text = formatSummary(s, { stack: "t", elapsedMs: 1234 });
    assert.match(text, /Offline plan of stack "t": 14 resources/);
    assert.match(text, /Requested by 4 workloads \(6 pods\): 4\.1 CPU, 2\.8Gi memory\n  rolling every Deployment at once adds 1 CPU, 384Mi memory \(their maxSurge pods\)\n/);
    assert.match(text, /Target capacity \(1 nodes\): 2 CPU, 4Gi memory/);
    assert.match(text, /WARNING: requests exceed the target's capacity/);
    assert.match(text, /Deploy critical path: 5 steps\n  k8s \[provider:kubernetes\]\n  -> p-ns/);
    assert.match(text, /Elapsed: 1\.2 s\n$/);
  });

  it("reads capacity only when it has the expected shape", () => {
    assert.equal(capacityOf(undefined), undefined);
    assert.equal(capacityOf({ nodes: 3, cpuPerNode: "15" }), undefined);
    assert.deepEqual(capacityOf({ nodes: 3, cpuMillis: 1, memoryMiB: 2, extra: 1 }), { nodes: 3, cpuMillis: 1, memoryMiB: 2 });
    assert.match(formatSummary(summarize(resources), { stack: "t" }), /Target capacity: not known/);
  });
});

describe("plan: secrets never leave in plain text", () => {
  const secrets = [
    { value: "offline-secret-digit:target.database.password", what: "config digit:target.database.password" },
    { value: fakeValue("password/p-db-password", 24), what: "generated secret #1" },
  ];

  it("redacts known values inside larger strings and names where they were found", () => {
    const leaky: PlanResource = { ...byUrn(U.deploy), inputs: { env: [{ value: `postgres://u:${secrets[0].value}@db:5432` }], other: secrets[1].value } };
    const { resources: out, leaks } = redactResources([byUrn(U.ns), leaky], secrets);
    assert.deepEqual(out[1].inputs, { env: [{ value: "postgres://u:[secret]@db:5432" }], other: "[secret]" });
    assert.deepEqual(leaks.map((l) => l.what).sort(), ["config digit:target.database.password", "generated secret #1"]);
    assert.equal(leaks[0].where, U.deploy);
    assert.equal(out[0], byUrn(U.ns), "clean resources pass through unchanged");
  });

  it("redacts text and reports nothing when nothing leaked", () => {
    assert.deepEqual(redact(`a ${secrets[1].value} b`, secrets), { text: "a [secret] b", found: ["generated secret #1"] });
    assert.deepEqual(redact("clean", secrets), { text: "clean", found: [] });
  });

  it("gives generated values deterministic stand-ins of the requested length", () => {
    assert.equal(fakeValue("a", 24), fakeValue("a", 24));
    assert.notEqual(fakeValue("a", 24), fakeValue("b", 24));
    assert.equal(fakeValue("a", 100).length, 100);
  });
});
