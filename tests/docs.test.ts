// The README and the API reference, as a newcomer meets them: generated parts current, every
// command and link real, the README's own-state stack plans, every public argument documented.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderSchemaFiles } from "../tools/schema";
import { REFERENCE_END, REFERENCE_START, configReference } from "../tools/config-reference";
import { digitJsonSchema } from "../config/json-schema";
import { runCommand, tsLoader } from "./helpers/plan-run";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCommand(cmd, args, { NO_COLOR: "1" });
}

/** The README's section under a `## ` heading, up to the next one. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "## ${title}" section`);
  const next = readme.indexOf("\n## ", start + 4);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe("README", () => {
  it("has the sections a newcomer and an integrator need", () => {
    for (const s of ["Quick start", "Pictures", "Targets", "Running it for real", "Day-2 operations", "Troubleshooting", "For integrators", "Editors", "Config reference"]) section(s);
    const quick = section("Quick start");
    assert.ok(quick.includes("npm install\nnpm run plan "), "Quick start: npm install, then npm run plan");
    assert.match(quick, /\nnpm test /);
    const day2 = section("Day-2 operations");
    for (const topic of ["Upgrade DIGIT's version", "Scale a service", "Rotate secrets", "Back up and restore", "Add a state tenant", "Move from dev to ha"]) assert.ok(day2.includes(`**${topic}.**`), topic);
  });

  it("the Targets table has a row for every target kind, with the config it needs", () => {
    const rows = section("Targets").split("\n").filter((l) => l.startsWith("| `"));
    assert.deepEqual(rows.map((r) => r.slice(3, r.indexOf("`", 3))), ["sdc", "nic", "aws", "azure", "gcp"]);
    for (const r of rows) assert.equal(r.split(" | ").length, 6, r.slice(0, 40));
  });

  it("the config reference is what `npm run schema` generates now (and so are schema/ and Pulumi.yaml)", () => {
    const reference = configReference(digitJsonSchema());
    assert.ok(readme.includes(`${REFERENCE_START}\n\n${reference}\n${REFERENCE_END}`), "README's config reference is stale: run `npm run schema`");
    for (const [file, text] of Object.entries(renderSchemaFiles()))
      assert.ok(fs.readFileSync(path.join(root, file), "utf8") === text, `${file} is stale: run \`npm run schema\``);
  });

  it("the config reference documents every top-level key and every target kind", () => {
    const ref = section("Config reference");
    for (const key of Object.keys(digitJsonSchema().properties)) assert.ok(ref.includes(`#### \`digit:${key}\``), key);
    for (const kind of ["aws", "azure", "gcp", "sdc", "nic"]) assert.ok(ref.includes(`##### \`digit:target\` with \`kind: ${kind}\``), kind);
    assert.match(ref, /\| `digit:backbone\.protect` \| boolean \| `true` \| protect and retain/);
    assert.match(ref, /\| `digit:target\.database\.host` \| string, required \|  \| \(mode: `external`\)/);
  });

  it("every `npm run` script it shows exists, and every file it links to is there", () => {
    const scripts = new Set([...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]));
    for (const s of ["plan", "docs", "pictures", "schema"]) assert.ok(scripts.has(s), `README shows npm run ${s}`);
    for (const s of scripts) assert.ok(pkg.scripts[s], `package.json has the script "${s}"`);
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 7);
    for (const l of links) assert.ok(fs.existsSync(path.join(root, l.split("#")[0])), `${l} exists`);
    for (const anchor of [...readme.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1])) {
      const titles = [...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-"));
      assert.ok(titles.includes(anchor), `#${anchor} is a heading`);
    }
  });

  it("the own-state stack file of the Quick start plans offline as shown", async function () {
    this.timeout(120000);
    const quick = section("Quick start");
    const yaml = /```yaml\n([\s\S]*?)```/.exec(quick)?.[1];
    assert.ok(yaml, "the Quick start shows a stack file");
    assert.match(quick, /Save it as `Pulumi\.kl\.yaml` and plan it:\n\n```sh\nnpm run plan -- --stack kl --out out\/kl\n```/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-readme-"));
    try {
      fs.writeFileSync(path.join(tmp, "Pulumi.kl.yaml"), yaml);
      const r = await run(process.execPath, ["-r", tsLoader, "tools/plan.ts", "--config-file", path.join(tmp, "Pulumi.kl.yaml"), "--json"]);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.stack, "kl");
      assert.deepEqual(j.perComponent.map((c: any) => c.type).slice(0, 2), ["digit:sdc:Target", "digit:platform:DigitPlatform"]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("README: the Targets table's \"config it needs\" is enough to plan", function () {
  this.timeout(180000);
  // The least each row says a target needs; nothing else set.
  const minimal: Record<string, Record<string, unknown>> = {
    sdc: { kind: "sdc", kubeconfig: "/etc/digit/sdc.kubeconfig" },
    nic: { kind: "nic", kubeconfig: "/etc/digit/nic.kubeconfig", registry: { mirror: "registry.nic.example/egovio" } },
    aws: { kind: "aws", region: "ap-south-1" },
    azure: { kind: "azure" },
    gcp: { kind: "gcp", project: "pb-digit-dev" },
  };
  const results = new Map<string, Awaited<ReturnType<typeof run>>>();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-targets-"));

  before(async () => {
    const kinds = Object.keys(minimal);
    let next = 0;
    const worker = async () => {
      while (next < kinds.length) {
        const kind = kinds[next++];
        const file = path.join(tmp, `Pulumi.${kind}.yaml`);
        fs.writeFileSync(file, `config:\n  digit:target: ${JSON.stringify(minimal[kind])}\n  digit:domain: digit.example.gov.in\n  digit:stateTenantId: pb\n`);
        results.set(kind, await run(process.execPath, ["-r", tsLoader, "tools/plan.ts", "--config-file", file, "--json"]));
      }
    };
    await Promise.all([worker(), worker()]);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const kind of ["sdc", "nic", "aws", "azure", "gcp"])
    it(`${kind}: the keys its row names plan a dev stack`, () => {
      const row = section("Targets").split("\n").find((l) => l.startsWith(`| \`${kind}\` |`))!;
      const needs = row.split(" | ")[4];
      for (const key of Object.keys(minimal[kind]).filter((k) => k !== "kind")) assert.ok(needs.includes(`\`${key}\``) || needs.includes(`\`${key}.`), `${kind} row names ${key}`);
      const r = results.get(kind)!;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).perComponent[0].type, `digit:${kind}:Target`);
    });
});

/** Text of a TypeDoc comment (summary and block tags). */
function commentText(c: any): string {
  if (!c) return "";
  return [...(c.summary ?? []), ...(c.blockTags ?? []).flatMap((t: any) => t.content)].map((p: any) => p.text).join("");
}

describe("API reference (TypeDoc)", function () {
  this.timeout(180000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-typedoc-"));
  let result: Awaited<ReturnType<typeof run>>;
  let api: any;

  before(async () => {
    // The same configuration `npm run docs` uses, into a temporary directory.
    result = await run(process.execPath, [path.join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", path.join(tmp, "html"), "--json", path.join(tmp, "api.json"), "--logLevel", "Warn"]);
    if (result.code === 0) api = JSON.parse(fs.readFileSync(path.join(tmp, "api.json"), "utf8"));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("`npm run docs` builds the reference of the entry and every target subpath", () => {
    assert.equal(pkg.scripts.docs, "typedoc");
    const config = JSON.parse(fs.readFileSync(path.join(root, "typedoc.json"), "utf8"));
    assert.equal(config.out, "docs/api");
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(!/\[error\]/.test(result.stdout + result.stderr), result.stdout);
    assert.deepEqual(api.children.map((m: any) => m.name).sort(), ["digit-pulumi", "digit-pulumi/aws", "digit-pulumi/azure", "digit-pulumi/gcp", "digit-pulumi/nic", "digit-pulumi/sdc"]);
    const html = fs.readFileSync(path.join(tmp, "html", "interfaces", "digit-pulumi.DigitPlatformArgs.html"), "utf8");
    assert.match(html, /extraServices/);
    assert.match(html, /services of the integrator's own, deployed beside the catalog's; default none/);
  });

  it("documents every argument of every public component and target (with its default when optional)", () => {
    assert.ok(api, "typedoc ran");
    const byId = new Map<number, any>();
    const walk = (r: any) => {
      byId.set(r.id, r);
      (r.children ?? []).forEach(walk);
    };
    walk(api);
    // Argument interfaces of the exported classes' constructors, the target factory's context, the
    // integrator's service spec and the Target contract; then the interfaces their fields name.
    const checked = new Set<number>();
    for (const r of byId.values()) {
      if (r.kind === 128)
        for (const sig of (r.children ?? []).find((c: any) => c.kind === 512)?.signatures ?? [])
          for (const p of sig.parameters ?? []) if (p.type?.type === "reference" && typeof p.type.target === "number" && /Args$/.test(p.type.name)) checked.add(p.type.target);
      if (r.kind === 256 && ["TargetContext", "DigitServiceSpec", "Target"].includes(r.name)) checked.add(r.id);
    }
    for (const id of [...checked])
      for (const f of byId.get(id)?.children ?? []) if (f.type?.type === "reference" && byId.get(f.type.target)?.kind === 256) checked.add(f.type.target);
    const names = [...checked].map((id) => byId.get(id)?.name);
    for (const n of ["DigitPlatformArgs", "DigitServiceArgs", "TargetContext", "DigitServiceSpec", "Target", "AwsTargetArgs", "AzureTargetArgs", "GcpTargetArgs"]) assert.ok(names.includes(n), n);
    const problems: string[] = [];
    for (const id of checked) {
      const i = byId.get(id);
      for (const f of i?.children ?? []) {
        const text = commentText(f.comment);
        if (!text) problems.push(`${i.name}.${f.name}: no JSDoc`);
        else if (f.flags?.isOptional && !/default|undefined =/i.test(text)) problems.push(`${i.name}.${f.name}: optional, but its JSDoc gives no default`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
