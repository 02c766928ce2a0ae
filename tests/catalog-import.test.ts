import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { attributeFiles, defaultOutPath, importCatalog, mdmsMastersOf, mdmsTreeFolders, renderCatalogModule, workDirFiles } from "../tools/import-catalog";
import { configFileModules, mdmsReads, mdmsVerifiedTenant } from "../tools/digit-upstream/config-files";
import { readManifest, readHelmfile, groupHelmfiles, vendorRoot } from "../tools/digit-upstream/releases";
import { flywayLocations, jdbcDriver, redact, releasesOf, tagCommit } from "../tools/vendor-digit";
import { catalogLts } from "../components/services/catalog";

describe("vendored upstream (vendor/egov)", () => {
  const manifest = readManifest();

  it("pins DIGIT 2.9 LTS: DIGIT-DevOps branch DIGIT-2.9LTS-URBAN at commit 9bd29fe", () => {
    assert.deepEqual(manifest.devops, {
      repository: "egovernments/DIGIT-DevOps",
      branch: "DIGIT-2.9LTS-URBAN",
      commit: "9bd29feaa3837690fe9d1cd5ab06b82871aad08b",
      date: "2025-08-05",
    });
  });

  it("holds exactly the files of its manifest, unchanged since they were vendored", () => {
    const onDisk: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else onDisk.push(path.relative(vendorRoot, p).split(path.sep).join("/"));
      }
    };
    walk(vendorRoot);
    const listed = Object.keys(manifest.files);
    assert.deepEqual(onDisk.filter((f) => !["manifest.json", "SOURCE.md"].includes(f)).sort(), [...listed].sort());
    const changed = listed.filter((f) => crypto.createHash("sha256").update(fs.readFileSync(path.join(vendorRoot, f), "utf8")).digest("hex") !== manifest.files[f].sha256);
    assert.deepEqual(changed, [], "vendored files edited by hand: re-run tools/vendor-digit.ts instead");
  });

  it("keeps no value of eGov's env-secrets.yaml, only its key names", () => {
    const secrets = parse(fs.readFileSync(path.join(vendorRoot, "DIGIT-DevOps/deploy-as-code/charts/environments/env-secrets.yaml"), "utf8"));
    const leaves: unknown[] = [];
    const walk = (v: unknown) => (v && typeof v === "object" ? Object.values(v).forEach(walk) : leaves.push(v));
    walk(secrets);
    assert.ok(leaves.length > 40);
    assert.ok(leaves.every((v) => v === "<redacted>"));
    assert.ok(secrets.secrets["egov-enc-service"].master_password, "the key names stay");
  });

  it("reads helmfiles, image tags, -db Dockerfiles and poms the way eGov writes them", () => {
    assert.equal(tagCommit("DIGIT-2.9-LTS-237578ce80-14"), "237578ce80");
    assert.equal(tagCommit("gateway-2.9.2-a916a090e6-40"), "a916a090e6");
    assert.equal(tagCommit("latest"), undefined);
    assert.deepEqual(flywayLocations("FROM egovio/flyway:10.7.1\nCOPY ./migration/ddl /flyway/sql\n# COPY ./seed /flyway/seed\nCOPY migrate.sh /usr/bin/migrate.sh\n"), {
      base: "egovio/flyway:10.7.1",
      locations: [{ from: "./migration/ddl", to: "/flyway/sql" }],
    });
    assert.deepEqual(jdbcDriver("<parent><artifactId>spring-boot-starter-parent</artifactId><version>3.2.2</version></parent><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>${pg.v}</version></dependency><pg.v>42.7.1</pg.v>"), {
      declared: "42.7.1",
      springBootParent: "3.2.2",
    });
    assert.deepEqual(redact({ a: { b: "x", c: [1, 2] } }), { a: { b: "<redacted>", c: ["<redacted>", "<redacted>"] } });
    assert.deepEqual(releasesOf("environments: {}\n---\nreleases:\n  - name: a\n    installed: true\n    values:\n      - {{ .Values | toYaml }}\n  - name: b\n    installed: false\n"), ["a"]);
  });

  it("has eGov's release lists: 23 core-services (configmaps among them), 7 common-services, 3 analytics", () => {
    const count = (g: keyof typeof groupHelmfiles) => readHelmfile(groupHelmfiles[g]).releases.map((r) => r.name);
    assert.equal(count("core-services").length, 23);
    assert.ok(count("core-services").includes("gateway") && count("core-services").includes("mdms-v2") && count("core-services").includes("configmaps"));
    assert.equal(count("common-services").length, 7);
    assert.deepEqual(count("analytics"), ["dashboard-analytics", "dashboard-ingest", "inbox"]);
  });
});

describe("catalog import", () => {
  it("regenerates components/services/catalog/lts.ts exactly (no hand edits)", () => {
    assert.equal(fs.readFileSync(defaultOutPath, "utf8"), renderCatalogModule(importCatalog()), "run: npx ts-node --transpile-only tools/import-catalog.ts");
  });

  it("deploys every release of the core, common, analytics and urban helmfiles but the shared config", () => {
    const released = (["core-services", "common-services", "analytics", "urban"] as const).flatMap((g) => readHelmfile(groupHelmfiles[g]).releases.map((r) => r.name));
    const inCatalog = catalogLts.modules.flatMap((m) => m.services.map((s) => s.name));
    assert.deepEqual([...inCatalog, ...catalogLts.excluded.map((x) => x.name)].sort(), released.sort());
    assert.deepEqual(catalogLts.excluded.map((x) => x.name), ["configmaps"]);
  });

  it("takes image, tag, env, probes and resources from eGov's rendering (egov-persister, gateway)", () => {
    const s = (n: string) => catalogLts.modules.flatMap((m) => m.services).find((x) => x.name === n)!;
    const p = s("egov-persister");
    assert.equal(`${p.image}:${p.tag}`, "egovio/egov-persister:DIGIT-2.9-LTS-07f47790b8-8");
    assert.deepEqual(p.probes.readiness, { path: "/common-persist/health", initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 5 });
    // env.yaml's egov-persister section wins over the chart's values: the UNIFIED-QA list and branch.
    assert.equal(p.configRepo?.branch, "UNIFIED-QA");
    assert.equal(p.configRepo?.files.length, 53);
    assert.deepEqual(
      p.configRepo?.files.find((f) => f.path === "egov-persister/pgr-services-persister.yml"),
      { path: "egov-persister/pgr-services-persister.yml", module: "complaints" },
    );
    assert.equal(p.javaOpts, "-Xmx192m -Xms192m");
    assert.equal(p.memoryMiB, 512);
    const g = s("gateway");
    assert.equal(g.routeDiscovery?.image, "egovio/gateway-kubernetes-discovery");
    assert.equal(g.routeDiscovery?.mountPath, "/etc/zuul");
    const threads = g.env.find((e) => e.name === "SERVER_TOMCAT_MAX_THREADS");
    assert.deepEqual(threads, { name: "SERVER_TOMCAT_MAX_THREADS", value: "350" }, "the gateway's own sizing wins over egov-config's");
    assert.equal(g.memoryMiB, 786);
  });

  it("knows where each -db image keeps its SQL and which JDBC driver each image ships", () => {
    const services = catalogLts.modules.flatMap((m) => m.services);
    for (const s of services.filter((x) => x.dbMigration)) assert.ok(s.dbMigration!.imageLocations.includes("/flyway/sql"), s.name);
    const user = services.find((x) => x.name === "egov-user")!;
    assert.deepEqual(user.dbMigration?.imageLocations, ["/flyway/sql", "/flyway/seed", "/flyway/dev", "/flyway/qa", "/flyway/test"]);
    assert.equal(user.source?.postgresJdbc?.declared, "42.7.1");
  });

  it("reads the /work-dir files an env value names, comma lists and globs included", () => {
    assert.deepEqual(
      workDirFiles(
        [
          { name: "A", value: "file:///work-dir/configs/a/x.yml, file:///work-dir/configs/a/y.yml" },
          { name: "B", value: "file:///work-dir/configs/dash/*.json" },
          { name: "C", value: "/work-dir/egov-mdms-data/data" },
        ],
        "configs",
      ),
      ["a/x.yml", "a/y.yml", "dash/*.json"],
    );
  });
});

describe("configuration files and MDMS masters per module (tools/digit-upstream/config-files.ts)", () => {
  const services = catalogLts.modules.flatMap((m) => m.services);
  const files = services.flatMap((s) => (s.configRepo?.files ?? []).map((f) => ({ ...f, service: s.name })));

  it("gives every file of eGov's lists a module of the catalog, or says which product it serves that the catalog does not deploy", () => {
    const modules = catalogLts.modules.map((m) => m.name);
    assert.equal(files.length, 2 + 37 + 53 + 82 + 3);
    for (const f of files) assert.ok((f.module && modules.includes(f.module)) !== !!f.notDeployed, JSON.stringify(f));
    assert.deepEqual(Object.keys(configFileModules).sort(), files.map((f) => f.path).sort(), "one attribution per file, none stale");
    const of = (p: string) => files.find((f) => f.path === p)!;
    assert.equal(of("egov-persister/water-persist.yml").module, "water-sewerage");
    assert.equal(of("egov-persister/property-services.yml").module, "property-tax");
    assert.equal(of("egov-persister/tradelicense.yml").module, "trade-licence");
    assert.equal(of("pdf-service/format-config/birth-certificate.json").module, "birth-death");
    assert.equal(of("sanitation/egov-persister/fsm-persister.yaml").notDeployed, "sanitation (FSM)");
    assert.equal(of("egov-indexer/rainmaker-pgr-indexer.yml").notDeployed, "rainmaker-pgr (PGR v1)");
  });

  it("fails the import on a file no entry attributes, or on a module that does not exist", () => {
    assert.deepEqual(attributeFiles("egov-persister", ["a.yml"], { "a.yml": { module: "complaints" } }), [{ path: "a.yml", module: "complaints" }]);
    assert.deepEqual(attributeFiles("egov-persister", ["a.yml"], { "a.yml": { notDeployed: "x" } }), [{ path: "a.yml", notDeployed: "x" }]);
    assert.throws(() => attributeFiles("egov-persister", ["egov-persister/new-upstream.yml"], {}), /egov-persister reads egov-persister\/new-upstream\.yml, which no entry of tools\/digit-upstream\/config-files\.ts attributes to a module/);
    assert.throws(() => attributeFiles("egov-persister", ["a.yml"], { "a.yml": { module: "sanitation" } }), /attributed to sanitation, which is no module/);
  });

  it("lists each module's MDMS masters from the reviewed reads, only folders eGov's data has for pb", () => {
    const folders = mdmsTreeFolders(mdmsVerifiedTenant);
    for (const m of catalogLts.modules)
      for (const master of m.mdmsMasters) {
        assert.ok(folders.has(master.folder), `${m.name}: data/pb/${master.folder}/`);
        for (const s of master.services) {
          assert.equal(services.find((x) => x.name === s)?.module, m.name, `${s} is a service of ${m.name}`);
          assert.ok(mdmsReads[s][master.folder], `${s} reads ${master.folder}: its source line is recorded`);
        }
      }
    const masters = (m: string) => catalogLts.modules.find((x) => x.name === m)!.mdmsMasters.map((x) => x.folder);
    assert.deepEqual(masters("complaints"), ["RAINMAKER-PGR"]);
    assert.ok(["ws-services-masters", "ws-services-calculation", "sw-services-calculation"].every((f) => masters("water-sewerage").includes(f)));
    assert.ok(["ACCESSCONTROL-ROLES", "ACCESSCONTROL-ROLEACTIONS", "ACCESSCONTROL-ACTIONS-TEST", "tenant", "common-masters"].every((f) => masters("core-services").includes(f)));
    const modules = catalogLts.modules;
    assert.throws(() => mdmsMastersOf(modules, { "pgr-services": { "NO-SUCH-MODULE": "x" } }), /pgr-services reads MDMS module NO-SUCH-MODULE, which egov-mdms-data has no data\/pb\/NO-SUCH-MODULE\//);
    assert.throws(() => mdmsMastersOf(modules, { "no-such-service": { tenant: "x" } }), /names no-such-service, which is no service of the catalog/);
  });
});
