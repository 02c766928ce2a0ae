import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError, type PlanArgs } from "./args";
import type { ResourceEntry } from "./types";

/** The plan a --diff compares against: where it came from, and its resources.json entries. */
export interface BasePlan {
  label: string;
  resources: ResourceEntry[];
}

export type BaseSource = { kind: "saved"; file: string } | { kind: "config"; file: string };

/**
 * What --diff names: a saved plan (a resources.json, or a directory holding one), a stack file
 * (a path, or a name ending in .yaml), or a stack name (Pulumi.<name>.yaml beside the program).
 */
export function baseSource(spec: string, programDir: string): BaseSource {
  const stat = fs.statSync(spec, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    const file = path.join(spec, "resources.json");
    if (!fs.existsSync(file)) throw new UsageError(`--diff ${spec}: the directory holds no resources.json; give a directory written by --out, a stack name or a stack file`);
    return { kind: "saved", file };
  }
  if (stat?.isFile()) return { kind: spec.endsWith(".json") ? "saved" : "config", file: spec };
  if (/[\\/]/.test(spec) || /\.(ya?ml|json)$/.test(spec)) throw new UsageError(`--diff ${spec}: no such file`);
  if (!/^[A-Za-z0-9_.-]+$/.test(spec)) throw new UsageError(`--diff "${spec}": a stack name has letters, digits, '-', '_' and '.' only`);
  const file = path.join(programDir, `Pulumi.${spec}.yaml`);
  if (!fs.existsSync(file)) throw new UsageError(`--diff ${spec}: stack file not found: ${file}`);
  return { kind: "config", file };
}

function readSaved(file: string): ResourceEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--diff ${file}: not a resources.json written by the plan (${(e as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.some((e) => !e || typeof e.urn !== "string" || typeof e.type !== "string"))
    throw new UsageError(`--diff ${file}: not a resources.json written by the plan (expected an array of {urn, type, ...})`);
  return parsed as ResourceEntry[];
}

/** The node arguments that load this CLI's TypeScript again in a child process. */
function loaderArgs(script: string): string[] {
  const inherited = process.execArgv.filter((a) => !a.startsWith("--inspect"));
  if (inherited.some((a) => a === "-r" || a === "--require" || a.startsWith("--require=") || a.startsWith("--import") || a.startsWith("--loader"))) return inherited;
  return script.endsWith(".ts") ? ["-r", require.resolve("ts-node/register/transpile-only")] : [];
}

/**
 * Plan the other stack file in a child process (the Pulumi runtime is process-global: one
 * program per process) and read its resources.json.
 */
function planInChild(file: string, args: PlanArgs): Promise<ResourceEntry[]> {
  const script = process.argv[1];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-plan-diff-"));
  const argv = [...loaderArgs(script), script, "--program", args.program, "--config-file", file, "--out", tmp, "--json"];
  return new Promise<ResourceEntry[]>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        if (code !== 0) {
          const why = stderr.trim() || `exit code ${code}`;
          reject(Object.assign(new Error(`--diff: planning ${file} failed:\n${why}`), { exitCode: code }));
        } else resolve(readSaved(path.join(tmp, "resources.json")));
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

/** The plan to compare against, read or planned. */
export async function loadBase(spec: string, args: PlanArgs, programDir: string): Promise<BasePlan> {
  const source = baseSource(spec, programDir);
  const label = path.relative(process.cwd(), source.file) || source.file;
  if (source.kind === "saved") return { label, resources: readSaved(source.file) };
  return { label, resources: await planInChild(source.file, args) };
}
