import * as assert from "node:assert/strict";
import { checkCapacity, objectsIn, podRequests, workloadRequests } from "../components/capacity";
import { ConfigError } from "../config/errors";
import { installMocks, settle } from "./helpers/mocks";
import { minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";

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
