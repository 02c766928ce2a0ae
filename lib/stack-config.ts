import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { digitNamespace, parseDigitConfig, type ParseOptions, type PlatformConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import type { DigitConfig } from "../config/schema";

/** Runtime's own check, present in the SDK's JavaScript but missing from its typings. */
const isConfigSecret: (key: string) => boolean = (runtimeConfig as any).isConfigSecret ?? (() => false);

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
    return parseDigitConfig({ values, secretKeys }, options);
  } catch (e) {
    // The file the CLI read this stack's config from, named so the fix is one step away.
    if (e instanceof ConfigError && !e.stackFile) throw new ConfigError(e.problems, `Pulumi.${pulumi.getStack()}.yaml`);
    throw e;
  }
}
