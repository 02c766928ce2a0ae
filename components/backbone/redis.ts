import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../namespaces";
import { selectorLabels, standardLabels } from "../meta";
import { mebibytes } from "../../lib/quantity";
import { backboneServiceNames } from "./endpoints";
import { networkPolicy } from "./network";
import { clusterService, image, meta, pullSecrets, resources, restrictedContainer, restrictedPod, type K8sObject, type PodContext } from "./podspec";
import type { BackboneSizing } from "./sizing";
import { backboneImages } from "./versions";

export const redisPort = 6379;
export const redisMetricsPort = 9121;

const fromAuth = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: redisAuthSecret, key: "password" } } });

/** The Secret (namespace backbone) the server reads its password from; DIGIT's clients read theirs from egov's `redis`. */
export const redisAuthSecret = "redis-auth";

/**
 * Redis for DIGIT's caches and sessions: `redis` at the name DIGIT hard-codes (redis.backbone:6379),
 * which requires the generated password (it holds egov-user's OAuth tokens and the gateway's rate
 * limits), and `redis-cache`, without one, for the DIGIT clients whose code cannot send a password
 * (components/services/redis-clients.ts; it holds localisation messages and short URLs). Each one
 * instance without persistence: DIGIT's clients cannot follow a Sentinel failover, and what Redis
 * holds is rebuilt (caches) or re-created at the next login (sessions). No PodDisruptionBudget:
 * with one replica it would block every node drain.
 */
export function redisPlan(s: BackboneSizing["redis"], ctx: PodContext, password: pulumi.Input<string>): K8sObject[] {
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta(redisAuthSecret, namespaces.backbone, "cache"),
      type: "Opaque",
      stringData: { password },
    },
    ...redisInstance(backboneServiceNames.redis, s, ctx, true),
    // half the memory: localisation messages and short URLs only
    ...redisInstance(backboneServiceNames.redisCache, { ...s, memory: `${Math.max(64, Math.floor(mebibytes(s.memory) / 2))}Mi` }, ctx, false),
  ];
}

function redisInstance(name: string, s: BackboneSizing["redis"], ctx: PodContext, auth: boolean): K8sObject[] {
  const ns = namespaces.backbone;
  const component = "cache";
  const labels = standardLabels(name, component, { "app.kubernetes.io/version": backboneImages.redis.tag });
  // Leave room under the limit for Redis's own overhead; evict least-recently-used keys when full.
  const maxMemoryMiB = Math.floor(mebibytes(s.memory) * 0.8);
  const tcpProbe = (initialDelaySeconds: number) => ({ tcpSocket: { port: "redis" }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });

  const deployment: K8sObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(name, ns, component, { labels }),
    spec: {
      replicas: 1,
      // Never two instances at once: clients would split between them.
      strategy: { type: "Recreate" },
      selector: { matchLabels: selectorLabels(name) },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPod(999),
          imagePullSecrets: pullSecrets(ctx),
          containers: [
            {
              name: "redis",
              image: image(backboneImages.redis, ctx),
              imagePullPolicy: "IfNotPresent",
              // The password comes from the environment, never the pod spec: the shell expands it.
              command: auth ? ["sh", "-c", 'exec redis-server "$@"', "redis-server"] : ["redis-server"],
              args: [
                "--port", String(redisPort),
                "--protected-mode", "no",
                "--save", "",
                "--appendonly", "no",
                "--maxmemory", `${maxMemoryMiB}mb`,
                "--maxmemory-policy", "allkeys-lru",
                ...(auth ? ["--requirepass", '"$REDIS_PASSWORD"'] : []),
              ],
              // redis-cli (the readiness probe) authenticates with REDISCLI_AUTH
              ...(auth ? { env: [fromAuth("REDIS_PASSWORD"), fromAuth("REDISCLI_AUTH")] } : {}),
              ports: [{ name: "redis", containerPort: redisPort, protocol: "TCP" }],
              readinessProbe: { exec: { command: ["redis-cli", "-p", String(redisPort), "ping"] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
              livenessProbe: tcpProbe(15),
              resources: resources(s.cpu, s.memory),
              securityContext: restrictedContainer(),
              volumeMounts: [{ name: "data", mountPath: "/data" }],
            },
            {
              name: "exporter",
              image: image(backboneImages.redisExporter, ctx),
              imagePullPolicy: "IfNotPresent",
              env: [{ name: "REDIS_ADDR", value: `redis://localhost:${redisPort}` }, ...(auth ? [fromAuth("REDIS_PASSWORD")] : [])],
              ports: [{ name: "metrics", containerPort: redisMetricsPort, protocol: "TCP" }],
              readinessProbe: { httpGet: { path: "/health", port: "metrics" }, periodSeconds: 15, timeoutSeconds: 3 },
              livenessProbe: { httpGet: { path: "/health", port: "metrics" }, initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 3 },
              resources: resources("10m", "32Mi"),
              securityContext: restrictedContainer(),
            },
          ],
          volumes: [{ name: "data", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };

  return [
    deployment,
    clusterService(name, selectorLabels(name), ns, component, [
      { name: "redis", port: redisPort },
      { name: "metrics", port: redisMetricsPort },
    ]),
    networkPolicy(name, ns, selectorLabels(name), { clients: [redisPort], peers: [], metrics: [redisMetricsPort] }),
  ];
}
