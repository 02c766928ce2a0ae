import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { capacityOf, requestedResources } from "../../tools/plan/summary";
import type { Capacity, PlanResource, ResourceEntry } from "../../tools/plan/types";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** The env var naming the scratch directory of one `npm test` run (set by tests/helpers/test-run.ts). */
export const testRunDirEnv = "DIGIT_TEST_RUN_DIR";

/** The repository's cached TypeScript loader (tools/ts-cache.js): a re-run skips transpiling. */
export const tsLoader = path.join(repoRoot, "tools", "ts-cache.js");

export interface PlanRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the --out directory, when one was given */
  out?: string;
}

/** A command in the repository root, its output collected. `env` entries set to undefined are removed. */
export function runCommand(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<PlanRun> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: merged });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const i = args.indexOf("--out");
      resolve({ code, stdout, stderr, out: i >= 0 ? args[i + 1] : undefined });
    });
  });
}

/** The offline plan CLI in its own process (the Pulumi runtime is process-global). */
export function runPlan(args: string[], env: Record<string, string | undefined> = {}): Promise<PlanRun> {
  return runCommand(process.execPath, ["-r", tsLoader, "tools/plan.ts", ...args], env);
}

/** Every file below a directory, relative path -> text. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join("/"), fs.readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** The stack files this repository ships: its own stacks and the examples. */
export function stackFiles(): string[] {
  const own = fs.readdirSync(repoRoot).filter((f) => /^Pulumi\.[a-z0-9-]+\.yaml$/.test(f));
  const examples = fs.readdirSync(path.join(repoRoot, "examples", "stacks")).filter((f) => f.endsWith(".yaml")).map((f) => path.join("examples", "stacks", f));
  return [...own, ...examples].sort();
}

let cache: Promise<Map<string, PlanRun>> | undefined;

/** Plan every shipped stack, two at a time (2 cores), each with --out below `dir`. */
async function planInto(dir: string): Promise<Map<string, PlanRun>> {
  const files = stackFiles();
  const results = new Map<string, PlanRun>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      const out = path.join(dir, path.basename(f, ".yaml"));
      results.set(f, await runPlan(["--config-file", f, "--out", out]));
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The plans of one test run, shared by every mocha process of it (tests/helpers/test-run.ts names
 * the run's directory): the first process to take the lock plans, the others wait for its result.
 */
async function sharedPlans(dir: string): Promise<Map<string, PlanRun>> {
  const done = path.join(dir, "plans.json");
  const lock = path.join(dir, "planning");
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    const results = await planInto(dir);
    fs.writeFileSync(`${done}.tmp`, JSON.stringify([...results]));
    fs.renameSync(`${done}.tmp`, done);
    return results;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  for (;;) {
    if (fs.existsSync(done)) return new Map(JSON.parse(fs.readFileSync(done, "utf8")) as Array<[string, PlanRun]>);
    const pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8") || 0);
    if (pid && !alive(pid)) throw new Error(`the process planning the shipped stacks (${pid}) ended without a result in ${dir}`);
    await sleep(250);
  }
}

/**
 * Plan every shipped stack once per test run, each with --out into a temporary directory. Test
 * files (and mocha's parallel workers) share the result.
 */
export function planAllStacks(): Promise<Map<string, PlanRun>> {
  const runDir = process.env[testRunDirEnv];
  cache ??= runDir ? sharedPlans(path.join(runDir, "stacks")) : planInto(fs.mkdtempSync(path.join(os.tmpdir(), "digit-stacks-")));
  return cache;
}

/** The capacity a plan's target reports: its `capacity` stack output as the summary prints it; undefined when unknown. */
export function plannedCapacity(run: PlanRun): Capacity | undefined {
  const m = /^ {2}capacity +(\{.*\})$/m.exec(run.stdout);
  return m ? capacityOf(JSON.parse(m[1])) : undefined;
}

/** What the pods of a plan written with --out request, and what rolling every Deployment at once adds (the summary's count). */
export function plannedRequests(run: PlanRun): ReturnType<typeof requestedResources> {
  if (!run.out) throw new Error("plannedRequests: the plan was run without --out");
  const entries: ResourceEntry[] = JSON.parse(fs.readFileSync(path.join(run.out, "resources.json"), "utf8"));
  // resources.json keeps the contract's fields; the count reads only Kubernetes objects, all custom resources.
  const resources: PlanResource[] = entries.map((e) => ({ ...e, custom: true, remote: false, retainOnDelete: !!e.retainOnDelete }));
  return requestedResources(resources, plannedCapacity(run));
}
