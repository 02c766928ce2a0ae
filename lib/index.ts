/**
 * The package entry: DIGIT's components, the Target contract and the config schema. Each target is its own subpath (`digit-pulumi/sdc`, `/nic`, `/aws`, `/azure`, `/gcp`).
 * @module digit-pulumi
 */
// The package entry (`digit-pulumi`): components, the Target contract and the config schema.
// Importing it registers nothing and loads no cloud SDK; each target is its own subpath
// (`digit-pulumi/sdc`, `digit-pulumi/aws`, ...).
export { DigitPlatform, DigitPlatformArgs } from "../components/platform";
export { DigitService, DigitServiceArgs } from "../components/services/digit-service";
export { Edge, EdgeArgs, planEdge } from "../components/edge";
export { Operations, OperationsArgs, planOperations, operationsSettings, deliveryTargets } from "../components/operations";
export type { DigitServiceSpec, EnvSource } from "../components/services/spec";
export { renderService } from "../components/services/render";
export type { ServiceRenderContext, RenderedService } from "../components/services/render";
export type {
  Target,
  TargetKind,
  TargetContext,
  TargetFactory,
  StorageOffer,
  DatabaseOffer,
  ObjectStoreOffer,
  BucketCredentials,
  ExposureOffer,
  ClientIpOffer,
  RegistryOffer,
  ProxyOffer,
  CapacityOffer,
} from "../providers/target";
// Chooses the target by digit:target.kind and loads only that target's module (and cloud SDK).
export { createTarget } from "../providers";
export { digitConfigSchema } from "../config/schema";
export type { DigitConfig, DigitConfigInput, TargetConfig, Profile } from "../config/schema";
export { parseDigitConfig, digitNamespace } from "../config/load";
export type { PlatformConfig, ParseOptions, StackConfigInput } from "../config/load";
export { ConfigError, configErrorMessage } from "../config/errors";
export { digitJsonSchema, stackFileJsonSchema } from "../config/json-schema";
export { profileDefaults } from "../config/profile";
export { loadStackConfig } from "./stack-config";
// The TargetContext every target factory takes, from the config (after the pre-flight checks).
export { targetContext } from "./target-context";
export { preflight } from "../components/security/preflight";
