/**
 * What a stack's DIGIT services read from its configuration repositories, and which of those
 * files a repository's tree lacks. eGov's own history is full of persister and indexer crash
 * loops from a file list written for one branch of egovernments/configs and deployed against
 * another; this is checked before `pulumi up`, and again by each pod's init step.
 */
import { selectServices } from "../../components/services/catalog";
import { deployedService } from "../../components/services/plan";
import type { DigitConfig } from "../../config/schema";

export type RepoKey = "configs" | "mdms";

export interface RequiredFile {
  /** path in the repository, or a glob (`egov-dss-dashboards/dashboard-analytics/*.json`) */
  path: string;
  /** the services that read it */
  services: string[];
  /** `dir`: the path must be a directory holding files (MDMS's tenant data) */
  kind?: "file" | "dir";
}

export interface RepoRequirement {
  key: RepoKey;
  /** the /work-dir folder it is cloned to */
  dir: string;
  url: string;
  ref: string;
  files: RequiredFile[];
}

/** The files each configuration repository must hold for the stack's services. */
export function requiredFiles(config: DigitConfig): RepoRequirement[] {
  const services = selectServices(config.modules).map(deployedService);
  const repos: RepoRequirement[] = [
    { key: "configs", dir: "configs", ...config.configRepos.configs, files: [] },
    { key: "mdms", dir: "egov-mdms-data", ...config.configRepos.mdms, files: [] },
  ];
  const add = (dir: string, path: string, service: string, kind?: "dir") => {
    const repo = repos.find((r) => r.dir === dir)!;
    const f = repo.files.find((x) => x.path === path);
    if (f) f.services = [...new Set([...f.services, service])].sort();
    else repo.files.push({ path, services: [service], ...(kind ? { kind } : {}) });
  };
  for (const s of services) {
    if (!s.configRepo) continue;
    for (const f of s.configRepo.files) {
      // MDMS reads its data folder as a whole: the state's tenant must have its own folder in it.
      if (s.configRepo.dir === "egov-mdms-data" && f === "data") add(s.configRepo.dir, `data/${config.stateTenantId}`, s.name, "dir");
      else add(s.configRepo.dir, f, s.name);
    }
  }
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

/** The report of one repository: one line per missing file with who reads it. */
export function formatReport(r: RepoRequirement, missing: readonly RequiredFile[]): string[] {
  const head = `${r.url}@${r.ref} (digit:configRepos.${r.key}): ${r.files.length - missing.length} of ${r.files.length} files present`;
  if (!missing.length) return [`ok    ${head}`];
  return [
    `FAIL  ${head}; missing:`,
    ...missing.map((m) => `        ${m.path}${m.kind === "dir" ? "/ (a folder with the state tenant's MDMS data)" : ""}  (read by ${m.services.join(", ")})`),
  ];
}
