/** IAM policy documents of the AWS target, as plain data (serialised with JSON.stringify). */

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Array<Record<string, unknown>>;
}

/** Trust policy letting an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/** The issuer without its scheme, as IAM condition keys spell it (oidc.eks.<region>.amazonaws.com/id/<id>). */
export function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * IRSA trust policy: only the named Kubernetes service account, presenting a token meant for STS,
 * may assume the role through the cluster's OIDC provider.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): PolicyDocument {
  const host = issuerHostPath(issuerUrl);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${host}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** What egov-filestore needs on its bucket: list it, read, write and delete objects; use the bucket's KMS key. */
export function filestorePolicy(bucketArn: string, kmsKeyArn?: string): PolicyDocument {
  const statements: Array<Record<string, unknown>> = [
    { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
    { Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/*` },
  ];
  if (kmsKeyArn) statements.push({ Sid: "BucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: kmsKeyArn });
  return { Version: "2012-10-17", Statement: statements };
}

/** Bucket policy refusing every request not made over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** ARN of an AWS-managed IAM policy in the region's partition. */
export function managedPolicyArn(partition: string, policy: string): string {
  return `arn:${partition}:iam::aws:policy/${policy}`;
}

export const clusterPolicies = ["AmazonEKSClusterPolicy"];
export const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];
export const ebsCsiPolicy = "service-role/AmazonEBSCSIDriverPolicy";
