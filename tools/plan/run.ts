import * as fs from "node:fs";
import * as path from "node:path";
import { stackName, UsageError, type PlanArgs } from "./args";
import { runProgram } from "./engine";
import { planFiles, type OutputFile } from "./files";
import { redact, redactResources, type Leak, type SecretValue } from "./leaks";
import { toManifests } from "./manifests";
import { toPlanResources } from "./resources";
import { projectDefaults, projectName, stackConfig, type PlanConfig } from "./stackfile";
import { capacityOf, formatSummary, summarize, type Summary } from "./summary";
import type { PlanResource } from "./types";
import { offlineToken, stackFileEnv } from "../../config/secret-paths";

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
  warnings: string[];
  elapsedMs: number;
  /** every registered resource, secrets redacted (for --diff) */
  resources: PlanResource[];
  /** redact any further text printed from this plan (e.g. --json), recording what it found as leaks */
  scrub(text: string, where: string): string;
}

/** Find the program, its stack file and project file, and build the config Pulumi would pass. */
export function loadStack(args: PlanArgs): { program: string; project: string; stack: string; config: PlanConfig; stackFile: string } {
  const program = path.resolve(args.program);
  if (!fs.existsSync(program) && !fs.existsSync(program + ".ts") && !fs.existsSync(program + ".js"))
    throw new UsageError(`program not found: ${program}: run from the repository root or pass --program`);
  // Stack files live next to the program's Pulumi.yaml, as in a Pulumi project.
  const root = fs.statSync(program, { throwIfNoEntry: false })?.isDirectory() ? program : path.dirname(program);
  const stack = stackName(args);
  const stackFile = args.configFile ? path.resolve(args.configFile) : path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) throw new UsageError(`stack file not found: ${stackFile}: create it, or name another with --stack / --config-file`);
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
      return [{ value, what }, { value: offlineToken(value), what }];
    }),
    ...[...result.secretValues].map((value, i) => ({ value, what: `generated secret #${i + 1}` })),
  ];
  const { resources, leaks } = redactResources(toPlanResources(result.registrations), secrets);
  const { files, warnings } = args.out ? await planFiles(resources) : { files: [], warnings: toManifests(resources).warnings };
  const data = summarize(resources, capacityOf(result.outputs.capacity));
  const elapsedMs = performance.now() - started;
  const summary = formatSummary(data, { stack, warnings, elapsedMs });
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
  return { files: safeFiles, summary: printed.text, leaks, stack, data, warnings, elapsedMs, resources, scrub };
}
