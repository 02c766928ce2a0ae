// mocha's configuration. `npm test` runs every test file in two parallel workers (this machine's
// two cores), the longest files first so that neither worker is left with a long tail; the shipped
// stacks are planned once per run for all of them (tests/helpers/test-run.ts, plan-run.ts).
const fs = require("node:fs");
const path = require("node:path");

// Files that take longest (each over ~20 s: packing and installing the package, typedoc, planning).
const longest = ["integrator", "conformance", "docs", "upgrade-determinism", "cli", "platform", "same-graph", "upgrade"].map((f) => `tests/${f}.test.ts`);
const all = fs.readdirSync(path.join(__dirname, "tests")).filter((f) => f.endsWith(".test.ts")).sort().map((f) => `tests/${f}`);

// Files named on the command line (`npx mocha tests/x.test.ts`) run alone: mocha adds the
// configuration's spec to them, so it is left out then.
const named = process.argv.slice(2).some((a) => /\.test\.ts$|^tests\//.test(a));

module.exports = {
  require: ["./tools/ts-cache.js", "tests/helpers/test-run.ts"],
  extension: ["ts"],
  timeout: 60000,
  reporter: "spec",
  parallel: true,
  jobs: 2,
  spec: named ? [] : [...longest.filter((f) => all.includes(f)), ...all.filter((f) => !longest.includes(f))],
};
