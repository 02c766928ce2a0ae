import * as assert from "node:assert/strict";
import { digitNamespace, parseDigitConfig } from "../config/load";
import { preflight } from "../components/security/preflight";
import { errorOf, minimalValues, parse } from "./helpers/config";

/** The ConfigError message of the schema, the cross-field rules and the platform's preflight. */
function problemOf(values: Record<string, unknown>): string | undefined {
  try {
    preflight(parse(values));
    return undefined;
  } catch (e: any) {
    if (e.name !== "ConfigError") throw e;
    return e.message;
  }
}

const base = minimalValues;
const withBackbone = (b: Record<string, unknown>) => ({ ...base(), backbone: b });
const sdcTarget = (t: Record<string, unknown>) => ({ ...base(), target: { kind: "sdc", kubeconfig: "k", ...t } });

describe("config validation: quantities parsed where they are validated", () => {
  it("memory with a CPU unit, CPU with a memory unit, a unit-less memory: errors naming the key", () => {
    assert.match(errorOf(withBackbone({ redis: { resources: { memory: "512m" } } })), /digit:backbone\.redis\.resources\.memory: got "512m"; expected a memory quantity such as 512Mi/);
    assert.match(errorOf(withBackbone({ redis: { resources: { cpu: "1Gi" } } })), /digit:backbone\.redis\.resources\.cpu: got "1Gi"; expected a CPU quantity/);
    assert.match(errorOf({ ...base(), services: { "egov-user": { resources: { memory: "4" } } } }), /digit:services\.egov-user\.resources\.memory: got "4"; expected a memory quantity/);
    assert.match(errorOf(sdcTarget({ capacity: { nodes: 3, cpuPerNode: "8Gi", memoryPerNode: "32Gi" } })), /digit:target\.capacity\.cpuPerNode/);
  });

  it("plain numbers for CPU and versions, as Kubernetes and YAML users write them", () => {
    const c = parse(withBackbone({ redis: { resources: { cpu: 2, memory: "1Gi" } }, postgres: { version: 16, resources: { cpu: 0.5 } } }));
    assert.equal(c.backbone.redis?.resources?.cpu, "2");
    assert.equal(c.backbone.postgres?.version, "16");
    assert.equal(c.backbone.postgres?.resources?.cpu, "0.5");
    const aws = parse({ ...base(), target: { kind: "aws", database: { version: 15 } } });
    assert.ok(aws.target.kind === "aws" && aws.target.database?.version === "15");
    // YAML reads 1.30 as the number 1.3: refused with the fix, not deployed as 1.3
    assert.match(errorOf({ ...base(), target: { kind: "aws", kubernetesVersion: 1.3 } }), /digit:target\.kubernetesVersion: got 1\.3; .*quote the version/);
  });

  it("zero sizes are refused", () => {
    for (const v of ["0", "0Gi", "0Mi"]) assert.match(errorOf(withBackbone({ kafka: { storage: v } })), /digit:backbone\.kafka\.storage: got "0(Gi|Mi)?"; .*more than zero/, v);
    assert.match(errorOf(withBackbone({ redis: { resources: { cpu: "0m" } } })), /more than zero/);
  });
});

describe("config validation: formats", () => {
  it("cron schedules", () => {
    assert.equal(parse(withBackbone({ postgres: { backup: { schedule: "*/15 2-4 * * 1,3" } } })).backbone.postgres?.backup?.schedule, "*/15 2-4 * * 1,3");
    for (const bad of ["30 25 * * *", "every night", "61 1 * * *", "30 1 * *"])
      assert.match(errorOf(withBackbone({ postgres: { backup: { schedule: bad } } })), /digit:backbone\.postgres\.backup\.schedule: .*expected a cron schedule/, bad);
  });

  it("host names without ports, database names, CIDRs, Secret names", () => {
    const db = (over: Record<string, unknown>) => sdcTarget({ database: { mode: "external", host: "pg.sdc", username: "egov", password: "x", ...over } });
    assert.match(errorOf(db({ host: "pg.sdc:5433" })), /digit:target\.database\.host: got "pg\.sdc:5433"; expected a host name without a port: set the port key beside it instead\n(?!.*database\.host)/);
    assert.match(errorOf(db({ name: "egov db;drop" })), /digit:target\.database\.name: .*PostgreSQL database name/);
    assert.match(errorOf({ ...base(), security: { egress: [{ cidr: "10.40.0.300/24", ports: [443] }] } }), /digit:security\.egress\[0\]\.cidr/);
    assert.match(errorOf({ ...base(), security: { egress: [{ cidr: "10.40.0.5/24", ports: [443] }] } }), /host bits set/);
    assert.match(errorOf({ ...base(), target: { kind: "azure", vnetCidr: "10.20.0.1/16" } }), /digit:target\.vnetCidr: .*host bits/);
    assert.match(errorOf({ ...base(), target: { kind: "gcp", networkCidr: "10.10.0.0/33" } }), /digit:target\.networkCidr/);
    assert.match(errorOf({ ...base(), target: { kind: "gcp", servicesCidr: "10.20.0.1/20" } }), /digit:target\.servicesCidr: .*host bits/);
    assert.match(errorOf(sdcTarget({ registry: { mirror: "harbor.sdc/egovio", pullSecret: "Harbor_Pull" } })), /digit:target\.registry\.pullSecret: .*Secret name/);
  });

  it("a punycode domain and an image digest are accepted", () => {
    assert.equal(parse({ ...base(), domain: "digit.xn--h2brj9c" }).domain, "digit.xn--h2brj9c");
    assert.equal(parse({ ...base(), domain: "xn--p1ai.example.in" }).domain, "xn--p1ai.example.in");
    const digest = `sha256:${"a".repeat(64)}`;
    assert.equal(parse({ ...base(), services: { "egov-idgen": { tag: digest } } }).services["egov-idgen"].tag, digest);
    // a digest names one image: the DB-migration image needs its own
    assert.match(problemOf({ ...base(), services: { "egov-user": { tag: digest } } })!, /digit:services\.egov-user\.migrationTag: .*digest/);
    assert.equal(problemOf({ ...base(), services: { "egov-user": { tag: digest, migrationTag: `sha256:${"b".repeat(64)}` } } }), undefined);
  });

  it("JVM heap against the memory limit", () => {
    assert.match(errorOf({ ...base(), services: { "egov-user": { heap: "900m", resources: { memory: "1Gi" } } } }), /digit:services\.egov-user\.heap: 900 MiB of JVM heap in a 1024 MiB container/);
    assert.match(problemOf({ ...base(), services: { "egov-user": { heap: "2g" } } })!, /digit:services\.egov-user\.heap: 2048 MiB of JVM heap in a \d+ MiB container/);
    assert.match(errorOf(withBackbone({ elasticsearch: { heap: "2g", resources: { memory: "2Gi" } } })), /digit:backbone\.elasticsearch\.heap/);
    assert.equal(parse({ ...base(), services: { "egov-user": { heap: "700m", resources: { memory: "1Gi" } } } }).services["egov-user"].heap, "700m");
  });

  it("podSecurity keys are namespaces the platform creates", () => {
    assert.match(errorOf({ ...base(), security: { podSecurity: { egvo: "baseline" } } }), /digit:security\.podSecurity\.egvo: .*(did you mean "egov"\?)/);
    assert.equal(parse({ ...base(), security: { podSecurity: { jenkins: "privileged" } } }).security.podSecurity?.jenkins, "privileged");
  });
});

describe("config validation: plaintext on ha needs an explicit allow", () => {
  const ha = (over: Record<string, unknown>) => ({ ...base(), profile: "ha", ...over });
  it("TLS off at the edge", () => {
    assert.match(errorOf(ha({ edge: { tls: { mode: "none" } } })), /digit:edge\.tls\.mode: none on the ha profile serves citizens' data in plain HTTP.*digit:security\.allowPlaintext: \[edge\]/);
    assert.equal(parse(ha({ edge: { tls: { mode: "none" } }, security: { allowPlaintext: ["edge"] } })).edge.tls?.mode, "none");
    assert.equal(parse({ ...base(), edge: { tls: { mode: "none" } } }).edge.tls?.mode, "none", "dev may");
  });
  it("an external database without TLS", () => {
    const db = { kind: "sdc", kubeconfig: "k", database: { mode: "external", host: "pg.sdc", username: "egov", password: "x", sslMode: "disable" } };
    assert.match(errorOf(ha({ target: db }), ["target"]), /digit:target\.database\.sslMode: disable on the ha profile.*allowPlaintext: \[database\]/);
    assert.ok(parseDigitConfig({ values: ha({ target: db, security: { allowPlaintext: ["database"] } }), secretKeys: ["target"] }));
  });
});

describe("config validation: hints for keys outside the namespace", () => {
  it("a misspelt namespace", () => {
    assert.throws(() => digitNamespace({ "digt:target": '{"kind":"sdc"}', "digit:domain": "x.gov.in" }), /digt:target: not in the digit namespace \(did you mean digit:target\?\)/);
    assert.doesNotThrow(() => digitNamespace({ "aws:region": "ap-south-1", "kubernetes:context": "x", "digit:domain": "x.gov.in" }));
  });
  it("a dotted key at the top level", () => {
    assert.match(errorOf({ ...base(), "target.kind": "sdc" }), /digit:target\.kind: unknown key; a dotted key does not nest in a stack file: write digit:target: \{kind: sdc\} \(a YAML object\), or set it with pulumi config set --path 'digit:target\.kind'/);
  });
});

describe("config validation: the namespace list podSecurity checks against", () => {
  it("is every namespace the platform creates", async () => {
    const { platformNamespaceNames } = await import("../config/schema");
    const { namespaces } = await import("../components/namespaces");
    const { agentNamespaces, jenkinsNamespace } = await import("../components/operations/settings");
    assert.deepEqual([...platformNamespaceNames].sort(), [...Object.values(namespaces), jenkinsNamespace, ...Object.values(agentNamespaces)].sort());
  });
});
