import { parse, stringify } from "yaml";
import { aksServerAppId, type KubeloginPlan } from "./plan";

/**
 * kubelogin's exec arguments for a login mode, in the order `kubelogin convert-kubeconfig` writes
 * them (Azure/kubelogin pkg/internal/converter/convert.go): `get-token --login <mode> --server-id
 * <AKS server app>`, then what the mode needs. No secret is ever an argument: spn reads its secret
 * from AAD_SERVICE_PRINCIPAL_CLIENT_SECRET, workloadidentity its token from AZURE_FEDERATED_TOKEN_FILE.
 */
export function kubeloginArgs(k: KubeloginPlan): string[] {
  const args = ["get-token", "--login", k.login, "--server-id", aksServerAppId];
  if (k.login === "spn") args.push("--client-id", k.clientId!, "--tenant-id", k.tenantId!);
  else if ((k.login === "msi" || k.login === "workloadidentity") && k.clientId) args.push("--client-id", k.clientId);
  if (k.login === "workloadidentity" && k.tenantId) args.push("--tenant-id", k.tenantId);
  return args;
}

/**
 * The cluster-user kubeconfig AKS returns, with every user signing in through kubelogin: the
 * server and CA stay as AKS gave them (a private cluster's private FQDN included). A cluster
 * without Entra ID (an existing one may be) keeps AKS's own credentials.
 */
export function aksKubeconfig(fromAks: string, k: KubeloginPlan, entraId: boolean): string {
  if (!entraId) return fromAks;
  const doc = parse(fromAks) as { users?: Array<{ name: string; user: Record<string, unknown> }> };
  doc.users = (doc.users ?? []).map((u) => ({
    name: u.name,
    user: {
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "kubelogin",
        args: kubeloginArgs(k),
        interactiveMode: "Never",
        installHint: "Install kubelogin (az aks install-cli, or https://azure.github.io/kubelogin/install.html), then sign in as the login mode needs (az login for azurecli)",
        provideClusterInfo: false,
      },
    },
  }));
  return stringify(doc);
}
