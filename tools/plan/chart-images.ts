// The images a third-party chart runs, as far as its pinned defaults (vendor/charts/) and the values
// this project passes determine them: under the mock engine a chart is one resource, so its
// workloads are not in the plan. Each rule names the values paths the chart's templates read
// (vendor/charts/SOURCE.md says which template); hooks are left out, helm.v4.Chart does not run them.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

type Values = Record<string, any>;

const vendorDir = path.resolve(__dirname, "..", "..", "vendor", "charts");

/** One image a chart's workload runs, or undefined when the values turn that workload off. */
interface ImageRule {
  /** the workload as a reviewer would look for it in a real preview */
  workload: string;
  image(v: Values, chart: { appVersion: string }): string | undefined;
}

interface ChartRules {
  /** directory under vendor/charts/: `<chart>-<version>` */
  dir: string;
  rules: ImageRule[];
  /** subcharts: the values key they read under the parent, their own rules */
  subcharts?: Array<{ key: string; enabled: (parent: Values) => boolean; chart: ChartRules }>;
}

const get = (v: Values, p: string): any => p.split(".").reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), v);
const truthy = (x: unknown) => x !== undefined && x !== null && x !== false && x !== "";

/** `{registry, repository, tag, sha}` as the prometheus-community and grafana charts print it. */
function registryImage(block: Values | undefined, globalRegistry: unknown, defaultTag: string): string | undefined {
  if (!block?.repository) return undefined;
  const registry = truthy(globalRegistry) ? globalRegistry : block.registry;
  const ref = `${registry ? `${registry}/` : ""}${block.repository}:${truthy(block.tag) ? block.tag : defaultTag}`;
  return truthy(block.sha) ? `${ref}@sha256:${block.sha}` : ref;
}

const promStyle = (p: string, when: string[], workload: string, tagDefault: (app: string) => string = (a) => a): ImageRule => ({
  workload,
  image: (v, c) => (when.every((w) => truthy(get(v, w))) ? registryImage(get(v, p), get(v, "global.imageRegistry"), tagDefault(c.appVersion)) : undefined),
});

const nodeExporter: ChartRules = {
  dir: "prometheus-node-exporter-4.51.1",
  rules: [promStyle("image", [], "DaemonSet node-exporter", (a) => `v${a}`), promStyle("kubeRBACProxy.image", ["kubeRBACProxy.enabled"], "DaemonSet node-exporter (kube-rbac-proxy)")],
};

const kubeStateMetrics: ChartRules = {
  dir: "kube-state-metrics-7.1.0",
  rules: [promStyle("image", [], "Deployment kube-state-metrics", (a) => `v${a}`), promStyle("kubeRBACProxy.image", ["kubeRBACProxy.enabled"], "Deployment kube-state-metrics (kube-rbac-proxy)")],
};

const grafana: ChartRules = {
  dir: "grafana-11.1.1",
  rules: [
    promStyle("image", [], "Deployment grafana"),
    {
      workload: "Deployment grafana (dashboard and datasource sidecars)",
      image: (v) => (truthy(get(v, "sidecar.dashboards.enabled")) || truthy(get(v, "sidecar.datasources.enabled")) ? registryImage(get(v, "sidecar.image"), get(v, "global.imageRegistry"), "") : undefined),
    },
    promStyle("initChownData.image", ["persistence.enabled", "initChownData.enabled"], "Deployment grafana (init-chown-data)"),
    {
      workload: "Deployment grafana (download-dashboards)",
      image: (v) => (get(v, "dashboards") && Object.keys(get(v, "dashboards")).length ? registryImage(get(v, "downloadDashboardsImage"), get(v, "global.imageRegistry"), "") : undefined),
    },
    promStyle("imageRenderer.image", ["imageRenderer.enabled"], "Deployment grafana-image-renderer"),
  ],
};

const kubePrometheusStack: ChartRules = {
  dir: "kube-prometheus-stack-81.6.2",
  rules: [
    promStyle("prometheusOperator.image", ["prometheusOperator.enabled"], "Deployment prometheus-operator"),
    promStyle("prometheusOperator.prometheusConfigReloader.image", ["prometheusOperator.enabled"], "config-reloader sidecar of Prometheus and Alertmanager"),
    promStyle("prometheusOperator.admissionWebhooks.deployment.image", ["prometheusOperator.enabled", "prometheusOperator.admissionWebhooks.enabled", "prometheusOperator.admissionWebhooks.deployment.enabled"], "Deployment prometheus-operator-webhook"),
    promStyle("prometheus.prometheusSpec.image", ["prometheus.enabled"], "StatefulSet prometheus (by the operator)"),
    promStyle("alertmanager.alertmanagerSpec.image", ["alertmanager.enabled"], "StatefulSet alertmanager (by the operator)"),
    promStyle("thanosRuler.thanosRulerSpec.image", ["thanosRuler.enabled"], "StatefulSet thanos-ruler (by the operator)"),
  ],
  subcharts: [
    { key: "grafana", enabled: (v) => truthy(get(v, "grafana.enabled")), chart: grafana },
    { key: "kube-state-metrics", enabled: (v) => truthy(get(v, "kubeStateMetrics.enabled")), chart: kubeStateMetrics },
    { key: "prometheus-node-exporter", enabled: (v) => truthy(get(v, "nodeExporter.enabled")), chart: nodeExporter },
  ],
};

/** cert-manager's `image` helper: repository if set, else imageRegistry/imageNamespace/name; tag, else appVersion. */
function certManagerImage(block: Values | undefined, v: Values, app: string): string | undefined {
  if (!block) return undefined;
  let repo: string = block.repository || [v.imageRegistry, v.imageNamespace, block.name].filter(truthy).join("/");
  if (block.registry) repo = `${block.registry}/${repo}`;
  if (block.tag && block.digest) return `${repo}:${block.tag}@${block.digest}`;
  if (block.tag) return `${repo}:${block.tag}`;
  return block.digest ? `${repo}@${block.digest}` : `${repo}:${app}`;
}

const certManager: ChartRules = {
  dir: "cert-manager-v1.20.3",
  rules: [
    { workload: "Deployment cert-manager", image: (v, c) => certManagerImage(v.image, v, c.appVersion) },
    { workload: "Deployment cert-manager-webhook", image: (v, c) => certManagerImage(get(v, "webhook.image"), v, c.appVersion) },
    { workload: "Deployment cert-manager-cainjector", image: (v, c) => (truthy(get(v, "cainjector.enabled")) ? certManagerImage(get(v, "cainjector.image"), v, c.appVersion) : undefined) },
    { workload: "ACME HTTP-01 solver pods (started by cert-manager)", image: (v, c) => certManagerImage(get(v, "acmesolver.image"), v, c.appVersion) },
  ],
};

const cloudnativePg: ChartRules = {
  dir: "cloudnative-pg-0.29.0",
  rules: [{ workload: "Deployment cloudnative-pg (operator)", image: (v, c) => (get(v, "image.repository") ? `${get(v, "image.repository")}:${truthy(get(v, "image.tag")) ? get(v, "image.tag") : c.appVersion}` : undefined) }],
};

const eckOperator: ChartRules = {
  dir: "eck-operator-3.5.0",
  rules: [
    {
      workload: "StatefulSet elastic-operator",
      image: (v, c) => {
        let repo = get(v, "image.repository");
        if (!repo) return undefined;
        if (truthy(get(v, "config.ubiOnly"))) repo += "-ubi";
        if (truthy(get(v, "image.fips"))) repo += "-fips";
        const ref = `${repo}:${truthy(get(v, "image.tag")) ? get(v, "image.tag") : c.appVersion}`;
        return truthy(get(v, "image.digest")) ? `${ref}@${get(v, "image.digest")}` : ref;
      },
    },
  ],
};

/** Envoy Gateway's `eg.image`: the global full image, `global.imageRegistry` replacing its registry. */
function envoyGatewayImage(v: Values, app: string): string | undefined {
  const override = get(v, "deployment.envoyGateway.image") ?? {};
  const registry = get(v, "global.imageRegistry");
  if (truthy(override.repository)) {
    const repo = truthy(registry) ? `${registry}/${String(override.repository).split("/").slice(1).join("/")}` : override.repository;
    return `${repo}:${truthy(override.tag) ? override.tag : app}`;
  }
  const full: string | undefined = get(v, "global.images.envoyGateway.image");
  if (!truthy(full) || full!.includes("${")) return truthy(registry) ? `${registry}/envoyproxy/gateway:${app}` : `docker.io/envoyproxy/gateway:${app}`;
  const [host, ...rest] = full!.split("/");
  return `${truthy(registry) ? registry : host}/${rest.join("/")}`;
}

const gatewayHelm: ChartRules = {
  dir: "gateway-helm-v1.8.3",
  rules: [{ workload: "Deployment envoy-gateway (controller)", image: (v, c) => envoyGatewayImage(v, c.appVersion) }],
};

const CHARTS: Record<string, ChartRules> = {
  "kube-prometheus-stack@81.6.2": kubePrometheusStack,
  "cert-manager@v1.20.3": certManager,
  "cloudnative-pg@0.29.0": cloudnativePg,
  "eck-operator@3.5.0": eckOperator,
  "gateway-helm@v1.8.3": gatewayHelm,
};

function isObject(v: unknown): v is Values {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Helm's merge of values: maps merge key by key, anything else (lists too) is replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over ?? {})) out[k] = isObject(v) && isObject(out[k]) ? mergeValues(out[k], v) : v;
  return out;
}

const cache = new Map<string, { values: Values; appVersion: string }>();

function vendored(dir: string): { values: Values; appVersion: string } {
  let v = cache.get(dir);
  if (!v) {
    const read = (f: string) => YAML.parse(fs.readFileSync(path.join(vendorDir, dir, f), "utf8")) ?? {};
    v = { values: read("values.yaml"), appVersion: String(read("Chart.yaml").appVersion) };
    cache.set(dir, v);
  }
  return v;
}

export interface ChartImage {
  image: string;
  /** the same image without the chart's registry override (`global.imageRegistry`) */
  upstream: string;
  workload: string;
}

/** The values with every registry override removed (at the top and in the subcharts' sections). */
function withoutRegistryOverride(v: Values): Values {
  const out: Values = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "global" && isObject(x)) {
      const { imageRegistry: _r, ...rest } = x;
      out[k] = rest;
    } else out[k] = isObject(x) ? withoutRegistryOverride(x) : x;
  }
  return out;
}

function imagesOf(rules: ChartRules, given: Values, inheritedGlobal?: Values): ChartImage[] {
  const { values: defaults, appVersion } = vendored(rules.dir);
  const effective = (g: Values, inherited?: Values) => {
    const v = mergeValues(defaults, g);
    return inherited ? mergeValues(v, { global: inherited }) : v;
  };
  const values = effective(given, inheritedGlobal);
  const plain = effective(withoutRegistryOverride(given), inheritedGlobal && withoutRegistryOverride({ global: inheritedGlobal }).global);
  const out: ChartImage[] = [];
  for (const r of rules.rules) {
    const image = r.image(values, { appVersion });
    if (image) out.push({ image, upstream: r.image(plain, { appVersion }) ?? image, workload: r.workload });
  }
  for (const s of rules.subcharts ?? []) {
    if (!s.enabled(values)) continue;
    const sub = imagesOf(s.chart, isObject(values[s.key]) ? values[s.key] : {}, values.global);
    const subPlain = imagesOf(s.chart, isObject(plain[s.key]) ? plain[s.key] : {}, plain.global);
    out.push(...sub.map((x, i) => ({ ...x, upstream: subPlain[i]?.workload === x.workload ? subPlain[i].upstream : x.upstream })));
  }
  return out;
}

/** The chart's name without its repository (`oci://docker.io/envoyproxy/gateway-helm` -> `gateway-helm`). */
export function chartName(chart: string): string {
  return chart.split("/").pop()!;
}

/**
 * The images a chart resource runs with the values it was given, or undefined when the plan has no
 * vendored defaults for that chart and version.
 */
export function chartImages(chart: string, version: string, values: Values | undefined): ChartImage[] | undefined {
  const rules = CHARTS[`${chartName(chart)}@${version}`];
  return rules ? imagesOf(rules, isObject(values) ? values : {}) : undefined;
}
