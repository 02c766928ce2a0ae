import { catalogModuleNames } from "../components/services/catalog";
// The bench's pure helpers: statistics, the deploy-graph check, the SVG writer, budgets per kind.
// Nothing here is timed.
import * as assert from "node:assert/strict";
import { analyzeDeployGraph, type GraphEntry } from "../bench/lib/deploy-graph";
import { interleave, median, pairedRatios, ms, mb } from "../bench/lib/stats";
import { escapeXml, lineChart, ticks } from "../bench/lib/svg";
import { renderReport, table } from "../bench/lib/report";
import { plannedCount, plannedDepth, planCommand } from "../bench/lib/context";
import { shellQuote } from "../bench/lib/proc";
import { depthBudget } from "../bench/sections/deploy-path";
import { sdkProblem } from "../bench/sections/startup";
import { flatness, tenantCounts } from "../bench/sections/scaling";
import { fullProductionConfig } from "../bench/sections/plan-cost";
import { diagnostics } from "../bench/sections/typecheck";

const STACK = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
function entry(name: string, type: string, extra: Partial<GraphEntry> = {}): GraphEntry {
  return { urn: `urn:pulumi:s::p::${type}::${name}`, type, name, parent: STACK, dependsOn: [], provider: null, ...extra };
}

describe("bench statistics", () => {
  it("takes the median of odd and even samples, NaN when empty", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it("pairs ratios round by round and takes their median", () => {
    const r = pairedRatios([300, 200, 900], [100, 100, 300]);
    assert.deepEqual(r.ratios, [3, 2, 3]);
    assert.equal(r.median, 3);
  });

  it("rotates the order of the variants every round", () => {
    assert.deepEqual(interleave(["a", "b", "c"], 4), [
      ["a", "b", "c"],
      ["b", "c", "a"],
      ["c", "a", "b"],
      ["a", "b", "c"],
    ]);
  });

  it("formats durations and sizes", () => {
    assert.equal(ms(812.4), "812 ms");
    assert.equal(ms(1234.5), "1.23 s");
    assert.equal(mb(400 * 1024), "400 MB");
  });
});

describe("bench deploy-graph check", () => {
  const provider = entry("k8s", "pulumi:providers:kubernetes");
  const platform = entry("digit", "digit:platform:DigitPlatform");
  const ns = entry("ns", "kubernetes:core/v1:Namespace", { parent: platform.urn, provider: provider.urn });
  const config = entry("cfg", "kubernetes:core/v1:ConfigMap", { parent: platform.urn, provider: provider.urn, dependsOn: [ns.urn] });
  const svcA = entry("a", "digit:services:DigitService", { parent: platform.urn });
  const svcB = entry("b", "digit:services:DigitService", { parent: platform.urn });
  const depA = entry("a", "kubernetes:apps/v1:Deployment", { parent: svcA.urn, provider: provider.urn, dependsOn: [platform.urn] });
  const depB = entry("b", "kubernetes:apps/v1:Deployment", { parent: svcB.urn, provider: provider.urn, dependsOn: [config.urn] });
  const stack = { urn: STACK, type: "pulumi:pulumi:Stack", name: "p-s", parent: null, dependsOn: [], provider: null };

  it("counts the longest chain of steps, a dependency on a component meaning every step below it", () => {
    // provider -> ns -> cfg -> depB ; depA waits on the platform, i.e. on ns, cfg and depB too
    const g = analyzeDeployGraph([stack, provider, platform, ns, config, svcA, svcB, depA, depB]);
    assert.equal(g.depth, 5);
    assert.deepEqual(
      g.chain.map((c) => c.name),
      ["k8s", "ns", "cfg", "b", "a"],
    );
  });

  it("reports a service waiting on another service's resources", () => {
    const g = analyzeDeployGraph([stack, provider, platform, ns, config, svcA, svcB, depA, depB]);
    assert.equal(g.services, 2);
    assert.deepEqual(g.crossServiceDependencies, [{ from: depA.urn, to: depB.urn }]);
  });

  it("finds no cross-service dependency when services wait only on shared resources", () => {
    const fine = { ...depA, dependsOn: [config.urn] };
    const g = analyzeDeployGraph([stack, provider, platform, ns, config, svcA, svcB, fine, depB]);
    assert.equal(g.crossServiceDependencies.length, 0);
    assert.equal(g.depth, 4);
    assert.equal(g.serviceDepth, 4);
  });

  it("does not loop on a dependency cycle", () => {
    const x = entry("x", "kubernetes:core/v1:Secret");
    const y = entry("y", "kubernetes:core/v1:Secret", { dependsOn: [x.urn] });
    x.dependsOn = [y.urn];
    assert.ok(analyzeDeployGraph([stack, x, y]).depth <= 2);
  });

  it("holds cloud stacks to 12 steps, sdc to 6, others to none", () => {
    assert.equal(depthBudget("aws"), 12);
    assert.equal(depthBudget("gcp"), 12);
    assert.equal(depthBudget("sdc"), 6);
    assert.equal(depthBudget("nic"), undefined);
  });
});

describe("bench SVG writer", () => {
  it("picks round ticks covering the range", () => {
    assert.deepEqual(ticks(0, 2000, 4), [0, 500, 1000, 1500, 2000]);
    assert.deepEqual(ticks(0, 0.93, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("draws one polyline per series with its points, a legend and reference lines", () => {
    const svg = lineChart({
      title: "cost <per> resource",
      xLabel: "resources",
      yLabel: "ms",
      series: [
        { name: "a & b", points: [{ x: 2000, y: 1 }, { x: 100, y: 2 }] },
        { name: "c", points: [{ x: 100, y: 3 }] },
      ],
      references: [{ label: "limit", y: 3 }],
    });
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2);
    assert.equal((svg.match(/<circle /g) ?? []).length, 3);
    assert.match(svg, /cost &lt;per&gt; resource/);
    assert.match(svg, />a &amp; b</);
    assert.match(svg, /stroke-dasharray/);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    // points are drawn left to right whatever order they came in
    const xs = /points="([^"]+)"/.exec(svg)![1].split(" ").map((p) => Number(p.split(",")[0]));
    assert.ok(xs[0] < xs[1]);
  });

  it("escapes XML text", () => {
    assert.equal(escapeXml(`a<b>&"c"`), "a&lt;b&gt;&amp;&quot;c&quot;");
  });
});

describe("bench checks and parsing", () => {
  it("lets a kubeconfig target load no cloud SDK and a cloud target only its own", () => {
    assert.equal(sdkProblem("sdc", ["@pulumi/kubernetes", "@pulumi/pulumi"]), undefined);
    assert.equal(sdkProblem("nic", ["@pulumi/aws", "@pulumi/pulumi"]), "loads @pulumi/aws");
    assert.equal(sdkProblem("aws", ["@pulumi/aws", "@pulumi/kubernetes"]), undefined);
    assert.equal(sdkProblem("gcp", ["@pulumi/aws", "@pulumi/gcp"]), "loads @pulumi/aws");
    assert.match(sdkProblem("azure", ["@pulumi/kubernetes"]) ?? "", /does not load @pulumi\/azure-native/);
  });

  it("calls the per-resource cost flat when the largest plan's is within the ratio of the smallest's", () => {
    const f = flatness([
      { tenants: 8, resources: 2000, planMs: 9000, planCpuMs: 4000, wallMs: 5000 },
      { tenants: 1, resources: 100, planMs: 300, planCpuMs: 250, wallMs: 1500 },
    ]);
    assert.deepEqual(f.perResource, [2.5, 2]);
    assert.equal(f.ratio, 0.8);
    // judged on CPU time by default; wall time on request
    assert.equal(flatness([{ tenants: 8, resources: 2000, planMs: 9000, planCpuMs: 4000, wallMs: 5000 }, { tenants: 1, resources: 100, planMs: 300, planCpuMs: 250, wallMs: 1500 }], (p) => p.planMs).ratio, 1.5);
  });

  it("chooses copies of the platform from one tenant up to about the largest size", () => {
    assert.deepEqual(tenantCounts(240, 2000), [1, 2, 4, 6, 8]);
    assert.deepEqual(tenantCounts(100, 2000), [1, 2, 5, 10, 15, 20]);
    assert.deepEqual(tenantCounts(3000, 2000), [1, 2]);
  });

  it("switches on every module and every operations part for the full production plan", () => {
    const c = fullProductionConfig({ "digit:modules": ["core-services"], "digit:operations": { monitoring: { enabled: false, retention: "15d" } } }) as any;
    assert.deepEqual(c["digit:modules"], catalogModuleNames());
    assert.deepEqual(c["digit:operations"].monitoring, { enabled: true, retention: "15d" });
    for (const part of ["alerting", "tracing", "logs"]) assert.equal(c["digit:operations"][part].enabled, true);
    assert.equal(c["digit:operations"].cicd.jenkins, true);
  });

  it("reads the plan's resource count and critical path from its summary", () => {
    const out = 'Offline plan of stack "prod": 444 resources (1 custom)\n\nDeploy critical path: 14 steps\n  a\n';
    assert.equal(plannedCount(out), 444);
    assert.equal(plannedDepth(out), 14);
    assert.equal(plannedCount("nothing"), undefined);
  });

  it("reads tsc's extended diagnostics and counts errors", () => {
    const d = diagnostics("a.ts(1,1): error TS2345: x\nb.ts(2,2): error TS2339: y\nFiles:  2998\nParse time:  3.69s\nCheck time:  3.23s\nMemory used:  937625K\n");
    assert.deepEqual(d, { files: 2998, memoryKB: 937625, checkS: 3.23, parseS: 3.69, errors: 2 });
  });

  it("quotes shell arguments only when needed", () => {
    assert.equal(shellQuote("--out"), "--out");
    assert.equal(shellQuote("a b"), "'a b'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(planCommand("node -r ./x.js tools/plan.ts", ["--stack", "my stack"]), "node -r ./x.js tools/plan.ts --stack 'my stack'");
  });

  it("renders the report with a budget table and every section", () => {
    const text = renderReport({ date: "2026-01-01T00:00:00Z", command: "npm run bench", facts: [["nproc", "2"]], notes: [] }, [
      { title: "A", budgets: [{ what: "x", measured: "1", limit: "<= 2", pass: true }], body: "body a", commands: ["cmd a", "cmd a"] },
      { title: "B", budgets: [{ what: "y", measured: "n/a", limit: "", pass: null }], body: "body b", commands: [] },
    ]);
    assert.match(text, /\| A \| x \| 1 \| <= 2 \| PASS \|/);
    assert.match(text, /\| B \| y \| n\/a \|  \| not measured \|/);
    assert.equal((text.match(/cmd a/g) ?? []).length, 1);
    assert.match(text, /## B\n\nbody b/);
    assert.equal(table(["h"], [["a|b"]]), "| h |\n|---|\n| a\\|b |");
  });
});
