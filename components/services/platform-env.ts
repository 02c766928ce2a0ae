/**
 * Env the platform sets on DIGIT services from the place and the config, where eGov's environment
 * holds its own deployment's values. Keyed by what the catalog says a service reads (an env name
 * in its eGov env), never by a list of service names, so a new release that reads the same
 * setting gets it too. Each name set here is listed in components/services/catalog/deviations.ts.
 */
import type { DigitConfig } from "../../config/schema";
import type { Target } from "../../providers/target";
import type { BackboneEndpoints } from "../backbone/endpoints";
import { allServices } from "./catalog";
import type { PlatformEnv } from "./plan";
import type { DigitServiceSpec, EnvSource } from "./spec";

export interface PlatformEnvInputs {
  target: Target;
  config: DigitConfig;
  endpoints: BackboneEndpoints;
  /** DIGIT's public URL, e.g. https://digit.punjab.gov.in/ */
  publicUrl: string;
  /** egov-filestore's env and volume for the place's object store (components/backbone/objectstore.ts) */
  filestore: { env: EnvSource[] };
}

const reads = (name: string) => allServices().filter((s) => s.env.some((e) => e.name === name));
/** Services whose image defaults the property this env overrides to a URL outside the cluster, and whose chart leaves it so. */
const defaultsOutside = (name: string) => allServices().filter((s) => s.externalDefaults?.some((d) => d.env === name) && !s.env.some((e) => e.name === name));

function add(out: PlatformEnv, service: string, env: EnvSource[], extraVolumes?: DigitServiceSpec["extraVolumes"]) {
  const cur = out[service] ?? {};
  out[service] = { env: [...(cur.env ?? []), ...env], extraVolumes: [...(cur.extraVolumes ?? []), ...(extraVolumes ?? [])] };
  if (!out[service].extraVolumes!.length) delete out[service].extraVolumes;
}

export function platformServiceEnv(i: PlatformEnvInputs): PlatformEnv {
  const out: PlatformEnv = {};
  // egov-filestore stores files where the place keeps them: its bucket or MinIO.
  for (const s of reads("FIXED_BUCKETNAME")) add(out, s.name, i.filestore.env);
  // Clients that build Elasticsearch URLs from a scheme of their own speak the backbone's.
  const esScheme = new URL(i.endpoints.elasticsearch.url).protocol.replace(":", "");
  for (const s of reads("ES_HOST_SCHEMA")) add(out, s.name, [{ name: "ES_HOST_SCHEMA", value: esScheme }]);
  // Services that read persister configs (audit-service audits what egov-persister persists) default
  // to files on eGov's test branches at raw.githubusercontent.com: they read the persister's own list.
  const persister = allServices().find((s) => s.name === "egov-persister")?.env.find((e) => e.name === "EGOV_PERSIST_YML_REPO_PATH");
  if (persister && "value" in persister)
    for (const s of defaultsOutside("EGOV_PERSIST_YML_REPO_PATH")) add(out, s.name, [{ name: "EGOV_PERSIST_YML_REPO_PATH", value: persister.value }]);
  // The URL shortener's per-tenant hosts (used in central-instance mode) default to eGov's servers.
  for (const s of defaultsOutside("EGOV_UI_APP_HOST_MAP"))
    add(out, s.name, [{ name: "EGOV_UI_APP_HOST_MAP", value: JSON.stringify({ [i.config.stateTenantId]: i.publicUrl.replace(/\/$/, "") }) }]);
  return out;
}
