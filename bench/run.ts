// `npm run bench`: measures the offline plan, start-up, scaling, type-check, deploy critical
// path and install footprint on this machine against the budgets of issue 9, and rewrites
// bench/RESULTS.md and bench/scaling.svg. See bench/README.md.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readPlanScript, type BenchContext } from "./lib/context";
import { cpuPressure, loadAverage, machineFacts } from "./lib/machine";
import { hasGnuTime } from "./lib/proc";
import { failedSection, renderReport, verdict, type SectionResult } from "./lib/report";
import * as deployPathSection from "./sections/deploy-path";
import * as footprintSection from "./sections/footprint";
import * as planCostSection from "./sections/plan-cost";
import * as scalingSection from "./sections/scaling";
import * as startupSection from "./sections/startup";
import * as typecheckSection from "./sections/typecheck";
import type { PlannedStack } from "./sections/startup";

const SECTIONS = ["plan", "startup", "deploy", "scaling", "typecheck", "footprint"] as const;
type SectionName = (typeof SECTIONS)[number];

const USAGE = `Usage: npm run bench -- [--quick] [--rounds N] [--only ${SECTIONS.join(",")}] [--results <file>] [--keep]

  --quick          2 rounds and a short scaling curve (a smoke run; not for RESULTS.md numbers)
  --rounds N       measured rounds per variant (default 5)
  --only a,b       run only these sections (the deploy section needs plan and/or startup)
  --results FILE   write the report there (default: bench/RESULTS.md for a full run, else stdout only)
  --keep           keep the scratch directory (plans, stack files, installs)`;

interface BenchArgs {
  quick: boolean;
  rounds: number;
  only: Set<SectionName>;
  results?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { quick: false, rounds: 5, only: new Set(SECTIONS), keep: false };
  let roundsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "--quick") out.quick = true;
    else if (a === "--keep") out.keep = true;
    else if (a === "--rounds") {
      out.rounds = Number(value());
      roundsGiven = true;
      if (!Number.isInteger(out.rounds) || out.rounds < 1) throw new Error("--rounds needs a whole number >= 1");
    } else if (a === "--only") {
      const names = value().split(",");
      const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (bad.length) throw new Error(`unknown section ${bad.join(", ")}: choose from ${SECTIONS.join(", ")}`);
      out.only = new Set(names as SectionName[]);
    } else if (a === "--results") out.results = value();
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (out.quick && !roundsGiven) out.rounds = 2;
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, "..");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-bench-"));
  const started = performance.now();
  const log = (m: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  const ctx: BenchContext = { root, tmp, rounds: args.rounds, quick: args.quick, planScript: readPlanScript(root), log };
  const full = args.only.size === SECTIONS.length && !args.quick;
  const resultsFile = args.results ? path.resolve(args.results) : full ? path.join(root, "bench", "RESULTS.md") : undefined;
  const svgFile = full ? path.join(root, "bench", "scaling.svg") : path.join(tmp, "scaling.svg");
  const facts = machineFacts(root);
  log(`scratch directory ${tmp}; plan script: ${ctx.planScript}`);

  const sections: SectionResult[] = [];
  const plans: PlannedStack[] = [];
  const attempt = async (name: SectionName, title: string, budgets: string[], f: () => Promise<SectionResult>) => {
    if (!args.only.has(name)) return;
    try {
      sections.push(await f());
    } catch (e) {
      log(`${title} failed: ${(e as Error).message}`);
      sections.push(failedSection(title, budgets, e));
    }
  };
  try {
    await attempt("plan", planCostSection.TITLE, planCostSection.BUDGETS, async () => {
      const r = await planCostSection.planCost(ctx);
      plans.push(r.plan);
      return r.section;
    });
    await attempt("startup", startupSection.TITLE, startupSection.BUDGETS, async () => {
      const r = await startupSection.startup(ctx);
      plans.push(...r.plans);
      return r.section;
    });
    await attempt("deploy", deployPathSection.TITLE, deployPathSection.BUDGETS, async () => {
      if (!plans.length) throw new Error("no plan to read: run the plan or startup section too");
      return deployPathSection.deployPath(plans);
    });
    await attempt("scaling", scalingSection.TITLE, scalingSection.BUDGETS, () => scalingSection.scaling(ctx, svgFile));
    await attempt("typecheck", typecheckSection.TITLE, typecheckSection.BUDGETS, () => typecheckSection.typecheck(ctx));
    await attempt("footprint", footprintSection.TITLE, footprintSection.BUDGETS, () => footprintSection.footprint(ctx));
  } finally {
    if (!args.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }

  const argv = process.argv.slice(2);
  const report = renderReport(
    {
      date: facts.date,
      command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
      facts: [
        ["nproc", facts.nproc],
        ["memory (free -m)", facts.free.split("\n").find((l) => l.startsWith("Mem:"))?.replace(/\s+/g, " ") ?? facts.free],
        ["CPU", facts.cpu],
        ["OS", facts.os],
        ["node / npm", `${facts.node} / ${facts.npm}`],
        ["load average (1, 5, 15 min) at start / end", `${facts.loadAverage} / ${loadAverage()}`],
        ["CPU pressure (some avg10, avg60, avg300) at start / end", `${facts.cpuPressure} / ${cpuPressure()}`],
        ["commit", facts.commit],
        ["plan script (package.json)", `\`${ctx.planScript}\``],
        ["peak memory from", hasGnuTime ? "/usr/bin/time (%M)" : "process.resourceUsage().maxRSS (bench/probe.js)"],
        ["bench duration", `${((performance.now() - started) / 1000).toFixed(0)} s`],
      ],
      notes: [
        "Each measured process is the command shown under its section, run by `sh -c` with node_modules/.bin first on PATH: what `npm run plan -- <args>` runs, without npm's own start-up. " +
          "$BENCH_TMP is the run's scratch directory. The machine's 2 cores are shared with other work, so absolute times are noisy; ratios come from variants run side by side in the same rounds.",
      ],
    },
    sections,
  );
  if (resultsFile) {
    fs.writeFileSync(resultsFile, report);
    log(`wrote ${path.relative(root, resultsFile)}${full ? ` and ${path.relative(root, svgFile)}` : ""}`);
  } else process.stdout.write(report);
  for (const s of sections) for (const b of s.budgets) process.stderr.write(`${verdict(b.pass).padEnd(12)} ${s.title}: ${b.what}: ${b.measured} (budget ${b.limit})\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
