import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { kubeconfigOffer } from "../providers/kubeconfig/offer";
import { sdcDefaults } from "../providers/sdc";
import { nicDefaults } from "../providers/nic";
import { createTarget } from "../providers";
import { installMocks, isSecret, named, settle, valueOf, Registered } from "./helpers/mocks";
import { parse, minimalValues } from "./helpers/config";

const ctx = { profile: "dev" as const, protect: true, stateTenantId: "pb", domain: "digit.punjab.gov.in" };

function sdc(target: Record<string, unknown>, secretKeys: string[] = []) {
  const c = parse({ ...minimalValues(), target: { kind: "sdc", ...target } }, secretKeys);
  if (c.target.kind !== "sdc") throw new Error("not sdc");
  return c.target;
}

describe("sdc target: what the place offers (pure)", () => {
  it("defaults: NodePort 32080/32443, in-cluster Postgres, MinIO, cluster default storage, public registries", () => {
    const o = kubeconfigOffer(sdc({ kubeconfig: "/etc/digit/kubeconfig" }), sdcDefaults);
    assert.deepEqual(o.exposure, { mode: "NodePort", httpPort: 32080, httpsPort: 32443 });
    assert.deepEqual(o.database, { mode: "in-cluster" });
    assert.deepEqual(o.objectStore, { mode: "minio" });
    assert.equal(o.storage.fast, undefined);
    assert.deepEqual(o.storage.staticVolumes, {});
    assert.equal(o.registry.mirror, undefined);
    assert.equal(o.proxy, undefined);
    assert.equal(o.capacity, undefined);
    assert.equal(o.access.kubeconfig, "/etc/digit/kubeconfig");
  });

  it("kubeconfig as a file path is handed over unread; a named context alone uses the default kubeconfig", () => {
    assert.equal(kubeconfigOffer(sdc({ kubeconfig: "/nonexistent/kubeconfig" }), sdcDefaults).access.kubeconfig, "/nonexistent/kubeconfig");
    const o = kubeconfigOffer(sdc({ context: "pb-sdc-prod" }), sdcDefaults);
    assert.equal(o.access.kubeconfig, undefined);
    assert.equal(o.access.context, "pb-sdc-prod");
  });

  it("an inline kubeconfig stays a secret", async () => {
    installMocks();
    const o = kubeconfigOffer(sdc({ kubeconfigInline: "apiVersion: v1\nkind: Config" }, ["target"]), sdcDefaults);
    assert.equal(await isSecret(o.access.kubeconfig!), true);
  });

  it("storage classes per tier; a missing tier falls back to the other", () => {
    const o = kubeconfigOffer(sdc({ kubeconfig: "/k", storage: { classes: { fast: "iscsi-ssd", shared: "nfs-client" } } }), sdcDefaults);
    assert.equal(o.storage.fast, "iscsi-ssd");
    assert.equal(o.storage.standard, "iscsi-ssd");
    assert.equal(o.storage.shared, "nfs-client");
  });

  it("static volumes are keyed by the claim they serve", () => {
    const o = kubeconfigOffer(
      sdc({ kubeconfig: "/k", storage: { staticVolumes: [{ for: "postgres-0", volumeName: "pv-pg-0", size: "200Gi" }, { for: "kafka-0", volumeName: "pv-kafka-0", size: "50Gi" }] } }),
      sdcDefaults,
    );
    assert.deepEqual(o.storage.staticVolumes["postgres-0"], { volumeName: "pv-pg-0", size: "200Gi" });
    assert.deepEqual(Object.keys(o.storage.staticVolumes).sort(), ["kafka-0", "postgres-0"]);
  });

  it("an external database keeps its password a secret and defaults to sslmode require", async () => {
    installMocks();
    const o = kubeconfigOffer(sdc({ kubeconfig: "/k", database: { mode: "external", host: "pg.sdc.local", username: "egov", password: "s3cret" } }, ["target"]), sdcDefaults);
    assert.equal(o.database.mode, "external");
    if (o.database.mode !== "external") return;
    assert.equal(o.database.host, "pg.sdc.local");
    assert.equal(o.database.port, 5432);
    assert.equal(o.database.database, "egov");
    assert.equal(o.database.sslMode, "require");
    assert.equal(await isSecret(o.database.password), true);
  });

  it("object store: MinIO, or an S3-compatible endpoint with secret keys", async () => {
    installMocks();
    assert.deepEqual(kubeconfigOffer(sdc({ kubeconfig: "/k" }), sdcDefaults).objectStore, { mode: "minio" });
    const s3 = kubeconfigOffer(
      sdc({ kubeconfig: "/k", objectStore: { mode: "s3", bucket: "digit-files", endpoint: "https://rgw.sdc.local", accessKey: "AK", secretKey: "SK" } }, ["target"]),
      sdcDefaults,
    ).objectStore;
    assert.equal(s3.mode, "s3");
    if (s3.mode !== "s3" || s3.credentials.mode !== "keys") throw new Error("expected keys");
    assert.equal(s3.endpoint, "https://rgw.sdc.local");
    assert.equal(await isSecret(s3.credentials.secretKey), true);
  });

  it("exposure: LoadBalancer with annotations when configured", () => {
    const o = kubeconfigOffer(sdc({ kubeconfig: "/k", exposure: { mode: "LoadBalancer", loadBalancerIP: "10.1.2.3", annotations: { "metallb.universe.tf/address-pool": "dmz" } } }), sdcDefaults);
    assert.deepEqual(o.exposure, { mode: "LoadBalancer", loadBalancerIP: "10.1.2.3", annotations: { "metallb.universe.tf/address-pool": "dmz" } });
  });

  it("registry: a mirror with an existing pull secret, or one the platform creates from dockerConfigJson", () => {
    const existing = kubeconfigOffer(sdc({ kubeconfig: "/k", registry: { mirror: "registry.sdc.local/egovio", pullSecret: "sdc-registry" } }), sdcDefaults).registry;
    assert.equal(existing.mirror, "registry.sdc.local/egovio");
    assert.equal(existing.pullSecretName, "sdc-registry");
    assert.equal(existing.dockerConfigJson, undefined);
    const created = kubeconfigOffer(sdc({ kubeconfig: "/k", registry: { mirror: "registry.sdc.local/egovio", dockerConfigJson: "{}" } }, ["target"]), sdcDefaults).registry;
    assert.equal(created.pullSecretName, "digit-registry");
  });

  it("proxy: the state's entries as given (the platform adds the cluster's names), no login unless given", () => {
    const o = kubeconfigOffer(sdc({ kubeconfig: "/k", proxy: { http: "http://proxy.sdc:3128", noProxy: [".sdc.local"] } }), sdcDefaults);
    assert.equal(o.proxy!.http, "http://proxy.sdc:3128");
    assert.deepEqual(o.proxy!.noProxy, [".sdc.local"]);
    assert.equal(o.proxy!.credentials, undefined);
  });

  it("capacity: nodes x allocatable per node", () => {
    const o = kubeconfigOffer(sdc({ kubeconfig: "/k", capacity: { nodes: 6, cpuPerNode: "15500m", memoryPerNode: "60Gi" } }), sdcDefaults);
    assert.deepEqual(o.capacity, { nodes: 6, cpuMillis: 93000, memoryMiB: 6 * 60 * 1024 });
  });

  it("nic: NodePort 30080/30443 by default", () => {
    const c = parse({ ...minimalValues(), target: { kind: "nic", kubeconfig: "/k", registry: { mirror: "registry.nic.example/egovio" } } });
    if (c.target.kind !== "nic") throw new Error();
    const o = kubeconfigOffer(c.target, nicDefaults);
    assert.deepEqual(o.exposure, { mode: "NodePort", httpPort: 30080, httpsPort: 30443 });
    assert.equal(o.registry.mirror, "registry.nic.example/egovio");
  });
});

describe("sdc target: registration (mocks)", () => {
  let seen: Registered[];
  before(() => (seen = installMocks()));

  it("is a digit:sdc:Target component owning one Kubernetes provider built from the kubeconfig path", async () => {
    const t = createTarget("pb", sdc({ kubeconfig: "/etc/digit/kubeconfig", context: "prod" }), ctx);
    await valueOf(t.provider.urn);
    await settle();
    assert.equal(t.kind, "sdc");
    assert.equal(t.name, "pb-sdc");
    const p = named(seen, "pulumi:providers:kubernetes", "pb-k8s");
    assert.equal(p.inputs.kubeconfig, "/etc/digit/kubeconfig");
    assert.equal(p.inputs.context, "prod");
    assert.equal(p.inputs.enableServerSideApply, "true");
    assert.match(await valueOf(t.provider.urn), /digit:sdc:Target\$pulumi:providers:kubernetes::pb-k8s$/);
    assert.deepEqual(t.readiness, []);
  });
});

describe("target selection loads only the chosen target", () => {
  it("selecting sdc loads no cloud SDK (fresh process)", function () {
    this.timeout(60000);
    const script = `
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: a => ({ id: a.name, state: a.inputs }), call: a => a.inputs }, "digit", "t", false);
      const { createTarget } = require("./providers");
      createTarget("x", { kind: "sdc", kubeconfig: "/k" }, { profile: "dev", protect: true, stateTenantId: "pb", domain: "a.b.in" });
      const loaded = Object.keys(require.cache).filter(k => /node_modules[\\\\/]@pulumi[\\\\/](aws|azure-native|gcp)[\\\\/]/.test(k));
      console.log(JSON.stringify(loaded.length));
    `;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.resolve(__dirname, ".."),
      encoding: "utf8",
    });
    assert.equal(out.trim().split("\n").pop(), "0");
  });
});

describe("a cloud target without its SDK", () => {
  it("fails with the npm command to run, not a module-resolution trace", () => {
    const { requireSdk } = require("../providers/sdk/require");
    assert.throws(() => requireSdk("@pulumi/not-installed-sdk", "aws"), /the aws target needs @pulumi\/not-installed-sdk, which is not installed: run `npm install @pulumi\/not-installed-sdk`/);
    assert.doesNotThrow(() => requireSdk("@pulumi/aws", "aws"));
  });
});

describe("inside the cluster (the Pulumi Kubernetes Operator's workspace)", () => {
  let seen: Registered[];
  before(() => (seen = installMocks()));
  after(() => delete process.env.DIGIT_IN_CLUSTER);

  it("the provider drops the stack's kubeconfig and context and uses the pod's ServiceAccount", async () => {
    const { kubeconfigFor, runsInCluster } = require("../lib/in-cluster");
    assert.equal(runsInCluster({}), false);
    assert.equal(kubeconfigFor("/etc/k", { DIGIT_IN_CLUSTER: "true" }), undefined);
    assert.equal(kubeconfigFor("/etc/k", {}), "/etc/k");
    process.env.DIGIT_IN_CLUSTER = "true";
    const t = createTarget("incluster", sdc({ kubeconfig: "/etc/digit/kubeconfig", context: "prod" }), ctx);
    await valueOf(t.provider.urn);
    await settle();
    const p = named(seen, "pulumi:providers:kubernetes", "incluster-k8s");
    assert.equal(p.inputs.kubeconfig, undefined);
    assert.equal(p.inputs.context, undefined);
  });
});
