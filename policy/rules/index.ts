import { bucketsPrivate } from "./buckets-private";
import { containerResources } from "./container-resources";
import { databaseNotPublic } from "./database-not-public";
import { imagesPinned } from "./images-pinned";
import { ingressTls } from "./ingress-tls";
import { networkPolicyPerNamespace } from "./network-policy";
import { noPrivileged } from "./no-privileged";
import { plainSecrets } from "./plain-secrets";
import { podSecurity } from "./pod-security";
import { statefulProtected } from "./stateful-protected";
import { rbacLeastPrivilege } from "./rbac";
import { exposureEdgeOnly } from "./exposure";
import { clusterApiNotPublic } from "./cluster-endpoint";
import { noAutomountedToken } from "./service-account-token";
import { databaseBackups } from "./database-backups";
import { noAllowAllPolicy } from "./network-policy";
import type { Rule } from "./types";

export * from "./types";

/** Every rule of the pack, in the order reviews read them. */
export const rules: readonly Rule[] = [
  containerResources,
  imagesPinned,
  plainSecrets,
  statefulProtected,
  databaseNotPublic,
  bucketsPrivate,
  ingressTls,
  noPrivileged,
  podSecurity,
  networkPolicyPerNamespace,
  noAllowAllPolicy,
  rbacLeastPrivilege,
  exposureEdgeOnly,
  clusterApiNotPublic,
  noAutomountedToken,
  databaseBackups,
];

export {
  clusterApiNotPublic,
  databaseBackups,
  exposureEdgeOnly,
  noAllowAllPolicy,
  noAutomountedToken,
  rbacLeastPrivilege,
  bucketsPrivate,
  containerResources,
  databaseNotPublic,
  imagesPinned,
  ingressTls,
  networkPolicyPerNamespace,
  noPrivileged,
  plainSecrets,
  podSecurity,
  statefulProtected,
};
