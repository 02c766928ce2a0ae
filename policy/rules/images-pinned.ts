import { containerLabel, containersOf, describeObject, podSpecOf } from "./k8s";
import { isUnknown, type ResourceRule } from "./types";

/** Whether an image reference names one version: a digest, or a tag other than `latest`. */
export function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  // The tag follows the last ':' after the last '/' (a registry host may carry a port).
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.lastIndexOf(":");
  if (colon < 0) return false;
  const tag = last.slice(colon + 1);
  return tag !== "" && tag.toLowerCase() !== "latest";
}

/**
 * Every image is pinned (a tag or a digest, never `latest`), and every Helm chart has a version:
 * what runs is what was reviewed, and a rollback brings back the same bits.
 */
export const imagesPinned: ResourceRule = {
  kind: "resource",
  name: "images-pinned",
  description: "Every container image carries a version tag or a digest (never latest); every Helm chart a version.",
  remedy: "give the image a version tag or a digest, and the chart a version",
  check(r) {
    if (r.type.startsWith("kubernetes:helm.sh/")) {
      const v = r.props?.version;
      return v === undefined || v === null || v === "" || v === "latest" ? [`Helm chart ${r.props?.chart ?? r.name} (${r.name}) has no pinned version`] : [];
    }
    const pod = podSpecOf(r);
    if (!pod) return [];
    const out: string[] = [];
    for (const c of containersOf(pod)) {
      const image = c.container.image;
      if (isUnknown(image)) continue;
      if (typeof image !== "string" || !image) out.push(`${containerLabel(c)} of ${describeObject(r)} names no image`);
      else if (!isPinned(image)) out.push(`image "${image}" of ${containerLabel(c)} in ${describeObject(r)} is not pinned`);
    }
    return out;
  },
};
