import { isComponent, type PlanResource } from "./types";

export interface GraphNode {
  /** stable id for Mermaid/DOT: `c<n>`, n = the component's place among components */
  id: string;
  urn: string;
  name: string;
  type: string;
  /** id of the enclosing component node, or null at the top */
  parent: string | null;
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
 * dependency of a leaf (or of a remote component) is lifted to the nearest components on both
 * ends. Self edges dropped, duplicates merged; nodes in registration order, edges sorted.
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

  const nodes: GraphNode[] = resources
    .filter((r) => ids.has(r.urn))
    .map((r) => ({ id: ids.get(r.urn)!, urn: r.urn, name: r.name, type: r.type, parent: owner(r.parent) ?? null }));

  const order = (id: string) => Number(id.slice(1));
  const edges = new Map<string, GraphEdge>();
  for (const r of resources) {
    if (!(r.custom || r.remote)) continue;
    const from = owner(r.urn);
    if (!from) continue;
    for (const dep of r.dependsOn) {
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

/** The same graph in Graphviz DOT: a component with child components is a cluster holding its own node. */
export function toDot(graph: ComponentGraph): string {
  const kids = children(graph);
  const lines = [
    "digraph components {",
    '  rankdir=LR; newrank=true; fontname="Helvetica"; fontsize=11;',
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555", arrowsize=0.7];',
  ];
  const label = (n: GraphNode) => `"${dotText(n.name)}\\n${dotText(n.type)}"`;
  const emit = (n: GraphNode, indent: string) => {
    const inner = kids.get(n.id) ?? [];
    if (inner.length === 0) {
      lines.push(`${indent}${n.id} [label=${label(n)}];`);
      return;
    }
    lines.push(`${indent}subgraph cluster_${n.id} {`);
    lines.push(`${indent}  label=${label(n)}; style="rounded,dashed"; color="#8899aa";`);
    lines.push(`${indent}  ${n.id} [label=${label(n)}, shape=folder, fillcolor="#dde7f5"];`);
    for (const k of inner) emit(k, indent + "  ");
    lines.push(`${indent}}`);
  };
  for (const n of kids.get(null) ?? []) emit(n, "  ");
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
