import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { installMocks, settle, named, ofType, unwrap, valueOf, Registered } from "./helpers/mocks";
import { errorOf, minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import { ConfigError } from "../config/errors";
import { planHandover, formatHandover } from "../tools/plan/handover";
import { planAllStacks, repoRoot, type PlanRun } from "./helpers/plan-run";

/** A CA certificate for the database (test data only; any PEM-shaped certificate will do here). */
const ca = fs.readFileSync(path.join(repoRoot, "tests/fixtures/edge/test-only.crt"), "utf8");

function build(target: Record<string, unknown>, name: string, secretKeys = ["target"]) {
  const c = parse({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", ...target } }, secretKeys);
  const t = createTarget(name, c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
  return new DigitPlatform(name, { target: t, config: c });
}

const external = { mode: "external", host: "pgsql.sdc.kerala.gov.in", username: "egov", password: "x", sslMode: "verify-full", caCertificate: ca };

describe("data centre: the external database verified against its CA (mocks)", () => {
  let seen: Registered[];
  let platform: DigitPlatform;
  before(async () => {
    seen = installMocks();
    platform = build({ database: external }, "ca");
    await settle();
  });

  it("sslMode verify-full requires the CA, and a CA asks for verify-full; each names the key", () => {
    const { caCertificate: _c, ...noCa } = external;
    assert.match(errorOf({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", database: noCa } }, ["target"]), /digit:target\.database\.caCertificate: got nothing; sslMode verify-full checks the server's certificate against a CA/);
    assert.match(errorOf({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", database: { ...external, sslMode: "require" } } }, ["target"]), /digit:target\.database\.caCertificate: got nothing; given with sslMode require, which does not check certificates/);
    assert.match(errorOf({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", database: { ...external, caCertificate: "not a pem" } } }, ["target"]), /digit:target\.database\.caCertificate: .*expected the PEM of a CA certificate/);
  });

  it("the JDBC URL points pgjdbc at the CA; the CA is a ConfigMap in every namespace the platform creates", () => {
    const cm = named(seen, "kubernetes:core/v1:ConfigMap", "ca-config-egov-egov-config").inputs;
    assert.equal(cm.data["db-url"], "jdbc:postgresql://pgsql.sdc.kerala.gov.in:5432/egov?sslmode=verify-full&sslrootcert=/etc/digit/db-ca/ca.crt");
    const created = ofType(seen, "kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata.name).sort();
    const cas = ofType(seen, "kubernetes:core/v1:ConfigMap").filter((c) => c.inputs.metadata.name === "digit-db-ca");
    assert.deepEqual(cas.map((c) => c.inputs.metadata.namespace).sort(), created);
    for (const c of cas) assert.equal(c.inputs.data["ca.crt"], ca);
  });

  it("services that use the database (the catalog's needs) and their migrations mount it; others do not", () => {
    const mounts = (c: any) => (c.volumeMounts ?? []).filter((m: any) => m.name === "db-ca" && m.mountPath === "/etc/digit/db-ca");
    const readsDbUrl = (c: any) => (c.env ?? []).some((e: any) => e.valueFrom?.configMapKeyRef?.key === "db-url");
    let withDb = 0;
    for (const s of platform.plan.services) {
      const d = named(seen, "kubernetes:apps/v1:Deployment", `ca-${s.spec.name}`);
      const pod = d.inputs.spec.template.spec;
      const migration = pod.initContainers.find((c: any) => c.name === "db-migration");
      const usesDb = !!s.spec.needs?.includes("postgres") || !!migration;
      if (readsDbUrl(pod.containers[0])) assert.ok(usesDb, `${d.name} reads db-url`);
      assert.equal(mounts(pod.containers[0]).length, usesDb ? 1 : 0, d.name);
      if (migration) assert.equal(mounts(migration).length, 1, `${d.name} migration`);
      assert.equal(pod.volumes.some((v: any) => v.name === "db-ca" && v.configMap?.name === "digit-db-ca"), usesDb, d.name);
      if (usesDb) withDb++;
    }
    assert.ok(withDb > 10, `${withDb} services use the database`);
  });

  it("the backup's psql and pg_dump verify the server with PGSSLROOTCERT", () => {
    const cron = ofType(seen, "kubernetes:batch/v1:CronJob").find((c) => c.inputs.metadata.name === "postgres-backup")!.inputs;
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const dump = [...pod.initContainers, ...pod.containers].find((c: any) => c.env.some((e: any) => e.name === "PGSSLMODE"));
    assert.deepEqual(dump.env.find((e: any) => e.name === "PGSSLROOTCERT"), { name: "PGSSLROOTCERT", value: "/etc/digit/db-ca/ca.crt" });
    assert.ok(dump.volumeMounts.some((m: any) => m.name === "db-ca"));
    assert.ok(pod.volumes.some((v: any) => v.name === "db-ca"));
  });
});

describe("data centre: registry pull secrets (mocks)", () => {
  let seen: Registered[];
  let byName: DigitPlatform;
  before(async () => {
    seen = installMocks();
    build({ registry: { mirror: "registry.kl-sdc.internal/egovio", dockerConfigJson: '{"auths":{}}' } }, "content");
    byName = build({ registry: { mirror: "registry.kl-sdc.internal/egovio", pullSecret: "kl-registry", pullSecretNamespace: "registry-creds" } }, "named", []);
    await settle();
  });

  const namespacesOf = (platform: string) =>
    ofType(seen, "kubernetes:core/v1:Namespace")
      .filter((n) => n.name.startsWith(`${platform}-ns-`))
      .map((n) => n.inputs.metadata.name)
      .sort();

  it("given as content: created, type dockerconfigjson, in every namespace the platform creates, the content a secret", () => {
    const pulls = ofType(seen, "kubernetes:core/v1:Secret").filter((s) => s.name.startsWith("content-ns-") && s.name.endsWith("-pull"));
    assert.deepEqual(pulls.map((s) => s.inputs.metadata.namespace).sort(), namespacesOf("content"));
    for (const s of pulls) {
      assert.equal(s.inputs.metadata.name, "digit-registry");
      assert.equal(s.inputs.type, "kubernetes.io/dockerconfigjson");
      assert.ok(unwrap(s.inputs.stringData).secret || unwrap(s.inputs.stringData[".dockerconfigjson"]).secret, "the content is a secret");
    }
  });

  it("given by name: read where the state keeps it (the check), copied into every namespace as a secret, pods pull with it", () => {
    const copies = ofType(seen, "kubernetes:core/v1:Secret").filter((s) => s.name.startsWith("named-ns-") && s.name.endsWith("-pull"));
    assert.deepEqual(copies.map((s) => s.inputs.metadata.namespace).sort(), namespacesOf("named"));
    for (const s of copies) {
      assert.equal(s.inputs.metadata.name, "kl-registry");
      assert.equal(s.inputs.type, "kubernetes.io/dockerconfigjson");
      assert.equal(unwrap(s.inputs.data).secret, true);
    }
    const d = named(seen, "kubernetes:apps/v1:Deployment", "named-egov-user").inputs;
    assert.deepEqual(d.spec.template.spec.imagePullSecrets, [{ name: "kl-registry" }]);
  });

  it("the hand-over names the Secret the state must keep, and where it is copied", async () => {
    const facts = await valueOf(byName.handover);
    assert.deepEqual(facts.pullSecret, { name: "kl-registry", namespace: "registry-creds" });
  });

  it("a source namespace the platform itself creates is refused, naming the key", () => {
    assert.throws(
      () => build({ registry: { mirror: "registry.kl-sdc.internal/egovio", pullSecret: "kl-registry", pullSecretNamespace: "egov" } }, "clash", []),
      (e: unknown) => e instanceof ConfigError && /digit:target\.registry\.pullSecretNamespace: "egov" is a namespace the platform creates/.test(e.message),
    );
  });
});

describe("data centre: the hand-over in the plan of examples/stacks/Pulumi.sdc-prod.yaml", function () {
  this.timeout(300000);
  let run: PlanRun;
  before(async () => {
    run = (await planAllStacks()).get(path.join("examples", "stacks", "Pulumi.sdc-prod.yaml"))!;
  });

  it("prints the NodePorts, the client-address contract, the database, every static volume and where the image list comes from", () => {
    assert.equal(run.code, 0, run.stderr);
    const text = run.stdout.slice(run.stdout.indexOf("Hand-over to the data centre"));
    assert.match(text, /Load balancer: forward TCP 80 -> 32080, TCP 443 -> 32443 on every node/);
    assert.match(text, /Client addresses: the load balancer must send the PROXY protocol header/);
    assert.match(text, /Database: pgsql\.pb-sdc\.internal:5432, database egov, user egov, sslmode verify-full/);
    const resources = JSON.parse(fs.readFileSync(path.join(run.out!, "resources.json"), "utf8"));
    const claims = resources.filter((r: any) => r.type === "kubernetes:core/v1:PersistentVolumeClaim" && r.inputs.spec?.volumeName);
    assert.ok(claims.length >= 6);
    for (const c of claims) assert.match(text, new RegExp(`${c.inputs.spec.volumeName} +${c.inputs.spec.resources.requests.storage} +storageClassName "${c.inputs.spec.storageClassName}" +bound by ${c.inputs.metadata.namespace}/${c.inputs.metadata.name}`));
    assert.match(text, /Images to mirror: `npm run plan -- --stack <this stack> --images`/);
  });

  it("a cloud stack has no hand-over", async () => {
    const aws = (await planAllStacks()).get(path.join("examples", "stacks", "Pulumi.aws.yaml"))!;
    assert.doesNotMatch(aws.stdout, /Hand-over to the data centre/);
    assert.deepEqual(formatHandover(planHandover([])), []);
  });
});
