// What every bench section needs: where the repository is, a scratch directory, how many rounds,
// and how to run the offline plan exactly as `npm run plan` does (its package.json script).
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { shellQuote } from "./proc";

export interface BenchContext {
  root: string;
  /** scratch directory, removed at the end */
  tmp: string;
  /** measured rounds per variant */
  rounds: number;
  quick: boolean;
  /** package.json's "plan" script */
  planScript: string;
  log(message: string): void;
}

/** The "plan" script as `npm run plan` would run it. */
export function readPlanScript(root: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const script = pkg.scripts?.plan;
  if (typeof script !== "string" || !script) throw new Error("package.json has no \"plan\" script: the bench measures `npm run plan`");
  return script;
}

/** `npm run plan -- <args>` without npm's own start-up: the script run by sh with node_modules/.bin on PATH. */
export function planCommand(script: string, args: string[]): string {
  return [script, ...args.map(shellQuote)].join(" ");
}

/** The environment npm gives a script: node_modules/.bin first on PATH. */
export function scriptEnv(root: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`, ...extra };
}

/** A command as the report prints it: the scratch directory spelt $BENCH_TMP. */
export function display(ctx: Pick<BenchContext, "tmp">, command: string): string {
  return command.split(ctx.tmp).join("$BENCH_TMP");
}

/** Write a stack file: the `config:` of `base` (a stack file, optional) with `overrides` applied. */
export function writeStackFile(file: string, base: string | undefined, overrides: Record<string, unknown>): string {
  const doc = base ? (YAML.parse(fs.readFileSync(base, "utf8")) ?? {}) : {};
  doc.config = { ...(doc.config ?? {}), ...overrides };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

/** The resource count the plan printed ("... stack "x": N resources ..."). */
export function plannedCount(stdout: string): number | undefined {
  const m = /^Offline plan of stack "[^"]*": (\d+) resources/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/** The critical-path depth the plan printed ("Deploy critical path: N steps"). */
export function plannedDepth(stdout: string): number | undefined {
  const m = /^Deploy critical path: (\d+) steps?/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}
