import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { parseDigitConfig } from "../config/load";
import { isSecretPath, offlineHostToken, offlinePlaceholder, offlineToken, secureLeaves } from "../config/secret-paths";
import { stackConfig } from "../tools/plan/stackfile";
import { minimalValues } from "./helpers/config";

/** The ConfigError message of a parse, or undefined when the config is accepted. */
function problemsOf(input: Parameters<typeof parseDigitConfig>[0]): string | undefined {
  try {
    parseDigitConfig(input);
    return undefined;
  } catch (e: any) {
    if (e.name !== "ConfigError") throw e;
    return e.message;
  }
}

describe("secrets in the stack config: per field", () => {
  it("reads which leaves a stack file encrypts, with the keys it sets", () => {
    const leaves = secureLeaves({
      "digit:target": { kind: "sdc", kubeconfigInline: "plain", database: { mode: "external", password: { secure: "v1:x" } } },
      "digit:services": { "egov-user": { env: { A: "1", B: { secure: "v1:y" } } } },
      "digit:list": [{ a: 1 }, { token: { secure: "v1:z" } }],
      stateTenantId: "pb",
      "aws:region": { secure: "v1:w" },
    });
    assert.deepEqual(leaves.keys.sort(), ["list", "services", "stateTenantId", "target"]);
    assert.deepEqual(leaves.paths.sort(), ["list[1].token", "services.egov-user.env.B", "target.database.password"]);
  });

  it("refuses a plain credential even when another value under the same key is encrypted", () => {
    const values = {
      ...minimalValues(),
      target: { kind: "sdc", kubeconfigInline: "apiVersion: v1", database: { mode: "external", host: "db.sdc", username: "egov", password: "p" } },
      services: { "egov-notification-sms": { secrets: { username: "u", password: "p" } } },
    };
    // Pulumi marks the whole key secret when any leaf is; the stack file says which leaves are.
    const secureLeavesGiven = { keys: ["target", "services", "domain", "stateTenantId"], paths: ["target.database.password", "services.egov-notification-sms.secrets.username"] };
    const msg = problemsOf({ values, secretKeys: ["target", "services"], secureLeaves: secureLeavesGiven });
    assert.ok(msg, "a plain kubeconfigInline and a plain SMS password are refused");
    assert.match(msg!, /digit:target\.kubeconfigInline: given in plain text/);
    assert.match(msg!, /digit:services\.egov-notification-sms\.secrets\.password: given in plain text/);
    assert.doesNotMatch(msg!, /digit:target\.database\.password: given in plain text/);
    assert.doesNotMatch(msg!, /secrets\.username: given in plain text/);
    // every credential encrypted on its own: accepted
    const all = { keys: secureLeavesGiven.keys, paths: [...secureLeavesGiven.paths, "target.kubeconfigInline", "services.egov-notification-sms.secrets.password"] };
    assert.equal(problemsOf({ values, secretKeys: ["target", "services"], secureLeaves: all }), undefined);
  });

  it("without the stack file (an ESC environment, an automation program), falls back to Pulumi's secret keys", () => {
    const values = { ...minimalValues(), target: { kind: "sdc", kubeconfigInline: "apiVersion: v1" } };
    assert.equal(problemsOf({ values, secretKeys: ["target"] }), undefined);
    assert.match(problemsOf({ values, secretKeys: [] })!, /kubeconfigInline: given in plain text/);
    // the stack file sets other keys but not this one: Pulumi's flag decides for it
    assert.equal(problemsOf({ values, secretKeys: ["target"], secureLeaves: { keys: ["domain"], paths: [] } }), undefined);
  });

  it("records which leaves are secret on the parsed config", () => {
    const values = { ...minimalValues(), services: { "egov-user": { env: { A: "1", B: "2" } } } };
    const c = parseDigitConfig({ values, secretKeys: ["services"], secureLeaves: { keys: ["services", "target", "domain", "stateTenantId"], paths: ["services.egov-user.env.B"] } });
    assert.ok(isSecretPath(c, "services.egov-user.env.B"));
    assert.ok(!isSecretPath(c, "services.egov-user.env.A"));
    // a key Pulumi marks secret that the stack file does not set: all of it
    const esc = parseDigitConfig({ values, secretKeys: ["services"] });
    assert.ok(isSecretPath(esc, "services.egov-user.env.A"));
    assert.ok(!isSecretPath(esc, "domain"));
  });

  it("the offline plan stands a value of the field's shape in for an encrypted URL, carrying the placeholder", () => {
    const stack = `
config:
  digit:target: { kind: sdc, kubeconfig: k, proxy: { http: { secure: v1:a } } }
  digit:domain: dev.digit.punjab.gov.in
  digit:stateTenantId: pb
  digit:configRepos:
    mdms: { url: { secure: v1:b }, ref: main }
  digit:delivery: { mode: gitops, repository: { secure: v1:c } }
  digit:operations: { alerting: { webhook: { secure: v1:d } } }
`;
    const pc = stackConfig(stack, { project: "digit" });
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(pc.values)) if (k.startsWith("digit:")) values[k.slice(6)] = v.startsWith("{") ? JSON.parse(v) : v;
    const doc = { "digit:target": 1, "digit:domain": 1, "digit:stateTenantId": 1, "digit:configRepos": 1, "digit:delivery": 1, "digit:operations": 1 };
    const leaves = { keys: Object.keys(doc).map((k) => k.slice(6)), paths: ["target.proxy.http", "configRepos.mdms.url", "delivery.repository", "operations.alerting.webhook"] };
    const c = parseDigitConfig({ values, secretKeys: ["target", "configRepos", "delivery", "operations"], secureLeaves: leaves });
    const token = offlineToken(offlinePlaceholder("digit:configRepos.mdms.url"));
    assert.equal(c.configRepos.mdms.url, `https://${token}@secret.offline.invalid/`);
    assert.equal(new URL(c.configRepos.mdms.url).username, token, "the placeholder is the URL's credentials, which the leak check looks for");
    assert.ok(c.delivery.mode === "gitops" && c.delivery.repository.includes(offlineToken(offlinePlaceholder("digit:delivery.repository"))));
    // a proxy address takes no userinfo (config/fields.ts proxyUrl): the token is its host
    assert.equal(new URL(c.target.kind === "sdc" ? c.target.proxy!.http! : "").hostname, `${offlineHostToken(offlinePlaceholder("digit:target.proxy.http"))}.offline.invalid`);
    assert.ok(pc.placeholders.includes(offlinePlaceholder("digit:delivery.repository")));
  });
});

describe("errors never echo a secret value, whatever the key is called", () => {
  const base = () => ({ ...minimalValues(), operations: { alerting: { webhook: "x" } } });
  // Leaves whose schema checks the value's shape: a wrong encrypted value is an error, without the value.
  const shaped: Array<[string, (v: string) => Record<string, unknown>]> = [
    ["operations.alerting.webhook", (v) => ({ ...base(), operations: { alerting: { webhook: v } } })],
    ["configRepos.mdms.url", (v) => ({ ...base(), configRepos: { mdms: { url: v } } })],
    ["delivery.repository", (v) => ({ ...base(), delivery: { mode: "gitops", repository: v } })],
    ["target.proxy.https", (v) => ({ ...base(), target: { kind: "sdc", kubeconfig: "k", proxy: { https: v } } })],
    ["target.registry.mirror", (v) => ({ ...base(), target: { kind: "sdc", kubeconfig: "k", registry: { mirror: v } } })],
    ["domain", (v) => ({ ...base(), domain: v })],
    ["stateTenantId", (v) => ({ ...base(), stateTenantId: v })],
    ["services.egov-user.tag", (v) => ({ ...base(), services: { "egov-user": { tag: v } } })],
  ];
  for (const [path, make] of shaped)
    it(`digit:${path}`, () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[A-Za-z0-9 :/@._-]{8,40}$/), (random) => {
          const value = `not valid ${random} SECRETVALUE`;
          const leaves = { keys: ["target", "domain", "stateTenantId", "operations", "configRepos", "delivery", "services", "registry"], paths: [path] };
          const msg = problemsOf({ values: make(value), secretKeys: [path.split(".")[0]], secureLeaves: leaves });
          assert.ok(msg, "the value is refused");
          assert.ok(msg!.includes(`digit:${path}`), `names the key: ${msg}`);
          assert.ok(!msg!.includes("SECRETVALUE") && !msg!.includes(value.slice(0, 12)), `echoes the value: ${msg}`);
        }),
        { numRuns: 25 },
      );
    });
});

describe("secrets in the stack config: where the program finds the stack file", () => {
  it("DIGIT_STACK_FILE, else Pulumi.<stack>.yaml in the project or its stackConfigDir", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { stackFilePath, stackFileLeaves } = await import("../lib/stack-config");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-stackfile-"));
    fs.writeFileSync(path.join(dir, "Pulumi.pb.yaml"), "config:\n  digit:target:\n    kind: sdc\n    kubeconfigInline:\n      secure: v1:x\n");
    assert.equal(stackFilePath({}, dir, "pb"), path.join(dir, "Pulumi.pb.yaml"));
    assert.equal(stackFilePath({ DIGIT_STACK_FILE: "other.yaml" }, dir, "pb"), path.join(dir, "other.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.renameSync(path.join(dir, "Pulumi.pb.yaml"), path.join(dir, "stacks", "Pulumi.pb.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: digit\nruntime: nodejs\nstackConfigDir: stacks\n");
    const file = stackFilePath({}, dir, "pb");
    assert.equal(file, path.join(dir, "stacks", "Pulumi.pb.yaml"));
    assert.deepEqual(stackFileLeaves(file), { keys: ["target"], paths: ["target.kubeconfigInline"] });
    assert.equal(stackFileLeaves(undefined), undefined);
  });
});

describe("secrets in the stack config: the offline plan checks each field", function () {
  this.timeout(60000);
  it("a plain credential beside an encrypted one under the same key: exit 2 naming the plain one", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { runPlan } = await import("./helpers/plan-run");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-plain-"));
    const file = path.join(dir, "Pulumi.plain.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  digit:target:",
        "    kind: sdc",
        "    kubeconfigInline: 'apiVersion: v1'",
        "    database: { mode: external, host: pg.sdc, username: egov, password: { secure: v1:x } }",
        "  digit:domain: digit.punjab.gov.in",
        "  digit:stateTenantId: pb",
        "",
      ].join("\n"),
    );
    const r = await runPlan(["--config-file", file]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /digit:target\.kubeconfigInline: given in plain text/);
    assert.doesNotMatch(r.stderr, /database\.password: given in plain text/);
  });
});
