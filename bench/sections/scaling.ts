// Scaling: the plan of K copies of the platform (bench/scale.ts), K chosen for about 100 to
// 2,000 resources; per-resource cost per size, as a table and bench/scaling.svg.
import * as fs from "node:fs";
import * as path from "node:path";
import { display, planCommand, plannedCount, scriptEnv, writeStackFile, type BenchContext } from "../lib/context";
import { ensureOk, runShell } from "../lib/proc";
import { table, type SectionResult } from "../lib/report";
import { interleave, median, ms } from "../lib/stats";
import { lineChart } from "../lib/svg";

export const TITLE = "Scaling";
export const BUDGETS = ["per-resource plan cost, largest vs smallest plan"];
const FLATNESS_BUDGET = 1.5;
/** The stack every tenant copies: the dev stack, the plan a newcomer runs first. */
export const TENANT_STACK = "Pulumi.dev.yaml";

const MAX_RESOURCES = 2000;

/** Copies of the platform to plan: 1, 2, then up to the most that stay near `max` resources. */
export function tenantCounts(perTenant: number, max: number): number[] {
  const top = Math.max(2, Math.round(max / Math.max(1, perTenant)));
  return [...new Set([1, 2, Math.round(top / 4), Math.round(top / 2), Math.round((3 * top) / 4), top])].filter((k) => k >= 1).sort((a, b) => a - b);
}

export interface ScalePoint {
  tenants: number;
  resources: number;
  /** median ms from the program's first resource to exit: constructing, registering, settling, summary, files */
  planMs: number;
  /** median CPU ms (user + system) spent in that span: what the plan costs, whatever else the machine runs */
  planCpuMs: number;
  /** median wall time of the whole process */
  wallMs: number;
}

/** Per-resource costs, smallest plan first, and the flatness ratio (largest plan's cost over the smallest's). */
export function flatness(points: readonly ScalePoint[], cost: (p: ScalePoint) => number = (p) => p.planCpuMs): { perResource: number[]; ratio: number } {
  const sorted = [...points].sort((a, b) => a.resources - b.resources);
  const perResource = sorted.map((p) => cost(p) / p.resources);
  return { perResource, ratio: perResource.length >= 2 ? perResource[perResource.length - 1] / perResource[0] : NaN };
}

export async function scaling(ctx: BenchContext, svgFile: string): Promise<SectionResult> {
  const env = scriptEnv(ctx.root);
  const variant = (k: number) => {
    const stack = writeStackFile(path.join(ctx.tmp, "stacks", `Pulumi.scale-${k}.yaml`), path.join(ctx.root, TENANT_STACK), { "bench:tenants": k });
    const args = ["--program", "bench/scale.ts", "--config-file", stack, "--out", path.join(ctx.tmp, "out", `scale-${k}`)];
    return { k, command: planCommand(ctx.planScript, args), resources: NaN, plan: [] as number[], cpu: [] as number[], wall: [] as number[] };
  };
  const warm = async (v: ReturnType<typeof variant>) => {
    ctx.log(`scaling: warm-up ${v.k} tenants`);
    const r = ensureOk(await runShell(v.command, { cwd: ctx.root, env, probe: true }));
    v.resources = plannedCount(r.stdout) ?? (r.probe ? r.probe.registrations + 1 : NaN);
  };
  // One tenant's size sets the copies: up to about MAX_RESOURCES in all.
  const one = variant(1);
  await warm(one);
  const variants = [one];
  for (const k of tenantCounts(one.resources, ctx.quick ? 2 * one.resources : MAX_RESOURCES).slice(1)) {
    const v = variant(k);
    await warm(v);
    variants.push(v);
  }
  const rounds = Math.min(ctx.rounds, 3);
  for (const [round, vs] of interleave(variants, rounds).entries()) {
    for (const v of vs) {
      ctx.log(`scaling: round ${round + 1}/${rounds} ${v.k} tenants`);
      const r = ensureOk(await runShell(v.command, { cwd: ctx.root, env, probe: true }));
      const p = r.probe;
      if (!p || p.firstResourceMs === null || !p.atFirstResource) throw new Error(`${v.k} tenants: the probe saw no resource`);
      v.plan.push(p.exitMs - p.firstResourceMs);
      v.cpu.push(p.atExit.cpuMs - p.atFirstResource.cpuMs);
      v.wall.push(r.wallMs);
    }
  }
  const points: ScalePoint[] = variants.map((v) => ({ tenants: v.k, resources: v.resources, planMs: median(v.plan), planCpuMs: median(v.cpu), wallMs: median(v.wall) }));
  const { perResource, ratio } = flatness(points);
  const wallFlat = flatness(points, (p) => p.planMs);
  const sorted = [...points].sort((a, b) => a.resources - b.resources);

  fs.writeFileSync(
    svgFile,
    lineChart({
      title: `Offline plan cost per resource (${rounds} runs per point, medians)`,
      xLabel: "resources in the plan",
      yLabel: "ms per resource",
      series: [
        { name: "CPU, first resource -> exit", points: sorted.map((p, i) => ({ x: p.resources, y: perResource[i] })) },
        { name: "wall, first resource -> exit", points: sorted.map((p, i) => ({ x: p.resources, y: wallFlat.perResource[i] })) },
      ],
      references: perResource.length ? [{ label: `${FLATNESS_BUDGET}x the smallest plan's cost`, y: perResource[0] * FLATNESS_BUDGET }] : [],
    }),
  );

  const body = [
    `K tenants, each its own sdc target and DigitPlatform configured as \`${TENANT_STACK}\` (bench/scale.ts), planned with \`--out\`; ${rounds} rounds after one warm-up run each, sizes interleaved. ` +
      "The plan cost is what the process spends from the program's first resource to its exit (constructing and registering the graph, settling, the summary and the files), so the fixed start-up does not hide the trend. " +
      "The budget is judged on CPU time (user + system), which other work on the shared cores does not inflate; wall times are beside it.",
    "",
    table(
      ["tenants", "resources", "CPU after the first resource (median)", "CPU per resource", "wall after the first resource (median)", "wall per resource", "whole process wall (median)"],
      sorted.map((p, i) => [p.tenants, p.resources, ms(p.planCpuMs), `${perResource[i].toFixed(2)} ms`, ms(p.planMs), `${wallFlat.perResource[i].toFixed(2)} ms`, ms(p.wallMs)]),
    ),
    "",
    `Plot: [scaling.svg](scaling.svg).`,
  ].join("\n");
  return {
    title: TITLE,
    budgets: [
      {
        what: `${BUDGETS[0]}, CPU (${sorted[sorted.length - 1]?.resources} vs ${sorted[0]?.resources} resources; wall ${Number.isFinite(wallFlat.ratio) ? `${wallFlat.ratio.toFixed(2)}x` : "n/a"})`,
        measured: Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "n/a",
        limit: `<= ${FLATNESS_BUDGET}x`,
        pass: Number.isFinite(ratio) ? ratio <= FLATNESS_BUDGET : null,
      },
    ],
    body,
    commands: variants.map((v) => display(ctx, v.command)),
  };
}
