/**
 * The GCP target: VPC, GKE and a node pool, Cloud SQL PostgreSQL, GCS, workload identity. Needs the optional peer `@pulumi/gcp`.
 * @module digit-pulumi/gcp
 */
import "./sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as compute from "@pulumi/gcp/compute";
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as sql from "@pulumi/gcp/sql";
import * as storage from "@pulumi/gcp/storage";
import type { GcpTargetConfig } from "../config/targets/gcp";
import type { DatabaseOffer, ObjectStoreOffer, Target, TargetContext, TargetFactory, TargetKind } from "./target";
import { GcpEnvironment, GcpPlan, planGcp } from "./gcp/plan";
import { gkeKubeconfig } from "./gcp/kubeconfig";
import { kubeconfigFor } from "../lib/in-cluster";

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

export interface GcpTargetArgs {
  /** the target's config section (digit:target) */
  config: GcpTargetConfig;
  /** sizing profile, protection and naming context */
  context: TargetContext;
  /** the `gcp` config namespace's project and region; default: read from stack config (gcp:project, gcp:region) */
  environment?: GcpEnvironment;
}

/**
 * GCP: a custom-mode VPC with Cloud NAT, a private VPC-native GKE cluster with Workload Identity
 * and one node pool, Cloud SQL for PostgreSQL on a private IP, and a GCS bucket that
 * egov-filestore reaches through Workload Identity.
 */
export class GcpTarget extends pulumi.ComponentResource implements Target {
  public readonly kind: TargetKind = "gcp";
  public readonly name: string;
  public readonly provider: k8s.Provider;
  public readonly storage: Target["storage"];
  public readonly database: Target["database"];
  public readonly objectStore: Target["objectStore"];
  public readonly exposure: Target["exposure"];
  public readonly registry: Target["registry"];
  public readonly proxy: Target["proxy"];
  public readonly capacity: Target["capacity"];
  public readonly readiness: pulumi.Resource[];
  /** the private control plane's range and the kubernetes Service's ClusterIP range */
  public readonly apiServerCidrs?: readonly string[];
  /** kubeconfig of the cluster (a secret); authenticates through gke-gcloud-auth-plugin */
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly projectId: pulumi.Output<string>;
  /** Cloud SQL connection name (project:region:instance); undefined when Postgres runs in-cluster */
  public readonly databaseConnectionName?: pulumi.Output<string>;
  /** undefined when MinIO runs in-cluster */
  public readonly bucketName?: pulumi.Output<string>;

  constructor(name: string, args: GcpTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("digit:gcp:Target", name, {}, opts);
    const env = args.environment ?? gcpEnvironment();
    const plan = planGcp(args.config, args.context, env);

    const apis = enableApis(name, plan, this);
    // A cluster (and VPC) the target creates, or one the state already runs.
    let gke: Cluster;
    let networkId: pulumi.Input<string> | undefined;
    if (plan.existing) {
      gke = existingCluster(name, plan, this);
      networkId = plan.existing.network
        ? compute.getNetworkOutput({ name: plan.existing.network, project: plan.project }, { parent: this }).apply((n) => n.id)
        : undefined;
    } else {
      const net = buildNetwork(name, plan, this, apis);
      gke = buildCluster(name, plan, this, apis, net);
      networkId = net.network.id;
    }
    for (const w of plan.warnings) pulumi.log.warn(w, this);
    const db = plan.database ? buildDatabase(name, plan, this, apis, networkId!, args.context.databaseRotation) : undefined;
    const bucket = plan.bucket ? buildBucket(name, plan, this, apis, gke.identityPoolReady, args.context.objectStoreRotation) : undefined;

    this.name = plan.name;
    this.kubeconfig = gke.kubeconfig;
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: kubeconfigFor(gke.kubeconfig),
        // Server-side apply lets other controllers (HPA, operators) own their fields without diffs.
        enableServerSideApply: true,
      },
      { parent: this },
    );
    this.storage = plan.storage;
    this.database = db?.offer ?? { mode: "in-cluster" };
    this.objectStore = bucket?.offer ?? { mode: "minio" };
    this.exposure = plan.exposure;
    this.registry = {
      ...plan.registry,
      dockerConfigJson: plan.registry.dockerConfigJson ? pulumi.secret(plan.registry.dockerConfigJson) : undefined,
    };
    this.proxy = plan.proxy;
    this.capacity = plan.capacity;
    // a private cluster the target creates: pods reach the control plane at its private endpoint in
    // controlPlaneCidr; an existing cluster's ranges are not known here (any address but link-local)
    this.apiServerCidrs = plan.existing ? undefined : [plan.network.controlPlaneCidr, plan.network.servicesCidr];
    this.readiness = gke.readiness;
    this.clusterName = gke.clusterName;
    this.projectId = pulumi.output(plan.project);
    this.databaseConnectionName = db?.instance.connectionName;
    this.bucketName = bucket?.bucket.name;
    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      clusterName: this.clusterName,
      projectId: this.projectId,
      databaseConnectionName: this.databaseConnectionName,
      bucketName: this.bucketName,
    });
  }
}

export const createTarget: TargetFactory<GcpTargetConfig> = (name, config, context, opts) =>
  new GcpTarget(name, { config, context }, opts);

/** gcp:project and gcp:region, as the Google provider itself would read them. */
export function gcpEnvironment(): GcpEnvironment {
  const cfg = new pulumi.Config("gcp");
  return { project: cfg.get("project"), region: cfg.get("region") };
}

function enableApis(name: string, plan: GcpPlan, parent: pulumi.Resource): projects.Service[] {
  return plan.apis.map(
    (api) =>
      new projects.Service(
        `${name}-api-${api.split(".")[0]}`,
        // Other workloads of the project may use the same APIs: never switch them off on destroy.
        { project: plan.project, service: api, disableOnDestroy: false, disableDependentServices: false },
        { parent },
      ),
  );
}

interface Network {
  network: compute.Network;
  subnet: compute.Subnetwork;
  nat: compute.RouterNat;
}

function buildNetwork(name: string, plan: GcpPlan, parent: pulumi.Resource, apis: pulumi.Resource[]): Network {
  const { project, region } = plan;
  const n = plan.network;
  const network = new compute.Network(
    `${name}-vpc`,
    { project, autoCreateSubnetworks: false, routingMode: "REGIONAL", description: `DIGIT ${plan.name}` },
    { parent, dependsOn: apis },
  );
  const subnet = new compute.Subnetwork(
    `${name}-subnet`,
    {
      project,
      region,
      network: network.id,
      ipCidrRange: n.subnetCidr,
      // Private nodes reach Google APIs (image pulls from gcr/pkg.dev, logging) without NAT.
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: n.podsRangeName, ipCidrRange: n.podsCidr },
        { rangeName: n.servicesRangeName, ipCidrRange: n.servicesCidr },
      ],
    },
    { parent },
  );
  const router = new compute.Router(`${name}-router`, { project, region, network: network.id }, { parent });
  // Private nodes have no external IP: Cloud NAT gives them egress (Docker Hub images, ACME, SMS/e-mail gateways).
  const nat = new compute.RouterNat(
    `${name}-nat`,
    {
      project,
      region,
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    },
    { parent },
  );
  // The control plane of a private cluster reaches nodes on 443 and 10250 only; admission webhooks
  // (ingress-nginx 8443, others 9443) need their ports opened explicitly.
  new compute.Firewall(
    `${name}-webhooks`,
    {
      project,
      network: network.id,
      direction: "INGRESS",
      sourceRanges: [n.controlPlaneCidr],
      targetTags: [n.nodeTag],
      allows: [{ protocol: "tcp", ports: n.webhookPorts }],
      description: "GKE control plane to admission webhooks on the nodes",
    },
    { parent },
  );
  return { network, subnet, nat };
}

interface Cluster {
  clusterName: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  /** what Kubernetes objects wait for: the node pool (none for an existing cluster) */
  readiness: pulumi.Resource[];
  /** the project's workload identity pool exists once a cluster with Workload Identity does */
  identityPoolReady: pulumi.Resource[];
}

/**
 * A GKE cluster the state already runs (digit:target.existingCluster), looked up when `pulumi
 * preview/up` runs. DIGIT's bucket needs Workload Identity on it (the project's pool).
 */
function existingCluster(name: string, plan: GcpPlan, parent: pulumi.Resource): Cluster {
  const e = plan.existing!;
  const found = container.getClusterOutput({ name: e.name, location: e.location, project: plan.project }, { parent });
  const checked = found.apply((c) => {
    const pool = c.workloadIdentityConfigs?.[0]?.workloadPool;
    if (plan.bucket && pool !== plan.cluster.workloadPool)
      throw new Error(
        `digit:target.existingCluster: GKE cluster ${e.name} ${pool ? `uses the workload pool ${pool}` : "has no Workload Identity"}; DIGIT's bucket needs ${plan.cluster.workloadPool}: ` +
          `gcloud container clusters update ${e.name} --location ${e.location} --workload-pool=${plan.cluster.workloadPool} (or set objectStore.mode: minio)`,
      );
    return c;
  });
  const kubeconfig = pulumi.secret(
    checked.apply((c) =>
      gkeKubeconfig({ project: plan.project, location: e.location, clusterName: c.name, endpoint: c.endpoint, caCertificate: c.masterAuths?.[0]?.clusterCaCertificate ?? "" }),
    ),
  );
  return { clusterName: checked.apply((c) => c.name), kubeconfig, readiness: [], identityPoolReady: [] };
}

function buildCluster(name: string, plan: GcpPlan, parent: pulumi.Resource, apis: pulumi.Resource[], net: Network): Cluster {
  const { project, labels } = plan;
  const c = plan.cluster;
  const p = plan.nodePool;

  // A dedicated node identity with the minimal node role, instead of the Editor-holding default compute SA.
  const nodeSa = new serviceaccount.Account(
    `${name}-nodes-sa`,
    { project, accountId: p.serviceAccountId, displayName: `GKE nodes of DIGIT ${plan.name}` },
    { parent, dependsOn: apis },
  );
  const nodeRoles = p.roles.map(
    (role) =>
      new projects.IAMMember(
        `${name}-nodes-${role.split("/")[1].replace(/\./g, "-")}`,
        { project, role, member: pulumi.interpolate`serviceAccount:${nodeSa.email}` },
        { parent },
      ),
  );
  const shielded = { enableSecureBoot: true, enableIntegrityMonitoring: true };
  const workloadMetadata = { mode: "GKE_METADATA" };

  const cluster = new container.Cluster(
    `${name}-gke`,
    {
      project,
      name: c.name,
      location: c.location,
      network: net.network.id,
      subnetwork: net.subnet.id,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: plan.network.podsRangeName,
        servicesSecondaryRangeName: plan.network.servicesRangeName,
      },
      privateClusterConfig: {
        enablePrivateNodes: true,
        // The public endpoint stays unless the state asks for a private one (then pulumi runs in
        // the VPC); authorized networks narrow a public one.
        enablePrivateEndpoint: c.privateEndpoint,
        masterIpv4CidrBlock: plan.network.controlPlaneCidr,
      },
      masterAuthorizedNetworksConfig: c.privateEndpoint
        ? // private only: the VPC's own ranges reach it; nothing else is listed
          { cidrBlocks: [] }
        : c.authorizedNetworks
          ? { cidrBlocks: c.authorizedNetworks.map((cidrBlock) => ({ cidrBlock })) }
          : undefined,
      workloadIdentityConfig: { workloadPool: c.workloadPool },
      enableShieldedNodes: true,
      // Dataplane V2 enforces NetworkPolicy.
      datapathProvider: "ADVANCED_DATAPATH",
      releaseChannel: { channel: c.releaseChannel },
      minMasterVersion: c.kubernetesVersion,
      addonsConfig: {
        gcePersistentDiskCsiDriverConfig: { enabled: true },
        gcpFilestoreCsiDriverConfig: { enabled: c.filestoreCsi },
      },
      // 02:00 IST, outside Indian office hours.
      maintenancePolicy: { dailyMaintenanceWindow: { startTime: "20:30" } },
      // The default pool only exists while the cluster is created; it still gets the node identity,
      // since many organisations disable the default compute service account.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: nodeSa.email,
        oauthScopes: [cloudPlatformScope],
        shieldedInstanceConfig: shielded,
        workloadMetadataConfig: workloadMetadata,
      },
      resourceLabels: labels,
      deletionProtection: c.deletionProtection,
    },
    // nodeConfig and initialNodeCount describe the removed default pool: changes to them mean nothing.
    { parent, dependsOn: [...apis, ...nodeRoles], ignoreChanges: ["nodeConfig", "initialNodeCount"] },
  );

  const nodePool = new container.NodePool(
    `${name}-nodes`,
    {
      project,
      cluster: cluster.name,
      location: c.location,
      nodeLocations: p.zones,
      initialNodeCount: p.nodesPerZone,
      autoscaling: { totalMinNodeCount: p.totalMin, totalMaxNodeCount: p.totalMax, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: p.machineType,
        diskSizeGb: p.diskSizeGb,
        diskType: "pd-balanced",
        imageType: "COS_CONTAINERD",
        serviceAccount: nodeSa.email,
        oauthScopes: [cloudPlatformScope],
        shieldedInstanceConfig: shielded,
        workloadMetadataConfig: workloadMetadata,
        metadata: { "disable-legacy-endpoints": "true" },
        tags: [plan.network.nodeTag],
        resourceLabels: labels,
      },
    },
    // initialNodeCount is create-only (a change would replace the pool); the autoscaler owns the size.
    { parent, dependsOn: [net.nat, ...nodeRoles], ignoreChanges: ["initialNodeCount"] },
  );

  const kubeconfig = pulumi.secret(
    pulumi.all([cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([clusterName, endpoint, auth]) =>
      // masterAuth is always set by GKE; a bare mock engine may leave it out.
      gkeKubeconfig({ project, location: c.location, clusterName, endpoint, caCertificate: auth?.clusterCaCertificate ?? "" }),
    ),
  );
  return { clusterName: cluster.name, kubeconfig, readiness: [nodePool], identityPoolReady: [cluster] };
}

function buildDatabase(
  name: string,
  plan: GcpPlan,
  parent: pulumi.Resource,
  apis: pulumi.Resource[],
  networkId: pulumi.Input<string>,
  /** TargetContext.databaseRotation; default 0 */
  rotation = 0,
): { offer: DatabaseOffer; instance: sql.DatabaseInstance } {
  const { project, region, labels, protect } = plan;
  const d = plan.database!;
  const stateful = { protect, retainOnDelete: protect };

  // Private service access: Cloud SQL gets an address range peered into the VPC, no public IP. A
  // VPC has one servicenetworking connection: an existing cluster's VPC may have it already.
  const peering: pulumi.Resource[] = [];
  if (plan.existing?.privateServiceAccess !== "existing") {
    const range = new compute.GlobalAddress(
      `${name}-sql-range`,
      { project, network: networkId, purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 16, labels },
      { parent, dependsOn: apis },
    );
    peering.push(
      new servicenetworking.Connection(
        `${name}-sql-peering`,
        {
          network: networkId,
          service: "servicenetworking.googleapis.com",
          reservedPeeringRanges: [range.name],
          // Google removes its side only after the instance is gone; deleting it eagerly fails the destroy.
          deletionPolicy: "ABANDON",
        },
        { parent },
      ),
    );
  }

  const instance = new sql.DatabaseInstance(
    `${name}-postgres`,
    {
      project,
      region,
      databaseVersion: d.version,
      deletionProtection: d.deletionProtection,
      settings: {
        tier: d.tier,
        edition: d.edition,
        availabilityType: d.availabilityType,
        diskType: "PD_SSD",
        diskSize: d.diskGb,
        diskAutoresize: true,
        deletionProtectionEnabled: d.deletionProtection,
        retainBackupsOnDelete: d.deletionProtection,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: networkId,
          sslMode: "ENCRYPTED_ONLY",
        },
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          // 01:00 IST
          startTime: "19:30",
          transactionLogRetentionDays: d.transactionLogRetentionDays,
          backupRetentionSettings: { retainedBackups: d.backupRetentionDays, retentionUnit: "COUNT" },
        },
        // Sunday 03:00 IST
        maintenanceWindow: { day: 7, hour: 21, updateTrack: "stable" },
        insightsConfig: { queryInsightsEnabled: true },
        userLabels: labels,
      },
    },
    { parent, dependsOn: [...peering, ...apis], ...stateful },
  );

  const password = new random.RandomPassword(
    `${name}-postgres-password`,
    // Letters and digits only: the password travels in JDBC URLs and env vars unquoted. A rotation
    // counter replaces the password only; Cloud SQL changes a user's password in place.
    { length: 32, special: false, ...(rotation ? { keepers: { rotation: String(rotation) } } : {}) },
    { parent, additionalSecretOutputs: ["result"] },
  );
  // ABANDON: Postgres refuses to drop a role that owns objects or a database with open
  // connections; deleting the instance removes both anyway.
  const database = new sql.Database(
    `${name}-postgres-db`,
    { project, instance: instance.name, name: d.databaseName, deletionPolicy: "ABANDON" },
    { parent, ...stateful },
  );
  const user = new sql.User(
    `${name}-postgres-user`,
    { project, instance: instance.name, name: d.username, password: password.result, deletionPolicy: "ABANDON" },
    { parent, dependsOn: [database] },
  );

  return {
    instance,
    offer: {
      mode: "external",
      host: instance.privateIpAddress,
      port: 5432,
      database: d.databaseName,
      username: user.name,
      password: pulumi.secret(password.result),
      sslMode: "require",
      createDatabase: false,
    },
  };
}

function buildBucket(
  name: string,
  plan: GcpPlan,
  parent: pulumi.Resource,
  apis: pulumi.Resource[],
  /** the cluster (whose creation makes the project's workload pool exist): nothing to wait for when it exists already */
  clusterReady: pulumi.Resource[],
  /** TargetContext.objectStoreRotation: a new value creates new HMAC keys and deletes the old; default 0 */
  rotation = 0,
): { offer: ObjectStoreOffer; bucket: storage.Bucket } {
  const { project, region, labels, protect } = plan;
  const b = plan.bucket!;
  const bucket = new storage.Bucket(
    `${name}-filestore`,
    {
      project,
      name: b.name,
      location: b.location,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      encryption: b.kmsKeyName ? { defaultKmsKeyName: b.kmsKeyName } : undefined,
      // Versions replaced or deleted stay restorable for a while, then go.
      lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: b.noncurrentVersionDays, withState: "ARCHIVED" } }],
      forceDestroy: b.forceDestroy,
      labels,
    },
    { parent, dependsOn: apis, protect, retainOnDelete: protect },
  );
  const sa = new serviceaccount.Account(
    `${name}-filestore-sa`,
    { project, accountId: b.serviceAccountId, displayName: `egov-filestore of DIGIT ${plan.name}` },
    { parent, dependsOn: apis },
  );
  new storage.BucketIAMMember(
    `${name}-filestore-object-admin`,
    { bucket: bucket.name, role: "roles/storage.objectAdmin", member: pulumi.interpolate`serviceAccount:${sa.email}` },
    { parent },
  );
  // The identity pool <project>.svc.id.goog exists only once a cluster with Workload Identity does.
  new serviceaccount.IAMMember(
    `${name}-filestore-workload-identity`,
    { serviceAccountId: sa.name, role: "roles/iam.workloadIdentityUser", member: b.workloadIdentityMember },
    { parent, dependsOn: clusterReady },
  );
  // egov-filestore reaches GCS through its S3-compatible XML API with HMAC keys: its LTS image's
  // MinIO client takes static keys only (Digit-Core 237578ce80, MinioClientFacade).
  const hmac = new storage.HmacKey(`${name}-filestore-hmac${rotation ? `-${rotation}` : ""}`, { project, serviceAccountEmail: sa.email }, { parent, dependsOn: apis, additionalSecretOutputs: ["secret"] });
  return {
    bucket,
    offer: {
      mode: "gcs",
      bucket: bucket.name,
      region,
      credentials: { mode: "workload-identity", serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": sa.email } },
      signingKeys: { accessKey: hmac.accessId, secretKey: pulumi.secret(hmac.secret) },
    },
  };
}

export { planGcp } from "./gcp/plan";
export type { GcpPlan, GcpEnvironment } from "./gcp/plan";
export type { GcpTargetConfig } from "../config/targets/gcp";
