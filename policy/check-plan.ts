// Check an offline plan against the policy pack: `npm run policy -- out/prod [--config policy/throwaway.json]`.
// Exit 0: no mandatory violation; 1: violations (printed); 2: usage or an unreadable plan (one line).
import * as fs from "node:fs";
import * as path from "node:path";
import { chartsIn, checkPlan, readPackConfig, type Finding } from "./plan";

/** Why a plan path or pack config cannot be read, as one line, or undefined when it can. */
function unreadable(dirs: string[], config: string | undefined): string | undefined {
  for (const dir of dirs) {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat) return `${dir}: no such file or directory; give the directory \`npm run plan -- --out <dir>\` wrote, or its resources.json`;
    if (stat.isDirectory() && !fs.existsSync(path.join(dir, "resources.json")))
      return `${dir}: holds no resources.json; give the directory \`npm run plan -- --out <dir>\` wrote`;
  }
  if (config && !fs.existsSync(config)) return `--config ${config}: no such file`;
  return undefined;
}

function main(argv: string[]): number {
  const dirs: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--config") config = argv[++i];
    else dirs.push(argv[i]);
  }
  if (!dirs.length || (argv.includes("--config") && !config)) {
    process.stderr.write("usage: npm run policy -- <plan --out dir or resources.json>... [--config <policy-pack-config.json>]\n");
    return 2;
  }
  const problem = unreadable(dirs, config);
  if (problem) {
    process.stderr.write(`error: ${problem}\n`);
    return 2;
  }
  let failed = false;
  for (const dir of dirs) {
    let findings: Finding[];
    try {
      findings = checkPlan(dir, readPackConfig(config));
    } catch (e) {
      // not JSON, or not the plan's shape: one line, no stack trace
      process.stderr.write(`error: ${dir}: not a plan written by \`npm run plan -- --out\` (${(e as Error).message.split("\n")[0]})\n`);
      return 2;
    }
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
    process.stdout.write(`${dir}: ${findings.length ? `${findings.length} violation(s)` : "every policy passes"}\n`);
    for (const [rule, fs] of byRule) {
      process.stdout.write(`  ${rule} (${fs[0].level}): ${fs.length}\n`);
      for (const f of fs) process.stdout.write(`    - ${f.message}\n`);
    }
    const charts = chartsIn(dir);
    if (charts.length)
      process.stdout.write(
        `  not checked here: the objects ${charts.length} third-party chart(s) render (${charts.join(", ")}) exist only in a real preview; run pulumi preview --policy-pack policy to check them\n`,
      );
    failed ||= findings.some((f) => f.level === "mandatory");
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
