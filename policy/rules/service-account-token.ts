import { describeObject, podSpecOf } from "./k8s";
import type { ResourceRule } from "./types";

/**
 * A pod carries an API token only when it talks to the API: one running as the namespace's
 * default service account must not mount that account's token (a compromised container would
 * hold it). Controllers run under their own service accounts and keep theirs.
 */
export const noAutomountedToken: ResourceRule = {
  kind: "resource",
  name: "no-automounted-token",
  description: "Pods of a namespace's default service account do not mount its API token.",
  remedy: "set automountServiceAccountToken: false in the pod spec (or give a pod that calls the API a service account of its own with the rights it needs)",
  check(r) {
    const pod = podSpecOf(r);
    if (!pod) return [];
    const sa = pod.serviceAccountName ?? pod.serviceAccount;
    if ((sa === undefined || sa === "default") && pod.automountServiceAccountToken !== false)
      return [`${describeObject(r)} runs as the default service account and mounts its token`];
    return [];
  },
};
