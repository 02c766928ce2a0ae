import * as assert from "node:assert/strict";
import fc from "fast-check";
import { digitNamespace } from "../config/load";
import { ConfigError } from "../config/errors";
import { errorOf, minimalValues, parse } from "./helpers/config";

describe("config: the digit namespace schema", () => {
  it("accepts a minimal sdc config and fills the documented defaults", () => {
    const c = parse(minimalValues());
    assert.equal(c.profile, "dev");
    assert.deepEqual(c.modules, ["core-services"]);
    assert.equal(c.backbone.protect, true);
    assert.deepEqual(c.delivery, { mode: "direct" });
    assert.deepEqual(c.services, {});
  });

  const cases: Array<[string, (v: any) => void, RegExp]> = [
    ["misspelt top-level key", (v) => (v.profil = "ha"), /digit:profil: unknown key \(did you mean "profile"\?\); allowed keys in the digit namespace: target, domain/],
    ["misspelt key inside target", (v) => (v.target.kubeconfg = "x"), /digit:target\.kubeconfg: unknown key \(did you mean "kubeconfig"\?\)/],
    ["misspelt key deep in backbone", (v) => (v.backbone = { postgres: { storgae: "10Gi" } }), /digit:backbone\.postgres\.storgae: unknown key \(did you mean "storage"\?\)/],
    ["unknown target kind", (v) => (v.target.kind = "awz"), /digit:target\.kind: got "awz"; allowed: aws \| azure \| gcp \| sdc \| nic/],
    ["bad profile", (v) => (v.profile = "prod"), /digit:profile: got "prod"; allowed: dev \| ha/],
    ["unknown module", (v) => (v.modules = ["core-services", "pgr"]), /digit:modules\[1\]: got "pgr"; allowed: core-services \| common-services/],
    ["domain with upper case", (v) => (v.domain = "DIGIT.gov.in"), /digit:domain: got "DIGIT.gov.in"; expected a lower-case DNS name/],
    ["missing domain", (v) => delete v.domain, /digit:domain: is required \(expected string\)/],
    ["tenant id with digits", (v) => (v.stateTenantId = "pb1"), /digit:stateTenantId: got "pb1"; expected 2 to 10 lower-case letters/],
    ["replicas as text", (v) => (v.services = { "egov-user": { replicas: "2" } }), /digit:services\.egov-user\.replicas: got "2"; expected number/],
    ["storage not a quantity", (v) => (v.backbone = { kafka: { storage: "20GB" } }), /digit:backbone\.kafka\.storage: got "20GB"; expected a memory quantity/],
    ["NodePort out of range", (v) => (v.target.exposure = { mode: "NodePort", httpPort: 80 }), /digit:target\.exposure\.httpPort: got 80; expected at least 30000/],
    ["unknown database mode", (v) => (v.target.database = { mode: "rds" }), /digit:target\.database\.mode: got "rds"; allowed: in-cluster \| external/],
    ["external database without host", (v) => (v.target.database = { mode: "external", username: "u", password: "p" }), /digit:target\.database\.host: is required/],
    ["sdc without any cluster access", (v) => (v.target = { kind: "sdc" }), /the sdc target needs a cluster: set kubeconfig/],
    ["both kubeconfig forms", (v) => (v.target.kubeconfigInline = "apiVersion: v1"), /both kubeconfig \(a path\) and kubeconfigInline are given/],
    ["static volume bound twice", (v) => (v.target.storage = { staticVolumes: [{ for: "postgres-0", volumeName: "a", size: "10Gi" }, { for: "postgres-0", volumeName: "b", size: "10Gi" }] }), /staticVolumes\[1\]\.for: "postgres-0" is already bound by staticVolumes\[0\]/],
    ["nic without registry mirror", (v) => (v.target = { kind: "nic", kubeconfig: "/k" }), /digit:target\.registry\.mirror: the nic target needs a registry mirror/],
    ["a dotted top-level key", (v) => (v["target.kind"] = "sdc"), /digit:target\.kind: unknown key; a dotted key does not nest in a stack file: write digit:target: \{kind: sdc\} \(a YAML object\), or set it with pulumi config set --path 'digit:target\.kind' <value>/],
    ["a deep dotted key", (v) => (v["backbone.postgres.storage"] = "20Gi"), /write digit:backbone: \{postgres: \{storage: 20Gi\}\}/],
    ["modules as one string", (v) => (v.modules = "core"), /digit:modules: got "core"; expected a list: write digit:modules: \[core-services\]/],
    ["modules as a comma-separated string", (v) => (v.modules = "core, m_core"), /digit:modules: got "core, m_core"; expected a list: write digit:modules: \[core-services\]/],
  ];
  for (const [title, mutate, expected] of cases)
    it(`rejects ${title} with a message naming the key`, () => {
      const v = minimalValues();
      mutate(v);
      assert.match(errorOf(v), expected);
    });

  it("lists every problem at once, not just the first", () => {
    const v = minimalValues();
    v.profile = "prod";
    v.stateTenantId = "PB";
    v.modules = ["x"];
    const msg = errorOf(v);
    assert.match(msg, /^Invalid stack config \(3 problems\)/);
    for (const key of ["digit:profile", "digit:stateTenantId", "digit:modules[0]"]) assert.ok(msg.includes(key), key);
  });

  it("refuses a password given in plain text and never echoes it", () => {
    const v = minimalValues();
    v.target.database = { mode: "external", host: "db.sdc", username: "egov", password: "hunter2-plain" };
    const msg = errorOf(v);
    assert.match(msg, /digit:target\.database\.password: given in plain text; store it encrypted: pulumi config set --secret --path 'digit:target\.database\.password'/);
    assert.ok(!msg.includes("hunter2-plain"));
    // the same value set with --secret (Pulumi marks the whole key secret) is accepted
    const c = parse(v, ["target"]);
    assert.equal(c.target.kind === "sdc" && c.target.database?.mode === "external" && c.target.database.port, 5432);
  });

  it("never echoes a sensitive value that fails validation", () => {
    const v = minimalValues();
    v.target.database = { mode: "external", host: "db", username: "u", password: "" };
    const msg = errorOf(v, ["target"]);
    assert.match(msg, /digit:target\.database\.password: got \[secret\]/);
  });

  it("names the stack file to fix: the one given, else Pulumi.<stack>.yaml", () => {
    assert.match(new ConfigError(["x"], "Pulumi.kl.yaml").message, /\nFix it in Pulumi\.kl\.yaml or with `pulumi config set` \(every key: docs\/config-reference\.md of digit-pulumi\)\.$/);
    assert.match(new ConfigError(["x"]).message, /\nFix it in Pulumi\.<stack>\.yaml or with/);
  });

  it("is a RunError, so pulumi prints it without a stack trace", () => {
    const { RunError } = require("@pulumi/pulumi/errors");
    assert.ok(RunError.isInstance(new ConfigError(["x"])));
  });

  it("reads Pulumi's flat config map: structured values are JSON text, other namespaces are ignored", () => {
    const ns = digitNamespace({
      "digit:target": JSON.stringify({ kind: "sdc", context: "sdc-prod" }),
      "digit:domain": "digit.example.gov.in",
      "digit:modules": '["core-services","common-services"]',
      "kubernetes:context": "x",
    });
    assert.deepEqual(Object.keys(ns).sort(), ["domain", "modules", "target"]);
    assert.deepEqual(ns.modules, ["core-services", "common-services"]);
  });

  it("reports broken JSON in a structured key", () => {
    assert.throws(() => digitNamespace({ "digit:target": "{kind: sdc" }), /digit:target: is not valid structured config/);
  });
});

describe("config: property tests", () => {
  const topKeys = ["target", "domain", "stateTenantId", "profile", "modules", "services", "backbone", "edge", "operations", "delivery"];

  it("any value at any top-level key either parses or ends in a ConfigError naming a digit: key (1,000 cases)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...topKeys, "profil", "modulez"), fc.anything(), (key, value) => {
        const v: Record<string, unknown> = minimalValues();
        v[key] = value;
        try {
          parse(v);
        } catch (e: any) {
          assert.ok(e instanceof ConfigError, `not a ConfigError: ${e?.stack}`);
          assert.match(e.message, /digit:[A-Za-z]/);
          assert.ok(!/\n\s+at /.test(e.message), "stack trace in message");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a misspelt key anywhere in target or backbone is named in the error", () => {
    const paths: Array<[string[], string]> = [
      [["target"], "kubeconfig"],
      [["backbone"], "postgres"],
      [["backbone", "postgres"], "storage"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.stringMatching(/^[a-z]{1,3}$/), ([path, key], junk) => {
        const v: any = minimalValues();
        let o = v;
        for (const p of path) o = o[p] ??= {};
        const typo = key + junk;
        o[typo] = 1;
        const msg = errorOf(v);
        assert.ok(msg.includes(`digit:${[...path, typo].join(".")}: unknown key`), msg);
      }),
      { numRuns: 200 },
    );
  });

  it("valid replica and storage sizes always parse", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 4096 }), fc.constantFrom("Mi", "Gi", "Ti"), (replicas, n, unit) => {
        const v: any = minimalValues();
        v.services = { "egov-user": { replicas } };
        v.backbone = { postgres: { storage: `${n}${unit}` } };
        const c = parse(v);
        assert.equal(c.services["egov-user"].replicas, replicas);
      }),
      { numRuns: 200 },
    );
  });
});
