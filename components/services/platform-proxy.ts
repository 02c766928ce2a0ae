import type { DigitConfig } from "../../config/schema";
import type { ProxyOffer, Target } from "../../providers/target";
import type { BackboneEndpoints } from "../backbone/endpoints";
import { namespaces } from "../namespaces";
import { operationsNamespaces } from "../operations/settings";
import type { DigitServiceSpec } from "./spec";
import { hostsOf, withPlatformNoProxy } from "./proxy";

/**
 * The proxy every pod of the platform gets: the place's, with every DIGIT namespace (services
 * call `<service>.<namespace>`) and every backbone or object-store host the platform hands a
 * service kept direct.
 */
export function platformProxy(target: Pick<Target, "proxy" | "objectStore">, config: DigitConfig, endpoints: BackboneEndpoints): ProxyOffer | undefined {
  const os = target.objectStore;
  return withPlatformNoProxy(target.proxy, {
    namespaces: [...new Set([...Object.values(namespaces), ...operationsNamespaces(config)])],
    hosts: hostsOf([
      endpoints.postgres.host,
      ...endpoints.kafkaBrokers.split(","),
      endpoints.elasticsearch.url,
      `${endpoints.redis.host}:${endpoints.redis.port}`,
      endpoints.minioUrl,
      // an S3-compatible store the state runs (its own address); a cloud bucket stays behind the proxy
      os.mode === "s3" ? os.endpoint : undefined,
    ]),
  });
}

/** What the plan says about a proxy the JVMs cannot fully use. */
export function proxyWarnings(proxy: ProxyOffer | undefined, services: readonly DigitServiceSpec[]): string[] {
  if (!proxy?.credentials) return [];
  const java = services.filter((s) => s.runtime === "java").length;
  if (!java) return [];
  return [
    `digit:target.proxy.username: ${java} Java services reach the proxy without its credentials: the JDK has no property for them (and prints JAVA_TOOL_OPTIONS to the log), ` +
      `so allow the cluster's egress addresses on the proxy without a login; Node services, git-sync and cert-manager use the credentials from the Secret digit-proxy`,
  ];
}
