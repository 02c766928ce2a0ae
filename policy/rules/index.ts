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
];

export {
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
