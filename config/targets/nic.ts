import { z } from "zod";
import { kubeconfigTargetFields } from "./kubeconfig";

/** NIC national cloud: like sdc, with NIC's defaults (providers/nic.ts). */
export const nicTarget = z.object({ kind: z.literal("nic"), ...kubeconfigTargetFields }).strict();
export type NicTargetConfig = z.output<typeof nicTarget>;
