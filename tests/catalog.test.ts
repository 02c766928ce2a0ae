import * as assert from "node:assert/strict";
import fc from "fast-check";
import { selectableModules } from "../config/modules";
import {
  excludedModuleProblems,
  allServices,
  applyEnvDeviations,
  backboneNeedReasons,
  catalogLts,
  catalogModuleNames,
  checkOverrides,
  checkWiring,
  egovHeapFits,
  findService,
  heapFor,
  hostEntries,
  javaOptsFor,
  javaOptsWithHeap,
  memoryFor,
  moduleClosure,
  pulledInModules,
  routeCollisions,
  routes,
  selectServices,
  wiringGaps,
  type Availability,
  type ServiceSpec,
} from "../components/services/catalog";
import { deployedService } from "../components/services/plan";
import { errorOf, minimalValues, parse } from "./helpers/config";
import { preflight } from "../components/security/preflight";

const svc = (name: string): ServiceSpec => {
  const s = findService(name);
  assert.ok(s, `catalog has ${name}`);
  return s;
};
const names = (list: readonly ServiceSpec[]) => list.map((s) => s.name);
const everything = [...selectableModules];

/** What the platform provides: the keys of the services' own reads, with every deployed service a host. */
function provided(services: readonly ServiceSpec[]): Availability {
  const read = (f: (s: ServiceSpec) => string[]) => [...new Set(services.flatMap(f))];
  const secrets: Record<string, string[]> = {};
  for (const s of services) for (const r of s.usesSecrets) (secrets[r.split("/")[0]] ??= []).push(r.split("/")[1]);
  return {
    configKeys: { "egov-config": read((s) => s.usesConfig), "egov-service-host": names(services) },
    secrets,
    backbone: new Set(["postgres", "kafka", "elasticsearch", "redis", "objectStore"]),
  };
}

describe("catalog data (DIGIT 2.9 LTS)", () => {
  it("groups services as eGov's helmfiles do: core-services, common-services, analytics, and the urban helmfile by what each module is", () => {
    assert.deepEqual(catalogModuleNames(), [
      "core-services",
      "common-services",
      "analytics",
      "complaints",
      "property-tax",
      "trade-licence",
      "water-sewerage",
      "building-plans",
      "fire-noc",
      "echallan",
      "birth-death",
      "finance",
      "survey",
      "reports",
      "web-apps",
    ]);
    const counts = Object.fromEntries(catalogLts.modules.map((m) => [m.name, m.services.length]));
    assert.deepEqual([counts["core-services"], counts["common-services"], counts.analytics], [22, 7, 3]);
    // the urban helmfile's releases (26) in its modules; tests/conformance.test.ts holds each against the helmfile
    assert.equal(catalogModuleNames().slice(3).reduce((n, m) => n + counts[m], 0), 26);
  });

  it("derives module dependencies from the hosts each module's services call", () => {
    const dep = Object.fromEntries(catalogLts.modules.map((m) => [m.name, m.dependsOn]));
    // egov-pg-service settles payments against billing-service and collection-services
    assert.deepEqual(dep["core-services"], ["common-services"]);
    assert.deepEqual(dep["common-services"], ["core-services"]);
    assert.deepEqual(dep.analytics, ["core-services"]);
  });

  it("gives each service a unique name, namespace egov, an egovio image with its LTS tag, and the source it was built from", () => {
    const all = allServices();
    assert.equal(new Set(names(all)).size, all.length);
    for (const s of all) {
      assert.equal(s.namespace, "egov");
      assert.match(s.image, /^egovio\/[a-z0-9-]+$/);
      assert.match(s.tag, /-[0-9a-f]{10}-\d+$/, `${s.name} ${s.tag}`);
      assert.ok(s.source?.commit.startsWith(s.tag.match(/-([0-9a-f]{10})-\d+$/)![1]), `${s.name}: source at the tag's commit`);
    }
  });

  it("replaces zuul with the Spring Cloud gateway and its route discovery", () => {
    assert.equal(findService("zuul"), undefined);
    const g = svc("gateway");
    assert.equal(g.runtime, "java");
    assert.ok(g.routeDiscovery && g.serviceAccount);
    assert.equal(svc("egov-user").gatewayRoute, "user");
    assert.deepEqual(svc("egov-user").ingress, { path: "/user", viaGateway: true });
  });

  it("knows which images are JVMs and which Node.js, from their source", () => {
    assert.deepEqual(
      allServices()
        .filter((s) => s.runtime === "node")
        .map((s) => s.name)
        .sort(),
      ["egov-pdf", "firenoc-calculator", "firenoc-services", "pdf-service"],
    );
    assert.deepEqual(
      allServices()
        .filter((s) => s.runtime === "nginx")
        .map((s) => s.name)
        .sort(),
      ["citizen", "digit-ui", "employee"],
      "the web apps: their Dockerfile's last stage is nginx",
    );
  });

  it("traces every backbone need to the env or migration that shows it", () => {
    const reasons = backboneNeedReasons(svc("egov-indexer"));
    assert.deepEqual(
      reasons.map((r) => r.part),
      ["postgres", "kafka", "elasticsearch"],
    );
    assert.match(reasons[2].because, /es-indexer-host|elasticsearch-credentials/);
    assert.ok(backboneNeedReasons(svc("egov-user")).some((r) => r.part === "redis"));
  });
});

describe("module selection", () => {
  it("pulls in what a module needs, saying why", () => {
    assert.deepEqual(moduleClosure(["analytics"]), ["core-services", "common-services", "analytics"]);
    assert.deepEqual(pulledInModules(["analytics"]), [
      { module: "core-services", neededBy: ["common-services", "analytics"] },
      { module: "common-services", neededBy: ["core-services"] },
    ]);
    assert.deepEqual(selectServices(["core-services"]).length, 29);
  });

  it("names the DIGIT 2.9 LTS module that took over a DIGIT 2.9 module name", () => {
    const msg = errorOf({ ...minimalValues(), modules: ["core", "m_dss"] });
    assert.match(msg, /digit:modules\[0\]: got "core" \("core" is a DIGIT 2\.9 module; in DIGIT 2\.9-LTS its services are in module core-services\)/);
    assert.match(msg, /digit:modules\[1\].*module analytics/);
  });

  it("digit:excludeModules: a module a chosen one needs fails, naming who needs it and the way out", () => {
    assert.deepEqual(excludedModuleProblems(["trade-licence"], ["property-tax"]), [
      "digit:excludeModules: property-tax is needed by trade-licence (their services call property-tax's); remove property-tax from digit:excludeModules, or trade-licence from digit:modules",
    ]);
    assert.deepEqual(excludedModuleProblems(["trade-licence", "water-sewerage"], ["property-tax"])[0].split("or ")[1], "trade-licence and water-sewerage from digit:modules");
    assert.match(excludedModuleProblems(["finance"], ["finance"])[0], /finance is also in digit:modules/);
    assert.deepEqual(excludedModuleProblems(["complaints"], ["finance"]), [], "a module nothing pulls in is simply not deployed");
    // through the pre-flight check, before anything is registered
    assert.throws(() => preflight(parse({ ...minimalValues(), modules: ["trade-licence"], excludeModules: ["property-tax"] })), /digit:excludeModules: property-tax is needed by trade-licence/);
  });

  it("suggests the closest module for a typo and lists the choices", () => {
    const msg = errorOf({ ...minimalValues(), modules: ["core-service"] });
    assert.match(msg, /did you mean "core-services"\?/);
    assert.match(msg, /allowed: core-services \| common-services \| analytics/);
  });
});

describe("wiring of the deployed catalog (deviations applied)", () => {
  const deployed = (mods: string[]) => selectServices(mods).map(deployedService);

  it("resolves every reference of the full catalog, leaving only the reasoned gaps", () => {
    const all = deployed(everything);
    assert.deepEqual(checkWiring(all, provided(all)), []);
    const gaps = wiringGaps(all, provided(all));
    assert.ok(gaps.some((g) => /egov-pg-service: EGOV_BANKACCOUNTSERVICE_HOST reads egov-service-host\/egf-master/.test(g)), gaps.join("\n"));
    assert.ok(gaps.every((g) => /optional: .{20,}/.test(g)), "every gap carries its reason");
  });

  it("fails eGov's own rendering, which points collections' MDMS at an internal gateway nobody deploys", () => {
    const raw = selectServices(everything);
    const problems = checkWiring(raw, provided(raw.map(deployedService)));
    assert.ok(problems.some((p) => /collection-services: EGOV_MDMS_HOST reads egov-service-host\/internal-gateway-scg, but internal-gateway-scg is not deployed/.test(p)), problems.join("\n"));
  });

  it("names the missing service and the module to add when a needed module is left out", () => {
    const core = deployed(["core-services"]).filter((s) => s.module === "core-services");
    const problems = checkWiring(core, provided(core));
    assert.ok(problems.some((p) => /egov-pg-service: .*billing-service, but billing-service is not deployed: add module common-services/.test(p)), problems.join("\n"));
  });

  it("applies env deviations: a value set, a source changed, a reference made optional", () => {
    const user = applyEnvDeviations(svc("egov-user").env, "egov-user");
    assert.deepEqual(user.find((e) => e.name === "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED"), { name: "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED", value: "false" });
    const coll = applyEnvDeviations(svc("collection-services").env, "collection-services");
    assert.deepEqual(coll.find((e) => e.name === "EGOV_MDMS_HOST"), { name: "EGOV_MDMS_HOST", configMap: "egov-service-host", key: "egov-mdms-service" });
    const pg = applyEnvDeviations(svc("egov-pg-service").env, "egov-pg-service").find((e) => e.name === "EGOV_BANKACCOUNTSERVICE_HOST")!;
    assert.ok("optional" in pg && typeof pg.optional === "string");
  });

  it("lists exactly the deployed services in egov-service-host", () => {
    assert.deepEqual(hostEntries([svc("egov-user")]), { "egov-user": "http://egov-user.egov:8080/" });
  });
});

describe("overrides", () => {
  it("names the module of a service that is not deployed, and the closest name of one that does not exist", () => {
    const core = selectServices(["core-services"]);
    assert.deepEqual(checkOverrides({ "egov-user": {} }, core), []);
    assert.deepEqual(checkOverrides({ inbox: {} }, core), ["digit:services.inbox: inbox is not deployed: it belongs to module analytics; add analytics to digit:modules or remove the override"]);
    assert.match(checkOverrides({ "egov-usr": {} }, core)[0], /did you mean egov-user\?/);
    assert.match(checkOverrides({ zuul: {} }, core)[0], /no such service in DIGIT 2\.9-LTS/);
    assert.match(checkOverrides({ configmaps: {} }, core)[0], /not a DIGIT service deployed by this project/);
  });
});

describe("routes", () => {
  it("publishes eGov's ingress paths without collisions, gateway paths only with the gateway", () => {
    const all = selectServices(everything).map(deployedService);
    assert.deepEqual(routeCollisions(routes(all)), []);
    assert.ok(routes(all).some((r) => r.path === "/filestore" && r.backend === "gateway"), "egov-filestore is published through the gateway");
    assert.equal(routes(all.filter((s) => s.name !== "gateway")).filter((r) => r.viaGateway).length, 0);
  });

  it("detects equal paths and whole-segment prefixes, not name prefixes", () => {
    const r = (service: string, path: string) => ({ service, path, viaGateway: false, backend: service, port: 8080 });
    assert.equal(routeCollisions([r("a", "/user"), r("b", "/user-otp")]).length, 0);
    assert.equal(routeCollisions([r("a", "/user"), r("b", "/user/x")]).length, 1);
  });
});

describe("heap and memory", () => {
  it("keeps eGov's JAVA_OPTS where they fit its memory, and raises the memory where they do not", () => {
    const persister = svc("egov-persister");
    assert.ok(egovHeapFits(persister));
    assert.equal(memoryFor(persister, 512), 512);
    assert.equal(javaOptsFor(persister, 512), "-Xmx192m -Xms192m");
    // eGov runs collection-services with -Xmx512m in a 512Mi limit: the limit becomes heap / 0.7.
    const coll = svc("collection-services");
    assert.equal(coll.javaOpts, "-Xmx512m -Xms256m");
    assert.equal(memoryFor(coll, 512), 736);
    assert.equal(javaOptsFor(coll, 736), "-Xmx512m -Xms256m");
    // a state's own memory: the heap follows at 70%
    assert.equal(javaOptsFor(coll, 1024), "-Xmx716m -Xms256m");
  });

  it("is 70% of a limit when derived, other flags kept, -Xms lowered to the new max", () => {
    assert.equal(heapFor(512), 358);
    assert.equal(javaOptsWithHeap("-Xmx704m -Xms512m -XX:TieredStopAtLevel=1", 358), "-Xmx358m -Xms358m -XX:TieredStopAtLevel=1");
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 65536 }), (m) => heapFor(m) <= m * 0.7 && heapFor(m) >= m * 0.7 - 1),
      { numRuns: 200 },
    );
  });
});

describe("catalog properties", () => {
  it("any module subset selects a dependency-closed set with no hard dangling reference", () => {
    fc.assert(
      fc.property(fc.subarray(everything, { minLength: 1 }), (mods) => {
        const s = selectServices(mods).map(deployedService);
        return checkWiring(s, provided(s)).length === 0;
      }),
      { numRuns: 20 },
    );
  });
});
