/**
 * What the platform does for DIGIT 2.9 LTS beyond eGov's charts, under the mock engine: the
 * encryption master keys, egov-filestore's signing keys on every kind of store, the gateway's
 * route discovery, the first employee login, and the SMS safety check.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import { execFile } from "node:child_process";
import { installMocks, settle, named, ofType, unwrap, Registered } from "./helpers/mocks";
import { errorOf, minimalValues, parse } from "./helpers/config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";
import { filestoreEnv } from "../components/backbone/objectstore";
import { adminUserScript } from "../components/services/admin-user";
import { encryptionRotationProblems } from "../components/security/rotation";
import { integrationSecretProblems, smsProblems } from "../components/config/integrations";

function build(values: Record<string, any>, secretKeys: string[] = []) {
  const c = parse(values, secretKeys);
  const t = createTarget("digit", c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain });
  return new DigitPlatform("digit", { target: t, config: c });
}

const envOf = (seen: Registered[], deployment: string) => {
  const d = named(seen, "kubernetes:apps/v1:Deployment", `digit-${deployment}`).inputs;
  return new Map<string, any>(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e]));
};

describe("DIGIT 2.9 LTS on an sdc target (mocks)", () => {
  let seen: Registered[];
  before(async () => {
    seen = installMocks();
    build({ ...minimalValues(), modules: ["core-services"] });
    await settle();
  });

  it("gives egov-enc-service generated master keys of the lengths its key provider reads, protected", () => {
    const env = envOf(seen, "egov-enc-service");
    assert.deepEqual(env.get("MASTER_PASSWORD").valueFrom.secretKeyRef, { name: "egov-enc-service", key: "master.password" });
    assert.equal(env.get("MASTER_PASSWORD_PROVIDER").value, "software");
    const secret = unwrap(named(seen, "kubernetes:core/v1:Secret", "digit-config-egov-egov-enc-service").inputs.stringData);
    assert.equal(secret.secret, true);
    assert.deepEqual(Object.keys(secret.value).sort(), ["master.initialvector", "master.password", "master.salt"]);
    const pw = (n: string) => named(seen, "random:index/randomPassword:RandomPassword", n).inputs;
    assert.equal(pw("digit-enc-master-salt").length, 8);
    assert.equal(pw("digit-enc-master-iv").length, 12);
    assert.equal(pw("digit-enc-master-password").length, 32);
  });

  it("runs the gateway with eGov's route discovery, which alone holds an API token, allowed to list Services in egov", () => {
    const pod = named(seen, "kubernetes:apps/v1:Deployment", "digit-gateway").inputs.spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.serviceAccountName, "gateway");
    const discovery = pod.initContainers.find((c: any) => c.name === "gateway-kubernetes-discovery");
    assert.equal(discovery.image, "egovio/gateway-kubernetes-discovery:core-2.9-lts-mvn-check-7f4ff55ce3-5");
    assert.deepEqual(discovery.env, [
      { name: "OUTPUT_FILE_PATH", value: "/etc/zuul/routes.properties" },
      { name: "NAMESPACE", value: "egov" },
    ]);
    assert.ok(discovery.volumeMounts.some((m: any) => m.mountPath === "/var/run/secrets/kubernetes.io/serviceaccount"));
    assert.ok(!pod.containers[0].volumeMounts.some((m: any) => m.name === "kube-api-access"), "the gateway itself has no token");
    assert.ok(pod.containers[0].volumeMounts.some((m: any) => m.mountPath === "/etc/zuul"));
    const role = named(seen, "kubernetes:rbac.authorization.k8s.io/v1:Role", "digit-gateway-role").inputs;
    assert.deepEqual(role.rules, [{ apiGroups: [""], resources: ["services"], verbs: ["get", "list"] }]);
    assert.equal(ofType(seen, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").filter((r) => /gateway/.test(r.name)).length, 0);
    assert.match(named(seen, "kubernetes:apps/v1:Deployment", "digit-gateway").inputs.spec.template.metadata.annotations["digit.egov.org/gateway-routes"], /^[0-9a-f]{16}$/);
  });

  it("annotates each routed Service with its gateway route, as eGov's common chart does", () => {
    const svc = named(seen, "kubernetes:core/v1:Service", "digit-egov-user-svc").inputs;
    assert.equal(svc.metadata.annotations["zuul/route-path"], "user");
    assert.equal(svc.metadata.labels.app, "egov-user");
    assert.equal(svc.metadata.labels.group, "core");
  });

  it("creates the first employee for the state's tenant with a generated password, after egov-user", () => {
    const job = named(seen, "kubernetes:batch/v1:Job", "digit-admin-user").inputs;
    const script = job.spec.template.spec.containers[0].command[2];
    assert.match(script, /"tenantId":"pb"/);
    assert.doesNotMatch(script, /eGov@123|"tenantId":"pg"/);
    const pw = named(seen, "random:index/randomPassword:RandomPassword", "digit-admin-password").inputs;
    assert.deepEqual([pw.length, pw.overrideSpecial], [15, "@#$%"]);
    assert.equal(unwrap(named(seen, "kubernetes:core/v1:Secret", "digit-admin-login").inputs.stringData).secret, true);
  });

  it("clones eGov's configuration repositories over HTTPS at the branch eGov's file lists are written for", () => {
    const pod = named(seen, "kubernetes:apps/v1:Deployment", "digit-egov-persister").inputs.spec.template.spec;
    const gs = pod.initContainers.find((c: any) => c.name === "git-sync-configs");
    assert.deepEqual(gs.args.slice(0, 2), ["--repo=https://github.com/egovernments/configs.git", "--ref=UNIFIED-QA"]);
    assert.ok(pod.initContainers.some((c: any) => c.name === "check-config-files"));
    const mdms = named(seen, "kubernetes:apps/v1:Deployment", "digit-egov-mdms-service").inputs.spec.template.spec.initContainers.find((c: any) => c.name === "git-sync-egov-mdms-data");
    assert.deepEqual(mdms.args.slice(0, 2), ["--repo=https://github.com/egovernments/egov-mdms-data.git", "--ref=UNIFIED-QA"]);
  });

  it("points audit-service at the persister's configs instead of eGov's test branches on GitHub", () => {
    const env = envOf(seen, "audit-service");
    assert.match(env.get("EGOV_PERSIST_YML_REPO_PATH").value, /^file:\/\/\/work-dir\/configs\/egov-persister\//);
    const pod = named(seen, "kubernetes:apps/v1:Deployment", "digit-audit-service").inputs.spec.template.spec;
    assert.ok(pod.initContainers.some((c: any) => c.name === "git-sync-configs"));
  });
});

describe("egov-filestore's storage on every kind of store", () => {
  const names = (env: ReturnType<typeof filestoreEnv>) => Object.fromEntries(env.map((e) => [e.name, "value" in e ? e.value : "secret" in e ? `secret:${e.key}` : "configMap" in e ? `cm:${e.key}` : ""]));

  it("MinIO: the S3 path, MinIO's in-cluster URL and region, the generated keys", () => {
    assert.deepEqual(names(filestoreEnv({ mode: "minio" })), {
      ISS3ENABLED: "true",
      ISAZURESTORAGEENABLED: "false",
      MINIO_URL: "http://minio.backbone:9000/",
      FIXED_BUCKETNAME: "egov-filestore",
      FIXED_BUCKET_REGION: "us-east-1",
      AWS_KEY: "secret:awskey",
      AWS_SECRETKEY: "secret:awssecretkey",
    });
  });

  it("S3 and GCS: the bucket's endpoint and region (fixed.bucket.region, GCS's XML API signs for auto)", () => {
    const s3 = names(filestoreEnv({ mode: "s3", bucket: "b", region: "ap-south-1", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } }));
    assert.equal(s3.MINIO_URL, "https://s3.ap-south-1.amazonaws.com");
    assert.equal(s3.FIXED_BUCKET_REGION, "ap-south-1");
    const gcs = names(filestoreEnv({ mode: "gcs", bucket: "b", region: "asia-south1", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } }));
    assert.equal(gcs.MINIO_URL, "https://storage.googleapis.com");
    assert.equal(gcs.FIXED_BUCKET_REGION, "auto");
  });

  it("Azure: the Azure Blob path with the account key and a fixed container", () => {
    const az = names(filestoreEnv({ mode: "azure-blob", bucket: "egov", endpoint: "https://pbdigit.blob.core.windows.net/", credentials: { mode: "keys", accessKey: "a", secretKey: "s" } }));
    assert.deepEqual([az.ISS3ENABLED, az.ISAZURESTORAGEENABLED, az.AZURE_ACCOUNTNAME, az.FIXED_CONTAINER_NAME, az.IS_CONTAINER_FIXED, az.AZURE_ACCOUNTKEY], [
      "false",
      "true",
      "pbdigit",
      "egov",
      "true",
      "secret:awssecretkey",
    ]);
  });

  it("refuses an NFS store, which egov-filestore 2.9 LTS cannot write to, with the fix", () => {
    const msg = errorOf({ ...minimalValues(), target: { kind: "sdc", kubeconfig: "/k", objectStore: { mode: "nfs", server: "10.1.1.1", path: "/exports/digit" } } });
    assert.match(msg, /digit:target\.objectStore\.mode: got "nfs"; egov-filestore of DIGIT 2\.9 LTS cannot store files on a file system .*use mode minio and put MinIO's volume on the NFS export/);
  });
});

describe("settings that must not reach a state as eGov ships them", () => {
  it("refuses to rotate the encryption master keys unless the stack allows it", () => {
    const c = (rotation: Record<string, unknown>) => parse({ ...minimalValues(), security: { rotation } });
    assert.match(encryptionRotationProblems(c({ encryptionMaster: 1 }))[0], /digit:security\.rotation\.encryptionMaster: .*unreadable.*allowEncryptionMasterRotation: true/);
    assert.deepEqual(encryptionRotationProblems(c({ encryptionMaster: 1, allowEncryptionMasterRotation: true })), []);
    assert.deepEqual(encryptionRotationProblems(c({})), []);
  });

  it("takes an existing DIGIT's master keys only as long as egov-enc-service reads them", () => {
    const values = (secrets: Record<string, string>) => ({ ...minimalValues(), services: { "egov-enc-service": { secrets } } });
    const msg = integrationSecretProblems(parse(values({ "master-salt": "short", "master-initialvector": "ünïcödé-ivxx" }), ["services"])).join("\n");
    assert.match(msg, /secrets\.master-salt: too short: egov-enc-service reads 8 characters/);
    assert.match(msg, /secrets\.master-initialvector: only printable ASCII works/);
  });

  it("refuses SMS on with eGov's Console provider (it logs every OTP) or its placeholder URL", () => {
    const c = parse({ ...minimalValues(), services: { "egov-notification-sms": { secrets: { username: "u", password: "p" } } } }, ["services"]);
    const problems = smsProblems(c, [
      { name: "SMS_PROVIDER_CLASS", value: "Console" },
      { name: "SMS_PROVIDER_URL", value: "sms provider url" },
    ]);
    assert.match(problems[0], /SMS_PROVIDER_CLASS: .*Console, which writes every SMS, one-time passwords included, to the log/);
    assert.match(problems[1], /SMS_PROVIDER_URL: .*placeholder "sms provider url"/);
    const ok = parse({ ...minimalValues(), services: { "egov-notification-sms": { secrets: { username: "u" }, env: { SMS_PROVIDER_CLASS: "Generic", SMS_PROVIDER_URL: "https://sms.kerala.gov.in/send" } } } }, ["services"]);
    assert.deepEqual(smsProblems(ok, [{ name: "SMS_PROVIDER_CLASS", value: "Console" }]), []);
  });
});

describe("the first employee's Job script, against a local fake of egov-user", () => {
  function fakeUser(existing: boolean) {
    const calls: Array<{ path: string; body: any }> = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        calls.push({ path: req.url!, body: body ? JSON.parse(body) : undefined });
        res.setHeader("content-type", "application/json");
        const reply: Record<string, () => unknown> = {
          "/user/health": () => ({}),
          "/user/_search": () => ({ user: existing ? [{ userName: "ADMIN", tenantId: "kl" }] : [] }),
          "/user/users/_createnovalidate": () => ({ user: [{ userName: JSON.parse(body).user.userName }] }),
        };
        if (!(req.url! in reply)) res.statusCode = 404;
        res.end(JSON.stringify(reply[req.url!]?.() ?? {}));
      });
    });
    return new Promise<{ url: string; calls: typeof calls; close: () => void }>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as any).port}`, calls, close: () => server.close() })),
    );
  }
  const run = (url: string) =>
    new Promise<{ code: number; out: string }>((resolve) =>
      execFile("sh", ["-c", adminUserScript(url, "kl")], { env: { ...process.env, ADMIN_USERNAME: "ADMIN", ADMIN_PASSWORD: "Ab1@xyz$Q9", ADMIN_MOBILE: "9999999999" } }, (err, stdout) =>
        resolve({ code: err ? ((err as any).code ?? 1) : 0, out: stdout }),
      ),
    );

  it("creates the employee with the roles eGov's Job gives, when absent", async () => {
    const f = await fakeUser(false);
    const r = await run(f.url);
    f.close();
    assert.equal(r.code, 0, r.out);
    const create = f.calls.find((c) => c.path === "/user/users/_createnovalidate")!;
    assert.equal(create.body.user.password, "Ab1@xyz$Q9");
    assert.equal(create.body.user.tenantId, "kl");
    assert.deepEqual(create.body.user.roles.map((x: any) => x.code), ["SUPERUSER", "CSR", "GRO"]);
  });

  it("leaves an existing employee (and the password a state changed) alone", async () => {
    const f = await fakeUser(true);
    const r = await run(f.url);
    f.close();
    assert.equal(r.code, 0);
    assert.match(r.out, /exists in kl: nothing to do/);
    assert.ok(!f.calls.some((c) => c.path === "/user/users/_createnovalidate"));
  });
});
