import { pathToFileURL } from "node:url";

// The package is ES-module only; a CommonJS build would turn `import()` into `require()`, so keep a real one.
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

/** Lay out and draw a DOT graph as SVG, offline (Graphviz compiled to WebAssembly). */
export async function dotToSvg(dot: string): Promise<string> {
  const entry = require.resolve("@hpcc-js/wasm-graphviz");
  const { Graphviz } = await importEsm(pathToFileURL(entry).href);
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot, "svg");
}
