import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import { k8sOptions, standardLabels } from "../meta";
import type { PlatformCredentials } from "./credentials";

export interface SharedConfigArgs {
  target: Target;
  /** namespaces (name -> Namespace name output) that get DIGIT's shared ConfigMaps and Secrets */
  namespaces: Record<string, pulumi.Input<string>>;
  /** egov-config data (egovConfigData) */
  egovConfig: Record<string, pulumi.Input<string>>;
  /** egov-service-host data (serviceHostData) */
  serviceHosts: Record<string, string>;
  credentials: PlatformCredentials;
  /** more ConfigMaps (name -> data), e.g. the gateway's route table */
  extraConfigMaps?: Record<string, Record<string, pulumi.Input<string>>>;
  /** more Secrets (name -> data), e.g. the integration Secrets of the deployed services */
  extraSecrets?: Record<string, Record<string, pulumi.Input<string>>>;
  /** names of the Secrets the deployed services read; default: every Secret the platform can provide */
  secretsRead?: string[];
  /** where the Secrets go when it is not `target`: the cluster, while `target` renders manifests (gitops); default: `target` */
  secretsTarget?: Target;
}

/** Secret name -> keys the platform provides (what the wiring check resolves Secret references against). */
export const providedSecretKeys = {
  db: ["username", "password", "flyway-username", "flyway-password"],
  "egov-filestore": ["awskey", "awssecretkey"],
  "elasticsearch-credentials": ["username", "password"],
  "egov-enc-service": ["master.password", "master.salt", "master.initialvector"],
} as const;

/** Secret name -> data, as DIGIT's services read them (catalog `secrets`). Values stay Pulumi secrets. */
export function secretData(c: PlatformCredentials): { [S in keyof typeof providedSecretKeys]: Record<(typeof providedSecretKeys)[S][number], pulumi.Input<string>> } {
  return {
    db: {
      username: c.database.username,
      password: c.database.password,
      // Migrations run as the same role: it owns DIGIT's schemas.
      "flyway-username": c.database.username,
      "flyway-password": c.database.password,
    },
    "egov-filestore": { awskey: c.objectStore.accessKey, awssecretkey: c.objectStore.secretKey },
    "elasticsearch-credentials": { username: c.elasticsearch.username, password: c.elasticsearch.password },
    "egov-enc-service": {
      "master.password": c.encryptionMaster.password,
      "master.salt": c.encryptionMaster.salt,
      "master.initialvector": c.encryptionMaster.initialVector,
    },
  };
}

/** DIGIT's shared ConfigMaps (egov-config, egov-service-host) and Secrets in each namespace that reads them. */
export class SharedConfig extends pulumi.ComponentResource {
  /** every object created, for dependents that must wait for config to exist */
  public readonly resources: pulumi.Resource[] = [];

  constructor(name: string, args: SharedConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:config:SharedConfig", name, {}, opts);
    const o = k8sOptions(args.target, this);
    const all: Record<string, Record<string, pulumi.Input<string>>> = { ...secretData(args.credentials), ...(args.extraSecrets ?? {}) };
    // Only the Secrets the deployed services read: no credential sits where nothing needs it.
    const secrets = args.secretsRead ? Object.fromEntries(Object.entries(all).filter(([k]) => args.secretsRead!.includes(k))) : all;
    for (const [ns, nsName] of Object.entries(args.namespaces)) {
      const cm = (cmName: string, data: Record<string, pulumi.Input<string>>) =>
        new k8s.core.v1.ConfigMap(`${name}-${ns}-${cmName}`, { metadata: { name: cmName, namespace: nsName, labels: standardLabels(cmName, "config") }, data }, o);
      this.resources.push(cm("egov-config", args.egovConfig), cm("egov-service-host", args.serviceHosts));
      for (const [cmName, data] of Object.entries(args.extraConfigMaps ?? {})) this.resources.push(cm(cmName, data));
      for (const [secretName, data] of Object.entries(secrets))
        this.resources.push(
          new k8s.core.v1.Secret(
            `${name}-${ns}-${secretName}`,
            { metadata: { name: secretName, namespace: nsName, labels: standardLabels(secretName, "config") }, type: "Opaque", stringData: data },
            args.secretsTarget ? k8sOptions(args.secretsTarget, this) : o,
          ),
        );
    }
    this.registerOutputs({});
  }
}
