import type { PlatformConfig } from "../../config/load";
import type { DigitConfig, TargetConfig } from "../../config/schema";

/**
 * The `digit:target` section the components read when a program brings its own Target and gave
 * none: no static-volume keys to name in errors, no managed-database version, the capacity check
 * at its default (`fail`). The Target itself says what the place offers; components read these
 * few settings only.
 */
const noTargetSection: TargetConfig = { kind: "sdc", capacityCheck: "fail" };

/** The config with a target section: its own, or the stand-in above. */
export function withTargetSection(config: DigitConfig | PlatformConfig): DigitConfig {
  return config.target ? (config as DigitConfig) : { ...config, target: noTargetSection };
}
