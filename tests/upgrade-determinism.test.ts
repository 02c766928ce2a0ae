import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { filesUnder, planAllStacks, stackFiles, type PlanRun } from "./helpers/plan-run";
import { planInto, pool } from "./helpers/security-plans";

describe("deterministic plans: the same stack planned twice gives byte-identical files", function () {
  this.timeout(600000);
  const first = new Map<string, PlanRun>();
  const second = new Map<string, PlanRun>();

  before(async () => {
    const all = await planAllStacks();
    const files = stackFiles();
    for (const f of files) first.set(f, all.get(f)!);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-again-"));
    const runs = await pool(files.map((f) => () => planInto(f, path.join(tmp, path.basename(f, ".yaml")))));
    files.forEach((f, i) => second.set(f, runs[i]));
  });

  for (const f of stackFiles())
    it(`${path.basename(f)}: resources.json, every manifest, graph.mmd and graph.svg`, () => {
      const a = first.get(f)!;
      const b = second.get(f)!;
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const x = filesUnder(a.out!);
      const y = filesUnder(b.out!);
      assert.deepEqual([...y.keys()], [...x.keys()], "the same files");
      assert.ok(x.size > 20);
      const differ = [...x.keys()].filter((k) => x.get(k) !== y.get(k));
      assert.deepEqual(differ, [], "files that differ between two plans");
      // The summary too, but for the elapsed time.
      const strip = (s: string) => s.replace(/Elapsed: .*\n/, "").replace(/Wrote \d+ files to .*\n/, "");
      assert.equal(strip(b.stdout), strip(a.stdout));
    });
});
