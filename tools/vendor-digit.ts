/**
 * Refreshes vendor/egov/: the pinned upstream files DIGIT's catalog is derived from.
 *
 *   npx ts-node --transpile-only tools/vendor-digit.ts --mirrors <dir>
 *
 * <dir> holds bare git copies of eGov's repositories (<dir>/egovernments+<Repo>/repo). The tool
 * copies, from egovernments/DIGIT-DevOps at the DIGIT 2.9 LTS commit, the helmfiles the release
 * includes, each release's chart (Chart.yaml, values.yaml, templates/), the `common` library
 * chart, env.yaml and env-secrets.yaml with every value replaced by "<redacted>" (only its key
 * names matter; eGov's file carries demo credentials and a private key). For each service it
 * finds the source commit named in the image tag (`...-<10 hex>-<build>`) in eGov's service
 * repositories and copies its application.properties, and records as facts (with the blob each
 * came from) where the `-db` image copies its SQL and which PostgreSQL JDBC driver the build uses.
 * Everything written is listed with its sha256 in vendor/egov/manifest.json, which a test checks,
 * so vendored files are never edited by hand.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";

export const devops = {
  repository: "egovernments/DIGIT-DevOps",
  branch: "DIGIT-2.9LTS-URBAN",
  commit: "9bd29feaa3837690fe9d1cd5ab06b82871aad08b",
  date: "2025-08-05",
};

/** The helmfiles of the LTS release whose releases are DIGIT services (backbone, monitoring and auxiliary are the platform's). */
export const helmfiles = {
  "core-services": "deploy-as-code/charts/core-services/coreservices-helmfile.yaml",
  "common-services": "deploy-as-code/charts/common-services/common-services-helmfile.yaml",
  analytics: "deploy-as-code/charts/analytics/analytics-helmfile.yaml",
  urban: "deploy-as-code/charts/urban/urban-helmfile.yaml",
} as const;

/** eGov's service repositories, searched in order for an image tag's commit, with where a service's folder sits. */
const sourceRepos = [
  { repository: "egovernments/Digit-Core", folder: (s: string) => [...(imageFolders[s] ?? []), `core-services/${s}`, `utilities/${s}`, `accelerators/${s}`] },
  { repository: "egovernments/DIGIT-Common", folder: (s: string) => [s] },
  { repository: "egovernments/DIGIT-Analytics", folder: (s: string) => [s] },
  { repository: "egovernments/URBAN", folder: (s: string) => urbanFolders(s) },
];

/** Images built from a folder of another name (mdms-v2 is egov-mdms-service's v2 branch). */
const imageFolders: Record<string, string[]> = {
  "mdms-v2": ["core-services/egov-mdms-service"],
  // eGov's WildFly applications
  "egov-edcr": ["online-building-plan-approval-system/edcr/service"],
  "egov-finance": ["financial-module-system/finance"],
  // the web apps: one build folder, a Dockerfile per app (egovernments/URBAN build/build-config.yml)
  "digit-ui": ["frontend/micro-ui"],
  citizen: ["frontend/mono-ui/web/rainmaker"],
  employee: ["frontend/mono-ui/web/rainmaker"],
};

/**
 * The web apps' Dockerfile and nginx server block in their build folder: images that serve static
 * files with nginx. digit-ui also keeps its libraries' API paths (what a browser calls, before and
 * after login), which the gateway's open whitelist must let through.
 */
const webAppFiles: Record<string, { dockerfile: string; nginxConf: string; apiUrls?: string }> = {
  "digit-ui": { dockerfile: "web/docker/Dockerfile", nginxConf: "web/docker/nginx.conf", apiUrls: "web/micro-ui-internals/packages/libraries/src/services/atoms/urls.js" },
  citizen: { dockerfile: "docker/citizen/Dockerfile", nginxConf: "docker/citizen/nginx.conf" },
  employee: { dockerfile: "docker/employee/Dockerfile", nginxConf: "docker/employee/nginx.conf" },
};

/** nginx's packaged main config (the `http` context that includes conf.d/*.conf), as the nginx:mainline-alpine image ships it. */
const nginxPackage = { repository: "nginx/pkg-oss", commit: "e6727633", path: "alpine/alpine/nginx.conf" };

function urbanFolders(s: string): string[] {
  const modules = [
    "public-grievance-redressal",
    "property-tax",
    "tradelicense",
    "water-connection",
    "sewerage-connection",
    "online-building-plan-approval-system",
    "firenoc",
    "echallan",
    "birth-death-services",
    "financial-module-system",
    "utilities",
    "frontend",
  ];
  return [...(imageFolders[s] ?? []), s, ...modules.map((m) => `${m}/${s}`), `frontend/micro-ui/web/${s}`];
}

const outRoot = path.join(__dirname, "..", "vendor", "egov");

interface Git {
  dir: string;
  show(rev: string, file: string): string | undefined;
  list(rev: string, dir: string): string[];
  resolve(rev: string): string | undefined;
  blob(rev: string, file: string): string | undefined;
  /** every file path at a revision */
  tree(rev: string): string[];
}

function git(dir: string): Git {
  const run = (args: string[]) => execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
  const attempt = (args: string[]) => {
    try {
      return run(args);
    } catch {
      return undefined;
    }
  };
  return {
    dir,
    show: (rev, file) => attempt(["show", `${rev}:${file}`]),
    list: (rev, d) => (attempt(["ls-tree", "-r", "--name-only", rev, d.endsWith("/") ? d : d + "/"]) ?? "").split("\n").filter(Boolean),
    resolve: (rev) => attempt(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])?.trim(),
    blob: (rev, file) => attempt(["rev-parse", `${rev}:${file}`])?.trim(),
    tree: (rev) => run(["ls-tree", "-r", "--name-only", rev]).split("\n").filter(Boolean),
  };
}

type Manifest = { files: Record<string, { repository: string; commit: string; path: string; blob: string; sha256: string; note?: string }> };

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

function write(manifest: Manifest, rel: string, content: string, origin: { repository: string; commit: string; path: string; blob: string; note?: string }) {
  const file = path.join(outRoot, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  manifest.files[rel] = { ...origin, sha256: sha256(content) };
}

/** Every scalar replaced: only the key names of env-secrets.yaml are facts the project uses. */
export function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
  return "<redacted>";
}

/** The releases a helmfile installs (its `releases` with `installed: true`), read without rendering it. */
export function releasesOf(helmfileText: string): string[] {
  const body = helmfileText.split(/^---\s*$/m).pop()!;
  // The values line is a template of its own; its text does not matter for the release list.
  const plain = body.replace(/\{\{[^}]*\}\}/g, "x");
  const doc = parse(plain) as { releases?: Array<{ name: string; installed?: boolean }> };
  return (doc.releases ?? []).filter((r) => r.installed !== false).map((r) => r.name);
}

/** The source commit (10 hex) an eGov image tag names, e.g. DIGIT-2.9-LTS-237578ce80-14 -> 237578ce80. */
export function tagCommit(tag: string): string | undefined {
  return /-([0-9a-f]{10})-\d+$/.exec(tag)?.[1];
}

/** Where a -db image's Dockerfile puts its SQL: the `COPY <from> /flyway/<dir>` lines that are not commented out. */
export function flywayLocations(dockerfile: string): { base?: string; locations: Array<{ from: string; to: string }> } {
  const base = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1];
  const locations = [...dockerfile.matchAll(/^COPY\s+(\S+)\s+(\/flyway\/\S+)\s*$/gm)].map((m) => ({ from: m[1], to: m[2] }));
  return { base, locations };
}

/** The org.postgresql:postgresql version a pom declares, or the Spring Boot parent that manages it. */
export function jdbcDriver(pom: string): { declared?: string; springBootParent?: string } {
  const dep = /<dependency>\s*<groupId>org\.postgresql<\/groupId>\s*<artifactId>postgresql<\/artifactId>\s*(?:<version>([^<]+)<\/version>)?/m.exec(pom);
  const parent = /<parent>[\s\S]*?<artifactId>spring-boot-starter-parent<\/artifactId>\s*<version>([^<]+)<\/version>[\s\S]*?<\/parent>/m.exec(pom);
  let declared = dep?.[1];
  const prop = declared && /^\$\{(.+)\}$/.exec(declared);
  if (prop) declared = new RegExp(`<${prop[1].replace(/\./g, "\\.")}>([^<]+)<`).exec(pom)?.[1] ?? declared;
  return { ...(declared ? { declared } : {}), ...(parent ? { springBootParent: parent[1] } : {}) };
}

/** SOURCE.md: where every vendored file comes from. */
function sourceNote(manifest: Manifest): string {
  const bySource = new Map<string, number>();
  for (const f of Object.values(manifest.files)) bySource.set(`${f.repository}@${f.commit}`, (bySource.get(`${f.repository}@${f.commit}`) ?? 0) + 1);
  return `# vendor/egov: DIGIT 2.9 LTS as eGov deploys it

Written by \`tools/vendor-digit.ts\`; never edit by hand (a test compares every file with
\`manifest.json\`, which records each file's repository, commit, path, git blob and sha256).

- **Deployment**: [${devops.repository}](https://github.com/${devops.repository}) branch \`${devops.branch}\`,
  commit \`${devops.commit}\` (${devops.date}): \`deploy-as-code/digit-helmfile.yaml\`, the core-services,
  common-services, analytics and urban helmfiles, each installed release's chart (Chart.yaml,
  values.yaml, templates/), the \`common\` library chart, \`environments/env.yaml\`, and
  \`environments/env-secrets.yaml\` with every value replaced by \`<redacted>\` (eGov's file holds demo
  credentials and a private SSH key; the project uses its key names only).
- **Services' source**, at the commit each image tag names (\`...-<10 hex>-<build>\`): each service's
  \`src/main/resources/application.properties\`, and in \`service-facts.yaml\` the facts read from its
  \`-db\` image's Dockerfile (where it copies SQL, its Flyway base image) and its pom.xml (the PostgreSQL
  JDBC driver), each with the git blob it came from. No code is vendored.

| source | files |
|---|---|
${[...bySource].sort().map(([k, n]) => `| ${k} | ${n} |`).join("\n")}
`;
}

function main(argv: string[]) {
  const mi = argv.indexOf("--mirrors");
  const mirrors = mi >= 0 ? argv[mi + 1] : "/work/.mirror";
  const repo = (r: string) => git(path.join(mirrors, r.replace("/", "+"), "repo"));
  const dv = repo(devops.repository);
  if (dv.resolve(devops.commit) !== devops.commit) throw new Error(`${devops.repository} mirror lacks commit ${devops.commit}`);
  fs.rmSync(outRoot, { recursive: true, force: true });
  const manifest: Manifest = { files: {} };
  const copy = (p: string) => {
    const text = dv.show(devops.commit, p);
    if (text === undefined) throw new Error(`${devops.repository}@${devops.commit} has no ${p}`);
    write(manifest, `DIGIT-DevOps/${p}`, text, { repository: devops.repository, commit: devops.commit, path: p, blob: dv.blob(devops.commit, p)! });
  };
  const copyDir = (d: string) => dv.list(devops.commit, d).forEach(copy);

  copy("deploy-as-code/digit-helmfile.yaml");
  copy("deploy-as-code/charts/environments/env.yaml");
  const secretsPath = "deploy-as-code/charts/environments/env-secrets.yaml";
  const secrets = parse(dv.show(devops.commit, secretsPath)!);
  write(manifest, `DIGIT-DevOps/${secretsPath}`, `# Key names of eGov's env-secrets.yaml; every value replaced by tools/vendor-digit.ts.\n${stringify(redact(secrets))}`, {
    repository: devops.repository,
    commit: devops.commit,
    path: secretsPath,
    blob: dv.blob(devops.commit, secretsPath)!,
    note: "values redacted: the upstream file holds demo credentials and a private SSH key",
  });
  for (const f of ["Chart.yaml", "values.yaml"]) copy(`deploy-as-code/charts/common/${f}`);
  copyDir("deploy-as-code/charts/common/templates");

  const facts: Record<string, unknown> = {};
  const sources = sourceRepos.map((s) => ({ ...s, git: repo(s.repository) }));
  for (const [group, hf] of Object.entries(helmfiles)) {
    copy(hf);
    const chartsDir = path.posix.dirname(hf);
    for (const release of releasesOf(dv.show(devops.commit, hf)!)) {
      const chartDir = `${chartsDir}/${release}`;
      for (const f of ["Chart.yaml", "values.yaml"]) if (dv.show(devops.commit, `${chartDir}/${f}`) !== undefined) copy(`${chartDir}/${f}`);
      copyDir(`${chartDir}/templates`);
      const values = parse(dv.show(devops.commit, `${chartDir}/values.yaml`) ?? "") ?? {};
      const tag: string | undefined = values?.image?.tag;
      const short = tag ? tagCommit(String(tag)) : undefined;
      if (!short) {
        facts[release] = { group, source: null, reason: tag ? `image tag ${tag} names no source commit` : "no image" };
        continue;
      }
      const image = String(values.image.repository);
      const found = sources
        .map((s) => ({ s, commit: s.git.resolve(short) }))
        .filter((x) => x.commit)
        .map(({ s, commit }) => ({ s, commit: commit!, folder: s.folder(image).find((f) => s.git.list(commit!, f).length > 0) }))
        .find((x) => x.folder);
      if (!found) {
        facts[release] = { group, image, tag, source: null, reason: `commit ${short} with a folder ${image} is in none of ${sourceRepos.map((s) => s.repository).join(", ")}` };
        continue;
      }
      const { s, commit, folder } = found;
      const files = s.git.list(commit, folder!);
      const props = files.find((f) => f === `${folder}/src/main/resources/application.properties`);
      // Java services keep the -db image's Dockerfile in src/main/resources/db, Node services in migration/.
      const dockerfile = files.find((f) => /src\/main\/resources\/db\/Dockerfile$/.test(f)) ?? files.find((f) => f === `${folder}/migration/Dockerfile`);
      const pom = files.find((f) => f === `${folder}/pom.xml`);
      // What runs in the image: a web app's Dockerfile ending on nginx serves static files; a Maven
      // build is a JVM, a package.json a Node.js process.
      const web = webAppFiles[image];
      const webDockerfile = web && s.git.show(commit, `${folder}/${web.dockerfile}`);
      const stages = webDockerfile ? [...webDockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]) : [];
      const servesStatic = stages.length > 0 && stages[stages.length - 1].startsWith("nginx:");
      const runtime = servesStatic ? "nginx" : pom || files.includes(`${folder}/egov/pom.xml`) ? "java" : files.includes(`${folder}/package.json`) ? "node" : undefined;
      const fact: Record<string, unknown> = { group, image, tag, source: { repository: s.repository, commit, folder }, ...(runtime ? { runtime } : {}) };
      if (servesStatic)
        for (const [key, file] of [["dockerfile", web.dockerfile], ["nginxConf", web.nginxConf], ...(web.apiUrls ? [["apiUrls", web.apiUrls] as const] : [])] as const) {
          const p = `${folder}/${file}`;
          const rel = `web-apps/${image}/${path.posix.basename(file)}`;
          write(manifest, rel, s.git.show(commit, p)!, { repository: s.repository, commit, path: p, blob: s.git.blob(commit, p)! });
          fact[key] = rel;
        }
      if (props) {
        const rel = `${s.repository.split("/")[1]}/${commit.slice(0, 10)}/${props}`;
        write(manifest, rel, s.git.show(commit, props)!, { repository: s.repository, commit, path: props, blob: s.git.blob(commit, props)! });
        fact.applicationProperties = rel;
      }
      if (dockerfile) fact.dbImage = { dockerfile: { path: dockerfile, blob: s.git.blob(commit, dockerfile) }, ...flywayLocations(s.git.show(commit, dockerfile)!) };
      if (pom) fact.postgresJdbc = { pom: { path: pom, blob: s.git.blob(commit, pom) }, ...jdbcDriver(s.git.show(commit, pom)!) };
      facts[release] = fact;
    }
  }
  // nginx's packaged nginx.conf, which includes the web apps' conf.d files in the http context
  {
    const g = repo(nginxPackage.repository);
    const commit = g.resolve(nginxPackage.commit);
    if (!commit) throw new Error(`${nginxPackage.repository} mirror lacks ${nginxPackage.commit}`);
    write(manifest, "web-apps/nginx.conf", g.show(commit, nginxPackage.path)!, { repository: nginxPackage.repository, commit, path: nginxPackage.path, blob: g.blob(commit, nginxPackage.path)! });
  }
  // The trees (file names only) of eGov's configuration repositories at the branch its environment pulls.
  for (const [repoName, dir] of [["egovernments/configs", "configs"], ["egovernments/egov-mdms-data", "egov-mdms-data"]] as const) {
    const g = repo(repoName);
    const env = parse(dv.show(devops.commit, "deploy-as-code/charts/environments/env.yaml")!);
    const branch = dir === "configs" ? env["egov-persister"].initContainers.gitSync.branch : env["egov-mdms-service"].initContainers.gitSync.branch;
    const commit = g.resolve(branch);
    if (!commit) throw new Error(`${repoName} mirror lacks branch ${branch}`);
    const tree = g.tree(commit);
    write(manifest, `trees/${dir}.txt`, `# ${repoName} at ${branch} (${commit}): file names only\n${tree.join("\n")}\n`, { repository: repoName, commit, path: "(tree)", blob: "", note: `ls-tree of ${branch}` });
  }
  const factsText = `# Facts read from the source of each DIGIT image at the commit its tag names (tools/vendor-digit.ts).\n${stringify(facts)}`;
  write(manifest, "service-facts.yaml", factsText, { repository: "(several)", commit: "(per service)", path: "(derived)", blob: "", note: "derived by tools/vendor-digit.ts" });
  fs.writeFileSync(path.join(outRoot, "manifest.json"), JSON.stringify({ devops, ...manifest }, null, 1) + "\n");
  fs.writeFileSync(path.join(outRoot, "SOURCE.md"), sourceNote(manifest));
  console.log(`vendor/egov: ${Object.keys(manifest.files).length} files`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
