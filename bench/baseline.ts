// The floor the plan is measured against: a bare Pulumi program registering the same number of
// resources as the plan (config `bench:resources`, the stack included) as plain ConfigMaps
// through one Kubernetes provider, run by the same offline-plan CLI and mock engine; optionally
// padded to the plan's bytes of inputs per resource (`bench:bytesPerResource`).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("bench");
const total = config.requireNumber("resources");
// Optional: pad each ConfigMap to about this many bytes of inputs, to match a plan's data volume.
const bytes = config.getNumber("bytesPerResource") ?? 0;
// The stack and the provider count among the total, as they do in the plan.
const configMaps = Math.max(0, total - 2);

/**
 * About `bytes` of inputs as many short entries: the engine's cost follows the number of fields
 * more than their length, and a Kubernetes object's JSON has a short field every ~20 bytes.
 */
function padding(bytes: number): Record<string, string> {
  const out: Record<string, string> = {};
  // ~200 bytes of metadata come anyway; each entry `"kN":"value-of-field"` is ~23 more.
  for (let k = 0; k < Math.floor((bytes - 200) / 23); k++) out[`k${k}`] = "value-of-field";
  return out;
}

const provider = new k8s.Provider("baseline-k8s", { kubeconfig: "~/.kube/config", context: "baseline" });
for (let i = 0; i < configMaps; i++) {
  new k8s.core.v1.ConfigMap(
    `baseline-${i}`,
    {
      metadata: { name: `baseline-${i}`, namespace: "baseline", labels: { "app.kubernetes.io/name": "baseline", "app.kubernetes.io/part-of": "bench" } },
      data: { index: String(i), ...padding(bytes) },
    },
    { provider },
  );
}

export const resources = total;
