import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { docPath, readmePath, renderedDoc, renderedReadme } from "../tools/digit-docs";
import { catalogLts } from "../components/services/catalog";

describe("docs/digit.md and the README's module table", () => {
  it("are what the catalog and deviations.ts say now (npm run docs:digit)", () => {
    assert.equal(fs.readFileSync(docPath, "utf8"), renderedDoc(), "run npm run docs:digit");
    assert.equal(fs.readFileSync(readmePath, "utf8"), renderedReadme(), "run npm run docs:digit");
  });

  it("list every module and every service", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    for (const m of catalogLts.modules) {
      assert.ok(readme.includes(`| \`${m.name}\` |`), m.name);
      for (const s of m.services) assert.ok(readme.includes(`\`${s.name}\``), s.name);
    }
  });
});
