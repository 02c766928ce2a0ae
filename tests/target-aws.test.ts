import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { awsTarget, AwsTargetConfig } from "../config/targets/aws";
import { parseDigitConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import type { TargetContext } from "../providers/target";
import { planAws, defaultBaseName, isArmInstanceType, nlbAnnotations } from "../providers/aws/plan";
import { allocatablePerNode, reservedCpuMillis, reservedMemoryMiB } from "../providers/aws/capacity";
import { formatCidr, overlaps, parseCidr, subnet } from "../providers/aws/cidr";
import { filestorePolicy, irsaTrustPolicy, tlsOnlyBucketPolicy } from "../providers/aws/policies";
import { eksKubeconfig } from "../providers/aws/kubeconfig";
import { inTreeAnnotations } from "../providers/aws/annotations";
import { catalogModuleNames } from "../components/services/catalog";

const root = path.resolve(__dirname, "..");
const dev: TargetContext = { profile: "dev", protect: true, stateTenantId: "pb", domain: "digit.punjab.gov.in" };
const ha: TargetContext = { ...dev, profile: "ha" };
const env = { stack: "prod", defaultRegion: "ap-south-1" };

function cfg(extra: Record<string, unknown> = {}): AwsTargetConfig {
  return awsTarget.parse({ kind: "aws", ...extra });
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected a ConfigError");
}

describe("aws target: plan (pure)", () => {
  it("dev defaults: three zones of the region, 2 x m6i.xlarge, single NAT, single-AZ RDS 15", () => {
    const p = planAws(cfg(), dev, env);
    assert.equal(p.region, "ap-south-1");
    assert.equal(p.baseName, "digit-pb-prod");
    assert.deepEqual(
      p.network.zones.map((z) => [z.name, z.privateCidr, z.publicCidr]),
      [
        ["ap-south-1a", "10.0.0.0/18", "10.0.192.0/22"],
        ["ap-south-1b", "10.0.64.0/18", "10.0.196.0/22"],
        ["ap-south-1c", "10.0.128.0/18", "10.0.200.0/22"],
      ],
    );
    assert.equal(p.network.natGateways, "single");
    assert.equal(p.cluster.serviceCidr, "172.20.0.0/16");
    assert.deepEqual(p.nodes, { instanceType: "m6i.xlarge", min: 2, desired: 2, max: 4, diskGb: 100, amiType: "AL2023_x86_64_STANDARD" });
    assert.equal(p.database.mode, "managed");
    if (p.database.mode !== "managed") return;
    assert.equal(p.database.engineVersion, "15");
    assert.equal(p.database.family, "postgres15");
    assert.equal(p.database.multiAz, false);
    assert.equal(p.database.backupRetentionDays, 7);
    assert.equal(p.database.deletionProtection, true);
    assert.equal(p.database.skipFinalSnapshot, false);
    assert.equal(p.database.finalSnapshotIdentifier, "digit-pb-prod-postgres-final");
    assert.deepEqual(p.database.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }]);
    assert.deepEqual(p.tags, { project: "digit", "state-tenant-id": "pb", stack: "prod", "managed-by": "pulumi" });
    assert.equal(p.cluster.endpointPublicAccess, true);
    assert.deepEqual(p.cluster.publicAccessCidrs, ["0.0.0.0/0"]);
    assert.deepEqual(p.cluster.logTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  it("ha: 3+ nodes over 3 zones, NAT per zone, Multi-AZ RDS, longer backups", () => {
    const p = planAws(cfg(), ha, env);
    assert.equal(p.network.zones.length, 3);
    assert.equal(p.network.natGateways, "per-zone");
    assert.ok(p.nodes.min >= 3 && p.nodes.desired >= 3);
    assert.equal(p.database.mode === "managed" && p.database.multiAz, true);
    assert.equal(p.database.mode === "managed" && p.database.backupRetentionDays, 14);
  });

  it("takes engine version, sizes, retention and bucket settings from config", () => {
    const p = planAws(
      cfg({
        database: { version: "16.4", instanceClass: "db.r6g.large", storageGb: 300, backupRetentionDays: 35 },
        nodes: { instanceType: "r6i.xlarge", desired: 5, max: 6 },
        objectStore: { bucket: "pb-filestore", encryption: "aes256" },
        natGateways: "per-zone",
      }),
      dev,
      env,
    );
    assert.ok(p.database.mode === "managed");
    assert.equal(p.database.engineVersion, "16.4");
    assert.equal(p.database.family, "postgres16");
    assert.equal(p.database.instanceClass, "db.r6g.large");
    assert.equal(p.database.allocatedStorageGb, 300);
    assert.equal(p.database.backupRetentionDays, 35);
    assert.deepEqual([p.nodes.min, p.nodes.desired, p.nodes.max], [2, 5, 6]);
    assert.equal(p.network.natGateways, "per-zone");
    assert.ok(p.objectStore.mode === "bucket");
    assert.equal(p.objectStore.bucket, "pb-filestore");
    assert.equal(p.objectStore.bucketPrefix, undefined);
    assert.equal(p.objectStore.encryption, "aes256");
  });

  it("in-cluster database and MinIO when asked, no managed services planned", () => {
    const p = planAws(cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" } }), dev, env);
    assert.deepEqual(p.database, { mode: "in-cluster" });
    assert.deepEqual(p.objectStore, { mode: "minio" });
  });

  it("protect=false: no deletion protection, no final snapshot, bucket may be emptied, volumes deleted", () => {
    const p = planAws(cfg(), { ...dev, protect: false }, env);
    assert.ok(p.database.mode === "managed");
    assert.equal(p.database.deletionProtection, false);
    assert.equal(p.database.skipFinalSnapshot, true);
    assert.equal(p.database.finalSnapshotIdentifier, undefined);
    assert.ok(p.objectStore.mode === "bucket" && p.objectStore.forceDestroy);
    assert.equal(p.storageClass.reclaimPolicy, "Delete");
    assert.equal(planAws(cfg(), dev, env).storageClass.reclaimPolicy, "Retain");
  });

  it("lays out smaller VPCs and moves the service range off an overlapping VPC", () => {
    const p = planAws(cfg({ vpcCidr: "172.20.64.0/18", availabilityZones: 2 }), dev, env);
    assert.deepEqual(
      p.network.zones.map((z) => [z.privateCidr, z.publicCidr]),
      [
        ["172.20.64.0/20", "172.20.112.0/24"],
        ["172.20.80.0/20", "172.20.113.0/24"],
      ],
    );
    assert.equal(p.cluster.serviceCidr, "10.100.0.0/16");
    const all = p.network.zones.flatMap((z) => [z.privateCidr, z.publicCidr]).map(parseCidr);
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) assert.ok(!overlaps(all[i], all[j]));
  });

  it("derives zone names from the region, honouring regions without a 'b' or 'c' zone", () => {
    assert.deepEqual(planAws(cfg({ region: "ap-northeast-1" }), dev, env).network.zones.map((z) => z.name), ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    assert.deepEqual(
      planAws(cfg({ region: "us-west-1", availabilityZones: ["us-west-1b", "us-west-1c"] }), dev, env).network.zones.map((z) => z.name),
      ["us-west-1b", "us-west-1c"],
    );
  });

  it("exposure: internet-facing NLB by default, user annotations win; NodePort when configured", () => {
    assert.deepEqual(planAws(cfg(), dev, env).exposure, { mode: "LoadBalancer", annotations: nlbAnnotations });
    assert.equal(nlbAnnotations["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
    const lb = planAws(cfg({ exposure: { mode: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags": "cost-centre=egov" } } }), dev, env);
    assert.ok(lb.exposure.mode === "LoadBalancer");
    assert.equal(lb.exposure.annotations["service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags"], "cost-centre=egov");
    assert.equal(lb.exposure.annotations["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
    assert.deepEqual(planAws(cfg({ exposure: { mode: "NodePort" } }), dev, env).exposure, { mode: "NodePort", httpPort: 32080, httpsPort: 32443 });
  });

  it("capacity: desired nodes x allocatable of a known type; unknown type -> undefined", () => {
    const per = allocatablePerNode("m6i.xlarge")!;
    assert.equal(per.cpuMillis, 4000 - 80);
    assert.equal(per.memoryMiB, Math.floor(16384 * 0.97 - (255 + 11 * 58 + 100)));
    assert.deepEqual(planAws(cfg(), dev, env).capacity, { nodes: 2, cpuMillis: 2 * per.cpuMillis, memoryMiB: 2 * per.memoryMiB });
    assert.equal(planAws(cfg({ nodes: { instanceType: "x9z.metal" } }), dev, env).capacity, undefined);
    assert.equal(allocatablePerNode("m6i.48xlarge"), undefined);
  });

  it("EKS reservations follow the AMI's formula", () => {
    assert.deepEqual([2, 4, 8, 16].map(reservedCpuMillis), [70, 80, 90, 110]);
    assert.equal(reservedMemoryMiB(29), 255 + 319 + 100);
    assert.equal(allocatablePerNode("m6i.4xlarge")!.memoryMiB, Math.floor(65536 * 0.97 - (255 + 1210 + 100)));
  });

  it("rejects what AWS or the profile cannot do, naming the key", () => {
    assert.match(configError(() => planAws(cfg(), dev, { stack: "prod" })), /digit:target\.region: not set, and the stack has no aws:region/);
    assert.match(configError(() => planAws(cfg({ availabilityZones: 2 }), ha, env)), /digit:target\.availabilityZones: the ha profile spreads .* over 3 zones; got 2/);
    assert.match(configError(() => planAws(cfg({ nodes: { desired: 2 } }), ha, env)), /digit:target\.nodes: the ha profile needs at least 3 nodes/);
    assert.match(configError(() => planAws(cfg({ nodes: { instanceType: "m7g.xlarge" } }), dev, env)), /m7g\.xlarge", an Arm \(Graviton\) type/);
    assert.match(configError(() => planAws(cfg({ availabilityZones: ["eu-west-1a", "ap-south-1b"] }), dev, env)), /availabilityZones\[0\]: "eu-west-1a" is not a zone of ap-south-1/);
    assert.match(configError(() => planAws(cfg({ region: "us-west-1" }), dev, env)), /zone names of us-west-1 differ between accounts/);
    assert.match(configError(() => planAws(cfg({ vpcCidr: "10.0.0.0/20" }), dev, env)), /digit:target\.vpcCidr: got "10\.0\.0\.0\/20"; expected a \/16 to \/19 block/);
    assert.match(configError(() => planAws(cfg({ exposure: { mode: "LoadBalancer", loadBalancerIP: "1.2.3.4" } }), dev, env)), /loadBalancerIP: AWS load balancers take no fixed IP/);
    assert.match(configError(() => planAws(cfg({ endpoint: { public: false, publicCidrs: ["10.0.0.0/8"] } }), dev, env)), /endpoint\.publicCidrs: given while endpoint\.public is false/);
    assert.match(configError(() => planAws(cfg({ name: "a-very-long-name-for-a-target-cluster" }), dev, env)), /digit:target\.name: .* at most 27 characters/);
    // several problems are reported together
    const many = configError(() => planAws(cfg({ nodes: { instanceType: "t4g.large" }, vpcCidr: "10.0.0.0/24" }), dev, env));
    assert.match(many, /2 problems/);
  });

  it("default base name is a valid AWS name for odd stack names", () => {
    assert.equal(defaultBaseName("pb", "Prod.Mumbai_2"), "digit-pb-prod-mumbai-2");
    assert.ok(defaultBaseName("pb", "a-really-long-stack-name-for-testing").length <= 27);
    assert.doesNotMatch(defaultBaseName("pb", "a-really-long-stack-name-for-testing"), /-$/);
  });

  it("tells Arm (Graviton) instance types from x86 ones", () => {
    for (const t of ["m6g.xlarge", "c7gn.large", "r8g.2xlarge", "t4g.medium", "x2gd.xlarge", "g5g.xlarge"]) assert.ok(isArmInstanceType(t), t);
    for (const t of ["m6i.xlarge", "m5dn.large", "g5.xlarge", "m7i-flex.large", "c6a.large", "inf2.xlarge"]) assert.ok(!isArmInstanceType(t), t);
  });

  it("CIDR arithmetic", () => {
    assert.equal(formatCidr(subnet(parseCidr("10.0.0.0/16"), 18, 3)), "10.0.192.0/18");
    assert.equal(formatCidr(subnet(parseCidr("192.168.0.0/19"), 25, 2)), "192.168.1.0/25");
    assert.throws(() => subnet(parseCidr("10.0.0.0/16"), 18, 4), /holds 4 blocks of \/18; index 4 is outside/);
    assert.ok(overlaps(parseCidr("10.0.0.0/8"), parseCidr("10.100.0.0/16")));
    assert.ok(!overlaps(parseCidr("10.0.0.0/16"), parseCidr("10.1.0.0/16")));
  });

  it("IAM documents: IRSA trust names the one service account; filestore policy is scoped to its bucket", () => {
    const t = irsaTrustPolicy("arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-south-1.amazonaws.com/id/ABC", "https://oidc.eks.ap-south-1.amazonaws.com/id/ABC", "egov", "egov-filestore");
    assert.deepEqual(t.Statement[0].Condition, {
      StringEquals: {
        "oidc.eks.ap-south-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:egov:egov-filestore",
        "oidc.eks.ap-south-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
      },
    });
    const f = filestorePolicy("arn:aws:s3:::b", "arn:aws:kms:ap-south-1:123456789012:key/k");
    assert.deepEqual(f.Statement.map((s) => s.Resource), ["arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:kms:ap-south-1:123456789012:key/k"]);
    assert.ok(!JSON.stringify(f).includes('"*"'), "no wildcard resource or action");
    assert.equal(filestorePolicy("arn:aws:s3:::b").Statement.length, 2);
    assert.deepEqual(tlsOnlyBucketPolicy("arn:aws:s3:::b").Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
  });

  it("kubeconfig authenticates with `aws eks get-token` for the cluster and region", () => {
    const k = JSON.parse(eksKubeconfig({ clusterName: "c1", endpoint: "https://x.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "ap-south-1" }));
    assert.equal(k["current-context"], "c1");
    assert.equal(k.clusters[0].cluster["certificate-authority-data"], "Q0E=");
    assert.deepEqual(k.users[0].user.exec.args, ["eks", "get-token", "--cluster-name", "c1", "--region", "ap-south-1", "--output", "json"]);
    assert.equal(k.users[0].user.exec.command, "aws");
  });
});

describe("aws target: load balancer annotations against cloud-provider-aws", () => {
  const vendored = fs.readFileSync(path.join(root, "vendor/cloud-provider-aws/service-annotations.txt"), "utf8").split("\n").filter(Boolean);

  it("the list of annotations EKS's built-in controller reads is the vendored one", () => {
    assert.deepEqual([...inTreeAnnotations].sort(), vendored);
  });

  it("an internal scheme gives an internal NLB for both controllers; every annotation but the scheme is one the built-in controller reads", () => {
    const internal = planAws(cfg({ exposure: { mode: "LoadBalancer", internal: true } }), dev, env).exposure;
    assert.ok(internal.mode === "LoadBalancer");
    assert.equal(internal.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], "true");
    assert.equal(internal.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"], "internal");
    assert.equal(internal.annotations["service.beta.kubernetes.io/aws-load-balancer-type"], "nlb");
    const external = planAws(cfg(), dev, env).exposure;
    assert.ok(external.mode === "LoadBalancer");
    assert.equal(external.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], undefined);
    for (const a of [internal, external])
      for (const k of Object.keys(a.annotations)) assert.ok(vendored.includes(k) || k === "service.beta.kubernetes.io/aws-load-balancer-scheme", k);
  });

  it("refuses a scheme set by annotation, annotations only the AWS Load Balancer Controller reads, and PROXY protocol", () => {
    const msg = configError(() =>
      planAws(
        cfg({
          exposure: {
            mode: "LoadBalancer",
            clientIp: { mode: "proxy-protocol" },
            annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal", "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" },
          },
        }),
        dev,
        env,
      ),
    );
    assert.match(msg, /digit:target\.exposure\.annotations\["service\.beta\.kubernetes\.io\/aws-load-balancer-scheme"\]: set digit:target\.exposure\.internal/);
    assert.match(msg, /aws-load-balancer-nlb-target-type"\]: only the AWS Load Balancer Controller reads this annotation/);
    assert.match(msg, /digit:target\.exposure\.clientIp\.mode: proxy-protocol needs EKS's built-in controller at cloud-provider-aws v1\.33\.3/);
    // with that controller named, its annotations are the state's business
    const lbc = planAws(cfg({ exposure: { mode: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" } } }), dev, env).exposure;
    assert.ok(lbc.mode === "LoadBalancer" && lbc.annotations["service.beta.kubernetes.io/aws-load-balancer-type"] === "external");
  });
});

describe("aws target: config schema", () => {
  const base = { domain: "digit.punjab.gov.in", stateTenantId: "pb" };
  const problem = (target: Record<string, unknown>) => configError(() => parseDigitConfig({ values: { ...base, target: { kind: "aws", ...target } } }));

  it("rejects bad AWS values with the key, the value given and what is allowed", () => {
    assert.match(problem({ database: { version: "13" } }), /digit:target\.database\.version: got "13"; expected a PostgreSQL major 14, 15 or 16/);
    assert.match(problem({ vpcCidr: "10.0.0.1/16" }), /digit:target\.vpcCidr: got "10\.0\.0\.1\/16"; the address has host bits set/);
    assert.match(problem({ availabilityZones: 4 }), /digit:target\.availabilityZones: got 4; expected at most 3/);
    assert.match(problem({ availabilityZones: ["ap-south-1a", "mumbai"] }), /digit:target\.availabilityZones\[1\]: got "mumbai"; expected an availability zone name/);
    assert.match(problem({ objectStore: { mode: "gcs" } }), /digit:target\.objectStore\.mode: got "gcs"; allowed: bucket \| minio/);
    assert.match(problem({ objectStore: { encryption: "none" } }), /digit:target\.objectStore\.encryption: got "none"; allowed: kms \| aes256/);
    assert.match(problem({ region: "Mumbai" }), /digit:target\.region: got "Mumbai"; expected an AWS region such as ap-south-1/);
    assert.match(problem({ database: { instanceClass: "m6g.large" } }), /digit:target\.database\.instanceClass: got "m6g\.large"; expected an RDS instance class/);
    assert.match(problem({ endpoint: { publicCidrs: ["everyone"] } }), /digit:target\.endpoint\.publicCidrs\[0\]: got "everyone"/);
    assert.match(problem({ natGateway: "single" }), /digit:target\.natGateway: unknown key \(did you mean "natGateways"\?\)/);
    assert.match(problem({ nodes: { min: 5, max: 3 } }), /digit:target\.nodes: min \(5\) is larger than max \(3\)/);
  });

  it("fills defaults: managed database, KMS-encrypted bucket", () => {
    const c = parseDigitConfig({ values: { ...base, target: { kind: "aws", database: {}, objectStore: {} } } }).target;
    assert.ok(c.kind === "aws");
    assert.equal(c.database?.mode, "managed");
    assert.deepEqual(c.objectStore, { mode: "bucket", encryption: "kms" });
  });
});

describe("aws target: example stack examples/stacks/Pulumi.aws.yaml", () => {
  it("validates with parseDigitConfig and plans an ha production target", () => {
    const doc = parseYaml(fs.readFileSync(path.join(root, "examples/stacks/Pulumi.aws.yaml"), "utf8"));
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc.config as Record<string, unknown>)) if (k.startsWith("digit:")) values[k.slice("digit:".length)] = v;
    const c = parseDigitConfig({ values });
    assert.equal(c.target.kind, "aws");
    assert.equal(c.profile, "ha");
    assert.deepEqual(c.modules, catalogModuleNames(), "a production stack deploys every module");
    assert.ok(c.target.kind === "aws");
    assert.equal(c.target.region, "ap-south-1");
    const p = planAws(c.target, { profile: c.profile, protect: c.backbone.protect, stateTenantId: c.stateTenantId, domain: c.domain }, { stack: "pb-prod" });
    assert.equal(p.network.zones.length, 3);
    assert.ok(p.database.mode === "managed" && p.database.multiAz);
    assert.ok(p.capacity && p.capacity.nodes === c.target.nodes?.desired, "the capacity check counts the desired nodes");
  });
});

// ---------------------------------------------------------------------------------------------
// Component under Pulumi's mock engine.

interface Registered {
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  protect: boolean;
  retainOnDelete: boolean;
  /** inputs as sent to the engine: secrets still carry Pulumi's secret signature */
  raw: Record<string, any>;
  inputs: Record<string, any>;
}

const secretSig = "4dabf18193072939515e22adb298388d";
const account = "123456789012";
const records: Registered[] = [];
const invokes: string[] = [];

function mockState(type: string, name: string, inputs: any): { id: string; state: any } {
  const region = inputs.region ?? "ap-south-1";
  switch (type) {
    case "aws:ec2/vpc:Vpc":
      return { id: "vpc-0a1b2c3d4e5f60718", state: { ...inputs, arn: `arn:aws:ec2:${region}:${account}:vpc/vpc-0a1b2c3d4e5f60718` } };
    case "aws:ec2/subnet:Subnet":
      return { id: `subnet-${name}`, state: inputs };
    case "aws:kms/key:Key":
      return { id: "1234abcd-12ab-34cd-56ef-1234567890ab", state: { ...inputs, keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", arn: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } };
    case "aws:iam/role:Role":
      return { id: name, state: { ...inputs, name, arn: `arn:aws:iam::${account}:role/${name}` } };
    case "aws:eks/cluster:Cluster":
      return {
        id: inputs.name,
        state: {
          ...inputs,
          arn: `arn:aws:eks:${region}:${account}:cluster/${inputs.name}`,
          endpoint: `https://0123456789ABCDEF.gr7.${region}.eks.amazonaws.com`,
          certificateAuthority: { data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/0123456789ABCDEF` }] }],
          vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: "sg-0c1u2s3t4e5r6sg00", vpcId: "vpc-0a1b2c3d4e5f60718" },
        },
      };
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return { id: name, state: { ...inputs, arn: `arn:aws:iam::${account}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/0123456789ABCDEF` } };
    case "aws:rds/instance:Instance": {
      const address = `${inputs.identifier}.c9akciq32.${region}.rds.amazonaws.com`;
      return { id: inputs.identifier, state: { ...inputs, address, endpoint: `${address}:5432`, arn: `arn:aws:rds:${region}:${account}:db:${inputs.identifier}` } };
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = inputs.bucket ?? `${inputs.bucketPrefix}20250101000000000000000001`;
      return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}` } };
    }
    case "random:index/randomPassword:RandomPassword":
      return { id: name, state: { ...inputs, result: "Zq8mX2vLr4Tn6Wp0Yb3Kc7Hd9Fg1Js5A" } };
    default:
      return { id: `${name}-id`, state: inputs };
  }
}

async function settle(): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 10));
    if (records.length === last) stable++;
    else [last, stable] = [records.length, 0];
  }
}

function value<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

async function isSecret(o: pulumi.Input<unknown>): Promise<boolean> {
  return pulumi.isSecret(pulumi.output(o) as pulumi.Output<unknown>);
}

/** The resources registered under one target (their names start with the target's name). */
function under(prefix: string, type?: string): Registered[] {
  return records.filter((r) => r.name.startsWith(`${prefix}-`) && (!type || r.type === type));
}

function one(prefix: string, type: string): Registered {
  const found = under(prefix, type);
  assert.equal(found.length, 1, `expected one ${type} under ${prefix}, found ${found.length}`);
  return found[0];
}

describe("aws target: AwsTarget under mocks", function () {
  this.timeout(120000);
  /** the program has no aws:region under mocks: the config names the region */
  const cfg = (extra: Record<string, unknown> = {}) => awsTarget.parse({ kind: "aws", region: "ap-south-1", ...extra });
  let createTarget: typeof import("../providers/aws").createTarget;
  type AwsTarget = import("../providers/aws").AwsTarget;

  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => mockState(args.type, args.name, args.inputs),
        call: (args) => {
          invokes.push(args.token);
          return {};
        },
      },
      "digit",
      "prod",
      true,
    );
    const monitor: any = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
      const raw = req.getObject()?.toJavaScript() ?? {};
      records.push({
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        protect: !!req.getProtect(),
        retainOnDelete: !!req.getRetainondelete(),
        raw,
        inputs: unwrapSecrets(raw),
      });
      return register(req, cb);
    };
    createTarget = require("../providers/aws").createTarget;
  });

  function unwrapSecrets(v: any): any {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") {
      if (v[secretSig] !== undefined) return unwrapSecrets(v.value);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
  }

  it("dev: registers the network, EKS, RDS and bucket with their security-relevant fields", async () => {
    const t = createTarget("awsdev", cfg(), dev) as AwsTarget;
    await value(t.objectStore.mode === "s3" ? t.objectStore.bucket : "");
    await settle();

    const component = records.find((r) => r.name === "awsdev" && r.type === "digit:aws:Target");
    assert.ok(component, "the component registers as digit:aws:Target");

    // Network: 3 private + 3 public subnets, one NAT in dev.
    assert.equal(under("awsdev", "aws:ec2/subnet:Subnet").length, 6);
    assert.equal(under("awsdev", "aws:ec2/natGateway:NatGateway").length, 1);
    const privates = under("awsdev", "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
    assert.deepEqual(privates.map((s) => s.inputs.availabilityZone), ["ap-south-1a", "ap-south-1b", "ap-south-1c"]);
    assert.ok(privates.every((s) => s.inputs.mapPublicIpOnLaunch !== true));

    // EKS: private endpoint, secrets encrypted with the KMS key, all control-plane logs.
    const cluster = one("awsdev", "aws:eks/cluster:Cluster").inputs;
    assert.equal(cluster.name, "digit-pb-prod");
    assert.equal(cluster.vpcConfig.endpointPrivateAccess, true);
    assert.deepEqual(cluster.vpcConfig.subnetIds, ["subnet-awsdev-private-1", "subnet-awsdev-private-2", "subnet-awsdev-private-3"]);
    assert.deepEqual(cluster.encryptionConfig, { provider: { keyArn: `arn:aws:kms:ap-south-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }, resources: ["secrets"] });
    assert.equal(cluster.enabledClusterLogTypes.length, 5);
    const oidc = one("awsdev", "aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs;
    assert.equal(oidc.url, "https://oidc.eks.ap-south-1.amazonaws.com/id/0123456789ABCDEF");
    assert.deepEqual(oidc.clientIdLists, ["sts.amazonaws.com"]);
    const ng = one("awsdev", "aws:eks/nodeGroup:NodeGroup").inputs;
    assert.deepEqual(ng.instanceTypes, ["m6i.xlarge"]);
    assert.deepEqual(ng.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 4 });
    // Node metadata: IMDSv2 only, one hop, so a pod (one hop further) cannot reach the node's role.
    const lt = one("awsdev", "aws:ec2/launchTemplate:LaunchTemplate").inputs;
    assert.deepEqual(lt.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
    assert.deepEqual(lt.blockDeviceMappings, [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }]);
    assert.ok(String(ng.launchTemplate.id).startsWith("awsdev-nodes"), "the node group launches from it");
    assert.equal(ng.diskSize, undefined, "the disk is the launch template's (EKS refuses both)");
    const addons = records.filter((r) => r.name.startsWith("awsdev") && r.type === "aws:eks/addon:Addon").map((r) => r.inputs);
    assert.deepEqual(addons.map((a) => a.addonName).sort(), ["aws-ebs-csi-driver", "vpc-cni"]);
    const addon = addons.find((a) => a.addonName === "aws-ebs-csi-driver")!;
    // NetworkPolicies are enforced on EKS only with the VPC CNI's policy agent on
    assert.deepEqual(JSON.parse(addons.find((a) => a.addonName === "vpc-cni")!.configurationValues), { enableNetworkPolicy: "true" });
    assert.equal(addon.serviceAccountRoleArn, `arn:aws:iam::${account}:role/awsdev-ebs-csi-role`);
    const ebsTrust = JSON.parse(records.find((r) => r.name === "awsdev-ebs-csi-role")!.inputs.assumeRolePolicy);
    assert.equal(ebsTrust.Statement[0].Condition.StringEquals["oidc.eks.ap-south-1.amazonaws.com/id/0123456789ABCDEF:sub"], "system:serviceaccount:kube-system:ebs-csi-controller-sa");

    // RDS: private, encrypted, backed up, deletion-protected, single-AZ in dev, TLS forced.
    const db = one("awsdev", "aws:rds/instance:Instance");
    assert.equal(db.inputs.publiclyAccessible, false);
    assert.equal(db.inputs.storageEncrypted, true);
    assert.equal(db.inputs.kmsKeyId, `arn:aws:kms:ap-south-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    assert.equal(db.inputs.backupRetentionPeriod, 7);
    assert.equal(db.inputs.deletionProtection, true);
    assert.equal(db.inputs.multiAz, false);
    assert.equal(db.inputs.engine, "postgres");
    assert.equal(db.inputs.engineVersion, "15");
    assert.ok(db.raw.password[secretSig], "the master password reaches the engine as a secret");
    assert.ok(db.protect && db.retainOnDelete, "RDS is protected and retained");
    const params = one("awsdev", "aws:rds/parameterGroup:ParameterGroup").inputs;
    assert.equal(params.family, "postgres15");
    assert.deepEqual(params.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }]);
    const subnets = one("awsdev", "aws:rds/subnetGroup:SubnetGroup").inputs;
    assert.deepEqual(subnets.subnetIds, ["subnet-awsdev-private-1", "subnet-awsdev-private-2", "subnet-awsdev-private-3"]);
    const ingress = under("awsdev", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.equal(ingress.length, 1, "the database admits exactly one source");
    assert.deepEqual(
      [ingress[0].inputs.referencedSecurityGroupId, ingress[0].inputs.fromPort, ingress[0].inputs.toPort, ingress[0].inputs.cidrIpv4],
      ["sg-0c1u2s3t4e5r6sg00", 5432, 5432, undefined],
    );

    // Bucket: private, encrypted with the key, versioned, owner-enforced, TLS only.
    const bucket = one("awsdev", "aws:s3/bucket:Bucket");
    assert.equal(bucket.inputs.bucketPrefix, "digit-pb-prod-filestore-");
    assert.ok(bucket.protect && bucket.retainOnDelete);
    assert.deepEqual(
      (({ blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets }) => ({ blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets }))(
        one("awsdev", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs,
      ),
      { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    );
    const sse = one("awsdev", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs;
    assert.deepEqual(sse.rules[0].applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:ap-south-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab` });
    assert.equal(one("awsdev", "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
    assert.equal(one("awsdev", "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership, "BucketOwnerEnforced");

    // Filestore IRSA: trust names egov/egov-filestore only; policy limited to the bucket and key.
    const fsRole = records.find((r) => r.name === "awsdev-filestore-role")!;
    const trust = JSON.parse(fsRole.inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement[0].Principal, { Federated: `arn:aws:iam::${account}:oidc-provider/oidc.eks.ap-south-1.amazonaws.com/id/0123456789ABCDEF` });
    assert.deepEqual(trust.Statement[0].Condition.StringEquals, {
      "oidc.eks.ap-south-1.amazonaws.com/id/0123456789ABCDEF:sub": "system:serviceaccount:egov:egov-filestore",
      "oidc.eks.ap-south-1.amazonaws.com/id/0123456789ABCDEF:aud": "sts.amazonaws.com",
    });
    const access = JSON.parse(one("awsdev", "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    const bucketArn = "arn:aws:s3:::digit-pb-prod-filestore-20250101000000000000000001";
    assert.deepEqual(access.Statement.map((s: any) => s.Resource), [bucketArn, `${bucketArn}/*`, `arn:aws:kms:ap-south-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`]);

    // KMS key: rotated, protected and retained.
    const key = one("awsdev", "aws:kms/key:Key");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.ok(key.protect && key.retainOnDelete);

    // gp3 StorageClass through the target's own provider, encrypted, default.
    const sc = one("awsdev", "kubernetes:storage.k8s.io/v1:StorageClass").inputs;
    assert.equal(sc.metadata.name, "gp3");
    assert.equal(sc.provisioner, "ebs.csi.aws.com");
    assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" });
    assert.equal(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
    assert.equal(sc.metadata.labels["app.kubernetes.io/part-of"], "digit");
    assert.equal(sc.reclaimPolicy, "Retain");

    // The k8s provider's kubeconfig is secret, also as it reaches the engine.
    const k8sProvider = one("awsdev", "pulumi:providers:kubernetes");
    assert.ok(k8sProvider.raw.kubeconfig[secretSig], "kubeconfig input is a secret");
    assert.equal(await isSecret(t.kubeconfig), true);
    const kubeconfig = JSON.parse(await value(t.kubeconfig));
    assert.equal(kubeconfig.clusters[0].cluster.server, "https://0123456789ABCDEF.gr7.ap-south-1.eks.amazonaws.com");
    assert.deepEqual(kubeconfig.users[0].user.exec.args.slice(0, 4), ["eks", "get-token", "--cluster-name", "digit-pb-prod"]);

    // Every child is parented under the component; no cloud API is called while building the graph.
    assert.ok(under("awsdev").every((r) => r.parent.endsWith("digit:aws:Target::awsdev")), "children are parented to the target");
    assert.deepEqual(invokes, []);
  });

  it("dev: hands components the contract values", async () => {
    const t = createTarget("awsoffer", cfg(), dev);
    await settle();
    assert.equal(t.kind, "aws");
    assert.equal(t.name, "digit-pb-prod");
    assert.deepEqual(t.storage, { fast: "gp3", standard: "gp3", staticVolumes: {} });

    assert.ok(t.database.mode === "external");
    assert.equal(await value(t.database.host), "digit-pb-prod-postgres.c9akciq32.ap-south-1.rds.amazonaws.com");
    assert.equal(t.database.port, 5432);
    assert.equal(t.database.database, "egov");
    assert.equal(t.database.createDatabase, false);
    assert.equal(t.database.sslMode, "require");
    assert.equal(await value(t.database.username), "digitadmin");
    assert.equal(await isSecret(t.database.password), true);
    assert.equal(await value(t.database.password), "Zq8mX2vLr4Tn6Wp0Yb3Kc7Hd9Fg1Js5A");

    assert.ok(t.objectStore.mode === "s3");
    assert.equal(await value(t.objectStore.bucket), "digit-pb-prod-filestore-20250101000000000000000001");
    assert.equal(await value(t.objectStore.region!), "ap-south-1");
    assert.ok(t.objectStore.credentials.mode === "workload-identity");
    assert.equal(await value(t.objectStore.credentials.serviceAccountAnnotations["eks.amazonaws.com/role-arn"]), `arn:aws:iam::${account}:role/awsoffer-filestore-role`);

    assert.deepEqual(t.exposure, { mode: "LoadBalancer", annotations: nlbAnnotations });
    const per = allocatablePerNode("m6i.xlarge")!;
    assert.deepEqual(t.capacity, { nodes: 2, cpuMillis: 2 * per.cpuMillis, memoryMiB: 2 * per.memoryMiB });
    assert.deepEqual(
      t.readiness.map((r) => r.constructor.name),
      ["NodeGroup", "Addon", "Addon"],
    );
    assert.deepEqual(t.registry, { mirror: undefined, pullSecretName: undefined, pullSecretSource: undefined, dockerConfigJson: undefined, chartRepository: undefined });
    assert.equal(t.proxy, undefined);
  });

  it("ha: Multi-AZ database, NAT per zone, three nodes at least", async () => {
    createTarget("awsha", cfg(), ha);
    await settle();
    assert.equal(one("awsha", "aws:rds/instance:Instance").inputs.multiAz, true);
    assert.equal(one("awsha", "aws:rds/instance:Instance").inputs.backupRetentionPeriod, 14);
    assert.equal(under("awsha", "aws:ec2/natGateway:NatGateway").length, 3);
    const routes = under("awsha", "aws:ec2/route:Route").filter((r) => r.name.includes("private-default"));
    assert.deepEqual(routes.map((r) => r.inputs.natGatewayId), ["awsha-nat-1-id", "awsha-nat-2-id", "awsha-nat-3-id"]);
    const ng = one("awsha", "aws:eks/nodeGroup:NodeGroup").inputs;
    assert.equal(ng.instanceTypes[0], "m6i.2xlarge");
    assert.ok(ng.scalingConfig.minSize >= 3);
  });

  it("in-cluster database, MinIO, NodePort: no RDS, no bucket, and the offers say so", async () => {
    const t = createTarget(
      "awsmin",
      cfg({ database: { mode: "in-cluster" }, objectStore: { mode: "minio" }, exposure: { mode: "NodePort", httpPort: 30080 }, nodes: { instanceType: "z1d.large" } }),
      dev,
    );
    await settle();
    assert.equal(under("awsmin", "aws:rds/instance:Instance").length, 0);
    assert.equal(under("awsmin", "random:index/randomPassword:RandomPassword").length, 0);
    assert.equal(under("awsmin", "aws:s3/bucket:Bucket").length, 0);
    assert.equal(records.filter((r) => r.name === "awsmin-filestore-role").length, 0);
    assert.deepEqual(t.database, { mode: "in-cluster" });
    assert.deepEqual(t.objectStore, { mode: "minio" });
    assert.deepEqual(t.exposure, { mode: "NodePort", httpPort: 30080, httpsPort: 32443 });
    assert.equal(t.capacity, undefined, "z1d.large is not in the table: capacity unknown");
    // The cluster, its nodes and the storage class are still there.
    assert.equal(under("awsmin", "aws:eks/nodeGroup:NodeGroup").length, 1);
    assert.equal(under("awsmin", "kubernetes:storage.k8s.io/v1:StorageClass").length, 1);
  });

  it("protect=false: nothing protected or retained, AES256 bucket, Delete reclaim policy", async () => {
    createTarget("awsthrow", cfg({ objectStore: { encryption: "aes256" } }), { ...dev, protect: false });
    await settle();
    const stateful = ["aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "aws:kms/key:Key"].map((type) => one("awsthrow", type));
    assert.ok(stateful.every((r) => !r.protect && !r.retainOnDelete));
    assert.equal(one("awsthrow", "aws:rds/instance:Instance").inputs.deletionProtection, false);
    assert.equal(one("awsthrow", "aws:s3/bucket:Bucket").inputs.forceDestroy, true);
    const sse = one("awsthrow", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs;
    assert.deepEqual(sse.rules[0].applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
    const access = JSON.parse(one("awsthrow", "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    assert.equal(access.Statement.length, 2, "no KMS statement when S3 manages the key");
    assert.equal(one("awsthrow", "kubernetes:storage.k8s.io/v1:StorageClass").inputs.reclaimPolicy, "Delete");
  });

  it("tags every taggable AWS resource and puts it in the configured region", async () => {
    createTarget("awstags", cfg({ region: "ap-south-2", registry: { mirror: "registry.pb.gov.in/egovio" }, proxy: { http: "http://proxy.pb.gov.in:3128", noProxy: [".pb.gov.in"] } }), dev);
    await settle();
    const untaggable = new Set([
      "aws:ec2/route:Route",
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/userPolicy:UserPolicy",
      "aws:iam/accessKey:AccessKey",
      "aws:kms/alias:Alias",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketVersioning:BucketVersioning",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketPolicy:BucketPolicy",
    ]);
    const aws = under("awstags").filter((r) => r.type.startsWith("aws:"));
    assert.ok(aws.length > 40, `expected the whole AWS graph, got ${aws.length}`);
    for (const r of aws) {
      if (!r.type.startsWith("aws:iam/")) assert.equal(r.inputs.region, "ap-south-2", `${r.name} (${r.type}) is in the configured region`);
      if (untaggable.has(r.type)) continue;
      assert.deepEqual(
        { project: r.inputs.tags?.project, tenant: r.inputs.tags?.["state-tenant-id"], stack: r.inputs.tags?.stack },
        { project: "digit", tenant: "pb", stack: "prod" },
        `${r.name} (${r.type}) carries the project tags`,
      );
    }
    const zones = under("awstags", "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone);
    assert.deepEqual([...new Set(zones)], ["ap-south-2a", "ap-south-2b", "ap-south-2c"]);
  });

  it("passes the registry mirror and proxy through, keeping the VPC off the proxy", async () => {
    const t = createTarget(
      "awsproxy",
      cfg({ registry: { mirror: "registry.pb.gov.in/egovio", dockerConfigJson: "{\"auths\":{}}" }, proxy: { http: "http://proxy.pb.gov.in:3128", noProxy: [".pb.gov.in"] } }),
      dev,
    );
    await settle();
    assert.equal(t.registry.mirror, "registry.pb.gov.in/egovio");
    assert.equal(t.registry.pullSecretName, "digit-registry");
    assert.equal(await isSecret(t.registry.dockerConfigJson!), true);
    assert.ok(t.proxy);
    assert.equal(t.proxy.http, "http://proxy.pb.gov.in:3128");
    for (const host of [".pb.gov.in", "10.0.0.0/16", "172.20.0.0/16", "169.254.169.254", ".internal"]) assert.ok(t.proxy.noProxy.includes(host), host);
  });

  it("throws a ConfigError before registering anything when the config is impossible", async () => {
    const before = records.length;
    assert.throws(() => createTarget("awsbad", cfg({ nodes: { instanceType: "m6g.xlarge" } }), dev), /Arm \(Graviton\)/);
    await settle();
    assert.equal(records.length, before, "nothing was registered");
  });
});

describe("aws target: module loading", () => {
  it("loading providers/aws loads no other cloud SDK and only @pulumi/aws submodules", function () {
    this.timeout(60000);
    const script = `
      require("ts-node").register({ transpileOnly: true });
      require(${JSON.stringify(path.join(root, "providers/aws"))});
      const loaded = Object.keys(require.cache);
      process.stdout.write(JSON.stringify({
        azure: loaded.filter((k) => k.includes("@pulumi/azure-native")).length,
        gcp: loaded.filter((k) => k.includes("@pulumi/gcp")).length,
        awsRoot: loaded.filter((k) => /@pulumi[\\\\/]aws[\\\\/]index\\.js$/.test(k)).length,
        aws: loaded.filter((k) => k.includes("@pulumi/aws")).length,
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" }));
    assert.equal(out.azure, 0, "@pulumi/azure-native is not loaded");
    assert.equal(out.gcp, 0, "@pulumi/gcp is not loaded");
    assert.equal(out.awsRoot, 0, "the @pulumi/aws root module is not loaded");
    assert.ok(out.aws > 0, "the aws submodules are loaded");
  });
});
