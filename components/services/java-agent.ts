import { imageRef, utilityImages } from "../images";
import type { DigitServiceSpec, EnvSource } from "./spec";

/**
 * The OpenTelemetry Java agent, added to DIGIT's Java services without changing eGov's images:
 * an init container copies the agent's jar (the OpenTelemetry Operator's published
 * `autoinstrumentation-java` image holds it at /javaagent.jar) into an emptyDir, and
 * JAVA_TOOL_OPTIONS loads it. The JVM reads JAVA_TOOL_OPTIONS itself, whatever the image's
 * entrypoint passes. The agent serves Prometheus metrics (HTTP server, JVM, connection pools) and,
 * when tracing runs, sends spans over OTLP at the configured sampling ratio. What it reads and
 * exports is recorded in vendor/opentelemetry-java-agent/ (version 2.28.1, SDK 1.62.0).
 */
export const javaAgentDir = "/otel-auto-instrumentation-java";
export const javaAgentJar = `${javaAgentDir}/javaagent.jar`;
/** the agent's Prometheus endpoint: container and Service port `metrics` */
export const javaAgentMetrics = { name: "metrics", port: 9464, path: "/metrics" } as const;

/** What the agent does in one service (set by the platform, components/operations/wiring.ts). */
export interface JavaAgentSpec {
  /** serve Prometheus metrics on javaAgentMetrics.port */
  metrics: boolean;
  /** send spans: the collector's OTLP/HTTP base URL and the share of traces kept (0..1); default none (no spans) */
  traces?: { endpoint: string; sampleRate: number };
}

/** The agent's configuration as the env its SDK reads (otel.* properties, upper-cased, dots as underscores). */
export function javaAgentEnv(service: string, a: JavaAgentSpec): EnvSource[] {
  const env: EnvSource[] = [
    { name: "OTEL_SERVICE_NAME", value: service },
    { name: "OTEL_METRICS_EXPORTER", value: a.metrics ? "prometheus" : "none" },
    { name: "OTEL_TRACES_EXPORTER", value: a.traces ? "otlp" : "none" },
    { name: "OTEL_LOGS_EXPORTER", value: "none" },
  ];
  if (a.metrics)
    // SDK 1.62 binds the exporter to localhost unless told: Prometheus scrapes the pod's address.
    env.push({ name: "OTEL_EXPORTER_PROMETHEUS_HOST", value: "0.0.0.0" }, { name: "OTEL_EXPORTER_PROMETHEUS_PORT", value: String(javaAgentMetrics.port) });
  if (a.traces)
    env.push(
      { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" },
      { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: a.traces.endpoint },
      // A request arriving with a sampled parent stays traced across services; new roots follow the ratio.
      { name: "OTEL_TRACES_SAMPLER", value: "parentbased_traceidratio" },
      { name: "OTEL_TRACES_SAMPLER_ARG", value: String(a.traces.sampleRate) },
    );
  return env;
}

/**
 * Add parts to JAVA_TOOL_OPTIONS: the value the env already has (the proxy's -D properties, a
 * stack's own) comes first, then the parts, space-separated. A service whose JAVA_TOOL_OPTIONS
 * comes from a ConfigMap or Secret cannot be composed and is refused.
 */
export function withJavaToolOptions(service: string, env: readonly EnvSource[], parts: readonly string[]): EnvSource[] {
  if (!parts.length) return [...env];
  const i = env.findIndex((e) => e.name === "JAVA_TOOL_OPTIONS");
  if (i < 0) return [...env, { name: "JAVA_TOOL_OPTIONS", value: parts.join(" ") }];
  const current = env[i];
  if (!("value" in current))
    throw new Error(`${service}: JAVA_TOOL_OPTIONS is read from a ConfigMap or Secret, so the Java agent cannot be added to it: set it as a literal (digit:services.${service}.env)`);
  const value = [current.value.trim(), ...parts].filter((p) => p).join(" ");
  return env.map((e, j) => (j === i ? { name: e.name, value } : e));
}

/** The pod's part: the volume, the init container that fills it, and the main container's mount. */
export function javaAgentPod(mirror: string | undefined, securityContext: Record<string, unknown>) {
  const volume = { name: "otel-agent", emptyDir: { sizeLimit: "128Mi" } };
  const mount = { name: "otel-agent", mountPath: javaAgentDir, readOnly: true };
  const initContainer = {
    name: "otel-agent",
    image: imageRef(utilityImages.javaAgent.image, utilityImages.javaAgent.tag, mirror),
    imagePullPolicy: "IfNotPresent",
    command: ["cp", "/javaagent.jar", javaAgentJar],
    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
    securityContext,
    volumeMounts: [{ name: "otel-agent", mountPath: javaAgentDir }],
  };
  return { volume, mount, initContainer, toolOptions: [`-javaagent:${javaAgentJar}`] };
}

/** Ports of DIGIT's services only monitoring reaches: the agent's metrics and a separate actuator port. */
export function scrapePortsOf(specs: readonly DigitServiceSpec[]): number[] {
  const ports = new Set<number>();
  for (const s of specs) {
    if (s.javaAgent?.metrics) ports.add(javaAgentMetrics.port);
    if (s.health?.port) ports.add(s.health.port.containerPort);
  }
  return [...ports].sort((a, b) => a - b);
}
