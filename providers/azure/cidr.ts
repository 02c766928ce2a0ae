/** IPv4 CIDR arithmetic for laying out the VNet (pure, no dependencies). */

export interface Cidr {
  /** network address as an unsigned 32-bit number */
  base: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) throw new Error(`"${text}" is not an IPv4 CIDR: write it like 10.20.0.0/16`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${text}" is not an IPv4 CIDR: write it like 10.20.0.0/16`);
  const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const base = (addr & mask(prefix)) >>> 0;
  if (base !== addr) throw new Error(`"${text}" has host bits set: use ${formatCidr({ base, prefix })}`);
  return { base, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** The `index`-th block of size /`prefix` inside `parent`. */
export function subnetOf(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix) throw new Error(`a /${prefix} does not fit in ${formatCidr(parent)}`);
  const size = 2 ** (32 - prefix);
  const count = 2 ** (prefix - parent.prefix);
  if (index < 0 || index >= count) throw new Error(`${formatCidr(parent)} has no block ${index} of size /${prefix}`);
  return { base: (parent.base + index * size) >>> 0, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return (a.base & mask(p)) >>> 0 === (b.base & mask(p)) >>> 0;
}

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && overlaps(outer, inner);
}
