import type { DeliverySettings } from "./settings";

/**
 * What CI does for a stack's delivery mode (the Jenkinsfile and .github/workflows/digit.yml ask
 * ci/delivery.ts, which asks this):
 * - `direct`: `pulumi up` applies everything; CI holds the cluster's credentials.
 * - `render` (gitops with argocd or flux): `pulumi up` writes manifests under `path` and CI
 *   commits them; what only the cluster's provider can apply is excluded, so CI needs no cluster
 *   credentials (an administrator's `pulumi up` applies Namespaces, Secrets and the agent).
 * - `operator` (gitops with pulumi-operator): the operator runs `pulumi up` in the cluster on
 *   every commit; CI only previews.
 */
export type CiMode = "direct" | "render" | "operator";

/** URN patterns (`pulumi up --exclude`) of what only the cluster's provider can apply. */
// Claim patches grow volumes the cluster already holds (components/backbone/storage.ts claimExpansions).
export const clusterOnlyUrnPatterns = ["**kubernetes:core/v1:Namespace::**", "**kubernetes:core/v1:Secret::**", "**kubernetes:core/v1:PersistentVolumeClaimPatch::**", "**digit:operations:GitOpsAgent**"];

export interface CiDelivery {
  mode: CiMode;
  /** arguments added to `pulumi up` */
  upArgs: string[];
  /** where manifests are rendered (render mode) */
  path?: string;
  /** branch the rendered manifests are pushed to (render mode) */
  branch?: string;
}

/** Whether objects are rendered to files (argocd, flux) rather than applied. */
export function rendersManifests(d: DeliverySettings): d is Extract<DeliverySettings, { mode: "gitops" }> {
  return d.mode === "gitops" && d.agent !== "pulumi-operator";
}

export function ciDelivery(d: DeliverySettings): CiDelivery {
  if (d.mode === "direct") return { mode: "direct", upArgs: [] };
  if (!rendersManifests(d)) return { mode: "operator", upArgs: [] };
  return { mode: "render", upArgs: clusterOnlyUrnPatterns.flatMap((p) => ["--exclude", p]), path: d.path, branch: d.branch };
}
