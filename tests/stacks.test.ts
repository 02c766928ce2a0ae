import { deployedService } from "../components/services/plan";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { filesUnder, planAllStacks, repoRoot, runPlan, stackFiles, PlanRun } from "./helpers/plan-run";
import { hasModel, loadValidators, validateObject } from "./helpers/validate";
import { routes, selectServices } from "../components/services/catalog";

/** Kinds of operators' and controllers' custom resources: checked by their components' own tests. */
const customKinds = new Set([
  "HTTPRoute", "Gateway", "GatewayClass", "EnvoyProxy", "ClientTrafficPolicy", "BackendTrafficPolicy", "SecurityPolicy",
  "Certificate", "ClusterIssuer", "Issuer",
  "ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe", "AlertmanagerConfig", "ScrapeConfig",
  "Cluster", "ScheduledBackup", "Pooler", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Elasticsearch", "Kibana",
  "Application", "AppProject", "GitRepository", "Kustomization", "Stack", "OpenTelemetryCollector", "Jaeger",
]);

describe("every shipped stack plans offline", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    await loadValidators();
    runs = await planAllStacks();
  });

  it("ships the dev and prod stacks and the examples for every target kind", () => {
    const files = stackFiles();
    for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) assert.ok(files.includes(f), f);
    const kinds = files.map((f) => YAML.parse(fs.readFileSync(path.join(repoRoot, f), "utf8")).config["digit:target"].kind);
    for (const k of ["sdc", "nic", "aws", "azure", "gcp"]) assert.ok(kinds.includes(k), `a stack with target ${k}`);
  });

  for (const f of stackFiles())
    it(`${f}: exit 0, every file of the contract, every Kubernetes object valid`, () => {
      const r = runs.get(f)!;
      assert.equal(r.code, 0, `${f}:\n${r.stdout}\n${r.stderr}`);
      const files = filesUnder(r.out!);
      for (const name of ["resources.json", "graph.mmd", "graph.svg"]) assert.ok(files.has(name), name);
      const resources = JSON.parse(files.get("resources.json")!);
      assert.ok(Array.isArray(resources) && resources.length > 50);
      for (const e of resources)
        for (const k of ["urn", "type", "name", "parent", "dependsOn", "provider", "protect", "retainOnDelete", "inputs"]) assert.ok(k in e, `${e.urn} has ${k}`);
      const manifests = [...files.keys()].filter((k) => k.startsWith("manifests/"));
      assert.ok(manifests.length > 20, `${manifests.length} manifests`);
      const unvalidated = new Set<string>();
      for (const m of manifests) {
        const obj = YAML.parse(files.get(m)!);
        // The plan prints secret data as "[secret]" per key (not base64); validate the rest of the Secret.
        for (const k of ["data", "stringData"])
          if (obj[k] === "[secret]") obj[k] = {};
          else if (obj.kind === "Secret" && obj[k] && typeof obj[k] === "object") obj[k] = Object.fromEntries(Object.keys(obj[k]).map((key) => [key, ""]));
        const [, ns, file] = m.split("/");
        assert.equal(file, `${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`, m);
        assert.equal(ns, obj.metadata.namespace ?? "_cluster", m);
        if (hasModel(obj.apiVersion, obj.kind)) validateObject(obj);
        else if (customKinds.has(obj.kind)) unvalidated.add(obj.kind);
        // a server-side apply patch of an existing object: only a claim's size (components/backbone/storage.ts)
        else if (obj.kind === "PersistentVolumeClaimPatch") assert.deepEqual(Object.keys(obj.spec), ["resources"], m);
        else assert.fail(`${m}: ${obj.apiVersion}/${obj.kind} has no schema model and is not a known custom resource`);
      }
      assert.match(r.stdout, /Deploy critical path: \d+ steps/);
    });

  it("the prod stack deploys every catalog service of the selected modules, each with its route", () => {
    const r = runs.get("Pulumi.prod.yaml")!;
    const files = filesUnder(r.out!);
    const deployments = [...files.keys()].filter((k) => k.startsWith("manifests/egov/deployment-"));
    const modules: string[] = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.prod.yaml"), "utf8")).config["digit:modules"];
    const selected = selectServices(modules);
    assert.equal(deployments.length, selected.length, `every service of ${modules.join(", ")}`);
    const expected = routes(selected.map(deployedService));
    const published = [...files.keys()].filter((k) => k.startsWith("manifests/egov/httproute-")).map((k) => YAML.parse(files.get(k)!));
    assert.equal(published.length, expected.length);
    for (const rt of expected) {
      const r = published.find((p) => p.metadata.name === rt.service);
      assert.ok(r, `route of ${rt.service}`);
      assert.equal(r.spec.rules[0].matches[0].path.value, rt.path);
      assert.equal(r.spec.rules[0].backendRefs[0].name, rt.backend);
    }
  });

  it("a misspelt key anywhere in a stack file fails the plan with a message naming it, without a stack trace", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-typo-"));
    const text = fs.readFileSync(path.join(repoRoot, "examples/stacks/Pulumi.sdc-prod.yaml"), "utf8").replace("sslMode: verify-full", "sslmode: verify-full");
    const file = path.join(tmp, "Pulumi.typo.yaml");
    fs.writeFileSync(file, text);
    const r = await runPlan(["--config-file", file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const all = r.stdout + r.stderr;
    assert.match(all, /digit:target\.database\.sslmode: unknown key \(did you mean "sslMode"\?\)/);
    assert.ok(!/\n\s+at .*\(.*:\d+:\d+\)/.test(all), "no stack trace");
  });
});
