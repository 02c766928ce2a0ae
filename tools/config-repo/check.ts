/**
 * What a stack's DIGIT services read from its configuration repositories, and which of those
 * files a repository's tree lacks. eGov's own history is full of persister and indexer crash
 * loops from a file list written for one branch of egovernments/configs and deployed against
 * another; this is checked before `pulumi up`, and again by each pod's init step. Each file says
 * which DIGIT module it serves (the catalog's attribution), and MDMS is checked per module: the
 * `data/<stateTenantId>/<MDMS module>/` folders the deployed modules' services read.
 */
import { catalogLts, moduleClosure, selectServices } from "../../components/services/catalog";
import { deployedService } from "../../components/services/plan";
import type { DigitConfig } from "../../config/schema";

export type RepoKey = "configs" | "mdms";

export interface RequiredFile {
  /** path in the repository, or a glob (`egov-dss-dashboards/dashboard-analytics/*.json`) */
  path: string;
  /** the services that read it */
  services: string[];
  /** `dir`: the path must be a directory holding files (MDMS's tenant data, an MDMS module's masters) */
  kind?: "file" | "dir";
  /** the DIGIT modules it serves */
  modules?: string[];
  /** what it serves where that is no module of the catalog (sanitation, rainmaker-pgr, ...): eGov's list names it anyway */
  notDeployed?: string[];
  /** an MDMS module's folder: per module, its services that read these masters through egov-mdms-service */
  mdmsReaders?: Record<string, string[]>;
}

export interface RepoRequirement {
  key: RepoKey;
  /** the /work-dir folder it is cloned to */
  dir: string;
  url: string;
  ref: string;
  files: RequiredFile[];
}

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined) => [...new Set([...(a ?? []), ...(b ?? [])])].sort();

/** The files each configuration repository must hold for the stack's services. */
export function requiredFiles(config: DigitConfig): RepoRequirement[] {
  const services = selectServices(config.modules).map(deployedService);
  const repos: RepoRequirement[] = [
    { key: "configs", dir: "configs", ...config.configRepos.configs, files: [] },
    { key: "mdms", dir: "egov-mdms-data", ...config.configRepos.mdms, files: [] },
  ];
  const add = (dir: string, f: RequiredFile) => {
    const repo = repos.find((r) => r.dir === dir)!;
    const had = repo.files.find((x) => x.path === f.path);
    if (!had) {
      repo.files.push(f);
      return;
    }
    had.services = union(had.services, f.services);
    if (f.modules) had.modules = union(had.modules, f.modules);
    if (f.notDeployed) had.notDeployed = union(had.notDeployed, f.notDeployed);
    if (f.mdmsReaders) for (const [m, s] of Object.entries(f.mdmsReaders)) had.mdmsReaders = { ...had.mdmsReaders, [m]: union(had.mdmsReaders?.[m], s) };
  };
  const tenantData = `data/${config.stateTenantId}`;
  for (const s of services) {
    if (!s.configRepo) continue;
    for (const f of s.configRepo.files) {
      const serves = { ...(f.module ? { modules: [f.module] } : {}), ...(f.notDeployed ? { notDeployed: [f.notDeployed] } : {}) };
      // MDMS reads its data folder as a whole: the state's tenant must have its own folder in it.
      if (s.configRepo.dir === "egov-mdms-data" && f.path === "data") add(s.configRepo.dir, { path: tenantData, services: [s.name], kind: "dir", ...serves });
      else add(s.configRepo.dir, { path: f.path, services: [s.name], ...serves });
    }
  }
  // The masters each deployed module's services read, in that tenant's folder (eGov's layout: one folder per MDMS module).
  const mdms = services.find((s) => s.configRepo?.dir === "egov-mdms-data");
  if (mdms)
    for (const m of catalogLts.modules.filter((x) => moduleClosure(config.modules).includes(x.name)))
      for (const master of m.mdmsMasters)
        add("egov-mdms-data", { path: `${tenantData}/${master.folder}`, services: [mdms.name], kind: "dir", modules: [m.name], mdmsReaders: { [m.name]: master.services } });
  for (const r of repos) r.files.sort((a, b) => a.path.localeCompare(b.path));
  return repos.filter((r) => r.files.length);
}

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
}

/** The required files a repository tree (its file paths) does not have. */
export function missingFiles(required: readonly RequiredFile[], tree: readonly string[]): RequiredFile[] {
  const files = new Set(tree);
  return required.filter((r) => {
    if (r.kind === "dir") return !tree.some((t) => t.startsWith(`${r.path}/`));
    if (r.path.includes("*")) {
      const re = globRegex(r.path);
      return !tree.some((t) => re.test(t));
    }
    return !files.has(r.path);
  });
}

/** Who needs a file: the services that read it, and for which modules (or products this catalog does not deploy). */
export function neededBy(f: RequiredFile): string {
  const readers = `read by ${f.services.join(", ")}`;
  if (f.mdmsReaders) return `${readers} for ${Object.entries(f.mdmsReaders).map(([m, s]) => `${m}: ${s.join(", ")}`).join("; ")}`;
  const forWhat = [
    ...(f.modules ?? []),
    ...(f.notDeployed?.length ? [`${f.notDeployed.join(", ")}, which this catalog does not deploy (eGov's list names it)`] : []),
  ];
  return forWhat.length ? `${readers} for ${forWhat.join("; ")}` : readers;
}

/** The report of one repository: one line per missing file with who reads it and for which module. */
export function formatReport(r: RepoRequirement, missing: readonly RequiredFile[]): string[] {
  const head = `${r.url}@${r.ref} (digit:configRepos.${r.key}): ${r.files.length - missing.length} of ${r.files.length} files present`;
  if (!missing.length) return [`ok    ${head}`];
  const what = (m: RequiredFile) => (m.kind !== "dir" ? "" : m.mdmsReaders ? "/ (MDMS masters)" : "/ (a folder with the state tenant's MDMS data)");
  return [`FAIL  ${head}; missing:`, ...missing.map((m) => `        ${m.path}${what(m)}  (${neededBy(m)})`)];
}
