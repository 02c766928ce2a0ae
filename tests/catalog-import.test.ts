import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { parse } from "yaml";
import { defaultFactsPath, importCatalog, renderCatalogModule } from "../tools/import-catalog";
import type { Curation } from "../components/services/catalog/curation";
import type { Catalog } from "../components/services/catalog/types";

const noCuration: Curation = { exclusions: [], optionalRefs: [], droppedEnv: [], replacedValues: [], serviceNotes: [] };

const commonEnv = {
  javaSpring: [{ name: "SPRING_DATASOURCE_URL", configMap: "egov-config", key: "db-url" }],
  tracing: [{ name: "JAEGER_SERVICE_NAME", value: "<service-name>" }],
  dbMigration: [{ name: "SCHEMA_TABLE", value: "" }],
};

function service(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    image: `egovio/${name}`,
    tag: "v1.0.0-abc1234-1",
    chart: `core-services/${name}`,
    namespace: "egov",
    replicas: "2",
    appType: "java-spring",
    heap: "-Xmx1g -Xms512m",
    memoryLimit: "2Gi",
    tracing: true,
    env: [
      { name: "EGOV_MDMS_HOST", configMap: "egov-service-host", key: "egov-mdms-service" },
      { name: "ES_HOST", configMap: "egov-config", key: "es-host" },
      { name: "GMAPS", secret: "egov-location", key: "gmapskey" },
      { name: "SERVER_PORT", value: 8080 },
    ],
    callsServices: ["egov-mdms-service"],
    usesConfig: ["es-host"],
    usesSecrets: ["egov-location/gmapskey"],
    ...extra,
  };
}

/** A small fact table in the shape of catalog-v2.9.yaml. */
function facts(services: unknown[], extraModules: unknown[] = []) {
  return {
    source: { repository: "egovernments/DIGIT-DevOps", commit: "0123456789abcdef", files: [] },
    version: "v9.9",
    namespaces: ["egov"],
    configMaps: {
      "egov-config": { namespaces: ["egov"], keys: ["db-url", "es-host"] },
      "egov-service-host": { namespaces: ["egov"], keys: ["egov-mdms-service"] },
    },
    secrets: { "egov-location": ["gmapskey"] },
    commonEnv,
    modules: [
      { name: "backbone", dependsOn: [], services: [] },
      { name: "core", dependsOn: ["backbone"], services },
      ...["business", "m_core", "m_dss", "m_accelarators"].map((name) => ({ name, dependsOn: ["core"], services: [] })),
      ...extraModules,
    ],
  };
}

/** Evaluates a rendered data module and returns its catalog. */
function evaluate(text: string): Catalog {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", "require", js)(mod, mod.exports, require);
  return mod.exports.catalogV29 as Catalog;
}

describe("catalog import", () => {
  it("turns a fact-table service into typed data", () => {
    const c = importCatalog(facts([service("egov-indexer", { ingress: { context: "egov-indexer", zuul: true } })]), noCuration);
    const s = c.modules.find((m) => m.name === "core")!.services[0];
    assert.equal(s.replicas, 2);
    assert.equal(s.memoryMiB, 2048);
    assert.equal(s.heapMiB, 1024);
    assert.deepEqual(s.ingress, { path: "/egov-indexer", zuul: true });
    assert.deepEqual(s.env[3], { name: "SERVER_PORT", value: "8080" });
    assert.deepEqual(s.needs, ["postgres", "elasticsearch"]);
    assert.equal(s.notes, undefined);
    assert.equal(c.modules.find((m) => m.name === "backbone")!.providedByPlatform, true);
  });

  it("defaults a missing memory limit to the common chart's and says so", () => {
    const c = importCatalog(facts([service("billing-service", { memoryLimit: undefined, heap: "-Xmx704m" })]), noCuration);
    const s = c.modules[1].services[0];
    assert.equal(s.memoryMiB, 512);
    assert.deepEqual(s.notes, [
      "no memory limit in DIGIT's values: 512Mi, DIGIT's common chart default",
      "DIGIT's -Xmx704m does not fit its 512Mi memory limit (the JVM would be OOM-killed)",
    ]);
  });

  it("applies curation: exclusions, optional references, dropped env, replaced values", () => {
    const raw = facts([
      service("egov-user", {
        env: [
          { name: "EGOV_MDMS_HOST", configMap: "egov-service-host", key: "egov-mdms-service" },
          { name: "LEGACY_HOST", configMap: "egov-service-host", key: "" },
          { name: "OTP_FIXED", value: "true" },
        ],
        callsServices: ["", "egov-mdms-service"],
        usesConfig: [],
        usesSecrets: [],
      }),
      { name: "playground", image: "egovio/playground", tag: "1.0", namespace: "playground" },
    ]);
    const c = importCatalog(raw, {
      ...noCuration,
      exclusions: [{ name: "playground", module: "core", reason: "a debugging pod" }],
      optionalRefs: [{ service: "egov-user", env: "EGOV_MDMS_HOST", reason: "may be absent" }],
      droppedEnv: [{ service: "egov-user", env: "LEGACY_HOST", reason: "empty key" }],
      replacedValues: [{ service: "egov-user", env: "OTP_FIXED", value: "false", reason: "demo only" }],
    });
    const s = c.modules[1].services[0];
    assert.deepEqual(s.env, [
      { name: "EGOV_MDMS_HOST", configMap: "egov-service-host", key: "egov-mdms-service", optional: "may be absent" },
      { name: "OTP_FIXED", value: "false" },
    ]);
    assert.deepEqual(s.notes, ["env LEGACY_HOST left out: empty key", 'env OTP_FIXED set to "false" (DIGIT: "true"): demo only']);
    assert.deepEqual(c.excluded, [{ name: "playground", module: "core", reason: "a debugging pod" }]);
    assert.equal(c.modules[1].services.length, 1);
  });

  it("fails on an entry that is neither a service nor excluded", () => {
    assert.throws(
      () => importCatalog(facts([{ name: "kibana-v1", note: "no chart found" }]), noCuration),
      /^Error: catalog import: kibana-v1: no image, tag or chart: add it to exclusions in curation.ts if it is not a DIGIT service$/,
    );
  });

  it("fails on a decision that matches nothing", () => {
    const stale = { ...noCuration, optionalRefs: [{ service: "egov-user", env: "GONE", reason: "x" }] };
    assert.throws(() => importCatalog(facts([service("egov-user")]), stale), /curation.ts entries that match nothing in the facts: optional egov-user GONE$/);
  });

  it("fails when a summary list contradicts the env", () => {
    assert.throws(
      () => importCatalog(facts([service("egov-user", { callsServices: ["egov-mdms-service", "egov-idgen"] })]), noCuration),
      /^Error: catalog import: egov-user: callsServices in the facts \(egov-idgen,egov-mdms-service\) differs from what its env reads \(egov-mdms-service\)$/,
    );
  });

  it("fails on an empty key, a migration image that is not <image>-db, and an unknown module", () => {
    const emptyKey = service("egov-user", { env: [{ name: "X", configMap: "egov-service-host", key: "" }], callsServices: [], usesConfig: [], usesSecrets: [] });
    assert.throws(() => importCatalog(facts([emptyKey]), noCuration), /egov-user: X has an empty key: decide in curation.ts \(droppedEnv\)$/);
    const badDb = service("egov-user", { dbMigration: { image: "egovio/other-db", tag: "v1.0.0-abc1234-1", schemaTable: "t" } });
    assert.throws(() => importCatalog(facts([badDb]), noCuration), /DB-migration image egovio\/other-db:v1.0.0-abc1234-1 is not egovio\/egov-user-db:v1.0.0-abc1234-1$/);
    assert.throws(
      () => importCatalog(facts([], [{ name: "m_pgr", dependsOn: [], services: [] }]), noCuration),
      /module m_pgr is neither selectable \(config\/modules.ts\) nor provided by the platform$/,
    );
  });

  it("renders a module that evaluates back to the same catalog", () => {
    const c = importCatalog(facts([service("egov-user", { ingress: { context: "user", zuul: true } })]), noCuration);
    const text = renderCatalogModule(c);
    assert.match(text, /^export const catalogV29: Catalog = \{$/m);
    assert.deepEqual(evaluate(text), c);
  });

  it("keeps the committed v2.9 data equal to a fresh import of DIGIT's fact table", function () {
    const factsPath = process.env.DIGIT_FACTS ?? defaultFactsPath;
    if (!fs.existsSync(factsPath)) this.skip();
    const fresh = renderCatalogModule(importCatalog(parse(fs.readFileSync(factsPath, "utf8"))));
    const committed = fs.readFileSync(path.join(__dirname, "..", "components", "services", "catalog", "v2.9.ts"), "utf8");
    assert.ok(fresh === committed, "v2.9.ts differs from a fresh import: run npx ts-node --transpile-only tools/import-catalog.ts");
    assert.ok(committed.split("\n").length < 4000);
  });
});
