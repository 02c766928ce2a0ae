// Runs whole processes and measures them: wall time from the parent's clock, peak memory from
// /usr/bin/time (when present), and what bench/probe.js saw inside a plan process.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = fs.existsSync(GNU_TIME);

export interface Snapshot {
  modules: number;
  pulumiPackages: string[];
  rssBytes: number;
  /** user + system CPU time of the process so far */
  cpuMs: number;
}

/** What bench/probe.js writes (times in ms since the process started). */
export interface Probe {
  /** the program's first resource constructor (the SDK's registerResource): start-up ends here */
  firstResourceMs: number | null;
  atFirstResource: Snapshot | null;
  /** the first registration the mock monitor receives (after the program's synchronous construction) */
  firstRegistrationMs: number | null;
  lastRegistrationMs: number | null;
  registrations: number;
  exitMs: number;
  maxRssKB: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  atFirst: Snapshot | null;
  atExit: Snapshot;
}

export interface RunResult {
  command: string;
  code: number | null;
  wallMs: number;
  /** peak resident memory of the process tree's largest process (GNU time's %M), KiB */
  maxRssKB: number;
  stdout: string;
  stderr: string;
  probe?: Probe;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** preload bench/probe.js and collect what it saw */
  probe?: boolean;
  timeoutMs?: number;
}

const PROBE = path.resolve(__dirname, "..", "probe.js");

/** Quote for display and for `sh -c` (the commands the report prints can be pasted in a shell). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Run a shell command line (as npm runs a script) and measure it. */
export function runShell(commandLine: string, opts: RunOptions): Promise<RunResult> {
  return run("sh", ["-c", commandLine], commandLine, opts);
}

export async function run(file: string, args: string[], display: string, opts: RunOptions): Promise<RunResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-bench-run-"));
  const timeFile = path.join(tmp, "time.txt");
  const probeFile = path.join(tmp, "probe.json");
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  if (opts.probe) {
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--require "${PROBE}"`].filter(Boolean).join(" ");
    env.BENCH_PROBE_OUT = probeFile;
  }
  const [cmd, argv] = hasGnuTime ? [GNU_TIME, ["-f", "%e %M", "-o", timeFile, file, ...args]] : [file, args];
  const started = performance.now();
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, argv, { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (b) => out.push(b));
      child.stderr.on("data", (b) => err.push(b));
      const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs) : undefined;
      child.on("error", reject);
      child.on("close", (c) => {
        if (timer) clearTimeout(timer);
        resolve({ code: c, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
      });
    });
    const wallMs = performance.now() - started;
    const probe = opts.probe && fs.existsSync(probeFile) ? (JSON.parse(fs.readFileSync(probeFile, "utf8")) as Probe) : undefined;
    let maxRssKB = probe?.maxRssKB ?? NaN;
    if (hasGnuTime && fs.existsSync(timeFile)) {
      // GNU time appends "Command exited with non-zero status N" before its format line.
      const last = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
      const m = /^([\d.]+) (\d+)$/.exec(last);
      if (m) maxRssKB = Number(m[2]);
    }
    return { command: display, code, wallMs, maxRssKB, stdout, stderr, probe };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Fail loudly: a failed run's timing means nothing. */
export function ensureOk(r: RunResult): RunResult {
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split("\n").slice(-8).join("\n");
    throw new Error(`\`${r.command}\` exited with ${r.code}:\n${tail}`);
  }
  return r;
}
