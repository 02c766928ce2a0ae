import { describeObject, isKind } from "./k8s";
import { isUnknown, type ResourceRule } from "./types";

/** Ports of the data stores DIGIT runs: Postgres, Redis, Elasticsearch (HTTP, transport), Kafka (broker, controller). */
export const dataStorePorts = new Set([5432, 6379, 9200, 9300, 9092, 9093]);

/** Whether a Service lets traffic in from outside the cluster. */
function exposedOutside(spec: Record<string, any> | undefined): string | undefined {
  if (!spec) return undefined;
  if (spec.type === "LoadBalancer" || spec.type === "NodePort") return `a ${spec.type} Service`;
  if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) return "a Service with external IPs";
  return undefined;
}

/**
 * Databases are reachable from the cluster and the private network only: no public endpoint on
 * RDS, Azure's flexible server or Cloud SQL, no firewall rule open to the internet, and no
 * Service exposing a data store's port outside the cluster.
 */
export const databaseNotPublic: ResourceRule = {
  kind: "resource",
  name: "database-not-public",
  description: "No database or data store is reachable from outside the private network.",
  remedy: "keep the database on private addresses (RDS publiclyAccessible false, Azure publicNetworkAccess Disabled, Cloud SQL ipv4Enabled false, ClusterIP Services)",
  check(r) {
    const p = r.props ?? {};
    switch (r.type) {
      case "aws:rds/instance:Instance":
      case "aws:rds/clusterInstance:ClusterInstance":
        return p.publiclyAccessible === true ? [`${r.type} ${r.name} is publicly accessible`] : [];
      case "azure-native:dbforpostgresql:Server":
      case "azure-native:dbforpostgresql:FlexibleServer":
        return isUnknown(p.network?.publicNetworkAccess) || p.network?.publicNetworkAccess === "Disabled"
          ? []
          : [`${r.type} ${r.name} allows public network access (network.publicNetworkAccess is ${p.network?.publicNetworkAccess ?? "not set"})`];
      case "azure-native:dbforpostgresql:FirewallRule":
        return p.startIpAddress === "0.0.0.0" && p.endIpAddress === "255.255.255.255" ? [`${r.type} ${r.name} opens the database to every address`] : [];
      case "gcp:sql/databaseInstance:DatabaseInstance": {
        const ip = p.settings?.ipConfiguration;
        const out: string[] = [];
        if (ip?.ipv4Enabled !== false && !isUnknown(ip?.ipv4Enabled)) out.push(`${r.type} ${r.name} has a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false)`);
        for (const n of Array.isArray(ip?.authorizedNetworks) ? ip.authorizedNetworks : [])
          if (n?.value === "0.0.0.0/0") out.push(`${r.type} ${r.name} authorizes 0.0.0.0/0`);
        return out;
      }
    }
    if (isKind(r, "Service", "core")) {
      const how = exposedOutside(p.spec);
      if (!how) return [];
      const ports = (Array.isArray(p.spec?.ports) ? p.spec.ports : []).filter(
        (x: any) => dataStorePorts.has(Number(x?.port)) || dataStorePorts.has(Number(x?.targetPort)),
      );
      return ports.length ? [`${describeObject(r)} is ${how} exposing data-store port ${ports.map((x: any) => x.port).join(", ")}`] : [];
    }
    return [];
  },
};
