/**
 * Azure VM sizes AKS pools commonly use, and what a node of each leaves for pods. Sizes not in the
 * table give no capacity (undefined) rather than a guess.
 */

export interface VmSize {
  vcpus: number;
  memoryGiB: number;
}

function series(families: string[], suffixes: string[], cores: number[], gibPerCore: number): Record<string, VmSize> {
  const out: Record<string, VmSize> = {};
  for (const f of families)
    for (const s of suffixes)
      for (const c of cores) out[`Standard_${f}${c}${s}`] = { vcpus: c, memoryGiB: c * gibPerCore };
  return out;
}

const cores = [2, 4, 8, 16, 32];

export const vmSizes: Readonly<Record<string, VmSize>> = {
  // general purpose, 4 GiB per vCPU
  ...series(["D"], ["s_v5", "ds_v5", "as_v5", "ads_v5", "_v5", "s_v4", "ds_v4", "as_v4", "s_v3"], cores, 4),
  // memory optimised, 8 GiB per vCPU
  ...series(["E"], ["s_v5", "ds_v5", "as_v5", "_v5", "s_v4", "ds_v4", "s_v3"], cores, 8),
  // compute optimised, 2 GiB per vCPU
  ...series(["F"], ["s_v2"], cores, 2),
  // burstable
  Standard_B2s: { vcpus: 2, memoryGiB: 4 },
  Standard_B2ms: { vcpus: 2, memoryGiB: 8 },
  Standard_B4ms: { vcpus: 4, memoryGiB: 16 },
  Standard_B8ms: { vcpus: 8, memoryGiB: 32 },
  Standard_B12ms: { vcpus: 12, memoryGiB: 48 },
  Standard_B16ms: { vcpus: 16, memoryGiB: 64 },
};

/** Pods per node the target configures; it also sets the kubelet's memory reservation. */
export const maxPodsPerNode = 110;

/** CPU AKS reserves for the kubelet and system daemons, by core count (AKS documentation table). */
function reservedCpuMillis(vcpus: number): number {
  const table: Record<number, number> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740 };
  if (table[vcpus] !== undefined) return table[vcpus];
  return vcpus <= 4 ? 100 + 20 * (vcpus - 2) : 140 + 10 * (vcpus - 4);
}

/**
 * Allocatable CPU and memory of one node, per AKS's reservation rules for Kubernetes 1.29+:
 * kube-reserved memory = min(20 MiB x maxPods + 50 MiB, 25% of the VM), plus a 100 MiB eviction threshold.
 */
export function allocatable(vmSize: string, maxPods = maxPodsPerNode): { cpuMillis: number; memoryMiB: number } | undefined {
  const size = vmSizes[vmSize];
  if (!size) return undefined;
  const totalMiB = size.memoryGiB * 1024;
  const reservedMiB = Math.min(20 * maxPods + 50, 0.25 * totalMiB) + 100;
  return { cpuMillis: size.vcpus * 1000 - reservedCpuMillis(size.vcpus), memoryMiB: Math.floor(totalMiB - reservedMiB) };
}

/**
 * Whether a size can attach Premium SSDs (managed-csi-premium): the lower-case feature letters after
 * the core count include `s` (D4s_v5, B2ms, E8ads_v5), or the family itself is an S family (DS2_v2).
 */
export function supportsPremiumStorage(vmSize: string): boolean {
  const m = /^Standard_([A-Z]+)[0-9]+(-[0-9]+)?([a-z]*)(_v[0-9]+)?$/.exec(vmSize);
  if (!m) return false;
  return m[3].includes("s") || m[1].endsWith("S");
}
