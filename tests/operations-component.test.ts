import * as assert from "node:assert/strict";
import { installMocks, settle, named, ofType, unwrap, Registered } from "./helpers/mocks";
import { parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import { collectorHost } from "../components/operations";

/** An ha stack on a state data centre with every operations part on. */
function values(extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    target: { kind: "sdc", kubeconfig: "/etc/digit/pb.kubeconfig", storage: { classes: { standard: "iscsi-hdd" } } },
    domain: "digit.punjab.gov.in",
    stateTenantId: "pb",
    profile: "ha",
    modules: ["core-services"],
    edge: { tls: { mode: "acme", email: "devops@punjab.gov.in" } },
    operations: {
      alerting: { email: ["oncall@punjab.gov.in"], smtp: { smarthost: "smtp.punjab.gov.in:587", from: "digit@punjab.gov.in" } },
      cicd: { jenkins: true },
    },
    ...extra,
  };
}

function build(v: Record<string, any>, name = "digit"): DigitPlatform {
  const c = parse(v);
  const t = createTarget(name, c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
  return new DigitPlatform(name, { target: t, config: c });
}

const k8sObjects = (seen: Registered[]) => seen.filter((r) => r.type.startsWith("kubernetes:"));
const key = (r: Registered) => `${r.type} ${r.inputs.metadata?.namespace ?? "_"}/${r.inputs.metadata?.name ?? r.name}`;

describe("Operations in a platform, direct delivery (mocks)", () => {
  let seen: Registered[];
  let platform: DigitPlatform;
  before(async () => {
    seen = installMocks("prod");
    platform = build(values());
    await settle();
  });

  it("registers the operations component with one child per enabled part", () => {
    for (const t of ["Operations", "Monitoring", "Tracing", "Logs", "Jenkins"]) assert.equal(ofType(seen, `digit:operations:${t}`).length, 1, t);
    assert.equal(ofType(seen, "digit:operations:GitOpsAgent").length, 0);
    assert.ok(platform.operations.monitoring && platform.operations.tracing && platform.operations.logs && platform.operations.jenkins);
  });

  it("creates the monitoring, logging and jenkins namespaces with the platform's others", () => {
    const ns = ofType(seen, "kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata);
    const level = (n: string) => ns.find((m) => m.name === n)?.labels["pod-security.kubernetes.io/enforce"];
    assert.equal(level("monitoring"), "privileged");
    assert.equal(level("logging"), "privileged");
    assert.equal(level("jenkins"), "baseline");
  });

  it("every Java service has a ServiceMonitor on the agent's endpoint and sends traces to the collector", () => {
    const deployments = ofType(seen, "kubernetes:apps/v1:Deployment").filter((d) => d.inputs.metadata.namespace === "egov");
    assert.ok(deployments.length >= 20, `${deployments.length} services`);
    const monitors = ofType(seen, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").map((s) => s.inputs);
    for (const d of deployments) {
      const name = d.inputs.metadata.name;
      const sm = monitors.find((m) => m.metadata.name === `digit-${name}`);
      const env = d.inputs.spec.template.spec.containers[0].env;
      const agent = env.some((e: any) => e.name === "JAVA_TOOL_OPTIONS" && /-javaagent:/.test(e.value));
      assert.equal(!!sm, agent, `${name}: a ServiceMonitor exactly when the Java agent serves metrics`);
      if (sm) assert.equal(sm.spec.selector.matchLabels["app.kubernetes.io/name"], name);
      const host = env.find((e: any) => e.name === "JAEGER_AGENT_HOST");
      if (env.some((e: any) => e.name === "JAEGER_SERVICE_NAME")) assert.deepEqual(host, { name: "JAEGER_AGENT_HOST", value: collectorHost }, name);
    }
    const probe = named(seen, "kubernetes:monitoring.coreos.com/v1:Probe", "digit-ops-monitoring-probe-digit-health").inputs;
    assert.ok(probe.spec.targets.staticConfig.static.includes("http://egov-user.egov:8080/user/health"));
  });

  it("the monitoring stack is the pinned kube-prometheus-stack chart, through the target's provider", () => {
    const chart = named(seen, "kubernetes:helm.sh/v4:Chart", "digit-ops-monitoring-kube-prometheus-stack");
    assert.equal(chart.inputs.chart, "kube-prometheus-stack");
    assert.match(chart.inputs.version, /^\d+\.\d+\.\d+$/);
    assert.equal(chart.inputs.repositoryOpts.repo, "https://prometheus-community.github.io/helm-charts");
    assert.equal(chart.inputs.namespace, "monitoring");
    assert.match(chart.provider ?? "", /::digit-k8s::/);
    const jenkins = named(seen, "kubernetes:helm.sh/v4:Chart", "digit-ops-jenkins-chart");
    assert.equal(jenkins.inputs.chart, "jenkins");
  });

  it("Grafana's and Jenkins' admin passwords and Alertmanager's config stay Pulumi secrets", () => {
    const secretKey = (name: string, k: string) => {
      const data = unwrap(named(seen, "kubernetes:core/v1:Secret", name).inputs.stringData);
      const v = unwrap(data.value[k]);
      assert.ok(data.secret || v.secret, `${name}.${k} is not a secret`);
      return v.value;
    };
    secretKey("digit-ops-monitoring-secret-grafana-admin", "admin-password");
    secretKey("digit-ops-jenkins-secret-jenkins-admin", "admin-password");
    assert.match(secretKey("digit-ops-monitoring-secret-alertmanager-digit", "alertmanager.yaml"), /to: oncall@punjab\.gov\.in/);
    for (const cm of ofType(seen, "kubernetes:core/v1:ConfigMap"))
      for (const v of Object.values<string>(cm.inputs.data ?? {})) assert.ok(!/mock-.*-result/.test(String(v)), `${cm.name} holds a generated password`);
  });

  it("scrapes the metrics endpoints the backbone runs, and runs no exporter of its own for them", () => {
    const pods = ofType(seen, "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((p) => p.inputs);
    for (const part of platform.backbone.metrics) {
      const pm = pods.find((p) => p.metadata.name === `backbone-${part.name}`);
      assert.ok(pm, `no PodMonitor for the backbone's ${part.name}`);
      assert.deepEqual(pm.spec.namespaceSelector.matchNames, [part.namespace]);
      assert.deepEqual(pm.spec.selector.matchLabels, part.selector);
      assert.equal(pm.spec.podMetricsEndpoints[0].port, part.port);
    }
    assert.ok(platform.backbone.metrics.some((m) => m.name === "postgres"), "the in-cluster database reports its metrics");
    const mine = ofType(seen, "kubernetes:apps/v1:Deployment").filter((d) => d.inputs.metadata.namespace === "monitoring").map((d) => d.inputs.metadata.name);
    for (const m of platform.backbone.metrics) assert.ok(!mine.includes(`${m.name}-exporter`), `${m.name} scraped twice`);
  });

  it("the DIGIT objects, the backbone's exporters and the probes all use the cluster's provider", () => {
    for (const r of k8sObjects(seen)) assert.match(r.provider ?? "", /pulumi:providers:kubernetes::digit-k8s::/, `${r.type} ${r.name}`);
  });
});

describe("Operations in a platform, gitops delivery renders the same objects (mocks)", () => {
  let direct: Registered[];
  let gitops: Registered[];
  const repo = "https://github.com/punjab/digit-infra.git";
  before(async () => {
    direct = installMocks("prod");
    build(values());
    await settle();
    gitops = installMocks("prod");
    build(values({ delivery: { mode: "gitops", repository: repo, path: "deploy/prod" } }));
    await settle();
  });

  it("creates a render provider writing to the configured directory", () => {
    const p = named(gitops, "pulumi:providers:kubernetes", "digit-render");
    assert.equal(p.inputs.renderYamlToDirectory, "deploy/prod");
  });

  it("renders every object of direct mode but Namespaces, Secrets and claim patches, which go to the cluster", () => {
    const rendered = k8sObjects(gitops).filter((r) => /::digit-render::/.test(r.provider ?? ""));
    const cluster = k8sObjects(gitops).filter((r) => /::digit-k8s::/.test(r.provider ?? ""));
    assert.equal(rendered.length + cluster.length, k8sObjects(gitops).length, "every object has one of the two providers");
    for (const r of rendered) assert.ok(!/core\/v1:(Secret|Namespace)$/.test(r.type), `${key(r)} would be written to git`);
    // claim patches grow volumes the cluster holds (components/backbone/storage.ts claimExpansions)
    for (const r of cluster) assert.ok(/core\/v1:(Secret|Namespace|PersistentVolumeClaimPatch)$/.test(r.type) || r.inputs.metadata?.namespace === "argocd" || r.name.startsWith("digit-ops-gitops"), `${key(r)} needs cluster credentials`);

    // The agent, its namespace and what lives in it exist only in gitops mode.
    const agentOnly = (r: Registered) => r.name.startsWith("digit-ops-gitops") || r.inputs.metadata?.name === "argocd" || r.inputs.metadata?.namespace === "argocd";
    const fromGitops = [...rendered, ...cluster].filter((r) => !agentOnly(r)).map(key).sort();
    const fromDirect = k8sObjects(direct).map(key).sort();
    assert.deepEqual(fromGitops, fromDirect);
    assert.ok(rendered.some((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.name === "egov-user"));
    assert.ok(rendered.some((r) => r.type === "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"));
  });

  it("rendered objects carry the same inputs as in direct mode", () => {
    const d = named(direct, "kubernetes:apps/v1:Deployment", "digit-egov-user").inputs;
    const g = named(gitops, "kubernetes:apps/v1:Deployment", "digit-egov-user").inputs;
    assert.deepEqual(g, d);
  });

  it("bootstraps Argo CD through the cluster's provider, pointed at the repository", () => {
    const chart = named(gitops, "kubernetes:helm.sh/v4:Chart", "digit-ops-gitops-chart");
    assert.equal(chart.inputs.chart, "argo-cd");
    assert.match(chart.provider ?? "", /::digit-k8s::/);
    const app = named(gitops, "kubernetes:argoproj.io/v1alpha1:Application", "digit-ops-gitops-application-digit-prod");
    assert.match(app.provider ?? "", /::digit-k8s::/);
    assert.deepEqual(app.inputs.spec.source, { repoURL: repo, targetRevision: "main", path: "deploy/prod", directory: { recurse: true } });
    assert.ok(ofType(gitops, "kubernetes:core/v1:Namespace").some((n) => n.inputs.metadata.name === "argocd"));
  });
});

describe("Operations with the Pulumi Kubernetes Operator (mocks)", () => {
  let seen: Registered[];
  before(async () => {
    seen = installMocks("prod");
    build(values({ delivery: { mode: "gitops", repository: "https://github.com/punjab/digit-infra.git", agent: "pulumi-operator" } }));
    await settle();
  });

  it("applies directly (the operator runs `pulumi up` in the cluster) and registers the operator's Stack", () => {
    assert.equal(seen.filter((r) => r.type === "pulumi:providers:kubernetes" && r.name.endsWith("-render")).length, 0);
    for (const r of k8sObjects(seen)) assert.match(r.provider ?? "", /::digit-k8s::/, r.name);
    const stack = named(seen, "kubernetes:pulumi.com/v1:Stack", "digit-ops-gitops-stack-digit-prod").inputs;
    assert.equal(stack.spec.stack, "prod");
    assert.equal(named(seen, "kubernetes:helm.sh/v4:Chart", "digit-ops-gitops-chart").inputs.chart, "oci://ghcr.io/pulumi/helm-charts/pulumi-kubernetes-operator");
  });
});
