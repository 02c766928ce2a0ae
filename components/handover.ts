import * as pulumi from "@pulumi/pulumi";
import type { Target } from "../providers/target";

/**
 * What a data centre's team must have ready that the registered resources alone do not show
 * (exported by index.ts as the stack output `handover`; the offline plan prints it with what it
 * reads from the resources: tools/plan/handover.ts).
 */
export interface HandoverFacts {
  /** an external database the state runs (one a cloud target creates needs no hand-over) */
  database?: { host: string; port: number; name: string; user: string; sslMode: string; createdByPlatform: boolean };
  /** a registry Secret the state keeps, which the platform copies into its namespaces */
  pullSecret?: { name: string; namespace: string };
}

/** The facts of a place reached through a kubeconfig (sdc, nic); clouds create what they need. */
export function handoverFacts(target: Pick<Target, "kind" | "database" | "registry">): pulumi.Output<HandoverFacts> {
  const db = target.database;
  const dataCentre = target.kind === "sdc" || target.kind === "nic";
  const r = target.registry;
  return pulumi.all([db.mode === "external" ? db.host : "", db.mode === "external" ? db.username : ""]).apply(([host, user]) => ({
    ...(dataCentre && db.mode === "external"
      ? { database: { host, port: db.port, name: db.database, user, sslMode: db.sslMode, createdByPlatform: db.createDatabase } }
      : {}),
    ...(r.pullSecretName && r.pullSecretSource ? { pullSecret: { name: r.pullSecretName, namespace: r.pullSecretSource.namespace } } : {}),
  }));
}
