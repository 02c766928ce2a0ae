/** A kubeconfig for an EKS cluster whose token comes from `aws eks get-token` at deploy time. */
export interface EksAccess {
  clusterName: string;
  endpoint: string;
  /** base64 PEM of the cluster's certificate authority */
  certificateAuthorityData: string;
  region: string;
}

/**
 * Who `aws eks get-token` signs the token as: the same identity the aws provider uses, as
 * pulumi-eks does (its `generateKubeconfig`: `--profile` for the stack's `aws:profile`, a role to
 * assume for the provider's role). Otherwise the Kubernetes provider would authenticate as
 * whatever the environment's default credentials are, which need not be the cluster's creator
 * or any principal with an access entry.
 */
export interface EksTokenAuth {
  /** `aws:profile` of the stack */
  profile?: string;
  /** the role the aws provider assumes (`aws:assumeRoles`) */
  roleArn?: string;
}

/** The exec arguments of the token command (client.authentication.k8s.io/v1beta1). */
export function getTokenArgs(clusterName: string, region: string, auth: EksTokenAuth = {}): string[] {
  return [
    "eks",
    "get-token",
    "--cluster-name",
    clusterName,
    "--region",
    region,
    "--output",
    "json",
    ...(auth.roleArn ? ["--role-arn", auth.roleArn] : []),
    // --profile rather than AWS_PROFILE: ambient AWS_* credentials would win over the variable.
    ...(auth.profile ? ["--profile", auth.profile] : []),
  ];
}

export function eksKubeconfig(a: EksAccess, auth: EksTokenAuth = {}): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: a.clusterName, cluster: { server: a.endpoint, "certificate-authority-data": a.certificateAuthorityData } }],
    contexts: [{ name: a.clusterName, context: { cluster: a.clusterName, user: a.clusterName } }],
    "current-context": a.clusterName,
    users: [
      {
        name: a.clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: getTokenArgs(a.clusterName, a.region, auth),
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
