import type { ProxyOffer } from "../../providers/target";
import { imageRef, utilityImages } from "../images";
import { selectorLabels, standardLabels } from "../meta";
import type { DigitServiceSpec, EnvSource } from "./spec";
import { mergeEnv } from "./catalog/env";

export { mergeEnv };

/** Where a DIGIT service is rendered: the place's facts, decided by the platform. */
export interface ServiceRenderContext {
  /** namespace of the service's objects (DIGIT's is `egov`) */
  namespace: string;
  /** registry prefix replacing `egovio` in image names; default none (images as the catalog names them) */
  mirror?: string;
  /** docker-registry Secret the pods pull with; default none */
  pullSecretName?: string;
  /** HTTP(S)_PROXY / NO_PROXY for the containers; default none */
  proxy?: ProxyOffer;
  /** ha profile: HPA, PDB, no fixed replica count */
  highAvailability: boolean;
  /** public host name for the route */
  domain: string;
  /** the Gateway routes attach to; sectionName is its listener (default `https`; the edge says `http` when TLS is off) */
  gateway: { name: string; namespace: string; sectionName?: string };
  /** the Service a public route sends traffic to: the service itself, or DIGIT's gateway (zuul) for authenticated paths; default none (no route) */
  routeBackend?: string;
  /** host:port of each backbone part, for the wait-for init containers */
  backbone: Partial<Record<"postgres" | "kafka" | "elasticsearch" | "redis", string>>;
  /** pod-template annotations, e.g. the credentials' rotation stamp that restarts pods reading a rotated Secret; default none */
  podAnnotations?: Record<string, string>;
}

type K8sObject = Record<string, any>;

/** The Kubernetes objects of one DIGIT service, as plain data (validated in tests against the API schemas). */
export interface RenderedService {
  serviceAccount?: K8sObject;
  deployment: K8sObject;
  service: K8sObject;
  route?: K8sObject;
  hpa?: K8sObject;
  pdb?: K8sObject;
}

export const DEFAULT_PORT = 8080;

export function toK8sEnv(e: EnvSource): K8sObject {
  if ("value" in e) return { name: e.name, value: e.value };
  const optional = "optional" in e && e.optional ? { optional: true } : {};
  if ("configMap" in e) return { name: e.name, valueFrom: { configMapKeyRef: { name: e.configMap, key: e.key, ...optional } } };
  if ("secret" in e) return { name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key, ...optional } } };
  return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.field } } };
}

/**
 * HTTP(S)_PROXY for the pod, and the JVM's own proxy properties (the JVM ignores the env
 * variables). A secret proxy (its URLs carry credentials) is read from its Secret; the JVM gets
 * only its host and port, which are not.
 */
export function proxyEnv(proxy: ProxyOffer | undefined, java: boolean): EnvSource[] {
  if (!proxy || (!proxy.http && !proxy.https)) return [];
  const noProxy = proxy.noProxy.join(",");
  const env: EnvSource[] = [];
  const url = (names: string[], key: "http" | "https", value: string) =>
    names.map((name): EnvSource => (proxy.secretName ? { name, secret: proxy.secretName, key } : { name, value }));
  if (proxy.http) env.push(...url(["HTTP_PROXY", "http_proxy"], "http", proxy.http));
  if (proxy.https) env.push(...url(["HTTPS_PROXY", "https_proxy"], "https", proxy.https));
  env.push({ name: "NO_PROXY", value: noProxy }, { name: "no_proxy", value: noProxy });
  if (java) {
    const props: string[] = [];
    for (const [scheme, url] of [["http", proxy.http], ["https", proxy.https]] as const) {
      if (!url) continue;
      const u = new URL(url);
      props.push(`-D${scheme}.proxyHost=${u.hostname}`, `-D${scheme}.proxyPort=${u.port || (u.protocol === "https:" ? "443" : "80")}`);
    }
    const nonProxy = proxy.noProxy.map((h) => (h.startsWith(".") ? `*${h}` : h)).filter((h) => !h.includes("/")).join("|");
    props.push(`-Dhttp.nonProxyHosts=${nonProxy}`);
    env.push({ name: "JAVA_TOOL_OPTIONS", value: props.join(" ") });
  }
  return env;
}

/** Restricted Pod Security Standard: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */
export const restrictedContainerSecurity = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export const restrictedPodSecurity = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  seccompProfile: { type: "RuntimeDefault" },
};

function waitContainers(spec: DigitServiceSpec, ctx: ServiceRenderContext): K8sObject[] {
  const image = imageRef(utilityImages.busybox.image, utilityImages.busybox.tag, ctx.mirror);
  return (spec.needs ?? [])
    .filter((n) => ctx.backbone[n])
    .map((n) => {
      const [host, port] = ctx.backbone[n]!.split(":");
      return {
        name: `wait-${n}`,
        image,
        command: ["sh", "-c", `until nc -z -w 2 ${host} ${port}; do echo waiting for ${n} at ${host}:${port}; sleep 3; done`],
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "16Mi" } },
        securityContext: restrictedContainerSecurity,
      };
    });
}

export function renderService(spec: DigitServiceSpec, ctx: ServiceRenderContext): RenderedService {
  const port = spec.port ?? DEFAULT_PORT;
  const labels = standardLabels(spec.name, "service", { "app.kubernetes.io/version": spec.tag, "digit.egov.org/module": spec.module });
  const selector = selectorLabels(spec.name);
  const java = spec.appType === "java-spring";
  const heapEnv: EnvSource[] = spec.heapMiB ? [{ name: "JAVA_OPTS", value: `-Xmx${spec.heapMiB}m -Xms${spec.heapMiB}m` }] : [];
  const env = mergeEnv([...spec.env, ...heapEnv, ...proxyEnv(ctx.proxy, java)]);
  const meta = (name: string, extra: K8sObject = {}) => ({ name, namespace: ctx.namespace, labels, ...extra });

  const probe = (path: string) => ({
    httpGet: { path, port: "http" },
    initialDelaySeconds: 30,
    periodSeconds: 10,
    timeoutSeconds: 3,
    failureThreshold: 5,
  });

  const migration = spec.dbMigration
    ? [
        {
          name: "db-migration",
          image: imageRef(spec.dbMigration.image, spec.dbMigration.tag, ctx.mirror),
          env: mergeEnv([...(spec.migrationEnv ?? []), { name: "SCHEMA_TABLE", value: spec.dbMigration.schemaTable }]).map(toK8sEnv),
          resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "256Mi" } },
          securityContext: restrictedContainerSecurity,
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
      ]
    : [];

  // DIGIT's config repositories, cloned once per pod start into /work-dir (DIGIT's own layout).
  const gitSync = (spec.configRepos ?? []).map((r) => ({
    name: `git-sync-${r.dir}`,
    image: imageRef(utilityImages.gitSync.image, utilityImages.gitSync.tag, ctx.mirror),
    // git-sync v4 reads every flag from GITSYNC_<FLAG> too: a secret URL comes from its Secret.
    args: [...(r.urlSecret ? [] : [`--repo=${r.url}`]), `--ref=${r.ref}`, `--root=/work-dir/.sync-${r.dir}`, `--link=/work-dir/${r.dir}`, "--one-time", "--depth=1"],
    env: [...(r.urlSecret ? [{ name: "GITSYNC_REPO", secret: r.urlSecret.name, key: r.urlSecret.key } as EnvSource] : []), ...proxyEnv(ctx.proxy, false)].map(toK8sEnv),
    resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    securityContext: restrictedContainerSecurity,
    volumeMounts: [{ name: "work-dir", mountPath: "/work-dir" }, { name: "tmp", mountPath: "/tmp" }],
  }));
  const extraMounts = [
    ...(gitSync.length ? [{ name: "work-dir", mountPath: "/work-dir", readOnly: true }] : []),
    ...(spec.configFiles ?? []).map((f) => ({ name: `cm-${f.configMap}`, mountPath: f.mountPath, readOnly: true })),
    ...(spec.extraVolumes ?? []).map((v) => v.mount),
  ];
  const extraVolumes = [
    ...(gitSync.length ? [{ name: "work-dir", emptyDir: { sizeLimit: "1Gi" } }] : []),
    ...(spec.configFiles ?? []).map((f) => ({ name: `cm-${f.configMap}`, configMap: { name: f.configMap } })),
    ...(spec.extraVolumes ?? []).map((v) => v.volume),
  ];

  const saName = spec.serviceAccount ? spec.name : undefined;
  const container: K8sObject = {
    name: spec.name,
    image: imageRef(spec.image, spec.tag, ctx.mirror),
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
    env: env.map(toK8sEnv),
    resources: {
      requests: { cpu: `${spec.cpuMillis}m`, memory: `${spec.memoryMiB}Mi` },
      limits: { memory: `${spec.memoryMiB}Mi`, ...(spec.cpuLimitMillis ? { cpu: `${spec.cpuLimitMillis}m` } : {}) },
    },
    ...(spec.health?.readiness ? { readinessProbe: probe(spec.health.readiness) } : {}),
    ...(spec.health?.liveness ? { livenessProbe: probe(spec.health.liveness) } : {}),
    // Let the Service drop the pod before the JVM stops taking requests.
    lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 10"] } } },
    securityContext: restrictedContainerSecurity,
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...extraMounts],
  };

  const deployment: K8sObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(spec.name),
    spec: {
      ...(ctx.highAvailability ? {} : { replicas: spec.replicas }),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      // A bad rollout never takes a service down: new pods must be ready before old ones go.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { ...labels, ...(spec.serviceAccount?.podLabels ?? {}) }, ...(ctx.podAnnotations ? { annotations: { ...ctx.podAnnotations } } : {}) },
        spec: {
          ...(saName ? { serviceAccountName: saName } : {}),
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurity,
          terminationGracePeriodSeconds: 45,
          ...(ctx.pullSecretName ? { imagePullSecrets: [{ name: ctx.pullSecretName }] } : {}),
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
          ],
          initContainers: [...waitContainers(spec, ctx), ...gitSync, ...migration],
          containers: [container],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "512Mi" } }, ...extraVolumes],
        },
      },
    },
  };

  const service: K8sObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(spec.name),
    spec: { type: "ClusterIP", selector, ports: [{ name: "http", port, targetPort: "http", protocol: "TCP" }] },
  };

  const out: RenderedService = { deployment, service };

  if (saName)
    out.serviceAccount = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta(saName, { annotations: spec.serviceAccount!.annotations }),
      automountServiceAccountToken: false,
    };

  if (spec.route && ctx.routeBackend) {
    out.route = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: meta(spec.name),
      spec: {
        parentRefs: [{ name: ctx.gateway.name, namespace: ctx.gateway.namespace, sectionName: ctx.gateway.sectionName ?? "https" }],
        hostnames: [ctx.domain],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: spec.route.path } }],
            backendRefs: [{ name: ctx.routeBackend, port: DEFAULT_PORT }],
          },
        ],
      },
    };
  }

  if (ctx.highAvailability) {
    const min = Math.max(2, spec.replicas);
    out.hpa = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(spec.name),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: spec.name },
        minReplicas: min,
        maxReplicas: min * 3,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 75 } } }],
      },
    };
    out.pdb = {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(spec.name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    };
  }
  return out;
}
