/**
 * The DIGIT service catalog: typed data of a DIGIT release and the pure functions the platform
 * uses to choose, wire and expose its services. Nothing here registers resources or reads files.
 */
export * from "./types";
export { catalogV29 } from "./v2.9";
export { selectServices, moduleClosure, allServices, findService, catalogModuleNames } from "./select";
export { mergeEnv, containerEnv, migrationEnv, containerEnvWithOrigin, migrationEnvWithOrigin, describeEnv } from "./env";
export type { EnvOrigin, OriginEnv } from "./env";
export { backboneNeeds, backboneNeedReasons } from "./needs";
export type { NeedReason } from "./needs";
export { hostEntries, serviceUrl, catalogAvailability, checkWiring, wiringGaps } from "./wiring";
export type { Availability } from "./wiring";
export { checkOverrides, closestService, editDistance } from "./overrides";
export { routes, routeCollisions, routesWithoutGateway, gatewayService } from "./routes";
export type { Route } from "./routes";
export { heapFor, heapFraction, javaOptsWithHeap, javaOptsFor } from "./heap";
