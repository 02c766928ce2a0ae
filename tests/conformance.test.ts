/**
 * Conformance with eGov's own DIGIT 2.9 LTS deployment: every service the shipped stacks deploy,
 * as the offline plan renders it, against what eGov's charts render (vendor/egov, rendered through
 * tools/helm-template). Every difference must be one of components/services/catalog/deviations.ts,
 * with its reason, and every deviation must still match a difference.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { deviations, type Deviation } from "../components/services/catalog/deviations";
import { catalogLts, workDirFiles, type EnvSpec } from "../components/services/catalog";
import { deployedService } from "../components/services/plan";
import { flywayLocations } from "../components/config/egov-config";
import { providedSecretKeys } from "../components/config/shared-config";
import { integrationSecrets } from "../components/config/integrations";
import { differences, formatDifference, unusedDeviations, type Difference } from "../tools/digit-upstream/conformance";
import { upstreamServices, upstreamSharedConfig, type UpstreamService } from "../tools/digit-upstream/services";
import { externalDefaults, serviceProperties, inCluster } from "../tools/digit-upstream/properties";
import { missingFiles, requiredFiles } from "../tools/config-repo/check";
import { vendorRoot } from "../tools/digit-upstream/releases";
import { planAllStacks, type PlanRun } from "./helpers/plan-run";
import { parse as parseConfig } from "./helpers/config";

const groups = ["core-services", "common-services", "analytics", "urban"] as const;

type Manifests = (file: string) => Record<string, any> | undefined;

function manifestsOf(run: PlanRun): Manifests {
  return (file) => {
    const p = path.join(run.out!, "manifests", file);
    return fs.existsSync(p) ? parse(fs.readFileSync(p, "utf8")) : undefined;
  };
}

function diffsOf(u: UpstreamService, m: Manifests): Difference[] | undefined {
  const deployment = m(`egov/deployment-${u.name}.yaml`);
  if (!deployment) return undefined;
  const others = [
    ...(u.name === "egov-user" ? [m("egov/job-egov-user-admin.yaml")] : []),
    ...u.otherObjects.filter((o) => o.kind === "ConfigMap").map((o) => m(`egov/configmap-${o.metadata.name}.yaml`)),
  ].filter(Boolean);
  return differences(u, { deployment, service: m(`egov/service-${u.name}.yaml`)!, route: m(`egov/httproute-${u.name}.yaml`), role: m(`egov/role-${u.name}.yaml`), others: others as any[] }, deviations);
}

describe("conformance with eGov's DIGIT 2.9 LTS deployment", function () {
  this.timeout(600_000);
  let runs: Map<string, PlanRun>;
  const upstream = groups.flatMap((g) => upstreamServices(g));
  before(async () => {
    runs = await planAllStacks();
    for (const [f, r] of runs) assert.equal(r.code, 0, `${f} did not plan:\n${r.stderr}${r.stdout}`);
  });
  const prod = () => manifestsOf(runs.get("Pulumi.prod.yaml")!);

  it("the prod stack deploys every release of the core-services, common-services, analytics and urban helmfiles", () => {
    const missing = upstream.filter((u) => !prod()(`egov/deployment-${u.name}.yaml`)).map((u) => u.name);
    assert.deepEqual(missing, []);
    assert.equal(upstream.length, 32 + 26);
  });

  it("differs from eGov's rendering only as deviations.ts lists, with 100% of eGov's env names set or listed", () => {
    const unexplained: string[] = [];
    for (const u of upstream) for (const d of diffsOf(u, prod())!) if (!d.explainedBy) unexplained.push(formatDifference(d));
    assert.deepEqual(unexplained, [], `differences no deviation explains (list them in components/services/catalog/deviations.ts with a reason):\n${unexplained.join("\n")}`);
  });

  it("has no deviation that matches nothing in any shipped stack", () => {
    const all: Difference[] = [];
    for (const run of runs.values()) for (const u of upstream) all.push(...(diffsOf(u, manifestsOf(run)) ?? []));
    const stale = unusedDeviations(deviations, all, upstream).map((d: Deviation) => JSON.stringify(d).slice(0, 160));
    assert.deepEqual(stale, [], "deviations that no longer match a difference: remove them");
  });

  it("gives every deviation a reason", () => {
    for (const d of deviations) assert.ok(d.reason.length > 30, JSON.stringify(d));
  });

  it("egov-config holds exactly the keys the deployed services read, with eGov's values where the place does not decide", () => {
    const cm = prod()("egov/configmap-egov-config.yaml")!.data as Record<string, string>;
    const read = [...new Set(upstream.flatMap((u) => [...u.env, ...(u.dbMigration?.env ?? [])].flatMap((e) => ("configMap" in e && e.configMap === "egov-config" ? [e.key] : []))))].sort();
    assert.deepEqual(Object.keys(cm).sort(), read);
    const placed = new Set(["host-map", "db-host", "db-name", "db-url", "egov-services-fqdn-name", "egov-state-level-tenant-id", "state-level-tenant-id", "es-indexer-host", "kafka-brokers", "flyway-locations", "sms-enabled", "spring-jpa-show-sql"]);
    const egov = upstreamSharedConfig().egovConfig;
    for (const k of Object.keys(cm).filter((x) => !placed.has(x))) assert.equal(cm[k], egov[k], `egov-config ${k}`);
    assert.equal(cm["egov-state-level-tenant-id"], "pb");
    assert.equal(cm["egov-services-fqdn-name"], "https://digit.punjab.gov.in/");
  });

  it("runs every -db image's own SQL, and never the QA demo accounts of /flyway/qa", () => {
    const locations = flywayLocations.split(",").map((l) => l.replace(/^filesystem:/, ""));
    assert.equal(prod()("egov/configmap-egov-config.yaml")!.data["flyway-locations"], flywayLocations);
    for (const s of catalogLts.modules.flatMap((m) => m.services).filter((x) => x.dbMigration)) {
      assert.ok(locations.includes("/flyway/sql") && s.dbMigration!.imageLocations.includes("/flyway/sql"), s.name);
      for (const l of s.dbMigration!.imageLocations.filter((x) => x === "/flyway/seed")) assert.ok(locations.includes(l), `${s.name} seeds ${l}`);
    }
    assert.ok(!locations.includes("/flyway/qa") && !locations.includes("/flyway/dev") && !locations.includes("/flyway/test"));
    // eGov's own egov-config lists /flyway/qa: deliberately left out.
    assert.ok(upstreamSharedConfig().egovConfig["flyway-locations"].includes("/flyway/qa"));
  });

  it("egov-service-host lists exactly the deployed services the others read, all in namespace egov", () => {
    const hosts = prod()("egov/configmap-egov-service-host.yaml")!.data as Record<string, string>;
    const deployed = new Set(upstream.map((u) => u.name));
    const deployedEnv = catalogLts.modules.flatMap((m) => m.services).map(deployedService);
    const read = [...new Set(deployedEnv.flatMap((s) => s.callsServices))].filter((k) => deployed.has(k)).sort();
    assert.deepEqual(Object.keys(hosts).sort(), read);
    for (const [k, v] of Object.entries(hosts)) assert.match(v, new RegExp(`^http://${k}\\.egov:8080/?$`));
  });

  it("creates the Secrets the services read, with eGov's key names, and no other", () => {
    const dir = path.join(runs.get("Pulumi.prod.yaml")!.out!, "manifests", "egov");
    const secrets = fs.readdirSync(dir).filter((f) => f.startsWith("secret-")).map((f) => parse(fs.readFileSync(path.join(dir, f), "utf8")));
    const read = new Map<string, Set<string>>();
    for (const u of upstream) for (const e of [...u.env, ...(u.dbMigration?.env ?? [])]) if ("secret" in e) read.set(e.secret, new Set([...(read.get(e.secret) ?? []), e.key]));
    // Until the plan shows a Secret's keys (values masked), the keys are the platform's declared ones.
    const declared: Record<string, readonly string[]> = { ...providedSecretKeys, ...Object.fromEntries(Object.entries(integrationSecrets).map(([k, v]) => [k, v.keys])) };
    const keysOf = (s: any): string[] => (s.stringData && typeof s.stringData === "object" ? Object.keys(s.stringData) : [...(declared[s.metadata.name] ?? [])]);
    const ours = new Map(secrets.map((s) => [s.metadata.name as string, keysOf(s)]));
    for (const [name, keys] of read) {
      assert.ok(ours.has(name), `Secret ${name} is read but not created`);
      for (const k of keys) assert.ok(ours.get(name)!.includes(k), `Secret ${name} lacks key ${k}`);
    }
    const egov = upstreamSharedConfig().secrets;
    for (const [name, keys] of ours) if (egov[name] && read.has(name)) assert.deepEqual([...keys].sort(), [...egov[name].keys].filter((k) => read.get(name)!.has(k) || ours.get(name)!.includes(k)).sort(), name);
  });

  it("leaves no service calling eGov's public servers: every external default of an image's application.properties is overridden", () => {
    // Endpoints outside the cluster by design: payment gateways, the IFSC lookup, Azure's blob host
    // pattern, and the app store link of eGov's mSeva citizen app that notifications carry.
    const external = /(^|\.)(mastercard\.com\.au|paytm\.in|razorpay\.com|blob\.core\.windows\.net|amazonaws\.com|play\.google\.com)$/;
    // Properties in application.properties that the image's code never reads (searched in its source at the image's commit).
    const unread = new Set(["report:report.yaml.path"]);
    const problems: string[] = [];
    const m = prod();
    for (const s of catalogLts.modules.flatMap((x) => x.services)) {
      if (!s.source?.applicationProperties) continue;
      const dep = m(`egov/deployment-${s.name}.yaml`);
      if (!dep) continue;
      const env = new Map<string, any>(dep.spec.template.spec.containers[0].env.map((e: any) => [e.name, e]));
      for (const d of externalDefaults(serviceProperties(s.source.applicationProperties))) {
        if (external.test(d.host.replace(/^\$/, "")) || unread.has(`${s.name}:${d.property}`)) continue;
        const e = env.get(d.env);
        const ok =
          e &&
          (e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef || (typeof e.value === "string" && [...e.value.matchAll(/https?:\/\/([^/:,\s"'}]+)/g)].every((u) => inCluster(u[1]) || u[1] === "digit.punjab.gov.in")));
        if (!ok) problems.push(`${s.name}: ${d.property}=${d.url} (env ${d.env} ${e ? `is ${JSON.stringify(e.value)}` : "not set"})`);
      }
    }
    assert.deepEqual(problems, [], `properties that would send requests outside the cluster:\n${problems.join("\n")}`);
  });

  it("authenticates to PostgreSQL with SCRAM: every image and -db image ships a JDBC driver that speaks it (42.2.0 and later)", () => {
    const atLeast = (v: string, min: number[]) => {
      const p = v.split(".").map(Number);
      for (let i = 0; i < min.length; i++) if ((p[i] ?? 0) !== min[i]) return (p[i] ?? 0) > min[i];
      return true;
    };
    for (const s of catalogLts.modules.flatMap((m) => m.services)) {
      const jdbc = s.source?.postgresJdbc;
      // A service without its own driver version gets Spring Boot 3's (42.6+); Node services use pg.
      if (jdbc?.declared) assert.ok(atLeast(jdbc.declared, [42, 2, 0]), `${s.name}: JDBC ${jdbc.declared}`);
      if (jdbc?.springBootParent) assert.ok(atLeast(jdbc.springBootParent, [2, 0, 0]) || jdbc.declared, `${s.name}: Spring Boot ${jdbc.springBootParent}`);
      // Flyway 10 bundles a 42.x driver; a -db image on Flyway 4 has its SQL run by Flyway 10
      if (s.dbMigration) {
        const dep = prod()(`egov/deployment-${s.name}.yaml`)!;
        const runner = dep.spec.template.spec.initContainers.find((c: any) => c.name === "db-migration");
        assert.match(/^egovio\/flyway:10\./.test(s.dbMigration.flywayImage ?? "") ? s.dbMigration.flywayImage! : runner.image, /flyway:10\./, s.name);
      }
    }
  });

  it("deploys eGov's file lists in full (persister, indexer, PDF, dashboards, MDMS), each file attributed to the module it serves", () => {
    const catalogued = new Map(catalogLts.modules.flatMap((m) => m.services).map((s) => [s.name, s]));
    const lengths: Record<string, number> = {};
    for (const u of upstream.filter((x) => x.gitSync)) {
      const s = catalogued.get(u.name)!;
      const dir = s.configRepo!.dir;
      const egov = workDirFiles(u.env as EnvSpec[], dir);
      assert.deepEqual(s.configRepo!.files.map((f) => f.path), egov, `${u.name}: the catalog's list is eGov's`);
      assert.ok(s.configRepo!.files.every((f) => f.module || f.notDeployed), u.name);
      const main = prod()(`egov/deployment-${u.name}.yaml`)!.spec.template.spec.containers.find((c: any) => c.name === u.name);
      const env: EnvSpec[] = (main.env ?? []).filter((e: any) => typeof e.value === "string").map((e: any) => ({ name: e.name, value: e.value }));
      assert.deepEqual(workDirFiles(env, dir), egov, `${u.name}: the pod reads eGov's list, not one cut to the stack's modules`);
      lengths[u.name] = egov.length;
    }
    assert.deepEqual(lengths, { "egov-mdms-service": 2, "egov-indexer": 37, "egov-persister": 53, "pdf-service": 82, "dashboard-analytics": 1, "dashboard-ingest": 1, report: 1 });
  });

  it("the default configuration refs hold every file the services read (eGov's trees at UNIFIED-QA, vendored)", () => {
    const tree = (name: string) => fs.readFileSync(path.join(vendorRoot, "trees", `${name}.txt`), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
    // pb: eGov's demo state, whose data has every module's MDMS masters (env.yaml's default pg lacks the urban ones: tests/config-repo-check.test.ts)
    const config = parseConfig({ target: { kind: "sdc", kubeconfig: "/k" }, domain: "d.example.in", stateTenantId: "pb", modules: catalogLts.modules.map((m) => m.name) });
    for (const r of requiredFiles(config)) assert.deepEqual(missingFiles(r.files, tree(r.dir)).map((f) => f.path), [], `${r.url}@${r.ref}`);
  });
});
