/**
 * The sizing tables of the README and docs/sizing.md: the CPU and memory DIGIT's services and the
 * backbone request for a few module sets on each profile, as the platform's capacity check counts
 * them (components/platform-plan.ts), and the nodes to plan for (components/capacity-headroom.ts),
 * so the sizes a state plans with cannot drift from what the platform deploys.
 * `npm run docs:sizing` rewrites them; a test fails when the committed files differ.
 *
 *   npx ts-node --transpile-only tools/sizing-docs.ts [--check]
 */
import * as fs from "fs";
import * as path from "path";
import { setDigitMocks } from "../lib/testing";
import { parseDigitConfig } from "../config/load";
import { targetContext } from "../lib/target-context";
import { createTarget } from "../providers";
import { planPlatform, type PlatformRequests } from "../components/platform-plan";
import { nodesFor } from "../components/capacity-headroom";
import type { Requests } from "../components/capacity";
import { catalogModuleNames, selectServices } from "../components/services/catalog";
import { profileDefaults as awsDefaults } from "../providers/aws/plan";
import { allocatablePerNode } from "../providers/aws/capacity";
import { defaults as azureDefaults } from "../providers/azure/plan";
import { allocatable as aksAllocatable } from "../providers/azure/vmsizes";
import { nodeDefaults as gkeDefaults } from "../providers/gcp/plan";
import { gkeAllocatable, machineShape } from "../providers/gcp/machines";
import { replaceBetween, writeOrCheck } from "./doc-markers";

export const sizingDocPath = path.join(__dirname, "..", "docs", "sizing.md");
export const readmePath = path.join(__dirname, "..", "README.md");
const generator = "tools/sizing-docs.ts";

type Profile = "dev" | "ha";
export const profiles: readonly Profile[] = ["dev", "ha"];

/** The module sets a state typically starts with; "every module" is the catalog's whole list. */
export function moduleSets(): Array<{ label: string; modules: string[] }> {
  return [
    { label: "`core-services`, `common-services`", modules: ["core-services"] },
    { label: "core + `complaints`, `property-tax`, `trade-licence`, `water-sewerage`", modules: ["core-services", "complaints", "property-tax", "trade-licence", "water-sewerage"] },
    { label: "every module", modules: catalogModuleNames() },
  ];
}

/** Where the backbone's stores run: all in the cluster (a data centre, NIC), or the cloud's managed Postgres and bucket. */
export type Place = "in-cluster" | "managed";
export const places: readonly Place[] = ["in-cluster", "managed"];

/** The node each cloud target uses by default on a profile, and the least any of them leaves for pods. */
export interface NodeShape {
  vcpus: number;
  memoryGiB: number;
  types: { aws: string; azure: string; gcp: string };
  /** the smallest allocatable CPU and memory of the three: a suggestion that holds on any of them */
  allocatable: Requests;
}

export function nodeShape(profile: Profile): NodeShape {
  const types = { aws: awsDefaults[profile].nodes.instanceType, azure: profile === "ha" ? azureDefaults.vmSize.userHa : azureDefaults.vmSize.userDev, gcp: gkeDefaults[profile].instanceType };
  const each = [allocatablePerNode(types.aws), aksAllocatable(types.azure), gkeAllocatable(types.gcp)];
  const shape = machineShape(types.gcp);
  if (each.some((a) => !a) || !shape) throw new Error(`nodeShape(${profile}): a default node type has no allocatable figures: ${JSON.stringify(types)}`);
  const known = each as Requests[];
  return {
    vcpus: shape.cpus,
    memoryGiB: shape.memoryMiB / 1024,
    types,
    allocatable: { cpuMillis: Math.min(...known.map((a) => a.cpuMillis)), memoryMiB: Math.min(...known.map((a) => a.memoryMiB)) },
  };
}

export interface Sizing {
  set: string;
  modules: string[];
  profile: Profile;
  place: Place;
  /** DIGIT services deployed (the module set with what it brings in) */
  services: number;
  requests: PlatformRequests;
  /** the fewest nodes of the profile's shape with room for a rolling update (and, in ha, a drained node) */
  nodes: number;
}

/** The stack config sizing plans with: an sdc target, with everything in the cluster or the backbone's stores outside it. */
function sizingConfig(modules: string[], profile: Profile, place: Place) {
  const outside = {
    database: { mode: "external", host: "postgres.example.gov.in", name: "egov", username: "egov", password: "sizing" },
    objectStore: { mode: "s3", bucket: "digit-filestore", accessKey: "sizing", secretKey: "sizing" },
  };
  return parseDigitConfig({
    values: {
      target: { kind: "sdc", kubeconfig: "/dev/null", ...(place === "managed" ? outside : {}) },
      domain: "digit.example.gov.in",
      stateTenantId: "pb",
      profile,
      modules,
      edge: { tls: { mode: "acme", email: "devops@example.gov.in" } },
    },
    secretKeys: ["target"],
  });
}

/**
 * Plan every module set on both profiles and places (the platform's pure plan, on an sdc target
 * registered under the offline plan's mocks) and size its nodes. Installs the mock engine.
 */
export async function computeSizing(): Promise<Sizing[]> {
  const mocks = await setDigitMocks({ stack: "sizing" });
  const out: Sizing[] = [];
  for (const profile of profiles)
    for (const set of moduleSets())
      for (const place of places) {
        const config = sizingConfig(set.modules, profile, place);
        const target = createTarget(`sizing-${out.length}`, config.target, targetContext(config));
        const { requests } = planPlatform(config, target);
        const shape = nodeShape(profile);
        // ha spreads over three zones and keeps a node's worth spare; dev only needs room to roll.
        const nodes = nodesFor({ requests: requests.total, surge: requests.surge }, shape.allocatable, profile === "ha" ? 3 : 1, { drain: profile === "ha" });
        out.push({ set: set.label, modules: set.modules, profile, place, services: selectServices(set.modules).length, requests, nodes });
      }
  await mocks.settle();
  return out;
}

const cpu = (r: Requests) => `${(r.cpuMillis / 1000).toFixed(1)} CPU`;
const gib = (r: Requests) => `${(r.memoryMiB / 1024).toFixed(1)} GiB`;
const both = (r: Requests) => `${cpu(r)}, ${gib(r)}`;
const shapeText = (p: Profile) => {
  const s = nodeShape(p);
  return `${s.vcpus} vCPU / ${s.memoryGiB} GiB`;
};

/** The README's table: everything in the cluster (the most a state needs), per module set and profile; the nodes also with a cloud's managed Postgres and bucket. */
export function readmeTable(rows: readonly Sizing[]): string {
  const lines = ["| modules | profile | DIGIT's services | backbone | total | nodes |", "|---|---|---|---|---|---|"];
  for (const r of rows.filter((x) => x.place === "in-cluster")) {
    const cloud = rows.find((x) => x.place === "managed" && x.profile === r.profile && x.set === r.set);
    lines.push(
      `| ${r.set}: ${r.services} services | ${r.profile} | ${both(r.requests.services)} | ${both(r.requests.backbone)} | ${both(r.requests.total)} | ${r.nodes} x ${shapeText(r.profile)}${cloud ? ` (cloud: ${cloud.nodes})` : ""} |`,
    );
  }
  return lines.join("\n");
}

/** docs/sizing.md's table: both places, the rolling-update surge, the nodes. */
export function fullTable(rows: readonly Sizing[]): string {
  const lines = [
    "| modules | profile | backbone's stores | DIGIT's services | backbone | total | rolling surge | nodes |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.set}: ${r.services} services | ${r.profile} | ${r.place === "in-cluster" ? "in the cluster" : "managed Postgres, bucket"} | ${both(r.requests.services)} | ${both(r.requests.backbone)} | ${both(r.requests.total)} | ${both(r.requests.surge)} | ${r.nodes} x ${shapeText(r.profile)} |`,
    );
  return lines.join("\n");
}

/** Each profile's node shape: the cloud targets' default types and what the smallest of them leaves for pods. */
export function shapeTable(): string {
  const lines = ["| profile | node | aws | azure | gcp | allocatable counted |", "|---|---|---|---|---|---|"];
  for (const p of profiles) {
    const s = nodeShape(p);
    lines.push(`| ${p} | ${shapeText(p)} | \`${s.types.aws}\` | \`${s.types.azure}\` | \`${s.types.gcp}\` | ${both(s.allocatable)} |`);
  }
  return lines.join("\n");
}

export function renderedSizingDoc(rows: readonly Sizing[], current = fs.readFileSync(sizingDocPath, "utf8")): string {
  return replaceBetween(replaceBetween(current, "sizing", fullTable(rows), generator), "node-shapes", shapeTable(), generator);
}

export function renderedReadme(rows: readonly Sizing[], current = fs.readFileSync(readmePath, "utf8")): string {
  return replaceBetween(current, "sizing", readmeTable(rows), generator);
}

if (require.main === module)
  computeSizing().then((rows) =>
    writeOrCheck(
      [
        [sizingDocPath, renderedSizingDoc(rows)],
        [readmePath, renderedReadme(rows)],
      ],
      "docs:sizing",
    ),
  );
