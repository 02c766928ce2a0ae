import type * as pulumi from "@pulumi/pulumi";
import type { DigitConfig } from "../../config/schema";
import type { BackboneEndpoints } from "../backbone/endpoints";
import { namespaces } from "../namespaces";
import type { PlannedService } from "../services/plan";
import type { EnvSource } from "../services/spec";
import { javaAgentMetrics } from "../services/java-agent";
import type { OperationsSettings } from "./settings";

/** What operations needs to know of one deployed DIGIT service (from the platform's plan). */
export interface ServiceFacts {
  name: string;
  namespace: string;
  port: number;
  /** readiness (else liveness) path; undefined = the service has no health endpoint */
  healthPath?: string;
  /** the port the health path answers on; default `port` */
  healthPort?: number;
  /** the OpenTelemetry Java agent's Prometheus endpoint (Service port name and path); undefined = nothing to scrape */
  metrics?: { port: string; path: string };
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
    // eGov's probes answer on the service's port; a health path the platform adds may have its own
    const egov = spec.probes?.readiness?.path ?? spec.probes?.liveness?.path;
    return {
      name: spec.name,
      namespace: namespaces.services,
      port: spec.port ?? 8080,
      healthPath: egov ?? spec.health?.readiness ?? spec.health?.liveness,
      healthPort: egov ? undefined : spec.health?.port?.containerPort,
      metrics: spec.javaAgent?.metrics ? { port: javaAgentMetrics.name, path: javaAgentMetrics.path } : undefined,
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
 * DIGIT's Jaeger clients (jaeger-client-java 0.31, `Configuration.fromEnv()`), made consistent with
 * what runs. DIGIT's chart points them at the node's IP and asks a remote sampler on
 * `$(JAEGER_AGENT_HOST):5778/?service=<name>`, which nothing here serves (the collector's
 * jaegerremotesampling extension answers `/sampling` only): the client would keep its initial
 * 0.001. So the sampler is made probabilistic at the configured rate (the client then asks no
 * server) and spans go to the collector's jaeger receiver. In DIGIT 2.9's Java images the tracer
 * library builds no Jaeger tracer at all (vendor/egov-digit-core/): their spans come from the
 * OpenTelemetry Java agent (wireJavaAgent), and DIGIT's own tracer stays a no-op
 * (TRACER_OPENTRACING_ENABLED=false) so no service is traced twice. Without tracing, the clients
 * are switched off. A value the stack sets itself (digit:services.<name>.env) is kept.
 */
export function tracingEnv(settings: Pick<OperationsSettings, "tracing">, javaSpring = false): EnvSource[] {
  if (!settings.tracing) return [{ name: "TRACER_OPENTRACING_ENABLED", value: "false" }];
  return [
    { name: "JAEGER_AGENT_HOST", value: collectorHost },
    { name: "JAEGER_SAMPLER_TYPE", value: "probabilistic" },
    { name: "JAEGER_SAMPLER_PARAM", value: String(settings.tracing.sampleRate) },
    ...(javaSpring ? [{ name: "TRACER_OPENTRACING_ENABLED", value: "false" }] : []),
  ];
}

/** The plan's services with the tracing env applied to those that run DIGIT's Jaeger client. */
export function wireTracing(services: PlannedService[], settings: Pick<OperationsSettings, "tracing">, overrides: DigitConfig["services"]): PlannedService[] {
  return services.map((s) => {
    if (!s.spec.env.some((e) => e.name === "JAEGER_SERVICE_NAME")) return s;
    const extra = tracingEnv(settings, s.spec.runtime === "java");
    const own = overrides[s.spec.name]?.env ?? {};
    const changes = new Map(extra.filter((e) => !(e.name in own)).map((e) => [e.name, e]));
    if (!changes.size) return s;
    const env = s.spec.env.map((e) => changes.get(e.name) ?? e);
    for (const [name, e] of changes) if (!env.some((x) => x.name === name)) env.push(e);
    return { ...s, spec: { ...s.spec, env } };
  });
}

/** The OTLP/HTTP base URL of the tracing collector (the Java agent appends /v1/traces). */
export const collectorOtlpHttp = `http://${collectorHost}:4318`;

/** Spring Boot's actuator on its own port, for services eGov's chart gives no probe. */
export const managementPort = { name: "management", containerPort: 8081 };
/** Non-heap memory the Java agent's classes and buffers take, added to each Java service's limit (the heap stays as planned). */
export const javaAgentMemoryMiB = 96;

/**
 * Every Java service (the catalog's `runtime: java`, from the image's source) gets the OpenTelemetry Java agent
 * when monitoring or tracing runs: metrics for Prometheus, spans at the configured rate. Its memory
 * limit grows by javaAgentMemoryMiB; the heap (JAVA_OPTS, already decided from the old limit) does
 * not. A Java service without a health path gets one that tests readiness: DIGIT's images are
 * Spring Boot with the actuator (DIGIT's tracer library depends on it), whose `health` endpoint
 * answers 503 until the application and its DataSource are up; its path under the servlet context
 * differs from service to service (`/<context>/health`, `/<context>/actuator/health`), so the
 * actuator moves to its own port, where no context path applies, at `/health`
 * (`management.server.port`, `management.port` in Spring Boot 1, `management.endpoints.web.base-path`).
 * The mail check is left out of it: an SMTP relay being down must not take egov-notification-mail
 * out of its Kafka work.
 */
export function wireJavaAgent(services: PlannedService[], settings: Pick<OperationsSettings, "monitoring" | "tracing">): PlannedService[] {
  const metrics = !!settings.monitoring;
  const traces = settings.tracing ? { endpoint: collectorOtlpHttp, sampleRate: settings.tracing.sampleRate } : undefined;
  return services.map((s) => {
    // Spring Boot images only: an agent on eGov's WildFly can stop it starting (catalog appServer)
    if (s.spec.runtime !== "java" || s.spec.appServer) return s;
    const spec = { ...s.spec };
    if (metrics || traces) {
      spec.javaAgent = { metrics, ...(traces ? { traces } : {}) };
      spec.memoryMiB += javaAgentMemoryMiB;
    }
    // eGov's charts give most services probes; only those without get the actuator's port
    if (!spec.probes?.readiness && !spec.probes?.liveness && !spec.health?.readiness && !spec.health?.liveness) {
      const port = String(managementPort.containerPort);
      spec.env = [
        ...spec.env,
        ...[
          { name: "MANAGEMENT_SERVER_PORT", value: port },
          { name: "MANAGEMENT_PORT", value: port },
          { name: "MANAGEMENT_ENDPOINTS_WEB_BASEPATH", value: "/" },
          { name: "MANAGEMENT_HEALTH_MAIL_ENABLED", value: "false" },
        ].filter((e) => !spec.env.some((x) => x.name === e.name)),
      ];
      spec.health = { readiness: "/health", port: managementPort };
    }
    return { ...s, spec };
  });
}
