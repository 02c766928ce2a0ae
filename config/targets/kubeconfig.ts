import { z } from "zod";
import { k8sName, storage, database, objectStore, exposure, registry, proxy, capacity } from "../fields";

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
  capacityCheck: z
    .enum(["fail", "warn"])
    .default("fail")
    .describe("when the pods request more than the nodes offer: fail the plan (default) or only warn"),
};
