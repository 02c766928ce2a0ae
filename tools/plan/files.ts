import * as fs from "node:fs";
import * as path from "node:path";
import { componentGraph, toDot, toMermaid } from "./graph";
import { toManifests } from "./manifests";
import { resourcesJson } from "./resources";
import { dotToSvg } from "./svg";
import type { PlanResource } from "./types";

export interface OutputFile {
  /** relative to the --out directory, `/`-separated */
  path: string;
  text: string;
}

/** Everything --out writes, as path -> text; no timestamps, so equal plans give equal bytes. */
export async function planFiles(resources: readonly PlanResource[]): Promise<{ files: OutputFile[]; warnings: string[] }> {
  const { manifests, warnings } = toManifests(resources);
  const graph = componentGraph(resources);
  const files: OutputFile[] = [
    { path: "resources.json", text: resourcesJson(resources) },
    ...manifests.map((m) => ({ path: `manifests/${m.path}`, text: m.text })),
    { path: "graph.mmd", text: toMermaid(graph) },
    { path: "graph.svg", text: await dotToSvg(toDot(graph)) },
  ];
  return { files, warnings };
}

/** Write the files under dir; manifests/ is replaced whole so objects no longer planned disappear. */
export function writeFiles(dir: string, files: readonly OutputFile[]): void {
  fs.rmSync(path.join(dir, "manifests"), { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text);
  }
}
