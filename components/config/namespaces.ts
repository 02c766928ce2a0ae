import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { ConfigError } from "../../config/errors";
import { k8sOptions, standardLabels, statefulOptions } from "../meta";
import { proxySecretName, proxySecretNeeded, proxyUrls, proxyUrlsWithCredentials } from "../services/proxy";
import { databaseCa } from "../backbone/database-ca";

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

/**
 * DIGIT's namespaces, with Pod Security labels, the registry pull secret, the Secret `digit-proxy`
 * the pods read the proxy's URLs from when it asks for a login, and the ConfigMap `digit-db-ca`
 * when the external database is verified against its CA.
 *
 * The pull secret is created in every namespace from its content (registry.dockerConfigJson), or
 * copied from the Secret the state keeps in a namespace of its own (registry.pullSecret in
 * registry.pullSecretNamespace): namespaces created here cannot hold a Secret before they exist,
 * so reading the state's is also the check that it exists and is a docker-registry Secret.
 */
export class DigitNamespaces extends pulumi.ComponentResource {
  /** namespace name -> the Namespace's name output (depend on it to wait for the namespace) */
  public readonly names: Record<string, pulumi.Output<string>> = {};
  public readonly namespaces: Record<string, k8s.core.v1.Namespace> = {};

  constructor(name: string, args: DigitNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:config:Namespaces", name, {}, opts);
    const o = k8sOptions(args.target, this);
    const reg = args.target.registry;
    const source = reg.pullSecretName && !reg.dockerConfigJson && reg.pullSecretSource ? reg.pullSecretSource : undefined;
    if (source && args.names.includes(source.namespace))
      throw new ConfigError([
        `digit:target.registry.pullSecretNamespace: "${source.namespace}" is a namespace the platform creates, so the Secret cannot be there before it; keep it in a namespace of the state's own (e.g. default) or give registry.dockerConfigJson`,
      ]);
    const copied = source ? readPullSecret(name, reg.pullSecretName!, source.namespace, args.target, this) : undefined;
    const proxy = args.target.proxy;
    const proxyData = !proxy || !proxySecretNeeded(proxy)
      ? undefined
      : proxy.credentials
        ? pulumi.secret(pulumi.all([proxy.credentials.username, proxy.credentials.password]).apply(([u, p]) => proxyUrlsWithCredentials(proxy, u, p)))
        : pulumi.secret(proxyUrls(proxy));
    const db = args.target.database;
    // A CA certificate is public: a ConfigMap, in every namespace, for whichever pod connects to the database.
    const dbCa = db.mode === "external" && db.sslMode === "verify-full" ? db.caCertificate : undefined;
    for (const ns of args.names) {
      const obj = namespaceObject(ns, args.levels);
      const resource = new k8s.core.v1.Namespace(`${name}-${ns}`, { metadata: obj.metadata }, args.protect?.includes(ns) ? statefulOptions(true, o) : o);
      this.namespaces[ns] = resource;
      this.names[ns] = resource.metadata.name;
      const meta = (secret: string, component: string) => ({ name: secret, namespace: resource.metadata.name, labels: standardLabels(secret, component) });
      if (reg.pullSecretName && reg.dockerConfigJson)
        new k8s.core.v1.Secret(
          `${name}-${ns}-pull`,
          { metadata: meta(reg.pullSecretName, "registry"), type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": reg.dockerConfigJson } },
          o,
        );
      else if (copied)
        new k8s.core.v1.Secret(`${name}-${ns}-pull`, { metadata: meta(reg.pullSecretName!, "registry"), type: "kubernetes.io/dockerconfigjson", data: copied }, o);
      if (proxyData) new k8s.core.v1.Secret(`${name}-${ns}-proxy`, { metadata: meta(proxySecretName, "proxy"), type: "Opaque", stringData: proxyData }, o);
      if (dbCa) new k8s.core.v1.ConfigMap(`${name}-${ns}-db-ca`, { metadata: meta(databaseCa.configMap, "database"), data: { [databaseCa.key]: dbCa } }, o);
    }
    this.registerOutputs({ names: this.names });
  }
}

/**
 * The state's docker-registry Secret, read where it keeps it (at preview and at deploy time). A
 * missing Secret fails the read, naming it; a Secret of another type fails here, saying what to make.
 */
function readPullSecret(name: string, secret: string, namespace: string, target: Target, parent: pulumi.Resource): pulumi.Output<Record<string, string>> {
  const source = k8s.core.v1.Secret.get(`${name}-pull-source`, `${namespace}/${secret}`, { parent, provider: target.provider, dependsOn: target.readiness });
  return pulumi.secret(
    pulumi.all([source.type, source.data]).apply(([type, data]) => {
      if (type !== undefined && type !== "kubernetes.io/dockerconfigjson")
        throw new Error(
          `digit:target.registry.pullSecret: Secret ${namespace}/${secret} is of type ${type}, not kubernetes.io/dockerconfigjson: ` +
            `recreate it with kubectl -n ${namespace} create secret docker-registry ${secret} --docker-server=<registry> --docker-username=<user> --docker-password=<password>`,
        );
      return data ?? {};
    }),
  );
}
