import * as assert from "node:assert/strict";
import * as path from "node:path";
import { planAllStacks, type PlanRun } from "./helpers/plan-run";
import { isStateful, planInto, pool, readResources, replaceIdentity, variantOf, type PlanEntry } from "./helpers/security-plans";

/** One stack per kind of stateful resource: RDS + S3, Flexible Server + Blob, Cloud SQL + GCS, in-cluster CloudNativePG + MinIO on static volumes. */
const stacks = ["examples/stacks/Pulumi.aws.yaml", "examples/stacks/Pulumi.azure.yaml", "examples/stacks/Pulumi.gcp.yaml", "examples/stacks/Pulumi.sdc-airgapped.yaml"];


/**
 * What a state changes on a running stack: sizes (CPU, memory, heap, node and database
 * machine types), replica counts, image versions and the modules deployed. Storage sizes stay:
 * growing a volume is a separate, explicit operation.
 */
function upgrade(config: Record<string, any>): void {
  const services = (config["digit:services"] ??= {});
  services["egov-user"] = { ...(services["egov-user"] ?? {}), replicas: 4, tag: "v2.9.9-upgrade", resources: { cpu: "700m", memory: "1536Mi" } };
  services["egov-mdms-service"] = { ...(services["egov-mdms-service"] ?? {}), replicas: 3, tag: "v2.9.9-upgrade" };
  services["egov-persister"] = { ...(services["egov-persister"] ?? {}), resources: { cpu: "400m", memory: "1Gi" } };

  const modules: string[] = config["digit:modules"] ?? ["core-services"];
  for (const m of ["common-services", "analytics"]) if (!modules.includes(m)) modules.push(m);
  config["digit:modules"] = modules;

  const bb = (config["digit:backbone"] ??= { protect: true });
  const target = config["digit:target"];
  const staticVolumes = (target.storage?.staticVolumes ?? []).length > 0;
  bb.kafka = { ...(bb.kafka ?? {}), resources: { cpu: "1", memory: "3Gi" }, ...(staticVolumes ? {} : { replicas: 5 }) };
  bb.redis = { resources: { cpu: "300m", memory: "1536Mi" } };
  bb.elasticsearch = { ...(bb.elasticsearch ?? {}), heap: "3g", ...(staticVolumes ? {} : { dataReplicas: (bb.elasticsearch?.dataReplicas ?? 3) + 1 }) };
  if (target.database?.mode !== "external") bb.postgres = { ...(bb.postgres ?? {}), resources: { cpu: "2", memory: "6Gi" }, ...(staticVolumes ? {} : { replicas: 3 }) };

  if (target.nodes) target.nodes = { ...target.nodes, desired: target.nodes.max, instanceType: target.kind === "aws" ? "m6i.4xlarge" : target.kind === "azure" ? "Standard_D16s_v5" : "n2-standard-16" };
  if (target.database?.mode === "managed")
    target.database = { ...target.database, instanceClass: target.kind === "aws" ? "db.m6g.2xlarge" : target.kind === "azure" ? "Standard_D8ds_v5" : "db-custom-8-32768" };
}

describe("upgrade safety: sizes, replicas, image versions and modules never replace data", function () {
  this.timeout(600000);
  const planned = new Map<string, PlanRun>();
  const upgraded = new Map<string, PlanRun>();

  before(async () => {
    const all = await planAllStacks();
    for (const f of stacks) planned.set(f, all.get(f)!);
    const runs = await pool(stacks.map((f) => () => {
      const file = variantOf(f, "upgrade", upgrade);
      return planInto(file, path.join(path.dirname(file), "out"));
    }));
    stacks.forEach((f, i) => upgraded.set(f, runs[i]));
  });

  for (const f of stacks)
    it(`${path.basename(f)}: every resource holding data keeps its URN and every input that would replace it`, () => {
      const b = planned.get(f)!;
      const a = upgraded.get(f)!;
      assert.equal(b.code, 0, b.stderr);
      assert.equal(a.code, 0, `${a.stdout}\n${a.stderr}`);
      const was = readResources(b.out!);
      const now = new Map(readResources(a.out!).map((r) => [r.urn, r]));
      const stateful = was.filter(isStateful);
      assert.ok(stateful.length >= 3, `${stateful.length} stateful resources in ${f}`);
      const problems: string[] = [];
      for (const r of stateful) {
        const n = now.get(r.urn);
        if (!n) problems.push(`${r.urn} disappeared (deleted, or renamed without an alias)`);
        else if (replaceIdentity(r) !== replaceIdentity(n)) problems.push(`${r.urn} would be replaced:\n    before ${replaceIdentity(r)}\n    after  ${replaceIdentity(n)}`);
        else if (r.protect && !n.protect) problems.push(`${r.urn} lost its protection`);
      }
      assert.deepEqual(problems, []);
    });

  it("the upgrade really changed what it claims (sizes, replicas, tags, modules)", () => {
    const f = "examples/stacks/Pulumi.aws.yaml";
    const deployment = (rs: PlanEntry[], name: string) => rs.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata?.name === name);
    const was = readResources(planned.get(f)!.out!);
    const now = readResources(upgraded.get(f)!.out!);
    const user = deployment(now, "egov-user")!.inputs.spec.template.spec.containers[0];
    assert.match(user.image, /:v2\.9\.9-upgrade$/);
    assert.equal(user.resources.requests.cpu, "700m");
    // The production stacks deploy every module already: the dev stack on a data centre gains one.
    const dev = "examples/stacks/Pulumi.sdc-airgapped.yaml";
    const devWas = readResources(planned.get(dev)!.out!);
    const devNow = readResources(upgraded.get(dev)!.out!);
    assert.ok(devNow.length > devWas.length, "modules added resources");
    assert.ok(deployment(devNow, "dashboard-analytics") && !deployment(devWas, "dashboard-analytics"), "m_dss deployed");
    const rds = (rs: PlanEntry[]) => rs.find((r) => r.type === "aws:rds/instance:Instance")!.inputs.instanceClass;
    assert.notEqual(rds(was), rds(now));
  });
});

describe("upgrade safety: what counts as replacing data", () => {
  const sts = (vct: any[], name = "kafka"): PlanEntry => ({
    urn: "u",
    type: "kubernetes:apps/v1:StatefulSet",
    name,
    parent: null,
    dependsOn: [],
    provider: null,
    protect: false,
    inputs: { metadata: { name, namespace: "kafka-kraft" }, spec: { replicas: 3, volumeClaimTemplates: vct } },
  });
  const claim = (size: string) => ({ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } });

  it("a StatefulSet with volume claim templates is stateful; its replica count is not part of its identity", () => {
    assert.ok(isStateful(sts([claim("50Gi")])));
    assert.ok(!isStateful(sts([])));
    const more = sts([claim("50Gi")]);
    more.inputs.spec.replicas = 5;
    assert.equal(replaceIdentity(more), replaceIdentity(sts([claim("50Gi")])));
  });

  it("a changed claim template, name or namespace, or a renamed database, is a replacement", () => {
    assert.notEqual(replaceIdentity(sts([claim("50Gi")])), replaceIdentity(sts([claim("100Gi")])));
    assert.notEqual(replaceIdentity(sts([claim("50Gi")])), replaceIdentity(sts([claim("50Gi")], "kafka-2")));
    const rds = (identifier: string, instanceClass: string): PlanEntry => ({ ...sts([]), type: "aws:rds/instance:Instance", protect: true, inputs: { identifier, instanceClass } });
    assert.ok(isStateful(rds("a", "db.m6g.large")));
    assert.equal(replaceIdentity(rds("a", "db.m6g.large")), replaceIdentity(rds("a", "db.m6g.2xlarge")));
    assert.notEqual(replaceIdentity(rds("a", "db.m6g.large")), replaceIdentity(rds("b", "db.m6g.large")));
  });
});
