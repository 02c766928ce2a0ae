// Editors complete and check stack files through the JSON Schema: every shipped stack file names
// it on its first line, and validates against it, as yaml-language-server would.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import * as YAML from "yaml";
import { repoRoot, stackFiles } from "./helpers/plan-run";

const schemaFile = path.join(repoRoot, "schema", "stack-file.schema.json");
const integratorStack = path.join("examples", "integrator", "Pulumi.dev.yaml");
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

describe("editors: the stack files' JSON Schema", () => {
  // Formats (email, uri) are the program's to check; the editors' check is the structure.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
  const errors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const dev = () => YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8"));

  it("every shipped stack file starts with a modeline naming the schema by a path that resolves", () => {
    const files = stackFiles();
    assert.ok(files.length >= 8, files.join(", "));
    for (const f of files) {
      const m = MODELINE.exec(fs.readFileSync(path.join(repoRoot, f), "utf8"));
      assert.ok(m, `${f}: first line is # yaml-language-server: $schema=...`);
      assert.equal(path.resolve(repoRoot, path.dirname(f), m[1]), schemaFile, `${f}: ${m[1]}`);
    }
    // The integrator's program gets the schema from the installed package.
    const m = MODELINE.exec(fs.readFileSync(path.join(repoRoot, integratorStack), "utf8"));
    assert.equal(m?.[1], "./node_modules/digit-pulumi/schema/stack-file.schema.json");
  });

  it("every shipped stack file is valid against it, encrypted (secure:) values included", () => {
    for (const f of [...stackFiles(), integratorStack]) assert.deepEqual(errors(YAML.parse(fs.readFileSync(path.join(repoRoot, f), "utf8"))), [], f);
    assert.ok(fs.readFileSync(path.join(repoRoot, "examples/stacks/Pulumi.sdc-prod.yaml"), "utf8").includes("secure: v1:"), "a shipped file holds an encrypted value");
  });

  it("flags what the program would refuse: a misspelt key, a wrong value, a missing required key", () => {
    const typo = dev();
    typo.config["digit:target"].kubeconfg = typo.config["digit:target"].kubeconfig;
    assert.ok(errors(typo).some((e) => e.startsWith("/config/digit:target must NOT have additional properties")), errors(typo).join("\n"));
    const profile = dev();
    profile.config["digit:profile"] = "prod";
    assert.ok(errors(profile).includes("/config/digit:profile must be equal to one of the allowed values"));
    const missing = dev();
    delete missing.config["digit:domain"];
    assert.ok(errors(missing).includes("/config must have required property 'digit:domain'"));
    const unknownKey = dev();
    unknownKey.config["digit:tenant"] = "pb";
    assert.ok(errors(unknownKey).some((e) => e.includes("must NOT have additional properties")));
  });

  it("accepts other namespaces and an encrypted value wherever a string goes, and nothing else in its place", () => {
    const doc = dev();
    doc.config["kubernetes:context"] = "kind-dev";
    doc.config["digit:domain"] = { secure: "v1:abc" };
    assert.deepEqual(errors(doc), []);
    doc.config["digit:domain"] = { plain: "x" };
    assert.notDeepEqual(errors(doc), []);
  });

  it("VS Code maps new stack files to it", () => {
    const settings = JSON.parse(fs.readFileSync(path.join(repoRoot, ".vscode", "settings.json"), "utf8"));
    assert.deepEqual(settings["yaml.schemas"]["./schema/stack-file.schema.json"].slice(0, 1), ["Pulumi.*.yaml"]);
  });
});
