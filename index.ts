// The Pulumi program of this repository's stacks (Pulumi.<stack>.yaml): config -> target -> DIGIT.
// Library logic lives in config/, providers/ and components/; integrators import those instead.
import { loadStackConfig } from "./lib/stack-config";
import { createTarget } from "./providers";
import { DigitPlatform } from "./components/platform";
import { targetContext } from "./lib/target-context";

const config = loadStackConfig();
// targetContext runs the platform's pre-flight checks: a config problem that needs no target
// surfaces before the target registers anything.
const target = createTarget("digit", config.target, targetContext(config));
const platform = new DigitPlatform("digit", { target, config });

export const url = platform.url;
/** the first employee login DIGIT is set up with (a secret: `pulumi stack output --show-secrets adminLogin`) */
export const adminLogin = platform.adminLogin ?? null;
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
