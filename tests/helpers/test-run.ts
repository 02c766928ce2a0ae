/**
 * Loaded by mocha (.mocharc.json `require`) in its main process and in each parallel worker: the
 * main process names one scratch directory for the run, which the workers inherit through the
 * environment, so work shared by test files (the shipped stacks' plans) is done once per run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { testRunDirEnv } from "./plan-run";

process.env[testRunDirEnv] ??= fs.mkdtempSync(path.join(os.tmpdir(), "digit-test-run-"));

/** mocha's global teardown: runs once, in the main process, after every worker is done. */
export function mochaGlobalTeardown(): void {
  const dir = process.env[testRunDirEnv];
  if (dir && path.basename(dir).startsWith("digit-test-run-")) fs.rmSync(dir, { recursive: true, force: true });
}
