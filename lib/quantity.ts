/** Kubernetes quantities to numbers, for capacity sums and size comparisons. */

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimal: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Bytes in a memory/storage quantity such as `512Mi`, `20Gi`, `1G`. */
export function bytes(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) throw new Error(`not a memory quantity: "${q}": use e.g. 512Mi or 20Gi`);
  const n = Number(m[1]);
  const unit = m[2];
  return unit ? n * (binary[unit] ?? decimal[unit]) : n;
}

/** MiB in a memory quantity. */
export function mebibytes(q: string): number {
  return bytes(q) / 2 ** 20;
}

/** Millicores in a CPU quantity such as `250m` or `2`. */
export function millicores(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m)?$/.exec(q.trim());
  if (!m) throw new Error(`not a CPU quantity: "${q}": use e.g. 250m or 2`);
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Format MiB as a quantity (`512Mi`, `2Gi`). */
export function formatMiB(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${Math.round(mib)}Mi`;
}
