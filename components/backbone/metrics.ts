import { namespaces } from "../namespaces";
import { selectorLabels } from "../meta";
import { backboneServiceNames } from "./endpoints";
import { esClusterName, esPorts } from "./elasticsearch";
import { kafkaPorts } from "./kafka";
import { minioPort } from "./objectstore";
import type { BackbonePlan } from "./plan";
import { pgClusterName, pgMetricsPort } from "./postgres";
import { redisMetricsPort } from "./redis";

/** One scrape target of the backbone, for the monitoring stack's PodMonitors (the NetworkPolicies admit exactly these). */
export interface MetricsTarget {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  /** container port name and number */
  port: string;
  portNumber: number;
  path: string;
}

export function metricsTargets(plan: BackbonePlan): MetricsTarget[] {
  const out: MetricsTarget[] = [];
  if (plan.postgres.mode === "in-cluster")
    out.push({ name: "postgres", namespace: namespaces.backbone, selector: { "cnpg.io/cluster": pgClusterName }, port: "metrics", portNumber: pgMetricsPort, path: "/metrics" });
  out.push(
    { name: "redis", namespace: namespaces.backbone, selector: selectorLabels(backboneServiceNames.redis), port: "metrics", portNumber: redisMetricsPort, path: "/metrics" },
    { name: "redis-cache", namespace: namespaces.backbone, selector: selectorLabels(backboneServiceNames.redisCache), port: "metrics", portNumber: redisMetricsPort, path: "/metrics" },
    { name: "kafka", namespace: namespaces.kafka, selector: selectorLabels(`${backboneServiceNames.kafka}-exporter`), port: "metrics", portNumber: kafkaPorts.exporter, path: "/metrics" },
    { name: "elasticsearch", namespace: namespaces.elasticsearch, selector: selectorLabels(`${esClusterName}-exporter`), port: "metrics", portNumber: esPorts.exporter, path: "/metrics" },
  );
  if (plan.objectStore.minio)
    out.push({ name: "minio", namespace: namespaces.backbone, selector: selectorLabels(backboneServiceNames.minio), port: "api", portNumber: minioPort, path: "/minio/v2/metrics/cluster" });
  return out;
}
