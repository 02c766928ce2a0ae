// Preloaded into a plan process by the bench (NODE_OPTIONS=--require bench/probe.js): records
// (in ms since process start) when the program constructs its first resource, when the first and
// last registrations reach Pulumi's mock monitor, the CPU and memory used by then, and which
// @pulumi packages were loaded; writes them as JSON to $BENCH_PROBE_OUT on exit. It hooks
// Pulumi's SDK (runtime/resource.js and the MockMonitor), not the plan's code, so it measures any
// runner. Plain JavaScript: it loads before anything can transpile TypeScript.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");

const out = process.env.BENCH_PROBE_OUT;
const STACK = "pulumi:pulumi:Stack";
const record = {
  firstResourceMs: null,
  atFirstResource: null,
  firstRegistrationMs: null,
  lastRegistrationMs: null,
  registrations: 0,
  atFirst: null,
};

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

// The SDK's registerResource runs inside every resource's constructor: the program's first call
// is where start-up ends and the program's own work begins.
function hookSdk(runtimeResource) {
  const original = runtimeResource.registerResource;
  runtimeResource.registerResource = function (res, parent, type) {
    if (record.firstResourceMs === null && type !== STACK) {
      record.firstResourceMs = performance.now();
      record.atFirstResource = snapshot();
    }
    return original.apply(this, arguments);
  };
}

// The mock monitor receives registrations once their inputs are resolved, after the program's
// synchronous construction.
function hookMonitor(mocks) {
  const original = mocks.MockMonitor.prototype.registerResource;
  mocks.MockMonitor.prototype.registerResource = function (req, callback) {
    const now = performance.now();
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
  let sdk = false;
  let monitor = false;
  Module._load = function (request, parent, isMain) {
    const exported = load.apply(this, arguments);
    if (exported && typeof exported === "object") {
      if (!sdk && typeof exported.registerResource === "function" && typeof exported.registerResourceOutputs === "function" && typeof exported.readResource === "function") {
        sdk = true;
        hookSdk(exported);
      }
      if (!monitor && typeof exported.setMocks === "function" && typeof exported.MockMonitor === "function") {
        monitor = true;
        hookMonitor(exported);
      }
      if (sdk && monitor) Module._load = load;
    }
    return exported;
  };
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(
      out,
      JSON.stringify({
        ...record,
        exitMs: performance.now(),
        maxRssKB: usage.maxRSS,
        cpuUserMs: usage.userCPUTime / 1000,
        cpuSystemMs: usage.systemCPUTime / 1000,
        atExit: snapshot(),
      }),
    );
  });
}
