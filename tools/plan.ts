// The offline plan: `npm run plan -- --stack <name> [--out <dir>]`. Usage in tools/plan/args.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, USAGE, UsageError, type PlanArgs } from "./plan/args";
import { colourEnabled, painter, paintSummary } from "./plan/colour";
import { loadBase, type BasePlan } from "./plan/compare";
import { diffPlans, formatDiff, type PlanDiff } from "./plan/diff";
import { writeFiles } from "./plan/files";
import { planJson } from "./plan/json";
import { toEntry } from "./plan/resources";
import { makePlan, stackFileOf } from "./plan/run";
import { formatImages } from "./plan/review";
import { configErrorMessage } from "../config/errors";

const EXIT = { ok: 0, failed: 1, config: 2, leak: 3, replace: 4 } as const;

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let args: PlanArgs | undefined;
  try {
    args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + "\n");
      return EXIT.ok;
    }
    const colour = !args.json && colourEnabled(process.stdout, process.env);
    // With --json stdout is one JSON document: whatever the program prints goes to stderr.
    if (args.json) console.log = console.info = (...a: unknown[]) => console.error(...a);
    // The plan compared against runs in a child process, in parallel with this one.
    const program = path.resolve(args.program);
    const programDir = fs.statSync(program, { throwIfNoEntry: false })?.isDirectory() ? program : path.dirname(program);
    const base: Promise<BasePlan> | undefined = args.diff ? loadBase(args.diff, args, programDir) : undefined;
    base?.catch(() => undefined); // awaited below; a failure there must not surface as unhandled first
    const plan = await makePlan(args, started);
    if (args.out) writeFiles(path.resolve(args.out), plan.files);

    let diff: (PlanDiff & { from: string }) | undefined;
    if (base) {
      const from = await base;
      diff = { from: from.label, ...diffPlans(from.resources, plan.resources.map(toEntry)) };
    }
    const to = args.configFile ?? `stack ${plan.stack}`;
    for (const n of plan.notes) process.stderr.write(plan.scrub(`info: ${n}\n`, "a message of the program"));
    if (args.json) {
      const json = planJson({ ...plan, out: args.out ? { dir: args.out, files: plan.files.length } : undefined, diff });
      process.stdout.write(plan.scrub(JSON.stringify(json, null, 2) + "\n", "the JSON summary"));
    } else if (args.images) {
      process.stdout.write(plan.scrub(formatImages(plan.stack, plan.review.images), "the image list"));
      for (const w of plan.warnings) process.stderr.write(plan.scrub(`warning: ${w}\n`, "a warning"));
    } else {
      process.stdout.write(paintSummary(plan.summary, colour));
      if (args.out) process.stdout.write(`Wrote ${plan.files.length} files to ${args.out}\n`);
      if (diff) process.stdout.write("\n" + plan.scrub(formatDiff(diff, { from: diff.from, to, colour }), "the diff"));
    }
    const errColour = colourEnabled(process.stderr, process.env);
    if (plan.leaks.length) {
      const where = [...new Set(plan.leaks.map((l) => `${l.what} in ${l.where}`))];
      process.stderr.write(
        `${painter(errColour)("error:", "red", "bold")} secret values reached the plan in plain text (redacted in the output): ${where.join("; ")}. Read secrets with getSecret/requireSecret or keep them in pulumi.secret.\n`,
      );
      return EXIT.leak;
    }
    if (diff?.replacements.length && !args.allowReplace) {
      process.stderr.write(
        `${painter(errColour)("error:", "red", "bold")} ${diff.replacements.length} stateful resource(s) would be replaced or deleted going from ${diff.from} to ${to} (listed above): migrate or back up their data first, then rerun with --allow-replace.\n`,
      );
      return EXIT.replace;
    }
    return EXIT.ok;
  } catch (err) {
    return report(err, args?.debug ?? argv.includes("--debug"), args && shown(stackFileOf(args)));
  }
}

/** A path as a user would type it from here: relative below the working directory, else absolute. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/**
 * A config error prints its own message alone, naming the stack file the plan read; anything else
 * one line (the stack with --debug).
 */
function report(err: unknown, debug: boolean, stackFile?: string): number {
  const e = err as (Error & { exitCode?: number; problems?: unknown }) | undefined;
  const paint = painter(colourEnabled(process.stderr, process.env));
  if (e?.name === "ConfigError") {
    // The program's own ConfigError (its copy of the package) knows the stack's name, not the file read.
    const problems = Array.isArray(e.problems) && e.problems.every((p) => typeof p === "string") ? (e.problems as string[]) : undefined;
    process.stderr.write(`${problems && stackFile ? configErrorMessage(problems, stackFile) : e.message}\n`);
    return EXIT.config;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${paint("error:", "red", "bold")} ${err.message}\n`);
    return EXIT.failed;
  }
  // The stack compared against failed to plan: its own message, its own exit code.
  if (typeof e?.exitCode === "number") {
    process.stderr.write(`${e.message}\n`);
    return e.exitCode === EXIT.config ? EXIT.config : EXIT.failed;
  }
  const message = (e?.message ?? String(err)).split("\n")[0];
  process.stderr.write(debug && e?.stack ? `${e.stack}\n` : `${paint("error:", "red", "bold")} ${message} (--debug shows the stack trace)\n`);
  return EXIT.failed;
}

// Exit explicitly: a program may leave timers or handles behind that would keep the process alive.
main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
