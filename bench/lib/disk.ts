// Disk usage of a directory tree, as `du` counts it (allocated blocks, hard links once) and by
// apparent size; and per installed package of a node_modules directory.
import * as fs from "node:fs";
import * as path from "node:path";

export interface Usage {
  /** allocated on disk (st_blocks x 512) */
  diskBytes: number;
  /** the files' lengths */
  apparentBytes: number;
  files: number;
}

export function diskUsage(dir: string, seen = new Set<string>()): Usage {
  const total: Usage = { diskBytes: 0, apparentBytes: 0, files: 0 };
  const walk = (p: string) => {
    const st = fs.lstatSync(p, { bigint: false });
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    total.diskBytes += (st.blocks ?? Math.ceil(st.size / 512)) * 512;
    total.apparentBytes += st.size;
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else total.files++;
  };
  if (fs.existsSync(dir)) walk(dir);
  return total;
}

/** Usage of each top-level package in node_modules (`@scope/name` for scoped ones), largest first. */
export function packageUsage(nodeModules: string): Array<{ name: string } & Usage> {
  const out: Array<{ name: string } & Usage> = [];
  if (!fs.existsSync(nodeModules)) return out;
  for (const e of fs.readdirSync(nodeModules)) {
    if (e.startsWith(".")) continue;
    const p = path.join(nodeModules, e);
    if (e.startsWith("@") && fs.statSync(p).isDirectory()) for (const s of fs.readdirSync(p)) out.push({ name: `${e}/${s}`, ...diskUsage(path.join(p, s)) });
    else out.push({ name: e, ...diskUsage(p) });
  }
  return out.sort((a, b) => b.diskBytes - a.diskBytes);
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
