/**
 * The state data centre target: a Kubernetes cluster reached through a kubeconfig; everything else from config.
 * @module digit-pulumi/sdc
 */
import * as pulumi from "@pulumi/pulumi";
import type { SdcTargetConfig } from "../config/targets/sdc";
import type { TargetContext, TargetFactory } from "./target";
import { KubeconfigTarget } from "./kubeconfig/target";
import type { PlaceDefaults } from "./kubeconfig/offer";

/**
 * State data centre: the state's own Kubernetes cluster. Typical SDCs put an F5/HAProxy in front
 * of fixed NodePorts, so that is the default exposure.
 */
export const sdcDefaults: PlaceDefaults = {
  exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443 },
};

export class SdcTarget extends KubeconfigTarget {
  constructor(name: string, config: SdcTargetConfig, context: TargetContext, opts?: pulumi.ComponentResourceOptions) {
    super(name, { config, context, defaults: sdcDefaults }, opts);
  }
}

export const createTarget: TargetFactory<SdcTargetConfig> = (name, config, context, opts) =>
  new SdcTarget(name, config, context, opts);

export { kubeconfigOffer } from "./kubeconfig/offer";
export type { SdcTargetConfig } from "../config/targets/sdc";
