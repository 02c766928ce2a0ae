import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type { AzureTargetConfig } from "../config/targets/azure";
import { azureTarget } from "../config/targets/azure";
import { parseDigitConfig } from "../config/load";
import type { Target, TargetContext } from "../providers/target";

/** Everything one test run registered, as the engine saw it. */
interface Registered {
  type: string;
  name: string;
  parent: string;
  protect: boolean;
  retainOnDelete: boolean;
  dependencies: string[];
  ignoreChanges: string[];
  /** inputs with secrets still wrapped (Pulumi's secret signature) */
  raw: Record<string, any>;
  /** inputs as the provider would receive them */
  inputs: Record<string, any>;
}

const secretSig = "4dabf18193072939515e22adb298388d";
const subscription = "/subscriptions/11111111-2222-3333-4444-555555555555";
const issuer = "https://centralindia.oic.prod-aks.azure.com/tenant-id/cluster-id/";
/** What AKS returns for an Entra ID cluster in exec format (users replaced by kubelogin with the stack's login mode). */
const kubeconfigYaml = [
  "apiVersion: v1",
  "kind: Config",
  "clusters:",
  "- name: aks-pb-azure",
  "  cluster: { server: https://aks-pb-azure.hcp.centralindia.azmk8s.io:443, certificate-authority-data: b2ZmbGluZS1jYQ== }",
  "users:",
  "- name: clusterUser_rg-pb-azure_aks-pb-azure",
  "  user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630] } }",
  "",
].join("\n");

/** The property that carries each azure-native resource's own name. */
const nameKeys: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:network:VirtualNetwork": "virtualNetworkName",
  "azure-native:network:Subnet": "subnetName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
  "azure-native:managedidentity:FederatedIdentityCredential": "federatedIdentityCredentialResourceName",
  "azure-native:containerservice:ManagedCluster": "resourceName",
  "azure-native:containerservice:AgentPool": "agentPoolName",
  "azure-native:privatedns:PrivateZone": "privateZoneName",
  "azure-native:privatedns:VirtualNetworkLink": "virtualNetworkLinkName",
  "azure-native:dbforpostgresql:Server": "serverName",
  "azure-native:dbforpostgresql:Database": "databaseName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:storage:BlobServiceProperties": "blobServicesName",
  "azure-native:storage:BlobContainer": "containerName",
};

const records: Registered[] = [];
const inputsByName = new Map<string, Record<string, any>>();
const calls: string[] = [];

function mockState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
  if (type === "random:index/randomString:RandomString") return { id: name, state: { ...inputs, result: "a1b2c3" } };
  if (type === "random:index/randomPassword:RandomPassword") return { id: name, state: { ...inputs, result: "Pw-0123456789abcdefghijklmnopqrs" } };
  if (!type.startsWith("azure-native:")) return { id: `${name}-id`, state: inputs };
  const own = inputs[nameKeys[type]] ?? (type.endsWith("RoleAssignment") ? `ra-${name}` : name);
  const rg = inputs.resourceGroupName ?? own;
  const id = `${subscription}/resourceGroups/${rg}/providers/${type.split(":")[1]}/${own}`;
  // Like the offline plan's mocks: no `name` output, so the target must not rely on reading it.
  const state: Record<string, any> = { ...inputs };
  if (type.endsWith(":ManagedCluster")) state.oidcIssuerProfile = { enabled: true, issuerURL: issuer };
  if (type.endsWith(":Server")) state.fullyQualifiedDomainName = `${own}.postgres.database.azure.com`;
  if (type.endsWith(":StorageAccount")) state.primaryEndpoints = { blob: `https://${own}.blob.core.windows.net/` };
  if (type.endsWith(":UserAssignedIdentity")) Object.assign(state, { clientId: `client-${own}`, principalId: `principal-${own}` });
  return { id, state };
}

function resolve<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((res) => pulumi.output(o).apply((v) => res(v as T)));
}

function isSecret(o: pulumi.Input<unknown>): Promise<boolean> {
  return (pulumi.output(o) as any).isSecret as Promise<boolean>;
}

/** Wait until registrations stop arriving (they are asynchronous under the mock monitor). */
async function settle(): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 5) {
    await new Promise((r) => setTimeout(r, 10));
    stable = records.length === last ? stable + 1 : 0;
    last = records.length;
  }
}

const ctx = (profile: "dev" | "ha", protect = true): TargetContext => ({ profile, protect, stateTenantId: "pb", domain: "digit.punjab.gov.in" });

function byType(type: string, under?: string): Registered[] {
  return records.filter((r) => r.type === type && (!under || r.name.startsWith(under)));
}

function one(type: string, under: string): Registered {
  const found = byType(type, under);
  assert.equal(found.length, 1, `expected one ${type} under ${under}, found ${found.length}`);
  return found[0];
}

async function build(name: string, config: Partial<AzureTargetConfig>, context: TargetContext): Promise<Target> {
  const { createTarget } = await import("../providers/azure");
  const target = createTarget(name, azureTarget.parse({ kind: "azure", ...config }), context);
  await resolve((target as any).urn);
  await settle();
  return target;
}

describe("azure target (mock engine)", function () {
  this.timeout(60000);

  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          inputsByName.set(args.name, args.inputs);
          return mockState(args.type, args.name, args.inputs);
        },
        call: (args) => {
          calls.push(args.token);
          if (args.token === "azure-native:containerservice:listManagedClusterUserCredentials")
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfigYaml).toString("base64") }] };
          return {};
        },
      },
      "digit",
      "azure-test",
      false,
    );
    const monitor: any = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
      records.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        dependencies: req.getDependenciesList(),
        ignoreChanges: req.getIgnorechangesList(),
        raw: req.getObject()?.toJavaScript() ?? {},
        get inputs() {
          return inputsByName.get(req.getName()) ?? {};
        },
      });
      return register(req, cb);
    };
  });

  describe("dev profile, managed database and blob store", () => {
    let target: Target;
    before(async () => {
      target = await build("dev", {}, ctx("dev"));
    });

    it("registers a digit:azure:Target component holding every resource", () => {
      one("digit:azure:Target", "dev");
      const children = records.filter((r) => r.name.startsWith("dev-"));
      assert.ok(children.length >= 20, `only ${children.length} children`);
      assert.ok(children.every((r) => r.parent.endsWith("digit:azure:Target::dev")), "a child is not parented to the target");
    });

    it("builds the resource graph the brief asks for", () => {
      const count = (t: string) => byType(t, "dev-").length;
      assert.equal(count("azure-native:resources:ResourceGroup"), 1);
      assert.equal(count("azure-native:network:VirtualNetwork"), 1);
      assert.equal(count("azure-native:network:Subnet"), 2);
      assert.equal(count("azure-native:containerservice:ManagedCluster"), 1);
      assert.equal(count("azure-native:containerservice:AgentPool"), 1);
      assert.equal(count("azure-native:dbforpostgresql:Server"), 1);
      assert.equal(count("azure-native:dbforpostgresql:Database"), 1);
      assert.equal(count("azure-native:privatedns:PrivateZone"), 1);
      assert.equal(count("azure-native:privatedns:VirtualNetworkLink"), 1);
      assert.equal(count("azure-native:storage:StorageAccount"), 1);
      assert.equal(count("azure-native:storage:BlobContainer"), 1);
      assert.equal(count("azure-native:managedidentity:UserAssignedIdentity"), 2);
      assert.equal(count("azure-native:managedidentity:FederatedIdentityCredential"), 1);
      // the control plane on the subnet, egov-filestore on the account, whoever deploys on the cluster
      assert.equal(count("azure-native:authorization:RoleAssignment"), 3);
      assert.equal(count("pulumi:providers:kubernetes"), 1);
    });

    it("delegates the Postgres subnet to Flexible Server", () => {
      const pgSubnet = byType("azure-native:network:Subnet", "dev-").find((r) => r.inputs.subnetName === "postgres")!;
      assert.deepEqual(pgSubnet.inputs.delegations, [{ name: "postgres-flexible-server", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }]);
      assert.equal(pgSubnet.inputs.addressPrefix, "10.20.128.0/24");
      assert.equal(pgSubnet.inputs.virtualNetworkName, "vnet-pb-azure");
      assert.equal(pgSubnet.inputs.resourceGroupName, "rg-pb-azure");
    });

    it("keeps Postgres private: delegated subnet, private DNS zone linked to the VNet, no public access", () => {
      const server = one("azure-native:dbforpostgresql:Server", "dev-").inputs;
      assert.equal(server.network.publicNetworkAccess, "Disabled");
      assert.ok(server.network.delegatedSubnetResourceId.endsWith("/postgres"));
      assert.ok(server.network.privateDnsZoneArmResourceId.endsWith("/pb-azure.private.postgres.database.azure.com"));
      const link = one("azure-native:privatedns:VirtualNetworkLink", "dev-").inputs;
      assert.ok(link.virtualNetwork.id.endsWith("/vnet-pb-azure"));
      assert.equal(link.registrationEnabled, false);
      assert.equal(link.location, "Global");
    });

    it("creates the server only after its DNS zone is linked to the VNet", () => {
      const server = one("azure-native:dbforpostgresql:Server", "dev-");
      assert.ok(server.dependencies.some((u) => u.endsWith("VirtualNetworkLink::dev-postgres-dns-link")));
    });

    it("runs Postgres 16 without HA in dev, with 7-day local backups", () => {
      const s = one("azure-native:dbforpostgresql:Server", "dev-").inputs;
      assert.equal(s.version, "16");
      assert.equal(s.highAvailability.mode, "Disabled");
      assert.deepEqual(s.backup, { backupRetentionDays: 7, geoRedundantBackup: "Disabled" });
      assert.deepEqual(s.sku, { name: "Standard_B2ms", tier: "Burstable" });
      assert.equal(s.serverName, "psql-pb-azure-a1b2c3");
    });

    it("passes the admin password to Azure as a secret", () => {
      const raw = one("azure-native:dbforpostgresql:Server", "dev-").raw;
      assert.equal(raw.administratorLoginPassword?.[secretSig], "1b47061264138c4ac30d75fd1eb44270");
      assert.equal(raw.administratorLogin, "digitadmin");
    });

    it("creates the egov database", () => {
      const db = one("azure-native:dbforpostgresql:Database", "dev-").inputs;
      assert.equal(db.databaseName, "egov");
      assert.equal(db.serverName, "psql-pb-azure-a1b2c3");
    });

    it("hardens the storage account: https only, TLS 1.2, no public blobs, encrypted; shared keys only because egov-filestore signs with one", () => {
      const a = one("azure-native:storage:StorageAccount", "dev-").inputs;
      assert.equal(a.kind, "StorageV2");
      assert.equal(a.enableHttpsTrafficOnly, true);
      assert.equal(a.minimumTlsVersion, "TLS1_2");
      assert.equal(a.allowBlobPublicAccess, false);
      // egov-filestore 2.9 LTS signs with the account key (AzureClientFacade): no other way in
      assert.equal(a.allowSharedKeyAccess, true);
      assert.equal(a.encryption.services.blob.enabled, true);
      assert.equal(a.encryption.keySource, "Microsoft.Storage");
      assert.deepEqual(a.sku, { name: "Standard_LRS" });
      assert.match(a.accountName, /^[a-z0-9]{3,24}$/);
    });

    it("turns on blob versioning and soft delete, and keeps the container private", () => {
      const svc = one("azure-native:storage:BlobServiceProperties", "dev-").inputs;
      assert.equal(svc.isVersioningEnabled, true);
      assert.deepEqual(svc.deleteRetentionPolicy, { enabled: true, days: 7 });
      assert.deepEqual(svc.containerDeleteRetentionPolicy, { enabled: true, days: 7 });
      const c = one("azure-native:storage:BlobContainer", "dev-").inputs;
      assert.equal(c.containerName, "egov-filestore");
      assert.equal(c.publicAccess, "None");
    });

    it("federates egov-filestore's service account with the cluster's OIDC issuer", () => {
      const f = one("azure-native:managedidentity:FederatedIdentityCredential", "dev-").inputs;
      assert.equal(f.subject, "system:serviceaccount:egov:egov-filestore");
      assert.equal(f.issuer, issuer);
      assert.deepEqual(f.audiences, ["api://AzureADTokenExchange"]);
      assert.equal(f.resourceName, "id-pb-azure-filestore");
    });

    it("grants the filestore identity Storage Blob Data Contributor on the account only", () => {
      const role = one("azure-native:authorization:RoleAssignment", "dev-filestore").inputs;
      const account = one("azure-native:storage:StorageAccount", "dev-").inputs.accountName;
      assert.equal(role.scope, `${subscription}/resourceGroups/rg-pb-azure/providers/storage/${account}`);
      assert.equal(role.roleDefinitionId, `${subscription}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`);
      assert.equal(role.principalId, "principal-id-pb-azure-filestore");
      assert.equal(role.principalType, "ServicePrincipal");
    });

    it("builds AKS with OIDC issuer, workload identity, Azure CNI, RBAC and a managed identity", () => {
      const k = one("azure-native:containerservice:ManagedCluster", "dev-").inputs;
      assert.deepEqual(k.oidcIssuerProfile, { enabled: true });
      assert.deepEqual(k.securityProfile, { workloadIdentity: { enabled: true } });
      assert.equal(k.networkProfile.networkPlugin, "azure");
      assert.equal(k.enableRBAC, true);
      assert.equal(k.identity.type, "UserAssigned");
      assert.deepEqual(k.identity.userAssignedIdentities, [`${subscription}/resourceGroups/rg-pb-azure/providers/managedidentity/id-pb-azure-aks`]);
      assert.equal(k.agentPoolProfiles.length, 1);
      const sys = k.agentPoolProfiles[0];
      assert.deepEqual([sys.name, sys.mode, sys.count, sys.vmSize], ["system", "System", 1, "Standard_D4s_v5"]);
      assert.ok(sys.vnetSubnetID.endsWith("/aks-nodes"));
    });

    it("grants the control-plane identity Network Contributor on the node subnet before the cluster exists", () => {
      const role = one("azure-native:authorization:RoleAssignment", "dev-aks-network").inputs;
      assert.ok(role.scope.endsWith("/aks-nodes"));
      assert.ok(role.roleDefinitionId.endsWith("/4d97b98b-1d4f-4787-a291-c67834d212e7"));
      const cluster = one("azure-native:containerservice:ManagedCluster", "dev-");
      assert.ok(cluster.dependencies.some((u) => u.endsWith("RoleAssignment::dev-aks-network-role")));
    });

    it("adds a user pool of 2 Standard_D4s_v5 nodes", () => {
      const p = one("azure-native:containerservice:AgentPool", "dev-").inputs;
      assert.deepEqual([p.agentPoolName, p.mode, p.count, p.vmSize, p.enableAutoScaling], ["user", "User", 2, "Standard_D4s_v5", false]);
      assert.equal(p.resourceName, "aks-pb-azure");
    });

    it("builds the Kubernetes provider from the cluster-user kubeconfig, kept secret", async () => {
      assert.ok(calls.includes("azure-native:containerservice:listManagedClusterUserCredentials"));
      const p = one("pulumi:providers:kubernetes", "dev-");
      assert.equal(p.raw.kubeconfig?.[secretSig], "1b47061264138c4ac30d75fd1eb44270");
      const kc = YAML.parse(p.raw.kubeconfig.value);
      assert.equal(kc.clusters[0].cluster.server, "https://aks-pb-azure.hcp.centralindia.azmk8s.io:443");
      assert.deepEqual(kc.users[0].user.exec.args, ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
      assert.equal(kc.users[0].user.exec.command, "kubelogin");
      assert.equal(await isSecret((target as any).kubeconfig), true);
    });

    it("Entra ID with Azure RBAC, local accounts off; whoever deploys is cluster admin, before any Kubernetes object", async () => {
      const k = one("azure-native:containerservice:ManagedCluster", "dev-").inputs;
      assert.equal(k.aadProfile.managed, true);
      assert.equal(k.aadProfile.enableAzureRBAC, true);
      assert.equal(k.disableLocalAccounts, true);
      const rbac = one("azure-native:authorization:RoleAssignment", "dev-aks-rbac").inputs;
      assert.ok(rbac.roleDefinitionId.endsWith("/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"), "Azure Kubernetes Service RBAC Cluster Admin");
      assert.match(rbac.scope, /aks-pb-azure/);
      const urns = await Promise.all(target.readiness.map((r) => resolve(r.urn)));
      assert.ok(urns.some((u) => u.endsWith("RoleAssignment::dev-aks-rbac-deployer")));
    });

    it("protects and retains the data: resource group, server, database, account, container", () => {
      for (const [t, n] of [
        ["azure-native:resources:ResourceGroup", "dev-rg"],
        ["azure-native:dbforpostgresql:Server", "dev-postgres"],
        ["azure-native:dbforpostgresql:Database", "dev-postgres-egov"],
        ["azure-native:storage:StorageAccount", "dev-storage"],
        ["azure-native:storage:BlobContainer", "dev-filestore"],
      ]) {
        const r = records.find((x) => x.type === t && x.name === n)!;
        assert.ok(r, `${n} not registered`);
        assert.equal(r.protect, true, `${n} not protected`);
        assert.equal(r.retainOnDelete, true, `${n} not retained`);
      }
      assert.equal(one("azure-native:containerservice:ManagedCluster", "dev-").protect, false);
      // The retained server still occupies the VNet, so the VNet is retained too (but not protected).
      const vnet = one("azure-native:network:VirtualNetwork", "dev-");
      assert.deepEqual([vnet.protect, vnet.retainOnDelete], [false, true]);
    });

    it("tags every taggable Azure resource", () => {
      const untaggable = new Set([
        "azure-native:network:Subnet",
        "azure-native:dbforpostgresql:Database",
        "azure-native:storage:BlobServiceProperties",
        "azure-native:storage:BlobContainer",
        "azure-native:managedidentity:FederatedIdentityCredential",
        "azure-native:authorization:RoleAssignment",
      ]);
      const taggable = records.filter((r) => r.name.startsWith("dev-") && r.type.startsWith("azure-native:") && !untaggable.has(r.type));
      assert.ok(taggable.length >= 10);
      for (const r of taggable) {
        assert.equal(r.inputs.tags?.["digit-state"], "pb", `${r.type} ${r.name} lacks tags`);
        assert.equal(r.inputs.tags?.["managed-by"], "pulumi");
      }
      const sys = one("azure-native:containerservice:ManagedCluster", "dev-").inputs.agentPoolProfiles[0];
      assert.equal(sys.tags["digit-target"], "pb-azure");
    });

    it("offers the contract values", async () => {
      assert.equal(target.kind, "azure");
      assert.equal(target.name, "pb-azure");
      assert.deepEqual(target.storage, { fast: "managed-csi-premium", standard: "managed-csi", shared: "azurefile-csi", staticVolumes: {} });
      assert.equal(target.exposure.mode, "LoadBalancer");
      assert.deepEqual(target.capacity, { nodes: 3, cpuMillis: 11580, memoryMiB: 42102 });
      assert.deepEqual(target.registry, { mirror: undefined, pullSecretName: undefined, pullSecretSource: undefined, dockerConfigJson: undefined, chartRepository: undefined });

      const db = target.database;
      assert.ok(db.mode === "external");
      assert.equal(await resolve(db.host), "psql-pb-azure-a1b2c3.postgres.database.azure.com");
      assert.deepEqual([db.port, db.database, db.username, db.sslMode, db.createDatabase], [5432, "egov", "digitadmin", "require", false]);
      assert.equal(await resolve(db.password), "Pw-0123456789abcdefghijklmnopqrs");
      assert.equal(await isSecret(db.password), true);

      const os = target.objectStore;
      assert.ok(os.mode === "azure-blob");
      assert.equal(await resolve(os.bucket), "egov-filestore");
      assert.equal(await resolve(os.endpoint!), "https://stpbazurea1b2c3.blob.core.windows.net/");
      assert.equal(os.region, "centralindia");
      assert.ok(os.credentials.mode === "workload-identity");
      assert.equal(await resolve(os.credentials.serviceAccountAnnotations["azure.workload.identity/client-id"]), "client-id-pb-azure-filestore");
      assert.deepEqual(os.credentials.podLabels, { "azure.workload.identity/use": "true" });
    });

    it("outputs the names an operator needs", async () => {
      const t = target as any;
      assert.equal(await resolve(t.resourceGroupName), "rg-pb-azure");
      assert.equal(await resolve(t.clusterName), "aks-pb-azure");
      assert.equal(await resolve(t.storageAccountName), "stpbazurea1b2c3");
      assert.equal(await resolve(t.postgresHost), "psql-pb-azure-a1b2c3.postgres.database.azure.com");
      assert.equal(await resolve(t.oidcIssuerUrl), issuer);
    });

    it("is ready when the cluster, the user pool and the deployer's role assignment are", async () => {
      const urns = await Promise.all(target.readiness.map((r) => resolve(r.urn)));
      assert.equal(urns.length, 3);
      assert.ok(urns[0].endsWith("azure-native:containerservice:ManagedCluster::dev-aks"));
      assert.ok(urns[1].endsWith("azure-native:containerservice:AgentPool::dev-user-pool"));
    });
  });

  describe("ha profile", () => {
    before(async () => {
      await build(
        "ha",
        { zones: ["1", "2", "3"], nodes: { min: 3, max: 9 }, apiServerAuthorizedIpRanges: ["203.0.113.0/24"] },
        ctx("ha"),
      );
    });

    it("leaves failover zone swaps and autoscaled node counts alone", () => {
      assert.deepEqual(one("azure-native:dbforpostgresql:Server", "ha-").ignoreChanges, ["availabilityZone", "highAvailability.standbyAvailabilityZone"]);
      const pool = one("azure-native:containerservice:AgentPool", "ha-");
      assert.deepEqual(pool.ignoreChanges, ["count"]);
      assert.deepEqual([pool.inputs.enableAutoScaling, pool.inputs.minCount, pool.inputs.maxCount], [true, 3, 9]);
    });

    it("limits the API server to the given ranges and uses the Standard tier", () => {
      const k = one("azure-native:containerservice:ManagedCluster", "ha-").inputs;
      assert.deepEqual(k.apiServerAccessProfile, { authorizedIPRanges: ["203.0.113.0/24"] });
      assert.deepEqual(k.sku, { name: "Base", tier: "Standard" });
    });

    it("runs zone-redundant Postgres HA with geo-redundant backups", () => {
      const s = one("azure-native:dbforpostgresql:Server", "ha-").inputs;
      assert.equal(s.highAvailability.mode, "ZoneRedundant");
      assert.equal(s.highAvailability.standbyAvailabilityZone, "2");
      assert.equal(s.availabilityZone, "1");
      assert.deepEqual(s.backup, { backupRetentionDays: 35, geoRedundantBackup: "Enabled" });
      assert.equal(s.sku.tier, "GeneralPurpose");
    });

    it("spreads both pools over zones 1-3 and taints the system pool", () => {
      const sys = one("azure-native:containerservice:ManagedCluster", "ha-").inputs.agentPoolProfiles[0];
      assert.deepEqual(sys.availabilityZones, ["1", "2", "3"]);
      assert.equal(sys.count, 3);
      assert.deepEqual(sys.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
      const user = one("azure-native:containerservice:AgentPool", "ha-").inputs;
      assert.deepEqual(user.availabilityZones, ["1", "2", "3"]);
      assert.equal(user.count, 3);
    });

    it("stores blobs geo-zone-redundantly with 30 days of soft delete", () => {
      assert.deepEqual(one("azure-native:storage:StorageAccount", "ha-").inputs.sku, { name: "Standard_GZRS" });
      assert.equal(one("azure-native:storage:BlobServiceProperties", "ha-").inputs.deleteRetentionPolicy.days, 30);
    });
  });

  describe("in-cluster database, MinIO, NodePort, unprotected", () => {
    let target: Target;
    before(async () => {
      target = await build(
        "lean",
        { database: { mode: "in-cluster" }, objectStore: { mode: "minio" }, exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443 } },
        ctx("dev", false),
      );
    });

    it("creates no Postgres, storage account or filestore identity", () => {
      for (const t of [
        "azure-native:dbforpostgresql:Server",
        "azure-native:privatedns:PrivateZone",
        "azure-native:storage:StorageAccount",
        "azure-native:managedidentity:FederatedIdentityCredential",
        "random:index/randomString:RandomString",
      ])
        assert.equal(byType(t, "lean-").length, 0, `${t} registered`);
      assert.equal(byType("azure-native:network:Subnet", "lean-").length, 1);
    });

    it("offers in-cluster Postgres, MinIO and NodePort", () => {
      assert.deepEqual(target.database, { mode: "in-cluster" });
      assert.deepEqual(target.objectStore, { mode: "minio" });
      assert.deepEqual(target.exposure, { mode: "NodePort", httpPort: 32080, httpsPort: 32443 });
    });

    it("does not protect anything when the stack says so", () => {
      assert.equal(one("azure-native:resources:ResourceGroup", "lean-").protect, false);
      assert.equal(one("azure-native:resources:ResourceGroup", "lean-").retainOnDelete, false);
    });
  });

  describe("through providers/index", () => {
    it("creates an AzureTarget for kind azure", async () => {
      const { createTarget } = await import("../providers");
      const { AzureTarget } = await import("../providers/azure");
      const t = createTarget("picked", azureTarget.parse({ kind: "azure", objectStore: { mode: "minio" } }), ctx("dev"));
      assert.ok(t instanceof AzureTarget);
      await settle();
      assert.equal(one("azure-native:containerservice:ManagedCluster", "picked-").inputs.resourceName, "aks-pb-azure");
    });
  });

  describe("config errors", () => {
    it("fails before registering anything", async () => {
      const { createTarget } = await import("../providers/azure");
      const before = records.length;
      assert.throws(
        () => createTarget("bad", azureTarget.parse({ kind: "azure", nodes: { desired: 2 } }), ctx("ha")),
        /digit:target\.nodes: the ha profile .* needs at least 3 user nodes \(got 2\)/,
      );
      await settle();
      assert.equal(records.length, before);
    });
  });

  describe("module loading", () => {
    it("loads neither @pulumi/aws, @pulumi/gcp nor the azure-native root index", () => {
      const probe = [
        "require('./providers/azure');",
        "const keys = Object.keys(require.cache);",
        "const has = (re) => keys.filter((k) => re.test(k)).length;",
        "console.log(JSON.stringify({",
        "  aws: has(/node_modules[\\\\/]@pulumi[\\\\/]aws[\\\\/]/),",
        "  gcp: has(/node_modules[\\\\/]@pulumi[\\\\/]gcp[\\\\/]/),",
        "  root: has(/node_modules[\\\\/]@pulumi[\\\\/]azure-native[\\\\/]index\\.js$/),",
        "  containerservice: has(/azure-native[\\\\/]containerservice[\\\\/]index\\.js$/),",
        "}));",
      ].join("\n");
      const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", probe], {
        cwd: path.resolve(__dirname, ".."),
        encoding: "utf8",
      });
      const loaded = JSON.parse(out.trim().split("\n").pop()!);
      assert.deepEqual(loaded, { aws: 0, gcp: 0, root: 0, containerservice: 1 });
    });
  });
});

describe("examples/stacks/Pulumi.azure.yaml", () => {
  it("is a valid azure stack for parseDigitConfig", () => {
    const file = path.resolve(__dirname, "../examples/stacks/Pulumi.azure.yaml");
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    const values: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(doc.config as Record<string, unknown>)) {
      if (!k.startsWith("digit:")) continue;
      values[k.slice("digit:".length)] = v;
      if (JSON.stringify(v).includes('"secure"')) secretKeys.push(k.slice("digit:".length));
    }
    const cfg = parseDigitConfig({ values, secretKeys });
    assert.equal(cfg.target.kind, "azure");
    if (cfg.target.kind !== "azure") return;
    assert.equal(cfg.target.location, "centralindia");
    assert.ok(cfg.domain.length > 0);
    assert.match(cfg.stateTenantId, /^[a-z]{2,10}$/);
    assert.ok(["dev", "ha"].includes(cfg.profile));
    assert.ok(cfg.modules.length > 0);
    // and the target plans without config errors for the stack's profile
    const { planAzure } = require("../providers/azure/plan") as typeof import("../providers/azure/plan");
    const plan = planAzure(cfg.target, { profile: cfg.profile, protect: cfg.backbone.protect, stateTenantId: cfg.stateTenantId, domain: cfg.domain });
    assert.ok(plan.postgres && plan.blob);
  });
});
