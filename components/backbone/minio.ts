import { namespaces } from "../namespaces";
import { selectorLabels, standardLabels } from "../meta";
import { toK8sEnv } from "../services/render";
import { backboneServiceNames } from "./endpoints";
import { networkPolicy } from "./network";
import { minioPort, minioUrl } from "./objectstore";
import type { BackboneSizing } from "./sizing";
import { claimTemplate, staticClaim, type VolumePlanner, type VolumeRequest, claimExpansions, orphanOnDelete } from "./storage";
import { backboneImages } from "./versions";
import {
  clusterService,
  headlessService,
  image,
  meta,
  pdb,
  pullSecrets,
  resources,
  restrictedContainer,
  restrictedPod,
  spread,
  type K8sObject,
  type PodContext,
} from "./podspec";

/** Secret (namespace backbone) with MinIO's root credentials: the platform's generated object store keys. */
export const minioRootSecret = { name: "minio-root", user: "rootUser", password: "rootPassword" } as const;

export interface MinioPlan {
  objects: K8sObject[];
  /** pre-created claims on static volumes (protected) */
  claims: K8sObject[];
  /** the bucket-creation Job, run once MinIO is up */
  bucketJob: K8sObject;
  /** patches growing the StatefulSet's claims to its template's size (storage.ts claimExpansions) */
  expansions: K8sObject[];
}

/**
 * MinIO as a native StatefulSet: one server (dev) or MinIO's distributed topology, one drive per
 * pod with erasure coding across them (ha, 4 by default). Pod count is fixed at creation: MinIO
 * grows by adding a server pool, not by scaling.
 */
export function minioPlan(s: BackboneSizing["minio"], ctx: PodContext, volumes: VolumePlanner, buckets: string[]): MinioPlan {
  const name = backboneServiceNames.minio;
  const ns = namespaces.backbone;
  const headless = `${name}-hl`;
  const component = "object-store";
  const labels = standardLabels(name, component, { "app.kubernetes.io/version": backboneImages.minio.tag });

  const claims: K8sObject[] = [];
  const reqs: VolumeRequest[] = Array.from({ length: s.replicas }, (_, i) => ({ key: `minio-${i}`, claimName: `data-${name}-${i}`, namespace: ns, size: s.storage, tier: "standard", component }));
  for (const req of reqs) {
    const b = volumes.bind(req);
    if (b.kind === "static") claims.push(staticClaim(req, b));
  }

  const drives =
    s.replicas === 1 ? ["/data"] : [`http://${name}-{0...${s.replicas - 1}}.${headless}.${ns}.svc.cluster.local/data`];
  const probe = (path: string, failureThreshold: number) => ({
    httpGet: { path, port: "api" },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const env = [
    { name: "MINIO_ROOT_USER", valueFrom: { secretKeyRef: { name: minioRootSecret.name, key: minioRootSecret.user } } },
    { name: "MINIO_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: minioRootSecret.name, key: minioRootSecret.password } } },
    // Scrapes come only from the monitoring namespace (NetworkPolicy), so the metrics need no token.
    { name: "MINIO_PROMETHEUS_AUTH_TYPE", value: "public" },
    { name: "HOME", value: "/tmp" },
  ];

  const statefulSet: K8sObject = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    // Replaced (when its claim templates change) without touching its pods or claims: storage.ts orphanOnDelete.
    metadata: meta(name, ns, component, { labels, annotations: { ...orphanOnDelete } }),
    spec: {
      serviceName: headless,
      replicas: s.replicas,
      // Distributed MinIO starts only when every drive answers: start all pods at once.
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selectorLabels(name) },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPod(1000),
          imagePullSecrets: pullSecrets(ctx),
          ...spread(name, ctx),
          terminationGracePeriodSeconds: 60,
          containers: [
            {
              name: "minio",
              image: image(backboneImages.minio, ctx),
              imagePullPolicy: "IfNotPresent",
              args: ["server", ...drives, "--address", `:${minioPort}`, "--console-address", ":9001", "--certs-dir", "/tmp/certs"],
              env,
              ports: [
                { name: "api", containerPort: minioPort, protocol: "TCP" },
                { name: "console", containerPort: 9001, protocol: "TCP" },
              ],
              readinessProbe: probe("/minio/health/ready", 3),
              livenessProbe: probe("/minio/health/live", 6),
              resources: resources(s.cpu, s.memory),
              securityContext: restrictedContainer(),
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
        },
      },
      volumeClaimTemplates: [claimTemplate("data", volumes.template(reqs), component)],
    },
  };

  const objects: K8sObject[] = [
    headlessService(headless, name, ns, component, [{ name: "api", port: minioPort }]),
    clusterService(name, selectorLabels(name), ns, component, [
      { name: "api", port: minioPort },
      { name: "console", port: 9001 },
    ]),
    statefulSet,
    networkPolicy(name, ns, selectorLabels(name), { clients: [minioPort], peers: [minioPort, 9001], metrics: [minioPort] }),
  ];
  if (ctx.highAvailability && s.replicas > 1) objects.push(pdb(name, ns, component));

  const storeEnv = [
    { name: "RCLONE_CONFIG_STORE_TYPE", value: "s3" },
    { name: "RCLONE_CONFIG_STORE_PROVIDER", value: "Minio" },
    { name: "RCLONE_CONFIG_STORE_ENDPOINT", value: minioUrl },
    { name: "RCLONE_CONFIG_STORE_ACCESS_KEY_ID", secret: minioRootSecret.name, key: minioRootSecret.user },
    { name: "RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY", secret: minioRootSecret.name, key: minioRootSecret.password },
  ];
  const bucketJob: K8sObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta(`${name}-buckets`, ns, component),
    spec: {
      backoffLimit: 10,
      template: {
        metadata: { labels: standardLabels(`${name}-buckets`, component) },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: restrictedPod(65534),
          imagePullSecrets: pullSecrets(ctx),
          containers: [
            {
              name: "buckets",
              image: image(backboneImages.rclone, ctx),
              // `rclone mkdir` is idempotent: an existing bucket is left as it is.
              command: ["sh", "-c", buckets.map((b) => `rclone mkdir store:${b}`).join(" && ")],
              env: [...storeEnv.map(toK8sEnv), { name: "HOME", value: "/tmp" }],
              resources: resources("10m", "64Mi"),
              securityContext: restrictedContainer(),
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };

  return { objects, claims, bucketJob, expansions: claimExpansions(statefulSet, claims) };
}
