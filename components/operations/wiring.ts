import type * as pulumi from "@pulumi/pulumi";
import type { DigitConfig } from "../../config/schema";
import type { BackboneEndpoints } from "../backbone/endpoints";
import { namespaces } from "../namespaces";
import type { PlannedService } from "../services/plan";
import type { EnvSource } from "../services/spec";
import type { OperationsSettings } from "./settings";

/** What operations needs to know of one deployed DIGIT service (from the platform's plan). */
export interface ServiceFacts {
  name: string;
  namespace: string;
  port: number;
  /** readiness (else liveness) path; undefined = the service has no health endpoint */
  healthPath?: string;
  /** Spring Boot's Micrometer endpoint under the service's context path (DIGIT's management base path is `/`) */
  metricsPath: string;
  /** whether the service runs DIGIT's Jaeger client (its env names JAEGER_SERVICE_NAME) */
  tracing: boolean;
}

/** Where the backbone's parts answer, for the exporters and probes. Absent = not deployed. */
export interface BackboneFacts {
  postgres?: { host: pulumi.Input<string>; port: number; database: string; sslMode: string; caFile?: string };
  kafka?: { bootstrap: string };
  elasticsearch?: { url: string };
  redis?: { host: string; port: number };
}

/** A metrics endpoint the backbone runs itself (components/backbone/metrics.ts MetricsTarget). */
export interface BackboneMetricsTarget {
  /** the backbone part: postgres, kafka, elasticsearch, redis, minio */
  name: string;
  namespace: string;
  /** labels of the pods serving it */
  selector: Record<string, string>;
  /** the container port's name */
  port: string;
  path: string;
}

/** The Service the DIGIT services' Jaeger clients send spans to and ask for their sampling strategy. */
export const collectorName = "otel-collector";
export const collectorHost = `${collectorName}.${namespaces.monitoring}`;

/** Facts of the deployed services, as the plan decided them. */
export function serviceFacts(services: readonly PlannedService[]): ServiceFacts[] {
  return services.map(({ spec }) => {
    const healthPath = spec.health?.readiness ?? spec.health?.liveness;
    const context = healthPath?.endsWith("/health") ? healthPath.slice(0, -"/health".length) : "";
    return {
      name: spec.name,
      namespace: namespaces.services,
      port: spec.port ?? 8080,
      healthPath,
      metricsPath: spec.appType === "java-spring" ? `${context}/prometheus` : "/metrics",
      tracing: spec.env.some((e) => e.name === "JAEGER_SERVICE_NAME"),
    };
  });
}

/** The backbone's addresses, from the same endpoints DIGIT's egov-config carries. */
export function backboneFacts(endpoints: BackboneEndpoints): BackboneFacts {
  return {
    postgres: endpoints.postgres,
    kafka: { bootstrap: endpoints.kafkaBrokers },
    elasticsearch: { url: endpoints.elasticsearch.url.replace(/\/$/, "") },
    redis: endpoints.redis,
  };
}

/**
 * DIGIT's Jaeger clients, made consistent with what runs. DIGIT's chart points them at the
 * node's IP (a Jaeger agent DaemonSet on every node); here the OpenTelemetry collector's Service
 * receives the same compact-thrift UDP on 6831 and serves the remote sampling strategy on 5778,
 * so only JAEGER_AGENT_HOST changes (JAEGER_SAMPLER_MANAGER_HOST_PORT is $(JAEGER_AGENT_HOST):5778
 * and follows). Without tracing, the clients are switched off instead of sending to nowhere.
 * A value the stack sets itself (digit:services.<name>.env) is kept.
 */
export function tracingEnv(settings: Pick<OperationsSettings, "tracing">): EnvSource[] {
  return settings.tracing
    ? [{ name: "JAEGER_AGENT_HOST", value: collectorHost }]
    : [{ name: "TRACER_OPENTRACING_ENABLED", value: "false" }];
}

/** The plan's services with the tracing env applied to those that run DIGIT's Jaeger client. */
export function wireTracing(services: PlannedService[], settings: Pick<OperationsSettings, "tracing">, overrides: DigitConfig["services"]): PlannedService[] {
  const extra = tracingEnv(settings);
  return services.map((s) => {
    if (!s.spec.env.some((e) => e.name === "JAEGER_SERVICE_NAME")) return s;
    const own = overrides[s.spec.name]?.env ?? {};
    const changes = new Map(extra.filter((e) => !(e.name in own)).map((e) => [e.name, e]));
    if (!changes.size) return s;
    const env = s.spec.env.map((e) => changes.get(e.name) ?? e);
    for (const [name, e] of changes) if (!env.some((x) => x.name === name)) env.push(e);
    return { ...s, spec: { ...s.spec, env } };
  });
}
