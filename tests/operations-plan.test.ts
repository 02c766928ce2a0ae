import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { filesUnder, repoRoot, runPlan, PlanRun } from "./helpers/plan-run";

interface Resource {
  urn: string;
  type: string;
  name: string;
  provider: string | null;
  inputs: Record<string, any>;
}

/** manifests/ path of a Kubernetes object, as the plan writes it. */
function manifestPath(r: Resource): string {
  const kind = r.type.split(":").pop()!.toLowerCase();
  return `${r.inputs.metadata?.namespace ?? "_cluster"}/${kind}-${r.inputs.metadata?.name}.yaml`;
}

describe("the offline plan of prod with operations, direct and gitops", function () {
  this.timeout(300000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-ops-"));
  let direct: PlanRun;
  let gitops: PlanRun;
  const resources = (r: PlanRun): Resource[] => JSON.parse(fs.readFileSync(path.join(r.out!, "resources.json"), "utf8"));

  before(async () => {
    const prod = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.prod.yaml"), "utf8"));
    prod.config["digit:delivery"] = { mode: "gitops", repository: "https://github.com/punjab/digit-infra.git", path: "deploy/prod" };
    const gitopsFile = path.join(tmp, "Pulumi.prod-gitops.yaml");
    fs.writeFileSync(gitopsFile, YAML.stringify(prod));
    [direct, gitops] = await Promise.all([
      runPlan(["--stack", "prod", "--out", path.join(tmp, "direct")]),
      runPlan(["--config-file", gitopsFile, "--out", path.join(tmp, "gitops")]),
    ]);
  });

  it("plans prod with the operations stack wired to every service and backbone part", () => {
    assert.equal(direct.code, 0, direct.stderr);
    const rs = resources(direct);
    const files = filesUnder(path.join(direct.out!, "manifests"));
    const services = rs.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.namespace === "egov");
    assert.ok(services.length >= 30, `${services.length} services`);
    const probe = YAML.parse(files.get("monitoring/probe-digit-health.yaml")!);
    for (const s of services) {
      const name = s.inputs.metadata.name;
      const c = s.inputs.spec.template.spec.containers[0];
      // Java services carry the OpenTelemetry agent's metrics port; others have no known metrics endpoint.
      const metrics = c.ports.some((p: any) => p.name === "metrics");
      assert.equal(files.has(`monitoring/servicemonitor-digit-${name}.yaml`), metrics, `scrape target of ${name}`);
      const health = c.readinessProbe?.httpGet;
      const port = c.ports.find((p: any) => p.name === (health?.port ?? "http"))?.containerPort;
      if (health) assert.ok(probe.spec.targets.staticConfig.static.includes(`http://${name}.egov:${port}${health.path}`), name);
    }
    assert.ok(services.filter((s) => s.inputs.spec.template.spec.containers[0].ports.some((p: any) => p.name === "metrics")).length >= 25);
    for (const part of ["kafka", "elasticsearch", "redis"])
      assert.ok(
        files.has(`monitoring/podmonitor-backbone-${part}.yaml`) || files.has(`monitoring/servicemonitor-${part}-exporter.yaml`),
        `no scrape target for the backbone's ${part}`,
      );
    // prod's database is managed (RDS): an exporter logs in to it.
    assert.ok(files.has("monitoring/deployment-postgres-exporter.yaml"));
    assert.ok(files.has("monitoring/prometheusrule-digit-alerts.yaml"));
    assert.deepEqual(YAML.parse(files.get("monitoring/secret-alertmanager-digit.yaml")!).stringData, { "alertmanager.yaml": "[secret]" });
    for (const t of ["Operations", "Monitoring", "Tracing", "Logs"]) assert.ok(rs.some((r) => r.type === `digit:operations:${t}`), t);
  });

  it("gitops writes the complete manifest tree through the render provider; only Namespaces, Secrets and the agent need the cluster", () => {
    assert.equal(gitops.code, 0, gitops.stderr);
    const rs = resources(gitops).filter((r) => r.type.startsWith("kubernetes:") && r.inputs.metadata);
    const render = rs.filter((r) => r.provider?.endsWith("::digit-render") || /::digit-render::/.test(r.provider ?? ""));
    const cluster = rs.filter((r) => !render.includes(r));
    assert.ok(render.length > 300, `${render.length} rendered objects`);
    // The target's own cluster set-up (a cloud's StorageClass) is not DIGIT's graph.
    for (const r of cluster.filter((x) => x.urn.includes("digit:platform:DigitPlatform")))
      assert.ok(/core\/v1:(Namespace|Secret)$/.test(r.type) || r.urn.includes("digit:operations:GitOpsAgent") || r.inputs.metadata.namespace === "argocd", `${r.type} ${r.name} is not rendered`);
    const provider = resources(gitops).find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "digit-render")!;
    assert.equal(provider.inputs.renderYamlToDirectory, "deploy/prod");

    const agent = (r: Resource) => r.urn.includes("digit:operations:GitOpsAgent") || r.inputs.metadata.name === "argocd" || r.inputs.metadata.namespace === "argocd";
    const gitopsTree = new Set([...render, ...cluster].filter((r) => !agent(r)).map(manifestPath));
    const directTree = new Set(resources(direct).filter((r) => r.type.startsWith("kubernetes:") && r.inputs.metadata).map(manifestPath));
    assert.deepEqual([...gitopsTree].sort(), [...directTree].sort());
    const written = filesUnder(path.join(gitops.out!, "manifests"));
    for (const r of render) assert.ok(written.has(manifestPath(r)), manifestPath(r));
  });

  it("render mode's manifests equal direct mode's objects, byte for byte, but for the documented differences", () => {
    // Documented (docs/operations.md, "GitOps"): the agent's own objects exist only in gitops mode,
    // and Namespaces and Secrets are applied by the cluster's provider in both modes (never rendered).
    const directFiles = filesUnder(path.join(direct.out!, "manifests"));
    const gitopsFiles = filesUnder(path.join(gitops.out!, "manifests"));
    const agentOnly = (f: string) => f.startsWith("argocd/") || f === "_cluster/namespace-argocd.yaml";
    const differences: string[] = [];
    for (const [f, text] of gitopsFiles) {
      if (agentOnly(f)) continue;
      if (!directFiles.has(f)) differences.push(`only in gitops: ${f}`);
      else if (directFiles.get(f) !== text) differences.push(`differs: ${f}`);
    }
    for (const f of directFiles.keys()) if (!gitopsFiles.has(f)) differences.push(`only in direct: ${f}`);
    assert.deepEqual(differences, []);
    assert.ok([...gitopsFiles.keys()].some(agentOnly), "the agent's objects are there in gitops mode");
  });
});
