// Small statistics and formatting helpers for the bench (pure).

/** The median of the numbers (the mean of the two middle ones for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function min(xs: readonly number[]): number {
  return xs.length ? Math.min(...xs) : NaN;
}

export function max(xs: readonly number[]): number {
  return xs.length ? Math.max(...xs) : NaN;
}

/**
 * Ratios of paired samples (a[i] / b[i], measured side by side in round i) and their median:
 * pairing cancels the load the shared machine had during each round.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): { ratios: number[]; median: number } {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (b[i] > 0) ratios.push(a[i] / b[i]);
  return { ratios, median: median(ratios) };
}

/**
 * The order of the variants in each round: rotated every round, so no variant always runs first
 * (after an idle pause) or last.
 */
export function interleave<T>(variants: readonly T[], rounds: number): T[][] {
  const out: T[][] = [];
  for (let r = 0; r < rounds; r++) out.push(variants.map((_, i) => variants[(i + r) % variants.length]));
  return out;
}

/** `1234.5` -> `1.23 s`, `812` -> `812 ms`. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`;
}

/** Kibibytes -> `123 MB` (MiB, as `free -m` and /usr/bin/time count). */
export function mb(kib: number): string {
  if (!Number.isFinite(kib)) return "n/a";
  return `${Math.round(kib / 1024)} MB`;
}

export function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : "n/a";
}
