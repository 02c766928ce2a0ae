// Type-check of the whole project with TypeScript 5 (the project's compiler), and TypeScript 7's
// native compiler (@typescript/native-preview) beside it, installed in a temporary directory.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { display, scriptEnv, type BenchContext } from "../lib/context";
import { run, runShell, type RunResult } from "../lib/proc";
import { table, type SectionResult } from "../lib/report";
import { interleave, max, mb, median, ms } from "../lib/stats";

export const TITLE = "Type-check";
export const BUDGETS = ["tsc --noEmit of the whole project (TypeScript 5)"];
const BUDGET_MS = 10_000;
/** Pinned: a dev build changes daily. */
export const NATIVE_PREVIEW = "@typescript/native-preview@7.0.0-dev.20260707.2";
/**
 * TypeScript 7 has dropped `moduleResolution: node` (node10), which tsconfig.json uses; `preserve`
 * + `bundler` resolve this CommonJS project's imports the same way.
 */
export const TS7_FLAGS = ["--module", "preserve", "--moduleResolution", "bundler"];

/** Figures `--extendedDiagnostics` prints. */
export function diagnostics(stdout: string): { files?: number; memoryKB?: number; errors: number; checkS?: number; parseS?: number } {
  const num = (re: RegExp) => {
    const m = re.exec(stdout);
    return m ? Number(m[1]) : undefined;
  };
  return {
    files: num(/^Files:\s+(\d+)/m),
    memoryKB: num(/^Memory used:\s+(\d+)K/m),
    checkS: num(/^Check time:\s+([\d.]+)s/m),
    parseS: num(/^Parse time:\s+([\d.]+)s/m),
    errors: (stdout.match(/error TS\d+/g) ?? []).length,
  };
}

/** Install the pinned native preview once into a temporary directory; undefined when that fails. */
async function nativePreview(ctx: BenchContext): Promise<{ bin?: string; note: string }> {
  const dir = path.join(os.tmpdir(), `digit-bench-${NATIVE_PREVIEW.replace(/[^A-Za-z0-9.-]/g, "_")}`);
  const bin = path.join(dir, "node_modules", ".bin", "tsgo");
  if (!fs.existsSync(bin)) {
    ctx.log(`type-check: installing ${NATIVE_PREVIEW} into ${dir}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true }));
    const r = await run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", NATIVE_PREVIEW], `npm install ${NATIVE_PREVIEW}`, { cwd: dir, timeoutMs: 300_000 });
    if (r.code !== 0 || !fs.existsSync(bin)) return { note: `${NATIVE_PREVIEW} could not be installed: ${(r.stderr || r.stdout).trim().split("\n").pop()}` };
  }
  return { bin, note: `${NATIVE_PREVIEW}, installed into a temporary directory (${dir}), not a project dependency` };
}

export async function typecheck(ctx: BenchContext): Promise<SectionResult> {
  const env = scriptEnv(ctx.root);
  const tsc = "tsc --noEmit -p . --extendedDiagnostics";
  const native = await nativePreview(ctx);
  const buildInfo = path.join(ctx.tmp, "tsc", "tsconfig.tsbuildinfo");
  const incremental = `${tsc} --incremental --tsBuildInfoFile ${buildInfo}`;
  const variants: Array<{ key: string; label: string; command: string }> = [
    { key: "ts5", label: `TypeScript ${tsVersion(ctx.root)} (tsc)`, command: tsc },
    { key: "ts5-incremental", label: "same, --incremental re-run with nothing changed", command: incremental },
  ];
  if (native.bin) variants.push({ key: "ts7", label: "TypeScript 7 native preview (tsgo)", command: `${native.bin} --noEmit -p . ${TS7_FLAGS.join(" ")} --extendedDiagnostics` });
  const rounds = Math.max(1, Math.min(ctx.rounds, 3));
  ctx.log("type-check: first --incremental run (writes the build info)");
  await runShell(incremental, { cwd: ctx.root, env, timeoutMs: 600_000 });
  const results = new Map<string, RunResult[]>(variants.map((v) => [v.key, []]));
  for (const [round, vs] of interleave(variants, rounds).entries()) {
    for (const v of vs) {
      ctx.log(`type-check: round ${round + 1}/${rounds} ${v.key}`);
      // Exit code 2 only says the code has type errors; the time is still the time.
      const r = await runShell(v.command, { cwd: ctx.root, env, timeoutMs: 600_000 });
      if (r.code !== 0 && r.code !== 2 && !(v.key === "ts7" && r.code === 1)) throw new Error(`\`${v.command}\` exited with ${r.code}: ${r.stderr.trim().split("\n").pop()}`);
      results.get(v.key)!.push(r);
    }
  }
  const wall = (key: string) => (results.get(key) ?? []).map((r) => r.wallMs);
  const rows = variants.map((v) => {
    const rs = results.get(v.key)!;
    const d = diagnostics(rs[rs.length - 1].stdout);
    return [
      v.label,
      ms(median(wall(v.key))),
      rs.map((r) => ms(r.wallMs)).join(", "),
      mb(max(rs.map((r) => r.maxRssKB))),
      String(d.files ?? "n/a"),
      d.parseS === undefined ? "n/a" : `${d.parseS} s`,
      d.checkS === undefined ? "n/a" : `${d.checkS} s`,
      String(d.errors),
    ];
  });
  const ts5 = median(wall("ts5"));
  const ts7 = median(wall("ts7"));
  const body = [
    `Whole processes, ${rounds} rounds interleaved. The --incremental row re-checks after one unmeasured run that wrote its build info: what a second \`tsc\` costs when the build info is kept (e.g. under node_modules/.cache). Errors are reported, not fatal: they belong to work in progress and do not change how long a check takes. TypeScript 7: ${native.note}${native.bin ? `; run with ${TS7_FLAGS.join(" ")} because it has dropped tsconfig.json's \`moduleResolution: node\`` : ""}.`,
    "",
    table(["compiler", "wall (median)", "runs", "peak RSS", "files", "parse", "check", "errors"], rows),
    ...(Number.isFinite(ts7) ? ["", `TypeScript 7 takes ${(ts7 / ts5).toFixed(2)}x the time of TypeScript 5 on this project.`] : []),
  ].join("\n");
  return {
    title: TITLE,
    budgets: [{ what: BUDGETS[0], measured: ms(ts5), limit: `<= ${ms(BUDGET_MS)}`, pass: Number.isFinite(ts5) ? ts5 <= BUDGET_MS : null }],
    body,
    commands: variants.map((v) => display(ctx, v.command)),
  };
}

function tsVersion(root: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "node_modules", "typescript", "package.json"), "utf8")).version;
  } catch {
    return "5";
  }
}
