// The integrator's path, as a new user walks it: `npm pack` this repository, install the tarball
// into a copy of examples/integrator (a real `npm install`, from npm's cache where it can), then
// type-check that program with the `pulumi new typescript` template's tsconfig, run it under
// digit-pulumi/testing's mocks, and plan it offline. The slowest test file (one to two minutes).
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { tsLoader } from "./helpers/plan-run";

const root = path.resolve(__dirname, "..");
const example = path.join(root, "examples", "integrator");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const tarball = `${pkg.name}-${pkg.version}.tgz`;
const CLOUD_SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The environment without what `npm test` sets for its own package (npm_package_*, npm_lifecycle_*). */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(package|lifecycle)_/.test(k) && k !== "FORCE_COLOR"));
}

describe("integrator: the packed package in an integrator's own program", function () {
  this.timeout(240000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-integrator-"));
  const app = path.join(tmp, "app");
  const out = path.join(tmp, "plan");
  let entries: string[];
  let install: Run;
  let plan: Run;
  const timings: Record<string, number> = {};

  before(async () => {
    const pack = await run("npm", ["pack", "--pack-destination", tmp, "--loglevel=error"], root, npmEnv());
    timings.pack = pack.ms;
    assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr}`);
    const list = await run("tar", ["-tzf", path.join(tmp, tarball)], tmp);
    assert.equal(list.code, 0, list.stderr);
    entries = list.stdout.split("\n").filter(Boolean).map((e) => e.replace(/^package\//, ""));

    // A copy of the example as an integrator would have it: no node_modules, the tarball by path.
    fs.mkdirSync(app);
    for (const f of fs.readdirSync(example)) if (!["node_modules", "bin", "package-lock.json"].includes(f)) fs.cpSync(path.join(example, f), path.join(app, f), { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    manifest.dependencies[pkg.name] = `file:${path.join(tmp, tarball)}`;
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(manifest, null, 2));
    // npm's cache holds every dependency after the repository's own install: no download needed.
    install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], app, npmEnv());
    timings.install = install.ms;
    assert.equal(install.code, 0, `npm install failed:\n${install.stderr}`);
    plan = await run(process.execPath, ["-r", tsLoader, "tools/plan.ts", "--program", path.join(app, "index.ts"), "--config-file", path.join(app, "Pulumi.dev.yaml"), "--out", out, "--json"], root, npmEnv());
    timings.plan = plan.ms;
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`      (npm pack ${timings.pack} ms, npm install ${timings.install} ms, plan ${timings.plan} ms)`);
  });

  it("the example depends on the tarball `npm pack` writes, not on the sources", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(example, "package.json"), "utf8"));
    assert.equal(manifest.dependencies[pkg.name], `file:../../${tarball}`, "update examples/integrator/package.json when the version changes");
    assert.equal(manifest.dependencies["@pulumi/pulumi"], pkg.dependencies["@pulumi/pulumi"]);
    assert.equal(manifest.dependencies["@pulumi/kubernetes"], pkg.dependencies["@pulumi/kubernetes"]);
    for (const sdk of CLOUD_SDKS) assert.ok(!(sdk in manifest.dependencies), `${sdk}: an sdc program needs no cloud SDK`);
    const source = fs.readFileSync(path.join(example, "index.ts"), "utf8");
    assert.ok(!/from "\.\.?\//.test(source), "no relative imports into the repository");
    assert.match(source, /from "digit-pulumi"/);
    assert.match(source, /from "digit-pulumi\/sdc"/);
  });

  it("the tarball holds the built entry and every target subpath (.js and .d.ts), the schema, and no tests or sources", () => {
    for (const [subpath, target] of Object.entries<any>(pkg.exports)) {
      if (typeof target === "string") continue;
      for (const file of [target.default, target.types]) assert.ok(entries.includes(file.replace(/^\.\//, "")), `${subpath}: ${file} is packed`);
    }
    for (const t of ["sdc", "nic", "aws", "azure", "gcp"]) {
      assert.ok(entries.includes(`dist/providers/${t}.js`), t);
      assert.ok(entries.includes(`dist/providers/${t}.d.ts`), t);
    }
    assert.ok(entries.includes("dist/lib/index.js") && entries.includes("dist/lib/index.d.ts"));
    assert.ok(entries.includes("schema/stack-file.schema.json"));
    assert.ok(entries.includes("README.md") && entries.includes("package.json"));
    const unwanted = entries.filter((e) => /(^|\/)tests?\/|\.test\.|^tools\/|^examples\/|^bench\/|^scratch\/|(?<!\.d)\.ts$|\.map$/.test(e));
    assert.deepEqual(unwanted, []);
  });

  it("installs without any cloud SDK: they are optional peers, and an sdc program loads none", async () => {
    for (const sdk of CLOUD_SDKS) assert.ok(!fs.existsSync(path.join(app, "node_modules", sdk)), `${sdk} was installed`);
    assert.ok(fs.existsSync(path.join(app, "node_modules", pkg.name, "dist", "lib", "index.js")));
    const probe = await run(
      process.execPath,
      [
        "-e",
        `const lib = require("digit-pulumi"); const sdc = require("digit-pulumi/sdc");
         const cloud = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]@pulumi[\\\\/](aws|azure-native|gcp)[\\\\/]/.test(k));
         let aws; try { require("digit-pulumi/aws"); aws = "loaded"; } catch (e) { aws = e.message.split("\\n")[0]; }
         console.log(JSON.stringify({ exports: Object.keys(lib).sort(), sdc: typeof sdc.createTarget, cloud, aws }));`,
      ],
      app,
    );
    assert.equal(probe.code, 0, probe.stderr);
    const r = JSON.parse(probe.stdout);
    for (const name of ["DigitPlatform", "DigitService", "loadStackConfig", "parseDigitConfig", "digitConfigSchema", "ConfigError", "targetContext", "preflight"]) assert.ok(r.exports.includes(name), name);
    assert.equal(r.sdc, "function");
    assert.deepEqual(r.cloud, [], "no cloud SDK module was loaded");
    assert.match(r.aws, /the aws target needs @pulumi\/aws, which is not installed: run `npm install @pulumi\/aws`/, "the aws subpath names its optional peer");
  });

  it("the example's tsconfig is the `pulumi new typescript` template's (vendored), with no skipLibCheck or esModuleInterop", () => {
    const template = fs.readFileSync(path.join(root, "vendor", "pulumi-templates", "typescript", "tsconfig.json"), "utf8");
    assert.equal(fs.readFileSync(path.join(example, "tsconfig.json"), "utf8"), template);
    const options = JSON.parse(template).compilerOptions;
    assert.equal(options.skipLibCheck, undefined);
    assert.equal(options.esModuleInterop, undefined);
  });

  it("type-checks with the template's tsconfig as it is, and so does the README's program; a wrong type fails", async () => {
    // One type-check (without skipLibCheck it reads every declaration of @pulumi/kubernetes: slow):
    // the example, the README's program, and one deliberate mistake that must be the only error.
    const tsc = path.join(app, "node_modules", "typescript", "bin", "tsc");
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const shown = /## For integrators[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(shown, "the README shows the integrator's program");
    fs.writeFileSync(path.join(app, "readme.ts"), shown);
    fs.writeFileSync(path.join(app, "mistake.ts"), 'import type { DigitServiceSpec } from "digit-pulumi";\nexport const memory: DigitServiceSpec["memoryMiB"] = "256";\n');
    const config = path.join(app, "tsconfig.check.json");
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(app, "tsconfig.json"), "utf8")), files: ["index.ts", "readme.ts", "mistake.ts"] }));
    const r = await run(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", config], app);
    const errors = r.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    assert.deepEqual(errors, ["mistake.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'."], r.stdout + r.stderr);
  });

  it("digit-pulumi/testing runs a program with its own Target under the mocks; the pre-flight checks stop a bad config", async () => {
    // An integrator's test, in plain JavaScript against the installed package.
    const script = `
      const assert = require("node:assert/strict");
      const { setDigitMocks } = require("digit-pulumi/testing");
      (async () => {
        const mocks = await setDigitMocks({ project: "pb-digit", stack: "ci" });
        const k8s = require("@pulumi/kubernetes");
        const { DigitPlatform, parseDigitConfig, ConfigError } = require("digit-pulumi");
        const target = {
          kind: "sdc", name: "own", provider: new k8s.Provider("own-k8s", { kubeconfig: "/etc/own.kubeconfig" }),
          storage: { staticVolumes: {} }, database: { mode: "in-cluster" }, objectStore: { mode: "minio" },
          exposure: { mode: "NodePort", httpPort: 31080, httpsPort: 31443 }, registry: {}, readiness: [],
        };
        const values = { domain: "digit.punjab.gov.in", stateTenantId: "pb" };
        const bad = parseDigitConfig({ values: { ...values, services: { "egov-usr": {} } } }, { ownTarget: true });
        assert.throws(() => new DigitPlatform("bad", { target, config: bad }), (e) => e instanceof ConfigError && /did you mean egov-user/.test(e.message));
        new DigitPlatform("pb", { target, config: parseDigitConfig({ values }, { ownTarget: true }) });
        await mocks.settle();
        const names = mocks.ofType("kubernetes:apps/v1:Deployment").map((d) => d.inputs.metadata.name);
        console.log(JSON.stringify({ bad: mocks.registrations.filter((r) => r.name.startsWith("bad")).length, user: names.includes("egov-user"), deployments: names.length }));
      })().catch((e) => { console.error(e.stack); process.exit(1); });`;
    const r = await run(process.execPath, ["-e", script], app);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const j = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.equal(j.bad, 0, "nothing of the refused platform was registered");
    assert.equal(j.user, true);
    assert.ok(j.deployments > 20, `${j.deployments} Deployments`);
  });

  it("plans offline: DIGIT on the sdc target plus the integrator's own service, routed through DIGIT's gateway", () => {
    assert.equal(plan.code, 0, plan.stderr);
    const j = JSON.parse(plan.stdout);
    assert.deepEqual(
      j.perComponent.map((c: any) => `${c.name} ${c.type}`),
      ["pb digit:sdc:Target", "pb digit:platform:DigitPlatform"],
    );
    const resources = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
    const platform = resources.find((r: any) => r.type === "digit:platform:DigitPlatform");
    // components are named after their platform (`digit` in the example), objects keep the service's name
    const bot = resources.find((r: any) => r.type === "digit:services:DigitService" && r.name === `${platform.name}-pb-grievance-bot`);
    assert.ok(bot, "the extra service is a DigitService");
    assert.equal(bot.parent, platform.urn);
    const deployment = YAML.parse(fs.readFileSync(path.join(out, "manifests", "egov", "deployment-pb-grievance-bot.yaml"), "utf8"));
    const container = deployment.spec.template.spec.containers[0];
    assert.equal(container.image, "egovio/pb-grievance-bot:1.4.2", "tag from the program's own config key pb-digit:botTag");
    assert.deepEqual(container.env.find((e: any) => e.name === "EGOV_USER_HOST").valueFrom.configMapKeyRef, { name: "egov-service-host", key: "egov-user" });
    assert.ok(fs.existsSync(path.join(out, "manifests", "egov", "httproute-pb-grievance-bot.yaml")));
    // DIGIT's gateway discovers its route from the Service's annotation, as for DIGIT's own services
    const svc = YAML.parse(fs.readFileSync(path.join(out, "manifests", "egov", "service-pb-grievance-bot.yaml"), "utf8"));
    assert.equal(svc.metadata.annotations["zuul/route-path"], "pb-grievance-bot");
    assert.equal(YAML.parse(fs.readFileSync(path.join(out, "manifests", "egov", "httproute-pb-grievance-bot.yaml"), "utf8")).spec.rules[0].backendRefs[0].name, "gateway");
    assert.match(fs.readFileSync(path.join(out, "manifests", "egov", "configmap-egov-service-host.yaml"), "utf8"), /pb-grievance-bot: http:\/\/pb-grievance-bot\.egov:8080\//);
  });
});
