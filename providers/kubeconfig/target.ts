import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { SdcTargetConfig } from "../../config/targets/sdc";
import type { NicTargetConfig } from "../../config/targets/nic";
import type { Target, TargetKind, TargetContext } from "../target";
import { kubeconfigOffer, PlaceDefaults } from "./offer";
import { kubeconfigFor } from "../../lib/in-cluster";

export interface KubeconfigTargetArgs {
  /** the target's config section (digit:target) */
  config: SdcTargetConfig | NicTargetConfig;
  /** sizing profile, protection and naming context */
  context: TargetContext;
  /** what the place assumes where config is silent */
  defaults: PlaceDefaults;
}

/**
 * A cluster the state already runs, reached through a kubeconfig (sdc) or NIC's (nic). It creates
 * only the Kubernetes provider; everything else the place offers comes from config.
 */
export class KubeconfigTarget extends pulumi.ComponentResource implements Target {
  public readonly kind: TargetKind;
  public readonly name: string;
  public readonly provider: k8s.Provider;
  public readonly storage: Target["storage"];
  public readonly database: Target["database"];
  public readonly objectStore: Target["objectStore"];
  public readonly exposure: Target["exposure"];
  public readonly registry: Target["registry"];
  public readonly proxy: Target["proxy"];
  public readonly capacity: Target["capacity"];
  public readonly readiness: pulumi.Resource[] = [];
  public readonly apiServerCidrs?: readonly string[];

  constructor(name: string, args: KubeconfigTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`digit:${args.config.kind}:Target`, name, {}, opts);
    const offer = kubeconfigOffer(args.config, args.defaults);
    this.kind = args.config.kind;
    this.name = args.config.name ?? `${args.context.stateTenantId}-${args.config.kind}`;
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: kubeconfigFor(offer.access.kubeconfig),
        context: kubeconfigFor(offer.access.context),
        // Server-side apply lets other controllers (HPA, operators) own their fields without diffs.
        enableServerSideApply: true,
      },
      { parent: this },
    );
    this.storage = offer.storage;
    this.database = offer.database;
    this.objectStore = offer.objectStore;
    this.exposure = offer.exposure;
    this.registry = offer.registry;
    this.proxy = offer.proxy;
    this.capacity = offer.capacity;
    this.apiServerCidrs = args.config.apiServerCidrs;
    this.registerOutputs({});
  }
}
