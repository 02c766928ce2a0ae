/** IPv4 CIDR arithmetic for the VPC's subnet layout. */

export interface Cidr {
  /** network address as an unsigned 32-bit number */
  base: number;
  bits: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new Error(`not an IPv4 CIDR block: "${text}": use e.g. 10.0.0.0/16`);
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) throw new Error(`not an IPv4 CIDR block: "${text}": use e.g. 10.0.0.0/16`);
  return { base: octets.reduce((acc, o) => acc * 256 + o, 0), bits };
}

export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join(".")}/${c.bits}`;
}

/** The index-th block of prefix `bits` inside `parent` (like Terraform's cidrsubnet). */
export function subnet(parent: Cidr, bits: number, index: number): Cidr {
  if (bits < parent.bits || bits > 32) throw new Error(`cannot carve a /${bits} out of ${formatCidr(parent)}`);
  const size = 2 ** (32 - bits);
  const count = 2 ** (bits - parent.bits);
  if (index < 0 || index >= count) throw new Error(`${formatCidr(parent)} holds ${count} blocks of /${bits}; index ${index} is outside`);
  return { base: parent.base + index * size, bits };
}

/** Whether two blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.bits);
  const bEnd = b.base + 2 ** (32 - b.bits);
  return a.base < bEnd && b.base < aEnd;
}
