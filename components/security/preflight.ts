import { ConfigError } from "../../config/errors";
import type { DigitConfig } from "../../config/schema";
import { backboneSizing } from "../backbone/sizing";
import { checkIntegrationSecrets } from "../config/integrations";
import { resolveTls } from "../edge/tls";
import { operationsSettings } from "../operations/settings";
import { checkOverrides, selectServices } from "../services/catalog";

/**
 * The platform's config checks that need no target, run before the target registers anything:
 * otherwise a typo in digit:services would only surface after a cloud target had started
 * creating its network and cluster. Throws one ConfigError with every problem found.
 */
export function preflight(config: DigitConfig): void {
  const problems: string[] = [];
  const collect = (check: () => unknown) => {
    try {
      check();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  };
  collect(() => checkIntegrationSecrets(config));
  problems.push(...checkOverrides(config.services, selectServices(config.modules)));
  collect(() => resolveTls(config));
  collect(() => operationsSettings(config));
  collect(() => backboneSizing(config));
  if (problems.length) throw new ConfigError([...new Set(problems)]);
}
