/**
 * `helm template` for a chart on disk: loads Chart.yaml, values.yaml, templates/ and `file://`
 * dependencies (DIGIT's `common` library chart), builds the render context Helm gives templates
 * (.Values, .Chart, .Release, .Capabilities, .Template), renders every template that does not
 * start with `_`, drops Helm's "<no value>" markers, and returns the documents as objects.
 * Hooks (`helm.sh/hook`) are returned too, marked, so callers can see what a chart does once.
 */
import * as path from "path";
import { parseAllDocuments, parse } from "yaml";
import { TemplateSet, Value } from "./exec";
import { capabilities, helmFuncs } from "./funcs";
import { coalesce, deepCopy } from "./values";

/** Read access to a tree of files (the vendored upstream). */
export interface FileTree {
  read(file: string): string | undefined;
  /** files directly or indirectly under dir, relative to the tree's root */
  list(dir: string): string[];
}

interface LoadedChart {
  dir: string;
  meta: Record<string, Value>;
  values: Record<string, Value>;
  templates: Array<{ file: string; src: string }>;
  dependencies: Array<{ alias: string; chart: LoadedChart }>;
}

export interface RenderedDocument {
  /** the template file it came from, e.g. `egov-user/templates/deployment.yaml` */
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

const defaultApis = ["v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1", "autoscaling/v2", "rbac.authorization.k8s.io/v1"];

/** Chart.yaml keys as templates see them (.Chart.Name, .Chart.AppVersion, ...). */
function chartObject(meta: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(meta)) out[k.charAt(0).toUpperCase() + k.slice(1)] = v;
  return out;
}

export function loadChart(tree: FileTree, dir: string): LoadedChart {
  const chartYaml = tree.read(path.posix.join(dir, "Chart.yaml"));
  if (chartYaml === undefined) throw new Error(`no Chart.yaml in ${dir}`);
  const meta = (parse(chartYaml) ?? {}) as Record<string, Value>;
  const values = (parse(tree.read(path.posix.join(dir, "values.yaml")) ?? "") ?? {}) as Record<string, Value>;
  const templates = tree
    .list(path.posix.join(dir, "templates"))
    .sort()
    .map((file) => ({ file, src: tree.read(file)! }));
  const deps = ((meta.dependencies as Array<Record<string, string>> | undefined) ?? []).map((d) => {
    if (!d.repository?.startsWith("file://")) throw new Error(`${dir}: dependency ${d.name} is not a file:// chart`);
    return { alias: d.alias ?? d.name, chart: loadChart(tree, path.posix.normalize(path.posix.join(dir, d.repository.slice("file://".length)))) };
  });
  return { dir, meta, values, templates, dependencies: deps };
}

/** Values of a chart and its subcharts as Helm coalesces them; globals flow down. */
function chartValues(chart: LoadedChart, user: Record<string, Value>, parentGlobal?: Record<string, Value>): Record<string, Value> {
  const v = coalesce(user, chart.values);
  const global = { ...((v.global as Record<string, Value>) ?? {}), ...(parentGlobal ?? {}) };
  v.global = global;
  for (const d of chart.dependencies) v[d.alias] = chartValues(d.chart, (v[d.alias] as Record<string, Value>) ?? {}, global);
  return v;
}

function allTemplates(chart: LoadedChart): Array<{ file: string; src: string; chart: LoadedChart }> {
  return [...chart.templates.map((t) => ({ ...t, chart })), ...chart.dependencies.flatMap((d) => allTemplates(d.chart))];
}

/** One template file of a chart rendering and the context Helm executes it with. */
export interface RenderInput {
  file: string;
  /** false for `_*` files and library charts: they only contribute `define`s */
  renders: boolean;
  src: string;
  context: Record<string, Value>;
}

/** What `helm template` executes: every template file of the chart and its dependencies, with its context. */
export function renderInputs(tree: FileTree, dir: string, opts: RenderOptions): RenderInput[] {
  const chart = loadChart(tree, dir);
  const values = chartValues(chart, deepCopy(opts.values));
  const caps = capabilities(opts.apiVersions ?? defaultApis);
  const release = { Name: opts.releaseName, Namespace: opts.namespace, Service: "Helm", IsInstall: true, IsUpgrade: false, Revision: 1 };
  return allTemplates(chart).map((t) => {
    const own = t.chart === chart;
    // Only manifests render: `_*` files hold defines, and a library dependency only contributes defines.
    const library = !own && (t.chart.meta.type === "library" || t.chart.templates.every((x) => path.posix.basename(x.file).startsWith("_")));
    const renders = !path.posix.basename(t.file).startsWith("_") && /\.ya?ml$/.test(t.file) && !library;
    const subValues = own ? values : (values[chart.dependencies.find((d) => d.chart === t.chart)!.alias] as Record<string, Value>);
    const context: Record<string, Value> = {
      Values: subValues,
      Chart: chartObject(t.chart.meta),
      Release: release,
      Capabilities: caps,
      Template: { Name: t.file, BasePath: path.posix.join(t.chart.dir, "templates") },
      Files: {},
    };
    return { file: t.file, renders, src: t.src, context };
  });
}

/** The text each rendering template produces, "<no value>" markers dropped as Helm drops them. */
export function renderTexts(inputs: RenderInput[]): Array<{ file: string; text: string }> {
  let set: TemplateSet;
  const hooks = {
    include: (name: string, data: Value) => set.executeNamed(name, data),
    tpl: (text: string, data: Value) => set.execute(set.add(text, "tpl"), data, "tpl"),
  };
  set = new TemplateSet(helmFuncs(hooks));
  const bodies = inputs.map((t) => ({ ...t, body: set.add(t.src, t.file) }));
  return bodies.filter((t) => t.renders).map((t) => ({ file: t.file, text: set.execute(t.body, t.context, t.file).split("<no value>").join("") }));
}

/** Render a chart as `helm template <release> <dir> -n <namespace> -f values` would. */
export function renderChart(tree: FileTree, dir: string, opts: RenderOptions): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  for (const { file, text } of renderTexts(renderInputs(tree, dir, opts))) {
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
