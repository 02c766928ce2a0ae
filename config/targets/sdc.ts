import { z } from "zod";
import { kubeconfigTargetFields } from "./kubeconfig";

/** A state data centre: a Kubernetes cluster reached through a kubeconfig; everything else from config. */
export const sdcTarget = z.object({ kind: z.literal("sdc"), ...kubeconfigTargetFields }).strict();
export type SdcTargetConfig = z.output<typeof sdcTarget>;
