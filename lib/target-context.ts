import type { DigitConfig } from "../config/schema";
import type { PlatformConfig } from "../config/load";
import type { TargetContext } from "../providers/target";
import { preflight } from "../components/security/preflight";
import { withTargetSection } from "../components/config/own-target";

/**
 * What a target factory is told besides its own config section, derived from the validated
 * config in one place: the sizing profile, `digit:backbone.protect`, the state tenant, the domain
 * and the rotation counters of the database password and the object store's signing keys (`digit:security.rotation.database`, `.objectStore`). Every
 * program, this repository's and an integrator's, builds the context here, so none drops a field.
 *
 * It first runs the platform's pre-flight checks (components/security/preflight.ts), the ones
 * that need no target: a bad `digit:services` key or TLS setting fails here, before a cloud
 * target starts creating its network and cluster. Throws ConfigError with every problem.
 */
export function targetContext(config: DigitConfig | PlatformConfig): TargetContext {
  preflight(withTargetSection(config));
  return {
    profile: config.profile,
    protect: config.backbone.protect,
    stateTenantId: config.stateTenantId,
    domain: config.domain,
    databaseRotation: config.security.rotation?.database,
    objectStoreRotation: config.security.rotation?.objectStore,
  };
}
