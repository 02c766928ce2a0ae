// Operations against the upstream facts they depend on (vendor/*/SOURCE.md): chart releases and
// hooks, the GitOps agents' charts and the operator's CRD, jaeger-client-java's sampler, the
// OpenTelemetry Java agent's configuration and metric names, DIGIT 2.9's images.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import Ajv from "ajv";
import { parser as promql } from "@prometheus-io/lezer-promql";
import { minimalValues, parse } from "./helpers/config";
import type { ChartPin } from "../components/charts";
import { chartHookDispositions } from "../components/chart-hooks";
import * as opsPins from "../components/operations/pins";
import { certManagerChart, envoyGatewayChart } from "../components/edge/pins";
import { backboneCharts } from "../components/backbone/versions";
import { agentPlan, argocdRedisSecret, repositorySecret } from "../components/operations/gitops";
import { kubePrometheusValues } from "../components/operations/kube-prometheus";
import { jenkinsValues } from "../components/operations/jenkins";
import { certManagerValues, envoyGatewayValues } from "../components/edge/values";
import { certgenObjects } from "../components/edge/certgen";
import { operationsSettings, tracingEnv, wireJavaAgent, wireTracing } from "../components/operations";
import { collectorOtlpHttp, managementPort } from "../components/operations/wiring";
import { agentMetrics, ruleGroups } from "../components/operations/rules";
import { dashboards } from "../components/operations/dashboards";
import { renderService } from "../components/services/render";
import { javaAgentJar, javaAgentMetrics } from "../components/services/java-agent";
import { utilityImages } from "../components/images";
import type { DigitServiceSpec } from "../components/services/spec";
import { evaluate, isolationInput, isolationPolicies } from "../components/security";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { alertmanagerConfig } from "../components/operations/alertmanager";

const vendor = (...p: string[]) => path.join(__dirname, "..", "vendor", ...p);
const json = (...p: string[]) => JSON.parse(fs.readFileSync(vendor(...p), "utf8"));
const get = (o: any, p: string) => p.split(".").reduce((x, k) => (x == null ? undefined : x[k]), o);

/** Every chart the project installs, found in the pin modules (a new pin is checked without editing this test). */
function allPins(): ChartPin[] {
  const isPin = (v: any): v is ChartPin => v && typeof v === "object" && typeof v.chart === "string" && typeof v.version === "string" && typeof v.repository === "string";
  return [...Object.values(opsPins), certManagerChart, envoyGatewayChart, ...Object.values(backboneCharts)].filter(isPin);
}

describe("upstream: every chart pin is a release of its chart, and every hook is accounted for", () => {
  const hooks = json("helm-chart-hooks", "hooks.json") as Record<string, any>;

  it("finds the nine charts the project installs", () => {
    assert.deepEqual(allPins().map((p) => p.chart).sort(), [
      "argo-cd",
      "cert-manager",
      "cloudnative-pg",
      "eck-operator",
      "flux2",
      "gateway-helm",
      "jenkins",
      "kube-prometheus-stack",
      "pulumi-kubernetes-operator",
    ]);
  });

  for (const pin of allPins()) {
    it(`${pin.chart} ${pin.version} is in its vendored release list and has a hook list`, () => {
      const releases = fs.readFileSync(vendor("chart-releases", `${pin.chart}.txt`), "utf8").split("\n").filter(Boolean);
      assert.ok(releases.includes(pin.version), `${pin.chart} ${pin.version} is not a release (newest: ${releases[releases.length - 1]})`);
      assert.ok(hooks[`${pin.chart}@${pin.version}`], `no hook list for ${pin.chart}@${pin.version} in vendor/helm-chart-hooks/hooks.json: derive it from the chart's templates`);
    });
  }

  it("each hook is switched off by a value the project sets, recreated, or not needed", () => {
    const delivery = { mode: "gitops" as const, repository: "https://git.example/digit.git", branch: "main", path: "deploy" };
    const values: Record<string, Record<string, unknown>> = {
      "argo-cd": agentPlan({ delivery: { ...delivery, agent: "argocd" }, stack: "prod", place: {} }).values,
      flux2: agentPlan({ delivery: { ...delivery, agent: "flux" }, stack: "prod", place: {} }).values,
      "kube-prometheus-stack": kubePrometheusValues({
        monitoring: operationsSettings(parse({ ...minimalValues(), profile: "ha" })).monitoring!,
        alerting: { email: [] },
        logs: true,
        tracing: true,
        storage: { staticVolumes: {} },
        place: {},
      }),
      jenkins: jenkinsValues({ highAvailability: false, place: {} }),
      "cert-manager": certManagerValues({ namespace: "digit-edge", highAvailability: false, registry: {} }),
      "gateway-helm": envoyGatewayValues({ namespace: "digit-edge", highAvailability: false, registry: {} }),
    };
    const recreated: Record<string, () => boolean> = {
      "argo-cd:redis-secret-init/job.yaml": () =>
        agentPlan({ delivery: { ...delivery, agent: "argocd" }, stack: "prod", place: {} }).generated.some((g) => g.name === argocdRedisSecret.name && g.key === argocdRedisSecret.key),
      "gateway-helm:certgen.yaml": () => certgenObjects("digit-edge", {}).job.kind === "Job",
      "gateway-helm:certgen-rbac.yaml": () => {
        const c = certgenObjects("digit-edge", {});
        return c.serviceAccount.kind === "ServiceAccount" && c.role.kind === "Role" && c.roleBinding.kind === "RoleBinding";
      },
    };
    const entries: Array<[string, string, any]> = [];
    for (const [key, chart] of Object.entries(hooks)) {
      const name = key.split("@")[0];
      for (const h of chart.hooks) entries.push([name, name, h]);
      for (const [sub, subChart] of Object.entries<any>(chart.subcharts ?? {})) for (const h of subChart.hooks) entries.push([sub.split("@")[0], name, h]);
    }
    assert.ok(entries.length >= 25, `${entries.length} hooks`);
    for (const [chart, parent, h] of entries) {
      const d = (chartHookDispositions[chart] ?? []).find((x) => x.template === h.template);
      const what = `${chart} ${h.template} (${h.hook})`;
      assert.ok(d, `${what}: no disposition in components/chart-hooks.ts`);
      if (d.off) {
        const subPrefix = chart === parent ? "" : `${chart}.`;
        assert.equal(get(values[parent], subPrefix + d.off), false, `${what}: ${subPrefix + d.off} must be false in the project's values`);
        assert.match(h.renderedWhen, new RegExp(d.off.replace(/\./g, "\\.")), `${what}: the template does not depend on ${d.off}`);
      }
      if (d.recreatedAs && !d.off) assert.ok(recreated[`${chart}:${h.template}`]?.(), `${what}: not recreated`);
      if (d.off && d.recreatedAs) assert.ok(recreated[`${chart}:${h.template}`]?.(), `${what}: switched off but its product is not recreated`);
      if (d.notNeeded) assert.ok(/test/.test(h.hook) || /^nothing/.test(h.makes ?? "nothing"), `${what}: makes ${h.makes}, so it cannot be left out`);
      if (!d.off && !d.recreatedAs && !d.notNeeded) assert.fail(`${what}: the disposition says nothing`);
      if (h.makes && !/^nothing/.test(h.makes)) assert.ok(d.recreatedAs || d.off, `${what} makes ${h.makes}`);
    }
  });
});

describe("upstream: the GitOps agents' charts and CRDs", () => {
  const facts = json("gitops-charts", "values.json");
  const delivery = { mode: "gitops" as const, repository: "git@github.com:state/digit-infra.git", branch: "main", path: "deploy/prod" };
  const sshCreds = { sshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----", knownHosts: "github.com ssh-ed25519 AAAA" };
  const mirror = "registry.state.example/egovio";

  it("Argo CD gets the Redis Secret its pods read, the pinned images through the mirror, and its repository credentials", () => {
    const f = facts["argo-cd@9.4.17"];
    assert.equal(opsPins.argoCdChart.version, "9.4.17");
    assert.deepEqual(argocdRedisSecret, { name: f.redisSecret.name, key: f.redisSecret.key });
    const p = agentPlan({ delivery: { ...delivery, agent: "argocd", credentials: sshCreds }, stack: "prod", place: { mirror, pullSecretName: "regcred" } });
    for (const k of f.keys) assert.notEqual(get(p.values, k), undefined, `argo-cd value ${k}`);
    assert.equal(opsPins.agentImages.argocd.tag, f.appVersion);
    assert.equal(get(p.values, "global.image.repository"), "registry.state.example/argoproj/argocd");
    assert.equal(get(p.values, "redis.image.repository"), "registry.state.example/docker/library/redis");
    assert.equal(opsPins.agentImages.argocdRedis.image, f.images["redis.image.repository"]);
    assert.equal(opsPins.agentImages.argocdRedis.tag, f.images["redis.image.tag"]);
    const repo = p.secrets.find((s) => s.metadata.name === repositorySecret)!;
    assert.equal(repo.metadata.labels["argocd.argoproj.io/secret-type"], "repository");
    assert.deepEqual(Object.keys(repo.stringData).sort(), ["sshPrivateKey", "type", "url"]);
  });

  it("Flux runs the release's source and kustomize controllers, through the mirror, with the repository's key", () => {
    const f = facts["flux2@2.18.3"];
    assert.equal(opsPins.flux2Chart.version, "2.18.3");
    const p = agentPlan({ delivery: { ...delivery, agent: "flux", credentials: sshCreds }, stack: "prod", place: { mirror } });
    for (const [key, pin] of [["sourceController", opsPins.agentImages.fluxSourceController], ["kustomizeController", opsPins.agentImages.fluxKustomizeController], ["cli", opsPins.agentImages.fluxCli]] as const) {
      assert.deepEqual([pin.image, pin.tag], f.images[key], key);
      assert.equal(get(p.values, `${key}.image`), `registry.state.example/${pin.image.split("/").slice(1).join("/")}`, key);
      assert.equal(get(p.values, `${key}.tag`), pin.tag, key);
    }
    for (const key of Object.keys(f.images).filter((k) => !["sourceController", "kustomizeController", "cli"].includes(k)))
      assert.equal(get(p.values, `${key}.create`), false, `${key} is not mirrored, so it must not run`);
    const repo = p.objects.find((o) => o.kind === "GitRepository")!;
    assert.deepEqual(repo.spec.secretRef, { name: repositorySecret });
    assert.deepEqual(Object.keys(p.secrets[0].stringData).sort(), ["identity", "known_hosts"]);
  });

  it("the Pulumi Kubernetes Operator runs restricted (seccomp on pod and container) and pinned; its Stack validates against the CRD", () => {
    const f = facts["pulumi-kubernetes-operator@2.3.0"];
    const crd = json("pulumi-kubernetes-operator", "stack-crd-v1.json").schema;
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(crd);
    for (const credentials of [undefined, sshCreds, { token: "t" }]) {
      const repository = credentials && "token" in credentials ? "https://github.com/state/digit-infra.git" : delivery.repository;
      const p = agentPlan({ delivery: { ...delivery, repository, agent: "pulumi-operator", credentials }, stack: "prod", place: { mirror, pullSecretName: "regcred" } });
      for (const k of f.keys) assert.notEqual(get(p.values, k), undefined, `operator value ${k}`);
      assert.equal(get(p.values, "podSecurityContext.seccompProfile.type"), "RuntimeDefault");
      assert.equal(get(p.values, "podSecurityContext.runAsNonRoot"), true);
      assert.equal(get(p.values, "securityContext.seccompProfile.type"), "RuntimeDefault");
      assert.deepEqual([get(p.values, "image.registry"), get(p.values, "image.repository"), get(p.values, "image.tag")], ["registry.state.example", "pulumi/pulumi-kubernetes-operator", "v2.3.0"]);
      const stack = p.objects.find((o) => o.kind === "Stack")!;
      const { metadata: _m, ...body } = stack;
      assert.ok(validate({ ...body, metadata: { name: stack.metadata.name, namespace: stack.metadata.namespace } }), JSON.stringify(validate.errors));
      const ws = stack.spec.workspaceTemplate.spec;
      assert.equal(ws.image, "registry.state.example/pulumi/pulumi:3.263.0-nonroot", "pinned, never :latest-nonroot");
      assert.equal(ws.securityProfile, "restricted");
      if (credentials) assert.ok(stack.spec.gitAuth.sshAuth || stack.spec.gitAuth.basicAuth);
    }
    const bad = agentPlan({ delivery: { ...delivery, agent: "pulumi-operator" }, stack: "prod", place: {} }).objects.find((o) => o.kind === "Stack")!;
    assert.equal(validate({ ...bad, spec: { ...bad.spec, stack: undefined } }), false, "the CRD rejects a Stack without a stack name");
  });

  it("repository credentials follow the repository's scheme, with a clear error otherwise", () => {
    const base = { ...minimalValues(), delivery: { mode: "gitops", repository: "git@github.com:state/infra.git", agent: "flux" } };
    assert.throws(() => operationsSettings(parse({ ...base, delivery: { ...base.delivery, credentials: { token: "t" } } })), /digit:delivery\.credentials: .*SSH repository.*sshPrivateKey/);
    assert.throws(() => operationsSettings(parse({ ...base, delivery: { ...base.delivery, credentials: { sshPrivateKey: "k" } } })), /knownHosts: required with sshPrivateKey/);
    const https = { ...base.delivery, repository: "https://github.com/state/infra.git" };
    assert.throws(() => operationsSettings(parse({ ...base, delivery: { ...https, credentials: { sshPrivateKey: "k", knownHosts: "h" } } })), /HTTPS repository/);
    assert.doesNotThrow(() => operationsSettings(parse({ ...base, delivery: { ...https, credentials: { token: "t" } } })));
  });
});

describe("upstream: jaeger-client-java 0.31's sampler gets the configured rate", () => {
  const client = json("jaeger-client-java", "client.json");

  /** The sampler jaeger-client-java 0.31 builds from env (Configuration.SamplerConfiguration.createSampler, client.json). */
  function samplerFrom(env: Record<string, string | undefined>) {
    const type = env.JAEGER_SAMPLER_TYPE ?? "remote";
    const param = env.JAEGER_SAMPLER_PARAM !== undefined ? Number(env.JAEGER_SAMPLER_PARAM) : 0.001;
    const hostPort = env.JAEGER_SAMPLER_MANAGER_HOST_PORT ?? "localhost:5778";
    assert.ok(Object.keys(client.samplerTypes).includes(type), `${type} is a sampler type of the client`);
    return type === "remote"
      ? { type, initial: param, request: client.remoteRequest.url.replace("<JAEGER_SAMPLER_MANAGER_HOST_PORT>", hostPort).replace("<URL-encoded service name>", encodeURIComponent(env.JAEGER_SERVICE_NAME ?? "")) }
      : { type, param };
  }

  it("the remote sampler's request is not served by the collector's extension, so the old set-up stayed at 0.001", async () => {
    // A stand-in for jaegerremotesampling: its HTTP handler is registered at /sampling only.
    const server = http.createServer((req, res) => {
      const u = new URL(req.url!, "http://x");
      if (u.pathname !== "/sampling") return void res.writeHead(404).end("404 page not found\n");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ strategyType: "PROBABILISTIC", probabilisticSampling: { samplingRate: 0.1 } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const old = samplerFrom({ JAEGER_SERVICE_NAME: "egov-user", JAEGER_SAMPLER_MANAGER_HOST_PORT: `127.0.0.1:${port}` }) as { request: string; initial: number };
      assert.equal(old.request, `http://127.0.0.1:${port}/?service=egov-user`);
      assert.equal((await fetch(old.request)).status, 404, "the client's own request fails; it keeps its initial sampler");
      assert.equal(old.initial, 0.001);
      assert.equal((await fetch(`http://127.0.0.1:${port}/sampling?service=egov-user`)).status, 200, "the extension answers only its own path");
    } finally {
      server.close();
    }
  });

  it("every traced service now builds a probabilistic sampler at digit:operations.tracing.sampleRate and asks no server", () => {
    for (const rate of [0.05, 1]) {
      const settings = operationsSettings(parse({ ...minimalValues(), operations: { tracing: { enabled: true, sampleRate: rate } } }));
      const env = Object.fromEntries(tracingEnv(settings).map((e) => [e.name, (e as { value: string }).value]));
      const s = samplerFrom({ JAEGER_SERVICE_NAME: "egov-user", JAEGER_SAMPLER_MANAGER_HOST_PORT: "$(JAEGER_AGENT_HOST):5778", ...env });
      assert.deepEqual(s, { type: "probabilistic", param: rate });
      for (const name of Object.keys(env).filter((n) => n.startsWith("JAEGER_"))) assert.ok(name in client.env, `${name} is read by the client`);
    }
  });
});

describe("upstream: the OpenTelemetry Java agent in DIGIT's Java services", () => {
  const agent = json("opentelemetry-java-agent", "agent.json");
  const core = json("egov-digit-core", "facts.json");
  const settings = operationsSettings(parse({ ...minimalValues(), profile: "ha", operations: { tracing: { sampleRate: 0.2 } } }));
  const base: DigitServiceSpec = {
    name: "egov-notification-sms",
    module: "core",
    image: "egovio/egov-notification-sms",
    tag: "DIGIT-2.9-LTS-07f47790b8-7",
    replicas: 1,
    memoryMiB: 512,
    cpuMillis: 100,
    runtime: "java",
    env: [{ name: "JAEGER_SERVICE_NAME", value: "egov-notification-sms" }],
  };
  const [wired] = wireJavaAgent(wireTracing([{ spec: base }], settings, {}), settings);
  const ctx = {
    namespace: "egov",
    highAvailability: false,
    domain: "d.example",
    gateway: { name: "digit", namespace: "digit-edge" },
    backbone: {},
    mirror: "registry.state.example/egovio",
    proxy: { http: "http://proxy.state.example:3128", noProxy: [".svc", "10.0.0.0/8"] },
  };
  const r = renderService(wired.spec, ctx);
  const pod = r.deployment.spec.template.spec;
  const main = pod.containers[0];
  const env = Object.fromEntries(main.env.map((e: any) => [e.name, e.value]));

  it("the image's jar is copied where JAVA_TOOL_OPTIONS loads it, after the proxy's properties", () => {
    assert.equal(utilityImages.javaAgent.tag, agent.agent.version);
    assert.equal(`${utilityImages.javaAgent.image}:${utilityImages.javaAgent.tag}`, agent.agent.image);
    const init = pod.initContainers.find((c: any) => c.name === "otel-agent");
    assert.equal(init.image, "registry.state.example/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.28.1", "pinned and mirrored");
    assert.deepEqual(init.command, ["cp", agent.agent.jar, javaAgentJar]);
    const mount = main.volumeMounts.find((m: any) => m.name === "otel-agent");
    assert.equal(path.posix.join(mount.mountPath, "javaagent.jar"), javaAgentJar);
    assert.equal(init.volumeMounts[0].mountPath, mount.mountPath);
    assert.match(env.JAVA_TOOL_OPTIONS, /^-Dhttp\.proxyHost=proxy\.state\.example -Dhttp\.proxyPort=3128 .* -javaagent:\/otel-auto-instrumentation-java\/javaagent\.jar$/);
  });

  it("its SDK reads exactly these settings: Prometheus on every address (not its localhost default), spans at the configured ratio", () => {
    const otel = Object.keys(env).filter((k) => k.startsWith("OTEL_"));
    for (const k of otel) assert.ok(k.toLowerCase().replace(/_/g, ".") in agent.config.properties, `${k} is read by the agent`);
    assert.equal(env.OTEL_EXPORTER_PROMETHEUS_HOST, "0.0.0.0");
    assert.match(agent.config.properties["otel.exporter.prometheus.host"], /defaulting to localhost/);
    assert.equal(Number(env.OTEL_EXPORTER_PROMETHEUS_PORT), javaAgentMetrics.port);
    assert.ok(main.ports.some((p: any) => p.name === "metrics" && p.containerPort === javaAgentMetrics.port));
    assert.ok(r.service.spec.ports.some((p: any) => p.name === "metrics" && p.targetPort === "metrics"));
    assert.equal(env.OTEL_TRACES_SAMPLER, "parentbased_traceidratio");
    assert.match(agent.config.properties["otel.traces.sampler"], /parentbased_traceidratio/);
    assert.equal(env.OTEL_TRACES_SAMPLER_ARG, "0.2");
    assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, collectorOtlpHttp);
    assert.equal(env.OTEL_EXPORTER_OTLP_PROTOCOL, "http/protobuf");
    assert.equal(env.TRACER_OPENTRACING_ENABLED, "false", "DIGIT's own tracer stays a no-op: one tracer per service");
    assert.equal(wired.spec.memoryMiB, 512 + 96, "room for the agent beside the planned heap");
  });

  it("a service without a health path gets a readiness probe on Spring's actuator at its own port", () => {
    assert.match(core.actuator, /spring-boot-starter-actuator/);
    assert.match(core.healthPath["egov-notification-sms"], /actuator\/health/, "the path differs per service inside the context path");
    assert.deepEqual(main.readinessProbe.httpGet, { path: "/health", port: managementPort.name });
    assert.equal(main.livenessProbe, undefined, "a database outage must not restart the pods");
    assert.ok(main.ports.some((p: any) => p.name === managementPort.name && p.containerPort === managementPort.containerPort));
    for (const k of ["MANAGEMENT_SERVER_PORT", "MANAGEMENT_PORT"]) assert.equal(env[k], String(managementPort.containerPort));
    assert.equal(env.MANAGEMENT_ENDPOINTS_WEB_BASEPATH, "/");
    const withHealth = wireJavaAgent([{ spec: { ...base, health: { readiness: "/sms/health", liveness: "/sms/health" } } }], settings)[0].spec;
    assert.deepEqual(withHealth.health, { readiness: "/sms/health", liveness: "/sms/health" }, "a catalog health path is kept");
    assert.ok(!withHealth.env.some((e) => e.name === "MANAGEMENT_SERVER_PORT"));
  });

  it("every metric the rules and dashboards read for DIGIT's services is one the agent exports, with its labels", () => {
    const unit = (u: string) => (u === "1" || /^\{.*\}$/.test(u) ? null : agent.prometheusNaming.units[u]);
    const exported = new Map<string, string[]>();
    for (const m of agent.metrics) {
      const u = unit(m.unit);
      const name = m.name.replace(/\./g, "_") + (u ? `_${u}` : "");
      const labels = m.attributes.map((a: string) => a.replace(/\./g, "_"));
      const series = m.instrument === "histogram" ? ["_bucket", "_sum", "_count"].map((s) => name + s) : m.instrument === "counter" ? [`${name}_total`] : [name];
      for (const s of series) exported.set(s, [...labels, ...(m.instrument === "histogram" ? ["le"] : [])]);
    }
    for (const [k, v] of Object.entries(agentMetrics)) {
      if (["status", "memoryType"].includes(k)) continue;
      assert.ok([...exported.keys()].some((n) => n === v || n.startsWith(`${v}_`)), `${k}: ${v} is not exported`);
    }
    const services = ["egov-user", "pgr-services"];
    const exprs = [
      ...ruleGroups({ scraped: services, backbone: {}, healthProbes: true, edgeProbe: false, certManager: false }).flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboards({ services, backbone: {}, healthProbes: true }).flatMap((d) => (d.json.panels as any[]).flatMap((p) => p.targets.map((t: any) => t.expr))),
    ];
    const builtin = new Set(["up", "probe_success", "kube_deployment_status_replicas_available", "kube_pod_container_status_waiting_reason", "kube_pod_container_status_restarts_total", "kube_pod_status_ready", "kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes"]);
    let checked = 0;
    for (const expr of exprs) {
      const tree = promql.parse(expr);
      tree.iterate({
        enter: (n) => {
          if (n.type.name !== "VectorSelector") return;
          const text = expr.slice(n.from, n.to);
          const metric = text.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)?.[0];
          if (!metric || builtin.has(metric)) return;
          const labels = exported.get(metric);
          assert.ok(labels, `${metric} (in ${expr}) is not exported by the agent`);
          for (const l of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)/g)) {
            if (["namespace", "job", "pod", "instance"].includes(l[1])) continue;
            assert.ok(labels.includes(l[1]), `${metric} has no label ${l[1]}`);
          }
          checked++;
        },
      });
    }
    assert.ok(checked >= 12, `${checked} agent selectors checked`);
    assert.ok(agent.attributeValues["jvm.memory.type"].includes("heap"));
    assert.ok(agent.attributeValues.state.includes("used"));
  });

  it("DIGIT 2.9's images serve no Prometheus endpoint of their own and build no Jaeger tracer", () => {
    assert.match(core.prometheusRegistry, /no pom\.xml .* depends on micrometer-registry-prometheus/);
    assert.match(core.tracer.openTracingConfiguration, /commented out/);
    const none = wireJavaAgent([{ spec: { ...base, runtime: "node" } }], settings)[0].spec;
    assert.equal(none.javaAgent, undefined, "keyed on the catalog's runtime: only Java services get the agent");
  });
});

describe("upstream: what the network isolation lets operations reach", () => {
  const pod = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels });
  const policiesFor = (values: Record<string, unknown>, scrapePorts: number[]) => {
    const config = parse({ ...minimalValues(), profile: "ha", ...values });
    return isolationPolicies(
      isolationInput({
        config,
        target: { kind: "sdc", database: { mode: "in-cluster" }, proxy: undefined } as never,
        namespaces: ["egov", "backbone", "kafka-kraft", "es-cluster", "digit-edge", "monitoring", "logging"],
        servicePorts: [8080],
        scrapePorts,
        endpoints: backboneEndpoints({ mode: "in-cluster" } as never, true),
        acme: false,
      }),
    );
  };
  const ok = (ps: any[], from: any, to: any, port: number) => evaluate(ps, { from, to, port, protocol: "TCP" }).allowed;
  const prometheus = pod("monitoring", { "app.kubernetes.io/name": "prometheus" });
  const service = pod("egov", { "app.kubernetes.io/name": "egov-user" });

  it("Prometheus reaches the Java agent's port and the actuator port; the edge does not", () => {
    const ps = policiesFor({}, [javaAgentMetrics.port, managementPort.containerPort]);
    assert.ok(ok(ps, prometheus, service, javaAgentMetrics.port));
    assert.ok(ok(ps, prometheus, service, managementPort.containerPort));
    assert.ok(!ok(ps, pod("digit-edge"), service, javaAgentMetrics.port), "metrics are not public");
    assert.ok(ok(ps, service, pod("monitoring", { "app.kubernetes.io/name": "otel-collector" }), 4318), "spans reach the collector");
  });

  it("Alertmanager reaches a state SMTP relay and SMS gateway on private addresses, only there", () => {
    const alerting = {
      email: ["oncall@punjab.gov.in"],
      smtp: { smarthost: "10.40.1.25:587", from: "alerts@punjab.gov.in" },
      sms: { webhook: "http://sms-gw.punjab.internal:8080/alert", cidr: "10.40.2.0/28" },
    };
    const ps = policiesFor({ operations: { alerting } }, []);
    const am = pod("monitoring", { "app.kubernetes.io/name": "alertmanager" });
    assert.ok(ok(ps, am, { ip: "10.40.1.25" }, 587), "the private relay");
    assert.ok(!ok(ps, am, { ip: "10.40.1.26" }, 587), "not its neighbour");
    assert.ok(ok(ps, am, { ip: "10.40.2.3" }, 8080), "the SMS gateway's range");
    assert.ok(!ok(ps, am, { ip: "10.40.2.3" }, 22));
    const without = policiesFor({}, []);
    assert.ok(!ok(without, am, { ip: "10.40.1.25" }, 587), "no private relay without config");
    const cfg = alertmanagerConfig(operationsSettings(parse({ ...minimalValues(), profile: "ha", operations: { alerting } })).alerting!) as any;
    const sms = cfg.receivers.find((r: any) => r.name === "digit-sms");
    assert.equal(sms.webhook_configs[0].url, alerting.sms.webhook);
    assert.deepEqual(cfg.route.routes[1], { receiver: "digit-sms", matchers: ['severity="critical"'], continue: true });
  });
});
