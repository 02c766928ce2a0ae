import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

// The package is ES-module only; a CommonJS build would turn `import()` into `require()`, so keep a real one.
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

const cacheDir = process.env.DIGIT_SVG_CACHE_DIR ?? path.resolve(__dirname, "..", "..", "node_modules", ".cache", "digit-svg");

/**
 * Lay out and draw a DOT graph as SVG, offline (Graphviz compiled to WebAssembly). Loading the
 * WebAssembly and laying out cost 0.1-0.35 s per plan; an unchanged graph reuses its drawing,
 * keyed by the DOT text and the Graphviz package's version.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const entry = require.resolve("@hpcc-js/wasm-graphviz");
  // its package.json is not exported: read it beside the resolved entry (dist/index.js)
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")).version;
  const file = path.join(cacheDir, `${createHash("sha256").update(`${version}\0${dot}`).digest("hex")}.svg`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // not drawn yet
  }
  const { Graphviz } = await importEsm(pathToFileURL(entry).href);
  const graphviz = await Graphviz.load();
  const svg: string = graphviz.dot(dot, "svg");
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}`, svg);
    fs.renameSync(`${file}.${process.pid}`, file);
  } catch {
    // a read-only tree only loses the cache
  }
  return svg;
}
