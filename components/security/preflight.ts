import { ConfigError } from "../../config/errors";
import type { DigitConfig } from "../../config/schema";
import { backboneSizing } from "../backbone/sizing";
import { checkIntegrationSecrets } from "../config/integrations";
import { resolveTls } from "../edge/tls";
import { operationsSettings } from "../operations/settings";
import { checkOverrides, excludedModuleProblems, memoryFor, selectServices, unrenderedMemoryMiB, type ServiceSpec } from "../services/catalog";
import { heapProblem, maxHeapShare } from "../../config/load";

/** Overrides checked against what the catalog says of each service (its memory, its DB migration). */
function overrideProblems(config: DigitConfig, selected: readonly Pick<ServiceSpec, "name" | "memoryMiB" | "javaOpts" | "dbMigration">[]): string[] {
  const out: string[] = [];
  for (const s of selected) {
    const o = config.services[s.name];
    if (!o) continue;
    // the heap against the catalog's memory when the override gives no memory of its own (load.ts checks both given)
    if (o.heap && !o.resources?.memory) {
      const p = heapProblem(`digit:services.${s.name}.heap`, o.heap, memoryFor(s, unrenderedMemoryMiB), maxHeapShare.service, `digit:services.${s.name}.resources.memory`);
      if (p) out.push(p);
    }
    if (o.tag?.startsWith("sha256:") && s.dbMigration && !o.migrationTag)
      out.push(`digit:services.${s.name}.migrationTag: ${s.name} runs a DB migration image, and a digest names one image only: give the migration image's own tag or digest`);
  }
  return out;
}

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
  problems.push(...excludedModuleProblems(config.modules, config.excludeModules ?? []));
  const selected = selectServices(config.modules);
  if (selected.some((x) => x.runtime === "nginx") && config.edge.tls?.mode === "none" && !(config.security.allowPlaintext ?? []).includes("edge"))
    problems.push(
      "digit:edge.tls.mode: none with module web-apps: citizens would log in over plain HTTP and browsers refuse location access to the complaint forms on an insecure page; use acme or provided (or leave digit:edge.tls out for a self-signed certificate in dev), or allow it on purpose with digit:security.allowPlaintext: [edge]",
    );
  problems.push(...checkOverrides(config.services, selected));
  problems.push(...overrideProblems(config, selected));
  collect(() => resolveTls(config));
  collect(() => operationsSettings(config));
  collect(() => backboneSizing(config));
  if (problems.length) throw new ConfigError([...new Set(problems)]);
}
