// Preloaded into a plan process by the bench (NODE_OPTIONS=--require bench/probe.js): records
// when the first and last resources reach Pulumi's mock monitor (ms since process start), the
// memory, and which @pulumi packages were loaded, and writes them as JSON to $BENCH_PROBE_OUT
// on exit. It hooks Pulumi's MockMonitor, not the plan's code, so it measures any runner.
// Plain JavaScript: it loads before anything can transpile TypeScript.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");

const out = process.env.BENCH_PROBE_OUT;
const STACK = "pulumi:pulumi:Stack";
const record = { firstRegistrationMs: null, lastRegistrationMs: null, registrations: 0, atFirst: null };

function snapshot() {
  const packages = new Set();
  const files = Object.keys(require.cache);
  for (const f of files) {
    const m = /[\\/]node_modules[\\/](@pulumi[\\/][^\\/]+)[\\/]/.exec(f);
    if (m) packages.add(m[1].replace("\\", "/"));
  }
  const cpu = process.cpuUsage();
  return { modules: files.length, pulumiPackages: [...packages].sort(), rssBytes: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function hook(mocks) {
  const original = mocks.MockMonitor.prototype.registerResource;
  mocks.MockMonitor.prototype.registerResource = function (req, callback) {
    const now = performance.now();
    // The stack is registered by the runtime before the program runs: the program's first resource counts.
    if (req.getType() !== STACK) {
      record.registrations++;
      if (record.firstRegistrationMs === null) {
        record.firstRegistrationMs = now;
        record.atFirst = snapshot();
      }
      record.lastRegistrationMs = now;
    }
    return original.call(this, req, callback);
  };
}

if (out) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const exported = load.apply(this, arguments);
    if (exported && typeof exported.setMocks === "function" && typeof exported.MockMonitor === "function") {
      Module._load = load;
      hook(exported);
    }
    return exported;
  };
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const end = snapshot();
    fs.writeFileSync(out, JSON.stringify({ ...record, exitMs: performance.now(), maxRssKB: usage.maxRSS, cpuUserMs: usage.userCPUTime / 1000, cpuSystemMs: usage.systemCPUTime / 1000, atExit: end }));
  });
}
