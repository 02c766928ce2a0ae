// Install footprint: the package as `npm pack` makes it, installed into an empty directory the
// way an sdc-only integrator installs it (no optional peers, so no cloud SDK), measured on disk;
// and the floor any Pulumi Kubernetes program pays (the SDKs alone) for comparison.
import * as fs from "node:fs";
import * as path from "node:path";
import { display, type BenchContext } from "../lib/context";
import { diskUsage, megabytes, packageUsage } from "../lib/disk";
import { ensureOk, run, runShell } from "../lib/proc";
import { table, type SectionResult } from "../lib/report";
import { ms } from "../lib/stats";
import { CLOUD_SDKS } from "./startup";

export const TITLE = "Install footprint";
export const BUDGETS = ["sdc-only integrator install, on disk"];
const BUDGET_MB = 60;
const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline"];
/** An integrator's program before it adds the package: SDK versions close to, not equal to, the package's, pinned exactly. */
export const EXISTING_PROGRAM = ["@pulumi/pulumi@3.269.0", "@pulumi/kubernetes@4.34.0"];

/** Versions of every @pulumi/pulumi installed anywhere under node_modules. */
function pulumiCopies(nodeModules: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 6 || !fs.existsSync(dir)) return;
    const pj = path.join(dir, "@pulumi", "pulumi", "package.json");
    if (fs.existsSync(pj)) out.push(`${JSON.parse(fs.readFileSync(pj, "utf8")).version} in ${path.relative(path.dirname(nodeModules), path.dirname(pj))}`);
    for (const e of fs.readdirSync(dir)) {
      if (e.startsWith(".")) continue;
      const p = path.join(dir, e);
      const scoped = e.startsWith("@") ? fs.readdirSync(p).map((s) => path.join(p, s)) : [p];
      for (const pkg of scoped) if (fs.existsSync(path.join(pkg, "node_modules"))) walk(path.join(pkg, "node_modules"), depth + 1);
    }
  };
  walk(nodeModules, 0);
  return out;
}

async function installInto(ctx: BenchContext, dir: string, specs: string[], extra: string[] = []): Promise<{ ms: number; command: string }> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "integrator", version: "1.0.0", private: true }, null, 2));
  const args = [...NPM_INSTALL, ...extra, ...specs];
  const r = ensureOk(await run("npm", args, `npm ${args.join(" ")}`, { cwd: dir, timeoutMs: 600_000 }));
  return { ms: r.wallMs, command: display(ctx, `cd ${dir} && ${r.command}`) };
}

/** Copy what package.json's `files` lists (and package.json itself) from `from` into `to`, skipping dist/ (built separately). */
function stage(from: string, to: string, files: string[]): void {
  for (const f of ["package.json", ...files.filter((f) => !f.startsWith("dist"))]) {
    const src = path.join(from, f);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(to, f), { recursive: true });
  }
}

export async function footprint(ctx: BenchContext): Promise<SectionResult> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ctx.root, "package.json"), "utf8"));
  const stageDir = path.join(ctx.tmp, "pack", "package");
  const commands: string[] = [];

  // `npm pack` runs prepack (the build) in the checkout; build into the staging copy instead so the
  // shared checkout's dist/ is left alone. Type errors do not stop tsc from emitting.
  ctx.log("footprint: building the package");
  const build = await runShell(`tsc -p tsconfig.build.json --outDir ${stageDir}/dist`, { cwd: ctx.root, env: { PATH: `${path.join(ctx.root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` } });
  if (build.code !== 0 && build.code !== 2) throw new Error(`the build failed (${build.code}): ${build.stderr.trim().split("\n").pop()}`);
  const buildErrors = (build.stdout.match(/error TS\d+/g) ?? []).length;
  commands.push(display(ctx, build.command));
  stage(ctx.root, stageDir, pkg.files ?? []);
  const packed = ensureOk(await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", path.join(ctx.tmp, "pack")], "npm pack --ignore-scripts --json", { cwd: stageDir }));
  commands.push(display(ctx, `cd ${stageDir} && npm pack --ignore-scripts --json --pack-destination ${path.join(ctx.tmp, "pack")}`));
  const info = JSON.parse(packed.stdout)[0] as { filename: string; size: number; unpackedSize: number; entryCount: number };
  const tarball = path.join(ctx.tmp, "pack", info.filename);

  ctx.log("footprint: installing the package into an empty directory");
  const app = path.join(ctx.tmp, "install", "integrator");
  const installed = await installInto(ctx, app, [tarball]);
  commands.push(installed.command);
  const nm = path.join(app, "node_modules");
  const total = diskUsage(nm);
  const perPackage = packageUsage(nm);
  const clouds = Object.values(CLOUD_SDKS).filter((p) => fs.existsSync(path.join(nm, p)));

  // The floor: what the package's own SDK dependencies cost in an empty directory.
  const floors: Array<{ label: string; usage: ReturnType<typeof diskUsage> }> = [];
  const sdk = (name: string) => `${name}@${pkg.dependencies?.[name] ?? "latest"}`;
  for (const [label, specs] of [
    ["@pulumi/pulumi alone", [sdk("@pulumi/pulumi")]],
    ["@pulumi/pulumi + @pulumi/kubernetes", [sdk("@pulumi/pulumi"), sdk("@pulumi/kubernetes")]],
  ] as Array<[string, string[]]>) {
    ctx.log(`footprint: floor install (${label})`);
    const dir = path.join(ctx.tmp, "install", label.replace(/[^A-Za-z0-9]+/g, "-"));
    const r = await installInto(ctx, dir, specs);
    commands.push(r.command);
    floors.push({ label, usage: diskUsage(path.join(dir, "node_modules")) });
  }
  const k8sFloor = floors[floors.length - 1].usage;

  // An integrator's existing program, on SDK versions near but not equal to the package's pins.
  ctx.log("footprint: install into an existing Pulumi program");
  const existing = path.join(ctx.tmp, "install", "existing-program");
  commands.push((await installInto(ctx, existing, EXISTING_PROGRAM, ["--save-exact"])).command);
  const before = diskUsage(path.join(existing, "node_modules"));
  commands.push((await run("npm", [...NPM_INSTALL, tarball], display(ctx, `cd ${existing} && npm ${[...NPM_INSTALL, tarball].join(" ")}`), { cwd: existing, timeoutMs: 600_000 }).then(ensureOk)).command);
  const after = diskUsage(path.join(existing, "node_modules"));
  const copies = pulumiCopies(path.join(existing, "node_modules"));
  const ours = total.diskBytes - k8sFloor.diskBytes;

  const totalMB = total.diskBytes / 1024 / 1024;
  const body = [
    `The package was built (\`tsc -p tsconfig.build.json\`${buildErrors ? `, ${buildErrors} type errors reported, output emitted` : ""}), packed (${info.entryCount} files, ${megabytes(info.size)} packed, ${megabytes(info.unpackedSize)} unpacked) and installed into an empty directory in ${ms(installed.ms)}. ` +
      `Optional peers are not installed: cloud SDKs present: ${clouds.length ? clouds.join(", ") : "none"}. Sizes count allocated blocks as \`du\` does (MB = 2^20 bytes); apparent sizes beside them.`,
    "",
    table(
      ["install", "on disk", "apparent", "files"],
      [
        ["digit-pulumi (sdc-only integrator)", megabytes(total.diskBytes), megabytes(total.apparentBytes), total.files],
        ...floors.map((f) => [`floor: ${f.label}`, megabytes(f.usage.diskBytes), megabytes(f.usage.apparentBytes), f.usage.files]),
        ["digit-pulumi over the @pulumi/pulumi + @pulumi/kubernetes floor", megabytes(ours), megabytes(total.apparentBytes - k8sFloor.apparentBytes), total.files - k8sFloor.files],
        [`added to an existing program on ${EXISTING_PROGRAM.join(" + ")}`, megabytes(after.diskBytes - before.diskBytes), megabytes(after.apparentBytes - before.apparentBytes), after.files - before.files],
      ],
    ),
    "",
    `The existing program pins its SDKs exactly (as this repository does); after adding the package it holds ${copies.length} ${copies.length === 1 ? "copy" : "copies"} of @pulumi/pulumi: ${copies.join("; ")}.` +
      (copies.length > 1 ? " The package's own exact pins make npm nest a second SDK beside the program's, so the program loads two Pulumi runtimes." : ""),
    "",
    "Largest packages of the integrator install:",
    "",
    table(
      ["package", "on disk", "share"],
      perPackage.slice(0, 12).map((p) => [p.name, megabytes(p.diskBytes), `${Math.round((100 * p.diskBytes) / total.diskBytes)}%`]),
    ),
  ].join("\n");
  return {
    title: TITLE,
    budgets: [
      { what: BUDGETS[0], measured: `${megabytes(total.diskBytes)} (floor of the Pulumi SDKs alone: ${megabytes(k8sFloor.diskBytes)})`, limit: `<= ${BUDGET_MB} MB`, pass: clouds.length === 0 && totalMB <= BUDGET_MB },
    ],
    body,
    commands,
  };
}
