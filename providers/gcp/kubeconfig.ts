import { stringify } from "yaml";

export interface GkeClusterAccess {
  project: string;
  location: string;
  clusterName: string;
  /** the control plane's address, without scheme (container.Cluster.endpoint) */
  endpoint: string;
  /** base64 PEM of the cluster CA (masterAuth.clusterCaCertificate) */
  caCertificate: string;
}

/**
 * A kubeconfig for a GKE cluster that authenticates through gke-gcloud-auth-plugin: no token is
 * written into it; the plugin asks gcloud's credentials for a fresh one at deploy time.
 */
export function gkeKubeconfig(a: GkeClusterAccess): string {
  // Same context name as `gcloud container clusters get-credentials`.
  const context = `gke_${a.project}_${a.location}_${a.clusterName}`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: context, cluster: { server: `https://${a.endpoint}`, "certificate-authority-data": a.caCertificate } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    "current-context": context,
    users: [
      {
        name: context,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            installHint:
              "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin); see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl",
            provideClusterInfo: true,
          },
        },
      },
    ],
  });
}
