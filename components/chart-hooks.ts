/**
 * What becomes of each Helm hook of the charts the project installs. `helm.v4.Chart` renders a
 * chart like `helm template` and runs no hook, so every hook template (listed per chart and
 * version in vendor/helm-chart-hooks/hooks.json) is either switched off by a value the chart has,
 * recreated by the platform as ordinary objects, or not needed (a `helm test` hook, or a check that
 * makes nothing). tests/operations-upstream.test.ts holds every chart's list against this table.
 */
export interface HookDisposition {
  /** the hook's template, as in hooks.json */
  template: string;
  /** the value path that is false in the project's values, so the template renders nothing */
  off?: string;
  /** what the platform creates instead (the hook's product) */
  recreatedAs?: string;
  /** why nothing replaces it */
  notNeeded?: string;
}

const testHook = "a `helm test` hook: runs only under `helm test`, never on install";

export const chartHookDispositions: Record<string, HookDisposition[]> = {
  "argo-cd": [
    { template: "redis-secret-init/job.yaml", off: "redisSecretInit.enabled", recreatedAs: "Secret argocd-redis (key auth, a generated password; components/operations/parts.ts GitOpsAgent)" },
    { template: "redis-secret-init/role.yaml", off: "redisSecretInit.enabled" },
    { template: "redis-secret-init/rolebinding.yaml", off: "redisSecretInit.enabled" },
    { template: "redis-secret-init/serviceaccount.yaml", off: "redisSecretInit.enabled" },
  ],
  flux2: [
    { template: "pre-install-job.yaml", notNeeded: "`flux check --pre`, a pre-flight check that creates nothing" },
    { template: "pre-install-job-serviceaccount.yaml", notNeeded: "the ServiceAccount of that check" },
    { template: "pre-upgrade-migrate-resources.yaml", off: "crds.migration.enabled" },
  ],
  "kube-prometheus-stack": [
    ...["job-createSecret.yaml", "job-patchWebhook.yaml", "clusterrole.yaml", "clusterrolebinding.yaml", "role.yaml", "rolebinding.yaml", "serviceaccount.yaml"].map((template) => ({
      template,
      off: "prometheusOperator.admissionWebhooks.enabled",
    })),
    ...["networkpolicy-createSecret.yaml", "networkpolicy-patchWebhook.yaml", "ciliumnetworkpolicy-createSecret.yaml", "ciliumnetworkpolicy-patchWebhook.yaml"].map((template) => ({
      template,
      off: "prometheusOperator.networkPolicy.enabled",
    })),
  ],
  grafana: ["tests/test.yaml", "tests/test-configmap.yaml", "tests/test-serviceaccount.yaml", "tests/test-role.yaml", "tests/test-rolebinding.yaml", "tests/test-podsecuritypolicy.yaml"].map(
    (template) => ({ template, notNeeded: testHook }),
  ),
  jenkins: [
    { template: "tests/jenkins-test.yaml", notNeeded: testHook },
    { template: "tests/test-config.yaml", notNeeded: testHook },
  ],
  "cert-manager": [
    { template: "startupapicheck-job.yaml", off: "startupapicheck.enabled" },
    { template: "startupapicheck-rbac.yaml", off: "startupapicheck.enabled" },
    { template: "startupapicheck-serviceaccount.yaml", off: "startupapicheck.enabled" },
  ],
  "gateway-helm": [
    { template: "certgen.yaml", recreatedAs: "the certgen Job, as native objects (components/edge/certgen.ts)" },
    { template: "certgen-rbac.yaml", recreatedAs: "certgen's ServiceAccount, Role and RoleBinding (components/edge/certgen.ts)" },
    { template: "envoy-proxy-topology-injector-webhook.yaml", off: "topologyInjector.enabled" },
  ],
};
