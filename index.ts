// The Pulumi program of this repository's stacks (Pulumi.<stack>.yaml): config -> target -> DIGIT.
// Library logic lives in config/, providers/ and components/; integrators import those instead.
import { loadStackConfig } from "./lib/stack-config";
import { createTarget } from "./providers";
import { DigitPlatform } from "./components/platform";
import { preflight } from "./components/security/preflight";

const config = loadStackConfig();
// Every config problem that needs no target surfaces before the target registers anything.
preflight(config);
const target = createTarget("digit", config.target, {
  profile: config.profile,
  protect: config.backbone.protect,
  stateTenantId: config.stateTenantId,
  domain: config.domain,
  databaseRotation: config.security.rotation?.database,
});
const platform = new DigitPlatform("digit", { target, config });

export const url = platform.url;
/** how traffic reaches the edge: the LoadBalancer, or the NodePorts the state's load balancer forwards to */
export const edgeAddress = platform.edge.address;
export const tlsMode = platform.edge.tlsMode;
export const targetKind = target.kind;
export const targetName = target.name;
export const profile = config.profile;
export const services = Object.keys(platform.services).sort();
/** what a data centre's team must have ready: its database and registry Secret (the offline plan prints the whole hand-over) */
export const handover = platform.handover;
/** allocatable capacity of the nodes (null when the target does not know it); the offline plan compares requests against it */
export const capacity = target.capacity ?? null;
