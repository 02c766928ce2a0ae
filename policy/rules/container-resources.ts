import { containerLabel, containersOf, describeObject, podSpecOf } from "./k8s";
import type { ResourceRule } from "./types";

/**
 * Every container states what it needs (CPU and memory requests: the scheduler places it) and
 * a memory limit (a leaking JVM is killed alone instead of starving its node). CPU limits are
 * not required: DIGIT's JVMs burst at start-up and throttling them only slows the rollout.
 */
export const containerResources: ResourceRule = {
  kind: "resource",
  name: "container-resources",
  description: "Every container and init container sets CPU and memory requests and a memory limit.",
  remedy: "set resources.requests.cpu, resources.requests.memory and resources.limits.memory",
  check(r) {
    const pod = podSpecOf(r);
    if (!pod) return [];
    const out: string[] = [];
    for (const c of containersOf(pod)) {
      const res = c.container.resources ?? {};
      const missing = [
        ["requests.cpu", res.requests?.cpu ?? res.limits?.cpu],
        ["requests.memory", res.requests?.memory ?? res.limits?.memory],
        ["limits.memory", res.limits?.memory],
      ]
        .filter(([, v]) => v === undefined || v === null || v === "")
        .map(([k]) => k);
      if (missing.length) out.push(`${containerLabel(c)} of ${describeObject(r)} has no ${missing.join(", ")}`);
    }
    return out;
  },
};
