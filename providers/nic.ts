/**
 * The NIC national cloud target: a kubeconfig with NIC's defaults (NodePort exposure, in-cluster Postgres and MinIO, a registry mirror).
 * @module digit-pulumi/nic
 */
import * as pulumi from "@pulumi/pulumi";
import type { NicTargetConfig } from "../config/targets/nic";
import type { TargetContext, TargetFactory } from "./target";
import { KubeconfigTarget } from "./kubeconfig/target";
import type { PlaceDefaults } from "./kubeconfig/offer";

/**
 * NIC national cloud (MeghRaj): tenants get a Kubernetes cluster and a kubeconfig, no managed
 * Postgres or bucket, and traffic arrives through NIC's load balancer on fixed NodePorts.
 * Defaults: NodePort 30080/30443, in-cluster Postgres unless an endpoint is given, MinIO,
 * images through the tenant's registry mirror (required, and checked by config/load.ts: NIC
 * clusters have no open egress).
 */
export const nicDefaults: PlaceDefaults = {
  exposure: { mode: "NodePort", httpPort: 30080, httpsPort: 30443 },
};

export class NicTarget extends KubeconfigTarget {
  constructor(name: string, config: NicTargetConfig, context: TargetContext, opts?: pulumi.ComponentResourceOptions) {
    super(name, { config, context, defaults: nicDefaults }, opts);
  }
}

export const createTarget: TargetFactory<NicTargetConfig> = (name, config, context, opts) =>
  new NicTarget(name, config, context, opts);

export type { NicTargetConfig } from "../config/targets/nic";
