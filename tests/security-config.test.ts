import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import * as YAML from "yaml";
import { ConfigError, keyName, schemaAt } from "../config/errors";
import { digitNamespace, parseDigitConfig } from "../config/load";
import { digitConfigSchema } from "../config/schema";
import { targetContext } from "../lib/target-context";
import { preflight } from "../components/security/preflight";
import { projectDefaults, stackConfig } from "../tools/plan/stackfile";
import { repoRoot, stackFiles } from "./helpers/plan-run";
import { planInto } from "./helpers/security-plans";

type Path = Array<string | number>;

/** Every shipped stack's `digit` namespace as Pulumi hands it to the program (secure values as placeholders). */
function shippedConfigs(): Array<{ file: string; values: Record<string, any>; secretKeys: string[] }> {
  const project = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8");
  return stackFiles().map((file) => {
    const c = stackConfig(fs.readFileSync(path.join(repoRoot, file), "utf8"), { project: "digit", defaults: projectDefaults(project, "digit") });
    return { file, values: digitNamespace(c.values), secretKeys: c.secretKeys.filter((k) => k.startsWith("digit:")).map((k) => k.slice("digit:".length)) };
  });
}

/** What the schema expects at a path of a value: strict object, record, array, discriminated union, or a leaf. */
function schemaKind(path: Path, root: unknown): string {
  return schemaAt(digitConfigSchema, path, root)?._zod?.def?.type ?? "unknown";
}

/** Every path in a config value, with the value there. */
function paths(v: unknown, at: Path = []): Array<{ path: Path; value: unknown }> {
  const out: Array<{ path: Path; value: unknown }> = at.length ? [{ path: at, value: v }] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/**
 * A value of another JSON type than the one given. Where the schema takes two types at one key (a
 * zone count or a list of zone names), the replacement of a list is never a number; a union of
 * number and text (a CPU quantity, a version) takes 42 as "42": no wrong type.
 */
function otherType(v: unknown, pick: number, kind?: string): unknown {
  const choices: unknown[] = typeof v === "string" ? (kind === "union" ? [true, ["x"], { x: 1 }] : [42, true, ["x"], { x: 1 }]) : typeof v === "number" ? ["7", false, [7], {}] : typeof v === "boolean" ? ["yes", 1, [true]] : Array.isArray(v) ? ["a", true, { a: 1 }] : ["a", 3, [1], true];
  return choices[pick % choices.length];
}

const clone = <T>(x: T): T => structuredClone(x);

function setAt(root: any, path: Path, value: unknown): void {
  let o = root;
  for (const p of path.slice(0, -1)) o = o[p];
  o[path[path.length - 1]] = value;
}

interface Mutation {
  kind: string;
  values: Record<string, any>;
  /** the key the error must name */
  key: string;
}

/** One invalid config derived from a valid one. */
function mutate(base: Record<string, any>, pickPath: number, pickKind: number, junk: string): Mutation {
  const all = paths(base);
  let { path: p } = all[pickPath % all.length];
  const { value } = all[pickPath % all.length];
  const kind = schemaKind(p, base);
  const values = clone(base);
  const objects = all.filter((x) => schemaKind(x.path, base) === "object");
  switch (pickKind % 4) {
    case 0:
      // a value of the wrong type anywhere (inside a record or union too)
      // Pulumi hands top-level scalars over as text ("true" is a fine tenant id): give them structure instead.
      setAt(values, p, p.length === 1 && typeof value === "string" ? [["x"], { x: 1 }][pickPath % 2] : otherType(value, pickPath, kind));
      // An element of a list is part of the list's value: the list is the key.
      while (typeof p[p.length - 1] === "number") p = p.slice(0, -1);
      return { kind: `wrong type (${kind})`, values, key: keyName(p) };
    case 1: {
      // an unknown key in any strict object
      const target = objects.length ? objects[pickPath % objects.length].path : [];
      const k = `zz${junk}`;
      let node: any = values;
      for (const q of target) node = node[q];
      node[k] = 1;
      return { kind: "unknown key", values, key: target.length ? `${keyName(target)}.${k}` : `digit:${k}` };
    }
    case 2: {
      // a number out of any range the schema allows, or a string no pattern accepts
      const numbers = all.filter((x) => typeof x.value === "number");
      if (numbers.length && pickPath % 2 === 0) {
        const n = numbers[pickPath % numbers.length];
        setAt(values, n.path, -1e9 - 0.5);
        return { kind: "number out of range", values, key: keyName(n.path) };
      }
      const enums = all.filter((x) => schemaKind(x.path, base) === "enum" || (typeof x.value === "string" && /^(kind|mode|profile)$/.test(String(x.path[x.path.length - 1]))));
      const e = enums[pickPath % enums.length];
      setAt(values, e.path, `not-a-choice-${junk}`);
      return { kind: "value outside the allowed set", values, key: keyName(e.path) };
    }
    default: {
      // a required key left out
      const required = ["target", "domain", "stateTenantId"] as const;
      const r = required[pickPath % required.length];
      delete values[r];
      return { kind: "required key missing", values, key: `digit:${r}` };
    }
  }
}

/** Pulumi passes structured config as JSON text: go through the same text layer the program reads. */
function asPulumiConfig(values: Record<string, any>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`digit:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function failure(m: Mutation, secretKeys: string[]): Error | undefined {
  try {
    const config = parseDigitConfig({ values: digitNamespace(asPulumiConfig(m.values)), secretKeys });
    preflight(config);
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe("bad input: generated invalid configs end in a clean config error naming the key", function () {
  this.timeout(120000);
  const bases = shippedConfigs();

  it("every shipped stack's config is valid to begin with", () => {
    for (const b of bases) assert.equal(failure({ kind: "none", values: b.values, key: "" }, b.secretKeys), undefined, b.file);
  });

  it("2,000 mutations of the shipped stacks: wrong types, unknown keys, out-of-range values, missing keys", () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.nat(100000), fc.nat(3), fc.stringMatching(/^[a-z]{1,6}$/), (b, pickPath, pickKind, junk) => {
        const base = bases[b];
        const m = mutate(base.values, pickPath, pickKind, junk);
        kinds.set(m.kind.split(" (")[0], (kinds.get(m.kind.split(" (")[0]) ?? 0) + 1);
        const e = failure(m, base.secretKeys);
        assert.ok(e, `${base.file}: ${m.kind} at ${m.key} was accepted`);
        assert.ok(e instanceof ConfigError, `${m.kind} at ${m.key}: ${e.constructor.name}, not a ConfigError:\n${e.stack}`);
        assert.ok(e.message.includes(m.key), `${m.kind}: the error does not name ${m.key}:\n${e.message}`);
        assert.ok(!/\n\s+at .+:\d+:\d+/.test(e.message), "a stack trace in the message");
      }),
      { numRuns: 2000, seed: 20240601 },
    );
    for (const k of ["wrong type", "unknown key", "number out of range", "value outside the allowed set", "required key missing"]) assert.ok((kinds.get(k) ?? 0) >= 100, `${k}: ${kinds.get(k)} cases`);
  });

  it("typos found only by the platform (services, integration Secrets, TLS, operations) surface before any resource", () => {
    const base = bases.find((b) => b.file.endsWith("Pulumi.aws.yaml"))!;
    const cases: Array<[string, (v: any) => void]> = [
      ["digit:services.egov-usr", (v) => (v.services = { "egov-usr": { replicas: 2 } })],
      ["digit:services.egov-notification-sms.secrets.pasword", (v) => (v.services = { "egov-notification-sms": { secrets: { pasword: "x" } } })],
      ["digit:edge.tls", (v) => delete v.edge],
      ["digit:backbone.postgres.version", (v) => (v.backbone = { ...v.backbone, postgres: { version: "9" } })],
    ];
    for (const [key, edit] of cases) {
      const values = clone(base.values);
      edit(values);
      const secretKeys = key.includes(".secrets.") ? [...base.secretKeys, "services"] : base.secretKeys;
      const config = parseDigitConfig({ values: digitNamespace(asPulumiConfig(values)), secretKeys });
      assert.throws(() => preflight(config), (e: Error) => e instanceof ConfigError && e.message.includes(key), key);
      // targetContext, which every program hands its target, runs them first
      assert.throws(() => targetContext(config), (e: Error) => e instanceof ConfigError && e.message.includes(key), `targetContext: ${key}`);
    }
    // The program runs these checks before it creates the target: the context is built first.
    const program = fs.readFileSync(path.join(repoRoot, "index.ts"), "utf8");
    assert.match(program, /createTarget\("digit", config\.target, targetContext\(config\)\)/, "index.ts builds its target's context with targetContext");
  });
});

describe("bad input through the offline plan: exit 2, the message, no stack trace, no partial output", function () {
  this.timeout(120000);
  const broken: Array<[string, string, (config: Record<string, any>) => void]> = [
    ["examples/stacks/Pulumi.gcp.yaml", "digit:backbone.kafka.replicas", (c) => (c["digit:backbone"].kafka.replicas = "three")],
    ["examples/stacks/Pulumi.aws.yaml", "digit:services.egov-usr", (c) => (c["digit:services"] = { "egov-usr": { replicas: 2 } })],
  ];
  const runs: Array<{ code: number | null; stdout: string; stderr: string; out: string }> = [];

  before(async () => {
    for (const [file, , edit] of broken) {
      const doc = YAML.parse(fs.readFileSync(path.join(repoRoot, file), "utf8"));
      edit(doc.config);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-bad-input-"));
      const stack = path.join(dir, path.basename(file));
      fs.writeFileSync(stack, YAML.stringify(doc));
      const out = path.join(dir, "out");
      const r = await planInto(stack, out);
      runs.push({ code: r.code, stdout: r.stdout, stderr: r.stderr, out });
    }
  });

  broken.forEach(([file, key], i) =>
    it(`${path.basename(file)} with a bad ${key.split(":")[1].split(" ")[0]}`, () => {
      const r = runs[i];
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.ok(r.stderr.includes(key), r.stderr);
      assert.ok(!/\n\s+at .+:\d+:\d+/.test(r.stdout + r.stderr), "no stack trace");
      assert.ok(!fs.existsSync(path.join(r.out, "resources.json")), "no plan written");
    }),
  );
});
