/** IPv4 CIDR arithmetic for the plan's checks (overlaps, prefix sizes). */

export interface Cidr {
  text: string;
  start: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\/([0-9]{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  // Host bits must be zero: GCP rejects 10.10.0.1/20.
  if (addr % size !== 0) return undefined;
  return { text, start: addr, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.start + 2 ** (32 - a.prefix);
  const bEnd = b.start + 2 ** (32 - b.prefix);
  return a.start < bEnd && b.start < aEnd;
}
