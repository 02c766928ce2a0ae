import { createHash } from "crypto";
import type { ProxyOffer } from "../../providers/target";
import { imageRef, utilityImages } from "../images";
import { selectorLabels, standardLabels } from "../meta";
import type { ConfigRepoSource, DigitServiceSpec, EnvSource, ProbeSource } from "./spec";
import { mergeEnv } from "./catalog/env";
import { javaAgentEnv, javaAgentMetrics, javaAgentPod, withJavaToolOptions } from "./java-agent";
import { jvmProxy, proxyEnv } from "./proxy";
import { databaseCaMount, databaseCaVolume } from "../backbone/database-ca";

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
  /** mount the external database's CA (ConfigMap digit-db-ca) where the JDBC URL's sslrootcert points, in pods that use the database; default no */
  databaseCa?: boolean;
}

type K8sObject = Record<string, any>;

/** The Kubernetes objects of one DIGIT service, as plain data (validated in tests against the API schemas). */
export interface RenderedService {
  serviceAccount?: K8sObject;
  /** the service's own ConfigMaps (spec.ownConfigMaps) */
  configMaps: K8sObject[];
  /** namespaced RBAC of the service's ServiceAccount (spec.serviceAccount.rules) */
  role?: K8sObject;
  roleBinding?: K8sObject;
  deployment: K8sObject;
  service: K8sObject;
  route?: K8sObject;
  hpa?: K8sObject;
  pdb?: K8sObject;
}

/** How a service rolls: one extra pod at a time, ready before an old one goes (capacity plans for the extra pod). */
export const serviceRollout = { maxUnavailable: 0, maxSurge: 1 } as const;

export const DEFAULT_PORT = 8080;

/** The Service annotation eGov's gateway-kubernetes-discovery turns into a gateway route (`/<value>/**`). */
export const gatewayRouteAnnotation = "zuul/route-path";

/**
 * The ServiceAccount token as Kubernetes would automount it (token, cluster CA, namespace), as a
 * volume mounted only into the init containers that call the API: the service's own container
 * never holds a token.
 */
const kubeApiAccessVolume = {
  name: "kube-api-access",
  projected: {
    defaultMode: 0o444,
    sources: [
      { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  },
};

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The script of the config-file check: every file (or glob) each repository must hold, all
 * missing ones listed before it fails, so a state fixes its fork in one go.
 */
export function configCheckScript(repos: readonly ConfigRepoSource[]): string {
  const lines = ["missing=''"];
  for (const r of repos)
    for (const f of r.files ?? []) {
      const p = `/work-dir/${r.dir}/${f}`;
      // A glob (dashboard configs) must match at least one file.
      lines.push(f.includes("*") ? `ls ${p} >/dev/null 2>&1 || missing="$missing ${r.dir}/${f}"` : `[ -e ${shellQuote(p)} ] || missing="$missing ${r.dir}/${f}"`);
    }
  // an encrypted URL is not written into the script (the pod's log would show it)
  const refs = repos.map((r) => `${r.dir}=${r.urlSecret ? "[secret]" : r.url}@${r.ref}`).join(" ");
  lines.push(
    `if [ -n "$missing" ]; then echo "config files missing in ${refs}:"; set -f; for m in $missing; do echo "  $m"; done; echo "add them to the repository, or point digit:configRepos at a ref that has them (npm run check-configs)"; exit 1; fi`,
    `echo "config files present: ${repos.reduce((n, r) => n + (r.files?.length ?? 0), 0)}"`,
  );
  return lines.join("\n");
}

export function toK8sEnv(e: EnvSource): K8sObject {
  if ("value" in e) return { name: e.name, value: e.value };
  const optional = "optional" in e && e.optional ? { optional: true } : {};
  if ("configMap" in e) return { name: e.name, valueFrom: { configMapKeyRef: { name: e.configMap, key: e.key, ...optional } } };
  if ("secret" in e) return { name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key, ...optional } } };
  return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.field } } };
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
  const java = spec.runtime === "java";
  const heapEnv: EnvSource[] = spec.heapMiB ? [{ name: "JAVA_OPTS", value: `-Xmx${spec.heapMiB}m -Xms${spec.heapMiB}m` }] : [];
  // The agent's own settings come first, so a stack's digit:services.<name>.env still wins.
  const agent = java && spec.javaAgent ? javaAgentPod(ctx.mirror, restrictedContainerSecurity) : undefined;
  const agentEnv = agent ? javaAgentEnv(spec.name, spec.javaAgent!) : [];
  // JAVA_TOOL_OPTIONS is assembled from parts (the proxy's properties, the agent), after any value the stack sets itself.
  const jvm = java ? jvmProxy(ctx.proxy) : { env: [], parts: [] };
  const javaToolOptions = [...jvm.parts, ...(agent?.toolOptions ?? [])];
  // an encrypted proxy's JVM properties are defined first, so JAVA_TOOL_OPTIONS can name them
  const env = withJavaToolOptions(spec.name, mergeEnv([...jvm.env, ...agentEnv, ...spec.env, ...heapEnv, ...proxyEnv(ctx.proxy)]), javaToolOptions);
  const metricsPort = agent && spec.javaAgent!.metrics ? [{ name: javaAgentMetrics.name, containerPort: javaAgentMetrics.port, protocol: "TCP" }] : [];
  const healthPort = spec.health?.port;
  const meta = (name: string, extra: K8sObject = {}) => ({ name, namespace: ctx.namespace, labels: { ...(spec.labels ?? {}), ...labels }, ...extra });

  // eGov's probes answer on the service's port; a health path the platform adds may answer on its own (healthPort)
  const probe = (p: ProbeSource & { port?: string }) => ({
    httpGet: { path: p.path, port: p.port ?? "http" },
    initialDelaySeconds: p.initialDelaySeconds ?? 30,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 3,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 5,
  });
  const healthProbe = (path: string | undefined) => (path ? { path, ...(healthPort ? { port: healthPort.name } : {}) } : undefined);
  const readiness = spec.probes?.readiness ?? healthProbe(spec.health?.readiness);
  const liveness = spec.probes?.liveness ?? healthProbe(spec.health?.liveness);

  // Services that use the database (catalog `needs`) and their migrations verify it with its CA.
  const dbCa = ctx.databaseCa && (spec.needs?.includes("postgres") || !!spec.dbMigration);
  const caMounts = dbCa ? [databaseCaMount()] : [];
  const m = spec.dbMigration;
  const migrationResources = { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "256Mi" } };
  const migrationEnvK8s = m ? mergeEnv([...(spec.migrationEnv ?? []), { name: "SCHEMA_TABLE", value: m.schemaTable }]).map(toK8sEnv) : [];
  const migration = !m
    ? []
    : !m.runWith
      ? [{ name: "db-migration", image: imageRef(m.image, m.tag, ctx.mirror), env: migrationEnvK8s, resources: migrationResources, securityContext: restrictedContainerSecurity, volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...caMounts] }]
      : [
          // the -db image only hands over its SQL ...
          {
            name: "db-migration-sql",
            image: imageRef(m.image, m.tag, ctx.mirror),
            command: ["sh", "-c", "cp -R /flyway/sql/. /migrations/"],
            resources: migrationResources,
            securityContext: restrictedContainerSecurity,
            volumeMounts: [{ name: "migrations", mountPath: "/migrations" }],
          },
          // ... which a current Flyway runs, with the same settings as eGov's migrate.sh (baselineOnMigrate, outOfOrder)
          {
            name: "db-migration",
            image: imageRef(m.runWith.image, m.runWith.tag, ctx.mirror),
            args: ["migrate"],
            // Flyway reads FLYWAY_* from its environment; eGov's DB_URL and SCHEMA_TABLE come first so $(...) resolves.
            env: [
              ...migrationEnvK8s.filter((e: K8sObject) => e.name !== "FLYWAY_LOCATIONS"),
              { name: "FLYWAY_URL", value: "$(DB_URL)" },
              { name: "FLYWAY_TABLE", value: "$(SCHEMA_TABLE)" },
              { name: "FLYWAY_LOCATIONS", value: "filesystem:/migrations" },
              { name: "FLYWAY_BASELINE_ON_MIGRATE", value: "true" },
              { name: "FLYWAY_OUT_OF_ORDER", value: "true" },
            ],
            resources: migrationResources,
            securityContext: restrictedContainerSecurity,
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, { name: "migrations", mountPath: "/migrations", readOnly: true }, ...caMounts],
          },
        ];

  // DIGIT's config repositories, cloned once per pod start into /work-dir (DIGIT's own layout).
  const repos = spec.configRepos ?? [];
  const gitSync = repos.map((r) => ({
    name: `git-sync-${r.dir}`,
    image: imageRef(utilityImages.gitSync.image, utilityImages.gitSync.tag, ctx.mirror),
    // git-sync v4 reads every flag from GITSYNC_<FLAG> too: a secret URL comes from its Secret.
    args: [...(r.urlSecret ? [] : [`--repo=${r.url}`]), `--ref=${r.ref}`, `--root=/work-dir/.sync-${r.dir}`, `--link=/work-dir/${r.dir}`, "--one-time", "--depth=1"],
    env: [
      ...(r.urlSecret ? [{ name: "GITSYNC_REPO", secret: r.urlSecret.name, key: r.urlSecret.key } as EnvSource] : []),
      ...proxyEnv(ctx.proxy),
      ...(r.credentialsSecret
        ? [
            { name: "GITSYNC_USERNAME", secret: r.credentialsSecret, key: "username" },
            { name: "GITSYNC_PASSWORD", secret: r.credentialsSecret, key: "password" },
          ]
        : []),
    ].map(toK8sEnv),
    resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    securityContext: restrictedContainerSecurity,
    volumeMounts: [{ name: "work-dir", mountPath: "/work-dir" }, { name: "tmp", mountPath: "/tmp" }],
  }));
  // Fail fast, naming every missing file, instead of a service that crash-loops on its first missing config.
  const checked = repos.filter((r) => r.files?.length);
  const configCheck = checked.length
    ? [
        {
          name: "check-config-files",
          image: imageRef(utilityImages.busybox.image, utilityImages.busybox.tag, ctx.mirror),
          command: ["sh", "-c", configCheckScript(checked)],
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "16Mi" } },
          securityContext: restrictedContainerSecurity,
          volumeMounts: [{ name: "work-dir", mountPath: "/work-dir", readOnly: true }],
        },
      ]
    : [];
  // Init containers of the service's own (e.g. the gateway's route discovery); only they get the API token they need.
  const tokenMount = { name: "kube-api-access", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true };
  const ownInits = (spec.initContainers ?? []).map((c) => ({
    name: c.name,
    image: imageRef(c.image, c.tag, ctx.mirror),
    env: c.env.map(toK8sEnv),
    resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    securityContext: restrictedContainerSecurity,
    volumeMounts: [...Object.entries(c.sharedDirs ?? {}).map(([name, mountPath]) => ({ name, mountPath })), ...(c.kubernetesApi ? [tokenMount] : [])],
  }));
  const sharedDirs = new Map<string, string>((spec.initContainers ?? []).flatMap((c) => Object.entries(c.sharedDirs ?? {})));
  const needsToken = (spec.initContainers ?? []).some((c) => c.kubernetesApi);
  // nginx writes its temp files and pid under /var/cache/nginx and /run (the root file system is read-only)
  const nginx = spec.runtime === "nginx";
  const nginxDirs = nginx ? [{ name: "nginx-cache", mountPath: "/var/cache/nginx" }, { name: "nginx-run", mountPath: "/run" }] : [];
  const extraMounts = [
    ...nginxDirs,
    ...(gitSync.length ? [{ name: "work-dir", mountPath: "/work-dir", readOnly: true }] : []),
    ...[...sharedDirs].map(([name, mountPath]) => ({ name, mountPath, readOnly: true })),
    ...(spec.configFiles ?? []).map((f) => ({ name: `cm-${f.configMap}`, mountPath: f.mountPath, readOnly: true })),
    ...(spec.ownConfigMaps ?? []).map((c) => ({ name: `own-${c.name}`, mountPath: c.mountPath, ...(c.subPath ? { subPath: c.subPath } : {}), readOnly: true })),
    ...(spec.extraVolumes ?? []).map((v) => v.mount),
    ...(agent ? [agent.mount] : []),
    ...caMounts,
  ];
  const extraVolumes = [
    ...nginxDirs.map((d) => ({ name: d.name, emptyDir: { sizeLimit: "64Mi" } })),
    ...(gitSync.length ? [{ name: "work-dir", emptyDir: { sizeLimit: "1Gi" } }] : []),
    ...[...sharedDirs.keys()].map((name) => ({ name, emptyDir: { sizeLimit: "16Mi" } })),
    ...(needsToken ? [kubeApiAccessVolume] : []),
    ...(m?.runWith ? [{ name: "migrations", emptyDir: { sizeLimit: "64Mi" } }] : []),
    ...(spec.configFiles ?? []).map((f) => ({ name: `cm-${f.configMap}`, configMap: { name: f.configMap } })),
    ...(spec.ownConfigMaps ?? []).map((c) => ({ name: `own-${c.name}`, configMap: { name: c.name } })),
    ...(spec.extraVolumes ?? []).map((v) => v.volume),
    ...(agent ? [agent.volume] : []),
    ...(dbCa ? [databaseCaVolume()] : []),
  ];

  const saName = spec.serviceAccount ? spec.name : undefined;
  const labelsWithDigit = { ...(spec.labels ?? {}), ...labels };
  const container: K8sObject = {
    name: spec.name,
    image: imageRef(spec.image, spec.tag, ctx.mirror),
    imagePullPolicy: "IfNotPresent",
    ports: [
      { name: "http", containerPort: port, protocol: "TCP" },
      ...(healthPort ? [{ name: healthPort.name, containerPort: healthPort.containerPort, protocol: "TCP" }] : []),
      ...metricsPort,
    ],
    env: env.map(toK8sEnv),
    resources: {
      requests: { cpu: `${spec.cpuMillis}m`, memory: `${spec.memoryMiB}Mi` },
      limits: { memory: `${spec.memoryMiB}Mi`, ...(spec.cpuLimitMillis ? { cpu: `${spec.cpuLimitMillis}m` } : {}) },
    },
    ...(readiness ? { readinessProbe: probe(readiness) } : {}),
    ...(liveness ? { livenessProbe: probe(liveness) } : {}),
    // Let the Service drop the pod before the JVM stops taking requests (eGov's common chart does the same).
    lifecycle: { preStop: { exec: { command: spec.preStop ?? ["sh", "-c", "sleep 10"] } } },
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
      strategy: { type: "RollingUpdate", rollingUpdate: { ...serviceRollout } },
      template: {
        metadata: { labels: { ...labelsWithDigit, ...(spec.serviceAccount?.podLabels ?? {}) }, ...(ctx.podAnnotations ? { annotations: { ...ctx.podAnnotations } } : {}) },
        spec: {
          ...(saName ? { serviceAccountName: saName } : {}),
          automountServiceAccountToken: false,
          // nginx (the web apps) listens on port 80 as a non-root user: a namespaced, safe sysctl lets it bind
          securityContext: nginx ? { ...restrictedPodSecurity, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] } : restrictedPodSecurity,
          terminationGracePeriodSeconds: 45,
          ...(ctx.pullSecretName ? { imagePullSecrets: [{ name: ctx.pullSecretName }] } : {}),
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
          ],
          initContainers: [...waitContainers(spec, ctx), ...gitSync, ...configCheck, ...migration, ...ownInits, ...(agent ? [agent.initContainer] : [])],
          containers: [container],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "512Mi" } }, ...extraVolumes],
        },
      },
    },
  };

  const service: K8sObject = {
    apiVersion: "v1",
    kind: "Service",
    // The gateway's route discovery reads this annotation (eGov's common chart sets it the same way).
    metadata: meta(spec.name, spec.gatewayRoute ? { annotations: { [gatewayRouteAnnotation]: spec.gatewayRoute } } : {}),
    spec: {
      type: "ClusterIP",
      selector,
      // The agent's metrics and a separate actuator port are reached through the Service too (Prometheus, the health probe).
      ports: [
        { name: "http", port, targetPort: "http", protocol: "TCP" },
        ...[...(healthPort ? [healthPort] : []), ...metricsPort].map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: "TCP" })),
      ],
    },
  };

  const configMaps = (spec.ownConfigMaps ?? []).map((c) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: meta(c.name), data: { ...c.data } }));
  // A changed file restarts the pods that read it (ConfigMaps mounted with subPath are never refreshed in place).
  if (configMaps.length)
    deployment.spec.template.metadata.annotations = {
      ...(deployment.spec.template.metadata.annotations ?? {}),
      "digit.egov.org/config-digest": createHash("sha256").update(JSON.stringify(configMaps.map((c) => c.data))).digest("hex").slice(0, 16),
    };
  const out: RenderedService = { deployment, service, configMaps };

  if (saName) {
    out.serviceAccount = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta(saName, { annotations: spec.serviceAccount!.annotations }),
      automountServiceAccountToken: false,
    };
    const rules = spec.serviceAccount!.rules ?? [];
    if (rules.length) {
      out.role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(saName), rules };
      out.roleBinding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: meta(saName),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: saName },
        subjects: [{ kind: "ServiceAccount", name: saName, namespace: ctx.namespace }],
      };
    }
  }

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
            // DIGIT's gateway listens on 8080; a service published straight is reached on its own port
            backendRefs: [{ name: ctx.routeBackend, port: ctx.routeBackend === spec.name ? port : DEFAULT_PORT }],
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
