// The offline plan: `npm run plan -- --stack <name> [--out <dir>]`. Usage in tools/plan/args.ts.
import * as path from "node:path";
import { parseArgs, USAGE, UsageError, type PlanArgs } from "./plan/args";
import { writeFiles } from "./plan/files";
import { makePlan } from "./plan/run";

const EXIT = { ok: 0, failed: 1, config: 2, leak: 3 } as const;

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let args: PlanArgs | undefined;
  try {
    args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + "\n");
      return EXIT.ok;
    }
    const plan = await makePlan(args, started);
    if (args.out) writeFiles(path.resolve(args.out), plan.files);
    process.stdout.write(plan.summary);
    if (args.out) process.stdout.write(`Wrote ${plan.files.length} files to ${args.out}\n`);
    if (plan.leaks.length) {
      const where = [...new Set(plan.leaks.map((l) => `${l.what} in ${l.where}`))];
      process.stderr.write(
        `error: secret values reached the plan in plain text (redacted in the output): ${where.join("; ")}. Read secrets with getSecret/requireSecret or keep them in pulumi.secret.\n`,
      );
      return EXIT.leak;
    }
    return EXIT.ok;
  } catch (err) {
    return report(err, args?.debug ?? argv.includes("--debug"));
  }
}

/** A config error prints its own message alone; anything else one line (the stack with --debug). */
function report(err: unknown, debug: boolean): number {
  const e = err as Error | undefined;
  if (e?.name === "ConfigError") {
    process.stderr.write(`${e.message}\n`);
    return EXIT.config;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT.failed;
  }
  const message = (e?.message ?? String(err)).split("\n")[0];
  process.stderr.write(debug && e?.stack ? `${e.stack}\n` : `error: ${message} (--debug shows the stack trace)\n`);
  return EXIT.failed;
}

// Exit explicitly: a program may leave timers or handles behind that would keep the process alive.
main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
