// The floor the plan is measured against: a bare Pulumi program registering the same number of
// resources as the plan (config `bench:resources`, the stack included) as plain ConfigMaps
// through one Kubernetes provider, run by the same offline-plan CLI and mock engine.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config("bench");
const total = config.requireNumber("resources");
// The stack and the provider count among the total, as they do in the plan.
const configMaps = Math.max(0, total - 2);

const provider = new k8s.Provider("baseline-k8s", { kubeconfig: "~/.kube/config", context: "baseline" });
for (let i = 0; i < configMaps; i++) {
  new k8s.core.v1.ConfigMap(
    `baseline-${i}`,
    {
      metadata: { name: `baseline-${i}`, namespace: "baseline", labels: { "app.kubernetes.io/name": "baseline", "app.kubernetes.io/part-of": "bench" } },
      data: { index: String(i) },
    },
    { provider },
  );
}

export const resources = total;
