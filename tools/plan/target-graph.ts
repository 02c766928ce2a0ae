import { statefulRule } from "./diff";
import type { ResourceEntry } from "./types";

/** One box of the target picture: every resource of one type the target creates. */
export interface TargetGroup {
  id: string;
  type: string;
  names: string[];
  stateful: boolean;
}

/** Where the platform keeps data on this target: one box per component holding volumes or a database. */
export interface DataStore {
  id: string;
  /** the component's type, e.g. `digit:backbone:Kafka` */
  owner: string;
  /** Kubernetes kinds and how many of each, e.g. { StatefulSet: 1, PersistentVolumeClaim: 3 } */
  kinds: Record<string, number>;
  /** target groups its objects are created through (the Kubernetes provider) */
  via: string[];
}

export interface TargetPicture {
  /** the target component (`digit:<kind>:Target`) */
  target: { type: string; name: string };
  groups: TargetGroup[];
  stores: DataStore[];
  /** `from` depends on `to` (`to` is created first) */
  edges: Array<{ from: string; to: string }>;
}

const TARGET_TYPE = /^digit:[a-z]+:Target$/;

/**
 * What a target creates, from a plan's resources: every resource below the target component,
 * one group per type (six subnets are one box), dependencies between groups. Pure.
 */
export function targetPicture(resources: readonly ResourceEntry[]): TargetPicture {
  const target = resources.find((r) => TARGET_TYPE.test(r.type));
  if (!target) throw new Error("the plan has no target component (digit:<kind>:Target): plan a stack of this repository's program");
  const kids = new Map<string, ResourceEntry[]>();
  for (const r of resources) if (r.parent) kids.set(r.parent, [...(kids.get(r.parent) ?? []), r]);
  const below: ResourceEntry[] = [];
  const walk = (urn: string) => {
    for (const c of kids.get(urn) ?? []) {
      below.push(c);
      walk(c.urn);
    }
  };
  walk(target.urn);
  // Components inside the target are drawn through their resources.
  const leaves = below.filter((r) => !kids.has(r.urn));
  const groupOf = new Map<string, TargetGroup>();
  const groups: TargetGroup[] = [];
  for (const r of leaves) {
    let g = groups.find((x) => x.type === r.type);
    if (!g) {
      g = { id: `g${groups.length}`, type: r.type, names: [], stateful: statefulRule(r.type) !== undefined };
      groups.push(g);
    }
    g.names.push(r.name);
    groupOf.set(r.urn, g);
  }
  const edges = new Map<string, { from: string; to: string }>();
  for (const r of leaves) {
    const from = groupOf.get(r.urn)!;
    for (const dep of [...r.dependsOn, ...(r.provider ? [r.provider] : [])]) {
      const to = groupOf.get(dep);
      if (to && to !== from) edges.set(`${from.id}>${to.id}`, { from: from.id, to: to.id });
    }
  }
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const inTarget = new Set(below.map((r) => r.urn));
  const stores: DataStore[] = [];
  for (const r of resources) {
    if (inTarget.has(r.urn) || kids.has(r.urn) || GENERATED_TYPE.test(r.type) || !statefulRule(r.type)) continue;
    const owner = (r.parent && byUrn.get(r.parent)?.type) || r.type;
    let s = stores.find((x) => x.owner === owner);
    if (!s) {
      s = { id: `d${stores.length}`, owner, kinds: {}, via: [] };
      stores.push(s);
    }
    const kind = r.type.split(":").pop()!;
    s.kinds[kind] = (s.kinds[kind] ?? 0) + 1;
    const via = r.provider ? groupOf.get(r.provider)?.id : undefined;
    if (via && !s.via.includes(via)) s.via.push(via);
  }
  const order = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from.localeCompare(b.from, "en", { numeric: true }) || a.to.localeCompare(b.to, "en", { numeric: true });
  return { target: { type: target.type, name: target.name }, groups, stores, edges: [...edges.values()].sort(order) };
}

const GENERATED_TYPE = /^random:/;

/** `aws:ec2/subnet:Subnet` -> ["Subnet", "aws ec2"]; `kubernetes:storage.k8s.io/v1:StorageClass` -> ["StorageClass", "kubernetes storage.k8s.io/v1"]. */
function typeLabel(type: string): [string, string] {
  const [pkg, mod = "", kind = type] = type.split(":");
  if (pkg === "pulumi" && mod === "providers") return [`${kind} provider`, "pulumi"];
  const module = pkg === "kubernetes" ? mod : mod.split("/")[0];
  return [kind, `${pkg}${module && module !== "index" ? " " + module : ""}`];
}

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** The picture in Graphviz DOT: data stores as cylinders, counts when a type repeats, names as tooltips. */
export function targetDot(p: TargetPicture): string {
  const lines = [
    "digraph target {",
    '  rankdir=LR; fontname="Helvetica"; fontsize=12; labelloc=t;',
    `  label="The ${esc(p.target.type.split(":")[1])} target: what it creates (A -> B: B first)";`,
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555", arrowsize=0.7];',
  ];
  for (const g of p.groups) {
    const [kind, where] = typeLabel(g.type);
    const count = g.names.length > 1 ? ` \u00d7${g.names.length}` : "";
    const style = g.stateful ? ', shape=cylinder, style="filled", fillcolor="#fde9c8"' : "";
    lines.push(`  ${g.id} [label="${esc(kind + count)}\\n${esc(where)}", tooltip="${esc(g.names.join(", "))}"${style}];`);
  }
  for (const e of p.edges) lines.push(`  ${e.from} -> ${e.to};`);
  if (p.stores.length) {
    lines.push("  subgraph cluster_data {");
    lines.push('    label="DIGIT\'s data stores on it"; style="rounded,dashed"; color="#8899aa"; fontsize=10;');
    for (const d of p.stores) {
      const kinds = Object.entries(d.kinds).map(([k, n]) => (n > 1 ? `${k} \u00d7${n}` : k)).join(", ");
      lines.push(`    ${d.id} [label="${esc(d.owner.split(":").pop()!)}\\n${esc(kinds)}", shape=cylinder, style="filled", fillcolor="#fde9c8"];`);
    }
    lines.push("  }");
    for (const d of p.stores) for (const v of d.via) lines.push(`  ${d.id} -> ${v} [style=dashed];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
