// Every image a plan runs: those in its Kubernetes objects (containers, init containers, and the
// image fields of custom resources such as a CloudNativePG Cluster or an EnvoyProxy) and those its
// third-party charts run (chart-images.ts). Pure.
import { imageRef, utilityImages } from "../../components/images";
import { backboneImages } from "../../components/backbone/versions";
import { edgeImages } from "../../components/edge/pins";
import { operationsImages } from "../../components/operations/pins";
import { chartImages, chartName } from "./chart-images";
import { kubernetesKind } from "./manifests";
import type { ResourceEntry } from "./types";

export interface ImageUse {
  /** the reference as this stack pulls it (through its registry mirror, when it has one) */
  image: string;
  /**
   * the public image it is (fully qualified, e.g. `docker.io/egovio/egov-user:...`): the image
   * itself without a mirror, the one a mirror copies with; undefined when the plan cannot tell
   */
  upstream?: string;
  /** where it is used: `Deployment egov/egov-user`, `chart kube-prometheus-stack 81.6.2: Deployment grafana` */
  usedBy: string[];
  /** stable keys of each use (`<urn>#<field path>`), to pair the same use in another plan */
  keys: string[];
}

export interface PlanImages {
  images: ImageUse[];
  /** charts whose images the plan cannot know (no vendored defaults for that chart and version) */
  unknownCharts: string[];
}

const IMAGE_KEYS = new Set(["image", "imageName"]);
/** An image reference: `[host/]path[:tag][@sha256:...]`, no spaces, no template markers. */
const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]*[a-zA-Z0-9_.\-:@]*$/;

/** `image`/`imageName` string fields anywhere in an object, with their paths. */
function imageFields(value: unknown, path: string, out: Array<{ path: string; image: string }>): void {
  if (Array.isArray(value)) value.forEach((v, i) => imageFields(v, `${path}[${(v as any)?.name ?? i}]`, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (IMAGE_KEYS.has(k) && typeof v === "string" && v && v !== "[secret]" && v !== "[unknown]" && IMAGE_REF.test(v)) out.push({ path: `${path}.${k}`, image: v });
      else imageFields(v, `${path}.${k}`, out);
    }
}

function objectName(r: ResourceEntry): string {
  const k = kubernetesKind(r.type)!;
  const meta = (r.inputs as any)?.metadata ?? {};
  return `${k.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? r.name}`;
}

/** Every image the platform pins itself (DIGIT's come from the catalog, under `egovio/`). */
function pinnedImages(): Array<{ image: string; tag: string }> {
  const flat = (o: object): Array<{ image: string; tag: string }> =>
    Object.values(o).flatMap((v) => (v && typeof v === "object" && "image" in v && "tag" in v ? [v as { image: string; tag: string }] : v && typeof v === "object" ? flat(v) : []));
  return [utilityImages, backboneImages, edgeImages, operationsImages].flatMap(flat);
}

/**
 * The public image a reference is, given the registry mirror the stack pulls through: the mirror
 * replaces DIGIT's `egovio/` prefix and puts any other image's path under its host
 * (components/images.ts), so the registry of a third-party image is found among the platform's
 * pinned images. Undefined when it is not among them.
 */
export function upstreamOf(ref: string, mirror: string | undefined): string | undefined {
  if (!mirror) return fullyQualified(ref);
  const host = mirror.split("/")[0];
  if (ref.startsWith(`${mirror}/`)) return fullyQualified(`egovio/${ref.slice(mirror.length + 1)}`);
  if (!ref.startsWith(`${host}/`)) return fullyQualified(ref);
  const pinned = pinnedImages().find((p) => imageRef(p.image, p.tag, mirror) === ref);
  return pinned ? fullyQualified(imageRef(pinned.image, pinned.tag)) : undefined;
}

/**
 * Every image of a plan's resources (resources.json entries), sorted by reference, each with its
 * upstream name when the stack pulls through a registry mirror.
 */
export function planImages(resources: readonly ResourceEntry[], mirror?: string): PlanImages {
  const uses = new Map<string, ImageUse>();
  const add = (image: string, usedBy: string, key: string, upstream?: string) => {
    const u = uses.get(image) ?? { image, upstream: upstream ?? upstreamOf(image, mirror), usedBy: [], keys: [] };
    if (!u.usedBy.includes(usedBy)) u.usedBy.push(usedBy);
    u.keys.push(key);
    uses.set(image, u);
  };
  const unknownCharts: string[] = [];
  for (const r of resources) {
    if (r.type.startsWith("kubernetes:helm.sh/")) {
      const inputs = r.inputs as any;
      const label = `chart ${chartName(String(inputs.chart))} ${inputs.version}`;
      const found = chartImages(String(inputs.chart), String(inputs.version), inputs.values);
      if (!found) unknownCharts.push(`${label} (${r.name})`);
      // A chart default moved to the mirror by the chart's registry override names its own upstream.
      else for (const c of found) add(c.image, `${label}: ${c.workload}`, `${r.urn}#${c.workload}`, c.upstream !== c.image ? fullyQualified(c.upstream) : undefined);
      continue;
    }
    if (!kubernetesKind(r.type)) continue;
    const fields: Array<{ path: string; image: string }> = [];
    imageFields(r.inputs, "", fields);
    for (const f of fields) add(f.image, objectName(r), `${r.urn}#${f.path}`);
  }
  return { images: [...uses.values()].sort((a, b) => a.image.localeCompare(b.image)), unknownCharts };
}

/** A reference as a registry copy tool needs it: `egovio/x:1` -> `docker.io/egovio/x:1`, `redis:7` -> `docker.io/library/redis:7`. */
export function fullyQualified(ref: string): string {
  const parts = ref.split("/");
  if (parts.length === 1) return `docker.io/library/${ref}`;
  return /[.:]/.test(parts[0]) || parts[0] === "localhost" ? ref : `docker.io/${ref}`;
}
