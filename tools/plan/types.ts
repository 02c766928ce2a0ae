export type { Registration } from "../../lib/recorder";

/** One entry of resources.json (the published contract: exactly these fields). */
export interface ResourceEntry {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  dependsOn: string[];
  provider: string | null;
  protect: boolean;
  /** the retainOnDelete option: deleting the resource from the program leaves it in the cloud or cluster (absent in plans saved before it was recorded) */
  retainOnDelete?: boolean;
  inputs: Record<string, unknown>;
}

/** A resources.json entry plus what the graph and summary need to know besides. */
export interface PlanResource extends ResourceEntry {
  custom: boolean;
  remote: boolean;
  retainOnDelete: boolean;
}

/** Allocatable capacity the target reports (stack output `capacity`). */
export interface Capacity {
  nodes: number;
  cpuMillis: number;
  memoryMiB: number;
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Components are the non-custom resources (local or remote) other than the stack itself. */
export function isComponent(r: { type: string; custom: boolean }): boolean {
  return !r.custom && r.type !== STACK_TYPE;
}
