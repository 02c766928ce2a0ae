import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
// Submodules only: the package root loads every Azure service (136 MB).
import * as resources from "@pulumi/azure-native/resources";
import * as network from "@pulumi/azure-native/network";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as storage from "@pulumi/azure-native/storage";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as authorization from "@pulumi/azure-native/authorization";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { AzurePlan, PoolPlan, roles, uniqueSuffixLength, workloadIdentityAudience } from "./plan";
import { aksKubeconfig } from "./kubeconfig";
import { contains, parseCidr } from "./cidr";

/** Registration of the Azure plan: each function copies plan values into azure-native resources. */

export interface BuildContext {
  /** the component's name; child names derive from it */
  name: string;
  parent: pulumi.Resource;
  plan: AzurePlan;
  /** TargetContext.databaseRotation; default 0 */
  databaseRotation?: number;
}

/** Options for a resource holding data: protected and kept in Azure when removed from the stack. */
function keep(c: BuildContext, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { parent: c.parent, protect: c.plan.protect, retainOnDelete: c.plan.protect, ...extra };
}

/**
 * A resource's name as the program chose it, as an output that resolves once the resource exists.
 * Reading `resource.name` instead would give nothing under the offline plan's mocks.
 */
export function named(resource: pulumi.CustomResource, name: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.all([resource.id, name]).apply(([, n]) => n);
}

/** Built-in role definitions are addressed within the subscription of the scope they are granted on. */
export function roleDefinitionIdFor(scopeId: string, roleGuid: string): string {
  const subscription = /^\/subscriptions\/[^/]+/i.exec(scopeId)?.[0] ?? "";
  return `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

export function buildResourceGroup(c: BuildContext): resources.ResourceGroup {
  // Deleting a group deletes everything in it, the retained database included: keep it with the data.
  return new resources.ResourceGroup(
    `${c.name}-rg`,
    { resourceGroupName: c.plan.resourceGroupName, location: c.plan.location, tags: c.plan.tags },
    keep(c),
  );
}

/** A random suffix that makes the globally unique names (storage account, Postgres server) unique. */
export function buildUniqueSuffix(c: BuildContext): random.RandomString {
  return new random.RandomString(
    `${c.name}-suffix`,
    { length: uniqueSuffixLength, upper: false, special: false, lower: true, numeric: true },
    { parent: c.parent },
  );
}

/** The VNet DIGIT's database joins, and its subnets: created here, or an existing cluster's VNet. */
export interface NetworkResources {
  vnetId: pulumi.Output<string>;
  /** the nodes' subnet (only a cluster the target creates) */
  nodesSubnet?: network.Subnet;
  postgresSubnet?: network.Subnet;
}

export function buildNetwork(c: BuildContext, rg: resources.ResourceGroup): NetworkResources {
  const { plan } = c;
  const rgName = named(rg, plan.resourceGroupName);
  // A retained Postgres server still sits in the VNet: deleting the VNet would fail.
  const holdsData = plan.postgres ? { retainOnDelete: plan.protect } : {};
  const vnet = new network.VirtualNetwork(
    `${c.name}-vnet`,
    {
      resourceGroupName: rgName,
      virtualNetworkName: plan.network.vnetName,
      location: plan.location,
      addressSpace: { addressPrefixes: [plan.network.addressSpace] },
      tags: plan.tags,
    },
    { parent: c.parent, ...holdsData },
  );
  const vnetName = named(vnet, plan.network.vnetName);
  const nodesSubnet = new network.Subnet(
    `${c.name}-nodes-subnet`,
    {
      resourceGroupName: rgName,
      virtualNetworkName: vnetName,
      subnetName: plan.network.nodesSubnet.name,
      addressPrefix: plan.network.nodesSubnet.cidr,
    },
    { parent: c.parent },
  );
  const postgresSubnet = plan.postgres
    ? new network.Subnet(
        `${c.name}-postgres-subnet`,
        {
          resourceGroupName: rgName,
          virtualNetworkName: vnetName,
          subnetName: plan.postgres.subnet.name,
          addressPrefix: plan.postgres.subnet.cidr,
          delegations: [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
        },
        // Azure rejects concurrent subnet changes on one VNet.
        { parent: c.parent, dependsOn: [nodesSubnet], ...holdsData },
      )
    : undefined;
  return { vnetId: vnet.id, nodesSubnet, postgresSubnet };
}

/**
 * The existing cluster's VNet (digit:target.existingCluster.network), looked up at deploy time,
 * with a subnet delegated to PostgreSQL Flexible Server created in it.
 */
export function existingNetwork(c: BuildContext): NetworkResources {
  const n = c.plan.existing!.network;
  if (!n) return { vnetId: pulumi.output("") };
  const vnet = network.getVirtualNetworkOutput({ resourceGroupName: n.resourceGroupName, virtualNetworkName: n.vnetName }, { parent: c.parent });
  const postgresSubnet = c.plan.postgres
    ? new network.Subnet(
        `${c.name}-postgres-subnet`,
        {
          resourceGroupName: n.resourceGroupName,
          virtualNetworkName: n.vnetName,
          subnetName: c.plan.postgres.subnet.name,
          // The range must lie in the VNet; Azure's own error would come only after other resources.
          addressPrefix: vnet.apply((v) => {
            const spaces = v.addressSpace?.addressPrefixes ?? [];
            if (spaces.length && !spaces.some((a) => contains(parseCidr(a), parseCidr(n.postgresSubnetCidr))))
              throw new Error(`digit:target.existingCluster.network.postgresSubnetCidr: ${n.postgresSubnetCidr} is outside VNet ${n.vnetName} (${spaces.join(", ")}): pick a free range inside it`);
            return n.postgresSubnetCidr;
          }),
          delegations: [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
        },
        { parent: c.parent, retainOnDelete: c.plan.protect },
      )
    : undefined;
  return { vnetId: vnet.apply((v) => v.id ?? ""), postgresSubnet };
}

export interface ClusterResources {
  clusterName: pulumi.Output<string>;
  /** the cluster-user kubeconfig (kubelogin with Entra ID), a secret */
  kubeconfig: pulumi.Output<string>;
  oidcIssuerUrl: pulumi.Output<string>;
  /** what Kubernetes objects wait for: the cluster, its pools, the RBAC role assignments */
  readiness: pulumi.Resource[];
}

function poolProperties(p: PoolPlan, subnetId: pulumi.Input<string>, version: string, tags: Record<string, string>) {
  return {
    mode: p.mode,
    vmSize: p.vmSize,
    count: p.count,
    enableAutoScaling: p.autoscale !== undefined,
    minCount: p.autoscale?.minCount,
    maxCount: p.autoscale?.maxCount,
    availabilityZones: p.zones,
    maxPods: p.maxPods,
    nodeTaints: p.taints,
    osType: "Linux",
    type: "VirtualMachineScaleSets",
    vnetSubnetID: subnetId,
    orchestratorVersion: version,
    tags,
  };
}

export function buildCluster(c: BuildContext, rg: resources.ResourceGroup, net: NetworkResources): ClusterResources {
  const { plan } = c;
  const k = plan.cluster;
  const a = plan.access;
  const client = authorization.getClientConfigOutput({ parent: c.parent });
  const rgName = named(rg, plan.resourceGroupName);
  // A control-plane identity that exists before the cluster can be granted the subnet first.
  const identity = new managedidentity.UserAssignedIdentity(
    `${c.name}-aks-identity`,
    { resourceGroupName: rgName, resourceName: k.identityName, location: plan.location, tags: plan.tags },
    { parent: c.parent },
  );
  const networkRole = new authorization.RoleAssignment(
    `${c.name}-aks-network-role`,
    {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: net.nodesSubnet!.id.apply((id) => roleDefinitionIdFor(id, roles.networkContributor)),
      scope: net.nodesSubnet!.id,
    },
    { parent: c.parent },
  );
  const cluster = new containerservice.ManagedCluster(
    `${c.name}-aks`,
    {
      resourceGroupName: rgName,
      resourceName: k.name,
      location: plan.location,
      dnsPrefix: k.dnsPrefix,
      kubernetesVersion: k.kubernetesVersion,
      sku: { name: "Base", tier: k.skuTier },
      identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
      enableRBAC: true,
      // Entra ID sign-in, Kubernetes rights from Azure role assignments; local (certificate)
      // accounts only when a state asks for break-glass access.
      aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: a.adminGroupObjectIds, tenantID: client.tenantId },
      disableLocalAccounts: !a.localAccounts,
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      agentPoolProfiles: [{ name: k.systemPool.name, ...poolProperties(k.systemPool, net.nodesSubnet!.id, k.kubernetesVersion, plan.tags) }],
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: plan.network.podCidr,
        serviceCidr: plan.network.serviceCidr,
        dnsServiceIP: plan.network.dnsServiceIP,
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
      },
      // A private cluster is chosen at creation; authorized ranges narrow a public one.
      apiServerAccessProfile: k.privateCluster
        ? { enablePrivateCluster: true }
        : k.apiServerAuthorizedIpRanges
          ? { authorizedIPRanges: k.apiServerAuthorizedIpRanges }
          : undefined,
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      storageProfile: {
        diskCSIDriver: { enabled: true },
        fileCSIDriver: { enabled: true },
        snapshotController: { enabled: true },
      },
      httpProxyConfig: k.httpProxy,
      tags: plan.tags,
    },
    {
      parent: c.parent,
      dependsOn: [networkRole],
      // The autoscaler owns the node count once it is on.
      ignoreChanges: k.systemPool.autoscale ? ["agentPoolProfiles[0].count"] : undefined,
    },
  );
  const clusterName = named(cluster, k.name);
  const userPool = new containerservice.AgentPool(
    `${c.name}-user-pool`,
    {
      resourceGroupName: rgName,
      resourceName: clusterName,
      agentPoolName: k.userPool.name,
      ...poolProperties(k.userPool, net.nodesSubnet!.id, k.kubernetesVersion, plan.tags),
    },
    { parent: c.parent, ignoreChanges: k.userPool.autoscale ? ["count"] : undefined },
  );
  const rbac = clusterRoleAssignments(c, cluster.id, client.objectId);
  const kubeconfig = clusterKubeconfig(c, rgName, clusterName, pulumi.output(true));
  const oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
  return { clusterName, kubeconfig, oidcIssuerUrl, readiness: [cluster, userPool, ...rbac] };
}

/** Azure RBAC for Kubernetes on the cluster: whoever runs `pulumi up`, and the admins the state names. */
function clusterRoleAssignments(c: BuildContext, clusterId: pulumi.Input<string>, deployer: pulumi.Input<string> | undefined): authorization.RoleAssignment[] {
  const out: authorization.RoleAssignment[] = [];
  c.plan.access.roleAssignments.forEach((r, i) => {
    const isDeployer = r.principalId === "deployer";
    if (isDeployer && deployer === undefined) return;
    out.push(
      new authorization.RoleAssignment(
        `${c.name}-aks-rbac-${isDeployer ? "deployer" : i}`,
        {
          principalId: isDeployer ? deployer! : r.principalId,
          ...(r.principalType ? { principalType: r.principalType } : {}),
          roleDefinitionId: pulumi.output(clusterId).apply((id) => roleDefinitionIdFor(id, r.roleGuid)),
          scope: clusterId,
        },
        { parent: c.parent },
      ),
    );
  });
  return out;
}

/** The cluster-user kubeconfig (exec format), its users signing in with kubelogin where Entra ID is on. */
function clusterKubeconfig(c: BuildContext, resourceGroupName: pulumi.Input<string>, resourceName: pulumi.Input<string>, entraId: pulumi.Output<boolean>): pulumi.Output<string> {
  const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName, resourceName, format: "exec" }, { parent: c.parent });
  return pulumi.secret(
    pulumi.all([credentials, entraId, resourceName]).apply(([r, aad, n]) => {
      const first = r.kubeconfigs?.[0]?.value;
      if (!first) throw new Error(`AKS returned no kubeconfig for cluster ${n}: check the cluster's provisioning state in the Azure portal`);
      return aksKubeconfig(Buffer.from(first, "base64").toString("utf8"), c.plan.access.kubelogin, aad);
    }),
  );
}

/**
 * An AKS cluster the state already runs (digit:target.existingCluster), looked up at deploy time.
 * DIGIT's bucket needs its OIDC issuer and workload identity; role assignments need Azure RBAC.
 */
export function existingCluster(c: BuildContext): ClusterResources {
  const e = c.plan.existing!;
  const found = containerservice.getManagedClusterOutput({ resourceGroupName: e.resourceGroupName, resourceName: e.name }, { parent: c.parent });
  const checked = found.apply((m) => {
    if (c.plan.blob && (!m.oidcIssuerProfile?.enabled || !m.securityProfile?.workloadIdentity?.enabled))
      throw new Error(
        `digit:target.existingCluster: AKS cluster ${e.name} needs the OIDC issuer and workload identity for DIGIT's blob storage: ` +
          `az aks update -g ${e.resourceGroupName} -n ${e.name} --enable-oidc-issuer --enable-workload-identity (or set objectStore.mode: minio)`,
      );
    return m;
  });
  const entraId = checked.apply((m) => !!m.aadProfile);
  const admins = c.plan.access.roleAssignments.length > 1;
  const clusterId = checked.apply((m) => {
    if (admins && !m.aadProfile?.enableAzureRBAC)
      throw new Error(`digit:target.access.admins: AKS cluster ${e.name} does not use Azure RBAC for Kubernetes, so role assignments grant nothing: enable it (az aks update --enable-azure-rbac) or remove admins`);
    return m.id;
  });
  // whoever runs `pulumi up` on a cluster it did not create must already have access to it
  const rbac = admins ? clusterRoleAssignments(c, clusterId, undefined) : [];
  return {
    clusterName: checked.apply((m) => m.name),
    kubeconfig: clusterKubeconfig(c, e.resourceGroupName, e.name, entraId),
    oidcIssuerUrl: checked.apply((m) => m.oidcIssuerProfile?.issuerURL ?? ""),
    readiness: rbac,
  };
}

export interface PostgresResources {
  zone: privatedns.PrivateZone;
  zoneLink: privatedns.VirtualNetworkLink;
  password: random.RandomPassword;
  server: dbforpostgresql.Server;
  database: dbforpostgresql.Database;
}

export function buildPostgres(
  c: BuildContext,
  rg: resources.ResourceGroup,
  net: NetworkResources,
  suffix: random.RandomString,
): PostgresResources {
  const { plan } = c;
  const pg = plan.postgres!;
  const rgName = named(rg, plan.resourceGroupName);
  const retain = { retainOnDelete: plan.protect };
  const zone = new privatedns.PrivateZone(
    `${c.name}-postgres-dns`,
    { resourceGroupName: rgName, privateZoneName: pg.privateDnsZone, location: "Global", tags: plan.tags },
    { parent: c.parent, ...retain },
  );
  const zoneLink = new privatedns.VirtualNetworkLink(
    `${c.name}-postgres-dns-link`,
    {
      resourceGroupName: rgName,
      privateZoneName: named(zone, pg.privateDnsZone),
      virtualNetworkLinkName: plan.network.vnetName,
      location: "Global",
      registrationEnabled: false,
      virtualNetwork: { id: net.vnetId },
      tags: plan.tags,
    },
    { parent: c.parent, ...retain },
  );
  const password = new random.RandomPassword(
    `${c.name}-postgres-admin-password`,
    // Only URL- and shell-safe specials: the password travels in JDBC URLs and env vars.
    // A rotation counter replaces the password only; the flexible server changes it in place.
    {
      length: 32,
      special: true,
      overrideSpecial: "-_",
      minLower: 2,
      minUpper: 2,
      minNumeric: 2,
      minSpecial: 1,
      ...(c.databaseRotation ? { keepers: { rotation: String(c.databaseRotation) } } : {}),
    },
    { parent: c.parent },
  );
  const ha = pg.highAvailability.mode !== "Disabled";
  const serverName = pulumi.interpolate`${pg.serverNamePrefix}-${suffix.result}`;
  const server = new dbforpostgresql.Server(
    `${c.name}-postgres`,
    {
      resourceGroupName: rgName,
      serverName,
      location: plan.location,
      version: pg.version,
      sku: { name: pg.skuName, tier: pg.skuTier },
      storage: { storageSizeGB: pg.storageGb, autoGrow: "Enabled" },
      backup: { backupRetentionDays: pg.backupRetentionDays, geoRedundantBackup: pg.geoRedundantBackup },
      highAvailability: pg.highAvailability,
      availabilityZone: pg.availabilityZone,
      network: {
        delegatedSubnetResourceId: net.postgresSubnet!.id,
        privateDnsZoneArmResourceId: zone.id,
        publicNetworkAccess: "Disabled",
      },
      authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
      administratorLogin: pg.adminLogin,
      // Secret already in a real run (additionalSecretOutputs); explicit so every engine keeps it so.
      administratorLoginPassword: pulumi.secret(password.result),
      tags: plan.tags,
    },
    keep(c, {
      // The server needs its DNS zone resolvable from the VNet when it is created.
      dependsOn: [zoneLink],
      // A failover swaps primary and standby zones; that is not drift to undo.
      ignoreChanges: ha ? ["availabilityZone", "highAvailability.standbyAvailabilityZone"] : undefined,
    }),
  );
  const database = new dbforpostgresql.Database(
    `${c.name}-postgres-${pg.database}`,
    { resourceGroupName: rgName, serverName: named(server, serverName), databaseName: pg.database, charset: "UTF8", collation: "en_US.utf8" },
    keep(c),
  );
  return { zone, zoneLink, password, server, database };
}

export interface BlobResources {
  account: storage.StorageAccount;
  accountName: pulumi.Output<string>;
  containerName: pulumi.Output<string>;
  blobService: storage.BlobServiceProperties;
  container: storage.BlobContainer;
  identity: managedidentity.UserAssignedIdentity;
  federation: managedidentity.FederatedIdentityCredential;
  role: authorization.RoleAssignment;
  /** the account key egov-filestore signs with (a Pulumi secret) */
  accountKey: pulumi.Output<string>;
}

export function buildBlobStore(
  c: BuildContext,
  rg: resources.ResourceGroup,
  oidcIssuerUrl: pulumi.Output<string>,
  suffix: random.RandomString,
): BlobResources {
  const { plan } = c;
  const b = plan.blob!;
  const rgName = named(rg, plan.resourceGroupName);
  const accountName = pulumi.interpolate`${b.accountNamePrefix}${suffix.result}`;
  const account = new storage.StorageAccount(
    `${c.name}-storage`,
    {
      resourceGroupName: rgName,
      accountName,
      location: plan.location,
      kind: "StorageV2",
      sku: { name: b.skuName },
      accessTier: "Hot",
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      // egov-filestore creates a container it misses with public access (AzureBlobStorageImpl,
      // createIfNotExists(CONTAINER)): refused here, and the container is created private below.
      allowBlobPublicAccess: false,
      // egov-filestore's LTS image signs with the account key only (AzureClientFacade); the
      // platform's own pods use workload identity.
      allowSharedKeyAccess: true,
      defaultToOAuthAuthentication: true,
      allowCrossTenantReplication: false,
      encryption: {
        keySource: "Microsoft.Storage",
        requireInfrastructureEncryption: true,
        services: { blob: { enabled: true, keyType: "Account" }, file: { enabled: true, keyType: "Account" } },
      },
      tags: plan.tags,
    },
    keep(c),
  );
  const blobService = new storage.BlobServiceProperties(
    `${c.name}-blob-service`,
    {
      resourceGroupName: rgName,
      accountName: named(account, accountName),
      blobServicesName: "default",
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: b.softDeleteDays },
      containerDeleteRetentionPolicy: { enabled: true, days: b.softDeleteDays },
    },
    { parent: c.parent },
  );
  const container = new storage.BlobContainer(
    `${c.name}-filestore`,
    { resourceGroupName: rgName, accountName: named(account, accountName), containerName: b.container, publicAccess: "None" },
    keep(c, { dependsOn: [blobService] }),
  );
  const identity = new managedidentity.UserAssignedIdentity(
    `${c.name}-filestore-identity`,
    { resourceGroupName: rgName, resourceName: b.identityName, location: plan.location, tags: plan.tags },
    { parent: c.parent },
  );
  const federation = new managedidentity.FederatedIdentityCredential(
    `${c.name}-filestore-federation`,
    {
      resourceGroupName: rgName,
      resourceName: named(identity, b.identityName),
      federatedIdentityCredentialResourceName: "egov-filestore",
      issuer: oidcIssuerUrl,
      subject: b.subject,
      audiences: [workloadIdentityAudience],
    },
    { parent: c.parent },
  );
  const role = new authorization.RoleAssignment(
    `${c.name}-filestore-blob-role`,
    {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: account.id.apply((id) => roleDefinitionIdFor(id, roles.storageBlobDataContributor)),
      scope: account.id,
    },
    { parent: c.parent },
  );
  // Read at deploy time from the account (listKeys); never stored in the stack's config.
  const accountKey = pulumi.secret(
    storage.listStorageAccountKeysOutput({ resourceGroupName: rgName, accountName: named(account, accountName) }, { parent: c.parent }).keys.apply((k) => k[0].value),
  );
  return { account, accountName: named(account, accountName), blobService, container, containerName: named(container, b.container), identity, federation, role, accountKey };
}
