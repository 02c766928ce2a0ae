import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import type { AwsPlan } from "./plan";
import type { Network } from "./network";

/** What the rest of the target needs of a cluster, whether it created it or found it. */
export interface ClusterAccess {
  name: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  /** base64 PEM of the cluster's CA */
  certificateAuthorityData: pulumi.Output<string>;
  /** the OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>) */
  issuer: pulumi.Output<string>;
  /** the IAM OIDC provider IRSA roles trust */
  oidcProviderArn: pulumi.Output<string>;
  /** the security group EKS gives the control plane and managed nodes */
  clusterSecurityGroupId: pulumi.Output<string>;
  /** EKS's authentication mode: access entries need API or API_AND_CONFIG_MAP */
  authenticationMode: pulumi.Output<string>;
}

/**
 * An EKS cluster the state already runs (digit:target.existingCluster), looked up by name when
 * `pulumi preview/up` runs (getCluster is an invoke; the offline plan's mocks answer it). Its
 * VPC and subnets are the database's network, unless databaseSubnetIds names others. IRSA needs
 * the cluster's IAM OIDC provider: found by the issuer's URL, or created when asked.
 */
export function lookUpCluster(name: string, plan: AwsPlan, parent: pulumi.Resource): { cluster: ClusterAccess; network: Network } {
  const e = plan.existing!;
  const found = eks.getClusterOutput({ name: e.name, region: plan.region }, { parent });
  const issuer = found.identities.apply((ids) => {
    const url = ids?.[0]?.oidcs?.[0]?.issuer;
    if (!url) throw new Error(`digit:target.existingCluster.name: EKS cluster ${e.name} has no OIDC issuer; DIGIT's bucket access (IRSA) needs one`);
    return url;
  });
  const oidcProviderArn = e.createOidcProvider
    ? new iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags: plan.tags }, { parent }).arn
    : iam.getOpenIdConnectProviderOutput({ url: issuer }, { parent }).arn;
  return {
    cluster: {
      name: found.name,
      endpoint: found.endpoint,
      certificateAuthorityData: found.certificateAuthorities.apply((c) => c?.[0]?.data ?? ""),
      issuer,
      oidcProviderArn,
      clusterSecurityGroupId: found.vpcConfig.apply((v) => v.clusterSecurityGroupId),
      authenticationMode: found.accessConfigs.apply((a) => a?.[0]?.authenticationMode ?? "CONFIG_MAP"),
    },
    network: {
      vpcId: found.vpcConfig.apply((v) => v.vpcId),
      privateSubnetIds: e.databaseSubnetIds ?? found.vpcConfig.apply((v) => v.subnetIds),
    },
  };
}

/**
 * EKS access entries for the roles and users the state names (besides the cluster's creator),
 * each with its access policy. On a cluster still in CONFIG_MAP mode EKS would refuse them; the
 * deploy stops first, saying what to change.
 */
export function createAccessEntries(name: string, plan: AwsPlan, cluster: ClusterAccess, parent: pulumi.Resource): eks.AccessPolicyAssociation[] {
  if (!plan.accessEntries.length) return [];
  const clusterName = pulumi.all([cluster.name, cluster.authenticationMode]).apply(([n, mode]) => {
    if (mode === "CONFIG_MAP")
      throw new Error(
        `digit:target.accessEntries: EKS cluster ${n} authenticates through the aws-auth ConfigMap only; switch it to API_AND_CONFIG_MAP ` +
          `(aws eks update-cluster-config --name ${n} --access-config authenticationMode=API_AND_CONFIG_MAP) or map the roles in aws-auth and remove accessEntries`,
      );
    return n;
  });
  return plan.accessEntries.map((a, i) => {
    const entry = new eks.AccessEntry(
      `${name}-access-${i + 1}`,
      { clusterName, principalArn: a.principalArn, type: "STANDARD", region: plan.region, tags: plan.tags },
      { parent },
    );
    return new eks.AccessPolicyAssociation(
      `${name}-access-${i + 1}-policy`,
      {
        clusterName,
        principalArn: entry.principalArn,
        policyArn: a.policyArn,
        accessScope: a.scope.type === "cluster" ? { type: "cluster" } : { type: "namespace", namespaces: a.scope.namespaces },
        region: plan.region,
      },
      { parent },
    );
  });
}
