import { kubernetesKind } from "./manifests";
import { MODULE_LABEL } from "./review";
import { isComponent, type PlanResource } from "./types";

export interface GraphNode {
  /** stable id for Mermaid/DOT: `c<n>`, n = the component's place among components */
  id: string;
  urn: string;
  name: string;
  type: string;
  /** id of the enclosing component node, or null at the top */
  parent: string | null;
  /** the DIGIT module its Deployments carry (label digit.egov.org/module), for a service's component */
  module?: string;
}

/** `from` depends on `to` (`to` deploys first). */
export interface GraphEdge {
  from: string;
  to: string;
}

export interface ComponentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The component graph: nodes are components (local and remote), nested by parent; each
 * dependency of a leaf (or of a remote component), and the provider it is created through, is
 * lifted to the nearest components on both ends (so everything a target's Kubernetes provider
 * creates points at the target). Self edges dropped, duplicates merged; nodes in registration
 * order, edges sorted.
 */
export function componentGraph(resources: readonly PlanResource[]): ComponentGraph {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ids = new Map<string, string>();
  for (const r of resources) if (isComponent(r)) ids.set(r.urn, `c${ids.size}`);

  // The nearest component at or above a resource (none above a top-level resource).
  const owner = (urn: string | null): string | undefined => {
    for (let u = urn, guard = 0; u && guard < 10000; guard++) {
      if (ids.has(u)) return ids.get(u);
      u = byUrn.get(u)?.parent ?? null;
    }
    return undefined;
  };

  // A component whose own Deployment carries a module label is that module's service.
  const moduleOf = new Map<string, string>();
  for (const r of resources) {
    if (kubernetesKind(r.type)?.kind !== "Deployment") continue;
    const m = (r.inputs as any)?.metadata?.labels?.[MODULE_LABEL];
    const o = r.parent && ids.get(r.parent);
    if (typeof m === "string" && o && !moduleOf.has(o)) moduleOf.set(o, m);
  }

  const nodes: GraphNode[] = resources
    .filter((r) => ids.has(r.urn))
    .map((r) => {
      const id = ids.get(r.urn)!;
      const module = moduleOf.get(id);
      return { id, urn: r.urn, name: r.name, type: r.type, parent: owner(r.parent) ?? null, ...(module ? { module } : {}) };
    });

  const order = (id: string) => Number(id.slice(1));
  const edges = new Map<string, GraphEdge>();
  for (const r of resources) {
    if (!(r.custom || r.remote)) continue;
    const from = owner(r.urn);
    if (!from) continue;
    for (const dep of r.provider ? [...r.dependsOn, r.provider] : r.dependsOn) {
      const to = owner(dep);
      if (!to || to === from) continue;
      edges.set(`${from}>${to}`, { from, to });
    }
  }
  return {
    nodes,
    edges: [...edges.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to)),
  };
}

function children(graph: ComponentGraph): Map<string | null, GraphNode[]> {
  const out = new Map<string | null, GraphNode[]>();
  for (const n of graph.nodes) out.set(n.parent, [...(out.get(n.parent) ?? []), n]);
  return out;
}

function mermaidText(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/**
 * Mermaid flowchart. A component with child components becomes a subgraph `<id>_group` holding
 * the component's own node: edges always join plain nodes (Mermaid's edges to subgraphs are fragile).
 */
export function toMermaid(graph: ComponentGraph): string {
  const kids = children(graph);
  const lines = ["%% Component graph of the offline plan. A --> B: A depends on B (B deploys first).", "flowchart LR"];
  const label = (n: GraphNode) => `"${mermaidText(n.name)}<br/><small>${mermaidText(n.type)}</small>"`;
  const emit = (n: GraphNode, indent: string) => {
    const inner = kids.get(n.id) ?? [];
    if (inner.length === 0) {
      lines.push(`${indent}${n.id}[${label(n)}]`);
      return;
    }
    lines.push(`${indent}subgraph ${n.id}_group[${label(n)}]`);
    lines.push(`${indent}  ${n.id}[${label(n)}]`);
    for (const k of inner) emit(k, indent + "  ");
    lines.push(`${indent}end`);
  };
  for (const n of kids.get(null) ?? []) emit(n, "  ");
  for (const e of graph.edges) lines.push(`  ${e.from} --> ${e.to}`);
  return lines.join("\n") + "\n";
}

function dotText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `digit-egov-user` under platform `digit` reads `egov-user`: the parent's name is the prefix of every child's. */
function shortName(n: GraphNode, parent: GraphNode | undefined): string {
  return parent && n.name.startsWith(`${parent.name}-`) ? n.name.slice(parent.name.length + 1) : n.name;
}

/** Name and type on two lines, the type small: sized by Graphviz, so the text stays inside the box. */
function label(name: string, type?: string): string {
  return type ? `<${html(name)}<BR/><FONT POINT-SIZE="8" COLOR="#555555">${html(type)}</FONT>>` : `<${html(name)}>`;
}

const FILL = { target: "#e4e4e4", service: "#eef3fb", data: "#fde9c8", chart: "#e7f4e4", other: "#f4f4f4" } as const;

/**
 * The picture a reviewer reads (graph.svg): every top-level component a group (the target and
 * the platform, connected by the provider the platform's objects use); inside, a component with
 * components of its own is a group too (the backbone, the edge), and DIGIT's services are grouped
 * by module, named without the platform's prefix. Edges join groups where they can: a module's
 * services' dependencies are drawn once from the module, and a dependency leaving a top-level
 * group once from that group. A -> B: A depends on B (B deploys first).
 */
export function toDot(graph: ComponentGraph): string {
  const kids = children(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const top = (id: string): GraphNode => {
    let n = byId.get(id)!;
    while (n.parent) n = byId.get(n.parent)!;
    return n;
  };
  const grouped = (n: GraphNode) => (kids.get(n.id) ?? []).length > 0;
  const moduleGroup = (n: GraphNode) => (n.module && n.parent ? `cluster_${n.parent}_${n.module.replace(/[^A-Za-z0-9_]/g, "_")}` : undefined);
  /** The node an edge of `n` is drawn from (the first service of its module) and the cluster it stands for. */
  const anchors = new Map<string, string>();
  const fill = (n: GraphNode): string => {
    if (/^digit:[a-z]+:Target$/.test(n.type)) return FILL.target;
    if (n.module) return FILL.service;
    if (n.type.startsWith("kubernetes:helm.sh/")) return FILL.chart;
    if (/^digit:backbone:/.test(n.type)) return FILL.data;
    return FILL.other;
  };

  const lines = [
    "digraph components {",
    '  rankdir=LR; newrank=true; compound=true; nodesep=0.12; ranksep=0.5; fontname="Helvetica,Arial,sans-serif"; fontsize=11;',
    '  labelloc=t; label=<<B>Components of the plan</B><BR/><FONT POINT-SIZE="9">A → B: A depends on B (B is created first); a group&#39;s edge stands for its members</FONT>>;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", fontname="Helvetica,Arial,sans-serif", fontsize=10, margin="0.14,0.06"];',
    '  edge [color="#555555", arrowsize=0.7];',
  ];
  const emit = (n: GraphNode, parent: GraphNode | undefined, indent: string) => {
    const inner = kids.get(n.id) ?? [];
    if (!inner.length) {
      lines.push(`${indent}${n.id} [label=${label(shortName(n, parent), n.module ? undefined : n.type)}, fillcolor="${fill(n)}", tooltip="${dotText(`${n.name} (${n.type})`)}"];`);
      return;
    }
    lines.push(`${indent}subgraph cluster_${n.id} {`);
    lines.push(`${indent}  label=${label(shortName(n, parent), n.type)}; style="rounded"; color="#8899aa"; bgcolor="${parent ? "#fbfbfb" : "#ffffff"}";`);
    // the component's own resources (those not in a child component): edges to them land here
    lines.push(`${indent}  ${n.id} [label=<<I>its own resources</I>>, shape=note, fillcolor="${fill(n)}", fontsize=9, tooltip="${dotText(`${n.name} (${n.type})`)}"];`);
    const modules = new Map<string, GraphNode[]>();
    for (const k of inner) {
      if (k.module && !grouped(k)) modules.set(k.module, [...(modules.get(k.module) ?? []), k]);
      else emit(k, n, indent + "  ");
    }
    for (const [module, services] of modules) {
      const cluster = moduleGroup(services[0])!;
      lines.push(`${indent}  subgraph ${cluster} {`);
      lines.push(
        `${indent}    label=${label(`DIGIT module ${module}: ${services.length} service${services.length === 1 ? "" : "s"}`, services[0].type)}; style="rounded,filled"; fillcolor="#f7faff"; color="#7a9cc6";`,
      );
      for (const s of services) {
        emit(s, n, indent + "    ");
        anchors.set(s.id, services[0].id);
      }
      // Rows of a few services each (invisible chains), so a large module is a block, not a column.
      const perRow = Math.min(4, Math.ceil(Math.sqrt(services.length)));
      for (let i = 0; i + 1 < services.length; i++)
        if ((i + 1) % perRow !== 0) lines.push(`${indent}    ${services[i].id} -> ${services[i + 1].id} [style=invis];`);
      lines.push(`${indent}  }`);
    }
    lines.push(`${indent}}`);
  };
  for (const n of kids.get(null) ?? []) emit(n, undefined, "  ");

  // One edge per (group, target): a module's services share their module's edges; an edge that
  // leaves a top-level group is drawn once from that group.
  const drawn = new Map<string, string>();
  for (const e of graph.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    let tail = from.id;
    let ltail: string | undefined;
    let head = to.id;
    let lhead: string | undefined;
    const topFrom = top(from.id);
    const topTo = top(to.id);
    if (topFrom.id !== topTo.id && grouped(topFrom)) [tail, ltail] = [topFrom.id, `cluster_${topFrom.id}`];
    else if (anchors.has(from.id)) [tail, ltail] = [anchors.get(from.id)!, moduleGroup(from)];
    if (anchors.has(to.id) && topFrom.id === topTo.id) [head, lhead] = [anchors.get(to.id)!, moduleGroup(to)];
    if (topFrom.id !== topTo.id && grouped(topTo)) [head, lhead] = [topTo.id, `cluster_${topTo.id}`];
    if ((ltail ?? tail) === (lhead ?? head)) continue;
    const key = `${ltail ?? tail}>${lhead ?? head}`;
    if (drawn.has(key)) continue;
    const attrs = [ltail && `ltail=${ltail}`, lhead && `lhead=${lhead}`].filter(Boolean).join(", ");
    drawn.set(key, `  ${tail} -> ${head}${attrs ? ` [${attrs}]` : ""};`);
  }
  lines.push(...drawn.values());
  lines.push("}");
  return lines.join("\n") + "\n";
}
