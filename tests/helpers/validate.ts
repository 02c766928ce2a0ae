// Validate rendered Kubernetes objects against the API schemas (kubernetes-models). The models
// are ES modules with no CommonJS entry, so they are loaded with a real dynamic import.
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

const sources: Record<string, string> = {
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "apps/v1/StatefulSet": "kubernetes-models/apps/v1/StatefulSet",
  "apps/v1/DaemonSet": "kubernetes-models/apps/v1/DaemonSet",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/Namespace": "kubernetes-models/v1/Namespace",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "batch/v1/Job": "kubernetes-models/batch/v1/Job",
  "batch/v1/CronJob": "kubernetes-models/batch/v1/CronJob",
  "rbac.authorization.k8s.io/v1/Role": "kubernetes-models/rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding": "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding",
  "rbac.authorization.k8s.io/v1/ClusterRole": "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole",
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding",
  "storage.k8s.io/v1/StorageClass": "kubernetes-models/storage.k8s.io/v1/StorageClass",
  "gateway.networking.k8s.io/v1/HTTPRoute": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute",
  "gateway.networking.k8s.io/v1/Gateway": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway",
  "gateway.networking.k8s.io/v1/GatewayClass": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass",
};

let models: Record<string, new (data: any) => { validate(): void }> | undefined;

/** Load every schema model once; call in a before() hook. */
export async function loadValidators(): Promise<void> {
  if (models) return;
  const loaded: Record<string, any> = {};
  for (const [key, mod] of Object.entries(sources)) {
    const kind = key.split("/").pop()!;
    loaded[key] = (await importEsm(mod))[kind];
  }
  models = loaded;
}

/** Validate one object; throws naming the object and the schema error. Unknown kinds are reported, not skipped. */
export function validateObject(obj: Record<string, any>): void {
  const key = `${obj.apiVersion}/${obj.kind}`;
  if (!models) throw new Error("call loadValidators() in a before() hook first");
  const Model = models[key];
  if (!Model) throw new Error(`no schema model for ${key}: add it to tests/helpers/validate.ts`);
  try {
    new Model(obj).validate();
  } catch (e: any) {
    throw new Error(`${key} ${obj.metadata?.namespace ?? "_cluster"}/${obj.metadata?.name}: ${e.message}`);
  }
}

/** Whether a schema model exists for this apiVersion/kind (CRDs of operators may have none). */
export function hasModel(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in sources;
}
