import { createHash } from "node:crypto";
import type { MockCallArgs, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime/mocks";

/** Deterministic stand-in for a generated value: lowercase hex of the given length. */
export function fakeValue(seed: string, length = 24): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, Math.max(1, length));
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const ACCOUNT = "123456789012";
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function offlineKubeconfig(name: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [{ name: ${name}, cluster: { server: "https://${name}.offline.invalid", certificate-authority-data: ${b64("offline-ca")} } }]`,
    `contexts: [{ name: ${name}, context: { cluster: ${name}, user: ${name} } }]`,
    `current-context: ${name}`,
    `users: [{ name: ${name}, user: { token: offline } }]`,
    "",
  ].join("\n");
}

type State = Record<string, unknown>;
type Ctx = { name: string; inputs: State; region: string; project: string };

/** Outputs of generated values (the random provider). Secret or not is decided by the resource's options. */
const RANDOM: Record<string, (c: Ctx) => State> = {
  "random:index/randomPassword:RandomPassword": (c) => ({ result: fakeValue(`password/${c.name}`, num(c.inputs.length, 24)), bcryptHash: `$2a$10$${fakeValue(`bcrypt/${c.name}`, 53)}` }),
  "random:index/randomString:RandomString": (c) => ({ result: fakeValue(`string/${c.name}`, num(c.inputs.length, 16)) }),
  "random:index/randomBytes:RandomBytes": (c) => {
    const hex = fakeValue(`bytes/${c.name}`, 2 * num(c.inputs.length, 16));
    return { hex, base64: Buffer.from(hex, "hex").toString("base64") };
  },
  "random:index/randomId:RandomId": (c) => {
    const hex = fakeValue(`id/${c.name}`, 2 * num(c.inputs.byteLength, 8));
    const buf = Buffer.from(hex, "hex");
    return { hex, b64Std: buf.toString("base64"), b64Url: buf.toString("base64url"), dec: BigInt(`0x${hex}`).toString() };
  },
  "random:index/randomUuid:RandomUuid": (c) => {
    const h = fakeValue(`uuid/${c.name}`, 32);
    return { result: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}` };
  },
  "random:index/randomInteger:RandomInteger": (c) => ({ result: num(c.inputs.min, 0) }),
  "random:index/randomPet:RandomPet": (c) => ({ id: `offline-${c.name}` }),
  "random:index/randomShuffle:RandomShuffle": (c) => ({ results: c.inputs.inputs ?? [] }),
};

/** Fields cloud programs read from resources they create (endpoints, issuers, ARNs): plausible, fixed. */
const CLOUD: Record<string, (c: Ctx) => State> = {
  "aws:eks/cluster:Cluster": (c) => ({
    endpoint: `https://${c.name}.eks.offline.invalid`,
    certificateAuthority: { data: b64("offline-ca") },
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/OFFLINE${fakeValue(c.name, 8).toUpperCase()}` }] }],
    version: c.inputs.version ?? "1.31",
    status: "ACTIVE",
  }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (c) => ({ url: String(c.inputs.url ?? "").replace(/^https:\/\//, "") }),
  "aws:rds/instance:Instance": (c) => ({ address: `${c.name}.offline.${c.region}.rds.amazonaws.com`, endpoint: `${c.name}.offline.${c.region}.rds.amazonaws.com:5432`, port: c.inputs.port ?? 5432 }),
  "aws:s3/bucket:Bucket": (c) => ({ bucket: c.inputs.bucket ?? c.name, bucketRegionalDomainName: `${c.inputs.bucket ?? c.name}.s3.${c.region}.amazonaws.com`, region: c.region }),
  "aws:s3/bucketV2:BucketV2": (c) => ({ bucket: c.inputs.bucket ?? c.name, bucketRegionalDomainName: `${c.inputs.bucket ?? c.name}.s3.${c.region}.amazonaws.com`, region: c.region }),
  "azure-native:containerservice:ManagedCluster": (c) => ({
    fqdn: `${c.name}.hcp.offline.azmk8s.io`,
    oidcIssuerProfile: { enabled: true, issuerURL: `https://oidc.offline.azure.com/${TENANT}/${c.name}/` },
    identityProfile: { kubeletidentity: { clientId: fakeUuid(`kubelet/${c.name}`), objectId: fakeUuid(`kubelet-object/${c.name}`) } },
  }),
  "azure-native:managedidentity:UserAssignedIdentity": (c) => ({ clientId: fakeUuid(`client/${c.name}`), principalId: fakeUuid(`principal/${c.name}`), tenantId: TENANT }),
  "azure-native:dbforpostgresql:Server": (c) => ({ fullyQualifiedDomainName: `${c.inputs.serverName ?? c.name}.postgres.database.azure.com` }),
  "azure-native:storage:StorageAccount": (c) => ({ primaryEndpoints: { blob: `https://${c.inputs.accountName ?? c.name}.blob.core.windows.net/` } }),
  "gcp:container/cluster:Cluster": (c) => ({
    endpoint: "203.0.113.10",
    masterAuth: { clusterCaCertificate: b64("offline-ca") },
    workloadIdentityConfig: c.inputs.workloadIdentityConfig ?? { workloadPool: `${c.project}.svc.id.goog` },
  }),
  "gcp:sql/databaseInstance:DatabaseInstance": (c) => ({
    connectionName: `${c.project}:${c.region}:${c.inputs.name ?? c.name}`,
    privateIpAddress: "10.10.0.3",
    publicIpAddress: "203.0.113.20",
    firstIpAddress: "10.10.0.3",
  }),
  "gcp:serviceaccount/account:Account": (c) => ({ email: `${c.inputs.accountId ?? c.name}@${c.project}.iam.gserviceaccount.com` }),
  // egov-filestore's signing keys: fake values, handed out as secrets (the resources list them as additional secret outputs)
  "aws:iam/accessKey:AccessKey": (c) => ({ secret: fakeValue(`aws-secret/${c.name}`, 40) }),
  "gcp:storage/hmacKey:HmacKey": (c) => ({ accessId: `GOOG1E${fakeValue(`hmac-id/${c.name}`, 24).toUpperCase()}`, secret: fakeValue(`hmac-secret/${c.name}`, 40) }),
  "gcp:storage/bucket:Bucket": (c) => ({ url: `gs://${c.inputs.name ?? c.name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${c.inputs.name ?? c.name}` }),
};

/**
 * State of resources the program reads (`Resource.get`) rather than creates: what the cluster or
 * cloud would hand back at deploy time. Fields a real API marks secret come back as secrets.
 */
const READS: Record<string, (c: Ctx & { id: string }) => State> = {
  // The state's docker-registry Secret (registry.pullSecret), copied into DIGIT's namespaces.
  "kubernetes:core/v1:Secret": (c) => ({
    metadata: { name: c.id.split("/").pop(), namespace: c.id.split("/")[0] },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": b64(JSON.stringify({ auths: { [`offline.invalid`]: { auth: b64(`offline:${fakeValue(`pull/${c.id}`, 16)}`) } } })) },
  }),
};

/** Fields of read resources that a real provider returns as secrets. */
const READ_SECRETS: Record<string, string[]> = { "kubernetes:core/v1:Secret": ["data"] };

function fakeUuid(seed: string): string {
  const h = fakeValue(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** Results of the data-source calls the targets make while building the graph. */
const INVOKES: Record<string, (inputs: any, c: Omit<Ctx, "name" | "inputs">) => State> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_i, c) => {
    const names = ["a", "b", "c"].map((z) => `${c.region}${z}`);
    return { id: c.region, names, zoneIds: names.map((_, i) => `offline-az${i + 1}`), groupNames: [c.region], state: "available" };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ id: ACCOUNT, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/offline`, userId: "OFFLINE" }),
  "aws:index/getRegion:getRegion": (_i, c) => ({ id: c.region, name: c.region, region: c.region, description: "offline", endpoint: `ec2.${c.region}.amazonaws.com` }),
  "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
  "aws:eks/getClusterAuth:getClusterAuth": (i) => ({ id: i.name, name: i.name, token: "offline-token" }),
  // An existing cluster (digit:target.existingCluster): what EKS reports for one made by eksctl or terraform-aws-eks.
  "aws:eks/getCluster:getCluster": (i, c) => {
    const region = i.region ?? c.region;
    const id = fakeValue(`eks/${i.name}`, 32).toUpperCase();
    return {
      id: i.name,
      name: i.name,
      arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/${i.name}`,
      endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
      certificateAuthorities: [{ data: b64("offline-ca") }],
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
      accessConfigs: [{ authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: true }],
      kubernetesNetworkConfigs: [{ ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" }],
      vpcConfig: {
        vpcId: `vpc-${fakeValue(`vpc/${i.name}`, 17)}`,
        subnetIds: ["a", "b", "c"].map((z) => `subnet-${fakeValue(`subnet/${i.name}/${z}`, 17)}`),
        clusterSecurityGroupId: `sg-${fakeValue(`sg/${i.name}`, 17)}`,
        securityGroupIds: [],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["0.0.0.0/0"],
      },
      version: "1.33",
      status: "ACTIVE",
      region,
    };
  },
  "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider": (i) => {
    const url = String(i.url ?? "").replace(/^https:\/\//, "");
    return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${url}`, url, clientIdLists: ["sts.amazonaws.com"] };
  },
  "azure-native:authorization:getClientConfig": () => ({ clientId: fakeUuid("client"), objectId: fakeUuid("object"), subscriptionId: SUBSCRIPTION, tenantId: TENANT }),
  // An existing AKS cluster (digit:target.existingCluster) with Entra ID, Azure RBAC, OIDC issuer and workload identity on.
  "azure-native:containerservice:getManagedCluster": (i) => ({
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${i.resourceName}`,
    name: i.resourceName,
    location: "centralindia",
    fqdn: `${i.resourceName}.hcp.offline.azmk8s.io`,
    privateFQDN: "",
    aadProfile: { managed: true, enableAzureRBAC: true, tenantID: TENANT },
    disableLocalAccounts: true,
    oidcIssuerProfile: { enabled: true, issuerURL: `https://oidc.offline.azure.com/${TENANT}/${i.resourceName}/` },
    securityProfile: { workloadIdentity: { enabled: true } },
    agentPoolProfiles: [{ name: "system", count: 3, vmSize: "Standard_D8s_v5", mode: "System" }],
  }),
  "azure-native:network:getVirtualNetwork": (i) => ({
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${i.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${i.virtualNetworkName}`,
    name: i.virtualNetworkName,
    location: "centralindia",
    addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
  }),
  "azure-native:containerservice:listManagedClusterUserCredentials": (i) => ({
    kubeconfigs: [{ name: "clusterUser", value: b64(offlineKubeconfig(String(i.resourceName ?? "aks"))) }],
  }),
  "azure-native:containerservice:listManagedClusterAdminCredentials": (i) => ({
    kubeconfigs: [{ name: "clusterAdmin", value: b64(offlineKubeconfig(String(i.resourceName ?? "aks"))) }],
  }),
  "azure-native:storage:listStorageAccountKeys": (i) => ({ keys: [{ keyName: "key1", permissions: "FULL", value: fakeValue(`account-key/${i.accountName}`, 64) }] }),
  "gcp:organizations/getClientConfig:getClientConfig": (_i, c) => ({ id: "offline", project: c.project, region: c.region, zone: `${c.region}-a`, accessToken: "offline-token" }),
  "gcp:organizations/getProject:getProject": (i, c) => ({ id: `projects/${i.projectId ?? c.project}`, projectId: i.projectId ?? c.project, number: "123456789012", name: i.projectId ?? c.project }),
  // An existing GKE cluster (digit:target.existingCluster) with Workload Identity on the project's pool.
  "gcp:container/getCluster:getCluster": (i, c) => ({
    id: `projects/${i.project ?? c.project}/locations/${i.location}/clusters/${i.name}`,
    name: i.name,
    location: i.location,
    endpoint: "203.0.113.30",
    masterAuths: [{ clusterCaCertificate: b64("offline-ca") }],
    network: "default",
    subnetwork: "default",
    workloadIdentityConfigs: [{ workloadPool: `${i.project ?? c.project}.svc.id.goog` }],
    privateClusterConfigs: [{ enablePrivateNodes: true, enablePrivateEndpoint: false }],
    selfLink: `https://container.googleapis.com/v1/projects/${i.project ?? c.project}/locations/${i.location}/clusters/${i.name}`,
  }),
  "gcp:compute/getNetwork:getNetwork": (i, c) => ({
    id: `projects/${i.project ?? c.project}/global/networks/${i.name}`,
    name: i.name,
    selfLink: `https://www.googleapis.com/compute/v1/projects/${i.project ?? c.project}/global/networks/${i.name}`,
  }),
  "gcp:compute/getZones:getZones": (_i, c) => ({ id: c.region, names: ["a", "b", "c"].map((z) => `${c.region}-${z}`), project: c.project, region: c.region }),
  "kubernetes:helm:template": () => ({ result: [] }),
  "kubernetes:yaml:decode": () => ({ result: [] }),
};

export interface PlanMocks {
  mocks: Mocks;
  /** values the mocks handed out as secrets: they must never reach an output file */
  secretValues: Set<string>;
}

/**
 * Mocks for the offline plan: every resource gets id `<name>_id` and its inputs back as state,
 * plus generated values (random) and the few cloud fields programs read. Outputs that the
 * resource's options list as additional secret outputs come back as secrets.
 */
export function createMocks(opts: {
  config: Record<string, string>;
  /** the additional secret outputs of the registration being served (from the recorder) */
  secretOutputs: () => readonly string[];
}): PlanMocks {
  const secretValues = new Set<string>();
  const region = opts.config["aws:region"] ?? opts.config["gcp:region"] ?? opts.config["azure-native:location"] ?? "ap-south-1";
  const project = opts.config["gcp:project"] ?? "offline-project";
  const mocks: Mocks = {
    newResource(args: MockResourceArgs): MockResourceResult {
      // Auto-naming: a preview knows the physical name (logical name + random suffix), and so do the
      // resources that use it (an RDS instance's subnet group, a Cloud SQL database's instance).
      const autoName = /^(aws|gcp):/.test(args.type) && args.inputs?.name === undefined ? `${args.name}-${fakeValue(`name/${args.name}`, 7)}` : undefined;
      const ctx: Ctx = { name: args.name, inputs: { ...plainSecrets(args.inputs ?? {}), ...(autoName ? { name: autoName } : {}) }, region, project };
      // A read (Resource.get) carries the id it looks up; a registration carries its import id, "" when none.
      if (args.id && READS[args.type]) {
        const read = READS[args.type]({ ...ctx, id: args.id });
        for (const k of READ_SECRETS[args.type] ?? []) {
          if (read[k] === undefined) continue;
          collect(read[k], secretValues);
          read[k] = { [SIG_KEY]: SECRET_SIG, value: read[k] };
        }
        return { id: args.id, state: read };
      }
      const extra = (RANDOM[args.type] ?? CLOUD[args.type])?.(ctx) ?? {};
      const state: State = { ...(args.inputs ?? {}) };
      if (args.type.startsWith("aws:") && state.arn === undefined) state.arn = `arn:aws:${args.type.split(/[:/]/)[1]}:${region}:${ACCOUNT}:${args.name}`;
      if (autoName) state.name = autoName;
      const secretOutputs = new Set(opts.secretOutputs());
      for (const [k, v] of Object.entries(extra)) {
        if (secretOutputs.has(k)) {
          collect(v, secretValues);
          state[k] = { [SIG_KEY]: SECRET_SIG, value: v };
        } else state[k] = v;
      }
      return { id: `${args.name}_id`, state };
    },
    call(args: MockCallArgs) {
      return INVOKES[args.token]?.(plainSecrets(args.inputs ?? {}), { region, project }) ?? {};
    },
  };
  return { mocks, secretValues };
}

/** Strings inside a value, for the leak check (short ones would match by chance). */
function collect(v: unknown, into: Set<string>): void {
  if (typeof v === "string" && v.length >= 6) into.add(v);
  else if (Array.isArray(v)) v.forEach((x) => collect(x, into));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => collect(x, into));
}

/** Mock inputs carry secrets wrapped; the fake outputs only need the plain values. */
function plainSecrets(v: any): any {
  if (Array.isArray(v)) return v.map(plainSecrets);
  if (v && typeof v === "object") {
    if (v[SIG_KEY] === SECRET_SIG) return plainSecrets(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainSecrets(x)]));
  }
  return v;
}
