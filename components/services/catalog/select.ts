/**
 * Which services a module selection deploys: the chosen modules plus every module they depend on
 * (transitively), with the reason each dependency was pulled in.
 */
import { closestName, ConfigError } from "../../../config/errors";
import { moduleRenameHint } from "../../../config/modules";
import type { Catalog, ModuleSpec, ServiceSpec } from "./types";
import { catalogLts } from "./lts";

function moduleSpec(catalog: Catalog, name: string): ModuleSpec {
  const m = catalog.modules.find((x) => x.name === name);
  if (m) return m;
  const choices = catalog.modules.map((x) => x.name);
  const hint = moduleRenameHint(name) ?? (closestName(name, choices)
      ? `did you mean "${closestName(name, choices)}"?`
      : undefined);
  throw new ConfigError([`digit:modules: unknown DIGIT module "${name}"${hint ? ` (${hint})` : ""}; choose from ${choices.join(", ")}`]);
}

/** The chosen modules and all they depend on, in catalog order. */
export function moduleClosure(modules: readonly string[], catalog: Catalog = catalogLts): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const m = moduleSpec(catalog, name);
    if (seen.has(m.name)) return;
    seen.add(m.name);
    m.dependsOn.forEach(visit);
  };
  modules.forEach(visit);
  return catalog.modules.filter((m) => seen.has(m.name)).map((m) => m.name);
}

/** Modules deployed only because a chosen module depends on them, each with the modules that need it. */
export function pulledInModules(modules: readonly string[], catalog: Catalog = catalogLts): Array<{ module: string; neededBy: string[] }> {
  const chosen = new Set(modules);
  const closure = moduleClosure(modules, catalog);
  return closure
    .filter((m) => !chosen.has(m))
    .map((m) => ({ module: m, neededBy: closure.filter((x) => x !== m && moduleSpec(catalog, x).dependsOn.includes(m)) }));
}

/** Services of the chosen modules and of the modules they depend on, in catalog order. */
export function selectServices(modules: readonly string[], catalog: Catalog = catalogLts): ServiceSpec[] {
  const chosen = new Set<string>(moduleClosure(modules, catalog));
  return catalog.modules.filter((m) => chosen.has(m.name)).flatMap((m) => m.services);
}

/** Every DIGIT service of the catalog. */
export function allServices(catalog: Catalog = catalogLts): ServiceSpec[] {
  return catalog.modules.flatMap((m) => m.services);
}

/** The catalog's service of that name, or undefined. */
export function findService(name: string, catalog: Catalog = catalogLts): ServiceSpec | undefined {
  return allServices(catalog).find((s) => s.name === name);
}

/** Module names of the catalog, in catalog order. */
export function catalogModuleNames(catalog: Catalog = catalogLts): string[] {
  return catalog.modules.map((m) => m.name);
}

/**
 * digit:excludeModules against the selection: a module listed there that the closure would deploy
 * is a problem line naming the chosen module that needs it (or saying it is chosen itself).
 */
export function excludedModuleProblems(modules: readonly string[], excluded: readonly string[], catalog: Catalog = catalogLts): string[] {
  if (!excluded.length) return [];
  const chosen = new Set(modules);
  const closure = new Set(moduleClosure(modules, catalog));
  const pulled = new Map(pulledInModules(modules, catalog).map((p) => [p.module, p.neededBy]));
  // the chosen modules that bring it in (directly or through another)
  const bringers = (m: string) => modules.filter((c) => moduleClosure([c], catalog).includes(m));
  return excluded
    .filter((m) => closure.has(m))
    .map((m) =>
      chosen.has(m)
        ? `digit:excludeModules: ${m} is also in digit:modules; keep it in one of them`
        : `digit:excludeModules: ${m} is needed by ${pulled.get(m)!.join(", ")} (their services call ${m}'s); remove ${m} from digit:excludeModules, or ${bringers(m).join(" and ")} from digit:modules`,
    );
}
