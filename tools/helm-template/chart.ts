/**
 * `helm template` for a chart on disk, as helm.sh/helm/v3 v3.13.3 does it (pkg/action/install.go,
 * pkg/chartutil, pkg/engine/engine.go):
 * - Chart.yaml and values.yaml are read as Helm reads them (sigs.k8s.io/yaml: YAML 1.1, numbers
 *   become float64); `file://` dependencies are loaded, renamed by their alias;
 * - values: dependency defaults merged in (processImportValues), then user values coalesced over
 *   the defaults, globals copied into subcharts (CoalesceValues);
 * - each chart gets one context (.Values .Chart .Release .Capabilities .Files .Subcharts) shared by
 *   all its templates, so a template that `set`s on it changes what the next one sees; Helm names
 *   each template `<chart path>/templates/<file>` (a subchart's path is `<parent>/charts/<name>`);
 * - all templates are parsed into one set, deepest path first and in reverse order of name, so the
 *   last definition of a name wins (the parent's over a subchart's); then every template whose
 *   name does not start with `_` is executed in that order, .Template set first, and "<no value>"
 *   is removed from what it printed;
 * - `tpl` renders its text in a fresh set holding the text and every other template.
 * Sprig's clock is pinned (see funcs.ts renderEpoch), the only deliberate difference from Helm.
 */
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { FuncMap, TemplateSet } from "./exec";
import { capabilities, HelmError, helmFuncs } from "./funcs";
import { compareStrings, GoStruct, isMap, Method, tag, Value } from "./gotypes";
import { formatFloat32, parseValues, parseYaml } from "./goyaml";
import { coalesceValues, processImportValues, ValuesChart } from "./values";

/** Read access to a tree of files (the vendored upstream). */
export interface FileTree {
  read(file: string): string | undefined;
  /** files directly or indirectly under dir, relative to the tree's root */
  list(dir: string): string[];
}

interface LoadedChart {
  /** the chart's directory in the tree */
  dir: string;
  /** Chart.yaml, as read */
  meta: Record<string, Value>;
  /** the chart's name, or its alias in the parent */
  name: string;
  values: Record<string, Value>;
  /** templates/ files: the file in the tree and its name in the chart (templates/x.yaml) */
  templates: Array<{ file: string; name: string; src: string }>;
  dependencies: LoadedChart[];
}

export interface RenderedDocument {
  /** the template file it came from, in the tree (e.g. deploy-as-code/charts/core-services/egov-user/templates/deployment.yaml) */
  source: string;
  object: Record<string, any>;
  /** the object's `helm.sh/hook` annotation, when it is a hook */
  hook?: string;
}

export interface RenderOptions {
  releaseName: string;
  namespace: string;
  /** user-supplied values (what `-f` files give), coalesced over the chart's defaults */
  values: Record<string, Value>;
  /** API versions `.Capabilities.APIVersions.Has` answers true for */
  apiVersions?: readonly string[];
}

export const defaultApis = ["v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1", "autoscaling/v2", "rbac.authorization.k8s.io/v1"];

const fail = (msg: string): never => {
  throw new Error(msg);
};

/** A vendored tree does not change while a process runs: each tree's reads are kept. */
const treeCaches = new WeakMap<FileTree, FileTree>();
const caches = new WeakSet<FileTree>();
function cached(tree: FileTree): FileTree {
  if (caches.has(tree)) return tree;
  let c = treeCaches.get(tree);
  if (!c) {
    const reads = new Map<string, string | undefined>();
    const lists = new Map<string, string[]>();
    c = {
      read: (f) => (reads.has(f) ? reads.get(f) : (reads.set(f, tree.read(f)), reads.get(f))),
      list: (d) => lists.get(d) ?? (lists.set(d, tree.list(d)), lists.get(d)!),
    };
    treeCaches.set(tree, c);
    caches.add(c);
  }
  return c;
}

/** Load a chart directory and its `file://` dependencies (what `helm dependency build` would vendor). */
export function loadChart(tree: FileTree, dir: string, alias?: string): LoadedChart {
  tree = cached(tree);
  const chartYaml = tree.read(path.posix.join(dir, "Chart.yaml"));
  if (chartYaml === undefined) fail(`no Chart.yaml in ${dir}`);
  const meta = (parseYaml(chartYaml!) ?? {}) as Record<string, Value>;
  const valuesYaml = tree.read(path.posix.join(dir, "values.yaml"));
  const values = valuesYaml === undefined ? {} : parseValues(valuesYaml);
  const library = String(meta.type ?? "").toLowerCase() === "library";
  const templates = tree
    .list(path.posix.join(dir, "templates"))
    .sort()
    .map((file) => ({ file, name: path.posix.relative(dir, file), src: tree.read(file)! }))
    // a library chart contributes only its `_` files (engine.go isTemplateValid)
    .filter((t) => !library || path.posix.basename(t.name).startsWith("_"));
  const deps = ((meta.dependencies as Array<Record<string, Value>> | undefined) ?? []).map((d) => {
    const name = String(d.name);
    if (!String(d.repository ?? "").startsWith("file://")) fail(`${dir}: dependency ${name} is not a file:// chart; only local dependencies can be rendered here`);
    if (d.condition || d.tags || d["import-values"]) fail(`${dir}: dependency ${name} uses condition, tags or import-values, which this renderer does not implement`);
    const sub = loadChart(tree, path.posix.normalize(path.posix.join(dir, String(d.repository).slice("file://".length))), d.alias ? String(d.alias) : undefined);
    if (String(sub.meta.name) !== name) fail(`${dir}: dependency ${name} points at chart ${String(sub.meta.name)}`);
    return sub;
  });
  return { dir, meta, name: alias ?? String(meta.name), values, templates, dependencies: deps };
}

function valuesChart(c: LoadedChart): ValuesChart {
  return { name: c.name, values: c.values, hasDependencies: Array.isArray(c.meta.dependencies), dependencies: c.dependencies.map(valuesChart) };
}

// ---- the context objects Helm gives templates ----

/** A Chart.yaml string field as sigs.k8s.io/yaml fills a Go string: numbers and booleans as text. */
function metaString(v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return formatFloat32(v);
  return String(v);
}

const nilSlice = () => tag([] as Value[], { nil: true, type: "[]string" });

/** .Chart: struct { chart.Metadata; IsRoot bool } (pkg/chart/metadata.go). */
function chartStruct(meta: Record<string, Value>, name: string, isRoot: boolean): GoStruct {
  const strs = (v: Value) => (Array.isArray(v) ? tag(v.map(metaString), { type: "[]string" }) : nilSlice());
  const fields: Record<string, Value> = {
    Name: name,
    Home: metaString(meta.home),
    Sources: strs(meta.sources),
    Version: metaString(meta.version),
    Description: metaString(meta.description),
    Keywords: strs(meta.keywords),
    Maintainers: Array.isArray(meta.maintainers) ? meta.maintainers.map((m: any) => new GoStruct("*chart.Maintainer", { Name: metaString(m?.name), Email: metaString(m?.email), URL: metaString(m?.url) })) : nilSlice(),
    Icon: metaString(meta.icon),
    APIVersion: metaString(meta.apiVersion),
    Condition: metaString(meta.condition),
    Tags: metaString(meta.tags),
    AppVersion: metaString(meta.appVersion),
    Deprecated: meta.deprecated === true,
    Annotations: isMap(meta.annotations) ? tag(Object.fromEntries(Object.entries(meta.annotations).map(([k, v]) => [k, metaString(v)])), { type: "map[string]string" }) : tag({}, { nil: true, type: "map[string]string" }),
    KubeVersion: metaString(meta.kubeVersion),
    Dependencies: Array.isArray(meta.dependencies)
      ? meta.dependencies.map((d: any) => new GoStruct("*chart.Dependency", { Name: metaString(d?.alias ?? d?.name), Version: metaString(d?.version), Repository: metaString(d?.repository), Condition: metaString(d?.condition), Tags: strs(d?.tags), Enabled: true, ImportValues: nilSlice(), Alias: metaString(d?.alias) }))
      : nilSlice(),
    Type: metaString(meta.type),
  };
  const json = () => {
    const out: Record<string, Value> = {};
    const tags: Record<string, string> = { Name: "name", Home: "home", Sources: "sources", Version: "version", Description: "description", Keywords: "keywords", Icon: "icon", APIVersion: "apiVersion", Condition: "condition", Tags: "tags", AppVersion: "appVersion", Deprecated: "deprecated", Annotations: "annotations", KubeVersion: "kubeVersion", Type: "type" };
    for (const [f, j] of Object.entries(tags)) {
      const v = fields[f];
      const emptyV = v === "" || v === false || (Array.isArray(v) && !v.length) || (isMap(v) && !Object.keys(v).length);
      if (!emptyV) out[j] = v;
    }
    out.IsRoot = isRoot;
    return out;
  };
  const metadata = new GoStruct("chart.Metadata", fields);
  return new GoStruct("struct { chart.Metadata; IsRoot bool }", { Metadata: metadata, IsRoot: isRoot }, {}, undefined, json, ["Metadata"]);
}

/** .Files: this renderer does not load a chart's other files; a template that reads them fails. */
function files(): Record<string, Value> {
  const notLoaded = () => fail("this renderer does not load chart files (.Files); the chart reads one");
  return tag(
    {},
    {
      type: "engine.files",
      methods: {
        Get: new Method(notLoaded, ["string"]),
        GetBytes: new Method(notLoaded, ["string"]),
        Glob: new Method(notLoaded, ["string"]),
        Lines: new Method(notLoaded, ["string"]),
        AsConfig: new Method(notLoaded),
        AsSecrets: new Method(notLoaded),
      },
    },
  );
}

/** One template file of a chart and what Helm executes it with. */
export interface RenderInput {
  /** the file in the tree */
  file: string;
  /** Helm's name for it: egov-user/templates/deployment.yaml, egov-user/charts/common/templates/_helpers.tpl */
  name: string;
  /** Helm executes it (its name does not start with `_`); the others only contribute definitions */
  renders: boolean;
  src: string;
  /** the context of its chart, shared with the chart's other templates; Helm sets .Template on it before each */
  context: Record<string, Value>;
  /** .Template for this file */
  template: { Name: string; BasePath: string };
}

/** engine.go recAllTpls: one context per chart, its templates named by the chart's path. */
function collect(c: LoadedChart, top: Record<string, Value>, parent: Record<string, Value> | undefined, fullPath: string, out: RenderInput[]): Record<string, Value> {
  const subcharts: Record<string, Value> = {};
  let vals: Value = {};
  if (!parent) vals = top.Values;
  else if (isMap(parent.Values) && isMap(parent.Values[c.name])) vals = parent.Values[c.name];
  const next: Record<string, Value> = {
    Chart: chartStruct(c.meta, c.name, !parent),
    Files: files(),
    Release: top.Release,
    Capabilities: top.Capabilities,
    Values: vals,
    Subcharts: subcharts,
  };
  // the chart's own templates first, then its dependencies' (Helm's order is set when rendering)
  for (const t of c.templates) {
    const name = `${fullPath}/${t.name}`;
    out.push({ file: t.file, name, renders: !path.posix.basename(name).startsWith("_"), src: t.src, context: next, template: { Name: name, BasePath: `${fullPath}/templates` } });
  }
  for (const d of c.dependencies) subcharts[d.name] = collect(d, top, next, `${fullPath}/charts/${d.name}`, out);
  return next;
}

/** What `helm template` executes for a chart: every template of it and its dependencies, with its context. */
export function renderInputs(tree: FileTree, dir: string, opts: RenderOptions): RenderInput[] {
  const chart = loadChart(tree, dir);
  const vc = valuesChart(chart);
  processImportValues(vc);
  const top: Record<string, Value> = {
    Release: { Name: opts.releaseName, Namespace: opts.namespace, IsUpgrade: false, IsInstall: true, Revision: 1n, Service: "Helm" },
    Capabilities: capabilities(opts.apiVersions ?? defaultApis),
    // chartutil.Values (a subchart's .Values is also its parent's plain map, so only the root's is tagged)
    Values: tag(coalesceValues(vc, opts.values), { type: "chartutil.Values" }),
  };
  const out: RenderInput[] = [];
  collect(chart, top, undefined, chart.name, out);
  return out;
}

// ---- rendering ----

interface Renderable {
  src: string;
  vals: Record<string, Value>;
  basePath: string;
}

/** engine.go sortTemplates: deepest path first, then names in reverse order. */
const sortTemplates = (names: Iterable<string>) => [...names].sort((a, b) => b.split("/").length - a.split("/").length || compareStrings(b, a));

/** Helm's PathValue for "Template.Name" and "Template.BasePath" of tpl's values. */
function templateField(vals: Record<string, Value>, key: "Name" | "BasePath"): string {
  const t = vals.Template;
  const v = isMap(t) ? t[key] : undefined;
  if (v === undefined || isMap(v)) fail(`cannot retrieve Template.${key === "BasePath" ? "Basepath" : key} from values inside tpl function: no value ${key}`);
  if (typeof v !== "string") fail(`interface conversion: interface {} is ${typeof v}, not string`);
  return v as string;
}

/** renderWithReferences: parse tpls then the references not already there, execute tpls in order. */
function renderWithReferences(tpls: Map<string, Renderable>, refs: Map<string, Renderable>): Map<string, string> {
  const included = new Map<string, number>();
  const funcs: FuncMap = helmFuncs({
    include: (name, data) => {
      const n = included.get(name) ?? 0;
      if (n > 1000) fail(`rendering template has a nested reference name: ${name}: unable to execute template`);
      included.set(name, n + 1);
      try {
        return set.execute(name, data);
      } finally {
        included.set(name, n);
      }
    },
    tpl: (text, vals) => {
      const basePath = templateField(vals, "BasePath");
      const name = templateField(vals, "Name");
      try {
        return renderWithReferences(new Map([[name, { src: text, vals, basePath }]]), refs).get(name) ?? "";
      } catch (e) {
        return fail(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
    },
  });
  const set = new TemplateSet(funcs);
  const keys = sortTemplates(tpls.keys());
  for (const k of keys) set.parse(k, tpls.get(k)!.src);
  for (const k of sortTemplates(refs.keys())) if (!set.lookup(k)) set.parse(k, refs.get(k)!.src);
  const rendered = new Map<string, string>();
  for (const k of keys) {
    if (path.posix.basename(k).startsWith("_")) continue;
    const r = tpls.get(k)!;
    r.vals.Template = { Name: k, BasePath: r.basePath };
    try {
      rendered.set(k, set.execute(k, r.vals).split("<no value>").join(""));
    } catch (e) {
      const msg = e instanceof HelmError ? e.message : (e as Error).message;
      throw new Error(`${k}: ${msg}`);
    }
  }
  return rendered;
}

/** The text each executed template produces, in input order ("<no value>" removed as Helm removes it). */
export function renderTexts(inputs: RenderInput[]): Array<{ file: string; name: string; text: string }> {
  const refs = new Map(inputs.map((t) => [t.name, { src: t.src, vals: t.context, basePath: t.template.BasePath }]));
  const rendered = renderWithReferences(refs, refs);
  return inputs.filter((t) => t.renders).map((t) => ({ file: t.file, name: t.name, text: rendered.get(t.name)! }));
}

/** The last texts rendered per tree, chart and release (a render is deterministic; the tree does not change). */
const renders = new WeakMap<FileTree, Map<string, { opts: RenderOptions; texts: ReturnType<typeof renderTexts> }>>();

/** renderTexts(renderInputs(...)), reusing what an earlier render of the same chart, release and values gave. */
export function renderedTexts(tree: FileTree, dir: string, opts: RenderOptions): ReturnType<typeof renderTexts> {
  let byChart = renders.get(tree);
  if (!byChart) renders.set(tree, (byChart = new Map()));
  const key = `${dir}\0${opts.releaseName}\0${opts.namespace}`;
  const hit = byChart.get(key);
  if (hit && hit.opts.values === opts.values && hit.opts.apiVersions === opts.apiVersions) return hit.texts;
  const texts = renderTexts(renderInputs(tree, dir, opts));
  byChart.set(key, { opts, texts });
  return texts;
}

/** Render a chart as `helm template <release> <dir> -n <namespace> -f values` would; NOTES.txt is not a manifest. */
export function renderChart(tree: FileTree, dir: string, opts: RenderOptions): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  for (const { file, text } of renderedTexts(tree, dir, opts)) {
    if (file.endsWith("NOTES.txt")) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${file}: rendered YAML does not parse: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object === null || object === undefined) continue;
      const hook = object?.metadata?.annotations?.["helm.sh/hook"];
      out.push({ source: file, object, ...(hook ? { hook } : {}) });
    }
  }
  return out;
}
