// Plan cost vs the floor: the full production plan against bench/baseline.ts registering as many
// resources, both through the plan CLI and its mock engine, interleaved round by round.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { selectableModules } from "../../config/modules";
import { display, planCommand, plannedCount, scriptEnv, writeStackFile, type BenchContext } from "../lib/context";
import { ensureOk, runShell, type RunResult } from "../lib/proc";
import { table, type SectionResult } from "../lib/report";
import { interleave, max, mb, median, ms, pairedRatios, ratio } from "../lib/stats";
import type { PlannedStack } from "./startup";

export const TITLE = "Plan cost vs the floor";
export const BUDGETS = ["full production plan / baseline, wall time", "full production plan, peak memory"];
const RATIO_BUDGET = 1.5;
const MEMORY_BUDGET_MB = 400;
/** The runner the plan script had before the transpile cache: measured for comparison. */
export const TS_NODE_SCRIPT = "ts-node --transpile-only tools/plan.ts";

/**
 * The production stack with every DIGIT module and every operations part switched on: the
 * largest plan a state can ask for.
 */
export function fullProductionConfig(config: Record<string, any>): Record<string, unknown> {
  const ops = { ...(config["digit:operations"] ?? {}) };
  for (const part of ["monitoring", "alerting", "tracing", "logs"]) ops[part] = { ...(ops[part] ?? {}), enabled: true };
  ops.cicd = { ...(ops.cicd ?? {}), jenkins: true };
  return { "digit:modules": [...selectableModules], "digit:operations": ops };
}

interface Variant {
  key: string;
  label: string;
  script: string;
  args: string[];
  /** a fresh transpile cache each run */
  cold?: boolean;
}

interface Sample {
  wallMs: number;
  /** user + system CPU of the node process: far less sensitive than wall time to other work on the machine */
  cpuMs: number;
  maxRssKB: number;
  firstMs: number;
  afterFirstMs: number;
}

function sample(r: RunResult): Sample {
  const p = r.probe;
  return {
    wallMs: r.wallMs,
    cpuMs: p ? p.cpuUserMs + p.cpuSystemMs : NaN,
    maxRssKB: r.maxRssKB,
    firstMs: p?.firstResourceMs ?? NaN,
    afterFirstMs: p && p.firstResourceMs !== null ? p.exitMs - p.firstResourceMs : NaN,
  };
}

/** Mean length of a resource's inputs as JSON in a plan's resources.json. */
export function inputBytesPerResource(resourcesJson: string): number {
  const entries = JSON.parse(fs.readFileSync(resourcesJson, "utf8")) as Array<{ inputs?: unknown }>;
  const total = entries.reduce((n, e) => n + JSON.stringify(e.inputs ?? {}).length, 0);
  return entries.length ? Math.round(total / entries.length) : 0;
}

export async function planCost(ctx: BenchContext): Promise<{ section: SectionResult; plan: PlannedStack }> {
  const prodFile = path.join(ctx.root, "Pulumi.prod.yaml");
  const base = YAML.parse(fs.readFileSync(prodFile, "utf8"))?.config ?? {};
  const kind = base["digit:target"]?.kind;
  if (!["aws", "azure", "gcp"].includes(kind)) throw new Error(`Pulumi.prod.yaml targets "${kind}": the budget asks for a cloud production stack`);
  const stackFile = writeStackFile(path.join(ctx.tmp, "stacks", "Pulumi.prod-full.yaml"), prodFile, fullProductionConfig(base));
  const env = scriptEnv(ctx.root);
  const planArgs = (out: string) => ["--config-file", stackFile, "--out", path.join(ctx.tmp, "out", out)];

  // Warm-up: fills the OS file cache and the transpile cache, and tells the resource count.
  ctx.log("plan cost: warm-up");
  const warm = ensureOk(await runShell(planCommand(ctx.planScript, planArgs("prod-full")), { cwd: ctx.root, env, probe: true }));
  const count = plannedCount(warm.stdout) ?? (warm.probe ? warm.probe.registrations + 1 : NaN);
  if (!Number.isFinite(count)) throw new Error("could not read the plan's resource count");
  const baselineFile = writeStackFile(path.join(ctx.tmp, "stacks", "Pulumi.baseline.yaml"), undefined, { "bench:resources": count });
  const baselineArgs = (out: string) => ["--program", "bench/baseline.ts", "--config-file", baselineFile, "--out", path.join(ctx.tmp, "out", out)];
  const baseWarm = ensureOk(await runShell(planCommand(ctx.planScript, baselineArgs("baseline")), { cwd: ctx.root, env, probe: true }));
  const baseCount = plannedCount(baseWarm.stdout);
  if (baseCount !== count) throw new Error(`the baseline planned ${baseCount} resources, the plan ${count}`);

  // A second floor with the plan's volume of inputs: what is left above it is the program's own work.
  const bytes = inputBytesPerResource(path.join(ctx.tmp, "out", "prod-full", "resources.json"));
  const paddedFile = writeStackFile(path.join(ctx.tmp, "stacks", "Pulumi.baseline-bytes.yaml"), undefined, { "bench:resources": count, "bench:bytesPerResource": bytes });
  const paddedArgs = ["--program", "bench/baseline.ts", "--config-file", paddedFile, "--out", path.join(ctx.tmp, "out", "baseline-bytes")];

  const variants: Variant[] = [
    { key: "plan", label: "full production plan (`npm run plan` script)", script: ctx.planScript, args: planArgs("prod-full") },
    { key: "baseline", label: "baseline, same script", script: ctx.planScript, args: baselineArgs("baseline") },
    { key: "baseline-bytes", label: `baseline padded to the plan's ${bytes} bytes of inputs per resource`, script: ctx.planScript, args: paddedArgs },
  ];
  if (ctx.planScript.includes("ts-cache")) variants.push({ key: "plan-cold", label: "full production plan, empty transpile cache", script: ctx.planScript, args: planArgs("prod-full"), cold: true });
  if (ctx.planScript !== TS_NODE_SCRIPT) {
    variants.push({ key: "plan-ts-node", label: "full production plan via `ts-node --transpile-only`", script: TS_NODE_SCRIPT, args: planArgs("prod-full") });
    variants.push({ key: "baseline-ts-node", label: "baseline via `ts-node --transpile-only`", script: TS_NODE_SCRIPT, args: baselineArgs("baseline") });
  }

  const samples = new Map<string, Sample[]>(variants.map((v) => [v.key, []]));
  // The checkout is shared: note it if the plan's size moved while the bench ran.
  const counts = new Set<number>([count]);
  const order = interleave(variants, ctx.rounds);
  for (const [round, vs] of order.entries()) {
    for (const v of vs) {
      ctx.log(`plan cost: round ${round + 1}/${ctx.rounds} ${v.key}`);
      const extra = v.cold ? { DIGIT_TS_CACHE_DIR: fs.mkdtempSync(path.join(ctx.tmp, "ts-cache-")) } : {};
      const r = ensureOk(await runShell(planCommand(v.script, v.args), { cwd: ctx.root, env: { ...env, ...extra }, probe: true }));
      samples.get(v.key)!.push(sample(r));
      if (v.key === "plan" && r.probe) counts.add(r.probe.registrations + 1);
    }
  }

  const col = (key: string, f: (s: Sample) => number) => (samples.get(key) ?? []).map(f);
  const wall = (key: string) => col(key, (s) => s.wallMs);
  const rows = variants.map((v) => [
    v.label,
    ms(median(wall(v.key))),
    `${ms(Math.min(...wall(v.key)))} .. ${ms(max(wall(v.key)))}`,
    ms(median(col(v.key, (s) => s.cpuMs))),
    ms(median(col(v.key, (s) => s.firstMs))),
    ms(median(col(v.key, (s) => s.afterFirstMs))),
    mb(max(col(v.key, (s) => s.maxRssKB))),
  ]);
  const cpu = (key: string) => col(key, (s) => s.cpuMs);
  const main = pairedRatios(wall("plan"), wall("baseline"));
  const padded = pairedRatios(wall("plan"), wall("baseline-bytes"));
  const paddedCpu = pairedRatios(cpu("plan"), cpu("baseline-bytes"));
  const mainCpu = pairedRatios(cpu("plan"), cpu("baseline"));
  const tsNode = samples.has("plan-ts-node") ? pairedRatios(wall("plan-ts-node"), wall("baseline-ts-node")) : undefined;
  const tsNodeCpu = samples.has("plan-ts-node") ? pairedRatios(cpu("plan-ts-node"), cpu("baseline-ts-node")) : undefined;
  const peak = max(col("plan", (s) => s.maxRssKB));

  const body = [
    `The plan: \`Pulumi.prod.yaml\` (target \`${kind}\`) with every module (${selectableModules.join(", ")}) and every operations part on, ${count} resources, written with \`--out\`. ` +
      `The floor: \`bench/baseline.ts\`, ${count} resources (the stack, one Kubernetes provider, ConfigMaps) through the same plan CLI, mock engine and \`--out\`. ` +
      `As a diagnostic, the same baseline padded to the plan's mean of ${bytes} bytes of inputs per resource separates what the engine and the plan CLI spend per byte from what the program itself spends. ` +
      `${ctx.rounds} rounds; each round runs every variant once, in an order rotated every round; the ratio is the median of the per-round ratios. Times are whole processes; "first resource" (the program's first resource constructor) and the time after it come from bench/probe.js inside the process.`,
    ...(counts.size > 1 ? ["", `The plan's size changed while the bench ran (${[...counts].sort((a, b) => a - b).join(", ")} resources): the code was being edited; the baseline kept ${count}.`] : []),
    "",
    table(["variant", "wall (median)", "wall (min .. max)", "CPU user+sys (median)", "start -> first resource", "first resource -> exit", "peak RSS (max)"], rows),
    "",
    table(
      ["ratio", "per-round ratios", "median"],
      [
        ["plan / baseline, wall (plan script)", main.ratios.map((x) => x.toFixed(2)).join(", "), ratio(main.median)],
        ["plan / baseline, CPU (plan script)", mainCpu.ratios.map((x) => x.toFixed(2)).join(", "), ratio(mainCpu.median)],
        ["plan / padded baseline, wall (diagnostic)", padded.ratios.map((x) => x.toFixed(2)).join(", "), ratio(padded.median)],
        ["plan / padded baseline, CPU (diagnostic)", paddedCpu.ratios.map((x) => x.toFixed(2)).join(", "), ratio(paddedCpu.median)],
        ...(tsNode && tsNodeCpu
          ? [
              ["plan / baseline, wall (both via ts-node)", tsNode.ratios.map((x) => x.toFixed(2)).join(", "), ratio(tsNode.median)],
              ["plan / baseline, CPU (both via ts-node)", tsNodeCpu.ratios.map((x) => x.toFixed(2)).join(", "), ratio(tsNodeCpu.median)],
            ]
          : []),
      ],
    ),
  ].join("\n");

  const section: SectionResult = {
    title: TITLE,
    budgets: [
      { what: BUDGETS[0], measured: `${ratio(main.median)} (CPU ${ratio(mainCpu.median)}; against the padded baseline ${ratio(padded.median)})`, limit: `<= ${RATIO_BUDGET}x`, pass: Number.isFinite(main.median) ? main.median <= RATIO_BUDGET : null },
      { what: BUDGETS[1], measured: mb(peak), limit: `<= ${MEMORY_BUDGET_MB} MB`, pass: Number.isFinite(peak) ? peak / 1024 <= MEMORY_BUDGET_MB : null },
    ],
    body,
    commands: variants.map((v) => display(ctx, `${v.cold ? "DIGIT_TS_CACHE_DIR=$(mktemp -d) " : ""}${planCommand(v.script, v.args)}`)),
  };
  const plan: PlannedStack = { label: `${kind} (Pulumi.prod.yaml, all modules, operations on)`, kind, resourcesJson: path.join(ctx.tmp, "out", "prod-full", "resources.json"), stdout: warm.stdout };
  return { section, plan };
}
