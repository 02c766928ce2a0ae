import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ProxyOffer, Target } from "../../providers/target";
import { k8sOptions, standardLabels } from "../meta";
import { namespaces as digitNamespaces } from "../namespaces";
import { jenkinsNamespace } from "../operations/settings";
import { proxySecretData } from "./secret-values";

export interface ProxySecretsArgs {
  /** the cluster the Secrets go to (never a rendered manifest directory) */
  target: Target;
  proxy: ProxyOffer & { secretName: string };
  /** namespace name -> the Namespace's name output */
  namespaces: Record<string, pulumi.Input<string>>;
}

/** Namespaces besides egov whose pods use the proxy: the edge (cert-manager reaches the ACME server) and Jenkins. */
export const proxyNamespaces = [digitNamespaces.edge, jenkinsNamespace];

/**
 * The secret proxy's Secret in each namespace besides egov whose pods use it (egov's comes with
 * DIGIT's shared Secrets, components/config/shared-config.ts).
 */
export class ProxySecrets extends pulumi.ComponentResource {
  constructor(name: string, args: ProxySecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:config:ProxySecrets", name, {}, opts);
    for (const ns of proxyNamespaces.filter((n) => n in args.namespaces))
      new k8s.core.v1.Secret(
        `${name}-${ns}`,
        {
          metadata: { name: args.proxy.secretName, namespace: args.namespaces[ns], labels: standardLabels(args.proxy.secretName, "config") },
          type: "Opaque",
          stringData: proxySecretData(args.proxy),
        },
        k8sOptions(args.target, this),
      );
    this.registerOutputs({});
  }
}
