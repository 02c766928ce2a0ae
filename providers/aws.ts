/**
 * The AWS target: VPC, EKS and a managed node group, RDS PostgreSQL, S3, IAM roles for service accounts. Needs the optional peer `@pulumi/aws`.
 * @module digit-pulumi/aws
 */
import "./sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as kms from "@pulumi/aws/kms";
import type { AwsTargetConfig } from "../config/targets/aws";
import type {
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
import { planAws, AwsEnvironment, AwsPlan } from "./aws/plan";
import { createNetwork, type Network } from "./aws/network";
import { createCluster, irsaAssumeRolePolicy } from "./aws/cluster";
import { createAccessEntries, lookUpCluster, type ClusterAccess } from "./aws/existing";
import { createDatabase } from "./aws/database";
import { createFilestoreBucket } from "./aws/bucket";
import { eksKubeconfig } from "./aws/kubeconfig";
import { createdPullSecretName, proxyOffer } from "./kubeconfig/offer";
import { kubeconfigFor } from "../lib/in-cluster";

export interface AwsTargetArgs {
  /** the target's config section (digit:target with kind aws) */
  config: AwsTargetConfig;
  /** sizing profile, protection and naming context */
  context: TargetContext;
  /** the stack's name and its aws:region; default: read from the running Pulumi program */
  environment?: AwsEnvironment;
}

/**
 * DIGIT on AWS: a VPC over three zones, EKS with a managed node group and the EBS CSI driver,
 * RDS for PostgreSQL and an S3 bucket for egov-filestore bound through IRSA. It creates no DIGIT
 * workload; it hands components a Kubernetes provider and what the account offers.
 */
export class AwsTarget extends pulumi.ComponentResource implements Target {
  public readonly kind = "aws" as const;
  public readonly name: string;
  public readonly provider: k8s.Provider;
  public readonly storage: StorageOffer;
  public readonly database: DatabaseOffer;
  public readonly objectStore: ObjectStoreOffer;
  public readonly exposure: ExposureOffer;
  public readonly registry: RegistryOffer;
  public readonly proxy?: ProxyOffer;
  public readonly capacity: Target["capacity"];
  public readonly readiness: pulumi.Resource[];
  /** the EKS API's private endpoint (its network interfaces in the VPC) and the kubernetes Service's ClusterIP range */
  public readonly apiServerCidrs?: readonly string[];
  /** what was planned from config (names, CIDRs, sizes); plain data */
  public readonly plan: AwsPlan;
  /** the EKS cluster's name */
  public readonly clusterName: pulumi.Output<string>;
  /** kubeconfig of the cluster (token through `aws eks get-token`), a secret */
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly vpcId: pulumi.Output<string>;
  /** the RDS endpoint host, when the database is managed */
  public readonly databaseHost: pulumi.Output<string | undefined>;
  /** the filestore bucket's name, when it is an S3 bucket */
  public readonly bucketName: pulumi.Output<string | undefined>;

  constructor(name: string, args: AwsTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:aws:Target", name, {}, opts);
    const plan = planAws(args.config, args.context, args.environment ?? currentEnvironment());
    this.plan = plan;
    this.name = plan.cluster.name;

    const key = new kms.Key(
      `${name}-key`,
      {
        description: `DIGIT ${plan.baseName}: EKS secrets, RDS storage, S3 filestore`,
        enableKeyRotation: true,
        deletionWindowInDays: plan.kms.deletionWindowDays,
        region: plan.region,
        tags: plan.tags,
      },
      { parent: this, protect: plan.protect, retainOnDelete: plan.protect },
    );
    new kms.Alias(`${name}-key-alias`, { name: plan.kms.alias, targetKeyId: key.keyId, region: plan.region }, { parent: this });

    // A cluster the target creates (VPC, EKS, nodes, add-ons), or one the state already runs.
    let cluster: ClusterAccess;
    let network: Network;
    if (plan.existing) {
      ({ cluster, network } = lookUpCluster(name, plan, this));
      this.readiness = [];
    } else {
      const created = createNetwork(name, plan, this);
      const eks = createCluster(name, plan, created, key, this);
      network = created;
      cluster = {
        name: eks.cluster.name,
        endpoint: eks.cluster.endpoint,
        certificateAuthorityData: eks.cluster.certificateAuthority.apply((ca) => ca?.data ?? ""),
        issuer: eks.issuer,
        oidcProviderArn: eks.oidcProvider.arn,
        clusterSecurityGroupId: eks.clusterSecurityGroupId,
        authenticationMode: pulumi.output("API"),
      };
      this.readiness = [eks.nodeGroup, eks.ebsCsiAddon, eks.vpcCniAddon];
    }
    createAccessEntries(name, plan, cluster, this);
    for (const w of plan.warnings) pulumi.log.warn(w, this);

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthorityData])
        .apply(([clusterName, endpoint, ca]) => eksKubeconfig({ clusterName, endpoint, certificateAuthorityData: ca, region: plan.region }, plan.kubeconfigAuth)),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      // Server-side apply lets other controllers (HPA, operators) own their fields without diffs.
      { kubeconfig: kubeconfigFor(this.kubeconfig), enableServerSideApply: true },
      { parent: this },
    );

    const sc = plan.storageClass;
    new k8s.storage.v1.StorageClass(
      `${name}-${sc.name}`,
      {
        metadata: {
          name: sc.name,
          labels: {
            "app.kubernetes.io/name": sc.name,
            "app.kubernetes.io/component": "storage",
            "app.kubernetes.io/part-of": "digit",
            "app.kubernetes.io/managed-by": "pulumi",
          },
          annotations: { "storageclass.kubernetes.io/is-default-class": String(sc.isDefault) },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: sc.parameters,
        reclaimPolicy: sc.reclaimPolicy,
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
      // An existing cluster brings its own EBS CSI driver (a documented prerequisite).
      { parent: this, provider: this.provider, dependsOn: this.readiness },
    );
    this.storage = { fast: sc.name, standard: sc.name, staticVolumes: {} };

    if (plan.database.mode === "managed") {
      const db = createDatabase(name, plan, plan.database, network, cluster.clusterSecurityGroupId, key, this, args.context.databaseRotation);
      this.database = {
        mode: "external",
        host: db.instance.address,
        port: plan.database.port,
        database: plan.database.dbName,
        username: plan.database.username,
        password: db.password,
        sslMode: "require",
        // RDS creates the egov database; DIGIT uses the master login.
        createDatabase: false,
      };
      this.databaseHost = db.instance.address;
    } else {
      this.database = { mode: "in-cluster" };
      this.databaseHost = pulumi.output(undefined);
    }

    if (plan.objectStore.mode === "bucket") {
      const os = plan.objectStore;
      const filestore = createFilestoreBucket(
        name,
        plan,
        os,
        key,
        irsaAssumeRolePolicy(cluster.oidcProviderArn, cluster.issuer, os.serviceAccount.namespace, os.serviceAccount.name),
        this,
        args.context.objectStoreRotation,
      );
      this.objectStore = {
        mode: "s3",
        bucket: filestore.bucket.bucket,
        region: plan.region,
        credentials: { mode: "workload-identity", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": filestore.role.arn } },
        signingKeys: { accessKey: filestore.signingKey.id, secretKey: pulumi.secret(filestore.signingKey.secret) },
      };
      this.bucketName = filestore.bucket.bucket;
    } else {
      this.objectStore = { mode: "minio" };
      this.bucketName = pulumi.output(undefined);
    }

    this.exposure = plan.exposure;
    this.capacity = plan.capacity;
    // endpointPrivateAccess is always on: pods reach the API at its interfaces in the VPC.
    // an existing cluster's ranges are not known here: its API egress allows any address but link-local
    this.apiServerCidrs = plan.existing ? undefined : [plan.network.vpcCidr, plan.cluster.serviceCidr];
    this.registry = registryOffer(args.config);
    // The VPC itself and the instance metadata endpoint (node credentials) never go through the proxy.
    // An existing cluster's ranges are not known when the program runs: the state lists them in noProxy.
    this.proxy = proxyOffer(args.config.proxy, [...(plan.existing ? [] : [plan.network.vpcCidr, plan.cluster.serviceCidr]), "169.254.169.254", ".internal"]);

    this.clusterName = cluster.name;
    this.vpcId = pulumi.output(network.vpcId);
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      vpcId: this.vpcId,
      databaseHost: this.databaseHost,
      bucketName: this.bucketName,
    });
  }
}

function registryOffer(cfg: AwsTargetConfig): RegistryOffer {
  const r = cfg.registry;
  return {
    mirror: r?.mirror,
    pullSecretName: r?.pullSecret ?? (r?.dockerConfigJson ? createdPullSecretName : undefined),
    pullSecretSource: r?.pullSecret && !r.dockerConfigJson ? { namespace: r.pullSecretNamespace } : undefined,
    dockerConfigJson: r?.dockerConfigJson ? pulumi.secret(r.dockerConfigJson) : undefined,
    chartRepository: r?.chartRepository,
  };
}

/** The running program's stack and the aws provider's region, profile and assumed role. */
function currentEnvironment(): AwsEnvironment {
  const aws = new pulumi.Config("aws");
  // The last role of the chain is the identity the provider acts as (and created the cluster as).
  const roles = aws.getObject<Array<{ roleArn?: string }>>("assumeRoles");
  const roleArn = roles?.map((r) => r.roleArn).filter((r): r is string => !!r).pop();
  return { stack: pulumi.getStack(), defaultRegion: aws.get("region"), profile: aws.get("profile"), roleArn };
}

export const createTarget: TargetFactory<AwsTargetConfig> = (name, config, context, opts) => {
  // Validate first, so a bad config fails before any resource (even the component) is registered.
  const environment = currentEnvironment();
  planAws(config, context, environment);
  return new AwsTarget(name, { config, context, environment }, opts);
};

export { planAws } from "./aws/plan";
export type { AwsPlan, AwsEnvironment } from "./aws/plan";
export type { AwsTargetConfig } from "../config/targets/aws";
