/**
 * DIGIT 2.9 LTS as eGov deploys it, read from vendor/egov/: the helmfiles' releases, each
 * rendered with the release's environment values (env-secrets.yaml then env.yaml, as
 * deploy-as-code/digit-helmfile.yaml lists them) through its chart and the `common` library
 * chart. This is the ground truth the catalog is generated from and the conformance tests hold
 * the platform's objects against.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { FileTree, mergeValueFiles, renderChart, RenderedDocument } from "../helm-template";

export const vendorRoot = path.join(__dirname, "..", "..", "vendor", "egov");
const devopsRoot = path.join(vendorRoot, "DIGIT-DevOps");

/** The vendored DIGIT-DevOps tree. */
export const devopsTree: FileTree = {
  read: (file) => {
    const p = path.join(devopsRoot, file);
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
  },
  list: (dir) => {
    const root = path.join(devopsRoot, dir);
    if (!fs.existsSync(root)) return [];
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else out.push(path.relative(devopsRoot, full).split(path.sep).join("/"));
      }
    };
    walk(root);
    return out.sort();
  },
};

export interface Manifest {
  devops: { repository: string; branch: string; commit: string; date: string };
  files: Record<string, { repository: string; commit: string; path: string; blob: string; sha256: string; note?: string }>;
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(vendorRoot, "manifest.json"), "utf8"));
}

/** The helmfile groups of DIGIT's release whose releases are DIGIT services, as vendored. */
export const groupHelmfiles = {
  "core-services": "deploy-as-code/charts/core-services/coreservices-helmfile.yaml",
  "common-services": "deploy-as-code/charts/common-services/common-services-helmfile.yaml",
  analytics: "deploy-as-code/charts/analytics/analytics-helmfile.yaml",
  urban: "deploy-as-code/charts/urban/urban-helmfile.yaml",
} as const;
export type Group = keyof typeof groupHelmfiles;

interface Helmfile {
  /** value files of the `uat` environment, relative to the helmfile */
  valueFiles: string[];
  releases: Array<{ name: string; namespace: string; chart: string; needs: string[] }>;
}

/** A helmfile's environment and installed releases. Its template parts only pass values on, so they are read, not run. */
export function readHelmfile(file: string): Helmfile {
  const text = devopsTree.read(file);
  if (text === undefined) throw new Error(`vendor/egov has no ${file}`);
  const [envDoc, body] = text.split(/^---\s*$/m);
  const env = parse(envDoc) as { environments: { uat: { values: string[] } } };
  const plain = body.replace(/\{\{`\{\{ \.Release\.Name \}\}`\}\}/g, "RELEASE").replace(/\{\{[^}]*\}\}/g, "{}");
  const doc = parse(plain) as { templates: { default: { namespace: string } }; releases: Array<Record<string, any>> };
  const releases = doc.releases
    .filter((r) => r.installed !== false)
    .map((r) => ({
      name: r.name as string,
      namespace: (r.namespace ?? doc.templates.default.namespace) as string,
      chart: path.posix.normalize(path.posix.join(path.posix.dirname(file), String(r.chart ?? "./RELEASE").replace("RELEASE", r.name))),
      needs: (r.needs ?? []) as string[],
    }));
  return { valueFiles: env.environments.uat.values, releases };
}

let envCache: Record<string, unknown> | undefined;

/** The environment values every release gets: env-secrets.yaml (key names only) then env.yaml. */
export function environmentValues(): Record<string, unknown> {
  if (!envCache) {
    const hf = readHelmfile(groupHelmfiles["core-services"]);
    envCache = mergeValueFiles(
      hf.valueFiles.map((f) => parse(devopsTree.read(path.posix.normalize(path.posix.join(path.posix.dirname(groupHelmfiles["core-services"]), f)))!) ?? {}),
    );
  }
  return envCache;
}

export interface RenderedRelease {
  group: Group;
  name: string;
  namespace: string;
  chart: string;
  needs: string[];
  documents: RenderedDocument[];
}

const cache = new Map<string, RenderedRelease[]>();

/** Every release of a group, rendered as eGov's helmfile renders it. */
export function renderGroup(group: Group): RenderedRelease[] {
  const hit = cache.get(group);
  if (hit) return hit;
  const hf = readHelmfile(groupHelmfiles[group]);
  const out = hf.releases.map((r) => ({
    group,
    ...r,
    documents: renderChart(devopsTree, r.chart, { releaseName: r.name, namespace: r.namespace, values: environmentValues() as Record<string, any> }),
  }));
  cache.set(group, out);
  return out;
}
