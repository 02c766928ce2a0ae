// Start-up per target kind: from process start to the program's first registered resource, and
// which @pulumi packages a plan of each target loads (a target loads its own cloud SDK only).
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { display, planCommand, scriptEnv, type BenchContext } from "../lib/context";
import { ensureOk, runShell, type Probe } from "../lib/proc";
import { table, type Budget, type SectionResult } from "../lib/report";
import { interleave, max, mb, median, ms } from "../lib/stats";
import { TS_NODE_SCRIPT } from "./plan-cost";

export const TITLE = "Start-up";
export const BUDGETS = ["sdc: process start -> first resource registered", "cloud SDKs loaded per target"];
const FIRST_RESOURCE_BUDGET_MS = 1000;

export const CLOUD_SDKS: Record<string, string> = { aws: "@pulumi/aws", azure: "@pulumi/azure-native", gcp: "@pulumi/gcp" };

/** The stack files measured: the repository's own and the examples, one or more per target kind. */
export const STARTUP_STACKS = [
  "Pulumi.dev.yaml",
  "examples/stacks/Pulumi.sdc-prod.yaml",
  "examples/stacks/Pulumi.nic.yaml",
  "examples/stacks/Pulumi.aws.yaml",
  "examples/stacks/Pulumi.azure.yaml",
  "examples/stacks/Pulumi.gcp.yaml",
];

/** The cloud SDKs a target may load: its own, or none for a kubeconfig target. */
export function sdkProblem(kind: string, loaded: readonly string[]): string | undefined {
  const clouds = loaded.filter((p) => Object.values(CLOUD_SDKS).includes(p));
  const allowed = CLOUD_SDKS[kind];
  const extra = clouds.filter((p) => p !== allowed);
  if (extra.length) return `loads ${extra.join(", ")}`;
  if (allowed && !clouds.includes(allowed)) return `does not load ${allowed} (is the target really ${kind}?)`;
  return undefined;
}

/** A plan the bench ran with --out: the deploy-path section reads its resources.json. */
export interface PlannedStack {
  label: string;
  kind: string;
  resourcesJson: string;
  stdout: string;
}

interface Row {
  label: string;
  kind: string;
  script: string;
  args: string[];
  out: string;
  probes: Probe[];
  stdout: string;
}

export async function startup(ctx: BenchContext): Promise<{ section: SectionResult; plans: PlannedStack[] }> {
  const env = scriptEnv(ctx.root);
  const rows: Row[] = [];
  const missing: string[] = [];
  for (const file of STARTUP_STACKS) {
    const abs = path.join(ctx.root, file);
    if (!fs.existsSync(abs)) {
      missing.push(file);
      continue;
    }
    const kind = String(YAML.parse(fs.readFileSync(abs, "utf8"))?.config?.["digit:target"]?.kind ?? "?");
    const out = path.join(ctx.tmp, "out", `startup-${path.basename(file, ".yaml")}`);
    rows.push({ label: `${kind} (${file})`, kind, script: ctx.planScript, args: ["--config-file", file, "--out", out], out, probes: [], stdout: "" });
  }
  const dev = rows.find((r) => r.kind === "sdc");
  if (dev && ctx.planScript !== TS_NODE_SCRIPT)
    rows.push({ ...dev, label: `${dev.label} via ts-node --transpile-only`, script: TS_NODE_SCRIPT, out: `${dev.out}-ts-node`, args: [...dev.args.slice(0, -1), `${dev.out}-ts-node`], probes: [] });

  // One unmeasured run each: the transpile cache and the OS file cache warm, as on a second run.
  for (const r of rows) {
    ctx.log(`start-up: warm-up ${r.label}`);
    r.stdout = ensureOk(await runShell(planCommand(r.script, r.args), { cwd: ctx.root, env, probe: true })).stdout;
  }
  const rounds = Math.min(ctx.rounds, 3);
  for (const [round, rs] of interleave(rows, rounds).entries()) {
    for (const r of rs) {
      ctx.log(`start-up: round ${round + 1}/${rounds} ${r.label}`);
      const res = ensureOk(await runShell(planCommand(r.script, r.args), { cwd: ctx.root, env, probe: true }));
      if (!res.probe || res.probe.firstResourceMs === null) throw new Error(`${r.label}: the probe saw no resource`);
      r.probes.push(res.probe);
    }
  }

  const budgets: Budget[] = [];
  const table1 = rows.map((r) => {
    const times = r.probes.map((p) => p.firstResourceMs ?? NaN);
    const first = median(times);
    const last = r.probes[r.probes.length - 1];
    const loaded = last.atExit.pulumiPackages;
    const problem = sdkProblem(r.kind, loaded);
    if (r.kind === "sdc" && r.script === ctx.planScript)
      budgets.push({
        what: `${BUDGETS[0]}, ${r.label.replace(/^sdc \((.*)\)$/, "$1")}`,
        measured: `${ms(first)} (CPU ${ms(median(r.probes.map((p) => p.atFirstResource?.cpuMs ?? NaN)))})`,
        limit: `<= ${ms(FIRST_RESOURCE_BUDGET_MS)}`,
        pass: first <= FIRST_RESOURCE_BUDGET_MS,
      });
    return {
      r,
      problem,
      cells: [
        r.label,
        ms(first),
        `${ms(Math.min(...times))} .. ${ms(max(times))}`,
        ms(median(r.probes.map((p) => p.atFirstResource?.cpuMs ?? NaN))),
        String(last.atFirstResource?.modules ?? "n/a"),
        mb((last.atFirstResource?.rssBytes ?? NaN) / 1024),
        ms(median(r.probes.map((p) => p.firstRegistrationMs ?? NaN))),
        String(last.atExit.modules),
        mb(max(r.probes.map((p) => p.maxRssKB))),
        loaded.join(", "),
        problem ?? "ok",
      ],
    };
  });
  const isolation = table1.filter((t) => t.r.script === ctx.planScript);
  const broken = isolation.filter((t) => t.problem);
  budgets.push({
    what: BUDGETS[1],
    measured: broken.length ? broken.map((t) => `${t.r.kind}: ${t.problem}`).join("; ") : `each target loads only its own (${isolation.map((t) => t.r.kind).filter((k, i, a) => a.indexOf(k) === i).join(", ")})`,
    limit: "sdc/nic: none; cloud: its own only",
    pass: isolation.length ? broken.length === 0 : null,
  });

  const body = [
    `Start-up is the time from process start (Node's \`performance.now()\` origin) to the first resource the program registers (its constructor calling the SDK's registerResource; the stack resource excluded), median of ${rounds} runs after one warm-up run. ` +
      "Beside it: the CPU time the process had used by then (which other work on the shared cores does not inflate), modules loaded and resident memory at that moment; when the mock monitor received the first registration (after the program's synchronous construction of the whole graph); and the @pulumi packages loaded by the end of the plan." +
      (missing.length ? ` Stack files not found (skipped): ${missing.join(", ")}.` : ""),
    "",
    table(
      ["stack", "start -> first resource (median)", "min .. max", "CPU until then", "modules then", "RSS then", "start -> first registration at the monitor", "modules at exit", "peak RSS", "@pulumi packages loaded", "cloud SDK check"],
      table1.map((t) => t.cells),
    ),
  ].join("\n");

  return {
    section: { title: TITLE, budgets, body, commands: rows.map((r) => display(ctx, planCommand(r.script, r.args))) },
    plans: rows.filter((r) => r.script === ctx.planScript).map((r) => ({ label: r.label, kind: r.kind, resourcesJson: path.join(r.out, "resources.json"), stdout: r.stdout })),
  };
}
