/**
 * Which services a module selection deploys: the chosen modules plus every module they depend on
 * (transitively). backbone and authn-authz are provided by the platform itself, so they add no
 * services.
 */
import { selectableModules } from "../../../config/modules";
import type { Catalog, CatalogModuleName, ModuleName, ModuleSpec, ServiceSpec } from "./types";
import { catalogV29 } from "./v2.9";

function moduleSpec(catalog: Catalog, name: string): ModuleSpec {
  const m = catalog.modules.find((x) => x.name === name);
  if (!m) {
    const choices = catalog.modules.filter((x) => !x.providedByPlatform).map((x) => x.name);
    throw new Error(`unknown DIGIT module "${name}": choose from ${choices.join(", ")}`);
  }
  return m;
}

/** The chosen modules and all they depend on, in catalog order, platform-provided modules left out. */
export function moduleClosure(modules: readonly string[], catalog: Catalog = catalogV29): ModuleName[] {
  const seen = new Set<CatalogModuleName>();
  const visit = (name: string) => {
    const m = moduleSpec(catalog, name);
    if (seen.has(m.name)) return;
    seen.add(m.name);
    m.dependsOn.forEach(visit);
  };
  modules.forEach(visit);
  return catalog.modules.filter((m) => seen.has(m.name) && !m.providedByPlatform).map((m) => m.name as ModuleName);
}

/** Services of the chosen modules and of the modules they depend on, in catalog order. */
export function selectServices(modules: readonly string[], catalog: Catalog = catalogV29): ServiceSpec[] {
  const chosen = new Set<string>(moduleClosure(modules, catalog));
  return catalog.modules.filter((m) => chosen.has(m.name)).flatMap((m) => m.services);
}

/** Every DIGIT service of the catalog. */
export function allServices(catalog: Catalog = catalogV29): ServiceSpec[] {
  return catalog.modules.flatMap((m) => m.services);
}

/** The catalog's service of that name, or undefined. */
export function findService(name: string, catalog: Catalog = catalogV29): ServiceSpec | undefined {
  return allServices(catalog).find((s) => s.name === name);
}

/** Selectable module names of the catalog, in catalog order (they must equal config/modules.ts). */
export function catalogModuleNames(catalog: Catalog = catalogV29): string[] {
  return catalog.modules.filter((m) => !m.providedByPlatform).map((m) => m.name);
}

export { selectableModules };
