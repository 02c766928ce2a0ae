// The package's API as an integrator composes it: one helper for the target's context, the same
// pre-flight checks as this repository's program, a config without digit:target for a program's
// own Target, and the mocks helper (digit-pulumi/testing) for their tests.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import { parseDigitConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import { targetContext } from "../lib/target-context";
import { DigitPlatform } from "../components/platform";
import type { Target } from "../providers/target";
import { setDigitMocks, type DigitMocks } from "../lib/testing";
import { minimalValues, parse } from "./helpers/config";

/** A Target of the integrator's own: their cluster, their choices, no digit:target section. */
function ownTarget(name: string): Target {
  return {
    kind: "sdc",
    name,
    provider: new k8s.Provider(`${name}-k8s`, { kubeconfig: "/etc/state/cluster.kubeconfig" }),
    storage: { fast: "state-ssd", standard: "state-hdd", staticVolumes: {} },
    database: { mode: "in-cluster" },
    objectStore: { mode: "minio" },
    exposure: { mode: "NodePort", httpPort: 31080, httpsPort: 31443 },
    registry: { mirror: "registry.state.example/egovio" },
    readiness: [],
  };
}

describe("integrator API: targetContext", () => {
  it("derives every TargetContext field from the config, the rotation counter included", () => {
    const c = parse({ ...minimalValues(), profile: "ha", edge: { tls: { mode: "acme", email: "ops@punjab.gov.in" } }, backbone: { protect: false }, security: { rotation: { database: 3 } } });
    assert.deepEqual(targetContext(c), { profile: "ha", protect: false, stateTenantId: "pb", domain: "digit.punjab.gov.in", databaseRotation: 3, objectStoreRotation: undefined });
    assert.deepEqual(targetContext(parse(minimalValues())), { profile: "dev", protect: true, stateTenantId: "pb", domain: "digit.punjab.gov.in", databaseRotation: undefined, objectStoreRotation: undefined });
  });

  it("is what the repository's program builds its target's context with", () => {
    const source = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
    assert.match(source, /createTarget\("digit", config\.target, targetContext\(config\)\)/);
  });

  it("runs the platform's pre-flight checks first: a bad override fails before any target exists", () => {
    const bad = parse({ ...minimalValues(), services: { "egov-usr": { replicas: 2 } } });
    assert.throws(() => targetContext(bad), (e: unknown) => e instanceof ConfigError && /digit:services\.egov-usr: .*did you mean egov-user\?/.test(e.message));
    const haWithoutTls = parse({ ...minimalValues(), profile: "ha" });
    assert.throws(() => targetContext(haWithoutTls), /digit:edge\.tls: not set; a production \(ha\) stack must choose/);
  });
});

describe("integrator API: parseDigitConfig for a program's own Target", () => {
  const noTarget = () => {
    const v = minimalValues();
    delete v.target;
    return v;
  };

  it("requires digit:target by default, and not with { ownTarget: true }", () => {
    assert.throws(() => parseDigitConfig({ values: noTarget() }), /digit:target: is required/);
    const c = parseDigitConfig({ values: noTarget() }, { ownTarget: true });
    assert.equal(c.target, undefined);
    assert.equal(c.domain, "digit.punjab.gov.in");
    assert.deepEqual(c.modules, ["core-services"], "defaults are filled as usual");
  });

  it("still validates digit:target when one is given, and every other key", () => {
    assert.throws(() => parseDigitConfig({ values: { ...minimalValues(), target: { kind: "sdc", kubeconfg: "/k" } } }, { ownTarget: true }), /digit:target\.kubeconfg: unknown key \(did you mean "kubeconfig"\?\)/);
    assert.throws(() => parseDigitConfig({ values: { ...noTarget(), profile: "prod" } }, { ownTarget: true }), /digit:profile: got "prod"; allowed: dev \| ha/);
  });
});

describe("integrator API: DigitPlatform on a program's own Target, under digit-pulumi/testing's mocks", function () {
  this.timeout(60000);
  let mocks: DigitMocks;
  let before0: number;

  before(async () => {
    mocks = await setDigitMocks({ project: "pb-digit", stack: "ci", config: { "digit:domain": "digit.punjab.gov.in", botTag: "1.4.2" } });
    // A config problem the target cannot catch: DigitPlatform runs the pre-flight checks itself.
    const target = ownTarget("bad");
    await mocks.settle();
    before0 = mocks.registrations.length;
    const bad = parseDigitConfig({ values: { domain: "digit.punjab.gov.in", stateTenantId: "pb", services: { "egov-usr": {} } } }, { ownTarget: true });
    assert.throws(() => new DigitPlatform("bad", { target, config: bad }), (e: unknown) => e instanceof ConfigError && /did you mean egov-user\?/.test(e.message));
    await mocks.settle();
    const config = parseDigitConfig({ values: { domain: "digit.punjab.gov.in", stateTenantId: "pb", modules: ["core-services"] } }, { ownTarget: true });
    new DigitPlatform("pb", { target: ownTarget("pb"), config });
    await mocks.settle();
  });

  it("a config the pre-flight checks refuse registers nothing of the platform", () => {
    const afterBad = mocks.registrations.slice(before0).filter((r) => r.name.startsWith("bad"));
    assert.deepEqual(afterBad.map((r) => r.type), [], "no resource of the refused platform");
  });

  it("deploys DIGIT through the own Target: its provider, its storage classes, its mirror, its NodePorts", () => {
    const provider = mocks.ofType("pulumi:providers:kubernetes").find((p) => p.name === "pb-k8s");
    assert.ok(provider, "the integrator's provider");
    const deployments = mocks.ofType("kubernetes:apps/v1:Deployment");
    const user = deployments.find((d) => (d.inputs as any).metadata?.name === "egov-user");
    assert.ok(user, "egov-user is deployed");
    assert.ok(user.provider?.startsWith(provider.urn), "through the own Target's provider");
    assert.match((user.inputs as any).spec.template.spec.containers[0].image, /^registry\.state\.example\/egovio\/egov-user:/);
    const claims = mocks.registrations.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet").flatMap((r) => (r.inputs as any).spec.volumeClaimTemplates ?? []);
    assert.ok(claims.length > 0 && claims.every((c: any) => ["state-ssd", "state-hdd"].includes(c.spec.storageClassName)), "volumes on the own storage classes");
    const envoy = mocks.registrations.find((r) => r.type === "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
    assert.match(JSON.stringify(envoy?.inputs), /31080/);
  });

  it("the mocks helper hands generated passwords out as secrets and sets the program's own config", async () => {
    const pulumi = await import("@pulumi/pulumi");
    assert.equal(new pulumi.Config().get("botTag"), "1.4.2", "a bare key is in the project's namespace");
    const password = mocks.ofType("random:index/randomPassword:RandomPassword").find((r) => r.name === "pb-db-password");
    assert.ok(password, "the platform's database password");
    const secret = mocks.ofType("kubernetes:core/v1:Secret").find((r) => (r.inputs as any).metadata?.name === "db" && (r.inputs as any).metadata?.namespace === "egov");
    assert.ok(secret, "the egov/db Secret");
    assert.equal((secret.inputs as any).stringData["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "its data is a Pulumi secret");
  });
});
