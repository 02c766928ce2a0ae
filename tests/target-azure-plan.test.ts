import * as assert from "node:assert/strict";
import { planAzure } from "../providers/azure/plan";
import { parseCidr, formatCidr, subnetOf, overlaps } from "../providers/azure/cidr";
import { allocatable, supportsPremiumStorage } from "../providers/azure/vmsizes";
import { azureTarget, AzureTargetConfig } from "../config/targets/azure";
import { parseDigitConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import type { TargetContext } from "../providers/target";

const dev: TargetContext = { profile: "dev", protect: true, stateTenantId: "pb", domain: "digit.punjab.gov.in" };
const ha: TargetContext = { ...dev, profile: "ha" };

function cfg(extra: Partial<AzureTargetConfig> = {}): AzureTargetConfig {
  return azureTarget.parse({ kind: "azure", ...extra });
}

function configError(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message lacks "${f}":\n${e.message}`);
    return true;
  });
}

describe("azure target plan (pure)", () => {
  describe("dev profile defaults", () => {
    const plan = planAzure(cfg(), dev);

    it("names everything after the state and places it in centralindia", () => {
      assert.equal(plan.name, "pb-azure");
      assert.equal(plan.location, "centralindia");
      assert.equal(plan.resourceGroupName, "rg-pb-azure");
      assert.equal(plan.cluster.name, "aks-pb-azure");
      assert.deepEqual(plan.tags, { "digit-state": "pb", "digit-target": "pb-azure", "digit-profile": "dev", "managed-by": "pulumi" });
    });

    it("runs 1 system + 2 user Standard_D4s_v5 nodes without zones, the system pool untainted", () => {
      const { systemPool, userPool } = plan.cluster;
      assert.deepEqual([systemPool.mode, systemPool.vmSize, systemPool.count, systemPool.zones, systemPool.taints], ["System", "Standard_D4s_v5", 1, undefined, undefined]);
      assert.deepEqual([userPool.mode, userPool.vmSize, userPool.count, userPool.zones], ["User", "Standard_D4s_v5", 2, undefined]);
      assert.equal(userPool.autoscale, undefined);
      assert.equal(plan.cluster.skuTier, "Free");
    });

    it("splits the VNet: nodes take the first half, Postgres a /24 of the second", () => {
      assert.equal(plan.network.addressSpace, "10.20.0.0/16");
      assert.equal(plan.network.nodesSubnet.cidr, "10.20.0.0/17");
      assert.equal(plan.postgres?.subnet.cidr, "10.20.128.0/24");
    });

    it("plans a burstable Postgres 16 without HA, 7-day local backups, private DNS zone", () => {
      const pg = plan.postgres!;
      assert.equal(pg.version, "16");
      assert.equal(pg.skuName, "Standard_B2ms");
      assert.equal(pg.skuTier, "Burstable");
      assert.equal(pg.storageGb, 64);
      assert.equal(pg.backupRetentionDays, 7);
      assert.equal(pg.geoRedundantBackup, "Disabled");
      assert.deepEqual(pg.highAvailability, { mode: "Disabled" });
      assert.equal(pg.availabilityZone, undefined);
      assert.equal(pg.database, "egov");
      assert.equal(pg.privateDnsZone, "pb-azure.private.postgres.database.azure.com");
    });

    it("plans a locally redundant account and trusts egov-filestore's service account", () => {
      const b = plan.blob!;
      assert.equal(b.skuName, "Standard_LRS");
      assert.equal(b.container, "egov-filestore");
      assert.equal(b.subject, "system:serviceaccount:egov:egov-filestore");
      assert.match(b.accountNamePrefix, /^[a-z0-9]{3,18}$/);
    });

    it("offers the AKS built-in storage classes", () => {
      assert.deepEqual(plan.storage, { fast: "managed-csi-premium", standard: "managed-csi", shared: "azurefile-csi", staticVolumes: {} });
    });

    it("counts the system pool in capacity (it takes DIGIT pods in dev)", () => {
      // D4s_v5: 4000m - 140m; 16384 MiB - (20 x 110 + 50) - 100
      assert.deepEqual(plan.capacity, { nodes: 3, cpuMillis: 3 * 3860, memoryMiB: 3 * 14034 });
    });

    it("exposes through a LoadBalancer with TCP health probes", () => {
      assert.equal(plan.exposure.mode, "LoadBalancer");
      if (plan.exposure.mode === "LoadBalancer")
        assert.equal(plan.exposure.annotations["service.beta.kubernetes.io/port_443_health-probe_protocol"], "Tcp");
    });
  });

  describe("ha profile", () => {
    const plan = planAzure(cfg(), ha);

    it("spreads 3 tainted system nodes and 3 user nodes over zones 1-3", () => {
      const { systemPool, userPool } = plan.cluster;
      assert.equal(systemPool.count, 3);
      assert.deepEqual(systemPool.zones, ["1", "2", "3"]);
      assert.deepEqual(systemPool.taints, ["CriticalAddonsOnly=true:NoSchedule"]);
      assert.equal(userPool.count, 3);
      assert.deepEqual(userPool.zones, ["1", "2", "3"]);
      assert.equal(userPool.vmSize, "Standard_D8s_v5");
      assert.equal(plan.cluster.skuTier, "Standard");
    });

    it("plans zone-redundant Postgres HA with geo-redundant 35-day backups", () => {
      const pg = plan.postgres!;
      assert.equal(pg.skuTier, "GeneralPurpose");
      assert.deepEqual(pg.highAvailability, { mode: "ZoneRedundant", standbyAvailabilityZone: "2" });
      assert.equal(pg.availabilityZone, "1");
      assert.equal(pg.geoRedundantBackup, "Enabled");
      assert.equal(pg.backupRetentionDays, 35);
    });

    it("uses geo-zone-redundant blob storage", () => {
      assert.equal(plan.blob!.skuName, "Standard_GZRS");
    });

    it("counts only the user pool in capacity (the system pool is tainted)", () => {
      assert.deepEqual(plan.capacity, { nodes: 3, cpuMillis: 3 * 7820, memoryMiB: 3 * (32768 - 2350) });
    });

    it("falls back to same-zone HA and GRS in a region without zones", () => {
      const p = planAzure(cfg({ location: "southindia", zones: [] }), ha);
      assert.deepEqual(p.postgres!.highAvailability, { mode: "SameZone" });
      assert.equal(p.postgres!.availabilityZone, undefined);
      assert.equal(p.cluster.userPool.zones, undefined);
      assert.equal(p.blob!.skuName, "Standard_GRS");
    });
  });

  describe("config choices", () => {
    it("leaves Postgres and blob storage to the cluster in in-cluster / minio mode", () => {
      const p = planAzure(cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" } }), dev);
      assert.equal(p.postgres, undefined);
      assert.equal(p.blob, undefined);
    });

    it("turns node min/max into an autoscaled user pool", () => {
      const p = planAzure(cfg({ nodes: { min: 2, max: 6, instanceType: "Standard_E8s_v5" } }), dev);
      assert.deepEqual(p.cluster.userPool.autoscale, { minCount: 2, maxCount: 6 });
      assert.equal(p.cluster.userPool.count, 2);
      assert.equal(p.cluster.userPool.vmSize, "Standard_E8s_v5");
    });

    it("takes the location from digit:target, else from azure-native:location", () => {
      assert.equal(planAzure(cfg(), dev, { providerLocation: "southindia" }).location, "southindia");
      assert.equal(planAzure(cfg({ location: "westindia" }), dev, { providerLocation: "southindia" }).location, "westindia");
    });

    it("gives no capacity for a VM size it does not know", () => {
      assert.equal(planAzure(cfg({ nodes: { instanceType: "Standard_NC24ads_A100_v4" } }), dev).capacity, undefined);
    });

    it("falls back to managed-csi as the fast class when a pool cannot attach premium disks", () => {
      assert.equal(planAzure(cfg({ nodes: { instanceType: "Standard_D4_v5" } }), dev).storage.fast, "managed-csi");
    });

    it("takes NodePort exposure and user LoadBalancer annotations from config", () => {
      assert.deepEqual(planAzure(cfg({ exposure: { mode: "NodePort", httpPort: 31080, httpsPort: 31443 } }), dev).exposure, {
        mode: "NodePort",
        httpPort: 31080,
        httpsPort: 31443,
      });
      const lb = planAzure(
        cfg({ exposure: { mode: "LoadBalancer", internal: false, annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } } }),
        dev,
      ).exposure;
      assert.ok(lb.mode === "LoadBalancer");
      assert.equal(lb.annotations["service.beta.kubernetes.io/azure-load-balancer-internal"], "true");
      assert.equal(lb.annotations["service.beta.kubernetes.io/port_80_health-probe_protocol"], "Tcp");
    });

    it("keeps in-VNet traffic off the proxy and hands the proxy to AKS", () => {
      const p = planAzure(cfg({ proxy: { http: "http://proxy.state.gov.in:3128", noProxy: [".state.gov.in"] } }), dev);
      assert.ok(p.proxy!.noProxy.includes("10.20.0.0/16"));
      assert.ok(p.proxy!.noProxy.includes(".postgres.database.azure.com"));
      assert.ok(p.proxy!.noProxy.includes(".state.gov.in"));
      assert.equal(p.cluster.httpProxy!.httpProxy, "http://proxy.state.gov.in:3128");
    });

    it("uses the given name, resource group, tags and Postgres sizing", () => {
      const p = planAzure(
        cfg({
          name: "punjab-prod",
          resourceGroupName: "rg-punjab-digit",
          tags: { "cost-centre": "egov" },
          database: { mode: "managed", instanceClass: "Standard_E4ds_v5", storageGb: 256, version: "15", backupRetentionDays: 14 },
        }),
        ha,
      );
      assert.equal(p.resourceGroupName, "rg-punjab-digit");
      assert.equal(p.tags["cost-centre"], "egov");
      assert.equal(p.tags["digit-target"], "punjab-prod");
      assert.deepEqual(
        [p.postgres!.skuName, p.postgres!.skuTier, p.postgres!.storageGb, p.postgres!.version, p.postgres!.backupRetentionDays],
        ["Standard_E4ds_v5", "MemoryOptimized", 256, "15", 14],
      );
      assert.equal(p.blob!.accountNamePrefix, "stpunjabprod");
    });
  });

  describe("config errors", () => {
    it("refuses a Burstable Postgres size in ha", () => {
      configError(() => planAzure(cfg({ database: { mode: "managed", instanceClass: "Standard_B2ms" } }), ha), "digit:target.database.instanceClass", "Burstable", "Standard_D2ds_v5");
    });

    it("refuses fewer than 3 user nodes in ha", () => {
      configError(() => planAzure(cfg({ nodes: { desired: 2 } }), ha), "digit:target.nodes", "at least 3 user nodes", "got 2");
      configError(() => planAzure(cfg({ nodes: { min: 2, max: 5 } }), ha), "digit:target.nodes", "got 2");
    });

    it("refuses a VNet too small to split or overlapping the cluster ranges", () => {
      configError(() => planAzure(cfg({ vnetCidr: "10.20.0.0/24" }), dev), "digit:target.vnetCidr", "/8 to /23");
      configError(() => planAzure(cfg({ vnetCidr: "10.0.0.0/8" }), dev), "digit:target.vnetCidr", "overlaps the cluster's pod range 10.244.0.0/16", "service range 10.0.0.0/16");
      // host bits set: refused by the schema already (tests/config-validation.test.ts)
    });

    it("refuses a system pool whose min, desired and max disagree", () => {
      configError(() => planAzure(cfg({ systemNodes: { min: 3, max: 2 } }), dev), "digit:target.systemNodes: min (3) is larger than max (2)");
      configError(() => planAzure(cfg({ systemNodes: { desired: 1, min: 2 } }), dev), "digit:target.systemNodes: desired (1) is smaller than min (2)");
    });

    it("refuses both a pull secret name and its content", () => {
      configError(
        () => planAzure(cfg({ registry: { mirror: "registry.state.example/egovio", pullSecret: "regcred", pullSecretNamespace: "default", dockerConfigJson: "{}" } }), dev),
        "digit:target.registry",
        "keep one",
      );
    });

    it("reports every problem at once", () => {
      configError(
        () => planAzure(cfg({ nodes: { desired: 1 }, database: { mode: "managed", instanceClass: "Standard_B1ms" } }), ha),
        "2 problems",
      );
    });
  });

  describe("schema (digit:target, kind azure)", () => {
    const base = { domain: "digit.punjab.gov.in", stateTenantId: "pb" };
    const parse = (target: Record<string, unknown>) => parseDigitConfig({ values: { ...base, target: { kind: "azure", ...target } } });

    it("accepts a full azure target", () => {
      const c = parse({
        location: "centralindia",
        vnetCidr: "10.30.0.0/16",
        zones: ["1", "2"],
        systemNodes: { desired: 2 },
        nodes: { instanceType: "Standard_D8s_v5", min: 3, max: 9 },
        database: { mode: "managed", version: "15", storageGb: 128, backupRetentionDays: 30 },
        apiServerAuthorizedIpRanges: ["203.0.113.0/24"],
        tags: { owner: "egov" },
      });
      assert.equal(c.target.kind, "azure");
    });

    it("names the key and what is allowed for bad Postgres values", () => {
      configError(() => parse({ database: { version: "14" } }), "digit:target.database.version", '"14"', "15 | 16");
      configError(() => parse({ database: { storageGb: 50 } }), "digit:target.database.storageGb", "50", "32 | 64 | 128");
      configError(() => parse({ database: { backupRetentionDays: 3 } }), "digit:target.database.backupRetentionDays", "at least 7");
    });

    it("refuses region (Azure calls it location) and other unknown keys", () => {
      configError(() => parse({ region: "centralindia" }), "digit:target.region: unknown key", "location");
    });

    it("refuses bad zones, CIDRs and locations", () => {
      configError(() => parse({ zones: ["4"] }), "digit:target.zones[0]", '"4"');
      configError(() => parse({ vnetCidr: "10.20.0.0" }), "digit:target.vnetCidr", "IPv4 CIDR");
      configError(() => parse({ location: "Central India" }), "digit:target.location", "centralindia");
    });
  });

  describe("helpers", () => {
    it("does CIDR arithmetic", () => {
      const v = parseCidr("10.20.0.0/16");
      assert.equal(formatCidr(subnetOf(v, 17, 1)), "10.20.128.0/17");
      assert.equal(formatCidr(subnetOf(subnetOf(v, 17, 1), 24, 0)), "10.20.128.0/24");
      assert.ok(overlaps(parseCidr("10.0.0.0/8"), parseCidr("10.244.0.0/16")));
      assert.ok(!overlaps(v, parseCidr("10.244.0.0/16")));
      assert.throws(() => subnetOf(v, 15, 0), /does not fit/);
    });

    it("knows allocatable capacity and premium-disk support of VM sizes", () => {
      assert.deepEqual(allocatable("Standard_D4s_v5"), { cpuMillis: 3860, memoryMiB: 14034 });
      // 25% cap: 8 GiB -> 2048 MiB reserved + 100 MiB eviction
      assert.deepEqual(allocatable("Standard_B2ms"), { cpuMillis: 1900, memoryMiB: 6044 });
      assert.equal(allocatable("Standard_Unknown9"), undefined);
      assert.ok(supportsPremiumStorage("Standard_D4s_v5"));
      assert.ok(supportsPremiumStorage("Standard_E8ads_v5"));
      assert.ok(supportsPremiumStorage("Standard_B2ms"));
      assert.ok(supportsPremiumStorage("Standard_DS2_v2"));
      assert.ok(!supportsPremiumStorage("Standard_D4_v5"));
      assert.ok(!supportsPremiumStorage("Standard_A2_v2"));
    });
  });
});
