/**
 * digit:services overrides must name deployed services: an override of a service that is not
 * deployed would silently do nothing.
 */
import { editDistance } from "../../../config/errors";
import { allServices, findService } from "./select";

export { editDistance };
import type { Catalog, ServiceSpec } from "./types";
import { catalogLts } from "./lts";

/**
 * The catalog service a mistyped name most likely means: one that contains it (or that it contains),
 * else the nearest by edit distance when that distance is small; undefined when nothing is close.
 */
export function closestService(name: string, catalog: Catalog = catalogLts): string | undefined {
  const wanted = name.toLowerCase();
  const byDistance = allServices(catalog)
    .map((s) => ({ name: s.name, d: editDistance(wanted, s.name) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const containing = byDistance.find((c) => c.name.includes(wanted) || wanted.includes(c.name));
  if (containing) return containing.name;
  const best = byDistance[0];
  return best && best.d <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** Problems of per-service overrides (keys of digit:services), one message each; empty: all apply. */
export function checkOverrides(
  overrides: Record<string, unknown>,
  services: readonly ServiceSpec[],
  catalog: Catalog = catalogLts,
): string[] {
  const deployed = new Set(services.map((s) => s.name));
  const problems: string[] = [];
  for (const name of Object.keys(overrides)) {
    if (deployed.has(name)) continue;
    const key = `digit:services.${name}`;
    const svc = findService(name, catalog);
    const ex = catalog.excluded.find((x) => x.name === name);
    if (svc)
      problems.push(`${key}: ${name} is not deployed: it belongs to module ${svc.module}; add ${svc.module} to digit:modules or remove the override`);
    else if (ex) problems.push(`${key}: ${name} is not a DIGIT service deployed by this project (${ex.reason}): remove the override`);
    else {
      const near = closestService(name, catalog);
      problems.push(`${key}: no such service in DIGIT ${catalog.version}: ${near ? `did you mean ${near}?` : "remove the override or name a DIGIT service"}`);
    }
  }
  return problems;
}
