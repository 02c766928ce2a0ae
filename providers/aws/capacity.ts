/**
 * Allocatable CPU and memory of an EKS node, for the instance types DIGIT stacks use. An unknown
 * type has no entry: capacity is then unknown, never guessed.
 */

interface InstanceShape {
  vcpu: number;
  memoryGiB: number;
  /** pods per node: the VPC CNI's ENI-based limit, capped at 110 below 30 vCPUs by managed node groups */
  maxPods: number;
}

const sizes: Record<string, { vcpu: number; maxPods: number }> = {
  large: { vcpu: 2, maxPods: 29 },
  xlarge: { vcpu: 4, maxPods: 58 },
  "2xlarge": { vcpu: 8, maxPods: 58 },
  "4xlarge": { vcpu: 16, maxPods: 110 },
};
/** GiB of memory per vCPU of each family. */
const families: Record<string, number> = { m5: 4, m6i: 4, m6a: 4, m7i: 4, r6i: 8, r7i: 8, c6i: 2, c7i: 2 };

const shapes: Record<string, InstanceShape> = {
  "t3.large": { vcpu: 2, memoryGiB: 8, maxPods: 35 },
  "t3.xlarge": { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  "t3.2xlarge": { vcpu: 8, memoryGiB: 32, maxPods: 58 },
};
for (const [family, perVcpu] of Object.entries(families))
  for (const [size, s] of Object.entries(sizes)) shapes[`${family}.${size}`] = { vcpu: s.vcpu, memoryGiB: s.vcpu * perVcpu, maxPods: s.maxPods };

/** The instance types the capacity table knows. */
export const knownInstanceTypes: readonly string[] = Object.keys(shapes).sort();

/** kube-reserved CPU of the EKS AMIs: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of the rest. */
export function reservedCpuMillis(vcpu: number): number {
  const tiers = [60, 10, 5, 5];
  let m = 0;
  for (let core = 0; core < vcpu; core++) m += tiers[core] ?? 2.5;
  return m;
}

/** kube-reserved memory of the EKS AMIs (255Mi + 11Mi per pod) plus the 100Mi hard-eviction threshold. */
export function reservedMemoryMiB(maxPods: number): number {
  return 255 + 11 * maxPods + 100;
}

/** The kernel and firmware keep about 3% of an instance's nominal memory before the kubelet sees it. */
const kernelShare = 0.03;

/** Allocatable CPU (millicores) and memory (MiB) of one node of this type, or undefined when unknown. */
export function allocatablePerNode(instanceType: string): { cpuMillis: number; memoryMiB: number } | undefined {
  const s = shapes[instanceType];
  if (!s) return undefined;
  const visibleMiB = s.memoryGiB * 1024 * (1 - kernelShare);
  return {
    cpuMillis: Math.floor(s.vcpu * 1000 - reservedCpuMillis(s.vcpu)),
    memoryMiB: Math.floor(visibleMiB - reservedMemoryMiB(s.maxPods)),
  };
}
