// The plan as a reviewer reads it: the modules and services (and the modules pulled in by
// dependency, from the catalog's module graph), how traffic enters, the images (the charts' from
// their vendored defaults), the third-party charts, the stack outputs; --images; clean --json.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { catalogModuleNames, moduleClosure, selectServices } from "../components/services/catalog";
import { imageRef } from "../components/images";
import { digitConfigSchema } from "../config/schema";
import { chartImages, mergeValues } from "../tools/plan/chart-images";
import { fieldChanges, formatChange } from "../tools/plan/changes";
import { fullyQualified, planImages, upstreamOf } from "../tools/plan/images";
import { MODULE_LABEL, chartReview, formatImages, moduleReview, registryMirror, review, trafficReview } from "../tools/plan/review";
import type { ResourceEntry } from "../tools/plan/types";
import { planAllStacks, repoRoot, runCommand, runPlan, type PlanRun } from "./helpers/plan-run";

const vendor = path.join(repoRoot, "vendor", "charts");
const vendored = (dir: string, file = "values.yaml") => YAML.parse(fs.readFileSync(path.join(vendor, dir, file), "utf8"));

function k8s(kind: string, group: string, name: string, namespace: string, rest: Record<string, unknown> = {}, labels: Record<string, string> = {}): ResourceEntry {
  return {
    urn: `urn:pulumi:t::digit::kubernetes:${group}:${kind}::${name}`,
    type: `kubernetes:${group}:${kind}`,
    name,
    parent: null,
    dependsOn: [],
    provider: null,
    protect: false,
    inputs: { metadata: { name, namespace, labels }, ...rest },
  };
}

/** A module of the catalog that depends on another selectable module (whatever the catalog calls them). */
function moduleWithDependency(): { module: string; pulled: string[] } {
  for (const m of catalogModuleNames()) {
    const pulled = moduleClosure([m]).filter((x) => x !== m);
    if (pulled.length) return { module: m, pulled };
  }
  throw new Error("the catalog has no module that depends on another");
}

const deploymentsOf = (modules: string[]) =>
  selectServices(modules).map((s) => k8s("Deployment", "apps/v1", s.name, "egov", {}, { [MODULE_LABEL]: s.module }));

describe("plan review (pure): modules and services", () => {
  it("names the chosen modules, each module pulled in by dependency with the chosen one needing it, and the services per module", () => {
    const { module, pulled } = moduleWithDependency();
    const closure = moduleClosure([module]);
    const r = moduleReview(deploymentsOf(closure), { "digit:modules": JSON.stringify([module]) })!;
    assert.deepEqual(r.chosen, [module]);
    assert.deepEqual(r.pulledIn, pulled.map((p) => ({ module: p, by: [module] })));
    for (const m of closure) {
      const expected = selectServices([m]).filter((s) => s.module === m).map((s) => s.name).sort();
      assert.deepEqual(r.services.find((s) => s.module === m)?.services, expected, m);
    }
  });

  it("the program's own services (another module label) come after the catalog's, marked as its own", () => {
    const own = k8s("Deployment", "apps/v1", "pb-grievance-bot", "egov", {}, { [MODULE_LABEL]: "pb-extensions" });
    const first = catalogModuleNames()[0];
    const r = moduleReview([...deploymentsOf([first]), own], {})!;
    assert.deepEqual(r.chosen, digitConfigSchema.shape.modules.parse(undefined), "the schema's default when digit:modules is absent");
    assert.deepEqual(r.services.at(-1), { module: "pb-extensions", services: ["pb-grievance-bot"], own: true });
    assert.equal(moduleReview([k8s("Deployment", "apps/v1", "x", "demo")], {}), undefined, "no DIGIT service: no module section");
  });
});

describe("plan review (pure): traffic, charts, images", () => {
  it("NodePort exposure: the node ports the state's load balancer forwards to, and the Gateway's listeners", () => {
    const gw = k8s("Gateway", "gateway.networking.k8s.io/v1", "digit", "digit-edge", { spec: { listeners: [{ protocol: "HTTPS", port: 443, hostname: "digit.pb.gov.in" }] } });
    const proxy = k8s("EnvoyProxy", "gateway.envoyproxy.io/v1alpha1", "digit", "digit-edge", {
      spec: { provider: { kubernetes: { envoyService: { type: "NodePort", name: "digit-gateway", patch: { value: { spec: { ports: [{ port: 443, nodePort: 31443 }] } } } } } } },
    });
    assert.deepEqual(trafficReview([gw, proxy]), [
      { mode: "NodePort", object: "EnvoyProxy digit-edge/digit (Envoy Gateway creates the Service digit-gateway)", nodePorts: [{ nodePort: 31443, port: 443 }], annotations: {}, listeners: ["https :443 for digit.pb.gov.in"] },
    ]);
    const lb = k8s("Service", "core/v1", "edge", "x", { spec: { type: "LoadBalancer", ports: [{ port: 443 }] } });
    lb.inputs.metadata = { ...(lb.inputs.metadata as object), annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } };
    assert.equal(trafficReview([lb])[0].mode, "LoadBalancer");
    assert.deepEqual(trafficReview([lb])[0].annotations, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
    assert.deepEqual(trafficReview([k8s("Service", "core/v1", "internal", "x", { spec: { type: "ClusterIP" } })]), []);
  });

  it("a chart's images come from its vendored defaults overlaid with our values: appVersion for an empty tag, the registry override, switches", () => {
    const kps = vendored("kube-prometheus-stack-81.6.2");
    const kpsApp = vendored("kube-prometheus-stack-81.6.2", "Chart.yaml").appVersion;
    const prom = kps.prometheus.prometheusSpec.image;
    const operator = kps.prometheusOperator.image;
    const ksm = vendored("kube-state-metrics-7.1.0");
    const ksmApp = vendored("kube-state-metrics-7.1.0", "Chart.yaml").appVersion;
    const plain = chartImages("kube-prometheus-stack", "81.6.2", {})!.map((i) => i.image);
    assert.ok(plain.includes(`${prom.registry}/${prom.repository}:${prom.tag}`), "Prometheus at the chart's tag");
    assert.ok(plain.includes(`${operator.registry}/${operator.repository}:${kpsApp}`), "an empty tag is the chart's appVersion");
    assert.ok(plain.includes(`${ksm.image.registry}/${ksm.image.repository}:v${ksmApp}`), "kube-state-metrics: v + its own appVersion");
    const mirrored = chartImages("kube-prometheus-stack", "81.6.2", { global: { imageRegistry: "registry.pb.local" } })!;
    assert.ok(mirrored.every((i) => i.image.startsWith("registry.pb.local/")), "global.imageRegistry moves every image, the subcharts' too");
    assert.ok(mirrored.every((i) => i.upstream !== i.image && !i.upstream.startsWith("registry.pb.local/")), "and each keeps its upstream name");
    const noGrafana = chartImages("kube-prometheus-stack", "81.6.2", { grafana: { enabled: false } })!;
    assert.ok(!noGrafana.some((i) => i.workload.includes("grafana")), "a switched-off subchart runs nothing");
    assert.equal(chartImages("argo-cd", "9.4.17", {}), undefined, "a chart without vendored defaults is not guessed");
    const cm = vendored("cert-manager-v1.20.3");
    const cmDefault = chartImages("cert-manager", "v1.20.3", {})!.map((i) => i.image);
    assert.ok(cmDefault.includes(`${cm.imageRegistry}/${cm.imageNamespace}/${cm.image.name}:v1.20.3`), "cert-manager: registry/namespace/name, tag = appVersion");
  });

  it("Helm merges maps and replaces lists", () => {
    assert.deepEqual(mergeValues({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: 2 }), { a: { b: 1, c: [2] }, d: 1, e: 2 });
  });

  it("a mirrored image names its upstream: DIGIT's by the egovio prefix, the platform's among its pinned images", () => {
    const mirror = "harbor.state.local/egovio";
    assert.equal(upstreamOf(`${mirror}/egov-user:v1`, mirror), "docker.io/egovio/egov-user:v1");
    assert.equal(upstreamOf(imageRef("quay.io/minio/minio", "RELEASE.2025-04-22T22-12-26Z", mirror), mirror), "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z");
    assert.equal(upstreamOf("harbor.state.local/someone/unknown:1", mirror), undefined, "not pinned by the platform: not guessed");
    assert.equal(upstreamOf("redis:7", undefined), "docker.io/library/redis:7");
    assert.equal(fullyQualified("ghcr.io/x/y:1"), "ghcr.io/x/y:1");
  });

  it("collects container, init container and custom resources' image fields, each with where it is used", () => {
    const dep = k8s("Deployment", "apps/v1", "app", "egov", { spec: { template: { spec: { initContainers: [{ name: "wait", image: "busybox:1" }], containers: [{ name: "app", image: "egovio/app:2" }] } } } });
    const pg = k8s("Cluster", "postgresql.cnpg.io/v1", "postgres", "backbone", { spec: { imageName: "ghcr.io/cloudnative-pg/postgresql:16" } });
    const { images } = planImages([dep, pg]);
    assert.deepEqual(images.map((i) => [i.image, i.usedBy]), [
      ["busybox:1", ["Deployment egov/app"]],
      ["egovio/app:2", ["Deployment egov/app"]],
      ["ghcr.io/cloudnative-pg/postgresql:16", ["Cluster backbone/postgres"]],
    ]);
  });
});

describe("plan --diff (pure): every changed field, named list items by name", () => {
  it("env variables by name, added and removed items, old -> new", () => {
    const a = { spec: { containers: [{ name: "app", env: [{ name: "A", value: "1" }, { name: "GONE", value: "x" }] }] } };
    const b = { spec: { containers: [{ name: "app", env: [{ name: "NEW", value: "y" }, { name: "A", value: "2" }] }] } };
    const c = fieldChanges(a, b);
    assert.deepEqual(c, [
      { path: "spec.containers[app].env[A].value", from: "1", to: "2" },
      { path: "spec.containers[app].env[GONE]", from: { name: "GONE", value: "x" } },
      { path: "spec.containers[app].env[NEW]", to: { name: "NEW", value: "y" } },
    ]);
    assert.equal(formatChange(c[0]), 'spec.containers[app].env[A].value: "1" -> "2"');
    assert.equal(formatChange(c[2]), 'spec.containers[app].env[NEW]: (none) -> {"name":"NEW","value":"y"}');
    // volume claim templates by their metadata.name
    assert.deepEqual(fieldChanges({ t: [{ metadata: { name: "data" }, size: 1 }] }, { t: [{ metadata: { name: "data" }, size: 2 }] }), [{ path: "t[data].size", from: 1, to: 2 }]);
  });
});

describe("plan review end to end: the shipped stacks", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  let dev: PlanRun;
  let devJson: PlanRun, airgapped: PlanRun;
  const devResources = () => JSON.parse(fs.readFileSync(path.join(runs.get("Pulumi.dev.yaml")!.out!, "resources.json"), "utf8")) as ResourceEntry[];
  const devConfig = () => YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8")).config;

  before(async () => {
    runs = await planAllStacks();
    dev = runs.get("Pulumi.dev.yaml")!;
    // The README's --json command, exactly as documented, through npm; and --images of a mirrored stack.
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const line = readme.split("\n").find((l) => /^npm run --silent plan -- .*--json/.test(l));
    assert.ok(line, "the README shows `npm run --silent plan -- ... --json`");
    const clean = Object.fromEntries(Object.keys(process.env).filter((k) => /^npm_/.test(k)).map((k) => [k, undefined]));
    [devJson, airgapped] = await Promise.all([
      runCommand("sh", ["-c", line.replace(/\s+#.*$/, "")], { ...clean, NO_COLOR: "1" }),
      runPlan(["--config-file", "examples/stacks/Pulumi.sdc-airgapped.yaml", "--images"], { NO_COLOR: "1" }),
    ]);
  });

  it("the dev summary lists the chosen modules, each pulled in by dependency and why, and the services per module", () => {
    assert.equal(dev.code, 0, dev.stderr);
    const chosen: string[] = devConfig()["digit:modules"];
    assert.match(dev.stdout, new RegExp(`\\n  chosen \\(digit:modules\\): ${chosen.join(", ")}\\n`));
    const closure = moduleClosure(chosen);
    for (const m of closure.filter((x) => !chosen.includes(x))) {
      const by = chosen.filter((c) => moduleClosure([c]).includes(m));
      assert.match(dev.stdout, new RegExp(`\\n  pulled in: ${m}, because ${by.join(" and ")} depends? on it\\n`));
    }
    for (const m of closure) {
      const n = selectServices([m]).filter((s) => s.module === m).length;
      assert.match(dev.stdout, new RegExp(`\\n  ${m}: ${n} services?\\n`));
    }
  });

  it("the dev summary says how traffic enters: the NodePorts of the stack file, behind the state's load balancer", () => {
    const exposure = devConfig()["digit:target"].exposure;
    assert.match(dev.stdout, new RegExp(`How traffic enters:\\n  NodePort, .*forwards to every node's port ${exposure.httpPort} -> 80, ${exposure.httpsPort} -> 443`));
    const prod = runs.get("Pulumi.prod.yaml")!;
    assert.match(prod.stdout, /How traffic enters:\n  LoadBalancer, EnvoyProxy digit-edge\/digit .*\n    annotations: (.*\n {17})*.*aws-load-balancer-type=nlb\n/);
  });

  it("the summary names each third-party chart, what a real preview adds, and the stack outputs", () => {
    const charts = chartReview(devResources());
    assert.match(dev.stdout, new RegExp(`Third-party charts \\(${charts.length}\\): one resource each in this plan; a real \`pulumi preview\` adds the objects they render`));
    for (const c of charts) {
      assert.ok(dev.stdout.includes(`  ${c.chart} ${c.version} from ${c.repository} into namespace ${c.namespace}:`), c.chart);
      for (const w of c.workloads ?? []) assert.ok(dev.stdout.includes(w), `${c.chart}: ${w}`);
    }
    assert.match(dev.stdout, /Stack outputs:\n(  .*\n)*  url +https:\/\/dev\.digit\.punjab\.gov\.in\/\n/);
    assert.match(dev.stdout, /\n  tlsMode +self-signed\n/);
  });

  it("the program's warnings are in the summary (not before it) and in --json", () => {
    assert.match(dev.stdout, /Warnings:\n  - digit:edge\.tls is not set: the edge serves https:\/\/dev\.digit\.punjab\.gov\.in\/ with a self-signed certificate/);
    assert.ok(!/warning: \[runtime\]/.test(dev.stdout + dev.stderr), "no raw runtime warning line");
    const j = JSON.parse(devJson.stdout);
    assert.ok(j.warnings.some((w: string) => w.startsWith("digit:edge.tls is not set")), j.warnings.join("\n"));
  });

  it("--json: one JSON document with the review's sections, the same as the summary", () => {
    assert.equal(devJson.code, 0, devJson.stderr);
    const j = JSON.parse(devJson.stdout);
    assert.deepEqual(j.modules.chosen, devConfig()["digit:modules"]);
    assert.deepEqual(j.traffic.map((t: any) => t.mode), ["NodePort"]);
    assert.equal(j.outputs.url, "https://dev.digit.punjab.gov.in/");
    assert.equal(j.images.total, j.images.list.length);
    assert.equal(j.images.mirror, null);
    assert.deepEqual(j.images.list.map((i: any) => i.image), planImages(devResources()).images.map((i) => i.image));
    assert.deepEqual(j.charts.map((c: any) => c.chart), chartReview(devResources()).map((c) => c.chart));
  });

  it("the README's --json command prints only JSON on stdout", () => {
    assert.equal(devJson.code, 0, devJson.stderr);
    assert.ok(devJson.stdout.startsWith("{"), devJson.stdout.slice(0, 200));
    assert.equal(JSON.parse(devJson.stdout).format, "digit-plan/1");
  });

  it("--images on an air-gapped stack: every image with its upstream name beside the mirror's, none unknown", () => {
    assert.equal(airgapped.code, 0, airgapped.stderr);
    const mirror = registryMirror({ "digit:target": JSON.stringify(YAML.parse(fs.readFileSync(path.join(repoRoot, "examples/stacks/Pulumi.sdc-airgapped.yaml"), "utf8")).config["digit:target"]) })!;
    assert.ok(mirror);
    const resources = JSON.parse(fs.readFileSync(path.join(runs.get("examples/stacks/Pulumi.sdc-airgapped.yaml")!.out!, "resources.json"), "utf8"));
    const j = { images: { list: planImages(resources, mirror).images } };
    const host = mirror.split("/")[0];
    assert.ok(j.images.list.length > 40);
    for (const i of j.images.list) {
      assert.ok(i.upstream, `${i.image}: upstream known`);
      assert.ok(i.image.startsWith(`${host}/`), `${i.image} is pulled through the mirror`);
      assert.ok(i.upstream && !i.upstream.startsWith(`${host}/`), `${i.image}: upstream ${i.upstream}`);
      assert.ok(airgapped.stdout.includes(`${i.upstream}`) && airgapped.stdout.includes(`->  ${i.image}`), `${i.image} listed`);
    }
    assert.match(airgapped.stdout, new RegExp(`^Images of stack "sdc-airgapped" \\(${j.images.list.length}\\), pulled through the registry mirror ${mirror.replace(/[.]/g, "\\.")}`));
    assert.ok(j.images.list.some((i) => i.usedBy.some((u) => u.startsWith("chart "))), "the charts' images are in");
  });

  it("--images without a mirror: the images as pulled, and how to set a mirror", () => {
    const r = review(devResources(), { "digit:target": JSON.stringify(devConfig()["digit:target"]) }, {});
    assert.equal(r.images.mirror, undefined);
    const text = formatImages("dev", r.images);
    assert.match(text, new RegExp(`^Images of stack "dev" \\(${planImages(devResources()).images.length}\\), pulled from their registries:`));
    assert.match(text, /docker\.io\/egovio\/egov-user:\S+ +\(Deployment egov\/egov-user\)/);
    assert.match(text, /set digit:target\.registry\.mirror/);
  });

  it("every image key our values give a chart is a key of that chart's values.yaml (a misspelt key is silently ignored)", () => {
    const paths = (v: unknown, p: string[] = []): string[][] =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => paths(x, [...p, k])) : [p];
    const has = (o: any, p: string[]) => p.reduce<any>((x, k) => (x && typeof x === "object" && k in x ? x[k] : undefined), o) !== undefined;
    let checked = 0;
    for (const [stack, run] of runs) {
      const resources = JSON.parse(fs.readFileSync(path.join(run.out!, "resources.json"), "utf8")) as ResourceEntry[];
      for (const c of resources.filter((r) => r.type.startsWith("kubernetes:helm.sh/"))) {
        const i = c.inputs as any;
        const dir = fs.readdirSync(vendor).find((d) => d === `${String(i.chart).split("/").pop()}-${i.version}`);
        if (!dir) continue;
        const chart = vendored(dir);
        for (const p of paths(i.values).filter((p) => p.some((k) => /image|registry/i.test(k)) && !p.some((k) => /pullSecrets|imagePullSecrets|pullPolicy/.test(k)))) {
          // a subchart's keys are checked against the subchart's own values
          const [head, ...rest] = p;
          const sub = fs.readdirSync(vendor).find((d) => d.startsWith(`${head}-`) && d !== dir);
          const schemaKeys = path.join(vendor, dir, "values.schema.image-keys.json");
          const defined = fs.existsSync(schemaKeys) && JSON.parse(fs.readFileSync(schemaKeys, "utf8")).keys.includes(p.join("."));
          const ok = defined || has(chart, p) || (sub !== undefined && has(vendored(sub), rest));
          assert.ok(ok, `${stack}: ${i.chart} ${i.version}: ${p.join(".")} is not a key of the chart's values`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 10, `${checked} image keys checked`);
  });

  it("every Secret shows its keys in resources.json and manifests/, each value masked", () => {
    const secret = devResources().find((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs as any).metadata.name === "db" && (r.inputs as any).metadata.namespace === "egov")!;
    const keys = Object.keys((secret.inputs as any).stringData);
    assert.ok(keys.includes("password") && keys.includes("username"), keys.join(", "));
    const manifest = fs.readFileSync(path.join(dev.out!, "manifests", "egov", "secret-db.yaml"), "utf8");
    for (const k of keys) assert.match(manifest, new RegExp(`\\n  ${k}: "\\[secret\\]"\\n`));
  });
});
