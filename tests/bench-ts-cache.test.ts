// tools/ts-cache.js, the loader `npm run plan` runs TypeScript with: same result as a transpile,
// an edited file is transpiled again, a cached one is not.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const LOADER = path.resolve(__dirname, "..", "tools", "ts-cache.js");

describe("tools/ts-cache.js", () => {
  let dir: string;
  let cache: string;
  const runTs = (file: string, args: string[] = []) =>
    execFileSync(process.execPath, ["-r", LOADER, file, ...args], { env: { ...process.env, DIGIT_TS_CACHE_DIR: cache }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-cache-test-"));
    cache = path.join(dir, "cache");
    fs.writeFileSync(path.join(dir, "lib.ts"), "export const greet = (who: string): string => `hello ${who}`;\n");
    fs.writeFileSync(path.join(dir, "main.ts"), 'import { greet } from "./lib";\ninterface Unused { x: number }\nconsole.log(greet("plan"));\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs TypeScript, types stripped, and caches one output per file", () => {
    assert.equal(runTs(path.join(dir, "main.ts")), "hello plan\n");
    assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith(".js")).length, 2);
  });

  it("reuses the cached output of an unchanged file", () => {
    runTs(path.join(dir, "main.ts"));
    // Tamper with the cached output of lib.ts: if it is used, the run shows it.
    const lib = fs.readdirSync(cache).map((f) => path.join(cache, f)).find((f) => fs.readFileSync(f, "utf8").includes("hello "))!;
    fs.writeFileSync(lib, fs.readFileSync(lib, "utf8").replace("hello ", "cached "));
    assert.equal(runTs(path.join(dir, "main.ts")), "cached plan\n");
  });

  it("transpiles an edited file again", () => {
    runTs(path.join(dir, "main.ts"));
    fs.writeFileSync(path.join(dir, "lib.ts"), "export const greet = (who: string): string => `hi ${who}`;\n");
    assert.equal(runTs(path.join(dir, "main.ts")), "hi plan\n");
    assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith(".js")).length, 3);
  });

  it("fails on a syntax error with the file, line and column, and caches nothing for it", () => {
    fs.writeFileSync(path.join(dir, "bad.ts"), "const x: number = ;\n");
    assert.throws(() => runTs(path.join(dir, "bad.ts")), (e: { stderr?: string }) => /bad\.ts:1:19: Expression expected/.test(String(e.stderr)));
    assert.equal(fs.existsSync(cache) ? fs.readdirSync(cache).length : 0, 0);
  });

  it("maps stack traces to the TypeScript source with --debug", () => {
    fs.writeFileSync(path.join(dir, "boom.ts"), 'type T = { a: number };\nconst t: T = { a: 1 };\nif (t.a) throw new Error("boom");\n');
    const err = (() => {
      try {
        runTs(path.join(dir, "boom.ts"), ["--debug"]);
      } catch (e) {
        return String((e as { stderr?: string }).stderr);
      }
      return "";
    })();
    assert.match(err, /boom\.ts:3:\d+/);
  });
});
