import * as pulumi from "@pulumi/pulumi";
import type { SdcTargetConfig } from "../../config/targets/sdc";
import type { NicTargetConfig } from "../../config/targets/nic";
import type {
  CapacityOffer,
  DatabaseOffer,
  ExposureOffer,
  ObjectStoreOffer,
  ProxyOffer,
  RegistryOffer,
  StorageOffer,
} from "../target";
import { mebibytes, millicores } from "../../lib/quantity";

type KubeconfigTargetConfig = SdcTargetConfig | NicTargetConfig;

/** Defaults a kubeconfig-reached place applies where its config is silent. */
export interface PlaceDefaults {
  exposure: ExposureOffer;
  /** registry mirror to use when none is configured */
  mirror?: string;
}

/** How the k8s.Provider reaches the cluster. Nothing is read here: the provider reads it at deploy time. */
export interface ClusterAccess {
  kubeconfig?: pulumi.Input<string>;
  context?: string;
}

/** The pure part of an sdc/nic target: config -> what the place offers. */
export interface KubeconfigOffer {
  access: ClusterAccess;
  storage: StorageOffer;
  database: DatabaseOffer;
  objectStore: ObjectStoreOffer;
  exposure: ExposureOffer;
  registry: RegistryOffer;
  proxy?: ProxyOffer;
  capacity?: CapacityOffer;
}

/** Name of the docker-registry Secret the platform creates from `dockerConfigJson`. */
export const createdPullSecretName = "digit-registry";

export function kubeconfigOffer(cfg: KubeconfigTargetConfig, defaults: PlaceDefaults): KubeconfigOffer {
  const access: ClusterAccess = {
    // A path is handed to the provider as is; inline content stays a secret.
    kubeconfig: cfg.kubeconfigInline ? pulumi.secret(cfg.kubeconfigInline) : cfg.kubeconfig,
    context: cfg.context,
  };

  const staticVolumes: StorageOffer["staticVolumes"] = {};
  for (const v of cfg.storage?.staticVolumes ?? []) staticVolumes[v.for] = { volumeName: v.volumeName, size: v.size, ...(v.storageClassName !== undefined ? { storageClassName: v.storageClassName } : {}) };
  const classes = cfg.storage?.classes ?? {};
  const storage: StorageOffer = {
    fast: classes.fast ?? classes.standard,
    standard: classes.standard ?? classes.fast,
    shared: classes.shared,
    staticVolumes,
  };

  const db = cfg.database ?? { mode: "in-cluster" as const };
  const database: DatabaseOffer =
    db.mode === "in-cluster"
      ? { mode: "in-cluster" }
      : {
          mode: "external",
          host: db.host,
          port: db.port,
          database: db.name,
          username: db.username,
          password: pulumi.secret(db.password),
          sslMode: db.sslMode,
          caCertificate: db.caCertificate,
          createDatabase: false,
        };

  const os = cfg.objectStore ?? { mode: "minio" as const };
  const objectStore: ObjectStoreOffer =
    os.mode === "s3"
      ? {
          mode: "s3",
          bucket: os.bucket,
          region: os.region,
          endpoint: os.endpoint,
          credentials: { mode: "keys", accessKey: pulumi.secret(os.accessKey), secretKey: pulumi.secret(os.secretKey) },
        }
      : // the schema refuses an NFS store (egov-filestore 2.9 LTS cannot write to one)
        { mode: "minio" };

  const exposure: ExposureOffer = cfg.exposure
    ? cfg.exposure.mode === "NodePort"
      ? { mode: "NodePort", httpPort: cfg.exposure.httpPort, httpsPort: cfg.exposure.httpsPort, ...(cfg.exposure.clientIp ? { clientIp: cfg.exposure.clientIp } : {}) }
      : { mode: "LoadBalancer", annotations: cfg.exposure.annotations ?? {}, loadBalancerIP: cfg.exposure.loadBalancerIP, ...(cfg.exposure.clientIp ? { clientIp: cfg.exposure.clientIp } : {}) }
    : defaults.exposure;

  const r = cfg.registry;
  const registry: RegistryOffer = {
    mirror: r?.mirror ?? defaults.mirror,
    pullSecretName: r?.pullSecret ?? (r?.dockerConfigJson ? createdPullSecretName : undefined),
    pullSecretSource: r?.pullSecret && !r.dockerConfigJson ? { namespace: r.pullSecretNamespace } : undefined,
    dockerConfigJson: r?.dockerConfigJson ? pulumi.secret(r.dockerConfigJson) : undefined,
    chartRepository: r?.chartRepository,
  };

  const proxy = proxyOffer(cfg.proxy);

  const capacity: CapacityOffer | undefined = cfg.capacity
    ? {
        nodes: cfg.capacity.nodes,
        cpuMillis: cfg.capacity.nodes * millicores(cfg.capacity.cpuPerNode),
        memoryMiB: cfg.capacity.nodes * mebibytes(cfg.capacity.memoryPerNode),
      }
    : undefined;

  return { access, storage, database, objectStore, exposure, registry, proxy, capacity };
}

/** digit:target.proxy as any target takes it (config/fields.ts). */
export type ProxyConfig = NonNullable<SdcTargetConfig["proxy"]>;

/**
 * The place's proxy: its own internal ranges (a VPC, pod and service CIDRs, a metadata server)
 * before the state's entries. The platform adds the cluster's names and every host it calls
 * (components/services/proxy.ts); the password stays a Pulumi secret.
 */
export function proxyOffer(proxy: ProxyConfig | undefined, internal: readonly string[] = []): ProxyOffer | undefined {
  if (!proxy) return undefined;
  return {
    http: proxy.http,
    https: proxy.https,
    noProxy: [...new Set([...internal, ...proxy.noProxy])],
    credentials: proxy.username && proxy.password ? { username: proxy.username, password: pulumi.secret(proxy.password) } : undefined,
  };
}
