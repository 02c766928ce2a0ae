import * as assert from "node:assert/strict";
import {
  clusterApiNotPublic,
  databaseBackups,
  exposureEdgeOnly,
  noAllowAllPolicy,
  noAutomountedToken,
  noPrivileged,
  plainSecrets,
  rbacLeastPrivilege,
  statefulProtected,
  type RuleResource,
} from "../policy/rules";
import { checkResources, fromPlanEntry } from "../policy/plan";

/** The rules the adversarial review's planted violations got past, each tested both ways. */

let n = 0;
function res(type: string, props: Record<string, any>, extra: Partial<RuleResource> = {}): RuleResource {
  n++;
  return { type, urn: `urn:pulumi:test::digit::${type}::r${n}`, name: `r${n}`, props, protect: false, dependsOn: [], ...extra };
}
const k = (kind: string, group = "core", version = "v1") => `kubernetes:${group}/${version}:${kind}`;
const rbac = (kind: string) => k(kind, "rbac.authorization.k8s.io");
const pod = (spec: Record<string, any>, namespace = "egov") => res(k("Deployment", "apps"), { metadata: { name: "app", namespace }, spec: { template: { spec } } });
const privilegedNs = res(k("Namespace"), { metadata: { name: "monitoring", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } });

describe("policy pack: rules added after the adversarial review", () => {
  describe("rbac-least-privilege", () => {
    it("flags wildcard verbs and resources and cluster-admin bindings, the GitOps agents' own included", () => {
      assert.match(rbacLeastPrivilege.check(res(rbac("ClusterRole"), { metadata: { name: "planted" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }] })).join(), /grants every verb/);
      assert.match(rbacLeastPrivilege.check(res(rbac("Role"), { metadata: { name: "r", namespace: "egov" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get"] }] })).join(), /covers every resource/);
      const agent = res(rbac("ClusterRoleBinding"), { metadata: { name: "digit-pulumi" }, roleRef: { kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "ServiceAccount", name: "digit-pulumi", namespace: "pulumi-kubernetes-operator" }] });
      assert.match(rbacLeastPrivilege.check(agent).join(), /ClusterRoleBinding digit-pulumi binds ServiceAccount pulumi-kubernetes-operator\/digit-pulumi to cluster-admin/);
      assert.match(rbacLeastPrivilege.check(res(rbac("RoleBinding"), { metadata: { name: "b", namespace: "egov" }, roleRef: { kind: "ClusterRole", name: "cluster-admin" } })).join(), /to cluster-admin/);
    });
    it("passes named verbs, a reviewed operator role, and an exception listed in the pack's config", () => {
      assert.deepEqual(rbacLeastPrivilege.check(res(rbac("ClusterRole"), { metadata: { name: "x" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] })), []);
      assert.deepEqual(rbacLeastPrivilege.check(res(rbac("ClusterRole"), { metadata: { name: "kps-operator" }, rules: [{ apiGroups: ["apps"], resources: ["statefulsets"], verbs: ["*"] }] })), []);
      assert.notDeepEqual(rbacLeastPrivilege.check(res(rbac("ClusterRole"), { metadata: { name: "kps-operator" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] })), [], "every resource is never reviewed");
      const agent = res(rbac("ClusterRoleBinding"), { metadata: { name: "digit-pulumi" }, roleRef: { kind: "ClusterRole", name: "cluster-admin" } });
      assert.deepEqual(rbacLeastPrivilege.check(agent, { allow: ["ClusterRoleBinding digit-pulumi"] }), []);
      const findings = checkResources([agent], { "rbac-least-privilege": { enforcementLevel: "mandatory", allow: ["ClusterRoleBinding digit-pulumi"] } }).filter((f) => f.rule === "rbac-least-privilege");
      assert.deepEqual(findings, [], "the config's allow list reaches the rule");
    });
  });

  describe("exposure-edge-only", () => {
    it("flags LoadBalancer and NodePort Services outside the edge, and on data or dashboard ports anywhere", () => {
      const svc = (ns: string, type: string, port: number) => res(k("Service"), { metadata: { name: "s", namespace: ns }, spec: { type, ports: [{ port }] } });
      assert.match(exposureEdgeOnly.check(svc("monitoring", "LoadBalancer", 3000)).join("\n"), /outside the edge namespace digit-edge[\s\S]*dashboard port 3000/);
      assert.match(exposureEdgeOnly.check(svc("digit-edge", "NodePort", 5432)).join(), /data-store port 5432/);
      assert.match(exposureEdgeOnly.check(res(k("Service"), { metadata: { name: "s", namespace: "backbone" }, spec: { externalIPs: ["203.0.113.9"], ports: [{ port: 6379 }] } })).join(), /external IPs/);
    });
    it("passes ClusterIP Services and the edge's public ports", () => {
      assert.deepEqual(exposureEdgeOnly.check(res(k("Service"), { metadata: { name: "grafana", namespace: "monitoring" }, spec: { ports: [{ port: 3000 }] } })), []);
      assert.deepEqual(exposureEdgeOnly.check(res(k("Service"), { metadata: { name: "envoy", namespace: "digit-edge" }, spec: { type: "LoadBalancer", ports: [{ port: 443, targetPort: 10443 }] } })), []);
    });
  });

  describe("cluster-api-not-public", () => {
    it("flags a managed cluster's API open to every address", () => {
      assert.match(clusterApiNotPublic.check(res("aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } })).join(), /open to every address/);
      assert.match(clusterApiNotPublic.check(res("azure-native:containerservice:ManagedCluster", {})).join(), /authorizedIPRanges/);
      assert.match(clusterApiNotPublic.check(res("gcp:container/cluster:Cluster", { privateClusterConfig: { enablePrivateEndpoint: false } })).join(), /masterAuthorizedNetworksConfig/);
    });
    it("passes a private endpoint or a public one narrowed to listed ranges", () => {
      assert.deepEqual(clusterApiNotPublic.check(res("aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } })), []);
      assert.deepEqual(clusterApiNotPublic.check(res("aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: false } })), []);
      assert.deepEqual(clusterApiNotPublic.check(res("azure-native:containerservice:ManagedCluster", { apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] } })), []);
      assert.deepEqual(clusterApiNotPublic.check(res("gcp:container/cluster:Cluster", { masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] } })), []);
    });
  });

  describe("no-privileged-or-host-paths: dangerous capabilities and host access", () => {
    it("flags NET_RAW, BPF, DAC_READ_SEARCH, privilege escalation, host ports and an unmasked /proc", () => {
      const msgs = noPrivileged
        .check([
          pod({ containers: [{ name: "a", securityContext: { capabilities: { add: ["NET_RAW", "BPF", "DAC_READ_SEARCH"] }, allowPrivilegeEscalation: true, procMount: "Unmasked" }, ports: [{ containerPort: 80, hostPort: 80 }] }] }),
        ])
        .map((v) => v.message)
        .join("\n");
      for (const w of [/adding NET_RAW, BPF, DAC_READ_SEARCH/, /allowing privilege escalation/, /host port 80/, /unmasked \/proc/]) assert.match(msgs, w);
    });
    it("passes a restricted container, and host access in a namespace recorded as privileged", () => {
      assert.deepEqual(noPrivileged.check([pod({ containers: [{ name: "a", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }] })]), []);
      assert.deepEqual(noPrivileged.check([privilegedNs, pod({ hostPID: true, containers: [{ name: "node-exporter", ports: [{ containerPort: 9100, hostPort: 9100 }] }] }, "monitoring")]), []);
    });
  });

  describe("no-automounted-token", () => {
    it("flags a pod of the default service account mounting its token, in any namespace", () => {
      assert.match(noAutomountedToken.check(pod({ containers: [{ name: "a" }] }, "jenkins")).join(), /runs as the default service account and mounts its token/);
      assert.match(noAutomountedToken.check(pod({ serviceAccountName: "default", automountServiceAccountToken: true, containers: [] })).join(), /mounts its token/);
    });
    it("passes automountServiceAccountToken false, and a controller's own service account", () => {
      assert.deepEqual(noAutomountedToken.check(pod({ automountServiceAccountToken: false, containers: [] })), []);
      assert.deepEqual(noAutomountedToken.check(pod({ serviceAccountName: "alloy", containers: [] }, "logging")), []);
    });
  });

  describe("no-allow-all-network-policy", () => {
    const deny = (ns: string) => res(k("NetworkPolicy", "networking.k8s.io"), { metadata: { name: "digit-default-deny", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
    const np = (ns: string, spec: Record<string, any>) => res(k("NetworkPolicy", "networking.k8s.io"), { metadata: { name: "planted", namespace: ns }, spec: { podSelector: {}, ...spec } });
    it("flags an allow-all beside a default deny: no peers and no ports, every namespace, or 0.0.0.0/0 on every port", () => {
      assert.match(noAllowAllPolicy.check([deny("egov"), np("egov", { policyTypes: ["Ingress"], ingress: [{}] })]).map((v) => v.message).join(), /allows all ingress/);
      assert.match(noAllowAllPolicy.check([deny("egov"), np("egov", { policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] })]).map((v) => v.message).join(), /allows all egress/);
      assert.match(noAllowAllPolicy.check([deny("backbone"), np("backbone", { ingress: [{ from: [{ namespaceSelector: {} }] }] })]).map((v) => v.message).join(), /allows all ingress/);
    });
    it("passes narrowed allows, and allow-alls where no default deny is (another rule flags that)", () => {
      assert.deepEqual(noAllowAllPolicy.check([deny("egov"), np("egov", { egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16"] } }], ports: [{ port: 443 }] }] })]), []);
      assert.deepEqual(noAllowAllPolicy.check([deny("egov"), np("egov", { ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "digit-edge" } } }] }] })]), []);
      assert.deepEqual(noAllowAllPolicy.check([np("other", { ingress: [{}] })]), []);
    });
  });

  describe("no-plain-secrets: annotations and Helm values", () => {
    it("flags a credential in an annotation or a chart's values", () => {
      assert.match(plainSecrets.check(res(k("Deployment", "apps"), { metadata: { name: "a", namespace: "egov", annotations: { "vault/db-password": "hunter2" } }, spec: {} })).join(), /annotation vault\/db-password of Deployment egov\/a holds a credential by its name/);
      assert.match(plainSecrets.check(res(k("Service"), { metadata: { name: "a", namespace: "egov", annotations: { note: "https://u:hunter2@git.sdc/x.git" } } })).join(), /a password inside a URL/);
      const chart = res("kubernetes:helm.sh/v4:Chart", { chart: "grafana", values: { grafana: { adminPassword: "hunter2" }, env: [{ token: "Bearer abcdefghijklmnopqrstuvwxyz" }] } });
      assert.match(plainSecrets.check(chart).join("\n"), /chart r\d+ value grafana\.adminPassword holds a credential by its name[\s\S]*value env\[0\]\.token/);
    });
    it("passes Pulumi secrets in values, the names of Secrets, and harmless annotations", () => {
      const chart = res("kubernetes:helm.sh/v4:Chart", { values: { grafana: { adminPassword: "[secret]", admin: { existingSecret: "grafana-admin", passwordKey: "admin-password" } }, alertmanager: { alertmanagerSpec: { configSecret: "alertmanager-digit" } } } });
      assert.deepEqual(plainSecrets.check(chart), []);
      assert.deepEqual(plainSecrets.check(res(k("Deployment", "apps"), { metadata: { name: "a", namespace: "egov", annotations: { "digit.egov.org/why": "the gateway routes public requests" } }, spec: {} })), []);
    });
  });

  describe("database-backups", () => {
    it("flags databases without automated backups or a final snapshot, and an in-cluster Postgres without its dump", () => {
      const msgs = databaseBackups
        .check([
          res("aws:rds/instance:Instance", { backupRetentionPeriod: 0, skipFinalSnapshot: true }),
          res("azure-native:dbforpostgresql:Server", { backup: { backupRetentionDays: 3 } }),
          res("gcp:sql/databaseInstance:DatabaseInstance", { settings: { backupConfiguration: { enabled: false } } }),
          res(k("Cluster", "postgresql.cnpg.io"), { metadata: { name: "postgres", namespace: "backbone" }, spec: {} }),
        ])
        .map((v) => v.message)
        .join("\n");
      for (const w of [/keeps no automated backups/, /skips its final snapshot/, /keeps backups for 3 days/, /automated backups off/, /Cluster backbone\/postgres has no backup/]) assert.match(msgs, w);
    });
    it("passes backups kept, and an in-cluster Postgres with the platform's nightly dump", () => {
      assert.deepEqual(
        databaseBackups.check([
          res("aws:rds/instance:Instance", { backupRetentionPeriod: 7, skipFinalSnapshot: false }),
          res("azure-native:dbforpostgresql:Server", { backup: { backupRetentionDays: 35 } }),
          res("gcp:sql/databaseInstance:DatabaseInstance", { settings: { backupConfiguration: { enabled: true } } }),
          res(k("Cluster", "postgresql.cnpg.io"), { metadata: { name: "postgres", namespace: "backbone" }, spec: {} }),
          res(k("CronJob", "batch"), { metadata: { name: "postgres-backup", namespace: "egov" }, spec: {} }),
        ]),
        [],
      );
    });
  });

  describe("stateful-protected: retainOnDelete, as resources.json records it", () => {
    const pvc = (extra: Record<string, unknown>) =>
      fromPlanEntry({ urn: "urn:x", type: k("PersistentVolumeClaim"), name: "c", parent: null, dependsOn: [], provider: null, protect: true, inputs: { metadata: { name: "data", namespace: "backbone" } }, ...extra } as any);
    it("flags data held without retainOnDelete", () => {
      assert.match(statefulProtected.check([pvc({ retainOnDelete: false })]).map((v) => v.message).join(), /not retained on delete/);
    });
    it("passes it retained, and a preview that does not tell", () => {
      assert.deepEqual(statefulProtected.check([pvc({ retainOnDelete: true })]), []);
      assert.deepEqual(statefulProtected.check([pvc({})]), []);
    });
  });
});
