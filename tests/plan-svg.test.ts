import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

describe("plan: graph.svg drawing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-svg-"));
  let dotToSvg: (dot: string) => Promise<string>;
  before(() => {
    process.env.DIGIT_SVG_CACHE_DIR = dir;
    delete require.cache[require.resolve("../tools/plan/svg")];
    dotToSvg = require("../tools/plan/svg").dotToSvg;
  });
  after(() => {
    delete process.env.DIGIT_SVG_CACHE_DIR;
    delete require.cache[require.resolve("../tools/plan/svg")];
  });

  it("draws offline, and an unchanged graph reuses its drawing from the cache", async () => {
    const dot = 'digraph g { a -> b; b [label="backbone"]; }';
    const first = await dotToSvg(dot);
    assert.match(first, /<svg[\s\S]*backbone[\s\S]*<\/svg>/);
    const cached = fs.readdirSync(dir).filter((f) => f.endsWith(".svg"));
    assert.equal(cached.length, 1);
    // prove the second call reads the cache: change the cached drawing and get it back
    fs.writeFileSync(path.join(dir, cached[0]), "<svg>from cache</svg>");
    assert.equal(await dotToSvg(dot), "<svg>from cache</svg>");
    assert.notEqual(await dotToSvg('digraph g { c -> d; }'), "<svg>from cache</svg>", "another graph is drawn anew");
  });
});
