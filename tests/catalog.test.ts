import * as assert from "node:assert/strict";
import fc from "fast-check";
import { selectableModules } from "../config/modules";
import {
  allServices,
  backboneNeedReasons,
  backboneNeeds,
  catalogAvailability,
  catalogModuleNames,
  catalogV29,
  checkOverrides,
  checkWiring,
  containerEnv,
  findService,
  heapFor,
  hostEntries,
  javaOptsFor,
  javaOptsWithHeap,
  migrationEnv,
  moduleClosure,
  routeCollisions,
  routes,
  selectServices,
  ServiceSpec,
  wiringGaps,
} from "../components/services/catalog";
import { curation } from "../components/services/catalog/curation";

const svc = (name: string): ServiceSpec => {
  const s = findService(name);
  assert.ok(s, `catalog has ${name}`);
  return s;
};
const names = (list: readonly ServiceSpec[]) => list.map((s) => s.name);
const without = (list: readonly ServiceSpec[], ...drop: string[]) => list.filter((s) => !drop.includes(s.name));
const everything = [...selectableModules];

describe("catalog data (DIGIT v2.9)", () => {
  it("has the selectable modules of config/modules.ts, in the same order", () => {
    assert.deepEqual(catalogModuleNames(), [...selectableModules]);
  });

  it("counts services per module as the fact table, minus what is not a DIGIT service", () => {
    const counts = Object.fromEntries(catalogV29.modules.map((m) => [m.name, m.services.length]));
    // core lists 27 entries in the fact table; playground is a debugging pod and left out
    assert.deepEqual(counts, { backbone: 0, "authn-authz": 0, core: 26, business: 7, m_core: 1, m_dss: 2, m_accelarators: 1 });
    assert.equal(allServices().length, 37);
    assert.deepEqual(catalogV29.excluded.map((e) => e.name).sort(), [
      "cert-manager",
      "elasticsearch-data-v1",
      "elasticsearch-master-v1",
      "ingress-nginx",
      "kafka-connect",
      "kafka-connect-restart-tasks",
      "kafka-v2",
      "kibana-v1",
      "playground",
      "redis",
      "zookeeper-v2",
    ]);
    for (const e of catalogV29.excluded) assert.equal(findService(e.name), undefined, `${e.name} is not a service`);
  });

  it("gives each service a unique name, its module, namespace egov, an egovio image and a tag", () => {
    const all = allServices();
    assert.equal(new Set(names(all)).size, all.length);
    for (const m of catalogV29.modules) for (const s of m.services) assert.equal(s.module, m.name, s.name);
    for (const s of all) {
      assert.equal(s.namespace, "egov", s.name);
      assert.equal(s.image, `egovio/${s.name}`, s.name);
      assert.match(s.tag, /^v[0-9]+\.[0-9]+\.[0-9]+-[0-9a-f]+-[0-9]+$/, `${s.name} tag ${s.tag}`);
      assert.ok(s.replicas >= 1 && Number.isInteger(s.replicas), s.name);
      assert.ok(s.memoryMiB >= 256, s.name);
    }
  });

  it("pairs every DB migration with <image>-db at the same tag and a schema table", () => {
    const migrating = allServices().filter((s) => s.dbMigration);
    assert.equal(migrating.length, 24);
    for (const s of migrating) {
      assert.equal(s.dbMigration!.image, `${s.image}-db`, s.name);
      assert.equal(s.dbMigration!.tag, s.tag, s.name);
      assert.ok(s.dbMigration!.schemaTable.length > 0, s.name);
    }
    assert.equal(svc("egov-user").dbMigration!.schemaTable, "egov_user_schema");
    assert.equal(svc("egov-mdms-service").dbMigration, undefined);
  });

  it("keeps routes, health paths, memory and heap as DIGIT's values give them", () => {
    assert.deepEqual(svc("egov-user").ingress, { path: "/user", zuul: true });
    assert.deepEqual(svc("egov-url-shortening").ingress, { path: "/eus", zuul: false });
    assert.equal(svc("egov-persister").ingress, undefined);
    assert.deepEqual(svc("egov-persister").health, { liveness: "/common-persist/health", readiness: "/common-persist/health" });
    assert.equal(svc("egov-user").replicas, 2);
    assert.equal(svc("egov-indexer").memoryMiB, 768);
    assert.equal(svc("egov-indexer").heapMiB, 512);
    // no memory limit in DIGIT's values: the common chart's default, with a note saying so
    assert.equal(svc("billing-service").memoryMiB, 512);
    assert.ok(svc("billing-service").notes!.some((n) => n.includes("common chart default")));
    assert.ok(svc("zuul").notes!.some((n) => n.includes("-Xmx704m does not fit its 512Mi")));
    assert.equal(svc("xstate-chatbot").appType, undefined);
    assert.equal(svc("egov-user").appType, "java-spring");
  });

  it("summarises each service's env in callsServices, usesConfig and usesSecrets", () => {
    for (const s of allServices()) {
      const keys = (cm: string) => [...new Set(s.env.flatMap((e) => ("configMap" in e && e.configMap === cm ? [e.key] : [])))].sort();
      assert.deepEqual(s.callsServices, keys("egov-service-host"), s.name);
      assert.deepEqual(s.usesConfig, keys("egov-config"), s.name);
      const secrets = [...new Set(s.env.flatMap((e) => ("secret" in e ? [`${e.secret}/${e.key}`] : [])))].sort();
      assert.deepEqual(s.usesSecrets, secrets, s.name);
    }
  });

  it("references only egov-config keys and Secret keys the catalog lists, never an empty key", () => {
    const config = new Set(catalogV29.configMaps["egov-config"].keys);
    const envs = [...allServices().flatMap((s) => s.env), ...Object.values(catalogV29.commonEnv).flat()];
    for (const e of envs) {
      if ("key" in e) assert.ok(e.key.length > 0, e.name);
      if ("configMap" in e) assert.ok(["egov-config", "egov-service-host"].includes(e.configMap), e.name);
      if ("configMap" in e && e.configMap === "egov-config") assert.ok(config.has(e.key), `${e.name}: egov-config/${e.key}`);
      if ("secret" in e) assert.ok(catalogV29.secrets[e.secret]?.includes(e.key), `${e.name}: ${e.secret}/${e.key}`);
    }
  });

  it("marks exactly the curated references optional", () => {
    const marked = allServices().flatMap((s) => s.env.filter((e) => "optional" in e && e.optional).map((e) => `${s.name}/${e.name}`));
    assert.deepEqual(marked.sort(), curation.optionalRefs.map((d) => `${d.service}/${d.env}`).sort());
  });

  it("turns DIGIT's demo fixed citizen OTP off and drops references with an empty key", () => {
    const otp = svc("egov-user").env.find((e) => e.name === "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED");
    assert.deepEqual(otp, { name: "CITIZEN_LOGIN_PASSWORD_OTP_FIXED_ENABLED", value: "false" });
    assert.equal(svc("egov-location").env.find((e) => e.name === "EGOV_SERVICES_EGOV_MDMS_HOSTNAME"), undefined);
    assert.equal(svc("egov-hrms").env.find((e) => e.name === "EGOV_MDMSLEGACY_HOST"), undefined);
  });

  it("stores the backbone needs the rule in needs.ts derives", () => {
    for (const s of allServices()) assert.deepEqual(s.needs, backboneNeeds(s, catalogV29), s.name);
    assert.deepEqual(svc("egov-indexer").needs, ["postgres", "kafka", "elasticsearch"]);
    assert.deepEqual(svc("egov-filestore").needs, ["postgres", "kafka", "objectStore"]);
    assert.deepEqual(svc("egov-user").needs, ["postgres", "kafka", "redis"]);
    // no DB env at all: Kafka and Elasticsearch only
    assert.deepEqual(svc("dashboard-ingest").needs, ["kafka", "elasticsearch"]);
    // egov-persister's own env names neither; the java-spring common env gives it both
    assert.deepEqual(svc("egov-persister").needs, ["postgres", "kafka"]);
    const why = backboneNeedReasons(svc("egov-persister"), catalogV29);
    assert.equal(why[0].because, "SPRING_DATASOURCE_URL of the common java-spring env reads egov-config/db-url");
  });
});

describe("catalog env composition", () => {
  it("puts the common java-spring and tracing env before the service's own, without duplicates", () => {
    const env = containerEnv(svc("egov-user"), catalogV29);
    const names = env.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names[0], "SPRING_DATASOURCE_URL");
    assert.deepEqual(env.find((e) => e.name === "JAEGER_SERVICE_NAME"), { name: "JAEGER_SERVICE_NAME", value: "egov-user" });
    assert.ok(names.indexOf("JAEGER_AGENT_HOST") < names.indexOf("JAEGER_SAMPLER_MANAGER_HOST_PORT"), "$(JAEGER_AGENT_HOST) is defined first");
  });

  it("lets the service's own value replace a common one", () => {
    const env = containerEnv(svc("national-dashboard-ingest"), catalogV29);
    assert.deepEqual(env.filter((e) => e.name === "SERVER_TOMCAT_MAX_THREADS"), [{ name: "SERVER_TOMCAT_MAX_THREADS", value: "25" }]);
  });

  it("gives no java-spring env to services of another app type", () => {
    const names = containerEnv(svc("xstate-chatbot"), catalogV29).map((e) => e.name);
    assert.ok(!names.includes("SPRING_DATASOURCE_URL"));
    assert.ok(names.includes("JAEGER_SERVICE_NAME"));
  });

  it("fills the DB-migration env's schema table, and gives none without a migration", () => {
    const env = migrationEnv(svc("egov-user"), catalogV29)!;
    assert.deepEqual(env.find((e) => e.name === "SCHEMA_TABLE"), { name: "SCHEMA_TABLE", value: "egov_user_schema" });
    assert.deepEqual(env.find((e) => e.name === "FLYWAY_PASSWORD"), { name: "FLYWAY_PASSWORD", secret: "db", key: "flyway-password" });
    assert.equal(migrationEnv(svc("egov-mdms-service"), catalogV29), undefined);
  });
});

describe("selectServices", () => {
  it("selects a module with the modules it depends on", () => {
    const core = selectServices(["core"]);
    assert.equal(core.length, 26);
    assert.ok(core.every((s) => s.module === "core"));
    assert.deepEqual(moduleClosure(["m_dss"]), ["core", "business", "m_dss"]);
    const dss = names(selectServices(["m_dss"]));
    assert.equal(dss.length, 35);
    for (const n of ["egov-user", "billing-service", "dashboard-analytics", "dashboard-ingest"]) assert.ok(dss.includes(n), n);
    for (const n of ["zuul", "inbox"]) assert.ok(!dss.includes(n), n);
    assert.equal(selectServices(["m_core"]).length, 34);
    assert.equal(selectServices(everything).length, 37);
  });

  it("ignores repeats and order, and adds nothing for the platform's own modules", () => {
    assert.deepEqual(names(selectServices(["m_dss", "core", "m_dss"])), names(selectServices(["m_dss"])));
    assert.deepEqual(selectServices(["backbone", "authn-authz"]), []);
  });

  it("rejects an unknown module, naming the choices", () => {
    assert.throws(
      () => selectServices(["core", "m_pgr"]),
      /^Error: unknown DIGIT module "m_pgr": choose from core, business, m_core, m_dss, m_accelarators$/,
    );
  });
});

describe("hostEntries", () => {
  it("lists the deployed services only, by namespaced URL", () => {
    const hosts = hostEntries(selectServices(["core"]));
    assert.equal(Object.keys(hosts).length, 26);
    assert.equal(hosts["egov-user"], "http://egov-user.egov:8080/");
    assert.equal(hosts["billing-service"], undefined);
    assert.equal(hosts["egov-common-masters"], undefined);
  });
});

describe("checkWiring", () => {
  for (const selection of [...everything.map((m) => [m]), everything]) {
    it(`passes for modules ${selection.join(", ")} with what the catalog's platform provides`, () => {
      const services = selectServices(selection);
      assert.deepEqual(checkWiring(services, catalogAvailability(services)), []);
    });
  }

  it("names service, env var, the missing service and the module to add", () => {
    const services = without(selectServices(["m_accelarators"]), "egov-workflow-v2");
    assert.deepEqual(checkWiring(services, catalogAvailability(services)), [
      "inbox: WORKFLOW_HOST reads egov-service-host/egov-workflow-v2, but egov-workflow-v2 is not deployed: add module core to digit:modules",
    ]);
  });

  it("fails when a whole module is missing, listing the services that read its hosts", () => {
    const services = selectServices(["m_accelarators"]).filter((s) => s.module !== "core");
    const problems = checkWiring(services, catalogAvailability(services));
    const mdms = problems.find((p) => p.includes("egov-service-host/egov-mdms-service"));
    assert.ok(mdms, problems.join("\n"));
    assert.match(mdms, /^\d+ services read egov-service-host\/egov-mdms-service, but egov-mdms-service is not deployed: .*: add module core to digit:modules$/);
    assert.match(mdms, /billing-service \(EGOV_MDMS_HOST\)/);
  });

  it("reports a missing egov-config key with the services that read it", () => {
    const services = selectServices(["core"]);
    const available = catalogAvailability(services);
    available.configKeys["egov-config"] = available.configKeys["egov-config"].filter((k) => k !== "es-indexer-host");
    assert.deepEqual(checkWiring(services, available), [
      "2 services read egov-config/es-indexer-host, which the platform does not provide: egov-indexer (EGOV_INFRA_INDEXER_HOST), " +
        "national-dashboard-ingest (EGOV_ES_HOST): add key es-indexer-host to ConfigMap egov-config",
    ]);
  });

  it("reports a missing Secret key, and each key of a missing Secret", () => {
    const services = selectServices(["core"]);
    const available = catalogAvailability(services);
    available.secrets = { ...available.secrets, "egov-location": [] };
    delete available.secrets["egov-notification-mail"];
    assert.deepEqual(checkWiring(services, available), [
      "2 services read Secret egov-location/gmapskey, which the platform does not provide: xstate-chatbot (GOOGLE_MAPS_API_KEY), " +
        "egov-location (GMAPS_API_KEY): add key gmapskey to Secret egov-location",
      "egov-notification-mail: MAIL_SENDER_USERNAME reads Secret egov-notification-mail, which the platform does not create: " +
        "create it with key mailsenderusername",
      "egov-notification-mail: MAIL_SENDER_PASSWORD reads Secret egov-notification-mail, which the platform does not create: " +
        "create it with key mailsenderpassword",
    ]);
  });

  it("reports a deployed service missing from egov-service-host", () => {
    const services = selectServices(["core"]);
    const available = catalogAvailability(services);
    available.configKeys["egov-service-host"] = available.configKeys["egov-service-host"].filter((k) => k !== "egov-otp");
    assert.deepEqual(checkWiring(services, available), [
      "2 services read egov-service-host/egov-otp, which ConfigMap egov-service-host does not list: egov-user (EGOV_OTP_HOST), " +
        "egov-user-chatbot (EGOV_OTP_HOST): add egov-otp (see hostEntries)",
    ]);
  });

  it("reports a backbone part that is not there, with the reason the service needs it", () => {
    const services = selectServices(["core"]);
    const available = catalogAvailability(services, ["postgres", "kafka", "elasticsearch", "redis"]);
    assert.deepEqual(checkWiring(services, available), [
      "egov-filestore: needs objectStore (AWS_KEY reads Secret egov-filestore/awskey), which the platform does not provide: " +
        "deploy objectStore (digit:backbone or the target) or leave out the modules that use it",
    ]);
  });

  it("reports a literal in-cluster URL of a service that is not deployed", () => {
    const otp = svc("user-otp");
    const services = without(selectServices(["core"]), "egov-otp", "user-otp").concat([
      { ...otp, env: otp.env.filter((e) => "value" in e) },
    ]);
    const problems = checkWiring(services, catalogAvailability(services)).filter((p) => p.startsWith("user-otp"));
    assert.deepEqual(problems, ["user-otp: OTP_HOST names http://egov-otp, but egov-otp is not deployed: add module core to digit:modules"]);
  });

  it("checks callsServices that no env var carries (an integrator's own service)", () => {
    const own: ServiceSpec = { ...svc("egov-otp"), name: "state-grievance", image: "state/grievance", callsServices: ["egov-user", "egov-pgr"] };
    const services = [...selectServices(["core"]), own];
    assert.deepEqual(checkWiring(services, catalogAvailability(services)), [
      "state-grievance: calls egov-pgr (listed in callsServices), which is not deployed: " +
        "egov-pgr is not a DIGIT v2.9 service: remove the reference or mark it optional (catalog curation)",
    ]);
  });

  it("catches a dangling reference once it is no longer marked optional", () => {
    const inbox = svc("inbox");
    const strict = { ...inbox, env: inbox.env.map((e) => (e.name === "EGOV_VEHICLE_HOST" ? { name: e.name, configMap: "egov-service-host", key: "vehicle" } : e)) };
    const services = [...without(selectServices(everything), "inbox"), strict];
    assert.deepEqual(checkWiring(services, catalogAvailability(services)), [
      "inbox: EGOV_VEHICLE_HOST reads egov-service-host/vehicle, but vehicle is not deployed: " +
        "vehicle is not a DIGIT v2.9 service: remove the reference or mark it optional (catalog curation)",
    ]);
  });
});

describe("wiringGaps", () => {
  it("lists the optional references that dangle even with every module", () => {
    const services = selectServices(everything);
    const gaps = wiringGaps(services, catalogAvailability(services));
    assert.equal(gaps.length, 5);
    assert.match(gaps[0], /^2 services read egov-service-host\/egov-common-masters, but egov-common-masters is not deployed: egov-pg-service/);
    assert.ok(gaps.some((g) => g.startsWith("zuul: ZUUL_ROUTES_TL_CALCULATOR_URL names http://tl-calculator")));
    assert.ok(gaps.some((g) => g.startsWith("inbox: EGOV_SEARCHER_HOST reads egov-service-host/egov-searcher")));
  });

  it("says which routes stay unexposed without the gateway, and where the gateway is", () => {
    const services = selectServices(["core"]);
    const gaps = wiringGaps(services, catalogAvailability(services));
    const gw = gaps.find((g) => g.includes("behind the gateway"));
    assert.ok(gw);
    assert.match(gw, /^18 routes sit behind the gateway zuul, which is not deployed, so they are not exposed \(\/audit-service, .*\): add module m_core to digit:modules$/);
    assert.ok(gaps.some((g) => g.startsWith("egov-pg-service: EGOV_BILLINGSERVICE_HOST reads egov-service-host/billing-service")));
  });
});

describe("checkOverrides", () => {
  const core = selectServices(["core"]);

  it("accepts overrides of deployed services", () => {
    assert.deepEqual(checkOverrides({ "egov-user": { replicas: 3 }, "egov-indexer": {} }, core), []);
  });

  it("names the module of a service that is not deployed", () => {
    assert.deepEqual(checkOverrides({ "egov-hrms": {} }, core), [
      "digit:services.egov-hrms: egov-hrms is not deployed: it belongs to module business; add business to digit:modules or remove the override",
    ]);
  });

  it("suggests the closest name for a service that does not exist", () => {
    const one = (name: string) => checkOverrides({ [name]: {} }, core)[0];
    assert.equal(one("egov-usr"), "digit:services.egov-usr: no such service in DIGIT v2.9: did you mean egov-user?");
    assert.match(one("egov-mdms"), /did you mean egov-mdms-service\?$/);
    assert.match(one("filestore"), /did you mean egov-filestore\?$/);
    assert.equal(one("xyz"), "digit:services.xyz: no such service in DIGIT v2.9: remove the override or name a DIGIT service");
  });

  it("points backbone parts to digit:backbone and rejects the debugging pod", () => {
    const [redis, playground] = checkOverrides({ redis: {}, playground: {} }, core);
    assert.match(redis, /^digit:services\.redis: redis is not a DIGIT service deployed by this project \(.*\): configure the platform's part under digit:backbone/);
    assert.match(playground, /^digit:services\.playground: .*a debugging pod.*: remove the override$/);
  });
});

describe("routes", () => {
  it("routes every public path of the full catalog without collisions", () => {
    const all = routes(selectServices(everything));
    assert.equal(all.length, 28);
    assert.deepEqual(routeCollisions(all), []);
    assert.deepEqual(all.find((r) => r.path === "/user"), { service: "egov-user", path: "/user", viaGateway: true, backend: "zuul", port: 8080 });
    assert.deepEqual(all.find((r) => r.path === "/eus"), { service: "egov-url-shortening", path: "/eus", viaGateway: false, backend: "egov-url-shortening", port: 8080 });
  });

  it("exposes no gateway route while zuul is not deployed", () => {
    assert.deepEqual(routes(selectServices(["core"])).map((r) => r.path), ["/eus"]);
  });

  it("detects equal paths and whole-segment prefixes, not name prefixes", () => {
    const r = (service: string, path: string) => ({ service, path, viaGateway: true, backend: "zuul", port: 8080 });
    assert.deepEqual(routeCollisions([r("a", "/user"), r("b", "/user-otp")]), []);
    assert.deepEqual(routeCollisions([r("a", "/user"), r("b", "/user")]), [
      "route /user of b collides with route /user of a: give one of them another context path",
    ]);
    assert.equal(routeCollisions([r("a", "/x"), r("b", "/x/y")]).length, 1);
  });
});

describe("heapFor", () => {
  it("is 70% of the memory limit, rounded down", () => {
    assert.equal(heapFor(512), 358);
    assert.equal(heapFor(768), 537);
    assert.equal(heapFor(1024), 716);
    assert.throws(() => heapFor(0), /^Error: memory limit 0 MiB is not a positive size: give the service's memory, e\.g\. 512Mi$/);
  });

  it("leaves at least 30% of any limit outside the heap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 65536 }), (m) => {
        const h = heapFor(m);
        return Number.isInteger(h) && h <= m * 0.7 && h > m * 0.7 - 1;
      }),
    );
  });

  it("rewrites DIGIT's JAVA_OPTS keeping other flags, and skips services without a JVM", () => {
    assert.equal(javaOptsWithHeap("-Xmx704m -Xms512m -XX:TieredStopAtLevel=1", 358), "-Xmx358m -Xms358m -XX:TieredStopAtLevel=1");
    assert.equal(javaOptsWithHeap("-Xmx512m -Xms256m", 537), "-Xmx537m -Xms256m");
    assert.equal(javaOptsWithHeap("", 358), "-Xmx358m");
    assert.equal(javaOptsFor(svc("zuul")), "-Xmx358m -Xms358m");
    assert.equal(javaOptsFor(svc("xstate-chatbot")), undefined);
    for (const s of allServices()) assert.ok(heapFor(s.memoryMiB) < s.memoryMiB, s.name);
  });
});

describe("catalog properties", () => {
  const subsets = fc.subarray([...selectableModules], { minLength: 1 });

  it("any module subset selects a dependency-closed set with no hard dangling reference", () => {
    fc.assert(
      fc.property(subsets, (mods) => {
        const services = selectServices(mods);
        const chosen = new Set(services.map((s) => s.module as string));
        for (const m of catalogV29.modules)
          if (chosen.has(m.name))
            for (const d of m.dependsOn) {
              const dep = catalogV29.modules.find((x) => x.name === d)!;
              if (!dep.providedByPlatform) assert.ok(chosen.has(d), `${m.name} needs ${d}`);
            }
        const deployed = new Set(names(services));
        for (const s of services)
          for (const e of s.env)
            if ("configMap" in e && e.configMap === "egov-service-host" && !e.optional) assert.ok(deployed.has(e.key), `${s.name} -> ${e.key}`);
        assert.deepEqual(checkWiring(services, catalogAvailability(services)), []);
        assert.deepEqual(Object.keys(hostEntries(services)), names(services));
        assert.deepEqual(routeCollisions(routes(services)), []);
      }),
    );
  });

  it("removing a service that another one needs is always reported, naming it", () => {
    const cases = fc
      .tuple(subsets, fc.nat())
      .map(([mods, i]) => {
        const services = selectServices(mods);
        const needed = [
          ...new Set(
            services.flatMap((s) => s.env.flatMap((e) => ("configMap" in e && e.configMap === "egov-service-host" && !e.optional && e.key !== s.name ? [e.key] : []))),
          ),
        ];
        return { services, gone: needed[i % needed.length] };
      });
    fc.assert(
      fc.property(cases, ({ services, gone }) => {
        const left = without(services, gone);
        const problems = checkWiring(left, catalogAvailability(left));
        assert.ok(problems.some((p) => p.includes(`${gone} is not deployed`)), `${gone}: ${problems.join("\n")}`);
      }),
    );
  });
});
