import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planAllStacks, repoRoot, stackFiles, type PlanRun } from "./helpers/plan-run";
import { planInto } from "./helpers/security-plans";
import { checkPlan, readPackConfig } from "../policy/plan";
import { rules } from "../policy/rules";

/** The repository's dev stack is a throw-away stack (digit:backbone.protect false): reviewed with policy/throwaway.json. */
const throwaway = new Set(["Pulumi.dev.yaml"]);

describe("policy pack on every shipped stack", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  for (const f of stackFiles())
    it(`${path.basename(f)} passes every policy${throwaway.has(f) ? " (throw-away config)" : ""}`, () => {
      const r = runs.get(f)!;
      assert.equal(r.code, 0, r.stderr);
      const config = throwaway.has(f) ? readPackConfig(path.join(repoRoot, "policy", "throwaway.json")) : {};
      const mandatory = checkPlan(r.out!, config).filter((x) => x.level === "mandatory");
      assert.deepEqual(mandatory.map((x) => `${x.rule}: ${x.message}`), []);
    });

  it("the throw-away dev stack fails only stateful-protected without its config, and the config only advises", () => {
    const r = runs.get("Pulumi.dev.yaml")!;
    const strict = checkPlan(r.out!);
    assert.ok(strict.length > 0);
    assert.deepEqual([...new Set(strict.map((x) => x.rule))], ["stateful-protected"]);
    const loose = checkPlan(r.out!, readPackConfig(path.join(repoRoot, "policy", "throwaway.json")));
    assert.deepEqual([...new Set(loose.map((x) => x.level))], ["advisory"]);
  });
});

describe("policy pack on a deliberately bad stack", function () {
  this.timeout(120000);
  let out: string;
  let run: PlanRun;
  before(async () => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "digit-bad-")), "out");
    run = await planInto("tests/fixtures/bad-stack/Pulumi.bad.yaml", out, ["--program", "tests/fixtures/bad-stack/index.ts"]);
  });

  it("fails every rule, each with its own message and remedy", () => {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const findings = checkPlan(out);
    for (const rule of rules) {
      const mine = findings.filter((x) => x.rule === rule.name);
      assert.ok(mine.length > 0, `${rule.name} did not fire`);
      for (const x of mine) {
        assert.ok(x.message.endsWith(`: ${rule.remedy}`), x.message);
        assert.equal(x.level, "mandatory");
      }
    }
    const messages = findings.map((x) => x.message).join("\n");
    for (const want of [
      /container "app" of Deployment bad\/app has no requests\.cpu, requests\.memory, limits\.memory/,
      /image "nginx:latest" of container "app" in Deployment bad\/app is not pinned/,
      /env DB_PASSWORD of container "app" in Deployment bad\/app holds a credential/,
      /ConfigMap bad\/app-config key "smtp-password" holds a credential/,
      /PersistentVolumeClaim bad\/data holds data and is not protected/,
      /aws:rds\/instance:Instance bad-rds is publicly accessible/,
      /Service bad\/postgres is a LoadBalancer Service exposing data-store port 5432/,
      /aws:s3\/bucket:Bucket bad-bucket has the public ACL public-read/,
      /aws:s3\/bucket:Bucket bad-bucket has no default encryption/,
      /HTTPRoute bad\/app is served over plain HTTP/,
      /Deployment bad\/app uses hostNetwork, hostPath volume "host" \(\/var\/run\), privileged container "app"/,
      /Namespace bad has no default-deny NetworkPolicy/,
      /ClusterRoleBinding bad-agent binds ServiceAccount bad\/agent to cluster-admin/,
      /Service bad\/grafana is a NodePort Service outside the edge namespace digit-edge/,
      /Service bad\/grafana is a NodePort Service on dashboard port 3000/,
      /annotation grafana\/admin-password of Service bad\/grafana holds a credential/,
      /NetworkPolicy bad2\/allow-all allows all ingress beside the namespace's default deny/,
      /aws:eks\/cluster:Cluster bad-eks has a public API endpoint open to every address/,
      /Deployment bad\/app runs as the default service account and mounts its token/,
      /aws:rds\/instance:Instance bad-rds skips its final snapshot/,
      /PersistentVolumeClaim bad\/data holds data and is not retained on delete/,
    ])
      assert.match(messages, want);
  });

  it("the review CLI exits 1 and prints every rule's name", () => {
    const loader = fs.existsSync(path.join(repoRoot, "tools", "ts-cache.js")) ? "./tools/ts-cache.js" : "ts-node/register/transpile-only";
    const r = spawnSync(process.execPath, ["-r", loader, "policy/check-plan.ts", out], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(r.status, 1, r.stderr);
    for (const rule of rules) assert.match(r.stdout, new RegExp(`  ${rule.name} \\(mandatory\\): \\d+`));
    const usage = spawnSync(process.execPath, ["-r", loader, "policy/check-plan.ts"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(usage.status, 2);
  });
});
