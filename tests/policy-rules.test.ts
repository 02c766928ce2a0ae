import * as assert from "node:assert/strict";
import { unknownCheckingProxy } from "@pulumi/policy";
import {
  bucketsPrivate,
  containerResources,
  databaseNotPublic,
  imagesPinned,
  ingressTls,
  networkPolicyPerNamespace,
  noPrivileged,
  plainSecrets,
  podSecurity,
  rules,
  statefulProtected,
  type ResourceRule,
  type RuleResource,
  type StackRule,
} from "../policy/rules";
import { isPinned } from "../policy/rules/images-pinned";
import { isSecretName, secretInValue } from "../policy/rules/plain-secrets";
import { checkResources, fromPlanEntry } from "../policy/plan";
import { fromPolicyResource, fromResourceArgs, plainProps, policies } from "../policy/policies";

let n = 0;
function res(type: string, props: Record<string, any>, extra: Partial<RuleResource> = {}): RuleResource {
  n++;
  return { type, urn: `urn:pulumi:test::digit::${type}::r${n}`, name: `r${n}`, props, protect: false, dependsOn: [], ...extra };
}

const container = (extra: Record<string, any> = {}) => ({
  name: "app",
  image: "egovio/egov-user:v2.9.0",
  resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
  ...extra,
});

function deployment(pod: Record<string, any>, namespace = "egov", name = "egov-user"): RuleResource {
  return res("kubernetes:apps/v1:Deployment", { metadata: { name, namespace }, spec: { template: { spec: { automountServiceAccountToken: false, ...pod } } } });
}

function namespace(name: string, level = "restricted", protect = false): RuleResource {
  return res(
    "kubernetes:core/v1:Namespace",
    { metadata: { name, labels: { "app.kubernetes.io/part-of": "digit", "pod-security.kubernetes.io/enforce": level } } },
    { protect },
  );
}

const check = (rule: ResourceRule, r: RuleResource) => rule.check(r);
const checkStack = (rule: StackRule, rs: RuleResource[]) => rule.check(rs).map((v) => v.message);

describe("policy rules", () => {
  it("the pack registers one policy per rule, each with a unique kebab-case name and a remedy", () => {
    assert.equal(policies.length, rules.length);
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);
    for (const r of rules) {
      assert.match(r.name, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(r.remedy.length > 10 && r.description.length > 10, r.name);
    }
    for (const p of policies) assert.equal(p.enforcementLevel, "mandatory");
  });

  describe("container-resources", () => {
    it("passes a container with CPU and memory requests and a memory limit", () => {
      assert.deepEqual(check(containerResources, deployment({ containers: [container()] })), []);
    });
    it("names the container and what is missing, init containers included", () => {
      const d = deployment({ initContainers: [{ name: "wait", image: "busybox:1.36", resources: { requests: { cpu: "10m" } } }], containers: [container({ resources: undefined })] });
      assert.deepEqual(check(containerResources, d), [
        'init container "wait" of Deployment egov/egov-user has no requests.memory, limits.memory',
        'container "app" of Deployment egov/egov-user has no requests.cpu, requests.memory, limits.memory',
      ]);
    });
    it("reads CronJob, Job, StatefulSet, DaemonSet and Pod specs, and ignores other kinds", () => {
      const bare = { containers: [{ name: "c", image: "x:1" }] };
      for (const [type, props] of [
        ["kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: bare } } } } }],
        ["kubernetes:batch/v1:Job", { spec: { template: { spec: bare } } }],
        ["kubernetes:apps/v1:StatefulSet", { spec: { template: { spec: bare } } }],
        ["kubernetes:apps/v1:DaemonSet", { spec: { template: { spec: bare } } }],
        ["kubernetes:core/v1:Pod", { spec: bare }],
      ] as const)
        assert.equal(check(containerResources, res(type, props)).length, 1, type);
      assert.deepEqual(check(containerResources, res("kubernetes:core/v1:Service", { spec: bare })), []);
      assert.deepEqual(check(containerResources, res("aws:rds/instance:Instance", { spec: bare })), []);
    });
  });

  describe("images-pinned", () => {
    it("accepts tags and digests, also behind a registry with a port", () => {
      for (const i of ["egovio/egov-user:v2.9.0", "registry.state.example:5000/egovio/zuul:1.2", `busybox@sha256:${"a".repeat(64)}`]) assert.ok(isPinned(i), i);
      for (const i of ["nginx", "nginx:latest", "nginx:LATEST", "registry.state.example:5000/egovio/zuul", "nginx:"]) assert.ok(!isPinned(i), i);
    });
    it("reports each unpinned image and a chart without a version", () => {
      const d = deployment({ containers: [container({ image: "nginx:latest" }), container({ name: "side", image: "envoy:v1.30" })] });
      assert.deepEqual(check(imagesPinned, d), ['image "nginx:latest" of container "app" in Deployment egov/egov-user is not pinned']);
      assert.deepEqual(check(imagesPinned, res("kubernetes:helm.sh/v4:Chart", { chart: "cert-manager", version: "v1.16.2" })), []);
      assert.deepEqual(check(imagesPinned, res("kubernetes:helm.sh/v4:Chart", { chart: "cert-manager" }), ), [`Helm chart cert-manager (r${n}) has no pinned version`]);
    });
    it("cannot judge an image not known yet", () => {
      assert.deepEqual(check(imagesPinned, deployment({ containers: [container({ image: "[unknown]" })] })), []);
    });
  });

  describe("no-plain-secrets", () => {
    it("knows credentials by their name's last word, not by words inside it", () => {
      for (const s of ["SI_MICROSERVICE_PASSWORD", "dbPassword", "awssecretkey", "API_KEY", "client-secret", "GITHUB_TOKEN", "DB_PASS", "credentials"]) assert.ok(isSecretName(s), s);
      for (const s of ["ACCESS_TOKEN_VALIDITY_IN_MINUTES", "SMS_SENDER_PASSWORD_REQ_PARAM_NAME", "MASTER_PASSWORD_PROVIDER", "TOKEN_AUTHORIZATION_KEY", "passwordless"]) assert.ok(!isSecretName(s), s);
    });
    it("finds credentials inside values: Pulumi secrets, URLs, basic auth, bearer tokens, private keys", () => {
      assert.equal(secretInValue("postgres://egov:[secret]@db:5432/egov"), "a Pulumi secret");
      assert.equal(secretInValue("postgres://egov:hunter2@db:5432/egov"), "a password inside a URL");
      assert.equal(secretInValue("http://user:${PASS}@host/"), undefined);
      assert.equal(secretInValue(`Basic ${Buffer.from("egov-user-client:").toString("base64")}`), undefined, "DIGIT's public client id");
      assert.equal(secretInValue(`Basic ${Buffer.from("admin:s3cret").toString("base64")}`), "HTTP basic credentials");
      assert.equal(secretInValue("Bearer abcdefghijklmnopqrstuvwxyz"), "a bearer token");
      assert.equal(secretInValue("-----BEGIN RSA PRIVATE KEY-----\nMII..."), "a private key");
    });
    it("reports literal env credentials and leaves references, numbers and booleans alone", () => {
      const env = [
        { name: "SI_MICROSERVICE_PASSWORD", value: "sifinance123@" },
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        { name: "DEFAULT_PASSWORD_EXPIRY_IN_DAYS", value: "90" },
        { name: "OTP_TOKEN", value: "true" },
        { name: "SPRING_DATASOURCE_PASSWORD", value: "${DB_PASSWORD}" },
        { name: "EMPTY_SECRET", value: "" },
      ];
      assert.deepEqual(check(plainSecrets, deployment({ containers: [container({ env, args: ["--db.password=hunter2", "--port=8080"] })] })), [
        'env SI_MICROSERVICE_PASSWORD of container "app" in Deployment egov/egov-user holds a credential by its name',
        'args of container "app" in Deployment egov/egov-user holds a credential by its name',
      ]);
    });
    it("reports ConfigMap keys holding credentials, Pulumi secrets or credential lines in files", () => {
      const cm = res("kubernetes:core/v1:ConfigMap", {
        metadata: { name: "egov-config", namespace: "egov" },
        data: { "db-url": "jdbc:postgresql://postgres.backbone:5432/egov", "smtp-password": "hunter2", token: "[secret]", "app.properties": "server.port=8080\nspring.datasource.password=hunter2\n", "timeout": "30" },
      });
      assert.deepEqual(check(plainSecrets, cm), [
        'ConfigMap egov/egov-config key "smtp-password" holds a credential by its name',
        'ConfigMap egov/egov-config key "token" holds a Pulumi secret',
        'ConfigMap egov/egov-config key "app.properties" holds credentials in the file (spring.datasource.password)',
      ]);
    });
  });

  describe("stateful-protected", () => {
    it("reports unprotected databases, buckets, keys, claims and operators' data objects", () => {
      const rs = [
        res("aws:rds/instance:Instance", {}),
        res("gcp:storage/bucket:Bucket", {}, { protect: true }),
        res("kubernetes:core/v1:PersistentVolumeClaim", { metadata: { name: "data-kafka-0", namespace: "kafka-kraft" } }),
        res("kubernetes:postgresql.cnpg.io/v1:Cluster", { metadata: { name: "postgres", namespace: "backbone" } }),
        res("kubernetes:apps/v1:StatefulSet", { metadata: { name: "redis", namespace: "backbone" }, spec: { volumeClaimTemplates: [{}], persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain" } } }),
        res("kubernetes:apps/v1:StatefulSet", { metadata: { name: "tmp", namespace: "backbone" }, spec: { volumeClaimTemplates: [{}], persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } } }),
        res("kubernetes:core/v1:ConfigMap", { metadata: { name: "x", namespace: "backbone" } }),
      ];
      assert.deepEqual(checkStack(statefulProtected, rs), [
        `aws:rds/instance:Instance ${rs[0].name} holds data and is not protected`,
        "PersistentVolumeClaim kafka-kraft/data-kafka-0 holds data and is not protected",
        "Cluster backbone/postgres holds data and is not protected",
        "StatefulSet backbone/tmp holds data and is not protected",
      ]);
    });
    it("asks the namespaces holding volumes to be protected too", () => {
      const claim = res("kubernetes:apps/v1:StatefulSet", { metadata: { name: "kafka", namespace: "kafka-kraft" }, spec: { volumeClaimTemplates: [{}] } });
      assert.deepEqual(checkStack(statefulProtected, [namespace("kafka-kraft"), namespace("egov"), claim]), ["Namespace kafka-kraft holds volumes and is not protected"]);
      assert.deepEqual(checkStack(statefulProtected, [namespace("kafka-kraft", "restricted", true), claim]), []);
    });
  });

  describe("database-not-public", () => {
    it("reports public endpoints of RDS, Azure and Cloud SQL", () => {
      assert.equal(check(databaseNotPublic, res("aws:rds/instance:Instance", { publiclyAccessible: true })).length, 1);
      assert.deepEqual(check(databaseNotPublic, res("aws:rds/instance:Instance", { publiclyAccessible: false })), []);
      assert.equal(check(databaseNotPublic, res("azure-native:dbforpostgresql:Server", {})).length, 1);
      assert.deepEqual(check(databaseNotPublic, res("azure-native:dbforpostgresql:Server", { network: { publicNetworkAccess: "Disabled" } })), []);
      assert.equal(check(databaseNotPublic, res("azure-native:dbforpostgresql:FirewallRule", { startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" })).length, 1);
      assert.equal(check(databaseNotPublic, res("gcp:sql/databaseInstance:DatabaseInstance", { settings: {} })).length, 1, "Cloud SQL defaults to a public IP");
      assert.equal(
        check(databaseNotPublic, res("gcp:sql/databaseInstance:DatabaseInstance", { settings: { ipConfiguration: { ipv4Enabled: false, authorizedNetworks: [{ value: "0.0.0.0/0" }] } } })).length,
        1,
      );
    });
    it("reports a Service exposing a data store's port outside the cluster, not an in-cluster one", () => {
      const svc = (type: string, port: number) => res("kubernetes:core/v1:Service", { metadata: { name: "postgres", namespace: "backbone" }, spec: { type, ports: [{ port }] } });
      assert.deepEqual(check(databaseNotPublic, svc("LoadBalancer", 5432)), ["Service backbone/postgres is a LoadBalancer Service exposing data-store port 5432"]);
      assert.equal(check(databaseNotPublic, svc("NodePort", 6379)).length, 1);
      assert.deepEqual(check(databaseNotPublic, svc("ClusterIP", 5432)), []);
      assert.deepEqual(check(databaseNotPublic, svc("LoadBalancer", 443)), []);
    });
  });

  describe("buckets-private-encrypted", () => {
    it("passes an S3 bucket with a full public access block and default encryption", () => {
      const b = res("aws:s3/bucket:Bucket", {});
      const block = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, { dependsOn: [b.urn] });
      const enc = res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {}, { dependsOn: [b.urn] });
      assert.deepEqual(checkStack(bucketsPrivate, [b, block, enc]), []);
      assert.equal(checkStack(bucketsPrivate, [b, enc]).length, 1, "no access block");
      assert.equal(checkStack(bucketsPrivate, [b, block]).length, 1, "no encryption");
      assert.equal(checkStack(bucketsPrivate, [b, { ...block, props: { ...block.props, restrictPublicBuckets: false } }, enc]).length, 1);
    });
    it("reports public ACLs and policies open to anyone without a condition", () => {
      const b = res("aws:s3/bucket:Bucket", { acl: "public-read", serverSideEncryptionConfiguration: {} });
      const deny = { Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
      const open = { Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject" }] };
      const msgs = checkStack(bucketsPrivate, [b, res("aws:s3/bucketPolicy:BucketPolicy", { policy: JSON.stringify(deny) }), res("aws:s3/bucketPolicy:BucketPolicy", { policy: JSON.stringify(open) })]);
      assert.equal(msgs.filter((m) => /public ACL public-read/.test(m)).length, 1);
      assert.equal(msgs.filter((m) => /allows any principal/.test(m)).length, 1);
    });
    it("checks Azure storage accounts and containers, GCS buckets and their grants", () => {
      const good = { allowBlobPublicAccess: false, enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", encryption: { services: { blob: { enabled: true } } } };
      assert.deepEqual(checkStack(bucketsPrivate, [res("azure-native:storage:StorageAccount", good)]), []);
      assert.equal(checkStack(bucketsPrivate, [res("azure-native:storage:StorageAccount", { ...good, allowBlobPublicAccess: undefined, minimumTlsVersion: "TLS1_0" })]).length, 2);
      assert.equal(checkStack(bucketsPrivate, [res("azure-native:storage:BlobContainer", { publicAccess: "Blob" })]).length, 1);
      assert.deepEqual(checkStack(bucketsPrivate, [res("gcp:storage/bucket:Bucket", { publicAccessPrevention: "enforced", uniformBucketLevelAccess: true })]), []);
      assert.equal(checkStack(bucketsPrivate, [res("gcp:storage/bucket:Bucket", {})]).length, 2);
      assert.equal(checkStack(bucketsPrivate, [res("gcp:storage/bucketIAMMember:BucketIAMMember", { member: "allUsers", role: "roles/storage.objectViewer" })]).length, 1);
    });
  });

  describe("ingress-tls", () => {
    const gateway = res("kubernetes:gateway.networking.k8s.io/v1:Gateway", {
      metadata: { name: "digit", namespace: "digit-edge" },
      spec: { listeners: [{ name: "http", port: 80, protocol: "HTTP" }, { name: "https", port: 443, protocol: "HTTPS" }] },
    });
    const route = (sectionName: string | undefined, rules: any[], namespace = "egov") =>
      res("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", { metadata: { name: "r", namespace }, spec: { parentRefs: [{ name: "digit", namespace: "digit-edge", ...(sectionName ? { sectionName } : {}) }], rules } });
    const forward = [{ backendRefs: [{ name: "zuul", port: 8080 }] }];
    const redirect = [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }];

    it("lets routes attach to the HTTPS listener, and the HTTP listener only redirect", () => {
      assert.deepEqual(checkStack(ingressTls, [gateway, route("https", forward), route("http", redirect, "digit-edge")]), []);
    });
    it("reports a route served over plain HTTP, also through a parentRef without a section", () => {
      assert.deepEqual(checkStack(ingressTls, [gateway, route("http", forward)]), [
        'HTTPRoute egov/r is served over plain HTTP (listener "http" of Gateway digit-edge/digit) and does more than redirect to https',
      ]);
      assert.equal(checkStack(ingressTls, [gateway, route(undefined, forward)]).length, 1);
    });
    it("asks an Ingress for TLS covering its hosts", () => {
      const ing = (tls: any) => res("kubernetes:networking.k8s.io/v1:Ingress", { metadata: { name: "i", namespace: "egov" }, spec: { rules: [{ host: "a.gov.in" }, { host: "b.gov.in" }], ...(tls ? { tls } : {}) } });
      assert.equal(checkStack(ingressTls, [ing(undefined)]).length, 1);
      assert.deepEqual(checkStack(ingressTls, [ing([{ hosts: ["a.gov.in"] }])]), ["Ingress egov/i serves b.gov.in without TLS"]);
      assert.deepEqual(checkStack(ingressTls, [ing([{ hosts: ["a.gov.in", "b.gov.in"], secretName: "tls" }])]), []);
    });
  });

  describe("no-privileged-or-host-paths", () => {
    it("reports privileged containers, host namespaces, host paths and dangerous capabilities", () => {
      const d = deployment({
        hostNetwork: true,
        volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
        containers: [container({ securityContext: { privileged: true, capabilities: { add: ["SYS_ADMIN"] } } })],
      });
      assert.deepEqual(checkStack(noPrivileged, [namespace("egov"), d]), [
        'Deployment egov/egov-user uses hostNetwork, hostPath volume "logs" (/var/log), privileged container "app", container "app" adding SYS_ADMIN',
      ]);
    });
    it("allows host access in a namespace recorded as privileged, and only there", () => {
      const ds = res("kubernetes:apps/v1:DaemonSet", { metadata: { name: "node-exporter", namespace: "monitoring" }, spec: { template: { spec: { hostPID: true, containers: [container()] } } } });
      assert.deepEqual(checkStack(noPrivileged, [namespace("monitoring", "privileged"), ds]), []);
      assert.equal(checkStack(noPrivileged, [namespace("monitoring", "baseline"), ds]).length, 1);
      assert.equal(checkStack(noPrivileged, [ds]).length, 1, "a namespace the stack does not create is not exempt");
    });
  });

  describe("pod-security-restricted", () => {
    it("passes DIGIT's restricted security context", () => {
      assert.deepEqual(checkStack(podSecurity, [namespace("egov"), deployment({ containers: [container()] })]), []);
    });
    it("lists what a container lacks, and a mounted default token", () => {
      const d = deployment({ automountServiceAccountToken: undefined, containers: [container({ securityContext: { runAsUser: 0 } })] });
      assert.deepEqual(checkStack(podSecurity, [namespace("egov"), d]), [
        'Deployment egov/egov-user: container "app" needs runAsNonRoot true, a non-zero runAsUser, allowPrivilegeEscalation false, capabilities.drop [ALL], seccompProfile RuntimeDefault',
        "Deployment egov/egov-user: the default service account's token is mounted (automountServiceAccountToken false)",
      ]);
    });
    it("takes pod-level runAsNonRoot and seccomp, and leaves baseline namespaces alone", () => {
      const sc = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
      const d = deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, containers: [container({ securityContext: sc })] });
      assert.deepEqual(checkStack(podSecurity, [namespace("egov"), d]), []);
      const bad = deployment({ containers: [container({ securityContext: {} })] }, "jenkins");
      assert.deepEqual(checkStack(podSecurity, [namespace("jenkins", "baseline"), bad]), []);
    });
  });

  describe("network-policy-per-namespace", () => {
    const np = (ns: string, spec: Record<string, any>) => res("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: "p", namespace: ns }, spec });
    it("asks every DIGIT namespace for a default deny of both directions", () => {
      const rs = [namespace("egov"), namespace("backbone"), np("egov", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }), np("backbone", { podSelector: {}, policyTypes: ["Ingress"] })];
      assert.deepEqual(checkStack(networkPolicyPerNamespace, rs), ["Namespace backbone has no default-deny NetworkPolicy"]);
    });
    it("does not count a policy selecting some pods only, and ignores namespaces that are not DIGIT's", () => {
      const other = res("kubernetes:core/v1:Namespace", { metadata: { name: "kube-system" } });
      const rs = [namespace("egov"), other, np("egov", { podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Ingress", "Egress"] })];
      assert.deepEqual(checkStack(networkPolicyPerNamespace, rs), ["Namespace egov has no default-deny NetworkPolicy"]);
    });
  });
});

describe("policy pack plumbing", () => {
  it("appends each rule's remedy and honours enforcement levels from a policy-pack config", () => {
    const rs = [deployment({ containers: [container({ image: "nginx" })] })];
    const all = checkResources(rs);
    assert.deepEqual(all.map((f) => f.rule), ["images-pinned"]);
    assert.equal(all[0].message, `image "nginx" of container "app" in Deployment egov/egov-user is not pinned: ${imagesPinned.remedy}`);
    assert.equal(checkResources(rs, { "images-pinned": "advisory" })[0].level, "advisory");
    assert.deepEqual(checkResources(rs, { "images-pinned": { enforcementLevel: "disabled" } }), []);
  });

  it("reads resources.json entries: inputs, protect and dependencies", () => {
    const r = fromPlanEntry({ urn: "u", type: "t", name: "n", parent: null, dependsOn: ["d"], provider: null, protect: true, inputs: { a: 1 } });
    assert.deepEqual(r, { type: "t", urn: "u", name: "n", props: { a: 1 }, protect: true, dependsOn: ["d"] });
  });

  it("turns values unknown during preview into [unknown] instead of failing the policy", () => {
    const { unknownStringValue } = require("@pulumi/policy/proxy");
    const props = unknownCheckingProxy({ spec: { template: { spec: { containers: [{ name: "app", image: unknownStringValue }] } } }, metadata: { name: "x" } });
    assert.throws(() => (props as any).spec.template.spec.containers[0].image, /can't be known during preview/);
    const plain = plainProps(props);
    assert.equal(plain.spec.template.spec.containers[0].image, "[unknown]");
    const r = fromResourceArgs({ type: "kubernetes:apps/v1:Deployment", urn: "u", name: "x", props, opts: { protect: false } as any });
    assert.deepEqual(imagesPinned.check(r), []);
  });

  it("reports through @pulumi/policy's callbacks: resource policies per resource, stack policies with the URN", async () => {
    const pinned = policies.find((p) => p.name === "images-pinned") as any;
    const got: string[] = [];
    await pinned.validateResource(
      { type: "kubernetes:apps/v1:Deployment", urn: "u1", name: "d", props: { metadata: { name: "d", namespace: "egov" }, spec: { template: { spec: { containers: [{ name: "c", image: "nginx" }] } } } }, opts: { protect: false } },
      (m: string) => got.push(m),
    );
    assert.equal(got.length, 1);
    assert.match(got[0], /image "nginx" .* is not pinned: give the image a version tag/);

    const netpol = policies.find((p) => p.name === "network-policy-per-namespace") as any;
    const reported: Array<[string, string | undefined]> = [];
    const ns = { type: "kubernetes:core/v1:Namespace", urn: "urn:ns", name: "egov", props: { metadata: { name: "egov", labels: { "app.kubernetes.io/part-of": "digit" } } }, opts: { protect: true }, dependencies: [], propertyDependencies: {} };
    await netpol.validateStack({ resources: [ns] }, (m: string, urn?: string) => reported.push([m, urn]));
    assert.deepEqual(reported.map(([, u]) => u), ["urn:ns"]);
    assert.equal(fromPolicyResource({ ...ns, dependencies: [{ urn: "b" }], propertyDependencies: { x: [{ urn: "a" }] } } as any).dependsOn.join(), "a,b");
  });
});
