import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import type { AwsPlan } from "./plan";
import type { CreatedNetwork } from "./network";
import { clusterPolicies, ebsCsiPolicy, irsaTrustPolicy, managedPolicyArn, nodePolicies, serviceTrustPolicy } from "./policies";

export interface Cluster {
  cluster: eks.Cluster;
  /** the cluster's OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>) */
  issuer: pulumi.Output<string>;
  oidcProvider: iam.OpenIdConnectProvider;
  /** the security group EKS gives the control plane and managed nodes */
  clusterSecurityGroupId: pulumi.Output<string>;
  nodeGroup: eks.NodeGroup;
  ebsCsiAddon: eks.Addon;
  vpcCniAddon: eks.Addon;
}

/** An IAM role with AWS-managed policies attached; returns the role and its attachments. */
function roleWithPolicies(
  name: string,
  plan: AwsPlan,
  assumeRolePolicy: pulumi.Input<string>,
  policies: string[],
  parent: pulumi.Resource,
): { role: iam.Role; attachments: iam.RolePolicyAttachment[] } {
  const role = new iam.Role(name, { assumeRolePolicy, tags: plan.tags }, { parent });
  const attachments = policies.map(
    (p) =>
      new iam.RolePolicyAttachment(`${name}-${p.split("/").pop()}`, { role: role.name, policyArn: managedPolicyArn(plan.partition, p) }, { parent }),
  );
  return { role, attachments };
}

/** The IRSA trust policy for one service account, once the OIDC provider exists. */
export function irsaAssumeRolePolicy(oidcProviderArn: pulumi.Input<string>, issuer: pulumi.Output<string>, namespace: string, serviceAccount: string) {
  return pulumi.all([oidcProviderArn, issuer]).apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, namespace, serviceAccount)));
}

/** EKS with secrets encryption, control-plane logs, an OIDC provider, a managed node group and the EBS CSI driver. */
export function createCluster(name: string, plan: AwsPlan, network: CreatedNetwork, key: kms.Key, parent: pulumi.Resource): Cluster {
  const { region } = plan;
  const c = plan.cluster;
  const privateSubnetIds = network.privateSubnets.map((s) => s.id);

  const clusterRole = roleWithPolicies(`${name}-cluster-role`, plan, JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")), clusterPolicies, parent);
  // Created ahead of the cluster so its retention applies; EKS would otherwise create it without expiry.
  const logGroup = new cloudwatch.LogGroup(
    `${name}-cluster-logs`,
    { name: c.logGroupName, retentionInDays: c.logRetentionDays, region, tags: plan.tags },
    { parent },
  );

  const cluster = new eks.Cluster(
    `${name}-cluster`,
    {
      name: c.name,
      version: c.version,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: privateSubnetIds,
        endpointPrivateAccess: c.endpointPrivateAccess,
        endpointPublicAccess: c.endpointPublicAccess,
        publicAccessCidrs: c.publicAccessCidrs,
      },
      // Access entries; whoever runs `pulumi up` becomes cluster admin, which the k8s provider needs.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: c.logTypes,
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: c.serviceCidr },
      region,
      tags: plan.tags,
    },
    { parent, dependsOn: [...clusterRole.attachments, logGroup] },
  );

  // Generic mocks may return a cluster without these nested outputs; a real cluster always has them.
  const issuer = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
  const clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v?.clusterSecurityGroupId ?? "");

  const oidcProvider = new iam.OpenIdConnectProvider(
    `${name}-oidc`,
    { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags: plan.tags },
    { parent },
  );

  const nodeRole = roleWithPolicies(`${name}-node-role`, plan, JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")), nodePolicies, parent);
  const n = plan.nodes;
  // The nodes' instance metadata: IMDSv2 only (session tokens), and a hop limit of 1, so the answer
  // never reaches a pod (one hop further, behind the node's network namespace) and no pod can take
  // the node's IAM role. Pods get AWS credentials through IRSA, which needs no metadata.
  const launchTemplate = new ec2.LaunchTemplate(
    `${name}-nodes`,
    {
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      // the root volume of AL2023 AMIs; a launch template's disk replaces the node group's diskSize
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: n.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      region,
      tags: plan.tags,
      tagSpecifications: [{ resourceType: "instance", tags: plan.tags }],
    },
    { parent },
  );
  const nodeGroup = new eks.NodeGroup(
    `${name}-nodes`,
    {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.role.arn,
      // One subnet per zone: the node group's Auto Scaling group spreads nodes across zones.
      subnetIds: privateSubnetIds,
      instanceTypes: [n.instanceType],
      amiType: n.amiType,
      capacityType: "ON_DEMAND",
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
      scalingConfig: { minSize: n.min, desiredSize: n.desired, maxSize: n.max },
      updateConfig: { maxUnavailable: 1 },
      region,
      tags: plan.tags,
    },
    { parent, dependsOn: nodeRole.attachments },
  );

  const ebsRole = roleWithPolicies(
    `${name}-ebs-csi-role`,
    plan,
    irsaAssumeRolePolicy(oidcProvider.arn, issuer, plan.ebsCsi.namespace, plan.ebsCsi.serviceAccount),
    [ebsCsiPolicy],
    parent,
  );
  // The addon turns ACTIVE only once its controller pods run, so it waits for the nodes.
  const ebsCsiAddon = new eks.Addon(
    `${name}-ebs-csi`,
    {
      clusterName: cluster.name,
      addonName: "aws-ebs-csi-driver",
      serviceAccountRoleArn: ebsRole.role.arn,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      region,
      tags: plan.tags,
    },
    { parent, dependsOn: [nodeGroup, ...ebsRole.attachments] },
  );

  // EKS enforces NetworkPolicies only when the VPC CNI's network policy agent is on; the
  // platform's default-deny isolation depends on it. The managed add-on adopts the default CNI.
  const vpcCniAddon = new eks.Addon(
    `${name}-vpc-cni`,
    {
      clusterName: cluster.name,
      addonName: "vpc-cni",
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      region,
      tags: plan.tags,
    },
    { parent },
  );

  return { cluster, issuer, oidcProvider, clusterSecurityGroupId, nodeGroup, ebsCsiAddon, vpcCniAddon };
}
