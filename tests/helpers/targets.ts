import type { DigitConfig } from "../../config/schema";
import type { Target } from "../../providers/target";
import type { ProvidedConfig } from "../../components/services/plan";
import { backboneEndpoints } from "../../components/backbone/endpoints";
import { egovConfigData } from "../../components/config/egov-config";
import { providedSecretKeys } from "../../components/config/shared-config";
import { integrationSecrets } from "../../components/config/integrations";

/** A Target stand-in for the pure layer (an SDC with in-cluster data stores): only the offers planning reads. */
export function fakeSdcTarget(c?: DigitConfig): Target {
  return {
    kind: "sdc",
    name: "pb",
    provider: undefined as never,
    storage: { staticVolumes: {}, standard: "iscsi-hdd" },
    database: { mode: "in-cluster" },
    objectStore: { mode: "minio" },
    exposure: { mode: "NodePort", httpPort: 32080, httpsPort: 32443 },
    registry: c?.target.kind === "sdc" && c.target.registry?.mirror ? { mirror: c.target.registry.mirror, pullSecretName: "regcred" } : {},
    readiness: [],
  };
}

/** The egov-config keys and Secrets the platform provides, as planServices' wiring check sees them. */
export function providedFor(config: DigitConfig, target: Target = fakeSdcTarget(config)): ProvidedConfig {
  const endpoints = backboneEndpoints(target.database, target.objectStore.mode === "minio");
  return {
    egovConfigKeys: Object.keys(egovConfigData({ domain: config.domain, stateTenantId: config.stateTenantId, endpoints, smsEnabled: false })),
    secrets: Object.fromEntries([...Object.entries(providedSecretKeys).map(([k, v]) => [k, [...v]]), ...Object.entries(integrationSecrets).map(([k, v]) => [k, v.keys])]),
  };
}
