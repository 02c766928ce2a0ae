/**
 * The Azure target: resource group, VNet, AKS, PostgreSQL Flexible Server, Storage Account, workload identity. Needs the optional peer `@pulumi/azure-native`.
 * @module digit-pulumi/azure
 */
import "./sdk/azure";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { AzureTargetConfig } from "../config/targets/azure";
import type {
  CapacityOffer,
  DatabaseOffer,
  ExposureOffer,
  ObjectStoreOffer,
  ProxyOffer,
  RegistryOffer,
  StorageOffer,
  Target,
  TargetContext,
  TargetFactory,
} from "./target";
import { planAzure } from "./azure/plan";
import { buildBlobStore, buildCluster, buildNetwork, buildPostgres, buildResourceGroup, buildUniqueSuffix, existingCluster, existingNetwork, named } from "./azure/build";
import { kubeconfigFor } from "../lib/in-cluster";

export interface AzureTargetArgs {
  /** the target's config section (digit:target with kind azure) */
  config: AzureTargetConfig;
  /** sizing profile, protection and naming context; `protect` (default true) keeps the database and storage account */
  context: TargetContext;
}

/**
 * DIGIT on Azure: a resource group with a VNet, AKS (system + user pool, OIDC issuer, workload
 * identity, Azure CNI overlay), PostgreSQL Flexible Server on a delegated subnet with a private DNS
 * zone, and a Storage Account whose container egov-filestore reaches through workload identity.
 * `database.mode: in-cluster` and `objectStore.mode: minio` leave those two to the platform.
 */
export class AzureTarget extends pulumi.ComponentResource implements Target {
  public readonly kind: "azure";
  public readonly name: string;
  public readonly provider: k8s.Provider;
  public readonly storage: StorageOffer;
  public readonly database: DatabaseOffer;
  public readonly objectStore: ObjectStoreOffer;
  public readonly exposure: ExposureOffer;
  public readonly registry: RegistryOffer;
  public readonly proxy?: ProxyOffer;
  public readonly capacity?: CapacityOffer;
  public readonly readiness: pulumi.Resource[];

  /** name of the resource group holding everything */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** name of the AKS cluster */
  public readonly clusterName: pulumi.Output<string>;
  /** the cluster's OIDC issuer, trusted by the federated credentials */
  public readonly oidcIssuerUrl: pulumi.Output<string>;
  /** the cluster-user kubeconfig (a secret) */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Postgres server FQDN, when the target runs the database */
  public readonly postgresHost?: pulumi.Output<string>;
  /** storage account name, when the target runs the object store */
  public readonly storageAccountName?: pulumi.Output<string>;

  constructor(name: string, args: AzureTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    // Config problems surface before anything is registered.
    const plan = planAzure(args.config, args.context, { providerLocation: new pulumi.Config("azure-native").get("location") });
    super("digit:azure:Target", name, {}, opts);
    this.kind = "azure";
    this.name = plan.name;
    const c = { name, parent: this, plan, databaseRotation: args.context.databaseRotation };

    const rg = buildResourceGroup(c);
    // A cluster (and VNet) the target creates, or one the state already runs.
    const net = plan.existing ? existingNetwork(c) : buildNetwork(c, rg);
    const aks = plan.existing ? existingCluster(c) : buildCluster(c, rg, net);
    for (const w of plan.warnings) pulumi.log.warn(w, this);
    const suffix = plan.postgres || plan.blob ? buildUniqueSuffix(c) : undefined;

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      // Server-side apply lets other controllers (HPA, operators) own their fields without diffs.
      { kubeconfig: kubeconfigFor(aks.kubeconfig), enableServerSideApply: true },
      { parent: this },
    );

    if (plan.postgres) {
      const pg = buildPostgres(c, rg, net, suffix!);
      // Consumers of the host wait for the egov database, not only the server.
      const host = pulumi.all([pg.server.fullyQualifiedDomainName, pg.database.id]).apply(([fqdn]) => fqdn);
      this.postgresHost = host;
      this.database = {
        mode: "external",
        host,
        port: 5432,
        database: plan.postgres.database,
        username: plan.postgres.adminLogin,
        password: pulumi.secret(pg.password.result),
        sslMode: "require",
        createDatabase: false,
      };
    } else {
      this.database = { mode: "in-cluster" };
    }

    if (plan.blob) {
      const blob = buildBlobStore(c, rg, aks.oidcIssuerUrl, suffix!);
      this.storageAccountName = blob.accountName;
      this.objectStore = {
        mode: "azure-blob",
        bucket: blob.containerName,
        region: plan.location,
        endpoint: blob.account.primaryEndpoints.blob,
        credentials: {
          mode: "workload-identity",
          // Pods wait for the federation and the role, so their first token already works.
          serviceAccountAnnotations: {
            "azure.workload.identity/client-id": pulumi
              .all([blob.identity.clientId, blob.federation.id, blob.role.id])
              .apply(([clientId]) => clientId),
          },
          podLabels: { "azure.workload.identity/use": "true" },
        },
        signingKeys: { accessKey: blob.accountName, secretKey: blob.accountKey },
      };
    } else {
      this.objectStore = { mode: "minio" };
    }

    this.storage = plan.storage;
    this.exposure = plan.exposure;
    this.registry = {
      ...plan.registry,
      dockerConfigJson: plan.registry.dockerConfigJson ? pulumi.secret(plan.registry.dockerConfigJson) : undefined,
    };
    this.proxy = plan.proxy;
    this.capacity = plan.capacity;
    this.readiness = aks.readiness;

    this.resourceGroupName = named(rg, plan.resourceGroupName);
    this.clusterName = aks.clusterName;
    this.oidcIssuerUrl = aks.oidcIssuerUrl;
    this.kubeconfig = aks.kubeconfig;

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      clusterName: this.clusterName,
      oidcIssuerUrl: this.oidcIssuerUrl,
      kubeconfig: this.kubeconfig,
      postgresHost: this.postgresHost,
      storageAccountName: this.storageAccountName,
    });
  }
}

export const createTarget: TargetFactory<AzureTargetConfig> = (name, config, context, opts) =>
  new AzureTarget(name, { config, context }, opts);

export { planAzure } from "./azure/plan";
export type { AzurePlan } from "./azure/plan";
export type { AzureTargetConfig } from "../config/targets/azure";
