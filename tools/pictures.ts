// Draws the README's pictures from the offline plan (never by hand): the component graph of the
// dev and prod stacks, and for each target kind what its target creates. `npm run pictures`
// writes docs/images/; a test fails when a committed picture differs from what the plan draws now.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dotToSvg } from "./plan/svg";
import { targetDot, targetPicture } from "./plan/target-graph";

const root = path.resolve(__dirname, "..");
export const imagesDir = path.join(root, "docs", "images");

export interface Picture {
  /** file under docs/images/ */
  file: string;
  /** the stack file planned for it, relative to the repository */
  stack: string;
  /** the plan's component graph, or what the stack's target creates */
  kind: "components" | "target";
  /** alt text in the README */
  title: string;
}

export const PICTURES: Picture[] = [
  { file: "dev-components.svg", stack: "Pulumi.dev.yaml", kind: "components", title: "Component graph of the dev stack (sdc target, dev profile)" },
  { file: "prod-components.svg", stack: "Pulumi.prod.yaml", kind: "components", title: "Component graph of the prod stack (aws target, ha profile)" },
  { file: "target-aws.svg", stack: "examples/stacks/Pulumi.aws.yaml", kind: "target", title: "What the aws target creates" },
  { file: "target-azure.svg", stack: "examples/stacks/Pulumi.azure.yaml", kind: "target", title: "What the azure target creates" },
  { file: "target-gcp.svg", stack: "examples/stacks/Pulumi.gcp.yaml", kind: "target", title: "What the gcp target creates" },
  { file: "target-sdc.svg", stack: "examples/stacks/Pulumi.sdc-prod.yaml", kind: "target", title: "What the sdc target creates" },
  { file: "target-nic.svg", stack: "examples/stacks/Pulumi.nic.yaml", kind: "target", title: "What the nic target creates" },
];

/** The picture's SVG from a plan's --out directory. */
export async function drawPicture(p: Picture, planDir: string): Promise<string> {
  if (p.kind === "components") return fs.readFileSync(path.join(planDir, "graph.svg"), "utf8");
  const resources = JSON.parse(fs.readFileSync(path.join(planDir, "resources.json"), "utf8"));
  return dotToSvg(targetDot(targetPicture(resources)));
}

function plan(stack: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", path.join(__dirname, "ts-cache.js"), "tools/plan.ts", "--config-file", stack, "--out", out], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`planning ${stack} failed (exit ${code}):\n${stderr}`))));
  });
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-pictures-"));
  try {
    const stacks = [...new Set(PICTURES.map((p) => p.stack))];
    // Two plans at a time: one per core.
    let next = 0;
    const worker = async () => {
      while (next < stacks.length) {
        const s = stacks[next++];
        await plan(s, path.join(tmp, path.basename(s, ".yaml")));
      }
    };
    await Promise.all([worker(), worker()]);
    fs.mkdirSync(imagesDir, { recursive: true });
    for (const p of PICTURES) {
      fs.writeFileSync(path.join(imagesDir, p.file), await drawPicture(p, path.join(tmp, path.basename(p.stack, ".yaml"))));
      console.log(`wrote docs/images/${p.file} (${p.stack})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  });
