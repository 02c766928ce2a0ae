// The README and the API reference, as a newcomer meets them: generated parts current, every
// command and link real, the README's own-state stack plans, every public argument documented.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderSchemaFiles } from "../tools/schema";
import * as YAML from "yaml";
import { REFERENCE_END, REFERENCE_FILE, REFERENCE_START, configReference } from "../tools/config-reference";
import { digitJsonSchema } from "../config/json-schema";
import { runCommand, tsLoader } from "./helpers/plan-run";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const referencePage = fs.readFileSync(path.join(root, REFERENCE_FILE), "utf8");
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
  it("reads in a newcomer's order: what it is, the commands, a stack for their state, the targets, running it for real", () => {
    const order = ["Quick start", "What a plan shows", "Plan a stack for your own state", "Targets", "Running it for real", "What gets deployed", "Troubleshooting", "For integrators"];
    const at = order.map((t) => readme.indexOf(`\n## ${t}\n`));
    assert.ok(at.every((i) => i > 0), order.filter((_, i) => at[i] < 0).join(", "));
    assert.deepEqual([...at].sort((a, b) => a - b), at, "sections in this order");
    assert.ok(readme.indexOf("\n## ") > readme.indexOf("urban-governance platform"), "it says what it is before anything else");
    const quick = section("Quick start");
    assert.ok(quick.includes("npm install\nnpm run plan "), "Quick start: npm install, then npm run plan");
    assert.match(quick, /\nnpm test /);
    const lines = readme.split("\n").length;
    assert.ok(lines <= 450, `README has ${lines} lines: move reference or contributor material to docs/ or CONTRIBUTING.md`);
  });

  it("holds the generated module table and links every reference page", () => {
    assert.match(section("What gets deployed"), /<!-- modules:start [^>]*-->\n\| module \|[\s\S]*<!-- modules:end -->/);
    const more = section("More documentation");
    for (const page of ["digit", "targets", "config-reference", "day-2", "troubleshooting", "backbone", "edge", "operations", "security"]) assert.ok(more.includes(`](docs/${page}.md)`), page);
    assert.doesNotMatch(readme, /<!-- (targets|security|operations|docs): /, "no placeholder left for a page");
  });

  it("day-2 operations and contributor material live in docs/ and CONTRIBUTING.md, linked", () => {
    const day2 = fs.readFileSync(path.join(root, "docs", "day-2.md"), "utf8");
    for (const topic of ["Upgrade DIGIT's version", "Scale a service", "Rotate secrets", "Back up and restore", "Add a state tenant", "Move from dev to ha"]) assert.ok(day2.includes(`**${topic}.**`), topic);
    const contributing = fs.readFileSync(path.join(root, "CONTRIBUTING.md"), "utf8");
    for (const s of ["## Layout", "## Tests and CI", "## Benchmarks", "## Design notes"]) assert.ok(contributing.includes(`\n${s}\n`), s);
    for (const l of ["docs/day-2.md", "docs/config-reference.md", "docs/troubleshooting.md", "CONTRIBUTING.md"]) assert.ok(readme.includes(`](${l})`), l);
  });

  it("the dev stack it shows is Pulumi.dev.yaml's config, as the file has it", () => {
    const shown = /```yaml\n(config:[\s\S]*?)```/.exec(section("What a plan shows"))?.[1];
    assert.ok(shown, "What a plan shows quotes the dev stack");
    assert.deepEqual(YAML.parse(shown), { config: YAML.parse(fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8")).config });
  });

  it("the Targets table has a row for every target kind, with the config it needs", () => {
    const rows = section("Targets").split("\n").filter((l) => l.startsWith("| `"));
    assert.deepEqual(rows.map((r) => r.slice(3, r.indexOf("`", 3))), ["sdc", "nic", "aws", "azure", "gcp"]);
    for (const r of rows) assert.equal(r.split(" | ").length, 6, r.slice(0, 40));
  });

  it("the config reference (docs/config-reference.md) is what `npm run schema` generates now (and so are schema/ and Pulumi.yaml)", () => {
    const reference = configReference(digitJsonSchema());
    assert.ok(referencePage.includes(`${REFERENCE_START}\n\n${reference}\n${REFERENCE_END}`), `${REFERENCE_FILE} is stale: run \`npm run schema\``);
    assert.ok(readme.includes(`](${REFERENCE_FILE})`), "the README links to it");
    assert.ok(!readme.includes(REFERENCE_START), "the reference is not in the README");
    for (const [file, text] of Object.entries(renderSchemaFiles()))
      assert.ok(fs.readFileSync(path.join(root, file), "utf8") === text, `${file} is stale: run \`npm run schema\``);
  });

  it("the config reference documents every top-level key and every target kind", () => {
    const ref = referencePage;
    for (const key of Object.keys(digitJsonSchema().properties)) assert.ok(ref.includes(`#### \`digit:${key}\``), key);
    for (const kind of ["aws", "azure", "gcp", "sdc", "nic"]) assert.ok(ref.includes(`##### \`digit:target\` with \`kind: ${kind}\``), kind);
    assert.match(ref, /\| `digit:backbone\.protect` \| boolean \| `true` \| protect and retain/);
    assert.match(ref, /\| `digit:target\.database\.host` \| string, required \|  \| \(mode: `external`\)/);
  });

  it("every relative link of docs/ and CONTRIBUTING.md resolves", () => {
    const pages = ["CONTRIBUTING.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    for (const page of pages) {
      const text = fs.readFileSync(path.join(root, page), "utf8");
      for (const m of text.matchAll(/\]\(((?!https?:|#)[^)\s#]+)(#[^)]*)?\)/g)) assert.ok(fs.existsSync(path.join(root, path.dirname(page), m[1])), `${page}: ${m[1]}`);
    }
  });

  it("every `npm run` script it shows exists, and every file it links to is there", () => {
    const scripts = new Set([...readme.matchAll(/npm run (?:--silent )?([a-z][a-z:-]*)/g)].map((m) => m[1]));
    for (const s of ["plan", "docs", "pictures", "schema"]) assert.ok(scripts.has(s), `README shows npm run ${s}`);
    for (const s of scripts) assert.ok(pkg.scripts[s], `package.json has the script "${s}"`);
    // GitHub's anchors: a heading lowercased, punctuation dropped, spaces as dashes
    const anchors = (text: string) => [...text.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-"));
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s#]+)(?:#([a-z0-9-]+))?\)/g)].map((m) => ({ file: m[1], anchor: m[2] }));
    assert.ok(links.length >= 7);
    for (const l of links) {
      assert.ok(fs.existsSync(path.join(root, l.file)), `${l.file} exists`);
      if (l.anchor) assert.ok(anchors(fs.readFileSync(path.join(root, l.file), "utf8")).includes(l.anchor), `${l.file}#${l.anchor} is a heading there`);
    }
    for (const anchor of [...readme.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1])) assert.ok(anchors(readme).includes(anchor), `#${anchor} is a heading`);
  });

  it("the own-state stack files plan offline as shown, the one with a secure: value too", async function () {
    this.timeout(120000);
    const own = section("Plan a stack for your own state");
    const files = [...own.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(files.length, 2, "a stack file, and one with an encrypted value");
    assert.match(files[1], /\n +secure: /);
    assert.match(own, /Save it as `Pulumi\.kl\.yaml` and plan it:\n\n```sh\nnpm run plan -- --stack kl --out out\/kl\n```/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-readme-"));
    try {
      const runs = await Promise.all(
        files.map((yaml, i) => {
          fs.mkdirSync(path.join(tmp, String(i)));
          fs.writeFileSync(path.join(tmp, String(i), "Pulumi.kl.yaml"), yaml);
          return run(process.execPath, ["-r", tsLoader, "tools/plan.ts", "--config-file", path.join(tmp, String(i), "Pulumi.kl.yaml"), "--json"]);
        }),
      );
      for (const r of runs) {
        assert.equal(r.code, 0, r.stderr);
        const j = JSON.parse(r.stdout);
        assert.equal(j.stack, "kl");
        assert.deepEqual(j.perComponent.map((c: any) => c.type).slice(0, 2), ["digit:sdc:Target", "digit:platform:DigitPlatform"]);
      }
      // the encrypted password is planned with, never printed
      assert.ok(!runs[1].stdout.includes("v1:placeholder"));
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
    assert.deepEqual(api.children.map((m: any) => m.name).sort(), ["digit-pulumi", "digit-pulumi/aws", "digit-pulumi/azure", "digit-pulumi/gcp", "digit-pulumi/nic", "digit-pulumi/sdc", "digit-pulumi/testing"]);
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
