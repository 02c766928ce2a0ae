// Facts about the machine and the checkout a bench run measured, for RESULTS.md.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";

function sh(file: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "n/a";
  }
}

export interface MachineFacts {
  date: string;
  nproc: string;
  free: string;
  cpu: string;
  os: string;
  node: string;
  npm: string;
  loadAverage: string;
  cpuPressure: string;
  commit: string;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
}

/** Linux pressure-stall figure for the CPU: % of time some runnable task waited for a core (10 s, 60 s, 300 s averages). */
export function cpuPressure(): string {
  try {
    const m = /some avg10=([\d.]+) avg60=([\d.]+) avg300=([\d.]+)/.exec(fs.readFileSync("/proc/pressure/cpu", "utf8"));
    return m ? `${m[1]}% ${m[2]}% ${m[3]}%` : "n/a";
  } catch {
    return "n/a";
  }
}

export function machineFacts(root: string): MachineFacts {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const release = fs.existsSync("/etc/os-release") ? fs.readFileSync("/etc/os-release", "utf8") : "";
  const commit = sh("git", ["rev-parse", "--short", "HEAD"], root);
  const dirty = sh("git", ["status", "--porcelain", "--untracked-files=no"], root);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: sh("nproc", []),
    free: sh("free", ["-m"]),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "n/a",
    os: `${/PRETTY_NAME="([^"]*)"/.exec(release)?.[1] ?? os.type()} (kernel ${os.release()})`,
    node: process.version,
    npm: sh("npm", ["--version"]),
    loadAverage: loadAverage(),
    cpuPressure: cpuPressure(),
    commit: commit === "n/a" ? commit : `${commit}${dirty && dirty !== "n/a" ? ` with ${dirty.split("\n").length} files changed since` : ""}`,
  };
}
