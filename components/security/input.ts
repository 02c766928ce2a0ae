import type { DigitConfig } from "../../config/schema";
import type { Target } from "../../providers/target";
import type { BackboneEndpoints } from "../backbone/endpoints";
import { namespaces } from "../namespaces";
import { alertingEgress } from "../operations/alertmanager";
import { edgeMetricsPorts, inClusterAddress, loggingPorts, type BackboneAddress, type IsolationInput } from "./flows";

/** What the platform knows that the isolation is derived from. */
export interface IsolationFacts {
  config: DigitConfig;
  target: Pick<Target, "kind" | "database" | "proxy" | "apiServerCidrs">;
  /** every namespace the platform creates */
  namespaces: readonly string[];
  /** container ports of the deployed DIGIT services */
  servicePorts: readonly number[];
  /** ports of DIGIT's services only monitoring reaches (the Java agent's metrics, a separate actuator port); default none */
  scrapePorts?: readonly number[];
  endpoints: BackboneEndpoints;
  /** the edge issues its certificate through ACME */
  acme: boolean;
  /** the backbone's scrape targets (Backbone.metrics), when the backbone runs in-cluster */
  backboneMetrics?: ReadonlyArray<{ name?: string; namespace: string; portNumber: number }>;
}

function portOf(url: string): number | undefined {
  try {
    const u = new URL(url);
    return Number(u.port || (u.protocol === "https:" ? 443 : u.protocol === "http:" ? 80 : NaN)) || undefined;
  } catch {
    return undefined;
  }
}

function proxyPorts(proxy: Target["proxy"]): number[] {
  const out: number[] = [];
  for (const url of [proxy?.http, proxy?.https]) {
    if (!url) continue;
    const u = new URL(url);
    out.push(Number(u.port || (u.protocol === "https:" ? 443 : 80)));
  }
  return out;
}

/** The isolation's input from the platform's facts (pure). */
export function isolationInput(f: IsolationFacts): IsolationInput {
  const known = [namespaces.backbone, namespaces.kafka, namespaces.elasticsearch];
  const e = f.endpoints;
  const backbone = [
    typeof e.postgres.host === "string" ? inClusterAddress("postgres", `${e.postgres.host}:${e.postgres.port}`, known) : undefined,
    inClusterAddress("redis", `${e.redis.host}:${e.redis.port}`, known),
    ...e.kafkaBrokers.split(",").map((b) => inClusterAddress("kafka", b.trim(), known)),
    inClusterAddress("elasticsearch", e.elasticsearch.url, known, 9200),
    e.minioUrl ? inClusterAddress("minio", e.minioUrl, known, 9000) : undefined,
  ].filter((b): b is BackboneAddress => !!b);
  const unique = [...new Map(backbone.map((b) => [`${b.namespace}:${b.port}`, b])).values()];

  const scrape: Record<string, number[]> = { [namespaces.edge]: edgeMetricsPorts, [namespaces.logging]: [loggingPorts.loki, loggingPorts.alloyMetrics] };
  for (const m of f.backboneMetrics ?? []) scrape[m.namespace] = [...(scrape[m.namespace] ?? []), m.portNumber];
  if (f.scrapePorts?.length) scrape[namespaces.services] = [...f.scrapePorts];

  const sec = f.config.security;
  // Parts the backbone serves metrics for itself need no exporter in monitoring, so no client access from there.
  const measured = new Set((f.backboneMetrics ?? []).map((m) => m.name));
  const monitoringClients = unique.filter((b) => !measured.has(b.part));
  const webhook = f.config.operations.alerting?.webhook;
  return {
    namespaces: f.namespaces,
    servicePorts: [...new Set(f.servicePorts)].sort((a, b) => a - b),
    backbone: unique,
    externalDatabasePort: f.target.database.mode === "external" ? f.target.database.port : undefined,
    proxyPorts: proxyPorts(f.target.proxy),
    metadataServer: f.target.kind === "gcp",
    acme: f.acme,
    scrape,
    ingressManagedElsewhere: known,
    internetPorts: sec?.internetPorts,
    extraEgress: [...(sec?.egress ?? []).map((x) => ({ namespace: x.namespace, cidr: x.cidr, ports: x.ports })), ...alertingEgress(f.config)],
    apiServerCidrs: f.target.apiServerCidrs,
    monitoringClients,
    alertWebhookPort: webhook ? portOf(webhook) : undefined,
  };
}
