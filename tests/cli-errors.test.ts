// The plan's and the policy runner's errors as a newcomer meets them: one clean line (or the
// config error alone), naming what was read and what exists.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stacksIn } from "../tools/plan/run";
import { repoRoot, runCommand, runPlan } from "./helpers/plan-run";

const tsLoader = path.join(repoRoot, "tools", "ts-cache.js");
const noStackTrace = (s: string) => !/\n\s+at /.test(s);

describe("plan CLI: error messages", function () {
  this.timeout(120000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-cli-errors-"));
  let unknownStack: Awaited<ReturnType<typeof runPlan>>, named: Awaited<ReturnType<typeof runPlan>>, invalid: Awaited<ReturnType<typeof runPlan>>;

  before(async () => {
    // A stack file not named Pulumi.<name>.yaml, with a dotted key and modules as a string.
    fs.writeFileSync(path.join(tmp, "kerala.yaml"), "config:\n  digit:target:\n    kind: sdc\n    kubeconfig: /etc/k\n  digit:domain: digit.kerala.gov.in\n  digit:stateTenantId: kl\n");
    fs.writeFileSync(path.join(tmp, "Pulumi.kl.yaml"), "config:\n  digit:target.kind: sdc\n  digit:domain: digit.kerala.gov.in\n  digit:stateTenantId: kl\n  digit:modules: core\n");
    [unknownStack, named, invalid] = await Promise.all([
      runPlan(["--stack", "kerala"], { NO_COLOR: "1" }),
      runPlan(["--config-file", path.join(tmp, "kerala.yaml"), "--json"], { NO_COLOR: "1" }),
      runPlan(["--config-file", path.join(tmp, "Pulumi.kl.yaml")], { NO_COLOR: "1" }),
    ]);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--stack unknown lists the stacks that exist", () => {
    assert.equal(unknownStack.code, 1);
    const known = stacksIn(repoRoot);
    assert.ok(known.includes("dev") && known.includes("prod"), known.join(", "));
    assert.equal(
      unknownStack.stderr,
      `error: --stack kerala: there is no Pulumi.kerala.yaml; the stacks here are ${known.join(", ")}: write Pulumi.kerala.yaml (see README, "Plan a stack for your own state"), or give a file with --config-file\n`,
    );
  });

  it("--config-file plans under that file's stack name, whatever the file is called", () => {
    assert.equal(named.code, 0, named.stderr);
    const j = JSON.parse(named.stdout);
    assert.equal(j.stack, "kerala");
    assert.ok(j.criticalPath.every((c: any) => c.urn.startsWith("urn:pulumi:kerala::")), "the URNs name the stack too");
  });

  it("a config error names the stack file actually read, hints at nesting and at lists, and has no stack trace", () => {
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /digit:target\.kind: unknown key; a dotted key does not nest in a stack file: write digit:target: \{kind: sdc\}/);
    assert.match(invalid.stderr, /digit:modules: got "core"; expected a list: write digit:modules: \[core-services\]/);
    assert.ok(invalid.stderr.endsWith(`\nFix it in ${path.join(tmp, "Pulumi.kl.yaml")} or with \`pulumi config set\` (every key: docs/config-reference.md of digit-pulumi).\n`), invalid.stderr);
    assert.ok(noStackTrace(invalid.stderr));
  });

  it("npm run policy on a missing directory, or one without a plan: one clean line, exit 2", async () => {
    const policy = (arg: string) => runCommand(process.execPath, ["-r", tsLoader, "policy/check-plan.ts", arg]);
    const [missing, empty] = await Promise.all([policy(path.join(tmp, "no-such-dir")), policy(tmp)]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `error: ${path.join(tmp, "no-such-dir")}: no such file or directory; give the directory \`npm run plan -- --out <dir>\` wrote, or its resources.json\n`);
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr, `error: ${tmp}: holds no resources.json; give the directory \`npm run plan -- --out <dir>\` wrote\n`);
    assert.equal(missing.stdout + empty.stdout, "");
  });
});
