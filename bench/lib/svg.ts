// A minimal SVG line chart (pure): axes with round ticks, one polyline per series, a legend,
// optional dashed reference lines. Enough for the scaling curve; no dependency.

export interface Series {
  name: string;
  points: Array<{ x: number; y: number }>;
}

export interface ReferenceLine {
  label: string;
  y: number;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  references?: ReferenceLine[];
  width?: number;
  height?: number;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  if (out[out.length - 1] < hi) out.push(+(out[out.length - 1] + step).toPrecision(12));
  return out;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? String(Math.round(v)) : String(+v.toPrecision(3));
}

/** The chart as a standalone SVG document. */
export function lineChart(o: ChartOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 420;
  const pad = { left: 72, right: 24, top: 48, bottom: 84 };
  const all = o.series.flatMap((s) => s.points);
  const refs = o.references ?? [];
  const xt = ticks(0, all.length ? Math.max(...all.map((p) => p.x)) : 1);
  const yt = ticks(0, Math.max(1e-9, ...all.map((p) => p.y), ...refs.map((r) => r.y)));
  const [x0, x1] = [xt[0], xt[xt.length - 1]];
  const [y0, y1] = [yt[0], yt[yt.length - 1]];
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const sx = (x: number) => pad.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => pad.top + plotH - ((y - y0) / (y1 - y0 || 1)) * plotH;
  const n = (v: number) => v.toFixed(1);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(o.title)}</text>`);
  for (const t of yt) {
    parts.push(`<line x1="${pad.left}" y1="${n(sy(t))}" x2="${width - pad.right}" y2="${n(sy(t))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${pad.left - 8}" y="${n(sy(t) + 4)}" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const t of xt) {
    parts.push(`<line x1="${n(sx(t))}" y1="${pad.top + plotH}" x2="${n(sx(t))}" y2="${pad.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${n(sx(t))}" y="${pad.top + plotH + 20}" text-anchor="middle">${fmt(t)}</text>`);
  }
  parts.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${pad.left + plotW / 2}" y="${pad.top + plotH + 42}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`);
  for (const r of refs) {
    parts.push(`<line x1="${pad.left}" y1="${n(sy(r.y))}" x2="${width - pad.right}" y2="${n(sy(r.y))}" stroke="#888" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${width - pad.right - 4}" y="${n(sy(r.y) - 6)}" text-anchor="end" fill="#555">${escapeXml(r.label)}</text>`);
  }
  o.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    if (pts.length) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${n(sx(p.x))},${n(sy(p.y))}`).join(" ")}"/>`);
    for (const p of pts) parts.push(`<circle cx="${n(sx(p.x))}" cy="${n(sy(p.y))}" r="3.5" fill="${colour}"/>`);
    const ly = height - 22;
    const lx = pad.left + i * 300;
    parts.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${lx + 30}" y="${ly}">${escapeXml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
