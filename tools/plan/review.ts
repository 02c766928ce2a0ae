// What a reviewer reads first in a plan: which DIGIT modules and services it deploys (and which
// modules came in as dependencies, and why), how traffic enters, the images, the third-party
// charts (whose objects only a real preview shows) and the stack outputs. Pure: from the plan's
// resources, its config and its outputs.
import { moduleClosure, selectServices } from "../../components/services/catalog";
import { digitConfigSchema } from "../../config/schema";
import { chartImages, chartName } from "./chart-images";
import { planImages, type ImageUse } from "./images";
import { kubernetesKind } from "./manifests";
import type { ResourceEntry } from "./types";

/** The label the platform puts on each DIGIT service's objects: the module it belongs to. */
export const MODULE_LABEL = "digit.egov.org/module";

export interface ModuleReview {
  /** the modules the stack chose (digit:modules) */
  chosen: string[];
  /** modules deployed because a chosen one depends on them, and which chosen modules need each */
  pulledIn: Array<{ module: string; by: string[] }>;
  /** deployed services per module, catalog modules in the catalog's order, then the program's own */
  services: Array<{ module: string; services: string[]; own: boolean }>;
}

export interface TrafficEntry {
  /** `LoadBalancer` or `NodePort` */
  mode: string;
  /** the Kubernetes Service (or the EnvoyProxy that makes it) */
  object: string;
  /** NodePort -> service port, for NodePort exposure */
  nodePorts: Array<{ nodePort: number; port: number }>;
  annotations: Record<string, string>;
  /** the public listeners of the Gateway in front (protocol, port, hostname) */
  listeners: string[];
}

export interface ChartReview {
  name: string;
  chart: string;
  version: string;
  repository: string;
  namespace: string;
  /** the workloads it runs (from its pinned defaults and our values); undefined when not known */
  workloads?: string[];
}

export interface Review {
  modules?: ModuleReview;
  traffic: TrafficEntry[];
  images: {
    total: number;
    /** the registry mirror the stack pulls through (digit:target.registry.mirror), when it has one */
    mirror?: string;
    list: ImageUse[];
    /** charts whose images the plan cannot know */
    unknownCharts: string[];
  };
  charts: ChartReview[];
  /** stack outputs, printable (secrets "[secret]") */
  outputs: Record<string, unknown>;
}

function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The modules and services: chosen modules from the config (the schema's default when absent),
 * their dependencies from the catalog's module graph, the services from the Deployments' module
 * label. Undefined for a program that deploys no DIGIT service.
 */
export function moduleReview(resources: readonly ResourceEntry[], config: Record<string, string>): ModuleReview | undefined {
  const deployed = new Map<string, string[]>();
  for (const r of resources) {
    if (kubernetesKind(r.type)?.kind !== "Deployment") continue;
    const meta = (r.inputs as any)?.metadata;
    const module = meta?.labels?.[MODULE_LABEL];
    if (typeof module !== "string") continue;
    deployed.set(module, [...(deployed.get(module) ?? []), String(meta.name ?? r.name)]);
  }
  if (!deployed.size) return undefined;
  const chosen = parseList(config["digit:modules"]) ?? (digitConfigSchema.shape.modules.parse(undefined) as string[]);
  let closure: string[];
  try {
    closure = moduleClosure(chosen);
  } catch {
    closure = chosen; // an unknown module failed the config already; show what was given
  }
  const pulledIn = closure
    .filter((m) => !chosen.includes(m))
    .map((m) => ({ module: m, by: chosen.filter((c) => safeClosure(c).includes(m)) }));
  // Catalog order for the catalog's modules; the program's own (extra services) after them.
  const catalogOrder = [...new Set(selectServices(closure).map((s) => s.module as string))];
  const order = [...catalogOrder, ...closure.filter((m) => !catalogOrder.includes(m))];
  const services = [
    ...order.filter((m) => deployed.has(m)).map((m) => ({ module: m, services: deployed.get(m)!.sort(), own: false })),
    ...[...deployed.keys()].filter((m) => !order.includes(m)).sort().map((m) => ({ module: m, services: deployed.get(m)!.sort(), own: true })),
  ];
  return { chosen, pulledIn, services };
}

function safeClosure(module: string): string[] {
  try {
    return moduleClosure([module]);
  } catch {
    return [];
  }
}

function objectName(r: ResourceEntry): string {
  const meta = (r.inputs as any)?.metadata ?? {};
  return `${kubernetesKind(r.type)!.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? r.name}`;
}

function ports(list: unknown): Array<{ nodePort: number; port: number }> {
  return Array.isArray(list) ? list.filter((p) => typeof p?.nodePort === "number").map((p) => ({ nodePort: p.nodePort, port: p.port })) : [];
}

/**
 * How traffic enters: every Service of type LoadBalancer or NodePort, and every EnvoyProxy that
 * has Envoy Gateway create one, with the public listeners of the Gateways.
 */
export function trafficReview(resources: readonly ResourceEntry[]): TrafficEntry[] {
  const listeners: string[] = [];
  for (const r of resources) {
    if (kubernetesKind(r.type)?.kind !== "Gateway") continue;
    for (const l of (r.inputs as any)?.spec?.listeners ?? []) listeners.push(`${String(l.protocol).toLowerCase()} :${l.port}${l.hostname ? ` for ${l.hostname}` : ""}`);
  }
  const out: TrafficEntry[] = [];
  for (const r of resources) {
    const kind = kubernetesKind(r.type)?.kind;
    const inputs = r.inputs as any;
    if (kind === "Service" && ["LoadBalancer", "NodePort"].includes(inputs?.spec?.type))
      out.push({ mode: inputs.spec.type, object: objectName(r), nodePorts: ports(inputs.spec.ports), annotations: inputs.metadata?.annotations ?? {}, listeners: [] });
    if (kind === "EnvoyProxy") {
      const svc = inputs?.spec?.provider?.kubernetes?.envoyService;
      if (!svc || !["LoadBalancer", "NodePort"].includes(svc.type ?? "LoadBalancer")) continue;
      out.push({
        mode: svc.type ?? "LoadBalancer",
        object: `${objectName(r)} (Envoy Gateway creates the Service${svc.name ? ` ${svc.name}` : ""})`,
        nodePorts: ports(svc.patch?.value?.spec?.ports),
        annotations: svc.annotations ?? {},
        listeners: [...new Set(listeners)],
      });
    }
  }
  return out;
}

/** Each third-party chart: pinned version, repository, namespace, and the workloads it runs. */
export function chartReview(resources: readonly ResourceEntry[]): ChartReview[] {
  return resources
    .filter((r) => r.type.startsWith("kubernetes:helm.sh/"))
    .map((r) => {
      const i = r.inputs as any;
      const chart = String(i.chart);
      const repository = i.repositoryOpts?.repo ?? (chart.startsWith("oci://") ? chart.slice(0, chart.lastIndexOf("/")) : "");
      const workloads = chartImages(chart, String(i.version), i.values)?.map((c) => c.workload);
      return { name: r.name, chart: chartName(chart), version: String(i.version), repository, namespace: String(i.namespace ?? ""), workloads: workloads && [...new Set(workloads)] };
    });
}

/** digit:target.registry.mirror of the config Pulumi hands the program, when set. */
export function registryMirror(config: Record<string, string>): string | undefined {
  try {
    const mirror = JSON.parse(config["digit:target"] ?? "{}")?.registry?.mirror;
    return typeof mirror === "string" && mirror ? mirror : undefined;
  } catch {
    return undefined;
  }
}

export function review(resources: readonly ResourceEntry[], config: Record<string, string>, outputs: Record<string, unknown>): Review {
  const mirror = registryMirror(config);
  const imgs = planImages(resources, mirror);
  return {
    modules: moduleReview(resources, config),
    traffic: trafficReview(resources),
    images: { total: imgs.images.length, ...(mirror ? { mirror } : {}), list: imgs.images, unknownCharts: imgs.unknownCharts },
    charts: chartReview(resources),
    outputs,
  };
}

/** A list of names wrapped at ~100 columns, each line indented. */
function wrap(names: string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const n of names) {
    const next = line ? `${line}, ${n}` : n;
    if (line && indent.length + next.length > width) {
      lines.push(`${indent}${line},`);
      line = n;
    } else line = next;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

/** An output as one line: strings whole, structured values as JSON (long ones cut: --json has them all). */
function shortValue(v: unknown): string {
  if (typeof v === "string") return v;
  const s = JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

/** The review as the summary's first sections (text). */
export function formatReview(r: Review): string[] {
  const lines: string[] = [];
  const m = r.modules;
  if (m) {
    lines.push("DIGIT modules and services:");
    lines.push(`  chosen (digit:modules): ${m.chosen.join(", ")}`);
    for (const p of m.pulledIn) lines.push(`  pulled in: ${p.module}, because ${p.by.join(" and ")} depend${p.by.length === 1 ? "s" : ""} on it`);
    for (const s of m.services) {
      lines.push(`  ${s.module}${s.own ? " (the program's own)" : ""}: ${s.services.length} service${s.services.length === 1 ? "" : "s"}`);
      lines.push(...wrap(s.services, "    "));
    }
    lines.push("");
  }
  lines.push("How traffic enters:");
  if (!r.traffic.length) lines.push("  no LoadBalancer or NodePort Service: nothing is reachable from outside the cluster");
  for (const t of r.traffic) {
    if (t.mode === "NodePort") {
      const fwd = t.nodePorts.map((p) => `${p.nodePort} -> ${p.port}`).join(", ");
      lines.push(`  NodePort, ${t.object}: the state's load balancer forwards to every node's port ${fwd || "(ports chosen by Kubernetes)"}`);
    } else {
      lines.push(`  LoadBalancer, ${t.object}: the cloud (or the cluster's load-balancer controller) gives it an address at deploy time`);
      const ann = Object.entries(t.annotations).map(([k, v]) => `${k}=${v}`);
      if (ann.length) lines.push(...wrap(ann, "    annotations: ").map((l, i) => (i ? l.replace(/^ {4}annotations: /, "                 ") : l)));
    }
    if (t.listeners.length) lines.push(`    the Gateway listens on ${t.listeners.join(", ")}`);
  }
  lines.push("");
  lines.push(
    `Images: ${r.images.total}, DIGIT's and the platform's, its charts' included${r.images.mirror ? `, pulled through the registry mirror ${r.images.mirror}` : ""} (--images lists each, with its upstream name and where it is used)`,
  );
  for (const c of r.images.unknownCharts) lines.push(`  not known to the plan: the images of ${c}`);
  lines.push("");
  if (r.charts.length) {
    lines.push(`Third-party charts (${r.charts.length}): one resource each in this plan; a real \`pulumi preview\` adds the objects they render:`);
    lines.push("  the workloads below, and each chart's Services, ServiceAccounts, RBAC, CRDs and webhook configurations");
    for (const c of r.charts) {
      lines.push(`  ${c.chart} ${c.version} from ${c.repository || "(the default repository)"} into namespace ${c.namespace}:`);
      const runs = c.workloads ? (c.workloads.length ? c.workloads : ["no workload with these values"]) : ["its workloads are not known to the plan (no vendored defaults for this chart)"];
      lines.push(...wrap(runs, "    "));
    }
    lines.push("");
  }
  const outs = Object.entries(r.outputs);
  if (outs.length) {
    lines.push("Stack outputs:");
    const width = Math.max(...outs.map(([k]) => k.length));
    for (const [k, v] of outs.sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${k.padEnd(width)}  ${shortValue(v)}`);
    lines.push("");
  }
  return lines;
}

/** Where an image is used, in one short phrase. */
function uses(u: ImageUse): string {
  return u.usedBy.length <= 2 ? u.usedBy.join("; ") : `${u.usedBy[0]} and ${u.usedBy.length - 1} more`;
}

/** `--images`: every image, upstream name beside the name this stack pulls it by. */
export function formatImages(stack: string, images: Review["images"]): string {
  const lines: string[] = [];
  const list = [...images.list].sort((a, b) => (a.upstream ?? a.image).localeCompare(b.upstream ?? b.image));
  if (images.mirror) {
    lines.push(`Images of stack "${stack}" (${list.length}), pulled through the registry mirror ${images.mirror}: copy each from its upstream name to the name beside it`);
    const width = Math.max(...list.map((i) => (i.upstream ?? "?").length));
    for (const i of list) lines.push(`  ${(i.upstream ?? "(upstream not known to the plan)").padEnd(width)}  ->  ${i.image}   (${uses(i)})`);
  } else {
    lines.push(`Images of stack "${stack}" (${list.length}), pulled from their registries:`);
    const width = Math.max(...list.map((i) => (i.upstream ?? i.image).length));
    for (const i of list) lines.push(`  ${(i.upstream ?? i.image).padEnd(width)}   (${uses(i)})`);
    lines.push("");
    lines.push("No registry mirror is set. For a cluster that cannot reach these registries, copy the images into the state's registry");
    lines.push("and set digit:target.registry.mirror (e.g. registry.state.example/egovio): --images then lists the name each has there.");
  }
  for (const c of images.unknownCharts) lines.push(`  and the images of ${c}: not known to the plan (no vendored defaults for that chart)`);
  return lines.join("\n") + "\n";
}
