/**
 * The DIGIT service catalog: typed data of DIGIT 2.9 LTS (generated from eGov's deployment) and
 * the pure functions the platform uses to choose, wire and expose its services. Nothing here
 * registers resources or reads files.
 */
export * from "./types";
export { catalogLts } from "./lts";
export { selectServices, moduleClosure, pulledInModules, excludedModuleProblems, allServices, findService, catalogModuleNames } from "./select";
export { mergeEnv, effectiveEnv, describeSource, workDirFiles } from "./env";
export { backboneNeeds, backboneNeedReasons } from "./needs";
export type { NeedReason } from "./needs";
export { hostEntries, serviceUrl, checkWiring, wiringGaps } from "./wiring";
export type { Availability } from "./wiring";
export { checkOverrides, closestService, editDistance } from "./overrides";
export { routes, routeCollisions, routesWithoutGateway, gatewayService } from "./routes";
export type { Route } from "./routes";
export { heapFor, heapFraction, javaOptsWithHeap, javaOptsFor, egovHeapFits, maxHeapMiB, memoryFor, unrenderedMemoryMiB } from "./heap";
export { deviations, envDeviationsFor, applyEnvDeviations, publishedRoute } from "./deviations";
export type { Deviation, EnvDeviation, ObjectDeviation } from "./deviations";
