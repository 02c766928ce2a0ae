import * as assert from "node:assert/strict";
import { parseArgs, stackName, UsageError } from "../tools/plan/args";
import { placeholderFor, projectDefaults, projectName, stackConfig } from "../tools/plan/stackfile";

describe("plan: stack file -> Pulumi config", () => {
  const stack = `
config:
  digit:target:
    kind: sdc
    kubeconfig: ~/.kube/config
    database:
      mode: external
      password:
        secure: v1:abc
    volumes:
      - { name: a }
      - { token: { secure: v1:def } }
  digit:domain: dev.example.gov.in
  digit:replicas: 3
  digit:debug: true
  digit:modules: [core-services, common-services]
  digit:adminToken:
    secure: v1:ghi
  kubernetes:context: kind-dev
  stateTenantId: pb
`;

  it("passes scalars as text and structured values as JSON text, as the Pulumi CLI does", () => {
    const c = stackConfig(stack, { project: "digit" });
    assert.equal(c.values["digit:domain"], "dev.example.gov.in");
    assert.equal(c.values["digit:replicas"], "3");
    assert.equal(c.values["digit:debug"], "true");
    assert.equal(c.values["digit:modules"], '["core-services","common-services"]');
    assert.equal(c.values["kubernetes:context"], "kind-dev");
    const target = JSON.parse(c.values["digit:target"]);
    assert.equal(target.kind, "sdc");
    assert.equal(target.kubeconfig, "~/.kube/config");
  });

  it("puts a bare key in the project's namespace", () => {
    assert.equal(stackConfig(stack, { project: "digit" }).values["digit:stateTenantId"], "pb");
    assert.equal(stackConfig(stack, { project: "other" }).values["other:stateTenantId"], "pb");
  });

  it("replaces secure: values at any depth by placeholders named after their path and marks the keys secret", () => {
    const c = stackConfig(stack, { project: "digit" });
    const target = JSON.parse(c.values["digit:target"]);
    assert.equal(target.database.password, placeholderFor("digit:target.database.password"));
    assert.equal(target.volumes[1].token, placeholderFor("digit:target.volumes[1].token"));
    assert.equal(c.values["digit:adminToken"], "offline-secret-digit:adminToken");
    assert.deepEqual(c.secretKeys, ["digit:adminToken", "digit:target"]);
    assert.deepEqual(c.placeholders.sort(), [
      "offline-secret-digit:adminToken",
      "offline-secret-digit:target.database.password",
      "offline-secret-digit:target.volumes[1].token",
    ]);
    assert.ok(!JSON.stringify(c.values).includes("v1:"), "no ciphertext is passed to the program");
  });

  it("takes defaults from Pulumi.yaml and lets the stack file override them", () => {
    const project = `
name: digit
config:
  digit:profile: { type: string, default: dev }
  digit:backbone: { default: { protect: true } }
  digit:target: { description: where DIGIT runs }
  region: ap-south-1
`;
    const defaults = projectDefaults(project, projectName(project, "x"));
    assert.deepEqual(defaults, { "digit:profile": "dev", "digit:backbone": { protect: true }, "digit:region": "ap-south-1" });
    const c = stackConfig("config:\n  digit:profile: ha\n", { project: "digit", defaults });
    assert.equal(c.values["digit:profile"], "ha");
    assert.equal(c.values["digit:backbone"], '{"protect":true}');
    assert.equal(c.values["digit:target"], undefined);
  });

  it("an empty stack file is an empty config; broken YAML is an error naming the file", () => {
    assert.deepEqual(stackConfig("", { project: "digit" }).values, {});
    assert.throws(() => stackConfig("config: [a, b", { project: "digit", file: "Pulumi.x.yaml" }), /Pulumi\.x\.yaml is not valid YAML/);
    assert.throws(() => stackConfig("config: [a, b]", { project: "digit", file: "Pulumi.x.yaml" }), /config: must be a mapping/);
  });
});

describe("plan: command-line arguments", () => {
  it("parses flags with separate or = values", () => {
    assert.deepEqual(parseArgs(["--stack", "prod", "--out=out/prod", "--debug"]), { program: "index.ts", stack: "prod", out: "out/prod", debug: true, help: false });
    assert.equal(parseArgs(["--config-file", "examples/stacks/Pulumi.gcp.yaml"]).configFile, "examples/stacks/Pulumi.gcp.yaml");
    assert.equal(parseArgs(["-h"]).help, true);
  });

  it("rejects unknown flags, missing values and --stack with --config-file", () => {
    assert.throws(() => parseArgs(["--stak", "dev"]), UsageError);
    assert.throws(() => parseArgs(["--out"]), /--out needs a value/);
    assert.throws(() => parseArgs(["--stack", "--out", "x"]), /--stack needs a value/);
    assert.throws(() => parseArgs(["--stack", "a", "--config-file", "b"]), /not both/);
    assert.throws(() => parseArgs(["--stack", "../etc"]), /letters, digits/);
  });

  it("names the stack from --stack, the stack file's name, or dev", () => {
    assert.equal(stackName(parseArgs([])), "dev");
    assert.equal(stackName(parseArgs(["--stack", "prod"])), "prod");
    assert.equal(stackName(parseArgs(["--config-file", "examples/stacks/Pulumi.gcp.yaml"])), "gcp");
    // any other file plans as the stack its name says, never as another stack (dev)
    assert.equal(stackName(parseArgs(["--config-file", "states/kerala.yaml"])), "kerala");
    assert.equal(stackName(parseArgs(["--config-file", "Pulumi.kl.yml"])), "kl");
  });
});
