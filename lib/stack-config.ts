import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { digitNamespace, parseDigitConfig, type ParseOptions, type PlatformConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import type { DigitConfig } from "../config/schema";
import { secureLeaves, stackFileEnv, type SecureLeaves } from "../config/secret-paths";

/** Runtime's own check, present in the SDK's JavaScript but missing from its typings. */
const isConfigSecret: (key: string) => boolean = (runtimeConfig as any).isConfigSecret ?? (() => false);

/**
 * The stack file Pulumi read: $DIGIT_STACK_FILE, else `Pulumi.<stack>.yaml` in the project's
 * directory (the program's working directory) or its `stackConfigDir`.
 */
export function stackFilePath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), stack = pulumi.getStack()): string | undefined {
  if (env[stackFileEnv]) return path.resolve(cwd, env[stackFileEnv]!);
  let dir = cwd;
  const project = path.join(cwd, "Pulumi.yaml");
  if (fs.existsSync(project)) {
    const configDir = (YAML.parse(fs.readFileSync(project, "utf8")) ?? {}).stackConfigDir;
    if (typeof configDir === "string") dir = path.resolve(cwd, configDir);
  }
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Which `digit` values the stack file encrypts, leaf by leaf. Pulumi tells the program only which
 * keys hold a secret; the per-field check needs the file. Undefined when there is none to read
 * (config from an automation program): Pulumi's secret keys decide alone.
 */
export function stackFileLeaves(file: string | undefined): SecureLeaves | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  const doc = YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
  return secureLeaves(doc.config ?? {}, "digit");
}

/**
 * Read and validate the running stack's `digit` namespace. Throws ConfigError (every problem,
 * no stack trace, naming the stack's file `Pulumi.<stack>.yaml`) before anything is registered.
 * With `{ ownTarget: true }`, `digit:target` may be absent (the program passes its own Target).
 */
export function loadStackConfig(): DigitConfig;
export function loadStackConfig(options: ParseOptions & { ownTarget: true }): PlatformConfig;
export function loadStackConfig(options?: ParseOptions): DigitConfig | PlatformConfig;
export function loadStackConfig(options: ParseOptions = {}): DigitConfig | PlatformConfig {
  const all = pulumi.runtime.allConfig();
  try {
    const values = digitNamespace(all);
    const secretKeys = Object.keys(all)
      .filter((k) => k.startsWith("digit:") && isConfigSecret(k))
      .map((k) => k.slice("digit:".length));
    return parseDigitConfig({ values, secretKeys, secureLeaves: stackFileLeaves(stackFilePath()) }, options);
  } catch (e) {
    // The file the CLI read this stack's config from, named so the fix is one step away.
    if (e instanceof ConfigError && !e.stackFile) throw new ConfigError(e.problems, `Pulumi.${pulumi.getStack()}.yaml`);
    throw e;
  }
}
