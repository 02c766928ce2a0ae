import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { colourEnabled, paintSummary, painter, stripColour } from "../tools/plan/colour";
import { USAGE } from "../tools/plan/args";
import { placeholderFor } from "../tools/plan/stackfile";
import { runPlan } from "./helpers/plan-run";

const root = path.resolve(__dirname, "..");
const fixture = path.join("tests", "fixtures", "cli");
const program = path.join(fixture, "program.ts");
const stackFile = (name: string) => path.join(fixture, `Pulumi.${name}.yaml`);
const ESC = "\u001b[";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The plan CLI in its own process, with a controlled environment (no colour settings inherited). */
function plan(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runPlan(args, { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env });
}

describe("plan CLI: --help, --json, colours", function () {
  this.timeout(120000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-cli-"));
  let help: Run, text: Run, json: Run, forced: Run, noColour: Run, jsonOut: Run;

  before(async () => {
    [help, text, json, forced, noColour, jsonOut] = await Promise.all([
      plan(["--help"]),
      plan(["--program", program, "--config-file", stackFile("base")]),
      plan(["--program", program, "--config-file", stackFile("base"), "--json"]),
      plan(["--program", program, "--config-file", stackFile("base")], { FORCE_COLOR: "1" }),
      plan(["--program", program, "--config-file", stackFile("base")], { FORCE_COLOR: "1", NO_COLOR: "1" }),
      plan(["--program", path.join("tests", "fixtures", "plan", "program.ts"), "--stack", "fixture", "--json", "--out", path.join(tmp, "fixture")]),
    ]);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--help prints the usage with every flag, the exit codes and examples, and exits 0", () => {
    assert.equal(help.code, 0);
    assert.equal(help.stdout, USAGE + "\n");
    for (const flag of ["--stack", "--config-file", "--out", "--json", "--diff", "--allow-replace", "--program", "--debug", "NO_COLOR"]) assert.ok(help.stdout.includes(flag), flag);
    assert.match(help.stdout, /Exit codes: 0 planned, 1 failed, 2 invalid stack config, 3 .*\n.*4 \(--diff\) a stateful resource would be replaced/);
    assert.ok(!help.stdout.includes(ESC));
  });

  it("prints no colour codes when stdout is a pipe, nor when NO_COLOR is set (even with FORCE_COLOR)", () => {
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Offline plan of stack "base": 7 resources/);
    assert.ok(!text.stdout.includes(ESC), "piped output has no escape codes");
    assert.equal(noColour.code, 0);
    assert.ok(!noColour.stdout.includes(ESC), "NO_COLOR wins");
  });

  it("colours headings when forced, and the text is otherwise the same", () => {
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(forced.stdout.includes(`${ESC}1mOffline plan of stack "base"`), "the title in bold");
    assert.ok(forced.stdout.includes(`${ESC}1mResources per type:${ESC}22m`));
    const strip = (s: string) => stripColour(s).replace(/Elapsed: .*/, "");
    assert.equal(strip(forced.stdout), strip(text.stdout));
  });

  it("colours on a real terminal, and not there when NO_COLOR is set", function () {
    // `script` gives the child a pseudo-terminal (util-linux); without it this case cannot be run.
    if (spawnSync("script", ["--version"]).status !== 0) this.skip();
    const cmd = (env: string) =>
      spawnSync("script", ["-qec", `env -u FORCE_COLOR ${env} ${process.execPath} -r ts-node/register/transpile-only tools/plan.ts --program ${program} --config-file ${stackFile("base")}`, "/dev/null"], {
        cwd: root,
        encoding: "utf8",
        timeout: 60000,
      });
    const tty = cmd("-u NO_COLOR");
    assert.equal(tty.status, 0, tty.stdout + tty.stderr);
    assert.ok(tty.stdout.includes(`${ESC}1mOffline plan of stack`), "a terminal gets colours");
    const off = cmd("NO_COLOR=1");
    assert.equal(off.status, 0);
    assert.match(off.stdout, /Offline plan of stack "base"/);
    assert.ok(!off.stdout.includes(ESC), "NO_COLOR on a terminal");
  });

  it("--json prints one JSON document with the summary's figures and nothing else", () => {
    assert.equal(json.code, 0, json.stderr);
    const j = JSON.parse(json.stdout);
    assert.equal(j.format, "digit-plan/1");
    assert.equal(j.stack, "base");
    assert.deepEqual(j.resources, { total: 7, custom: 5, components: 0, providers: 1, protected: 1, retainedOnDelete: 0 });
    assert.deepEqual(j.requests, { cpuMillis: 350, memoryMiB: 640, workloads: 2, pods: 2, containersWithoutRequests: [] });
    assert.deepEqual(j.capacity, { nodes: 1, cpuMillis: 2000, memoryMiB: 4096 });
    assert.equal(j.fits, true);
    assert.deepEqual(
      j.criticalPath.map((c: any) => c.name),
      ["cli", "cli-ns", "cli-db"],
    );
    assert.ok(j.criticalPath.every((c: any) => c.urn.startsWith("urn:pulumi:base::digit::")));
    assert.deepEqual(j.perType.find((t: any) => t.type === "kubernetes:apps/v1:StatefulSet"), { type: "kubernetes:apps/v1:StatefulSet", count: 1 });
    assert.equal(j.out, null);
    assert.deepEqual(j.leaks, []);
    assert.ok(Number.isInteger(j.elapsedMs));
    assert.ok(!("diff" in j));
  });

  it("--json with --out reports the files written, components, and never a secret", () => {
    assert.equal(jsonOut.code, 0, jsonOut.stderr);
    const j = JSON.parse(jsonOut.stdout);
    assert.deepEqual(j.out, { dir: path.join(tmp, "fixture"), files: 9 });
    assert.deepEqual(j.perComponent, [{ name: "demo", type: "digit:test:Platform", resources: 11 }]);
    assert.equal(j.resources.retainedOnDelete, 1);
    assert.ok(fs.existsSync(path.join(tmp, "fixture", "resources.json")));
    assert.ok(!jsonOut.stdout.includes("Wrote"), "no text lines in JSON mode");
    assert.ok(!jsonOut.stdout.includes(placeholderFor("digit:apiToken")));
  });
});

describe("colour decisions", () => {
  it("terminal only; NO_COLOR always wins; FORCE_COLOR forces a pipe", () => {
    assert.equal(colourEnabled({ isTTY: true }, {}), true);
    assert.equal(colourEnabled({ isTTY: false }, {}), false);
    assert.equal(colourEnabled({}, {}), false);
    assert.equal(colourEnabled({ isTTY: true }, { NO_COLOR: "1" }), false);
    assert.equal(colourEnabled({ isTTY: true }, { NO_COLOR: "" }), true, "an empty NO_COLOR is unset (no-color.org)");
    assert.equal(colourEnabled({ isTTY: false }, { FORCE_COLOR: "1" }), true);
    assert.equal(colourEnabled({ isTTY: true }, { FORCE_COLOR: "0" }), true);
    assert.equal(colourEnabled({ isTTY: false }, { FORCE_COLOR: "0" }), false);
    assert.equal(colourEnabled({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" }), false);
  });

  it("paints warnings yellow and leaves text alone when disabled", () => {
    const summary = "Offline plan of stack \"x\": 1 resources\n\nTarget capacity (1 nodes): 1 CPU\n  WARNING: requests exceed the target's capacity\n\nWarnings:\n  - Deployment a: no metadata.namespace\n";
    assert.equal(paintSummary(summary, false), summary);
    const painted = paintSummary(summary, true);
    assert.ok(painted.includes(`${ESC}1m${ESC}33m  WARNING`));
    assert.ok(painted.includes(`${ESC}33m  - Deployment a`));
    assert.equal(stripColour(painted), summary);
    assert.equal(painter(false)("x", "red"), "x");
  });
});
