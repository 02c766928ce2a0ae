/**
 * Set by the Pulumi Kubernetes Operator's Stack (digit:delivery agent `pulumi-operator`): the
 * program then runs inside the cluster it deploys to, and the Kubernetes provider uses the pod's
 * ServiceAccount instead of the stack's kubeconfig (a path on an administrator's machine, or a
 * cloud CLI's exec plugin, neither of which exists in the operator's workspace).
 */
export const inClusterEnv = "DIGIT_IN_CLUSTER";

export function runsInCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[inClusterEnv] === "true";
}

/** The kubeconfig to hand the provider: none in-cluster, so it falls back to the ServiceAccount. */
export function kubeconfigFor<T>(kubeconfig: T, env: NodeJS.ProcessEnv = process.env): T | undefined {
  return runsInCluster(env) ? undefined : kubeconfig;
}
