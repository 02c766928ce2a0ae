import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { k8sOptions, standardLabels, statefulOptions } from "../meta";

/**
 * Pod Security Standard per namespace. DIGIT's services and the platform's own workloads run
 * restricted; namespaces whose third-party workloads need more (node exporters, log collectors
 * reading host paths) are recorded here with the reason.
 */
export const podSecurityLevel: Record<string, "restricted" | "baseline" | "privileged"> = {
  egov: "restricted",
  backbone: "restricted",
  "kafka-kraft": "restricted",
  // Elasticsearch wants vm.max_map_count; the platform sets node.store.allow_mmap=false instead, so restricted holds.
  "es-cluster": "restricted",
  "digit-edge": "restricted",
  // node-exporter reads host /proc and /sys
  monitoring: "privileged",
  // the log collector reads /var/log/pods from the host
  logging: "privileged",
  // Kaniko builds images as root inside its container (no privilege, no host access)
  jenkins: "baseline",
};

/** The Namespace object of one DIGIT namespace, as plain data. */
export function namespaceObject(name: string, levels: Record<string, string> = {}): Record<string, any> {
  const level = levels[name] ?? podSecurityLevel[name] ?? "restricted";
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: {
        ...standardLabels(name, "namespace"),
        "kubernetes.io/metadata.name": name,
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
    },
  };
}

export interface DigitNamespacesArgs {
  target: Target;
  /** namespace names to create */
  names: string[];
  /** namespaces holding volumes: protected and retained, since deleting a namespace deletes its claims; default none */
  protect?: readonly string[];
  /** Pod Security level per namespace replacing podSecurityLevel (digit:security.podSecurity); default none */
  levels?: Record<string, string>;
}

/** DIGIT's namespaces, with Pod Security labels and the registry pull secret when the platform owns it. */
export class DigitNamespaces extends pulumi.ComponentResource {
  /** namespace name -> the Namespace's name output (depend on it to wait for the namespace) */
  public readonly names: Record<string, pulumi.Output<string>> = {};
  public readonly namespaces: Record<string, k8s.core.v1.Namespace> = {};

  constructor(name: string, args: DigitNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:config:Namespaces", name, {}, opts);
    const o = k8sOptions(args.target, this);
    const reg = args.target.registry;
    for (const ns of args.names) {
      const obj = namespaceObject(ns, args.levels);
      const resource = new k8s.core.v1.Namespace(`${name}-${ns}`, { metadata: obj.metadata }, args.protect?.includes(ns) ? statefulOptions(true, o) : o);
      this.namespaces[ns] = resource;
      this.names[ns] = resource.metadata.name;
      if (reg.pullSecretName && reg.dockerConfigJson)
        new k8s.core.v1.Secret(
          `${name}-${ns}-pull`,
          {
            metadata: { name: reg.pullSecretName, namespace: resource.metadata.name, labels: standardLabels(reg.pullSecretName, "registry") },
            type: "kubernetes.io/dockerconfigjson",
            stringData: { ".dockerconfigjson": reg.dockerConfigJson },
          },
          o,
        );
    }
    this.registerOutputs({ names: this.names });
  }
}
