import { parseDigitConfig } from "../../config/load";
import type { DigitConfig } from "../../config/schema";

/** The smallest valid dev config on an sdc target. */
export function minimalValues(): Record<string, any> {
  return {
    target: { kind: "sdc", kubeconfig: "~/.kube/sdc.yaml" },
    domain: "digit.punjab.gov.in",
    stateTenantId: "pb",
  };
}

export function parse(values: Record<string, unknown>, secretKeys: string[] = []): DigitConfig {
  return parseDigitConfig({ values, secretKeys });
}

/** The ConfigError message of a config, or fail the test. */
export function errorOf(values: Record<string, unknown>, secretKeys: string[] = []): string {
  try {
    parse(values, secretKeys);
  } catch (e: any) {
    if (e.name !== "ConfigError") throw e;
    return e.message;
  }
  throw new Error("expected a ConfigError, config was accepted");
}
