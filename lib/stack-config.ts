import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { digitNamespace, parseDigitConfig } from "../config/load";
import type { DigitConfig } from "../config/schema";

/** Runtime's own check, present in the SDK's JavaScript but missing from its typings. */
const isConfigSecret: (key: string) => boolean = (runtimeConfig as any).isConfigSecret ?? (() => false);

/**
 * Read and validate the running stack's `digit` namespace. Throws ConfigError (every problem,
 * no stack trace) before anything is registered.
 */
export function loadStackConfig(): DigitConfig {
  const all = pulumi.runtime.allConfig();
  const values = digitNamespace(all);
  const secretKeys = Object.keys(all)
    .filter((k) => k.startsWith("digit:") && isConfigSecret(k))
    .map((k) => k.slice("digit:".length));
  return parseDigitConfig({ values, secretKeys });
}
