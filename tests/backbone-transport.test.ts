import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import Ajv from "ajv";
import * as pulumi from "@pulumi/pulumi";
import { planBackbone, type BackbonePlan } from "../components/backbone/plan";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { redisClientEnv, redisClients, redisSecretName } from "../components/services/redis-clients";
import type { K8sObject } from "../components/backbone/podspec";
import { minimalValues, parse } from "./helpers/config";

/** Redis with a password, Elasticsearch over TLS, Postgres over TLS: the backbone's transport. */

const creds = {
  database: { username: "egov", password: "db-pw" },
  objectStore: { accessKey: "ak", secretKey: "sk" },
  elasticsearch: { username: "elastic", password: "es-pw" },
  redis: { password: "redis-pw" },
} as any;

function planOf(values: Record<string, any> = minimalValues()): BackbonePlan {
  const o = { storage: { staticVolumes: {} }, database: { mode: "in-cluster" as const }, objectStore: { mode: "minio" as const }, registry: {} };
  return planBackbone({ config: parse(values), target: o, credentials: creds, endpoints: backboneEndpoints(o.database, true), kafkaClusterId: "MkU3OEVBNTcwNTJENDM2Qk" });
}

const vendor = (...p: string[]) => path.join(__dirname, "..", "vendor", ...p);
const byKind = (objs: K8sObject[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

describe("backbone transport: Redis requires a password", () => {
  const redis = planOf().redis;
  it("the Redis DIGIT's authenticating clients use requires the generated password, read from a Secret", () => {
    const d = byKind(redis, "Deployment", "redis");
    const c = d.spec.template.spec.containers.find((x: K8sObject) => x.name === "redis");
    const text = JSON.stringify(c);
    assert.ok(!text.includes("redis-pw"), "the password is never in the pod spec");
    assert.match(c.args.join(" "), /--requirepass "\$REDIS_PASSWORD"/);
    assert.deepEqual(c.env.find((e: K8sObject) => e.name === "REDIS_PASSWORD").valueFrom, { secretKeyRef: { name: "redis-auth", key: "password" } });
    assert.deepEqual(c.env.find((e: K8sObject) => e.name === "REDISCLI_AUTH").valueFrom, { secretKeyRef: { name: "redis-auth", key: "password" } }, "the probe's redis-cli authenticates");
    const exporter = d.spec.template.spec.containers.find((x: K8sObject) => x.name === "exporter");
    assert.deepEqual(exporter.env.find((e: K8sObject) => e.name === "REDIS_PASSWORD").valueFrom, { secretKeyRef: { name: "redis-auth", key: "password" } });
    assert.equal(byKind(redis, "Secret", "redis-auth").stringData.password, "redis-pw");
  });
  it("clients whose code cannot send a password get a cache instance of their own, which holds no sessions", () => {
    const cache = byKind(redis, "Deployment", "redis-cache");
    assert.ok(!JSON.stringify(cache).includes("requirepass"));
    assert.ok(byKind(redis, "Service", "redis-cache"));
  });

  const lts = YAML.parse(fs.readFileSync(vendor("egovernments", "DIGIT-DevOps", "lts-redis-es.yaml"), "utf8"))["core-services values (env names that carry Redis)"];
  const envOf = (name: string) => lts[name]["redis env"].map((n: string) => ({ name: n, value: "x" }));
  it("each of DIGIT 2.9 LTS's Redis clients gets what its code reads (vendored env names, Digit-Core source)", () => {
    assert.deepEqual(redisClientEnv({ name: "egov-user", env: envOf("egov-user") }), [{ name: "SPRING_REDIS_HOST", secret: redisSecretName, key: "url" }]);
    assert.deepEqual(redisClientEnv({ name: "gateway", env: envOf("gateway") }), [{ name: "SPRING_DATA_REDIS_PASSWORD", secret: redisSecretName, key: "password" }]);
    assert.deepEqual(redisClientEnv({ name: "egov-localization", env: envOf("egov-localization") }), [{ name: "SPRING_REDIS_HOST", value: "redis-cache.backbone" }]);
    assert.deepEqual(redisClientEnv({ name: "egov-url-shortening", env: envOf("egov-url-shortening") }), [{ name: "SPRING_REDIS_HOST", value: "redis-cache.backbone" }]);
    for (const s of Object.keys(redisClients)) assert.ok(redisClients[s].source.length > 20, s);
  });
  it("a client not reviewed gets Spring Boot's password property for the env it has", () => {
    assert.deepEqual(redisClientEnv({ name: "individual", env: [{ name: "SPRING_REDIS_HOST", value: "redis.backbone" }] }), [
      { name: "SPRING_REDIS_PASSWORD", secret: redisSecretName, key: "password" },
      { name: "SPRING_DATA_REDIS_PASSWORD", secret: redisSecretName, key: "password" },
    ]);
  });
});

describe("backbone transport: Elasticsearch serves HTTPS inside the cluster", () => {
  const es = planOf().elasticsearch;
  it("ECK issues the HTTP certificate for the name DIGIT uses (validated against ECK 3.5.0's CRD)", () => {
    const tls = es.elasticsearch.spec.http.tls;
    assert.equal(tls.selfSignedCertificate.disabled, undefined);
    assert.deepEqual(tls.selfSignedCertificate.subjectAltNames.map((s: any) => s.dns), ["elasticsearch.es-cluster", "elasticsearch.es-cluster.svc", "elasticsearch.es-cluster.svc.cluster.local"]);
    const { schema } = JSON.parse(fs.readFileSync(vendor("elastic", "cloud-on-k8s", "elasticsearch-http-tls.schema.json"), "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(tls), JSON.stringify(validate.errors));
  });
  it("clients use https://; the platform's exporter verifies ECK's CA", () => {
    assert.equal(backboneEndpoints({ mode: "in-cluster" }, false).elasticsearch.url, "https://elasticsearch.es-cluster:9200/");
    const lts = YAML.parse(fs.readFileSync(vendor("egovernments", "DIGIT-DevOps", "lts-redis-es.yaml"), "utf8"))["env.yaml egov-config"];
    assert.match(lts["es-indexer-host"], /^https:\/\//, "DIGIT 2.9 LTS's own env reads Elasticsearch over https");
    const exporter = byKind(es.objects, "Deployment", "elasticsearch-exporter");
    const c = exporter.spec.template.spec.containers[0];
    assert.ok(c.args.includes("--es.uri=https://elasticsearch.es-cluster:9200"), c.args.join(" "));
    assert.ok(c.args.includes("--es.ca=/etc/elasticsearch-ca/ca.crt"), c.args.join(" "));
    assert.equal(exporter.spec.template.spec.volumes.find((v: K8sObject) => v.name === "elasticsearch-ca").secret.secretName, "elasticsearch-es-http-certs-public");
  });
});

describe("backbone transport: Postgres over TLS where the server offers it", () => {
  it("the in-cluster server (CloudNativePG always serves TLS) is reached with sslmode=require", async () => {
    const e = backboneEndpoints({ mode: "in-cluster" }, false);
    assert.equal(e.postgres.sslMode, "require");
    const { jdbcUrl } = await import("../components/backbone/endpoints");
    const url = await new Promise<string>((resolve) => pulumi.output(jdbcUrl(e.postgres)).apply(resolve));
    assert.equal(url, "jdbc:postgresql://postgres.backbone:5432/egov?sslmode=require");
  });
  it("an external server keeps the sslMode the stack gives", () => {
    const e = backboneEndpoints({ mode: "external", host: "pg.sdc", port: 5432, database: "egov", username: "u", password: "p", sslMode: "verify-full", createDatabase: false }, false);
    assert.equal(e.postgres.sslMode, "verify-full");
  });
});
