/**
 * The post-deploy check's logic against recorded Kubernetes API answers (tests/fixtures/verify,
 * validated against the API's schemas here), objects rendered by the platform's own renderer, a
 * local HTTPS API server and a local public edge. Timeouts are small and bounded.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findService } from "../components/services/catalog";
import { deployedService } from "../components/services/plan";
import { configCheckScript, renderService, type ServiceRenderContext } from "../components/services/render";
import type { DigitServiceSpec } from "../components/services/spec";
import { verify, type VerifyInput } from "../tools/verify/checks";
import { apiPath, expectedDeployment, isPublished, type ExpectedDeployment } from "../tools/verify/expected";
import { KubeClient } from "../tools/verify/kube-client";
import { resolveKubeconfig } from "../tools/verify/kubeconfig";
import { initFailureHint, initRunningHint, missingFromConfigCheckLog, podProblem, podProblems } from "../tools/verify/pods";
import { publicPlan } from "../tools/verify/public";
import { formatReport, reportJson } from "../tools/verify/report";
import * as rollout from "../tools/verify/rollout";
import { kubeconfigText, startFake, status, type FakeAnswer, type FakeRequest, type FakeServer } from "./helpers/fake-kube";
import { minimalValues, parse } from "./helpers/config";
import { TestCa } from "./helpers/tls";

const fixtures = path.join(__dirname, "fixtures", "verify");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8"));
const importEsm = new Function("s", "return import(s)") as (s: string) => Promise<any>;

/** A catalog service as the platform renders it (readiness path, port, init containers from the catalog and render.ts). */
function rendered(name: string, extra: Partial<DigitServiceSpec> = {}) {
  const s = deployedService(findService(name)!);
  const spec: DigitServiceSpec = {
    name: s.name,
    module: s.module,
    image: s.image,
    tag: s.tag,
    port: s.port,
    probes: { readiness: s.probes.readiness, liveness: s.probes.liveness },
    replicas: s.replicas,
    memoryMiB: 512,
    cpuMillis: 100,
    runtime: s.runtime,
    appServer: s.appServer,
    env: [],
    needs: ["postgres", "kafka"],
    ...extra,
  };
  const ctx: ServiceRenderContext = {
    namespace: "egov",
    highAvailability: false,
    domain: "digit.punjab.gov.in",
    gateway: { name: "digit", namespace: "digit-edge" },
    backbone: { postgres: "postgres-rw.backbone:5432", kafka: "kafka.kafka-kraft:9092" },
  };
  return renderService(spec, ctx);
}

const asEntry = (o: Record<string, any>) => ({ type: `kubernetes:${o.apiVersion.includes("/") ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`, inputs: o });

describe("verify: recorded answers and rollout rules", () => {
  it("every fixture is a valid object of the Kubernetes API (kubernetes-models schemas, status included)", async () => {
    const models: Record<string, any> = {
      Deployment: (await importEsm("kubernetes-models/apps/v1/Deployment")).Deployment,
      StatefulSet: (await importEsm("kubernetes-models/apps/v1/StatefulSet")).StatefulSet,
      Job: (await importEsm("kubernetes-models/batch/v1/Job")).Job,
      Pod: (await importEsm("kubernetes-models/v1/Pod")).Pod,
    };
    for (const f of fs.readdirSync(fixtures).filter((f) => /^(deployment|statefulset|job|pods)-.*\.json$/.test(f))) {
      const o = fixture(f);
      // A list's items come without apiVersion and kind, as the API server sends them.
      const objects = o.kind === "PodList" ? o.items.map((i: any) => ({ apiVersion: "v1", kind: "Pod", ...i })) : [o];
      if (o.kind === "PodList") assert.ok(o.items.every((i: any) => !("kind" in i)));
      for (const x of objects) {
        assert.ok(models[x.kind], `${f}: no model for ${x.kind}`);
        assert.doesNotThrow(() => new models[x.kind](x).validate(), `${f} is not a valid ${x.kind}`);
      }
    }
    // the schema does check status: a wrong type is caught
    const bad = fixture("deployment-egov-user.json");
    bad.status.availableReplicas = "2";
    assert.throws(() => new models.Deployment(bad).validate(), /availableReplicas/);
  });

  it("Deployments, StatefulSets and Jobs follow kubectl's rollout rule", () => {
    assert.deepEqual(rollout.deploymentRollout(fixture("deployment-egov-user.json")), { phase: "done", summary: "2/2 available" });
    assert.deepEqual(rollout.deploymentRollout(fixture("deployment-egov-persister.json")), { phase: "waiting", summary: "0/1 available" });
    const unseen = fixture("deployment-egov-user.json");
    unseen.metadata.generation = 4;
    assert.equal(rollout.deploymentRollout(unseen).phase, "waiting", "a spec the controller has not observed is not rolled out");
    const surge = fixture("deployment-egov-user.json");
    surge.status.replicas = 3;
    assert.match(rollout.deploymentRollout(surge).summary, /1 old replica\(s\) pending termination/);
    const stuck = fixture("deployment-egov-persister.json");
    stuck.status.conditions[1] = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "egov-persister-7c9f8d6b5" has timed out progressing.' };
    assert.deepEqual(rollout.deploymentRollout(stuck), { phase: "failed", summary: "0/1 available; rollout exceeded its progress deadline" });

    assert.deepEqual(rollout.statefulSetRollout(fixture("statefulset-kafka.json")), { phase: "done", summary: "1/1 ready" });
    const sts = fixture("statefulset-kafka.json");
    sts.spec.replicas = 3;
    assert.deepEqual(rollout.statefulSetRollout(sts), { phase: "waiting", summary: "1/3 ready" });
    delete sts.spec.updateStrategy.rollingUpdate;
    sts.spec.replicas = 1;
    sts.status.updateRevision = "kafka-8e9f0a1b2c";
    assert.match(rollout.statefulSetRollout(sts).summary, /at the new revision/);

    assert.deepEqual(rollout.jobRollout(fixture("job-egov-user-admin-failed.json")), { phase: "failed", summary: "failed: BackoffLimitExceeded (Job has reached the specified backoff limit)" });
  });

  it("the operators' resources: CloudNativePG phase and instances, ECK phase and health, Gateway Programmed, Certificate Ready", () => {
    const pg = (s: Record<string, unknown>) => rollout.cnpgClusterRollout({ spec: { instances: 3 }, status: s });
    assert.equal(pg({ instances: 3, readyInstances: 3, phase: rollout.cnpgHealthyPhase }).phase, "done");
    assert.equal(pg({ instances: 3, readyInstances: 2, phase: "Creating a new replica", phaseReason: "Creating replica postgres-3-join" }).summary, '2/3 instances ready; phase "Creating a new replica" (Creating replica postgres-3-join)');
    assert.match(pg({}).summary, /is the CloudNativePG operator running/);
    const es = (count: number, health: string) => rollout.elasticsearchRollout({ spec: { nodeSets: [{ name: "default", count }] }, status: { phase: "Ready", health, availableNodes: count } });
    assert.equal(es(1, "yellow").phase, "done", "one node: replicas never allocate");
    assert.equal(es(3, "yellow").phase, "waiting", "three nodes and yellow: a replica is missing");
    assert.equal(es(3, "green").phase, "done");
    assert.deepEqual(rollout.gatewayRollout({ status: { addresses: [{ type: "IPAddress", value: "10.20.0.50" }], conditions: [{ type: "Accepted", status: "True" }, { type: "Programmed", status: "True" }] } }), { phase: "done", summary: "programmed, address 10.20.0.50" });
    assert.match(rollout.certificateRollout({ status: { conditions: [{ type: "Ready", status: "False", reason: "DoesNotExist", message: "Issuing certificate as Secret does not exist" }] } }).summary, /Ready False: DoesNotExist/);
  });

  it("explains each recorded pod failure with what to look at", () => {
    const ctx = { namespace: "egov", stack: "pb-prod" };
    const persister = podProblem(fixture("pods-egov-persister.json").items[0], { ...ctx, service: "egov-persister" })!;
    assert.equal(persister.problem, "init container check-config-files failed (exit 1), 4 restart(s)");
    assert.match(persister.hint, /npm run check-configs -- --stack pb-prod; kubectl -n egov logs egov-persister-7c9f8d6b5-x2x9q -c check-config-files --previous lists them/);
    assert.equal(persister.configCheck, true);

    const pods = fixture("pods-problems.json").items as any[];
    const byApp = (app: string) => podProblem(pods.find((p) => p.metadata.labels["app.kubernetes.io/name"] === app), { ...ctx, service: app });
    assert.match(byApp("egov-user")!.problem, /OOMKilled/);
    assert.equal(byApp("egov-user")!.hint, "raise digit:services.egov-user.resources.memory");
    assert.match(byApp("egov-mdms-service")!.problem, /image registry.pb.example\/egovio\/egov-mdms-service:DIGIT-2.9-LTS-07f47790b8-14 cannot be pulled \(ImagePullBackOff\)/);
    assert.match(byApp("egov-mdms-service")!.hint, /digit:target.registry/);
    assert.equal(byApp("egov-hrms")!.problem, "not scheduled: 0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    assert.match(byApp("egov-hrms")!.hint, /npm run plan -- --stack pb-prod \(requests vs capacity\)/);
    assert.equal(byApp("egov-workflow-v2")!.problem, "waiting in init container wait-kafka");
    assert.match(byApp("egov-workflow-v2")!.hint, /^kafka is not reachable yet: see the kafka line/);
    assert.equal(byApp("egov-idgen")!.problem, "container egov-idgen is running but not ready (readiness probe /egov-idgen/health fails)");
    assert.equal(byApp("egov-localization")!.problem, "init container db-migration failed (exit 1)");
    assert.match(byApp("egov-localization")!.hint, /Flyway.*digit:target.database/);
    assert.equal(byApp("egov-enc-service")!.problem, 'container egov-enc-service: CreateContainerConfigError: secret "egov-enc-service" not found');
    assert.equal(byApp("egov-otp"), undefined, "a ready pod has no problem");
    assert.equal(podProblems(pods, ctx).length, 7);
  });

  it("every init container the platform renders has a hint that says what it is for", () => {
    const svc = rendered("egov-persister", {
      configRepos: [{ dir: "configs", url: "https://github.com/egovernments/configs", ref: "UNIFIED-QA", files: ["egov-persister/audit-service-persister.yml"] }],
      dbMigration: { image: "egovio/egov-user-db", tag: "x", schemaTable: "t" },
    });
    const inits: string[] = svc.deployment.spec.template.spec.initContainers.map((c: any) => c.name);
    assert.deepEqual(inits, ["wait-postgres", "wait-kafka", "git-sync-configs", "check-config-files", "db-migration"]);
    const ctx = { namespace: "egov", stack: "dev" };
    for (const name of inits) {
      const generic = `kubectl -n egov logs p -c ${name}`;
      const specific = name.startsWith("wait-") ? initRunningHint(name, ctx, "p") : initFailureHint(name, ctx, "p", false);
      assert.notEqual(specific, generic, `${name} gets only the generic hint: teach tools/verify/pods.ts what it does`);
    }
  });

  it("reads the missing files from what the platform's config check prints", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-verify-cfg-"));
    try {
      fs.mkdirSync(path.join(dir, "configs", "egov-persister"), { recursive: true });
      fs.writeFileSync(path.join(dir, "configs", "egov-persister", "present.yml"), "");
      const script = configCheckScript([{ dir: "configs", url: "https://github.com/egovernments/configs", ref: "STATE", files: ["egov-persister/present.yml", "egov-persister/pgr-services-persister.yml", "egov-indexer/*.yml"] }]);
      let out = "";
      try {
        execFileSync("sh", ["-c", script.split("/work-dir/").join(`${dir}/`)], { encoding: "utf8" });
      } catch (e: any) {
        out = e.stdout;
        assert.equal(e.status, 1);
      }
      assert.deepEqual(missingFromConfigCheckLog(out), ["configs/egov-persister/pgr-services-persister.yml", "configs/egov-indexer/*.yml"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("derives what to wait for from the registered objects: workloads, health endpoints, jobs, operators' resources, published paths", () => {
    const user = rendered("egov-user");
    const persister = rendered("egov-persister");
    const expected = expectedDeployment([
      asEntry({ apiVersion: "v1", kind: "Namespace", metadata: { name: "egov" } }),
      asEntry(user.deployment),
      asEntry(user.service),
      ...(user.route ? [asEntry(user.route)] : []),
      asEntry(persister.deployment),
      asEntry(persister.service),
      asEntry({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "minio-buckets", namespace: "backbone" }, spec: { ttlSecondsAfterFinished: 600, template: {} } }),
      asEntry({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "postgres", namespace: "backbone" }, spec: { instances: 1 } }),
      asEntry({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "digit-tls", namespace: "digit-edge" }, spec: { secretName: "digit-tls" } }),
      asEntry({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "redirect", namespace: "digit-edge" }, spec: { rules: [{ filters: [{ type: "RequestRedirect" }], matches: [{ path: { type: "PathPrefix", value: "/" } }] }] } }),
      { type: "kubernetes:helm.sh/v4:Chart", inputs: { namespace: "digit-edge" } },
    ]);
    assert.deepEqual(expected.namespaces, ["egov"]);
    const userHealth = findService("egov-user")!.probes.readiness!.path;
    assert.deepEqual(expected.objects.find((o) => o.name === "egov-user")!.health, { path: userHealth, service: "egov-user", port: 8080 });
    assert.equal(expected.objects.find((o) => o.name === "egov-persister")!.health!.path, findService("egov-persister")!.probes.readiness!.path);
    assert.equal(expected.objects.find((o) => o.name === "minio-buckets")!.ttlAfterFinished, true);
    assert.deepEqual(expected.objects.map((o) => o.kind), ["Deployment", "Deployment", "Job", "Cluster", "Certificate"]);
    assert.deepEqual(expected.tlsSecret, { namespace: "digit-edge", name: "digit-tls" });
    assert.deepEqual(expected.publishedPaths, user.route ? [deployedService(findService("egov-user")!).ingress!.path] : [], "a redirect-only route publishes nothing");
    assert.equal(apiPath("Cluster", "backbone", "postgres"), "/apis/postgresql.cnpg.io/v1/namespaces/backbone/clusters/postgres");
    assert.ok(isPublished("/egov-mdms-service/v1/_search", ["/egov-mdms-service"]));
    assert.ok(!isPublished("/egov-mdms-service-x/v1", ["/egov-mdms-service"]), "PathPrefix matches whole segments");
  });

  it("asks the public edge what DIGIT's own clients ask, at the paths the catalog publishes", () => {
    const config = parse({ ...minimalValues(), modules: ["core-services"] });
    const mdms = deployedService(findService("egov-mdms-service")!).ingress!.path;
    const loc = deployedService(findService("egov-localization")!).ingress!.path;
    const plan = publicPlan(config, [mdms, loc], "dev");
    assert.equal(plan.baseUrl, "https://digit.punjab.gov.in");
    assert.equal(plan.tls, "self-signed");
    assert.deepEqual(plan.checks.map((c) => `${c.method} ${c.path}`), [`POST ${mdms}/v1/_search`, `POST ${loc}/messages/v1/_search?locale=en_IN&tenantId=pb`]);
    const body = plan.checks[0].body as any;
    assert.deepEqual(body.MdmsCriteria, { tenantId: "pb", moduleDetails: [{ moduleName: "tenant", masterDetails: [{ name: "tenants" }] }] });
    assert.ok(body.RequestInfo && typeof body.RequestInfo === "object");
    assert.deepEqual(plan.skipped.map((s) => s.label), ["web app"], "no web app in core-services");
    // the edge publishing nothing: every API is skipped, and said why
    assert.deepEqual(publicPlan(config, [], "dev").skipped.map((s) => s.reason), ["no web app (citizen/employee UI) is in digit:modules", "egov-mdms-service is not published on the edge", "egov-localization is not published on the edge"]);
    assert.equal(publicPlan(parse({ ...minimalValues(), edge: { tls: { mode: "none" } } }), [], "dev").baseUrl, "http://digit.punjab.gov.in");
    const answer = (json: unknown, s = 200) => ({ status: s, contentType: "application/json", body: JSON.stringify(json) });
    assert.deepEqual(plan.checks[0].judge(answer(fixture("mdms-search-tenants.json"))), { ok: true, detail: "200, 2 tenant(s) of pb" });
    assert.match(plan.checks[0].judge(answer({ ResponseInfo: null, MdmsRes: {} })).hint!, /data\/pb\/tenant\/tenants.json: npm run check-configs -- --stack dev/);
    assert.equal(plan.checks[1].judge(answer({ messages: [] })).ok, false);
    assert.match(plan.checks[1].judge(answer({ Errors: [{ code: "CustomException", message: "Access denied" }] }, 401)).hint!, /open\/mixed-mode endpoint whitelist/);
  });
});

describe("verify: against a local API server and edge", function () {
  this.timeout(20_000);
  let ca: TestCa;
  let api: FakeServer;
  let edge: FakeServer;
  /** per-test answers, tried before the defaults */
  let override: (r: FakeRequest) => FakeAnswer | undefined = () => undefined;
  const mdmsPath = deployedService(findService("egov-mdms-service")!).ingress!.path;
  const locPath = deployedService(findService("egov-localization")!).ingress!.path;
  const config = parse({ ...minimalValues(), modules: ["core-services"] });

  const user = rendered("egov-user");
  const persister = rendered("egov-persister", { configRepos: [{ dir: "configs", url: "https://github.com/egovernments/configs", ref: "STATE", files: ["egov-persister/pgr-services-persister.yml"] }] });
  const expected: ExpectedDeployment = {
    ...expectedDeployment([
      asEntry({ apiVersion: "v1", kind: "Namespace", metadata: { name: "egov" } }),
      asEntry({ apiVersion: "v1", kind: "Namespace", metadata: { name: "backbone" } }),
      asEntry(user.deployment),
      asEntry(user.service),
      asEntry(persister.deployment),
      asEntry(persister.service),
      asEntry({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "kafka", namespace: "kafka-kraft" }, spec: {} }),
      asEntry({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "egov-user-admin", namespace: "egov" }, spec: { template: {} } }),
    ]),
    publishedPaths: [mdmsPath, locPath],
  };
  const checkLog = "config files missing in configs=https://github.com/egovernments/configs@STATE:\n  configs/egov-persister/pgr-services-persister.yml\nadd them to the repository, or point digit:configRepos at a ref that has them (npm run check-configs)\n";

  const defaults = (r: FakeRequest): FakeAnswer | undefined => {
    const p = r.path;
    if (p === "/version") return { json: { major: "1", minor: "31", gitVersion: "v1.31.4" } };
    if (p === "/api/v1/namespaces/egov" || p === "/api/v1/namespaces/backbone") return { json: { kind: "Namespace", apiVersion: "v1", metadata: { name: p.split("/").pop() }, status: { phase: "Active" } } };
    if (p === apiPath("Deployment", "egov", "egov-user")) return { json: fixture("deployment-egov-user.json") };
    if (p === apiPath("Deployment", "egov", "egov-persister")) return { json: fixture("deployment-egov-persister.json") };
    if (p === apiPath("StatefulSet", "kafka-kraft", "kafka")) return { json: fixture("statefulset-kafka.json") };
    if (p.startsWith("/api/v1/namespaces/egov/pods?labelSelector=")) {
      const selector = decodeURIComponent(p.split("=").slice(1).join("="));
      return selector.includes("egov-persister") ? { json: fixture("pods-egov-persister.json") } : { json: { kind: "PodList", apiVersion: "v1", metadata: {}, items: [] } };
    }
    if (p.startsWith("/api/v1/namespaces/egov/pods/egov-persister-7c9f8d6b5-x2x9q/log?container=check-config-files")) return { text: checkLog };
    if (p === `/api/v1/namespaces/egov/services/egov-user:8080/proxy${findService("egov-user")!.probes.readiness!.path}`) return { json: { status: "UP" } };
    // what charts and operators created: the CloudNativePG operator in backbone
    if (p === apiPath("Deployment", "backbone"))
      return { json: { kind: "DeploymentList", apiVersion: "apps/v1", metadata: {}, items: [{ ...fixture("deployment-egov-user.json"), metadata: { ...fixture("deployment-egov-user.json").metadata, name: "cnpg-cloudnative-pg", namespace: "backbone" } }] } };
    if (/^\/apis\/apps\/v1\/namespaces\/[^/]+\/(deployments|statefulsets|daemonsets)$/.test(p)) return { json: { kind: "List", apiVersion: "v1", metadata: {}, items: [] } };
    return undefined;
  };

  before(async () => {
    ca = new TestCa();
    const serving = ca.issue("kube-apiserver", { ips: ["127.0.0.1"] });
    api = await startFake({ cert: serving.cert, key: serving.key, tokens: { t0ken: "admin" }, authenticate: true, route: (r) => override(r) ?? defaults(r) });
    const site = ca.issue("digit.punjab.gov.in", { dns: ["digit.punjab.gov.in"] });
    edge = await startFake({
      cert: site.cert,
      key: site.key,
      route: (r) => {
        if (r.method === "POST" && r.path === `${mdmsPath}/v1/_search` && JSON.parse(r.body).MdmsCriteria?.tenantId === "pb") return { json: fixture("mdms-search-tenants.json") };
        if (r.method === "POST" && r.path === `${locPath}/messages/v1/_search?locale=en_IN&tenantId=pb`) return { json: fixture("localization-search.json") };
        return { status: 404, text: "no route" };
      },
    });
  });
  after(async () => {
    await api.close();
    await edge.close();
    ca.remove();
  });
  afterEach(() => (override = () => undefined));

  const run = async (o: Partial<VerifyInput> = {}) => {
    const kube = new KubeClient(resolveKubeconfig([{ path: "/tmp/kc", text: kubeconfigText({ server: api.url, ca: ca.ca.cert, user: { token: "t0ken" } }) }]), { requestTimeoutMs: 2000 });
    try {
      return await verify({
        kube,
        expected,
        stack: "dev",
        digitServices: new Set(["egov-user", "egov-persister"]),
        servicesNamespace: "egov",
        timeoutMs: 400,
        pollMs: 50,
        requestTimeoutMs: 2000,
        public: { plan: publicPlan(config, expected.publishedPaths, "dev"), edge: async () => ({ connectTo: `127.0.0.1:${edge.port}`, ca: ca.ca.cert, caSource: "test CA" }) },
        ...o,
      });
    } finally {
      kube.close();
    }
  };

  it("one line per workload and API: pass, or what is wrong and what to look at; bounded by the timeout", async () => {
    const started = Date.now();
    const report = await run();
    const took = Date.now() - started;
    assert.ok(took >= 400 && took < 5000, `waited ${took} ms for a 400 ms timeout`);
    const line = (label: string) => report.results.find((r) => r.label === label)!;
    const userHealth = findService("egov-user")!.probes.readiness!.path;
    assert.equal(line("cluster").status, "pass");
    assert.match(line("cluster").detail, /Kubernetes v1.31.4\), context test, token$/);
    assert.deepEqual([line("egov-user").status, line("egov-user").detail], ["pass", `rollout 2/2 available, health ${userHealth} 200`]);
    const p = line("egov-persister");
    assert.equal(p.status, "fail");
    assert.match(p.detail, /^rollout 0\/1 available \(still after 0\.\d s\); pod egov-persister-7c9f8d6b5-x2x9q: init container check-config-files failed \(exit 1\), 4 restart\(s\): missing configs\/egov-persister\/pgr-services-persister.yml$/);
    assert.match(p.hint!, /npm run check-configs -- --stack dev/);
    assert.deepEqual([line("kafka-kraft/kafka").status, line("kafka-kraft/kafka").detail], ["pass", "StatefulSet 1/1 ready"]);
    assert.deepEqual([line("egov-user-admin").status, line("egov-user-admin").detail], ["fail", "Job not found after 0.4 s"]);
    assert.match(line("egov-user-admin").hint!, /pulumi up --stack dev/);
    assert.deepEqual([line("backbone/cnpg-cloudnative-pg").status, line("backbone/cnpg-cloudnative-pg").detail], ["pass", "Deployment 2/2 available"], "found by listing the namespace");
    assert.deepEqual([line("MDMS search").status, line("MDMS search").detail], ["pass", `POST ${mdmsPath}/v1/_search 200, 2 tenant(s) of pb`]);
    assert.equal(line("localization search").status, "pass");
    assert.equal(line("web app").status, "skip");
    assert.deepEqual(report.summary, { pass: 6, fail: 2, skip: 1 });
    assert.equal(report.ok, false);
    // the requests carried the kubeconfig's token; the edge got the domain as Host (SNI checked by the certificate)
    assert.ok(api.requests.every((r) => r.headers.authorization === "Bearer t0ken"));
    assert.ok(edge.requests.every((r) => r.headers.host === "digit.punjab.gov.in"));

    const text = formatReport(report);
    assert.match(text, /^PASS  cluster /m);
    assert.match(text, /^FAIL  egov-persister +rollout 0\/1 available .* -> config files the service reads are missing .*npm run check-configs -- --stack dev/m);
    assert.match(text, /^SKIP  web app +no web app/m);
    assert.match(text, /\nDIGIT is not fully up on stack dev: 6 passed, 2 failed, 1 skipped \(/);
    const json = JSON.parse(reportJson(report));
    assert.equal(json.ok, false);
    assert.equal(json.checks.length, 9);
    assert.deepEqual(Object.keys(json.checks.find((c: any) => c.label === "egov-persister")).sort(), ["area", "detail", "hint", "kind", "label", "name", "namespace", "status"]);
  });

  it("waits for a rollout that finishes before the timeout", async () => {
    let looks = 0;
    override = (r) => {
      if (r.path !== apiPath("Deployment", "egov", "egov-persister")) return undefined;
      looks++;
      return { json: looks < 3 ? fixture("deployment-egov-persister.json") : { ...fixture("deployment-egov-persister.json"), status: fixture("deployment-egov-user.json").status } };
    };
    const report = await run({ timeoutMs: 3000, expected: { ...expected, objects: expected.objects.filter((o) => o.name === "egov-persister") }, public: undefined });
    assert.equal(looks, 3);
    assert.equal(report.results.find((r) => r.label === "egov-persister")!.status, "pass");
    assert.ok(report.elapsedMs < 2500, "stops as soon as everything is rolled out");
  });

  it("health: the app's own error fails; an API server that cannot reach the pods defers to the kubelet's probe", async () => {
    const healthPath = `/api/v1/namespaces/egov/services/egov-user:8080/proxy${findService("egov-user")!.probes.readiness!.path}`;
    const only = { ...expected, objects: expected.objects.filter((o) => o.name === "egov-user") };
    override = (r) => (r.path === healthPath ? { status: 500, json: { status: "DOWN", components: { db: { status: "DOWN" } } } } : undefined);
    let line = (await run({ expected: only, public: undefined })).results.find((r) => r.label === "egov-user")!;
    assert.equal(line.status, "fail");
    assert.match(line.detail, /health \/user\/health returned 500: \{"status":"DOWN"/);

    override = (r) => (r.path === healthPath ? status(503, "ServiceUnavailable", 'error trying to reach service: dial tcp 10.244.2.14:8080: i/o timeout') : undefined);
    line = (await run({ expected: only, public: undefined })).results.find((r) => r.label === "egov-user")!;
    assert.equal(line.status, "pass");
    assert.match(line.detail, /ok per the kubelet's readiness probe \(the API server cannot reach the pods.*i\/o timeout\)/);

    override = (r) => (r.path === healthPath ? { hang: true } : undefined);
    line = (await run({ expected: only, public: undefined, requestTimeoutMs: 300 })).results.find((r) => r.label === "egov-user")!;
    assert.equal(line.status, "pass");
    assert.match(line.detail, /no answer through the API server within 0.3 s/);
  });

  it("stops at the cluster when the credentials are refused, and says how to renew them", async () => {
    override = (r) => (r.path === "/version" ? status(401, "Unauthorized", "Unauthorized") : undefined);
    const report = await run();
    assert.equal(report.results.length, 1);
    assert.equal(report.results[0].status, "fail");
    assert.match(report.results[0].hint!, /refused the credentials \(token\): renew them/);
  });

  it("a cluster without the platform's namespaces: pulumi up has not run there, nothing to wait for", async () => {
    override = (r) => (r.path.startsWith("/api/v1/namespaces/") && !r.path.includes("/", "/api/v1/namespaces/".length) ? status(404, "NotFound", 'namespaces "x" not found') : undefined);
    const started = Date.now();
    const report = await run({ timeoutMs: 5000 });
    assert.ok(Date.now() - started < 2000, "does not wait for the timeout");
    assert.deepEqual(report.results.map((r) => `${r.status} ${r.label}`), ["pass cluster", "fail namespace egov", "fail namespace backbone"]);
    assert.match(report.results[1].hint!, /pulumi up --stack dev` has not run against this cluster \(context test\)/);
  });

  it("the public edge: a certificate the given CA did not sign, and an edge that does not answer", async () => {
    const other = new TestCa("not-the-state-ca");
    try {
      const only = { ...expected, objects: [] };
      let report = await run({ expected: only, public: { plan: publicPlan(config, expected.publishedPaths, "dev"), edge: async () => ({ connectTo: `127.0.0.1:${edge.port}`, ca: other.ca.cert }) } });
      const mdms = report.results.find((r) => r.label === "MDMS search")!;
      assert.equal(mdms.status, "fail");
      assert.match(mdms.detail, /not signed by a trusted CA/);
      assert.match(mdms.hint!, /self-signed: pass --ca-file/);
      report = await run({ expected: only, public: { plan: publicPlan(config, expected.publishedPaths, "dev"), edge: async () => ({ connectTo: "127.0.0.1:1" }) } });
      assert.match(report.results.find((r) => r.label === "MDMS search")!.detail, /connection refused/);
      assert.match(report.results.find((r) => r.label === "MDMS search")!.hint!, /pulumi stack output edgeAddress/);
    } finally {
      other.remove();
    }
  });
});
