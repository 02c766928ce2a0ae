/**
 * The config-repo check (npm run check-configs) against real git repositories made here and
 * served by `git daemon` on loopback, and the pods' own init step that fails fast on a missing file.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { formatReport, missingFiles, requiredFiles, type RepoRequirement } from "../tools/config-repo/check";
import { vendorRoot } from "../tools/digit-upstream/releases";
import { catalogLts } from "../components/services/catalog";
import { configCheckScript } from "../components/services/render";
import { parse, minimalValues } from "./helpers/config";
import { runCommand, tsLoader } from "./helpers/plan-run";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A git repository holding these files (empty contents), committed on `branch`. */
function makeRepo(root: string, name: string, branch: string, files: string[]) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) => execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...a], { stdio: "ignore" });
  git("init", "-q", "-b", branch);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), "# test\n");
  }
  git("add", "-A");
  git("commit", "-q", "-m", "files");
}

describe("config-repo check", function () {
  this.timeout(120_000);
  let root: string;
  let daemon: ChildProcess;
  let port: number;
  const config = parse({ ...minimalValues(), modules: ["core-services"] });
  const configsFiles = requiredFiles(config).find((r) => r.key === "configs")!.files.map((f) => f.path);
  // pb's MDMS masters of the core-services closure, one file in each folder
  const mdmsFolders = requiredFiles(config).find((r) => r.key === "mdms")!.files.filter((f) => f.kind === "dir" && f.path !== "data/pb").map((f) => f.path);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "digit-cfg-"));
    // configs: every file but two; mdms: tenant pb's masters, no master-config.json
    makeRepo(root, "configs", "STATE-PROD", configsFiles.filter((f) => !/pgr-services-persister|egov-telemetry-indexer/.test(f)).map((f) => f.replace("*", "overview")));
    makeRepo(root, "egov-mdms-data", "STATE-PROD", mdmsFolders.map((d) => `${d}/masters.json`));
    port = await freePort();
    daemon = spawn("git", ["daemon", `--base-path=${root}`, "--export-all", "--reuseaddr", "--listen=127.0.0.1", `--port=${port}`, root], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((r) => net.connect(port, "127.0.0.1").on("connect", function (this: net.Socket) { this.end(); r(true); }).on("error", () => r(false)));
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => {
    daemon?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  function stackFile(configsRef: string, tenant = "pb"): string {
    const f = path.join(root, `Pulumi.check-${configsRef}-${tenant}.yaml`);
    fs.writeFileSync(
      f,
      [
        "config:",
        "  digit:target: { kind: sdc, kubeconfig: /etc/k }",
        "  digit:domain: digit.example.gov.in",
        `  digit:stateTenantId: ${tenant}`,
        "  digit:modules: [core-services]",
        "  digit:configRepos:",
        `    configs: { url: "git://127.0.0.1:${port}/configs", ref: ${configsRef} }`,
        `    mdms: { url: "git://127.0.0.1:${port}/egov-mdms-data", ref: STATE-PROD }`,
        "",
      ].join("\n"),
    );
    return f;
  }
  const check = (file: string) => runCommand(process.execPath, ["-r", tsLoader, "tools/check-configs.ts", "--config-file", file]);

  it("lists each missing file with the services that read it, and exits 1", async () => {
    const r = await check(stackFile("STATE-PROD"));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL  git:\/\/127\.0\.0\.1:\d+\/configs@STATE-PROD \(digit:configRepos\.configs\): \d+ of \d+ files present; missing:/);
    assert.match(r.stdout, /\n {8}egov-persister\/pgr-services-persister\.yml {2}\(read by egov-persister for complaints\)\n/);
    assert.match(r.stdout, /\n {8}egov-indexer\/egov-telemetry-indexer\.yml {2}\(read by egov-indexer for egov-telemetry, which this catalog does not deploy \(eGov's list names it\)\)\n/);
    assert.match(r.stdout, /master-config\.json {2}\(read by egov-mdms-service for core-services\)/);
    assert.doesNotMatch(r.stdout, /data\/pb\//, "tenant pb has its MDMS folder and masters");
  });

  it("names a state tenant whose MDMS data folder does not exist", async () => {
    const r = await check(stackFile("STATE-PROD", "kl"));
    assert.match(r.stdout, /data\/kl\/ \(a folder with the state tenant's MDMS data\) {2}\(read by egov-mdms-service for core-services\)/);
    assert.match(r.stdout, /data\/kl\/ACCESSCONTROL-ROLES\/ \(MDMS masters\) {2}\(read by egov-mdms-service for core-services: egov-accesscontrol, egov-user; common-services: egov-hrms\)/);
  });

  it("says when a ref cannot be fetched", async () => {
    const r = await check(stackFile("NO-SUCH-BRANCH"));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL  git:\/\/127\.0\.0\.1:\d+\/configs@NO-SUCH-BRANCH .*cannot fetch/);
  });

  it("matches globs and folders as the services read them", () => {
    const required = [
      { path: "egov-dss-dashboards/dashboard-analytics/*.json", services: ["dashboard-analytics"] },
      { path: "data/pb", services: ["egov-mdms-service"], kind: "dir" as const },
      { path: "a.yml", services: ["x"] },
    ];
    assert.deepEqual(missingFiles(required, ["egov-dss-dashboards/dashboard-analytics/home.json", "data/pb/x.json", "a.yml"]), []);
    assert.deepEqual(
      missingFiles(required, ["egov-dss-dashboards/dashboard-analytics/sub/home.json", "data/pbx/x.json"]).map((f) => f.path),
      ["egov-dss-dashboards/dashboard-analytics/*.json", "data/pb", "a.yml"],
    );
  });

  it("runs the same check in each pod after git-sync, listing every missing file before it fails", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "digit-workdir-"));
    fs.mkdirSync(path.join(work, "configs", "egov-persister"), { recursive: true });
    fs.writeFileSync(path.join(work, "configs", "egov-persister", "a.yml"), "");
    const script = configCheckScript([{ dir: "configs", url: "https://git.example/configs.git", ref: "R", files: ["egov-persister/a.yml", "egov-persister/b.yml", "dash/*.json"] }]).replaceAll("/work-dir/", `${work}/`);
    let out = "";
    let code = 0;
    try {
      out = execFileSync("sh", ["-c", script], { encoding: "utf8" });
    } catch (e: any) {
      code = e.status;
      out = e.stdout;
    }
    assert.equal(code, 1);
    assert.match(out, /config files missing in configs=https:\/\/git\.example\/configs\.git@R:\n {2}configs\/egov-persister\/b\.yml\n {2}configs\/dash\/\*\.json/);
    fs.rmSync(work, { recursive: true, force: true });
  });
});

/** eGov's own repositories at the refs the catalog pins: their trees as vendored (vendor/egov/trees). */
describe("config-repo check against eGov's trees (egovernments/configs and egov-mdms-data at UNIFIED-QA)", () => {
  const tree = (dir: string) => fs.readFileSync(path.join(vendorRoot, "trees", `${dir}.txt`), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  const all = catalogLts.modules.map((m) => m.name);
  const check = (modules: string[], stateTenantId: string) =>
    requiredFiles(parse({ ...minimalValues(), stateTenantId, modules })).map((r) => ({ r, missing: missingFiles(r.files, tree(r.dir)) }));
  const report = (runs: Array<{ r: RepoRequirement; missing: ReturnType<typeof missingFiles> }>) => runs.flatMap(({ r, missing }) => formatReport(r, missing)).join("\n");

  it("the refs are the catalog's defaults, the trees' commits recorded", () => {
    const runs = check(all, "pb");
    assert.deepEqual(runs.map(({ r }) => `${r.url}@${r.ref}`), ["https://github.com/egovernments/configs.git@UNIFIED-QA", "https://github.com/egovernments/egov-mdms-data.git@UNIFIED-QA"]);
    for (const dir of ["configs", "egov-mdms-data"]) assert.match(fs.readFileSync(path.join(vendorRoot, "trees", `${dir}.txt`), "utf8"), /^# egovernments\/\S+ at UNIFIED-QA \([0-9a-f]{40}\)/);
  });

  it("with stateTenantId pb, every module's persister, indexer, PDF, dashboard and MDMS files are there", () => {
    for (const m of all) {
      const runs = check([m], "pb");
      assert.deepEqual(runs.flatMap(({ missing }) => missing.map((f) => f.path)), [], `${m}:\n${report(runs)}`);
    }
    const runs = check(all, "pb");
    const mdms = runs.find(({ r }) => r.key === "mdms")!.r;
    for (const m of catalogLts.modules) for (const master of m.mdmsMasters) assert.ok(mdms.files.some((f) => f.path === `data/pb/${master.folder}` && f.kind === "dir" && f.modules?.includes(m.name)), `${m.name}: ${master.folder}`);
    assert.match(report(runs), /^ok {4}https:\/\/github\.com\/egovernments\/configs\.git@UNIFIED-QA \(digit:configRepos\.configs\): 175 of 175 files present\nok /);
  });

  it("a tenant without its folders gets a line for each, naming the module and the services that read it", () => {
    const runs = check(["water-sewerage"], "kl");
    const text = report(runs);
    assert.match(text, /\n {8}data\/kl\/ \(a folder with the state tenant's MDMS data\) {2}\(read by egov-mdms-service for core-services\)\n/);
    assert.match(text, /\n {8}data\/kl\/ws-services-masters\/ \(MDMS masters\) {2}\(read by egov-mdms-service for water-sewerage: sw-services, ws-calculator, ws-services\)(\n|$)/);
    assert.match(text, /\n {8}data\/kl\/PropertyTax\/ \(MDMS masters\) {2}\(read by egov-mdms-service for property-tax: property-services, pt-calculator-v2, pt-services-v2; water-sewerage: sw-calculator, sw-services, ws-calculator, ws-services\)(\n|$)/);
    assert.ok(runs.find(({ r }) => r.key === "configs")!.missing.length === 0, "the configs tree does not depend on the tenant");
  });

  it("eGov's env default tenant pg lacks the urban modules' masters, and egov-document-uploader's and inbox's", () => {
    const missing = check(all, "pg").flatMap(({ missing }) => missing.map((f) => f.path.replace("data/pg/", "")));
    assert.deepEqual(missing.sort(), [
      "BPA", "Channel", "DocumentUploader", "EDCR", "NOC", "PropertyTax", "RAINMAKER-PGR", "StakeholderRegistraition", "TradeLicense",
      "egf-master", "firenoc", "inbox-dss", "sw-services-calculation", "ws-services-calculation", "ws-services-masters",
    ].sort());
    assert.deepEqual(check(["core-services"], "pg").flatMap(({ missing }) => missing.map((f) => f.path)), ["data/pg/DocumentUploader"]);
  });

  it("says which module a missing file serves", () => {
    const runs = check(["water-sewerage"], "pb");
    const configs = runs.find(({ r }) => r.key === "configs")!.r;
    const lines = formatReport(configs, configs.files.filter((f) => /water-persist|fsm-persister|pdf-generator/.test(f.path)));
    assert.deepEqual(lines.slice(1), [
      "        egov-persister/pdf-generator.yml  (read by egov-persister for core-services)",
      "        egov-persister/water-persist.yml  (read by egov-persister for water-sewerage)",
      "        sanitation/egov-persister/fsm-persister.yaml  (read by egov-persister for sanitation (FSM), which this catalog does not deploy (eGov's list names it))",
    ]);
  });
});
