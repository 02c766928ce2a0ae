import { z } from "zod";
import { k8sName, storage, database, objectStore, exposure, registry, proxy, capacity, ipv4Cidr } from "../fields";

/** Fields every target reached through a kubeconfig (sdc, nic) shares. */
export const kubeconfigTargetFields = {
  name: k8sName.optional().describe("a label for this data centre, e.g. pb-sdc"),
  kubeconfig: z.string().min(1).optional().describe("path to a kubeconfig file, read by the provider at deploy time"),
  kubeconfigInline: z.string().min(1).optional().describe("the kubeconfig itself, set with --secret"),
  context: z.string().min(1).optional().describe("a named context in the kubeconfig (or the default kubeconfig)"),
  storage: storage.optional(),
  database: database.optional(),
  objectStore: objectStore.optional(),
  exposure: exposure.optional(),
  registry: registry.optional(),
  proxy: proxy.optional(),
  capacity: capacity.optional(),
  apiServerCidrs: z
    .array(ipv4Cidr)
    .min(1)
    .optional()
    .describe(
      "where pods reach the Kubernetes API: the kubernetes Service's ClusterIP and its endpoints (kubectl get endpoints kubernetes), as /32s; the operators' API egress is narrowed to them; default any address but link-local",
    ),
  capacityCheck: z
    .enum(["fail", "warn"])
    .default("fail")
    .describe("when the pods request more than the nodes offer: fail the plan (default) or only warn"),
};
