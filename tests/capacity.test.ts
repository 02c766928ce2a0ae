import * as assert from "node:assert/strict";
import { checkCapacity, objectsIn, podRequests, workloadRequests } from "../components/capacity";
import { ConfigError } from "../config/errors";
import { installMocks, settle } from "./helpers/mocks";
import { minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { headroomProblems, nodesFor } from "../components/capacity-headroom";
import { catalogModuleNames } from "../components/services/catalog";
import { planAllStacks, plannedCapacity, plannedRequests, repoRoot, stackFiles, type PlanRun } from "./helpers/plan-run";
import { allocatablePerNode, knownInstanceTypes } from "../providers/aws/capacity";
import { allocatable as aksAllocatable, vmSizes } from "../providers/azure/vmsizes";
import { gkeAllocatable } from "../providers/gcp/machines";
import { mebibytes, millicores } from "../lib/quantity";

const deployment = (replicas: number | undefined, cpu: string, memory: string, init?: { cpu: string; memory: string }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    template: { spec: { containers: [{ resources: { requests: { cpu, memory } } }], initContainers: init ? [{ resources: { requests: init } }] : [] } },
  },
});

describe("capacity: what the pods request against what the nodes offer", () => {
  it("a pod requests its containers' sum, or its largest init container when that is more", () => {
    assert.deepEqual(podRequests(deployment(1, "250m", "512Mi").spec.template.spec), { cpuMillis: 250, memoryMiB: 512 });
    assert.deepEqual(podRequests(deployment(1, "250m", "512Mi", { cpu: "1", memory: "256Mi" }).spec.template.spec), { cpuMillis: 1000, memoryMiB: 512 });
  });

  it("counts Deployments and StatefulSets by replicas, operator clusters by instances and node sets", () => {
    const objects = [
      deployment(3, "100m", "128Mi"),
      { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", spec: { instances: 3, resources: { requests: { cpu: "1", memory: "4Gi" } } } },
      {
        apiVersion: "elasticsearch.k8s.elastic.co/v1",
        kind: "Elasticsearch",
        spec: { nodeSets: [{ count: 2, podTemplate: { spec: { containers: [{ resources: { requests: { cpu: "500m", memory: "2Gi" } } }] } } }] },
      },
      { apiVersion: "batch/v1", kind: "Job", spec: { template: { spec: { containers: [{ resources: { requests: { cpu: "8", memory: "64Gi" } } }] } } } },
    ];
    assert.deepEqual(workloadRequests(objects), { cpuMillis: 300 + 3000 + 1000, memoryMiB: 384 + 12288 + 4096 });
    assert.deepEqual(workloadRequests([deployment(undefined, "100m", "100Mi")], 2), { cpuMillis: 200, memoryMiB: 200 }, "an autoscaled Deployment counts at its floor");
  });

  it("finds the objects nested anywhere in a plan", () => {
    const d = deployment(1, "1", "1Gi");
    assert.deepEqual(objectsIn({ a: [d], b: { c: { d } }, n: 3 }).length, 2);
  });

  it("fits: no message; over capacity: a config error with both sides' numbers and the fixes", () => {
    const capacity = { nodes: 2, cpuMillis: 8000, memoryMiB: 32768 };
    assert.equal(checkCapacity({ cpuMillis: 7000, memoryMiB: 30000 }, capacity, "fail"), undefined);
    assert.equal(checkCapacity({ cpuMillis: 70000, memoryMiB: 300000 }, undefined, "fail"), undefined, "unknown capacity: nothing to compare");
    assert.throws(
      () => checkCapacity({ cpuMillis: 9500, memoryMiB: 20480 }, capacity, "fail"),
      (e: any) =>
        e instanceof ConfigError &&
        /the stack requests 9\.5 CPU and 20\.0Gi of memory, but the target's 2 nodes offer 8\.0 CPU and 32\.0Gi/.test(e.message) &&
        /digit:target\.capacityCheck: warn/.test(e.message),
    );
    assert.match(checkCapacity({ cpuMillis: 1000, memoryMiB: 40000 }, capacity, "warn")!, /offer 8\.0 CPU and 32\.0Gi/);
  });

  describe("through the platform (mocks)", () => {
    before(() => installMocks());
    const build = (capacity: Record<string, unknown>, extra: Record<string, unknown> = {}, name = "cap") => {
      const c = parse({ ...minimalValues(), target: { ...minimalValues().target, capacity, ...extra } });
      const t = createTarget(name, c.target, { profile: c.profile, protect: false, stateTenantId: "pb", domain: c.domain });
      return new DigitPlatform(name, { target: t, config: c });
    };

    it("a dev stack fits three 8-CPU/32Gi nodes, and its requests are counted", async () => {
      const p = build({ nodes: 3, cpuPerNode: "8", memoryPerNode: "32Gi" }, {}, "fits");
      await settle();
      assert.ok(p.requests.cpuMillis > 1000 && p.requests.memoryMiB > 10 * 1024, JSON.stringify(p.requests));
      const parts = p.requestsByPart;
      assert.deepEqual(parts.total, p.requests, "the check compares the parts' sum");
      assert.deepEqual(parts.total, { cpuMillis: parts.services.cpuMillis + parts.backbone.cpuMillis, memoryMiB: parts.services.memoryMiB + parts.backbone.memoryMiB });
      // dev runs one pod of each service, and a rolling update adds one more of each
      assert.deepEqual(parts.surge, parts.services);
    });

    it("one small node: the plan fails before any platform resource, naming the numbers", () => {
      assert.throws(() => build({ nodes: 1, cpuPerNode: "2", memoryPerNode: "4Gi" }, {}, "small"), /the stack requests .* CPU .* but the target's 1 nodes offer 2\.0 CPU and 4\.0Gi/);
    });

    it("with capacityCheck: warn the same stack plans", async () => {
      const p = build({ nodes: 1, cpuPerNode: "2", memoryPerNode: "4Gi" }, { capacityCheck: "warn" }, "warned");
      await settle();
      assert.ok(p.requests.memoryMiB > 4096);
    });
  });
});

describe("capacity headroom", () => {
  const demand = { requests: { cpuMillis: 10000, memoryMiB: 40960 }, surge: { cpuMillis: 2000, memoryMiB: 8192 } };
  const nodes = (n: number) => ({ nodes: n, cpuMillis: n * 8000, memoryMiB: n * 16384 });

  it("asks for room to roll every service at once, and in production to drain a node, naming both sides' numbers", () => {
    assert.deepEqual(headroomProblems(demand, nodes(4)), []);
    const two = headroomProblems(demand, nodes(2));
    assert.equal(two.length, 2, two.join("\n"));
    assert.match(two[0], /a rolling update of every service needs 12\.0 CPU and 48\.0Gi \(10\.0 CPU and 40\.0Gi at rest \+ 2\.0 CPU and 8\.0Gi surge\), but the 2 nodes offer 16\.0 CPU and 32\.0Gi/);
    assert.match(two[1], /with one node drained the remaining 1 offer 8\.0 CPU and 16\.0Gi, less than the 10\.0 CPU and 40\.0Gi/);
    assert.deepEqual(headroomProblems(demand, nodes(3)).length, 1, "three nodes roll it, but two cannot hold it");
    assert.deepEqual(headroomProblems(demand, nodes(3), { drain: false }).length, 0, "48Gi holds 48Gi");
  });

  it("sizes the fewest nodes with that headroom, never below the floor", () => {
    assert.equal(nodesFor(demand, { cpuMillis: 8000, memoryMiB: 16384 }), 4);
    assert.equal(nodesFor(demand, { cpuMillis: 8000, memoryMiB: 16384 }, 1, { drain: false }), 3);
    assert.equal(nodesFor(demand, { cpuMillis: 8000, memoryMiB: 16384 }, 6), 6);
    assert.throws(() => nodesFor(demand, { cpuMillis: 0, memoryMiB: 1 }), /a node must offer CPU and memory/);
  });
});

/** Allocatable CPU and memory of every node shape a cloud's capacity table knows. */
function knownShapes(kind: string): Array<{ name: string; cpuMillis: number; memoryMiB: number }> {
  const named = (name: string, a: { cpuMillis: number; memoryMiB: number } | undefined) => (a ? [{ name, ...a }] : []);
  if (kind === "aws") return knownInstanceTypes.flatMap((t) => named(t, allocatablePerNode(t)));
  if (kind === "azure") return Object.keys(vmSizes).flatMap((t) => named(t, aksAllocatable(t)));
  if (kind === "gcp")
    return ["e2", "n2", "n2d"].flatMap((f) => ["standard", "highmem", "highcpu"].flatMap((c) => [2, 4, 8, 16, 32].flatMap((n) => named(`${f}-${c}-${n}`, gkeAllocatable(`${f}-${c}-${n}`)))));
  return [];
}

describe("the shipped production stacks: every module, and nodes with headroom", function () {
  this.timeout(600000);
  const stackOf = (f: string) => YAML.parse(fs.readFileSync(path.join(repoRoot, f), "utf8")).config;
  const production = stackFiles().filter((f) => stackOf(f)["digit:profile"] === "ha");
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  it("are the prod stack and the examples on every target kind", () => {
    assert.ok(production.includes("Pulumi.prod.yaml"));
    assert.deepEqual([...new Set(production.map((f) => stackOf(f)["digit:target"].kind))].sort(), ["aws", "azure", "gcp", "nic", "sdc"]);
  });

  for (const f of production)
    it(`${f}: selects every catalog module; the capacity check passes, with room to roll every service and to drain a node`, () => {
      const config = stackOf(f);
      const missing = catalogModuleNames().filter((m) => !(config["digit:modules"] ?? []).includes(m));
      assert.deepEqual(missing, [], `${f} leaves out modules`);
      const r = runs.get(f)!;
      // Over capacity the plan fails (capacityCheck fail) or warns (warn), with the numbers: either is shown here.
      assert.equal(r.code, 0, `${f}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
      assert.doesNotMatch(r.stdout, /digit:target: the stack requests|WARNING: requests exceed/);
      const capacity = plannedCapacity(r);
      assert.ok(capacity, `${f}: its target reports no capacity; give digit:target.capacity (or existingCluster.capacity)`);
      const requests = plannedRequests(r);
      const problems = headroomProblems({ requests, surge: requests.surge }, capacity);
      assert.deepEqual(problems, [], `${f}: ${problems.join("; ")}`);
    });

  it("an existing cluster's capacity is what a node shape of its cloud leaves for pods", () => {
    const existing = production.concat(stackFiles().filter((f) => !production.includes(f))).filter((f) => stackOf(f)["digit:target"].existingCluster?.capacity);
    assert.ok(existing.length >= 3, existing.join(", "));
    for (const f of existing) {
      const t = stackOf(f)["digit:target"];
      const c = t.existingCluster.capacity;
      const per = { cpuMillis: millicores(String(c.cpuPerNode)), memoryMiB: mebibytes(String(c.memoryPerNode)) };
      const shape = knownShapes(t.kind).find((s) => s.cpuMillis === per.cpuMillis && s.memoryMiB === per.memoryMiB);
      assert.ok(shape, `${f}: ${c.cpuPerNode} / ${c.memoryPerNode} per node is no ${t.kind} node shape's allocatable (${knownShapes(t.kind).slice(0, 3).map((s) => `${s.name}: ${s.cpuMillis}m / ${s.memoryMiB}Mi`).join(", ")}, ...)`);
    }
  });
});
