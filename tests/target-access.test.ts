import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { awsTarget } from "../config/targets/aws";
import { azureTarget } from "../config/targets/azure";
import { gcpTarget } from "../config/targets/gcp";
import { ConfigError } from "../config/errors";
import type { TargetContext } from "../providers/target";
import { planAws } from "../providers/aws/plan";
import { eksKubeconfig, getTokenArgs } from "../providers/aws/kubeconfig";
import { aksRbacRoles, aksServerAppId, azureNameProblems, planAzure } from "../providers/azure/plan";
import { aksKubeconfig, kubeloginArgs } from "../providers/azure/kubeconfig";
import { planGcp } from "../providers/gcp/plan";
import { errorOf, minimalValues } from "./helpers/config";
import { planAllStacks, type PlanRun } from "./helpers/plan-run";

const dev: TargetContext = { profile: "dev", protect: true, stateTenantId: "kl", domain: "digit.kerala.gov.in" };
const awsEnv = { stack: "prod", defaultRegion: "ap-south-1" };

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail("expected a ConfigError");
}

const aws = (x: Record<string, unknown> = {}) => awsTarget.parse({ kind: "aws", ...x });
const azure = (x: Record<string, unknown> = {}) => azureTarget.parse({ kind: "azure", ...x });
const gcp = (x: Record<string, unknown> = {}) => gcpTarget.parse({ kind: "gcp", ...x });

describe("cluster access: AWS access entries and get-token (pure)", () => {
  it("access entries for the roles a state names, each with its EKS access policy and scope", () => {
    const p = planAws(
      aws({
        accessEntries: [
          { principalArn: "arn:aws:iam::123456789012:role/kl-digit-ci" },
          { principalArn: "arn:aws:iam::123456789012:role/kl-support", policy: "view", namespaces: ["egov"] },
        ],
      }),
      dev,
      awsEnv,
    );
    assert.deepEqual(p.accessEntries, [
      { principalArn: "arn:aws:iam::123456789012:role/kl-digit-ci", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", scope: { type: "cluster" } },
      { principalArn: "arn:aws:iam::123456789012:role/kl-support", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", scope: { type: "namespace", namespaces: ["egov"] } },
    ]);
  });

  it("refuses an assumed-role session, a principal of another partition, a principal twice, cluster-admin on namespaces", () => {
    const withEntries = (accessEntries: unknown[]) => ({ ...minimalValues(), target: { kind: "aws", region: "ap-south-1", accessEntries } });
    assert.match(
      errorOf(withEntries([{ principalArn: "arn:aws:sts::123456789012:assumed-role/kl-admin/priya" }])),
      /digit:target\.accessEntries\[0\]\.principalArn: .*an assumed-role session, which EKS cannot grant; give the role itself: arn:aws:iam::123456789012:role\/kl-admin/,
    );
    assert.match(errorOf(withEntries([{ principalArn: "arn:aws:iam::123456789012:role/x", namespaces: ["egov"] }])), /digit:target\.accessEntries\[0\]\.namespaces: .*cluster-admin is granted on the whole cluster/);
    const msg = problems(() =>
      planAws(aws({ accessEntries: [{ principalArn: "arn:aws-cn:iam::123456789012:role/x" }, { principalArn: "arn:aws-cn:iam::123456789012:role/x" }] }), dev, awsEnv),
    );
    assert.match(msg, /digit:target\.accessEntries\[0\]\.principalArn: .*is in partition aws-cn, the region's is aws/);
    assert.match(msg, /digit:target\.accessEntries\[1\]\.principalArn: already granted by accessEntries\[0\]/);
  });

  it("get-token uses the stack's aws:profile and the role the provider assumes, as pulumi-eks does", () => {
    const p = planAws(aws(), dev, { ...awsEnv, profile: "kl-prod", roleArn: "arn:aws:iam::123456789012:role/kl-deployer" });
    assert.deepEqual(p.kubeconfigAuth, { profile: "kl-prod", roleArn: "arn:aws:iam::123456789012:role/kl-deployer" });
    const k = JSON.parse(eksKubeconfig({ clusterName: "c1", endpoint: "https://x", certificateAuthorityData: "Q0E=", region: "ap-south-1" }, p.kubeconfigAuth));
    assert.deepEqual(k.users[0].user.exec.args, [
      "eks", "get-token", "--cluster-name", "c1", "--region", "ap-south-1", "--output", "json",
      "--role-arn", "arn:aws:iam::123456789012:role/kl-deployer", "--profile", "kl-prod",
    ]);
    assert.deepEqual(getTokenArgs("c1", "ap-south-1"), ["eks", "get-token", "--cluster-name", "c1", "--region", "ap-south-1", "--output", "json"]);
    assert.deepEqual(planAws(aws(), dev, awsEnv).kubeconfigAuth, {});
  });
});

describe("cluster access: the API endpoint on all three clouds (pure)", () => {
  const openWarning = (w: string[]) => w.some((x) => /digit:target\.endpoint\.publicCidrs: .*reachable from the whole internet/.test(x));

  it("AWS: given CIDRs only, or private; 0.0.0.0/0 is warned about", () => {
    assert.ok(openWarning(planAws(aws(), dev, awsEnv).warnings));
    const narrowed = planAws(aws({ endpoint: { publicCidrs: ["203.0.113.0/24"] } }), dev, awsEnv);
    assert.deepEqual(narrowed.cluster.publicAccessCidrs, ["203.0.113.0/24"]);
    assert.deepEqual(narrowed.warnings, []);
    const priv = planAws(aws({ endpoint: { public: false } }), dev, awsEnv);
    assert.equal(priv.cluster.endpointPublicAccess, false);
    assert.equal(priv.cluster.publicAccessCidrs, undefined);
    assert.deepEqual(priv.warnings, []);
  });

  it("Azure: authorized ranges or a private cluster; open is warned about; both spellings at once refused", () => {
    assert.ok(openWarning(planAzure(azure(), dev).warnings));
    const narrowed = planAzure(azure({ endpoint: { publicCidrs: ["203.0.113.0/24"] } }), dev);
    assert.deepEqual(narrowed.cluster.apiServerAuthorizedIpRanges, ["203.0.113.0/24"]);
    assert.equal(narrowed.cluster.privateCluster, false);
    assert.deepEqual(planAzure(azure({ apiServerAuthorizedIpRanges: ["203.0.113.0/24"] }), dev).cluster.apiServerAuthorizedIpRanges, ["203.0.113.0/24"]);
    const priv = planAzure(azure({ endpoint: { public: false } }), dev);
    assert.equal(priv.cluster.privateCluster, true);
    assert.deepEqual(priv.warnings, []);
    assert.match(problems(() => planAzure(azure({ endpoint: { publicCidrs: ["203.0.113.0/24"] }, apiServerAuthorizedIpRanges: ["203.0.113.0/24"] }), dev)), /digit:target\.apiServerAuthorizedIpRanges: also given as endpoint\.publicCidrs/);
  });

  it("GCP: authorized networks or a private endpoint; open is warned about", () => {
    const env = { project: "kl-digit-prod" };
    assert.ok(openWarning(planGcp(gcp(), dev, env).warnings));
    assert.deepEqual(planGcp(gcp({ endpoint: { publicCidrs: ["203.0.113.0/24"] } }), dev, env).cluster.authorizedNetworks, ["203.0.113.0/24"]);
    const priv = planGcp(gcp({ endpoint: { public: false } }), dev, env);
    assert.equal(priv.cluster.privateEndpoint, true);
    assert.deepEqual(priv.warnings, []);
  });
});

describe("cluster access: Azure Entra ID and kubelogin (pure)", () => {
  it("local accounts off by default, break-glass on request; whoever deploys and the named admins get Azure RBAC roles", () => {
    const p = planAzure(azure(), dev);
    assert.equal(p.access.localAccounts, false);
    assert.deepEqual(p.access.roleAssignments, [{ principalId: "deployer", roleGuid: aksRbacRoles["cluster-admin"] }]);
    const q = planAzure(
      azure({ access: { localAccounts: true, admins: [{ principalId: "5b1e7c2a-0d3f-4e8a-9c61-2f4a7b9d0e13", principalType: "Group", role: "admin" }] } }),
      dev,
    );
    assert.equal(q.access.localAccounts, true);
    assert.deepEqual(q.access.roleAssignments[1], { principalId: "5b1e7c2a-0d3f-4e8a-9c61-2f4a7b9d0e13", principalType: "Group", roleGuid: "3498e952-d568-435e-9b2c-8d77e338d7f7" });
  });

  it("kubelogin's arguments per login mode, as its converter writes them; no secret among them", () => {
    assert.deepEqual(kubeloginArgs({ login: "azurecli" }), ["get-token", "--login", "azurecli", "--server-id", aksServerAppId]);
    assert.deepEqual(kubeloginArgs({ login: "spn", clientId: "c", tenantId: "t" }), ["get-token", "--login", "spn", "--server-id", aksServerAppId, "--client-id", "c", "--tenant-id", "t"]);
    assert.deepEqual(kubeloginArgs({ login: "msi", clientId: "c" }), ["get-token", "--login", "msi", "--server-id", aksServerAppId, "--client-id", "c"]);
    assert.equal(aksServerAppId, "6dae42f8-4368-4678-94ff-3960e28e3630");
    assert.match(errorOf({ ...minimalValues(), target: { kind: "azure", access: { kubelogin: { login: "spn" } } } }), /digit:target\.access\.kubelogin\.clientId: .*login spn needs clientId and tenantId/);
  });

  it("AKS's kubeconfig keeps its server and CA; users sign in with kubelogin (a cluster without Entra ID keeps its own)", () => {
    const fromAks = YAML.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "aks", cluster: { server: "https://aks.privatelink.centralindia.azmk8s.io:443", "certificate-authority-data": "Q0E=" } }],
      users: [{ name: "clusterUser", user: { exec: { command: "kubelogin", args: ["get-token", "--login", "devicecode"] } } }],
    });
    const k = YAML.parse(aksKubeconfig(fromAks, { login: "workloadidentity" }, true));
    assert.equal(k.clusters[0].cluster.server, "https://aks.privatelink.centralindia.azmk8s.io:443");
    assert.deepEqual(k.users[0].user.exec.args, ["get-token", "--login", "workloadidentity", "--server-id", aksServerAppId]);
    assert.equal(k.users[0].user.exec.interactiveMode, "Never");
    assert.equal(aksKubeconfig(fromAks, { login: "azurecli" }, false), fromAks);
  });
});

describe("cluster access: names the clouds would refuse fail in the plan (pure)", () => {
  it("Azure: the DNS prefix takes 54 characters, AKS names 63, VNets 64", () => {
    assert.match(azureNameProblems("a".repeat(55), true).join("\n"), /digit:target\.name: "a{55}" is the AKS DNS prefix, which takes 1-54 letters, digits and hyphens/);
    assert.match(azureNameProblems("a-", true).join("\n"), /AKS DNS prefix/, "must end with a letter or digit");
    assert.deepEqual(azureNameProblems("a".repeat(54), true), []);
    assert.match(azureNameProblems("a".repeat(61), true).join("\n"), /aks-a{61} would have 65 characters; Azure allows 63/);
    assert.match(problems(() => planAzure(azure({ name: "x".repeat(60) }), dev)), /digit:target\.name: .*AKS DNS prefix/);
  });

  it("AWS and GCP: the names their APIs refuse", () => {
    assert.match(problems(() => planAws(aws({ name: "a".repeat(28) }), dev, awsEnv)), /digit:target\.name: .*at most 27 characters/);
    assert.match(problems(() => planGcp(gcp({ name: "a".repeat(41) }), dev, { project: "kl-digit-prod" })), /digit:target\.name: .*at most 40 lower-case letters/);
    assert.match(errorOf({ ...minimalValues(), target: { kind: "aws", region: "ap-south-1", existingCluster: { name: "-bad" } } }), /digit:target\.existingCluster\.name: .*expected an EKS cluster name: 1-100/);
    assert.match(errorOf({ ...minimalValues(), target: { kind: "gcp", existingCluster: { name: "Bad_Name", location: "asia-south1" } } }), /digit:target\.existingCluster\.name: .*expected a GKE cluster name/);
  });
});

describe("existing clusters: what a cluster the target does not create refuses (pure)", () => {
  it("AWS, Azure and GCP refuse settings that only apply to a cluster the target creates, naming the key", () => {
    assert.match(problems(() => planAws(aws({ existingCluster: { name: "kl-platform" }, vpcCidr: "10.9.0.0/16", nodes: { min: 3 } }), dev, awsEnv)), /digit:target\.vpcCidr: applies to a cluster the target creates, not to existingCluster kl-platform/);
    const az = problems(() => planAzure(azure({ existingCluster: { name: "aks", resourceGroupName: "rg" }, zones: ["1"] }), dev));
    assert.match(az, /digit:target\.zones: applies to a cluster the target creates/);
    assert.match(az, /digit:target\.existingCluster\.network: the managed PostgreSQL server joins the cluster's VNet/);
    const g = problems(() => planGcp(gcp({ existingCluster: { name: "kl", location: "us-east1" }, podsCidr: "10.16.0.0/14" }), dev, { project: "kl-digit-prod" }));
    assert.match(g, /digit:target\.podsCidr: applies to a cluster the target creates/);
    assert.match(g, /digit:target\.existingCluster\.location: "us-east1" is not in region asia-south1/);
    assert.match(g, /digit:target\.existingCluster\.network: Cloud SQL's private IP joins the cluster's VPC/);
  });
});

describe("existing clusters through the real program (offline plans of examples/stacks)", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });
  const resources = (stack: string) => {
    const r = runs.get(path.join("examples", "stacks", stack))!;
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(fs.readFileSync(path.join(r.out!, "resources.json"), "utf8")) as Array<{ type: string; name: string; inputs: any }>;
  };
  const types = (rs: Array<{ type: string }>) => new Set(rs.map((r) => r.type));

  it("AWS: no VPC, cluster or nodes; RDS in the cluster's subnets, the bucket and its IRSA role, digit-gp3, access entries", () => {
    const rs = resources("Pulumi.aws-existing.yaml");
    const t = types(rs);
    for (const absent of ["aws:ec2/vpc:Vpc", "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:eks/addon:Addon", "aws:iam/openIdConnectProvider:OpenIdConnectProvider"]) assert.ok(!t.has(absent), absent);
    for (const present of ["aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "aws:iam/role:Role", "aws:eks/accessEntry:AccessEntry"]) assert.ok(t.has(present), present);
    const subnets = rs.find((r) => r.type === "aws:rds/subnetGroup:SubnetGroup")!.inputs.subnetIds;
    assert.deepEqual(subnets, ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]);
    const trust = JSON.parse(rs.find((r) => r.name === "digit-filestore-role")!.inputs.assumeRolePolicy);
    assert.match(trust.Statement[0].Principal.Federated, /^arn:aws:iam::[0-9]{12}:oidc-provider\/oidc\.eks\.ap-south-1\.amazonaws\.com\/id\//);
    const sc = rs.find((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass")!.inputs;
    assert.equal(sc.metadata.name, "digit-gp3");
    assert.equal(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "false");
    const ep = rs.find((r) => r.type.endsWith(":EnvoyProxy"))!.inputs.spec.provider.kubernetes.envoyService;
    assert.equal(ep.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], "true");
    assert.equal(ep.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internal");
  });

  it("Azure: no VNet or AKS; a delegated subnet in the cluster's VNet, Flexible Server, storage account, identity, RBAC for the state's admins", () => {
    const rs = resources("Pulumi.azure-existing.yaml");
    const t = types(rs);
    for (const absent of ["azure-native:network:VirtualNetwork", "azure-native:containerservice:ManagedCluster", "azure-native:containerservice:AgentPool"]) assert.ok(!t.has(absent), absent);
    for (const present of ["azure-native:dbforpostgresql:Server", "azure-native:storage:StorageAccount", "azure-native:managedidentity:FederatedIdentityCredential"]) assert.ok(t.has(present), present);
    const subnet = rs.find((r) => r.type === "azure-native:network:Subnet")!.inputs;
    assert.deepEqual([subnet.resourceGroupName, subnet.virtualNetworkName, subnet.addressPrefix], ["rg-kl-platform", "vnet-kl-platform", "10.30.250.0/24"]);
    const fed = rs.find((r) => r.type === "azure-native:managedidentity:FederatedIdentityCredential")!.inputs;
    assert.match(fed.issuer, /aks-kl-platform/);
    const rbac = rs.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.includes("aks-rbac"));
    assert.deepEqual(rbac.map((r) => r.inputs.principalId), ["5b1e7c2a-0d3f-4e8a-9c61-2f4a7b9d0e13"], "the state's admins only: the deployer has access already");
  });

  it("GCP: no VPC, GKE or node pool; Cloud SQL on the cluster's VPC through its existing private service access, the bucket and its Workload Identity binding", () => {
    const rs = resources("Pulumi.gcp-existing.yaml");
    const t = types(rs);
    for (const absent of ["gcp:compute/network:Network", "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:servicenetworking/connection:Connection"]) assert.ok(!t.has(absent), absent);
    const sql = rs.find((r) => r.type === "gcp:sql/databaseInstance:DatabaseInstance")!.inputs;
    assert.equal(sql.settings.ipConfiguration.privateNetwork, "projects/kl-digit-prod/global/networks/kl-shared-vpc");
    const wi = rs.find((r) => r.type === "gcp:serviceaccount/iAMMember:IAMMember")!.inputs;
    assert.equal(wi.member, "serviceAccount:kl-digit-prod.svc.id.goog[egov/egov-filestore]");
    assert.ok(!rs.some((r) => r.type === "gcp:projects/service:Service" && r.inputs.service === "container.googleapis.com"));
  });
});
