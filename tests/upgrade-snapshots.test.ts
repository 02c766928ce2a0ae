import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { planAllStacks, repoRoot, stackFiles, type PlanRun } from "./helpers/plan-run";
import { isStateful, readResources, stackNameOf } from "./helpers/security-plans";

/**
 * URN snapshots: the URNs of every shipped stack, one per line, committed under tests/snapshots/.
 * A URN that changes is a resource Pulumi deletes and creates again; for data that is data lost.
 * After a deliberate change (a new resource, a rename with an alias) refresh them:
 * `npm run snapshots` (UPDATE_SNAPSHOTS=1).
 */
const update = process.env.UPDATE_SNAPSHOTS === "1";
const snapshotFile = (stackFile: string) => path.join(repoRoot, "tests", "snapshots", `${stackNameOf(stackFile)}.urns.txt`);

describe("URN snapshots of every shipped stack", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  for (const f of stackFiles())
    it(`${path.basename(f)}: URNs match tests/snapshots/${stackNameOf(f)}.urns.txt`, () => {
      const r = runs.get(f)!;
      assert.equal(r.code, 0, r.stderr);
      const resources = readResources(r.out!);
      const urns = resources.map((x) => x.urn).sort();
      const file = snapshotFile(f);
      if (update) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, urns.join("\n") + "\n");
        return;
      }
      assert.ok(fs.existsSync(file), `no snapshot ${path.relative(repoRoot, file)}: run npm run snapshots`);
      const want = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
      const have = new Set(urns);
      const removed = want.filter((u) => !have.has(u));
      const added = urns.filter((u) => !want.includes(u));
      const byUrn = new Map(resources.map((x) => [x.urn, x]));
      // A removed URN of data (same name and type now under another URN) is a rename that needs an alias.
      const renamedData = removed.filter((u) => {
        const tail = u.split("::").slice(-1)[0];
        const type = u.split("::")[2]?.split("$").pop();
        return added.some((a) => a.endsWith(`::${tail}`) && a.split("::")[2]?.split("$").pop() === type && isStateful(byUrn.get(a)!));
      });
      assert.ok(
        removed.length === 0 && added.length === 0,
        [
          `URNs of ${path.basename(f)} changed (${removed.length} removed, ${added.length} added).`,
          ...(renamedData.length ? [`Resources holding data moved: give each an alias to its old URN: ${renamedData.join(", ")}`] : []),
          ...removed.slice(0, 15).map((u) => `  - ${u}`),
          ...added.slice(0, 15).map((u) => `  + ${u}`),
          "If the change is deliberate (and renames carry aliases), refresh the snapshots: npm run snapshots",
        ].join("\n"),
      );
    });
});
