/**
 * Checks that every persister, indexer, PDF, dashboard and MDMS file a stack's DIGIT services read
 * exists in its configuration repositories at the configured ref, and the MDMS master folders
 * (`data/<stateTenantId>/<MDMS module>/`) each deployed module's services read; each missing file
 * is named with its readers and the module it serves. Run it before `pulumi up`:
 *
 *   npm run check-configs -- --stack <name>      (or --config-file <Pulumi.x.yaml>)
 *
 * It fetches only the ref's tree (no file contents) with the machine's own git and credentials;
 * exit 0 when everything is there, 1 listing what is missing and who reads it, 2 on bad usage.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDigitConfig, digitNamespace } from "../config/load";
import { formatReport, missingFiles, requiredFiles } from "./config-repo/check";
import { parseArgs, UsageError } from "./plan/args";
import { loadStack } from "./plan/run";

/** The file paths of a repository at a ref, fetched shallow and without blobs. */
export function repositoryTree(url: string, ref: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-configs-"));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  try {
    git("init", "-q");
    try {
      git("fetch", "-q", "--depth=1", "--filter=blob:none", url, ref);
    } catch {
      // Servers (and local repositories) without partial clone: a shallow fetch still avoids history.
      git("fetch", "-q", "--depth=1", url, ref);
    }
    return git("ls-tree", "-r", "--name-only", "FETCH_HEAD").split("\n").filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const stack = loadStack(args);
  const config = parseDigitConfig({ values: digitNamespace(stack.config.values), secretKeys: stack.config.secretKeys.map((k) => k.replace(/^digit:/, "")) });
  let failed = false;
  for (const repo of requiredFiles(config)) {
    let tree: string[];
    try {
      tree = repositoryTree(repo.url, repo.ref);
    } catch (e) {
      const msg = ((e as { stderr?: string }).stderr || (e as Error).message).trim().split("\n").pop();
      console.log(`FAIL  ${repo.url}@${repo.ref} (digit:configRepos.${repo.key}): cannot fetch: ${msg}`);
      failed = true;
      continue;
    }
    const missing = missingFiles(repo.files, tree);
    for (const line of formatReport(repo, missing)) console.log(line);
    if (missing.length) failed = true;
  }
  if (failed) console.log("Fix the repository (or point digit:configRepos at a ref that has these files), then run this again.");
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof UsageError || (e as Error).name === "ConfigError" ? (e as Error).message : `check-configs: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
