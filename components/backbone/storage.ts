import type { DigitConfig } from "../../config/schema";
import type { StorageOffer } from "../../providers/target";
import { bytes } from "../../lib/quantity";
import { meta, type K8sObject } from "./podspec";

/**
 * Volumes of the backbone. Each claim either comes from a StorageClass tier of the target
 * (undefined = the cluster's default class) or binds to a pre-created PersistentVolume named in
 * config (Target.storage.staticVolumes, keyed `<component>-<ordinal>`).
 */
export type Tier = "fast" | "standard";

/** One volume a backbone part needs. */
export interface VolumeRequest {
  /** the config key: `<component>-<ordinal>`, e.g. kafka-1, elasticsearch-data-0 */
  key: string;
  /** the PVC the StatefulSet (or operator) uses for it */
  claimName: string;
  namespace: string;
  size: string;
  tier: Tier;
  component: string;
}

/** A claim's binding: a static volume as it is (its size and class), or the tier's class. */
export type VolumeBinding = { kind: "static"; volumeName: string; size: string; storageClassName: string } | { kind: "class"; storageClassName?: string };

/** What a claim (or a StatefulSet's claim template) asks for. */
export interface ClaimShape {
  size: string;
  /** undefined: the cluster's default class; "": no class (static volumes only) */
  storageClassName?: string;
}

/** Where each static volume was written in config, for error messages that name the key. */
export function staticVolumeKeys(config: DigitConfig): Map<string, string> {
  const out = new Map<string, string>();
  const t = config.target;
  if (t.kind === "sdc" || t.kind === "nic") (t.storage?.staticVolumes ?? []).forEach((v, i) => out.set(v.for, `digit:target.storage.staticVolumes[${i}]`));
  return out;
}

function keyOf(key: string, where: Map<string, string>): string {
  return where.get(key) ?? `Target.storage.staticVolumes["${key}"]`;
}

export class VolumePlanner {
  /** config problems found while binding (collected, then thrown together) */
  readonly problems: string[] = [];
  private readonly used = new Set<string>();
  /** every claim key this deployment has, for the message on an unknown key */
  readonly keys: string[] = [];

  constructor(
    private readonly storage: StorageOffer,
    private readonly where: Map<string, string>,
  ) {}

  /** The StorageClass of a tier (undefined = the cluster's default class). */
  classOf(tier: Tier): string | undefined {
    return this.storage[tier];
  }

  /** The binding of one claim: its static volume (checked for size) or the tier's class. */
  bind(req: VolumeRequest): VolumeBinding {
    this.keys.push(req.key);
    const sv = this.storage.staticVolumes[req.key];
    if (!sv) return { kind: "class", storageClassName: this.storage[req.tier] };
    this.used.add(req.key);
    if (bytes(sv.size) < bytes(req.size))
      this.problems.push(
        `${keyOf(req.key, this.where)}: volume ${sv.volumeName} holds ${sv.size}, smaller than the ${req.size} claim ${req.namespace}/${req.claimName} asks for; give a larger volume or lower the size in digit:backbone`,
      );
    return { kind: "static", volumeName: sv.volumeName, size: sv.size, storageClassName: sv.storageClassName ?? "" };
  }

  /**
   * The claim template of a set of replicas: when every replica binds a static volume of one
   * size and class, that size and class (so the template, and the claims, stay the same when the
   * profile's default size changes, and nothing asks to resize a static volume); otherwise the
   * component's size on the tier's class.
   */
  template(reqs: readonly VolumeRequest[]): ClaimShape {
    const vols = reqs.map((r) => this.storage.staticVolumes[r.key]);
    const first = vols[0];
    if (first && vols.every((v) => v && v.size === first.size && (v.storageClassName ?? "") === (first.storageClassName ?? "")))
      return { size: first.size, storageClassName: first.storageClassName ?? "" };
    return { size: reqs[0]?.size ?? "1Gi", storageClassName: reqs[0] ? this.storage[reqs[0].tier] : undefined };
  }

  /** A claim that cannot take a static volume: naming one is a config problem (with the reason). */
  rejectStatic(key: string, reason: string): void {
    this.keys.push(key);
    const sv = this.storage.staticVolumes[key];
    if (!sv) return;
    this.used.add(key);
    this.problems.push(`${keyOf(key, this.where)}: volume ${sv.volumeName} cannot be used: ${reason}`);
  }

  /** Static volumes no claim asked for: a typo or a component that is not deployed. */
  unused(): string[] {
    const validKeys = this.keys;
    return Object.keys(this.storage.staticVolumes)
      .filter((k) => !this.used.has(k))
      .map(
        (k) =>
          `${keyOf(k, this.where)}.for: "${k}" matches no volume of this deployment; claims here: ${validKeys.length ? validKeys.join(", ") : "none"}`,
      );
  }
}

/**
 * A pre-created claim bound to a static volume, named exactly as the StatefulSet (or operator)
 * names its claim, so the controller adopts it instead of provisioning one.
 */
export function staticClaim(req: VolumeRequest, binding: Extract<VolumeBinding, { kind: "static" }>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta(req.claimName, req.namespace, req.component, { annotations: { "digit.egov.org/static-volume": req.key } }),
    spec: {
      accessModes: ["ReadWriteOnce"],
      // The volume's own class ("" = none) and size: the claim binds the named volume as it is, or stays Pending.
      storageClassName: binding.storageClassName,
      volumeName: binding.volumeName,
      resources: { requests: { storage: binding.size } },
    },
  };
}

/** A volumeClaimTemplate: the tier's class for dynamic claims, or the static volumes' shape (VolumePlanner.template). */
export function claimTemplate(name: string, shape: ClaimShape, component: string): K8sObject {
  return {
    metadata: { name, labels: { "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": "digit" } },
    spec: {
      accessModes: ["ReadWriteOnce"],
      ...(shape.storageClassName !== undefined ? { storageClassName: shape.storageClassName } : {}),
      resources: { requests: { storage: shape.size } },
    },
  };
}

/**
 * Pulumi deletes an object carrying this annotation with `orphan` propagation (pulumi-kubernetes
 * >= 4.12): a StatefulSet goes, its pods keep running and its claims stay, and the StatefulSet
 * created in its place adopts both (`kubectl delete --cascade=orphan`). That is how a StatefulSet
 * whose volume claim templates change (Kubernetes never changes them in place) is replaced
 * without touching its data; the claims themselves grow through claimExpansions.
 */
export const orphanOnDelete: Readonly<Record<string, string>> = { "pulumi.com/deletionPropagationPolicy": "orphan" };

/**
 * A patch per existing claim of a StatefulSet, setting its size to the template's: Kubernetes
 * expands the volume in place (the StorageClass must allow volume expansion). Server-side apply,
 * forced, because the StatefulSet controller created the claims. Claims bound to pre-created
 * volumes (`managed`: the platform's own PVC objects) grow through their own object instead.
 */
export function claimExpansions(sts: K8sObject, managed: readonly K8sObject[] = []): K8sObject[] {
  const owned = new Set(managed.map((c) => c.metadata.name));
  const ns = sts.metadata.namespace;
  return (sts.spec.volumeClaimTemplates ?? []).flatMap((t: K8sObject) =>
    Array.from({ length: sts.spec.replicas ?? 1 }, (_, i) => `${t.metadata.name}-${sts.metadata.name}-${i}`)
      .filter((name) => !owned.has(name))
      .map((name) => ({
        apiVersion: "v1",
        kind: "PersistentVolumeClaimPatch",
        metadata: { name, namespace: ns, annotations: { "pulumi.com/patchForce": "true" } },
        spec: { resources: { requests: { storage: t.spec.resources.requests.storage } } },
      })),
  );
}
