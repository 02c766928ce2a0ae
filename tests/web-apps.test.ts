import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import YAML from "yaml";
import { selectServices } from "../components/services/catalog";
import { globalConfigsJs, globalConfigsMountPath, globalConfigsPath, webAppSubFilter, webAppWarnings } from "../components/services/web-apps";
import { planServices } from "../components/services/plan";
import { renderService } from "../components/services/render";
import { preflight } from "../components/security/preflight";
import { parseDigitConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import { fakeSdcTarget, providedFor } from "./helpers/targets";

const vendor = path.join(__dirname, "..", "vendor", "egov", "web-apps");
const webApps = selectServices(["web-apps"]).filter((s) => s.runtime === "nginx");
/** vendor/egov/service-facts.yaml: each image's source, read at its tag's commit by tools/vendor-digit.ts */
const facts = YAML.parse(fs.readFileSync(path.join(vendor, "..", "service-facts.yaml"), "utf8"));
const values = (extra: Record<string, unknown> = {}) => ({
  target: { kind: "sdc", kubeconfig: "/k" },
  domain: "digit.kerala.gov.in",
  stateTenantId: "kl",
  modules: ["web-apps"],
  ...extra,
});

describe("web apps: as eGov's images serve them (vendored Dockerfiles and nginx.conf)", () => {
  it("each app's globalConfigs.js lands in the web root its image copies the build to, under the location its nginx serves", () => {
    assert.deepEqual(webApps.map((s) => s.name).sort(), ["citizen", "digit-ui", "employee"]);
    for (const s of webApps) {
      const fact = facts[s.name];
      assert.equal(fact.source.commit, s.source!.commit, `${s.name}: the image's source commit`);
      const dockerfile = fs.readFileSync(path.join(vendor, "..", fact.dockerfile), "utf8");
      const conf = fs.readFileSync(path.join(vendor, "..", fact.nginxConf), "utf8");
      const dir = /ENV (?:WORK_DIR|WEB_DIR)=(\S+)/.exec(dockerfile)![1];
      assert.match(conf, new RegExp(`location ${s.ingress!.path}\\s*\\{[^}]*root /var/web;`), `${s.name}: location ${s.ingress!.path} with root /var/web`);
      assert.equal(dir, `/var/web${s.ingress!.path}`, s.name);
      assert.equal(globalConfigsMountPath(s.ingress!.path), `${dir}/globalConfigs.js`);
      assert.match(dockerfile, /COPY .*nginx\.conf \/etc\/nginx\/conf\.d\/default\.conf/, `${s.name}: its server block is conf.d/default.conf, included in the http context`);
    }
  });

  it("the packaged nginx.conf includes conf.d in the http context, so sub_filter.conf may hold only http-level directives", () => {
    const main = fs.readFileSync(path.join(vendor, "nginx.conf"), "utf8");
    assert.match(main, /http \{[\s\S]*include \/etc\/nginx\/conf\.d\/\*\.conf;[\s\S]*\}/);
    const conf = webAppSubFilter(webApps[0].chartConfigMaps![0].data["sub_filter.conf"], "/digit-ui");
    assert.doesNotMatch(conf, /^\s*(location|server|if)\b/m, "no block an http-context include cannot hold");
  });
});

describe("web apps: the gateway lets their calls through as eGov's does", () => {
  const env = YAML.parse(fs.readFileSync(path.join(vendor, "..", "DIGIT-DevOps", "deploy-as-code", "charts", "environments", "env.yaml"), "utf8"));
  const config = parseDigitConfig({ values: values({ modules: ["core-services", "web-apps"], edge: { tls: { mode: "acme", email: "ops@kerala.gov.in" } } }) });
  const gateway = planServices(config, fakeSdcTarget(config), providedFor(config)).services.find((p) => p.spec.name === "gateway")!.spec;
  const envValue = (name: string) => (gateway.env.find((e) => e.name === name) as { value?: string } | undefined)?.value;
  const list = (name: string) => String(envValue(name)).split(",");

  it("the open and mixed-mode whitelists are eGov's environment's (which name the urban modules' endpoints)", () => {
    assert.equal(envValue("EGOV_OPEN_ENDPOINTS_WHITELIST"), env.gateway["egov-open-endpoints-whitelist"]);
    assert.equal(envValue("EGOV_MIXED_MODE_ENDPOINTS_WHITELIST"), env.gateway["egov-mixed-mode-endpoints-whitelist"]);
    assert.ok(list("EGOV_MIXED_MODE_ENDPOINTS_WHITELIST").includes("/property-services/property/_search"));
  });

  it("every call digit-ui makes before a login (its libraries' urls.js at the image's commit) is open", () => {
    const urls = fs.readFileSync(path.join(vendor, "..", facts["digit-ui"].apiUrls), "utf8");
    const path_ = (key: string) => new RegExp(`\\b${key}: [\`"](/[^\`"?]+)`).exec(urls)?.[1];
    const beforeLogin = ["MDMS", "localization", "OTP_Send", "Authenticate", "RegisterUser", "ChangePassword", "FileFetch"].map((k) => [k, path_(k)]);
    for (const [key, p] of beforeLogin) {
      assert.ok(p, `urls.js has no ${key}`);
      assert.ok(list("EGOV_OPEN_ENDPOINTS_WHITELIST").includes(p!), `${key} ${p} is not on the open whitelist`);
    }
  });

  it("a state extends a whitelist through digit:services.gateway.env", () => {
    const extended = `${env.gateway["egov-open-endpoints-whitelist"]},/kl-portal/v1/_search`;
    const c = parseDigitConfig({ values: values({ modules: ["core-services"], services: { gateway: { env: { EGOV_OPEN_ENDPOINTS_WHITELIST: extended } } } }) });
    const g = planServices(c, fakeSdcTarget(c), providedFor(c)).services.find((p) => p.spec.name === "gateway")!.spec;
    assert.deepEqual(g.env.filter((e) => e.name === "EGOV_OPEN_ENDPOINTS_WHITELIST").map((e) => (e as { value?: string }).value), [extended]);
  });
});

describe("web apps: the state's globalConfigs.js", () => {
  const run = (text: string) => {
    const window: Record<string, any> = {};
    vm.runInNewContext(text, window);
    return window.globalConfigs as { getConfig(k: string): unknown };
  };

  it("is a global `var` the apps read through getConfig, with the state's tenant and its settings", () => {
    const config = parseDigitConfig({ values: values({ webApps: { mapsApiKey: "AIza-state", footerLogo: "https://kl.gov.in/f.png", whatsappNumber: "919876543210" } }), secretKeys: ["webApps"] });
    const g = run(globalConfigsJs(config));
    assert.equal(g.getConfig("STATE_LEVEL_TENANT_ID"), "kl");
    assert.equal(g.getConfig("GMAPS_API_KEY"), "AIza-state");
    assert.equal(g.getConfig("DIGIT_FOOTER"), "https://kl.gov.in/f.png");
    assert.equal(g.getConfig("ENABLE_SINGLEINSTANCE"), false);
    assert.equal(g.getConfig("CONTEXT_PATH"), "digit-ui", "digit-ui hard-codes /digit-ui in its bundles");
    assert.equal(g.getConfig("DEFAULT_WHATSAPP_NUMBER"), "919876543210");
    assert.equal(g.getConfig("FIN_ENV"), undefined);
  });

  it("without a Maps key it sets none, and the plan says what citizens will miss", () => {
    const config = parseDigitConfig({ values: values() });
    assert.equal(run(globalConfigsJs(config)).getConfig("GMAPS_API_KEY"), undefined);
    const w = webAppWarnings(config, true).join("\n");
    assert.match(w, /digit:webApps\.mapsApiKey: not set/);
    assert.match(w, /digit:webApps: footerLogo, footerLogoBw, assetsBucket not set/);
    assert.deepEqual(webAppWarnings(config, false), []);
  });

  it("sub_filter.conf points each app at its own file, not eGov's bucket, and keeps eGov's injection otherwise", () => {
    for (const s of webApps) {
      const egov = s.chartConfigMaps![0].data["sub_filter.conf"];
      assert.match(egov, /egov-uat-assets\/globalConfigs\.js/, "eGov's chart points at its UAT bucket");
      const ours = webAppSubFilter(egov, s.ingress!.path);
      assert.ok(ours.startsWith(egov.trim().replace(/src=\S+globalConfigs\.js/, `src=${globalConfigsPath(s.ingress!.path)}`)), ours);
      assert.doesNotMatch(ours, /amazonaws/);
    }
  });

  it("the plan mounts the file in each app, and keeps it a Pulumi secret when the Maps key was encrypted", () => {
    for (const secretKeys of [[], ["webApps"]]) {
      const config = parseDigitConfig({ values: values({ webApps: { mapsApiKey: "AIza-state" } }), secretKeys, secureLeaves: { keys: Object.keys(values({ webApps: {} })), paths: secretKeys.length ? ["webApps.mapsApiKey"] : [] } });
      const plan = planServices(config, fakeSdcTarget(config), providedFor(config));
      for (const s of plan.services.filter((p) => p.spec.runtime === "nginx")) {
        const cm = s.spec.ownConfigMaps!.find((c) => c.name === `${s.spec.name}-global-configs`)!;
        assert.equal(cm.mountPath, globalConfigsMountPath(s.spec.route!.path));
        assert.equal(cm.subPath, "globalConfigs.js");
        assert.equal(cm.secret ?? false, secretKeys.length > 0, `${s.spec.name}: secret when encrypted`);
        const sub = s.spec.ownConfigMaps!.find((c) => c.mountPath === "/etc/nginx/conf.d/sub_filter.conf")!;
        assert.match(sub.data["sub_filter.conf"], new RegExp(`src=${s.spec.route!.path}/globalConfigs\\.js`));
      }
    }
  });

  it("nginx runs as a non-root user: it binds port 80 through the safe sysctl and writes only to its emptyDirs", () => {
    const config = parseDigitConfig({ values: values() });
    const spec = planServices(config, fakeSdcTarget(config), providedFor(config)).services.find((p) => p.spec.name === "digit-ui")!.spec;
    const ctx = { namespace: "egov", highAvailability: false, domain: "digit.kerala.gov.in", gateway: { name: "digit", namespace: "digit-edge" }, backbone: { postgres: "postgres.backbone:5432", kafka: "kafka.kafka-kraft:9092", redis: "redis.backbone:6379" } };
    const pod = renderService(spec, ctx).deployment.spec.template.spec;
    assert.deepEqual(pod.securityContext.sysctls, [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }]);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    const mounts = pod.containers[0].volumeMounts.map((m: any) => m.mountPath);
    for (const dir of ["/var/cache/nginx", "/run", "/var/web/digit-ui/globalConfigs.js", "/etc/nginx/conf.d/sub_filter.conf"]) assert.ok(mounts.includes(dir), dir);
    assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
  });
});

describe("web apps: bad input", () => {
  it("plain HTTP at the edge with the web apps fails with the fix, unless allowed on purpose", () => {
    const bad = parseDigitConfig({ values: values({ edge: { tls: { mode: "none" } } }) });
    assert.throws(() => preflight(bad), (e: unknown) => e instanceof ConfigError && /digit:edge\.tls\.mode: none with module web-apps: .*digit:security\.allowPlaintext: \[edge\]/.test(e.message));
    assert.doesNotThrow(() => preflight(parseDigitConfig({ values: values({ edge: { tls: { mode: "none" } }, security: { allowPlaintext: ["edge"] } }) })));
  });

  it("a footer logo over plain http is refused (browsers block mixed content)", () => {
    assert.throws(() => parseDigitConfig({ values: values({ webApps: { footerLogo: "http://kl.gov.in/f.png" } }) }), /digit:webApps\.footerLogo: .*https:\/\//);
  });
});

// nginx itself, where it is installed (Debian's nginx-light here): the packaged nginx.conf, eGov's
// server block and the platform's sub_filter.conf, served and asked over HTTP.
describe("web apps: served by a real nginx (when nginx is installed)", function () {
  const nginx = spawnSync("nginx", ["-v"]).status === 0;
  let dir = "";
  const port = 18000 + (process.pid % 1000);
  before(function () {
    if (!nginx) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-nginx-"));
    fs.chmodSync(dir, 0o755);
    for (const d of ["conf.d", "logs", "web/digit-ui/static"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
    const main = fs
      .readFileSync(path.join(vendor, "nginx.conf"), "utf8")
      .replace(/^user\s+nginx;/m, "")
      .replace("/run/nginx.pid", path.join(dir, "nginx.pid"))
      .replaceAll("/var/log/nginx", path.join(dir, "logs"))
      .replace("/etc/nginx/conf.d/*.conf", path.join(dir, "conf.d/*.conf"));
    fs.writeFileSync(path.join(dir, "nginx.conf"), main);
    const server = fs.readFileSync(path.join(vendor, "digit-ui", "nginx.conf"), "utf8").replace("listen 80;", `listen 127.0.0.1:${port};`).replace("root /var/web;", `root ${path.join(dir, "web")};`);
    fs.writeFileSync(path.join(dir, "conf.d", "default.conf"), server);
    const egov = webApps.find((s) => s.name === "digit-ui")!.chartConfigMaps![0].data["sub_filter.conf"];
    fs.writeFileSync(path.join(dir, "conf.d", "sub_filter.conf"), webAppSubFilter(egov, "/digit-ui"));
    fs.writeFileSync(path.join(dir, "web/digit-ui/index.html"), "<html><head><title>DIGIT</title></head><body></body></html>");
    fs.writeFileSync(path.join(dir, "web/digit-ui/globalConfigs.js"), globalConfigsJs(parseDigitConfig({ values: values() })));
    fs.writeFileSync(path.join(dir, "web/digit-ui/main.bundle.js"), "1");
    fs.writeFileSync(path.join(dir, "web/digit-ui/static/a.0f3c.js"), "2");
    fs.writeFileSync(path.join(dir, "web/digit-ui/logo.png"), "3");
    execFileSync("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", `error_log ${path.join(dir, "logs/error.log")};`]);
  });
  after(() => {
    if (nginx && dir) spawnSync("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-s", "stop"]);
  });
  const get = (p: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port, path: p }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
        .on("error", reject),
    );
  const waitUp = async () => {
    for (let i = 0; i < 50; i++) {
      try {
        return await get("/digit-ui/");
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error("nginx did not start");
  };

  it("injects the state's globalConfigs.js into pages and deep links, and sets Cache-Control by file", async () => {
    const page = await waitUp();
    assert.equal(page.status, 200);
    assert.match(page.body, /<head> <script src=\/digit-ui\/globalConfigs\.js type=text\/javascript><\/script>/);
    assert.equal(page.headers["cache-control"], "no-cache");
    const deep = await get("/digit-ui/citizen/pgr-home");
    assert.equal(deep.headers["cache-control"], "no-cache", "a deep link is index.html");
    const cfg = await get("/digit-ui/globalConfigs.js");
    assert.match(String(cfg.headers["content-type"]), /javascript/);
    assert.match(cfg.body, /STATE_LEVEL_TENANT_ID: "kl"/);
    assert.equal(cfg.headers["cache-control"], "no-cache");
    assert.equal((await get("/digit-ui/main.bundle.js")).headers["cache-control"], "no-cache");
    assert.equal((await get("/digit-ui/static/a.0f3c.js")).headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal((await get("/digit-ui/logo.png")).headers["cache-control"], undefined, "other files keep nginx's own validators");
  });
});
