import * as assert from "node:assert/strict";
import { installMocks, settle, named, ofType, isSecret, unwrap, Registered } from "./helpers/mocks";
import { minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import { ConfigError } from "../config/errors";
import { serviceHostData } from "../components/config/egov-config";
import { catalogLts, selectServices } from "../components/services/catalog";
import { deployedService } from "../components/services/plan";

function build(values: Record<string, any>, secretKeys: string[] = [], name = "digit") {
  const c = parse(values, secretKeys);
  const t = createTarget(name, c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
  return new DigitPlatform(name, { target: t, config: c });
}

describe("DigitPlatform on an sdc target (mocks)", () => {
  let seen: Registered[];
  let platform: DigitPlatform;
  before(async () => {
    seen = installMocks();
    platform = build(minimalValues());
    await settle();
  });

  it("creates DIGIT's namespaces with Pod Security labels", () => {
    const names = ofType(seen, "kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata.name);
    for (const ns of ["egov", "backbone", "kafka-kraft", "es-cluster", "digit-edge"]) assert.ok(names.includes(ns), ns);
    const egov = ofType(seen, "kubernetes:core/v1:Namespace").find((n) => n.inputs.metadata.name === "egov")!;
    assert.equal(egov.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
  });

  it("egov-config carries exactly the keys the deployed services read, with the backbone's endpoints", () => {
    const cm = named(seen, "kubernetes:core/v1:ConfigMap", "digit-config-egov-egov-config").inputs;
    const read = [...new Set(selectServices(["core-services"]).map(deployedService).flatMap((s) => s.usesConfig))].sort();
    assert.deepEqual(Object.keys(cm.data).sort(), read);
    assert.ok(Object.keys(catalogLts.egovConfig).length > read.length, "eGov's egov-config has keys nothing deployed reads");
    assert.equal(cm.data["db-url"], "jdbc:postgresql://postgres.backbone:5432/egov?sslmode=require");
    assert.equal(cm.data["kafka-brokers"], "kafka.kafka-kraft:9092");
    assert.equal(cm.data["es-indexer-host"], "https://elasticsearch.es-cluster:9200/");
    assert.equal(cm.data["egov-state-level-tenant-id"], "pb");
    assert.equal(cm.data["egov-services-fqdn-name"], "https://digit.punjab.gov.in/");
  });

  it("egov-service-host lists exactly the deployed services the others read", () => {
    const cm = named(seen, "kubernetes:core/v1:ConfigMap", "digit-config-egov-egov-service-host").inputs;
    const deployed = new Set(ofType(seen, "kubernetes:apps/v1:Deployment").filter((d) => d.inputs.metadata.namespace === "egov").map((d) => d.inputs.metadata.name));
    const read = [...new Set(selectServices(["core-services"]).map(deployedService).flatMap((s) => s.callsServices))].filter((k) => deployed.has(k)).sort();
    assert.deepEqual(Object.keys(cm.data).sort(), read);
    assert.equal(cm.data["egov-user"], "http://egov-user.egov:8080/");
    assert.ok(!("egov-pg-service" in cm.data), "nothing reads the payment gateway's host");
  });

  it("no secret value sits in a ConfigMap; Secret data stays a Pulumi secret", async () => {
    const db = unwrap(named(seen, "kubernetes:core/v1:Secret", "digit-config-egov-db").inputs.stringData);
    assert.equal(db.secret, true);
    assert.deepEqual(Object.keys(db.value).sort(), ["flyway-password", "flyway-username", "password", "username"]);
    for (const cm of ofType(seen, "kubernetes:core/v1:ConfigMap"))
      for (const v of Object.values<string>(cm.inputs.data)) assert.ok(!/password/i.test(String(v)), `${cm.name}: ${v}`);
    const rp = ofType(seen, "random:index/randomPassword:RandomPassword").map((r) => r.name);
    assert.ok(rp.includes("digit-db-password"));
  });

  it("egov-user is deployed completely: Deployment with migration, Service, route through the gateway", () => {
    const d = named(seen, "kubernetes:apps/v1:Deployment", "digit-egov-user").inputs;
    assert.equal(d.metadata.namespace, "egov");
    const pod = d.spec.template.spec;
    assert.equal(pod.initContainers.at(-1).name, "db-migration");
    assert.equal(pod.initContainers.at(-1).image, "egovio/egov-user-db:DIGIT-2.9-LTS-c33cfe45ab-19");
    assert.equal(pod.containers[0].readinessProbe.httpGet.path, "/user/health");
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e]));
    assert.deepEqual(env.SPRING_DATASOURCE_URL.valueFrom, { configMapKeyRef: { name: "egov-config", key: "db-url" } });
    assert.deepEqual(env.SPRING_DATASOURCE_PASSWORD.valueFrom, { secretKeyRef: { name: "db", key: "password" } });
    assert.equal(env.CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED.value, "false");
    // eGov's env.yaml gives egov-user -Xmx256m in 512Mi: kept
    assert.equal(env.JAVA_OPTS.value, "-Xmx256m -Xms256m");
    named(seen, "kubernetes:core/v1:Service", "digit-egov-user-svc");
  });

  it("publishes authenticated paths through DIGIT's gateway, open ones straight to the service", () => {
    const route = (n: string) => named(seen, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", n).inputs.spec.rules[0].backendRefs[0].name;
    assert.equal(route("digit-egov-user-route"), "gateway");
    assert.equal(route("digit-egov-url-shortening-route"), "egov-url-shortening");
    assert.ok(platform.plan.gaps.every((g) => /optional: /.test(g)), platform.plan.gaps.join("\n"));
  });

  it("every Kubernetes object uses the target's provider", () => {
    for (const r of seen.filter((x) => x.type.startsWith("kubernetes:")))
      assert.match(r.provider ?? "", /pulumi:providers:kubernetes::digit-k8s::/, `${r.type} ${r.name}`);
  });

  it("the platform's generated passwords are secret outputs", async () => {
    const { platformCredentials } = require("../components/config/credentials");
    const c = platformCredentials("cred", (platform as any).namespaces ? createTarget("cred", parse(minimalValues()).target, { profile: "dev", protect: true, stateTenantId: "pb", domain: "a.b.in" }) : undefined, platform);
    assert.equal(await isSecret(c.database.password), true);
    assert.equal(await isSecret(c.elasticsearch.password), true);
    assert.equal(await isSecret(c.objectStore.secretKey), true);
  });
});

describe("DigitPlatform: modules and overrides", () => {
  let seen: Registered[];
  before(() => (seen = installMocks()));

  it("authenticated paths route to DIGIT's gateway, which starts after every Service it routes to", async () => {
    build({ ...minimalValues(), modules: ["core-services"] }, [], "gw");
    await settle();
    const r = named(seen, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "gw-egov-user-route").inputs;
    assert.deepEqual(r.spec.rules[0].backendRefs, [{ name: "gateway", port: 8080 }]);
    assert.deepEqual(r.spec.rules[0].matches[0].path, { type: "PathPrefix", value: "/user" });
    // the discovery reads the Services' zuul/route-path once, at the gateway's start
    const services = ofType(seen, "kubernetes:core/v1:Service").filter((x) => x.name.startsWith("gw-") && x.inputs.metadata?.annotations?.["zuul/route-path"]);
    assert.ok(services.length > 20);
    const gatewayIndex = seen.findIndex((x) => x.type === "kubernetes:apps/v1:Deployment" && x.name === "gw-gateway");
    assert.ok(services.every((svc) => seen.indexOf(svc) < gatewayIndex), "every routed Service is registered before the gateway");
  });

  it("services reading DIGIT's config files get them cloned from the state's repositories into /work-dir", async () => {
    build(
      { ...minimalValues(), configRepos: { mdms: { url: "https://git.pb.gov.in/digit/egov-mdms-data.git", ref: "PB-PROD" } } },
      [],
      "repo",
    );
    await settle();
    const pod = seen.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "egov-mdms-service").at(-1)!.inputs.spec.template.spec;
    const sync = pod.initContainers.find((c: any) => c.name === "git-sync-egov-mdms-data");
    assert.ok(sync, pod.initContainers.map((c: any) => c.name).join(","));
    assert.ok(sync.args.includes("--repo=https://git.pb.gov.in/digit/egov-mdms-data.git"));
    assert.ok(sync.args.includes("--ref=PB-PROD"));
    assert.ok(sync.args.includes("--link=/work-dir/egov-mdms-data"));
    assert.deepEqual(pod.containers[0].volumeMounts.find((m: any) => m.name === "work-dir"), { name: "work-dir", mountPath: "/work-dir", readOnly: true });
    const persister = seen.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "egov-persister").at(-1)!.inputs.spec.template.spec;
    const p = persister.initContainers.find((c: any) => c.name === "git-sync-configs");
    assert.ok(p.args.includes("--repo=https://github.com/egovernments/configs.git"));
    const user = seen.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "egov-user").at(-1)!.inputs.spec.template.spec;
    assert.ok(!user.initContainers.some((c: any) => c.name.startsWith("git-sync")), "egov-user reads no config files");
  });

  it("egov-filestore follows the place's object store: MinIO by default, an S3-compatible store when configured", async () => {
    const env = (name: string) =>
      Object.fromEntries(
        seen.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "egov-filestore").at(-1)!.inputs.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
      )[name];
    build(minimalValues(), [], "fsminio");
    await settle();
    assert.equal(env("MINIO_URL"), "http://minio.backbone:9000/");
    assert.equal(env("ISS3ENABLED"), "true");
    assert.deepEqual(env("AWS_SECRETKEY"), { secretKeyRef: { name: "egov-filestore", key: "awssecretkey" } });
    build(
      { ...minimalValues(), target: { ...minimalValues().target, objectStore: { mode: "s3", bucket: "pb-files", endpoint: "https://rgw.sdc.local", accessKey: "a", secretKey: "s" } } },
      ["target"],
      "fss3",
    );
    await settle();
    assert.equal(env("MINIO_URL"), "https://rgw.sdc.local");
    assert.equal(env("FIXED_BUCKETNAME"), "pb-files");
  });

  it("an override changes replicas, tag (service and migration) and memory; the heap follows", async () => {
    build({ ...minimalValues(), services: { "egov-user": { replicas: 3, tag: "v1.2.9-abc", resources: { memory: "1Gi" } } } }, [], "ov");
    await settle();
    const d = seen.filter((x) => x.type === "kubernetes:apps/v1:Deployment" && x.inputs.metadata?.name === "egov-user").at(-1)!.inputs;
    assert.equal(d.spec.replicas, 3);
    const pod = d.spec.template.spec;
    assert.equal(pod.containers[0].image, "egovio/egov-user:v1.2.9-abc");
    assert.equal(pod.initContainers.at(-1).image, "egovio/egov-user-db:v1.2.9-abc");
    assert.equal(pod.containers[0].resources.limits.memory, "1024Mi");
    assert.match(pod.containers[0].env.find((e: any) => e.name === "JAVA_OPTS").value, /-Xmx716m/);
  });

  it("an override for a service that is not deployed is a config error naming it and its module", () => {
    assert.throws(
      () => build({ ...minimalValues(), services: { inbox: { replicas: 2 } } }, [], "bad1"),
      (e: any) => e instanceof ConfigError && /digit:services\.inbox: inbox is not deployed: it belongs to module analytics/.test(e.message),
    );
    assert.throws(() => build({ ...minimalValues(), services: { "egov-usr": {} } }, [], "bad2"), /did you mean egov-user\?/);
  });

  it("integration secrets: set values stay secret, unknown keys are refused, plain text is refused", async () => {
    assert.throws(
      () => build({ ...minimalValues(), services: { "egov-notification-sms": { secrets: { pasword: "x" } } } }, ["services"], "bad3"),
      /digit:services\.egov-notification-sms\.secrets\.pasword: not a key of egov-notification-sms's integration Secret; allowed: username, password/,
    );
    assert.throws(
      () => build({ ...minimalValues(), services: { "egov-notification-sms": { secrets: { password: "x" } } } }, [], "bad4"),
      /given in plain text/,
    );
    build(
      { ...minimalValues(), services: { "egov-notification-sms": { secrets: { password: "sms-pass" }, env: { SMS_PROVIDER_CLASS: "Generic", SMS_PROVIDER_URL: "https://sms.punjab.gov.in/api" } } } },
      ["services"],
      "sms",
    );
    await settle();
    const s = unwrap(named(seen, "kubernetes:core/v1:Secret", "sms-config-egov-egov-notification-sms").inputs.stringData);
    assert.equal(s.secret, true);
    assert.deepEqual(s.value, { username: "", password: "sms-pass" });
    // DIGIT sends SMS once the gateway's credentials are there, not before
    assert.equal(named(seen, "kubernetes:core/v1:ConfigMap", "sms-config-egov-egov-config").inputs.data["sms-enabled"], "true");
    assert.equal(named(seen, "kubernetes:core/v1:ConfigMap", "gw-config-egov-egov-config").inputs.data["sms-enabled"], "false");
  });

  it("nothing is registered when config is invalid", () => {
    const before = seen.length;
    assert.throws(() => build({ ...minimalValues(), services: { nope: {} } }, [], "bad5"));
    // only the target (created before the platform) may have registered
    assert.ok(seen.slice(before).every((r) => r.type === "digit:sdc:Target" || r.type === "pulumi:providers:kubernetes"));
  });

  it("two platforms (two states) in one program name their services apart", async () => {
    build(minimalValues(), [], "pb");
    build({ ...minimalValues(), stateTenantId: "kl", domain: "digit.kerala.gov.in" }, [], "kl");
    await settle();
    const names = ofType(seen, "kubernetes:apps/v1:Deployment").map((d) => d.name);
    assert.ok(names.includes("pb-egov-user") && names.includes("kl-egov-user"), names.filter((n) => n.endsWith("egov-user")).join(", "));
    assert.equal(new Set(ofType(seen, "digit:services:DigitService").map((d) => d.name)).size, ofType(seen, "digit:services:DigitService").length, "no two DigitServices share a name");
  });

  it("serviceHostData: sorted, one URL per deployed service", () => {
    assert.deepEqual(serviceHostData([{ name: "b", namespace: "egov" }, { name: "a", namespace: "egov" }]), { a: "http://a.egov:8080/", b: "http://b.egov:8080/" });
  });
});
