// Loads the repository's .ts files for its CLIs (`node -r ./tools/ts-cache.js tools/plan.ts`):
// the same type-stripping transpile as `ts-node --transpile-only`, with an on-disk cache keyed by
// the file's content, TypeScript's version and tsconfig.json, so a re-run skips transpiling
// (about 1 s of a plan's start-up) and an edited file is transpiled again.
// Plain JavaScript on purpose: it is what loads the TypeScript.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const cacheDir = process.env.DIGIT_TS_CACHE_DIR || path.join(root, "node_modules", ".cache", "digit-ts");
const tsconfigFile = path.join(root, "tsconfig.json");

let salt; // what every cached output depends on besides its source
let transpiler; // TypeScript and the compiler options, loaded on the first miss only

function saltOf() {
  if (salt === undefined) {
    const tsVersion = require("typescript/package.json").version;
    const tsconfig = fs.existsSync(tsconfigFile) ? fs.readFileSync(tsconfigFile, "utf8") : "";
    salt = `digit-ts-cache 1\0${process.version}\0${tsVersion}\0${tsconfig}\0`;
  }
  return salt;
}

function transpile(source, filename) {
  if (!transpiler) {
    const ts = require("typescript");
    const read = ts.readConfigFile(tsconfigFile, ts.sys.readFile);
    const options = read.error ? {} : ts.parseJsonConfigFileContent(read.config, ts.sys, root).options;
    transpiler = {
      ts,
      options: {
        ...options,
        module: ts.ModuleKind.CommonJS,
        inlineSourceMap: true,
        inlineSources: true,
        sourceMap: false,
        declaration: false,
        declarationMap: false,
        noEmit: false,
        outDir: undefined,
        rootDir: undefined,
      },
    };
  }
  const { ts } = transpiler;
  const out = ts.transpileModule(source, { compilerOptions: transpiler.options, fileName: filename, reportDiagnostics: true });
  // transpileModule reports syntax errors only (no type-check), as ts-node --transpile-only does.
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    const where = (d) => {
      if (!d.file || d.start === undefined) return filename;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${filename}:${line + 1}:${character + 1}`;
    };
    throw new SyntaxError(errors.map((d) => `${where(d)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`).join("\n"));
  }
  return out.outputText;
}

function store(file, text) {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file); // atomic: concurrent runs never read half a file
  } catch {
    // a read-only or full disk only costs the next run its transpile
  }
}

function compiled(filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(saltOf()).update(filename).update("\0").update(source).digest("hex");
  const file = path.join(cacheDir, `${key.slice(0, 40)}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    const text = transpile(source, filename);
    store(file, text);
    return text;
  }
}

// Node 22.1+ also keeps V8's compiled code of every module loaded from here on (the Pulumi SDKs
// above all): start-up CPU drops by about 30% there. A no-op on Node 20.
const Module = require("node:module");
if (typeof Module.enableCompileCache === "function") {
  try {
    Module.enableCompileCache(path.join(cacheDir, "v8"));
  } catch {
    // a cache that cannot be written only costs the time it would have saved
  }
}

// Stack traces point into the .ts sources when asked for (--debug); off otherwise, since Node
// then reads the source maps of every module it loads.
if (process.argv.includes("--debug") && typeof process.setSourceMapsEnabled === "function") process.setSourceMapsEnabled(true);

const previous = require.extensions[".ts"];
require.extensions[".ts"] = function (module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`) || filename.endsWith(".d.ts")) {
    if (previous) return previous(module, filename);
    throw new Error(`cannot load ${filename}: TypeScript inside node_modules is not transpiled`);
  }
  module._compile(compiled(filename), filename);
};
