/**
 * DIGIT modules a stack can select (digit:modules): the modules of the catalog, generated from
 * eGov's DIGIT 2.9 LTS deployment (components/services/catalog). DIGIT 2.9's release chart
 * grouped services under other names; a stack that still uses one gets told where they went.
 */
import { catalogLts } from "../components/services/catalog/lts";

export const selectableModules = catalogLts.modules.map((m) => m.name) as [string, ...string[]];
export type ModuleName = string;

/** DIGIT 2.9 (pre-LTS) module names and the LTS module their services are in now. */
export const renamedModules: Readonly<Record<string, string>> = {
  core: "core-services",
  business: "common-services",
  m_core: "core-services",
  m_dss: "analytics",
  m_accelarators: "core-services",
  "authn-authz": "core-services",
};

/** A hint for a module name of DIGIT 2.9, or undefined. */
export function moduleRenameHint(name: string): string | undefined {
  const to = renamedModules[name];
  return to ? `"${name}" is a DIGIT 2.9 module; in DIGIT ${catalogLts.version} its services are in module ${to}` : undefined;
}

/** eGov's git SSH address as the HTTPS URL a public clone needs (git@github.com:egovernments/configs -> https://github.com/egovernments/configs.git). */
export function httpsGitUrl(repo: string): string {
  const ssh = /^git@([^:]+):(.+?)(\.git)?$/.exec(repo);
  return ssh ? `https://${ssh[1]}/${ssh[2]}.git` : repo;
}

/** eGov's configuration repositories and the branch its LTS environment pulls (egov-mdms-data and configs at UNIFIED-QA). */
export function egovConfigRepo(dir: "configs" | "egov-mdms-data"): { url: string; ref: string } {
  const found = catalogLts.modules.flatMap((m) => m.services).flatMap((s) => (s.configRepo?.dir === dir ? [s.configRepo] : []));
  const refs = [...new Set(found.map((r) => `${httpsGitUrl(r.repo)}@${r.branch}`))];
  if (refs.length !== 1) throw new Error(`the catalog's services clone ${dir} from ${refs.length ? refs.join(", ") : "nowhere"}: expected one repository and branch`);
  return { url: httpsGitUrl(found[0].repo), ref: found[0].branch };
}
