import type { ResourceRule } from "./types";
import { isUnknown } from "./types";

const ANY = new Set(["0.0.0.0/0", "::/0"]);

function open(cidrs: unknown): boolean {
  if (isUnknown(cidrs)) return false;
  return !Array.isArray(cidrs) || cidrs.length === 0 || cidrs.some((c) => ANY.has(String(typeof c === "object" && c ? (c as any).cidrBlock : c)));
}

/**
 * The managed cluster's API is not open to the internet: a public endpoint is narrowed to the
 * state's own addresses (CI runners, VPN egress), or the endpoint is private. Anyone who reaches
 * the API can try every credential against it.
 */
export const clusterApiNotPublic: ResourceRule = {
  kind: "resource",
  name: "cluster-api-not-public",
  description: "A managed cluster's API endpoint is private, or public only to listed address ranges.",
  remedy: "list the state's CI and VPN ranges (aws: digit:target.endpoint.publicCidrs, azure: apiServerAuthorizedIpRanges, gcp: authorizedNetworks), or make the endpoint private",
  check(r) {
    const p = r.props ?? {};
    switch (r.type) {
      case "aws:eks/cluster:Cluster": {
        const v = p.vpcConfig ?? {};
        if (v.endpointPublicAccess === false || isUnknown(v.endpointPublicAccess)) return [];
        return open(v.publicAccessCidrs) ? [`${r.type} ${r.name} has a public API endpoint open to every address (vpcConfig.publicAccessCidrs)`] : [];
      }
      case "azure-native:containerservice:ManagedCluster": {
        const a = p.apiServerAccessProfile ?? {};
        if (a.enablePrivateCluster === true) return [];
        return open(a.authorizedIPRanges) ? [`${r.type} ${r.name} has a public API server open to every address (apiServerAccessProfile.authorizedIPRanges)`] : [];
      }
      case "gcp:container/cluster:Cluster": {
        if (p.privateClusterConfig?.enablePrivateEndpoint === true) return [];
        return open(p.masterAuthorizedNetworksConfig?.cidrBlocks)
          ? [`${r.type} ${r.name} has a public control-plane endpoint open to every address (masterAuthorizedNetworksConfig)`]
          : [];
      }
    }
    return [];
  },
};
