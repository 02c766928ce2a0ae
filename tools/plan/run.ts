import * as fs from "node:fs";
import * as path from "node:path";
import { stackName, UsageError, type PlanArgs } from "./args";
import { runProgram } from "./engine";
import { planFiles, type OutputFile } from "./files";
import { redact, redactResources, type Leak, type SecretValue } from "./leaks";
import { toManifests } from "./manifests";
import { plainInputs, toPlanResources } from "./resources";
import { review, type Review } from "./review";
import { projectDefaults, projectName, stackConfig, type PlanConfig } from "./stackfile";
import { capacityOf, formatSummary, summarize, type Summary } from "./summary";
import type { PlanResource } from "./types";
import { planHandover, type HandoverFacts } from "./handover";
import { offlineHostToken, offlineToken, stackFileEnv } from "../../config/secret-paths";

export interface Plan {
  /** what --out writes (empty without --out), secrets already redacted */
  files: OutputFile[];
  /** the summary for stdout, secrets already redacted */
  summary: string;
  /** secret values that reached an output in plain text (redacted, but the program has a defect) */
  leaks: Leak[];
  /** the stack's name, the figures the summary prints, the manifests' warnings (for --json) */
  stack: string;
  data: Summary;
  /** what a reviewer reads first: modules and services, traffic, images, charts, outputs */
  review: Review;
  /** the program's warnings (pulumi.log.warn), then the manifests' */
  warnings: string[];
  /** the program's informational messages (pulumi.log.info) */
  notes: string[];
  elapsedMs: number;
  /** every registered resource, secrets redacted (for --diff) */
  resources: PlanResource[];
  /** redact any further text printed from this plan (e.g. --json), recording what it found as leaks */
  scrub(text: string, where: string): string;
}

/** The directory holding the program's Pulumi.yaml and its stack files. */
export function programRoot(args: Pick<PlanArgs, "program">): string {
  const program = path.resolve(args.program);
  return fs.statSync(program, { throwIfNoEntry: false })?.isDirectory() ? program : path.dirname(program);
}

/** The stack file a plan reads: --config-file, or Pulumi.<stack>.yaml beside the program. */
export function stackFileOf(args: PlanArgs): string {
  return args.configFile ? path.resolve(args.configFile) : path.join(programRoot(args), `Pulumi.${stackName(args)}.yaml`);
}

/** Stack names that have a Pulumi.<name>.yaml in a directory. */
export function stacksIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((n): n is string => !!n)
    .sort();
}

/** Find the program, its stack file and project file, and build the config Pulumi would pass. */
export function loadStack(args: PlanArgs): { program: string; project: string; stack: string; config: PlanConfig; stackFile: string } {
  const program = path.resolve(args.program);
  if (!fs.existsSync(program) && !fs.existsSync(program + ".ts") && !fs.existsSync(program + ".js"))
    throw new UsageError(`program not found: ${program}: run from the repository root or pass --program`);
  // Stack files live next to the program's Pulumi.yaml, as in a Pulumi project.
  const root = programRoot(args);
  const stack = stackName(args);
  const stackFile = stackFileOf(args);
  if (!fs.existsSync(stackFile)) {
    if (args.configFile) throw new UsageError(`--config-file ${args.configFile}: no such file`);
    const known = stacksIn(root);
    const where = path.relative(process.cwd(), root) || ".";
    throw new UsageError(
      `--stack ${stack}: there is no ${path.join(where, `Pulumi.${stack}.yaml`)}; ` +
        (known.length ? `the stacks here are ${known.join(", ")}` : `${where} holds no Pulumi.<stack>.yaml`) +
        `: write Pulumi.${stack}.yaml (see README, "Plan a stack for your own state"), or give a file with --config-file`,
    );
  }
  const projectFile = path.join(root, "Pulumi.yaml");
  const projectYaml = fs.existsSync(projectFile) ? fs.readFileSync(projectFile, "utf8") : undefined;
  const project = projectName(projectYaml, "digit");
  const config = stackConfig(fs.readFileSync(stackFile, "utf8"), { project, defaults: projectDefaults(projectYaml, project), file: stackFile });
  return { program, project, stack, config, stackFile };
}

/** Run the program under mocks and turn what it registered into the summary and the files. */
export async function makePlan(args: PlanArgs, started: number): Promise<Plan> {
  const { program, project, stack, config, stackFile } = loadStack(args);
  // The program reads the stack file to learn which leaves are encrypted (lib/stack-config.ts).
  const result = await runProgram({ program, project, stack, config, env: { [stackFileEnv]: stackFile } });
  // No known secret value may leave in plain text, whatever the program did with it: neither a
  // placeholder nor the URL-safe token of it that stand-ins carry (config/secret-paths.ts).
  const secrets: SecretValue[] = [
    ...config.placeholders.flatMap((value) => {
      const what = `config ${value.replace(/^offline-secret-/, "")}`;
      return [{ value, what }, { value: offlineToken(value), what }, { value: offlineHostToken(value), what }];
    }),
    ...[...result.secretValues].map((value, i) => ({ value, what: `generated secret #${i + 1}` })),
  ];
  const { resources, leaks } = redactResources(toPlanResources(result.registrations), secrets);
  const planned = args.out ? await planFiles(resources) : { files: [], warnings: toManifests(resources).warnings };
  const files = planned.files;
  const warnings = [...result.logs.filter((l) => l.severity === "warning").map((l) => l.message), ...planned.warnings];
  const notes = result.logs.filter((l) => l.severity === "info").map((l) => l.message);
  const data = summarize(resources, capacityOf(result.outputs.capacity));
  const reviewed = review(resources, config.values, plainInputs(result.registeredOutputs) as Record<string, unknown>);
  const elapsedMs = performance.now() - started;
  const handover = planHandover(resources, (result.outputs.handover ?? {}) as HandoverFacts);
  const summary = formatSummary(data, { stack, warnings, elapsedMs, review: reviewed, handover });
  // Last line of defence for text the data pass cannot see (e.g. a secret in a resource name).
  const safeFiles = files.map((f) => {
    const r = redact(f.text, secrets);
    r.found.forEach((what) => leaks.push({ where: f.path, what }));
    return { path: f.path, text: r.text };
  });
  const printed = redact(summary, secrets);
  printed.found.forEach((what) => leaks.push({ where: "the summary", what }));
  const scrub = (text: string, where: string) => {
    const r = redact(text, secrets);
    r.found.forEach((what) => leaks.push({ where, what }));
    return r.text;
  };
  return { files: safeFiles, summary: printed.text, leaks, stack, data, review: reviewed, warnings, notes, elapsedMs, resources, scrub };
}
