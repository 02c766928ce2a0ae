/** A kubeconfig for an EKS cluster whose token comes from `aws eks get-token` at deploy time. */
export interface EksAccess {
  clusterName: string;
  endpoint: string;
  /** base64 PEM of the cluster's certificate authority */
  certificateAuthorityData: string;
  region: string;
}

export function eksKubeconfig(a: EksAccess): string {
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
            args: ["eks", "get-token", "--cluster-name", a.clusterName, "--region", a.region, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
