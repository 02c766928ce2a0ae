import * as assert from "node:assert/strict";
import * as path from "node:path";
import { filesUnder, planAllStacks, stackFiles, type PlanRun } from "./helpers/plan-run";
import { isStateful, planInto, readResources, variantOf, type PlanEntry } from "./helpers/security-plans";
import { createMocks, fakeValue } from "../tools/plan/mocks";
import { parse, minimalValues, errorOf } from "./helpers/config";
import { rotationKeepers, rotationStamp } from "../components/security/rotation";

/** Generated values that are not credentials, and why; anything else random must be a RandomPassword (secret in state). */
const notSecret: Record<string, string> = {
  "digit-suffix": "Azure's globally unique names (storage account, server) end in it",
  "digit-backbone-kafka-cluster-id": "Kafka's cluster id, a name",
};

/**
 * The values the offline plan's engine hands out for every RandomPassword of a stack (the plan's
 * mocks derive them from the resource's name), whether or not the program marked them secret.
 */
function generatedSecrets(resources: PlanEntry[]): Array<{ what: string; value: string }> {
  const out: Array<{ what: string; value: string }> = [];
  for (const r of resources) {
    if (r.type !== "random:index/randomPassword:RandomPassword") continue;
    const length = typeof r.inputs.length === "number" ? r.inputs.length : 24;
    out.push({ what: `${r.name} result`, value: fakeValue(`password/${r.name}`, length) }, { what: `${r.name} bcrypt hash`, value: fakeValue(`bcrypt/${r.name}`, 53) });
  }
  return out;
}

describe("secrets never in plain text", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  it("recomputes exactly the values the plan's engine generates (the scan below looks for the real ones)", () => {
    const { mocks } = createMocks({ config: {}, secretOutputs: () => ["result"] });
    const state = mocks.newResource({ type: "random:index/randomPassword:RandomPassword", name: "digit-es-password", inputs: { length: 32 }, custom: true } as any) as any;
    const [mine] = generatedSecrets([{ urn: "u", type: "random:index/randomPassword:RandomPassword", name: "digit-es-password", parent: null, dependsOn: [], provider: null, protect: false, inputs: { length: 32 } }]);
    assert.equal(state.state.result.value, mine.value);
  });

  for (const f of stackFiles())
    it(`${path.basename(f)}: no generated or configured secret value anywhere in the complete plan output`, () => {
      const r = runs.get(f)!;
      assert.equal(r.code, 0, r.stderr);
      const resources = readResources(r.out!);
      const secrets = generatedSecrets(resources);
      assert.ok(secrets.length >= 4, `${secrets.length / 2} generated passwords in ${f}`);
      // Encrypted config values: the plan stands in `offline-secret-<key>` for each.
      const placeholders = /offline-secret-[A-Za-z0-9:._[\]-]+/;
      const texts: Array<[string, string]> = [...filesUnder(r.out!)].concat([["stdout", r.stdout], ["stderr", r.stderr]]);
      const leaks: string[] = [];
      for (const [file, text] of texts) {
        for (const s of secrets) if (text.includes(s.value)) leaks.push(`${s.what} in ${file}`);
        const p = placeholders.exec(text);
        if (p) leaks.push(`${p[0]} in ${file}`);
      }
      assert.deepEqual(leaks, []);
      assert.ok(texts.length > 20, "scanned every file");
    });

  for (const f of stackFiles())
    it(`${path.basename(f)}: every Secret's data is a Pulumi secret, every generated credential a RandomPassword`, () => {
      const resources = readResources(runs.get(f)!.out!);
      const secrets = resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
      assert.ok(secrets.length > 3);
      for (const s of secrets) {
        const data = s.inputs.stringData ?? s.inputs.data;
        const where = `${s.inputs.metadata?.namespace}/${s.inputs.metadata?.name}`;
        // The plan shows a secret map's keys, every value "[secret]".
        assert.ok(data && typeof data === "object" && Object.keys(data).length > 0, `${where}: the Secret's keys are shown`);
        for (const [k, v] of Object.entries(data)) assert.equal(v, "[secret]", `${where}: ${k} in plain text`);
      }
      for (const r of resources.filter((x) => x.type.startsWith("random:") && x.type !== "random:index/randomPassword:RandomPassword"))
        assert.ok(notSecret[r.name], `${r.type} ${r.name}: generate credentials with RandomPassword (secret in state), or record why this one is not a credential`);
    });
});

describe("credential rotation by a config change", function () {
  this.timeout(300000);
  // nic: in-cluster Postgres, MinIO, Elasticsearch and the chatbot's OTP; aws: the RDS master password.
  const cases = [
    // (no chatbot in DIGIT 2.9 LTS's helmfiles: its OTP counter changes nothing)
    { stack: "examples/stacks/Pulumi.nic.yaml", rotation: { database: 1, objectStore: 1, elasticsearch: 1, chatbotOtp: 1 }, passwords: 4, stamp: "chatbotOtp=1,database=1,elasticsearch=1,objectStore=1" },
    { stack: "examples/stacks/Pulumi.aws.yaml", rotation: { database: 2 }, passwords: 1, stamp: "database=2" },
  ];
  /** Databases whose password input is changed in place (a new master password, no new server). */
  const updatesPasswordInPlace = new Set(["aws:rds/instance:Instance", "azure-native:dbforpostgresql:Server"]);
  const planned: PlanRun[] = [];
  const rotated: PlanRun[] = [];

  before(async () => {
    const all = await planAllStacks();
    for (const c of cases) {
      planned.push(all.get(c.stack)!);
      const file = variantOf(c.stack, "rotate", (config) => {
        config["digit:security"] = { ...(config["digit:security"] ?? {}), rotation: c.rotation };
      });
      rotated.push(await planInto(file, path.join(path.dirname(file), "out")));
    }
  });

  it("a rotation counter gives the generated password keepers, none until the first rotation", () => {
    assert.equal(rotationKeepers(0), undefined);
    assert.equal(rotationKeepers(undefined), undefined);
    assert.deepEqual(rotationKeepers(3), { rotation: "3" });
    assert.equal(rotationStamp(parse(minimalValues())), undefined);
    const v = { ...minimalValues(), security: { rotation: { elasticsearch: 2, database: 1 } } };
    assert.deepEqual(rotationStamp(parse(v)), { "digit.egov.org/credentials-rotation": "database=1,elasticsearch=2" });
    assert.match(errorOf({ ...minimalValues(), security: { rotation: { databse: 1 } } }), /digit:security\.rotation\.databse: unknown key \(did you mean "database"\?\)/);
    assert.match(errorOf({ ...minimalValues(), security: { rotation: { database: -1 } } }), /digit:security\.rotation\.database: got -1; expected at least 0/);
  });

  cases.forEach((c, i) =>
    it(`${path.basename(c.stack)}: changes only the passwords (keepers) and the pod templates that restart on them: no URN, no data`, () => {
      assert.equal(planned[i].code, 0, planned[i].stderr);
      assert.equal(rotated[i].code, 0, `${rotated[i].stdout}\n${rotated[i].stderr}`);
      const was = readResources(planned[i].out!);
      const now = new Map(readResources(rotated[i].out!).map((r) => [r.urn, r]));
      assert.deepEqual([...now.keys()].sort(), was.map((r) => r.urn).sort(), "the same URNs");

      const changed = was.filter((r) => JSON.stringify(r.inputs) !== JSON.stringify(now.get(r.urn)!.inputs));
      const passwords = changed.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
      const deployments = changed.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
      const other = changed.filter((r) => !passwords.includes(r) && !deployments.includes(r));
      assert.deepEqual(other.map((r) => r.urn), [], "nothing else changes");
      assert.equal(passwords.length, c.passwords, "passwords rotated");
      for (const p of passwords) {
        const { keepers, ...rest } = now.get(p.urn)!.inputs;
        assert.deepEqual(keepers, { rotation: String(Object.values(c.rotation)[0]) }, p.name);
        assert.deepEqual(rest, p.inputs, `${p.name}: only keepers change`);
      }
      assert.ok(deployments.length >= 10, `${deployments.length} DIGIT services restart on the rotated Secrets`);
      for (const d of deployments) {
        const n = structuredClone(now.get(d.urn)!.inputs);
        const annotations = n.spec.template.metadata.annotations;
        assert.equal(annotations["digit.egov.org/credentials-rotation"], c.stamp);
        delete annotations["digit.egov.org/credentials-rotation"];
        if (!Object.keys(annotations).length) delete n.spec.template.metadata.annotations;
        assert.deepEqual(n, d.inputs, `${d.name}: only the pod template's annotation changes`);
      }
      // What reads a rotated password directly is a Secret, chart values or a database's password field, never data.
      const rotatedUrns = new Set(passwords.map((p) => p.urn));
      const readers = was.filter((r) => r.dependsOn.some((u) => rotatedUrns.has(u)));
      assert.ok(readers.length >= passwords.length - 1);
      for (const r of readers) assert.ok(!isStateful(r) || updatesPasswordInPlace.has(r.type), `${r.urn} holds data and reads a rotated password`);
    }),
  );
});
