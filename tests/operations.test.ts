import * as assert from "node:assert/strict";
import YAML from "yaml";
import { parser as promql } from "@prometheus-io/lezer-promql";
import { minimalValues, parse } from "./helpers/config";
import { fakeSdcTarget, providedFor } from "./helpers/targets";
import { loadValidators, validateObject, hasModel } from "./helpers/validate";
import { ConfigError } from "../config/errors";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { planServices } from "../components/services/plan";
import {
  agentNamespaces,
  backboneFacts,
  ciDelivery,
  collectorHost,
  operationsNamespaces,
  operationsSettings,
  planOperations,
  serviceFacts,
  tracingEnv,
  wireJavaAgent,
  wireTracing,
} from "../components/operations";
import { alertmanagerConfig } from "../components/operations/alertmanager";
import { agentPlan } from "../components/operations/gitops";
import { collectorConfig, collectorPorts } from "../components/operations/tracing";
import { alloyConfig, lokiConfig } from "../components/operations/logs";
import { kubePrometheusValues } from "../components/operations/kube-prometheus";
import { jenkinsValues } from "../components/operations/jenkins";
import type { BackboneMetricsTarget } from "../components/operations";

const haValues = (extra: Record<string, unknown> = {}) => ({ ...minimalValues(), profile: "ha", modules: ["core-services", "common-services"], ...extra });

function planFor(values: Record<string, unknown>, backboneMetrics?: BackboneMetricsTarget[]) {
  const config = parse(values);
  const target = fakeSdcTarget(config);
  const endpoints = backboneEndpoints(target.database, true);
  const sp = planServices(config, target, providedFor(config, target));
  const services = wireJavaAgent(wireTracing(sp.services, operationsSettings(config), config.services), operationsSettings(config));
  const plan = planOperations({
    config,
    services: serviceFacts(services),
    backbone: backboneFacts(endpoints),
    backboneMetrics,
    credentials: { postgres: { username: "egov", password: "p" }, elasticsearch: { username: "elastic", password: "e" } },
    edge: { domain: config.domain, tls: true, certManager: true },
    storage: target.storage,
    place: { mirror: target.registry.mirror, pullSecretName: target.registry.pullSecretName },
    stack: "prod",
  });
  return { config, services, plan, namespaces: sp.namespaces };
}

/** The error nodes lezer-promql finds in an expression (empty: it parses). */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  promql.parse(expr).iterate({ enter: (n) => void (n.type.isError && errors.push(`at ${n.from}: "${expr.slice(Math.max(0, n.from - 10), n.to + 10)}"`)) });
  return errors;
}

/** Literal job names an expression matches on (job="x" and the alternatives of job=~"a|b"). */
function jobsIn(expr: string, variables: Record<string, string[]> = {}): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\bjob\s*(=~|=)\s*"([^"]*)"/g)) {
    const v = m[2];
    if (v.startsWith("$")) out.push(...(variables[v.slice(1)] ?? [`<unknown variable ${v}>`]));
    else out.push(...(m[1] === "=~" ? v.split("|") : [v]));
  }
  return out;
}

describe("operations: settings per profile", () => {
  it("dev runs no operations unless asked; ha runs monitoring, alerting, tracing and logs", () => {
    const dev = operationsSettings(parse(minimalValues()));
    assert.equal(dev.monitoring, undefined);
    assert.equal(dev.tracing, undefined);
    assert.equal(dev.logs, undefined);
    assert.equal(dev.alerting, undefined);
    assert.deepEqual(operationsNamespaces(parse(minimalValues())), []);
    const ha = operationsSettings(parse(haValues()));
    assert.equal(ha.monitoring?.retention, "15d");
    assert.equal(ha.monitoring?.prometheusReplicas, 2);
    assert.equal(ha.tracing?.sampleRate, 0.1);
    assert.equal(ha.logs?.retentionDays, 14);
    assert.deepEqual(ha.alerting, { email: [], smtp: undefined, webhook: undefined, sms: undefined });
    assert.deepEqual(operationsNamespaces(parse(haValues())), ["monitoring", "logging"]);
  });

  it("config overrides the profile's sizes; dev can opt in part by part", () => {
    const s = operationsSettings(
      parse({ ...minimalValues(), operations: { monitoring: { enabled: true, retention: "2d", storage: "5Gi" }, logs: { enabled: true, retentionDays: 1 }, cicd: { jenkins: true } } }),
    );
    assert.equal(s.monitoring?.retention, "2d");
    assert.equal(s.monitoring?.storage, "5Gi");
    assert.equal(s.monitoring?.prometheusReplicas, 1);
    assert.ok(s.alerting, "alerting follows monitoring");
    assert.equal(s.logs?.retentionDays, 1);
    assert.equal(s.tracing, undefined);
    assert.equal(s.jenkins, true);
  });

  it("rejects alerting without monitoring, mail without a relay, and an inline kubeconfig under gitops", () => {
    const msg = (values: Record<string, unknown>, secretKeys: string[] = []) => {
      try {
        operationsSettings(parse(values, secretKeys));
      } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return (e as Error).message;
      }
      assert.fail("accepted");
    };
    assert.match(msg({ ...minimalValues(), operations: { alerting: { enabled: true } } }), /digit:operations\.alerting\.enabled: .*monitoring\.enabled/);
    assert.match(msg(haValues({ operations: { alerting: { email: ["oncall@pb.gov.in"] } } })), /digit:operations\.alerting\.email: .*smtp/);
    assert.match(
      msg(
        {
          ...minimalValues(),
          target: { kind: "sdc", kubeconfigInline: "apiVersion: v1" },
          delivery: { mode: "gitops", repository: "https://github.com/pb/digit.git" },
        },
        ["target"],
      ),
      /digit:target\.kubeconfigInline: gitops keeps cluster credentials out of CI/,
    );
  });

  it("the schema rejects bad durations and a delivery path leaving the project", () => {
    assert.throws(() => parse(haValues({ operations: { monitoring: { retention: "15 days" } } })), /digit:operations\.monitoring\.retention/);
    assert.throws(
      () => parse({ ...minimalValues(), delivery: { mode: "gitops", repository: "https://github.com/pb/digit.git", path: "../elsewhere" } }),
      /digit:delivery\.path|relative directory/,
    );
  });
});

describe("operations: tracing is wired to DIGIT's Jaeger clients", () => {
  const { services, plan } = planFor(haValues());

  it("every service with DIGIT's Jaeger client sends to the collector's Service, sampling at the configured rate without a server", () => {
    const traced = services.filter((s) => s.spec.env.some((e) => e.name === "JAEGER_SERVICE_NAME"));
    assert.ok(traced.length > 10, `${traced.length} traced services`);
    for (const s of traced) {
      const names = s.spec.env.map((e) => e.name);
      const value = (n: string) => (s.spec.env.find((e) => e.name === n) as { value?: string } | undefined)?.value;
      assert.equal(value("JAEGER_AGENT_HOST"), collectorHost, s.spec.name);
      assert.equal(value("JAEGER_SAMPLER_TYPE"), "probabilistic", s.spec.name);
      assert.equal(value("JAEGER_SAMPLER_PARAM"), "0.1", s.spec.name);
      if (s.spec.runtime === "java") assert.equal(value("TRACER_OPENTRACING_ENABLED"), "false", `${s.spec.name}: the Java agent traces it, not DIGIT's tracer`);
      // Kubernetes expands $(JAEGER_AGENT_HOST) only from variables defined before it.
      if (names.includes("JAEGER_SAMPLER_MANAGER_HOST_PORT")) assert.ok(names.indexOf("JAEGER_AGENT_HOST") < names.indexOf("JAEGER_SAMPLER_MANAGER_HOST_PORT"), s.spec.name);
      assert.equal(new Set(names).size, names.length, `${s.spec.name} has no duplicate env`);
    }
  });

  it("the collector's Service answers what the clients send: OTLP from the Java agent, Jaeger thrift on 6831/UDP", () => {
    const svc = plan.tracing!.objects.find((o) => o.kind === "Service" && o.metadata.name === "otel-collector")!;
    assert.equal(`${svc.metadata.name}.${svc.metadata.namespace}`, collectorHost);
    const ports = svc.spec.ports.map((p: any) => `${p.port}/${p.protocol}`);
    for (const p of ["6831/UDP", "4317/TCP", "4318/TCP"]) assert.ok(ports.includes(p), ports.join(","));
    assert.ok(!ports.includes("5778/TCP"), "no sampling server: the services sample themselves");
    const cfg = collectorConfig() as any;
    assert.equal(cfg.receivers.jaeger.protocols.thrift_compact.endpoint, "0.0.0.0:6831");
    assert.equal(cfg.receivers.otlp.protocols.http.endpoint, "0.0.0.0:4318");
    assert.deepEqual(cfg.service.extensions, ["health_check"]);
    assert.deepEqual(cfg.service.pipelines.traces.exporters, ["otlp/tempo"]);
    assert.equal(cfg.exporters["otlp/tempo"].endpoint, "tempo.monitoring:4317");
    assert.ok(collectorPorts.every((p) => svc.spec.ports.some((s: any) => s.name === p.name)));
    const cm = plan.tracing!.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "otel-collector")!;
    assert.deepEqual(YAML.parse(cm.data["config.yaml"]), cfg);
  });

  it("Tempo's metrics-generator writes the service graph to Prometheus, which accepts remote writes", () => {
    const tempo = YAML.parse(plan.tracing!.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "tempo")!.data["tempo.yaml"]);
    assert.deepEqual(tempo.overrides.defaults.metrics_generator.processors, ["service-graphs", "span-metrics"]);
    assert.equal(tempo.metrics_generator.storage.remote_write[0].url, "http://kps-prometheus.monitoring:9090/api/v1/write");
    const values = plan.monitoring!.chart.values as any;
    assert.equal(values.prometheus.prometheusSpec.enableRemoteWriteReceiver, true);
    assert.equal(values.fullnameOverride, "kps", "the Service kps-prometheus the remote write names");
    const ds = values.grafana.additionalDataSources.find((d: any) => d.type === "tempo");
    assert.equal(ds.jsonData.serviceMap.datasourceUid, "prometheus");
  });

  it("without tracing the clients are switched off; a stack's own env value wins", () => {
    const dev = parse(minimalValues());
    assert.deepEqual(tracingEnv(operationsSettings(dev)), [{ name: "TRACER_OPENTRACING_ENABLED", value: "false" }]);
    const spec = {
      name: "egov-user",
      runtime: "java",
      env: [
        { name: "JAEGER_SERVICE_NAME", value: "egov-user" },
        { name: "JAEGER_AGENT_HOST", field: "status.hostIP" },
        { name: "TRACER_OPENTRACING_ENABLED", value: "true" },
      ],
    } as any;
    const [off] = wireTracing([{ spec }], operationsSettings(dev), {});
    assert.deepEqual(off.spec.env.find((e) => e.name === "TRACER_OPENTRACING_ENABLED"), { name: "TRACER_OPENTRACING_ENABLED", value: "false" });
    const ha = parse(haValues({ services: { "egov-user": { env: { JAEGER_AGENT_HOST: "jaeger-agent.tracing", JAEGER_SAMPLER_TYPE: "const", JAEGER_SAMPLER_PARAM: "1", TRACER_OPENTRACING_ENABLED: "true" } } } }));
    const [kept] = wireTracing([{ spec }], operationsSettings(ha), ha.services);
    assert.deepEqual(kept, { spec }, "the overrides are applied by the planner, not replaced here");
    const other = { name: "x", env: [{ name: "A", value: "1" }] } as any;
    assert.equal(wireTracing([{ spec: other }], operationsSettings(ha), {})[0].spec, other, "services without the client are untouched");
  });

  it("Tempo and Loki keep data as long as config says", () => {
    const tempo = plan.tracing!.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "tempo")!;
    assert.equal(YAML.parse(tempo.data["tempo.yaml"]).compactor.compaction.block_retention, "168h");
    const loki = lokiConfig(30) as any;
    assert.equal(loki.limits_config.retention_period, "720h");
    assert.equal(loki.compactor.retention_enabled, true);
    assert.match(alloyConfig(), /replacement\s+= "\/var\/log\/pods\/\*\$1\/\*\.log"/);
    assert.match(alloyConfig(), /url = "http:\/\/loki\.logging:3100\/loki\/api\/v1\/push"/);
  });
});

describe("operations: monitoring scrapes every service and backbone part", () => {
  const { services, plan } = planFor(haValues());
  const m = plan.monitoring!;
  const monitors = m.objects.filter((o) => o.kind === "ServiceMonitor");

  it("every Java service has a ServiceMonitor on the agent's port, every service with a health path a probe", () => {
    const probe = m.objects.find((o) => o.kind === "Probe" && o.metadata.name === "digit-health")!;
    for (const s of services) {
      const sm = monitors.find((o) => o.metadata.name === `digit-${s.spec.name}`);
      if (s.spec.runtime !== "java" || s.spec.appServer) {
        assert.equal(sm, undefined, `${s.spec.name}: no known metrics endpoint, so nothing is scraped (no false target-down alert)`);
        continue;
      }
      assert.ok(sm, `no ServiceMonitor for ${s.spec.name}`);
      assert.deepEqual(sm.spec.namespaceSelector, { matchNames: ["egov"] });
      assert.equal(sm.spec.selector.matchLabels["app.kubernetes.io/name"], s.spec.name);
      assert.deepEqual([sm.spec.endpoints[0].port, sm.spec.endpoints[0].path], ["metrics", "/metrics"]);
      // eGov's probe where its chart has one (on the service's port), else the actuator's port
      const egov = s.spec.probes?.readiness?.path ?? s.spec.probes?.liveness?.path;
      const health = egov ?? s.spec.health!.readiness ?? s.spec.health!.liveness;
      const port = egov ? (s.spec.port ?? 8080) : (s.spec.health!.port?.containerPort ?? 8080);
      assert.ok(probe.spec.targets.staticConfig.static.includes(`http://${s.spec.name}.egov:${port}${health}`), s.spec.name);
    }
    assert.deepEqual(Object.keys(m.scrape.services).sort(), services.map((s) => s.spec.name).sort());
  });

  it("every backbone part is scraped through its exporter, whose Service the ServiceMonitor selects", () => {
    assert.deepEqual(m.scrape.backbone, {
      postgres: "postgres-exporter",
      kafka: "kafka-exporter",
      elasticsearch: "elasticsearch-exporter",
      redis: "redis-exporter",
    });
    assert.deepEqual(m.scrape.postgres, { job: "postgres-exporter", dialect: "exporter" });
    for (const job of ["postgres-exporter", "kafka-exporter", "elasticsearch-exporter", "redis-exporter"]) {
      const svc = m.objects.find((o) => o.kind === "Service" && o.metadata.name === job)!;
      const sm = monitors.find((o) => o.metadata.name === job)!;
      for (const [k, v] of Object.entries<string>(sm.spec.selector.matchLabels)) assert.equal(svc.metadata.labels[k], v, `${job}: ${k}`);
      assert.ok(svc.spec.ports.some((p: any) => p.name === sm.spec.endpoints[0].port), job);
      assert.ok(m.objects.some((o) => o.kind === "Deployment" && o.metadata.name === job), job);
    }
    const kafka = m.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "kafka-exporter")!;
    assert.ok(kafka.spec.template.spec.containers[0].args.includes("--kafka.server=kafka.kafka-kraft:9092"));
    const es = m.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "elasticsearch-exporter")!;
    assert.ok(es.spec.template.spec.containers[0].args.includes("--es.uri=https://elasticsearch.es-cluster:9200"));
  });

  it("scrapes the metrics endpoints the backbone runs itself instead of running exporters, in CloudNativePG's dialect", () => {
    const own: BackboneMetricsTarget[] = [
      { name: "postgres", namespace: "backbone", selector: { "cnpg.io/cluster": "postgres" }, port: "metrics", path: "/metrics" },
      { name: "kafka", namespace: "kafka-kraft", selector: { "app.kubernetes.io/name": "kafka-exporter" }, port: "metrics", path: "/metrics" },
      { name: "minio", namespace: "backbone", selector: { "app.kubernetes.io/name": "minio" }, port: "api", path: "/minio/v2/metrics/cluster" },
    ];
    const { plan: p } = planFor(haValues(), own);
    const mon = p.monitoring!;
    assert.deepEqual(mon.scrape.backbone, { postgres: "postgres", kafka: "kafka-exporter", minio: "minio", elasticsearch: "elasticsearch-exporter", redis: "redis-exporter" });
    assert.deepEqual(mon.scrape.postgres, { job: "postgres", dialect: "cnpg" });
    const pm = mon.objects.find((o) => o.kind === "PodMonitor" && o.metadata.name === "backbone-postgres")!;
    assert.deepEqual(pm.spec.namespaceSelector, { matchNames: ["backbone"] });
    assert.deepEqual(pm.spec.selector.matchLabels, { "cnpg.io/cluster": "postgres" });
    assert.deepEqual(pm.spec.podMetricsEndpoints[0].relabelings, [{ action: "replace", targetLabel: "job", replacement: "postgres" }]);
    const deployments = mon.objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name);
    assert.ok(!deployments.includes("postgres-exporter") && !deployments.includes("kafka-exporter"), deployments.join(","));
    assert.ok(deployments.includes("redis-exporter"), "a part the backbone reports no endpoint for still gets an exporter");
    const rules = mon.objects.find((o) => o.kind === "PrometheusRule")!.spec.groups.flatMap((g: any) => g.rules);
    const conn = rules.find((r: any) => r.alert === "DigitPostgresConnectionsHigh");
    assert.match(conn.expr, /cnpg_backends_total\{job="postgres"\}/);
    assert.deepEqual(promqlErrors(conn.expr), []);
    for (const r of rules) for (const j of jobsIn(r.expr)) assert.ok(mon.scrape.jobs.includes(j), `${r.alert}: ${j}`);
  });

  it("exporter credentials sit in Secrets, read through secretKeyRef", () => {
    const pg = m.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "postgres-exporter")!;
    const env = Object.fromEntries(pg.spec.template.spec.containers[0].env.map((e: any) => [e.name, e]));
    assert.deepEqual(env.DATA_SOURCE_PASS.valueFrom, { secretKeyRef: { name: "postgres-exporter", key: "password" } });
    assert.ok(m.objects.some((o) => o.kind === "Secret" && o.metadata.name === "postgres-exporter"));
  });

  it("images go through the target's mirror", () => {
    const { plan: mirrored } = planFor(haValues({ target: { kind: "sdc", kubeconfig: "/k", registry: { mirror: "registry.pb.internal/egovio" } } }));
    const images = [...mirrored.monitoring!.objects, ...mirrored.tracing!.objects, ...mirrored.logs!.objects]
      .filter((o) => o.spec?.template)
      .flatMap((o) => o.spec.template.spec.containers.map((c: any) => c.image));
    assert.ok(images.length >= 8);
    for (const i of images) assert.match(i, /^registry\.pb\.internal\//, i);
    assert.equal((mirrored.monitoring!.chart.values as any).global.imageRegistry, "registry.pb.internal");
  });

  it("the kube-prometheus-stack chart is pinned and selects every monitor, probe and rule in the cluster", () => {
    assert.equal(m.chart.pin.chart, "kube-prometheus-stack");
    assert.match(m.chart.pin.version, /^\d+\.\d+\.\d+$/);
    const spec = (m.chart.values as any).prometheus.prometheusSpec;
    for (const k of ["serviceMonitor", "podMonitor", "probe", "rule", "scrapeConfig"]) assert.equal(spec[`${k}SelectorNilUsesHelmValues`], false, k);
    assert.equal(spec.retention, "15d");
    assert.equal(spec.storageSpec.volumeClaimTemplate.spec.storageClassName, "iscsi-hdd");
    const am = (m.chart.values as any).alertmanager.alertmanagerSpec;
    assert.deepEqual([am.useExistingSecret, am.configSecret], [true, "alertmanager-digit"]);
    assert.equal((m.chart.values as any).grafana.admin.existingSecret, "grafana-admin");
    const ds = (m.chart.values as any).grafana.additionalDataSources.map((d: any) => d.url);
    assert.deepEqual(ds, ["http://loki.logging:3100", "http://tempo.monitoring:3200"]);
  });
});

describe("operations: alert rules and dashboards", () => {
  const { plan } = planFor(haValues());
  const m = plan.monitoring!;
  const jobs = new Set(m.scrape.jobs);
  const rule = m.objects.find((o) => o.kind === "PrometheusRule")!;
  const rules = rule.spec.groups.flatMap((g: any) => g.rules);

  it("covers what DIGIT needs watched", () => {
    const names = rules.map((r: any) => r.alert);
    for (const a of [
      "DigitServiceDown",
      "DigitServiceUnhealthy",
      "DigitPodCrashLooping",
      "DigitHighErrorRate",
      "DigitKafkaConsumerLag",
      "DigitElasticsearchRed",
      "DigitElasticsearchYellow",
      "DigitVolumeFillingUp",
      "DigitPostgresConnectionsHigh",
      "DigitCertificateExpiring",
    ])
      assert.ok(names.includes(a), a);
    for (const r of rules) {
      assert.match(r.labels.severity, /^(warning|critical)$/);
      assert.ok(r.annotations.summary && r.annotations.description, r.alert);
    }
  });

  it("every expression parses as PromQL (lezer-promql) and names only scraped jobs", () => {
    for (const r of rules) {
      assert.deepEqual(promqlErrors(r.expr), [], `${r.alert}: ${r.expr}`);
      for (const j of jobsIn(r.expr)) assert.ok(jobs.has(j), `${r.alert} names job ${j}, which nothing scrapes`);
    }
    assert.notDeepEqual(promqlErrors("sum by (job (rate(x[5m]))"), [], "the parser does report errors");
  });

  it("every dashboard is valid JSON whose queries parse and name only scraped jobs", () => {
    const cms = m.objects.filter((o) => o.kind === "ConfigMap" && o.metadata.labels.grafana_dashboard === "1");
    assert.deepEqual(cms.map((c) => c.metadata.name).sort(), [
      "dashboard-digit-database",
      "dashboard-digit-elasticsearch",
      "dashboard-digit-jvm",
      "dashboard-digit-kafka",
      "dashboard-digit-services",
    ]);
    for (const cm of cms) {
      const [file, text] = Object.entries<string>(cm.data)[0];
      const d = JSON.parse(text);
      assert.equal(`${d.uid}.json`, file);
      const variables: Record<string, string[]> = Object.fromEntries(d.templating.list.map((v: any) => [v.name, v.query.split(",")]));
      for (const v of Object.values(variables).flat()) assert.ok(jobs.has(v), `${d.uid}: variable offers ${v}`);
      assert.ok(d.panels.length >= 4, d.uid);
      for (const p of d.panels) {
        assert.ok(p.targets.length, `${d.uid}/${p.title}`);
        for (const t of p.targets) {
          assert.deepEqual(promqlErrors(t.expr.replaceAll("$service", "x")), [], `${d.uid}/${p.title}: ${t.expr}`);
          const named = jobsIn(t.expr, variables);
          assert.ok(named.length, `${d.uid}/${p.title} names no job: ${t.expr}`);
          for (const j of named) assert.ok(jobs.has(j), `${d.uid}/${p.title} names ${j}`);
        }
      }
    }
  });

  it("Alertmanager sends to the configured mail addresses and webhook", () => {
    const cfg = alertmanagerConfig({
      email: ["oncall@pb.gov.in"],
      smtp: { smarthost: "smtp.pb.gov.in:587", from: "digit@pb.gov.in", username: "digit", password: "pw", requireTls: true },
      webhook: "https://hooks.pb.gov.in/alerts",
    }) as any;
    const r = cfg.receivers.find((x: any) => x.name === cfg.route.receiver);
    assert.deepEqual(r.email_configs, [{ to: "oncall@pb.gov.in", send_resolved: true }]);
    assert.deepEqual(r.webhook_configs, [{ url: "https://hooks.pb.gov.in/alerts", send_resolved: true }]);
    assert.equal(cfg.global.smtp_smarthost, "smtp.pb.gov.in:587");
    assert.equal(cfg.global.smtp_auth_password, "pw");
    assert.ok(cfg.receivers.some((x: any) => x.name === "null"));
  });
});

describe("operations: objects are valid Kubernetes objects", () => {
  before(loadValidators);

  it("every built-in object of every part validates against the API schema", () => {
    const { plan } = planFor(haValues({ operations: { cicd: { jenkins: true } } }));
    const objects = [...plan.monitoring!.objects, ...plan.tracing!.objects, ...plan.logs!.objects];
    let checked = 0;
    for (const o of objects) {
      assert.ok(o.metadata.name, `${o.kind} without a name`);
      assert.equal(o.metadata.labels["app.kubernetes.io/part-of"], "digit", `${o.kind} ${o.metadata.name}`);
      if (!hasModel(o.apiVersion, o.kind)) continue;
      const plain = JSON.parse(JSON.stringify(o, (_k, v) => (v && typeof v === "object" && typeof v.apply === "function" ? "output" : v)));
      validateObject(plain);
      checked++;
    }
    assert.ok(checked > 20, `${checked} validated`);
  });
});

describe("operations: Jenkins and GitOps agents", () => {
  it("Jenkins gets its admin password from a Secret and the pulumi and kaniko agent templates", () => {
    const v = jenkinsValues({ highAvailability: true, place: { mirror: "registry.pb.internal/egovio" } }) as any;
    assert.equal(v.controller.admin.existingSecret, "jenkins-admin");
    assert.match(v.agent.podTemplates.pulumi, /image: registry\.pb\.internal\/pulumi\/pulumi-nodejs:3\.\d+\.\d+/);
    assert.match(v.agent.podTemplates.kaniko, /image: registry\.pb\.internal\/kaniko-project\/executor:/);
    for (const t of Object.values<string>(v.agent.podTemplates)) assert.equal(YAML.parse(t).length, 1);
  });

  const delivery = { mode: "gitops" as const, repository: "https://github.com/pb/digit.git", branch: "main", path: "deploy/prod" };

  it("Argo CD's Application follows the repository's branch and path, pruning and self-healing", () => {
    const p = agentPlan({ delivery: { ...delivery, agent: "argocd" }, stack: "prod", place: {} });
    assert.equal(p.namespace, agentNamespaces.argocd);
    assert.equal(p.chart.chart, "argo-cd");
    const app = p.objects.find((o) => o.kind === "Application")!;
    assert.deepEqual(app.spec.source, { repoURL: delivery.repository, targetRevision: "main", path: "deploy/prod", directory: { recurse: true } });
    assert.deepEqual(app.spec.syncPolicy.automated, { prune: true, selfHeal: true });
  });

  it("Flux's GitRepository and Kustomization read the same path", () => {
    const p = agentPlan({ delivery: { ...delivery, agent: "flux" }, stack: "prod", place: {} });
    const repo = p.objects.find((o) => o.kind === "GitRepository")!;
    const ks = p.objects.find((o) => o.kind === "Kustomization")!;
    assert.deepEqual(repo.spec.ref, { branch: "main" });
    assert.equal(ks.spec.path, "./deploy/prod");
    assert.deepEqual(ks.spec.sourceRef, { kind: "GitRepository", name: repo.metadata.name });
  });

  it("the Pulumi Kubernetes Operator's Stack runs this stack from the repository", () => {
    const p = agentPlan({ delivery: { ...delivery, agent: "pulumi-operator" }, stack: "prod", place: {} });
    const stack = p.objects.find((o) => o.kind === "Stack")!;
    assert.equal(stack.apiVersion, "pulumi.com/v1");
    assert.equal(stack.spec.stack, "prod");
    assert.equal(stack.spec.projectRepo, delivery.repository);
    // backend, passphrase and cloud credentials: every key of the administrator's Secret, as env of the workspace
    assert.deepEqual(stack.spec.workspaceTemplate.spec.envFrom, [{ secretRef: { name: "pulumi-stack-env" } }]);
    // the workspace deploys through its ServiceAccount, not the stack's kubeconfig (lib/in-cluster.ts)
    assert.deepEqual(stack.spec.envRefs.DIGIT_IN_CLUSTER, { type: "Literal", literal: { value: "true" } });
  });

  it("CI's part per mode: direct applies, render excludes what only the cluster can apply, operator previews", () => {
    assert.deepEqual(ciDelivery({ mode: "direct" }), { mode: "direct", upArgs: [] });
    assert.equal(ciDelivery({ ...delivery, agent: "pulumi-operator" }).mode, "operator");
    const r = ciDelivery({ ...delivery, agent: "argocd" });
    assert.equal(r.mode, "render");
    assert.equal(r.path, "deploy/prod");
    assert.deepEqual(r.upArgs.filter((a) => a !== "--exclude"), [
      "**kubernetes:core/v1:Namespace::**",
      "**kubernetes:core/v1:Secret::**",
      "**kubernetes:core/v1:PersistentVolumeClaimPatch::**",
      "**digit:operations:GitOpsAgent**",
    ]);
  });
});

describe("operations: kube-prometheus values", () => {
  it("without alerting Alertmanager is off; without logs and tracing Grafana has no extra data source", () => {
    const v = kubePrometheusValues({
      monitoring: operationsSettings(parse(haValues())).monitoring!,
      logs: false,
      tracing: false,
      storage: { staticVolumes: {} },
      place: {},
    }) as any;
    assert.deepEqual(v.alertmanager, { enabled: false });
    assert.deepEqual(v.grafana.additionalDataSources, []);
    assert.equal(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName, undefined);
    assert.equal(v.prometheusOperator.tls.enabled, false, "no webhook certificate to serve with");
  });
});
