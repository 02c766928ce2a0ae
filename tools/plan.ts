// The offline plan: `npm run plan -- --stack <name> [--out <dir>]`. See tools/plan/args.ts for usage.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, stackName, USAGE, UsageError, type PlanArgs } from "./plan/args";
import { runProgram } from "./plan/engine";
import { planFiles, writeFiles } from "./plan/files";
import { redact, redactResources, type SecretValue } from "./plan/leaks";
import { toManifests } from "./plan/manifests";
import { toPlanResources } from "./plan/resources";
import { projectDefaults, projectName, stackConfig } from "./plan/stackfile";
import { capacityOf, formatSummary, summarize } from "./plan/summary";

const EXIT = { ok: 0, failed: 1, config: 2, leak: 3 } as const;

async function plan(args: PlanArgs, started: number): Promise<number> {
  const program = path.resolve(args.program);
  if (!fs.existsSync(program) && !fs.existsSync(program + ".ts") && !fs.existsSync(program + ".js"))
    throw new UsageError(`program not found: ${program}: run from the repository root or pass --program`);
  const root = fs.statSync(program, { throwIfNoEntry: false })?.isDirectory() ? program : path.dirname(program);
  const stack = stackName(args);
  const stackFile = args.configFile ? path.resolve(args.configFile) : path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) throw new UsageError(`stack file not found: ${stackFile}: create it, or name another with --stack / --config-file`);
  const projectFile = path.join(root, "Pulumi.yaml");
  const projectYaml = fs.existsSync(projectFile) ? fs.readFileSync(projectFile, "utf8") : undefined;
  const project = projectName(projectYaml, "digit");
  const config = stackConfig(fs.readFileSync(stackFile, "utf8"), { project, defaults: projectDefaults(projectYaml, project), file: stackFile });

  const result = await runProgram({ program, project, stack, config });
  // No known secret value may leave in plain text, whatever the program did with it.
  const secrets: SecretValue[] = [
    ...config.placeholders.map((value) => ({ value, what: `config ${value.replace(/^offline-secret-/, "")}` })),
    ...[...result.secretValues].map((value, i) => ({ value, what: `generated secret #${i + 1}` })),
  ];
  const { resources, leaks } = redactResources(toPlanResources(result.registrations), secrets);
  const { files, warnings } = args.out ? await planFiles(resources) : { files: [], warnings: toManifests(resources).warnings };
  const summary = formatSummary(summarize(resources, capacityOf(result.outputs.capacity)), {
    stack,
    warnings,
    elapsedMs: performance.now() - started,
  });
  // Last line of defence for text the data pass cannot see (e.g. a secret in a resource name).
  const safe = files.map((f) => ({ ...f, ...redact(f.text, secrets) }));
  const printed = redact(summary, secrets);
  for (const f of safe) for (const what of f.found) leaks.push({ where: f.path, what });
  for (const what of printed.found) leaks.push({ where: "the summary", what });

  if (args.out) writeFiles(path.resolve(args.out), safe);
  process.stdout.write(printed.text);
  if (args.out) process.stdout.write(`Wrote ${files.length} files to ${args.out}\n`);
  if (leaks.length) {
    const where = [...new Set(leaks.map((l) => `${l.what} in ${l.where}`))];
    process.stderr.write(
      `error: secret values reached the plan in plain text (redacted in the output): ${where.join("; ")}. Read secrets with getSecret/requireSecret or keep them in pulumi.secret.\n`,
    );
    return EXIT.leak;
  }
  return EXIT.ok;
}

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

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let args: PlanArgs | undefined;
  try {
    args = parseArgs(argv);
    if (args.help) {
      process.stdout.write(USAGE + "\n");
      return EXIT.ok;
    }
    return await plan(args, started);
  } catch (err) {
    return report(err, args?.debug ?? argv.includes("--debug"));
  }
}

// Exit explicitly: a program may leave timers or handles behind that would keep the process alive.
main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
