// The README's pictures are drawn by the plan: each committed SVG must be what the plan of its
// stack draws now (run `npm run pictures` after changing what a stack deploys).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { planAllStacks, repoRoot, type PlanRun } from "./helpers/plan-run";
import { PICTURES, drawPicture, imagesDir } from "../tools/pictures";
import { targetPicture } from "../tools/plan/target-graph";

describe("pictures: docs/images/ is what the plan draws", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");

  before(async () => {
    runs = await planAllStacks();
  });

  it("draws the dev and prod component graphs and one picture per target kind, all in the README", () => {
    assert.deepEqual(PICTURES.filter((p) => p.kind === "components").map((p) => p.stack), ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]);
    const kinds = PICTURES.filter((p) => p.kind === "target").map((p) => p.file);
    assert.deepEqual(kinds, ["target-aws.svg", "target-azure.svg", "target-gcp.svg", "target-sdc.svg", "target-nic.svg"]);
    for (const p of PICTURES) assert.ok(readme.includes(`(docs/images/${p.file})`), `README shows ${p.file}`);
  });

  for (const p of PICTURES)
    it(`${p.file} is current (${p.stack})`, async () => {
      const run = runs.get(p.stack);
      assert.ok(run, `${p.stack} is a shipped stack`);
      assert.equal(run.code, 0, run.stderr);
      const committed = path.join(imagesDir, p.file);
      assert.ok(fs.existsSync(committed), `docs/images/${p.file} exists: run \`npm run pictures\``);
      const drawn = await drawPicture(p, run.out!);
      assert.match(drawn, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
      assert.ok(fs.readFileSync(committed, "utf8") === drawn, `docs/images/${p.file} differs from what the plan draws now: run \`npm run pictures\``);
    });

  it("the pictures name what the stacks deploy", () => {
    const text = (f: string) => fs.readFileSync(path.join(imagesDir, f), "utf8");
    for (const name of ["digit:platform:DigitPlatform", "digit:sdc:Target", "egov&#45;user", ">gateway<"]) assert.ok(text("dev-components.svg").includes(name), `dev: ${name}`);
    for (const name of ["digit:aws:Target", "digit:services:DigitService"]) assert.ok(text("prod-components.svg").includes(name), `prod: ${name}`);
    for (const [file, kinds] of Object.entries({ "target-aws.svg": ["Vpc", "Cluster", "NodeGroup", "Instance", "Bucket"], "target-azure.svg": ["ManagedCluster", "Server", "StorageAccount"], "target-gcp.svg": ["Cluster", "NodePool", "DatabaseInstance", "Bucket"] }))
      for (const k of kinds) assert.ok(new RegExp(`>${k}( ×\\d+)?<`).test(text(file)), `${file}: ${k}`);
  });

  it("a target picture groups the target's resources by type, data stores apart", () => {
    const resources = JSON.parse(fs.readFileSync(path.join(runs.get("examples/stacks/Pulumi.aws.yaml")!.out!, "resources.json"), "utf8"));
    const pic = targetPicture(resources);
    assert.equal(pic.target.type, "digit:aws:Target");
    const subnets = pic.groups.find((g) => g.type === "aws:ec2/subnet:Subnet");
    assert.ok(subnets && subnets.names.length >= 4, "subnets are one group");
    assert.equal(pic.groups.find((g) => g.type === "aws:rds/instance:Instance")?.stateful, true);
    assert.equal(pic.groups.find((g) => g.type === "aws:ec2/vpc:Vpc")?.stateful, false);
    const ids = new Map(pic.groups.map((g) => [g.type, g.id]));
    assert.ok(pic.edges.some((e) => e.from === ids.get("aws:ec2/subnet:Subnet") && e.to === ids.get("aws:ec2/vpc:Vpc")), "subnets depend on the VPC");
  });
});
