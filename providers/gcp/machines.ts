/**
 * Allocatable CPU and memory of a GKE node, for the capacity offer. Shapes are the Compute Engine
 * machine types DIGIT stacks use; anything else gives undefined (capacity unknown), never a guess.
 */

/** GiB of memory per vCPU, and the vCPU counts each family offers. */
const families: Record<string, Record<string, { gibPerCpu: number; cpus: number[] }>> = {
  e2: {
    standard: { gibPerCpu: 4, cpus: [2, 4, 8, 16, 32] },
    highmem: { gibPerCpu: 8, cpus: [2, 4, 8, 16] },
    highcpu: { gibPerCpu: 1, cpus: [2, 4, 8, 16, 32] },
  },
  n2: {
    standard: { gibPerCpu: 4, cpus: [2, 4, 8, 16, 32] },
    highmem: { gibPerCpu: 8, cpus: [2, 4, 8, 16, 32] },
    highcpu: { gibPerCpu: 1, cpus: [2, 4, 8, 16, 32] },
  },
  n2d: {
    standard: { gibPerCpu: 4, cpus: [2, 4, 8, 16, 32] },
    highmem: { gibPerCpu: 8, cpus: [2, 4, 8, 16, 32] },
  },
};

export interface MachineShape {
  cpus: number;
  memoryMiB: number;
}

export function machineShape(machineType: string): MachineShape | undefined {
  const m = /^([a-z0-9]+)-([a-z]+)-([0-9]+)$/.exec(machineType);
  if (!m) return undefined;
  const fam = families[m[1]]?.[m[2]];
  const cpus = Number(m[3]);
  if (!fam || !fam.cpus.includes(cpus)) return undefined;
  return { cpus, memoryMiB: cpus * fam.gibPerCpu * 1024 };
}

/** Reserved share of each slice of a resource, in GKE's documented tiers (node allocatable). */
function reserved(total: number, tiers: Array<[upTo: number, share: number]>): number {
  let out = 0;
  let from = 0;
  for (const [upTo, share] of tiers) {
    if (total <= from) break;
    out += (Math.min(total, upTo) - from) * share;
    from = upTo;
  }
  return out;
}

/**
 * GKE Standard node allocatable: machine capacity minus kube/system reservations and the 100 MiB
 * hard-eviction threshold (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes).
 */
export function gkeAllocatable(machineType: string): { cpuMillis: number; memoryMiB: number } | undefined {
  const shape = machineShape(machineType);
  if (!shape) return undefined;
  const cpuMillis = shape.cpus * 1000;
  const cpuReserved = reserved(cpuMillis, [
    [1000, 0.06],
    [2000, 0.01],
    [4000, 0.005],
    [Infinity, 0.0025],
  ]);
  const memReserved =
    shape.memoryMiB < 1024
      ? 255
      : reserved(shape.memoryMiB, [
          [4 * 1024, 0.25],
          [8 * 1024, 0.2],
          [16 * 1024, 0.1],
          [128 * 1024, 0.06],
          [Infinity, 0.02],
        ]);
  return {
    cpuMillis: Math.floor(cpuMillis - cpuReserved),
    memoryMiB: Math.floor(shape.memoryMiB - memReserved - 100),
  };
}
