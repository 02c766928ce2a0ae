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

export interface ScalePoint {
  tenants: number;
  resources: number;
  /** median ms from the first registration to exit: registering, settling, summary, files */
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
  const tenants = ctx.quick ? [1, 3] : [1, 2, 4, 8, 12];
  const env = scriptEnv(ctx.root);
  const variants = tenants.map((k) => {
    const stack = writeStackFile(path.join(ctx.tmp, "stacks", `Pulumi.scale-${k}.yaml`), path.join(ctx.root, TENANT_STACK), { "bench:tenants": k });
    const args = ["--program", "bench/scale.ts", "--config-file", stack, "--out", path.join(ctx.tmp, "out", `scale-${k}`)];
    return { k, command: planCommand(ctx.planScript, args), resources: NaN, plan: [] as number[], cpu: [] as number[], wall: [] as number[] };
  });
  for (const v of variants) {
    ctx.log(`scaling: warm-up ${v.k} tenants`);
    const r = ensureOk(await runShell(v.command, { cwd: ctx.root, env, probe: true }));
    v.resources = plannedCount(r.stdout) ?? (r.probe ? r.probe.registrations + 1 : NaN);
  }
  const rounds = Math.min(ctx.rounds, 3);
  for (const [round, vs] of interleave(variants, rounds).entries()) {
    for (const v of vs) {
      ctx.log(`scaling: round ${round + 1}/${rounds} ${v.k} tenants`);
      const r = ensureOk(await runShell(v.command, { cwd: ctx.root, env, probe: true }));
      const p = r.probe;
      if (!p || p.firstRegistrationMs === null || !p.atFirst) throw new Error(`${v.k} tenants: the probe saw no registration`);
      v.plan.push(p.exitMs - p.firstRegistrationMs);
      v.cpu.push(p.atExit.cpuMs - p.atFirst.cpuMs);
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
        { name: "CPU, first registration -> exit", points: sorted.map((p, i) => ({ x: p.resources, y: perResource[i] })) },
        { name: "wall, first registration -> exit", points: sorted.map((p, i) => ({ x: p.resources, y: wallFlat.perResource[i] })) },
      ],
      references: perResource.length ? [{ label: `${FLATNESS_BUDGET}x the smallest plan's cost`, y: perResource[0] * FLATNESS_BUDGET }] : [],
    }),
  );

  const body = [
    `K tenants, each its own sdc target and DigitPlatform configured as \`${TENANT_STACK}\` (bench/scale.ts), planned with \`--out\`; ${rounds} rounds after one warm-up run each, sizes interleaved. ` +
      "The plan cost is what the process spends from the program's first registration to its exit (registering, settling, the summary and the files), so the fixed start-up does not hide the trend. " +
      "The budget is judged on CPU time (user + system), which other work on the shared cores does not inflate; wall times are beside it.",
    "",
    table(
      ["tenants", "resources", "CPU after first registration (median)", "CPU per resource", "wall after first registration (median)", "wall per resource", "whole process wall (median)"],
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
