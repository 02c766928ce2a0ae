import { kubernetesKind } from "./manifests";
import type { PlanResource } from "./types";
import type { HandoverFacts } from "../../components/handover";

/**
 * The hand-over a data centre's team needs before `pulumi up`: what its load balancer must
 * forward, the database it must have ready, the volumes it must create, the registry secret it
 * keeps, and where the list of images to mirror comes from. Read from what the program
 * registered (and the facts it exports as the `handover` stack output), so it says what will be
 * deployed, not what the config meant.
 */

export type { HandoverFacts };

export interface Handover {
  /** NodePorts the state's load balancer forwards to (port -> nodePort), when the edge is exposed that way */
  nodePorts?: { ports: Array<{ port: number; nodePort: number }>; externalTrafficPolicy: string; service: string };
  /** how client addresses must reach Envoy */
  clientAddresses?: string;
  database?: HandoverFacts["database"] & { migrations: number };
  /** pre-created volumes: which claim binds which PersistentVolume */
  volumes: Array<{ volumeName: string; size: string; storageClassName: string; claim: string }>;
  pullSecret?: HandoverFacts["pullSecret"] & { namespaces: string[] };
}

const edgeService = (r: PlanResource) => (r.inputs as any)?.spec?.provider?.kubernetes?.envoyService;

function kind(r: PlanResource): string | undefined {
  return r.custom ? kubernetesKind(r.type)?.kind : undefined;
}

export function planHandover(resources: readonly PlanResource[], facts: HandoverFacts = {}): Handover {
  const out: Handover = { volumes: [] };
  const envoyProxy = resources.find((r) => kind(r) === "EnvoyProxy");
  const svc = envoyProxy ? edgeService(envoyProxy) : undefined;
  if (svc?.type === "NodePort") {
    const ports = (svc.patch?.value?.spec?.ports ?? []) as Array<{ port: number; nodePort: number }>;
    out.nodePorts = { ports, externalTrafficPolicy: svc.externalTrafficPolicy ?? "Cluster", service: `${(envoyProxy!.inputs as any).metadata?.namespace}/${svc.name}` };
  }
  const policies = resources.filter((r) => kind(r) === "ClientTrafficPolicy").map((r) => (r.inputs as any).spec ?? {});
  if (policies.some((p) => p.proxyProtocol)) out.clientAddresses = "send the PROXY protocol header (v1 or v2) on every connection, on both ports";
  else {
    const xff = policies.map((p) => p.clientIPDetection?.xForwardedFor).find(Boolean);
    if (xff)
      out.clientAddresses = xff.trustedCIDRs
        ? `append X-Forwarded-For from ${xff.trustedCIDRs.join(", ")} (Envoy trusts those addresses)`
        : `append X-Forwarded-For (Envoy trusts ${xff.numTrustedHops} hop${xff.numTrustedHops === 1 ? "" : "s"})`;
    else if (out.nodePorts?.externalTrafficPolicy === "Local")
      out.clientAddresses = "pass client addresses through unchanged; only nodes running Envoy answer on the NodePorts, so health-check them";
  }

  if (facts.database) {
    const migrations = resources.filter(
      (r) => kind(r) === "Deployment" && ((r.inputs as any).spec?.template?.spec?.initContainers ?? []).some((c: any) => c.name === "db-migration"),
    ).length;
    out.database = { ...facts.database, migrations };
  }

  for (const r of resources) {
    const k = kind(r);
    const i = r.inputs as any;
    if (k === "PersistentVolumeClaim" && i.spec?.volumeName)
      out.volumes.push({
        volumeName: i.spec.volumeName,
        size: i.spec.resources?.requests?.storage ?? "?",
        storageClassName: i.spec.storageClassName ?? "",
        claim: `${i.metadata?.namespace}/${i.metadata?.name}`,
      });
    // CloudNativePG's one instance binds its volume through the cluster's claim template
    if (k === "Cluster" && i.spec?.storage?.pvcTemplate?.volumeName)
      out.volumes.push({
        volumeName: i.spec.storage.pvcTemplate.volumeName,
        size: i.spec.storage.pvcTemplate.resources?.requests?.storage ?? i.spec.storage.size,
        storageClassName: i.spec.storage.pvcTemplate.storageClassName ?? "",
        claim: `${i.metadata?.namespace}/${i.metadata?.name}-1`,
      });
  }
  out.volumes.sort((a, b) => a.claim.localeCompare(b.claim));

  if (facts.pullSecret) {
    const namespaces = resources
      .filter((r) => kind(r) === "Secret" && (r.inputs as any).metadata?.name === facts.pullSecret!.name && (r.inputs as any).type === "kubernetes.io/dockerconfigjson")
      .map((r) => String((r.inputs as any).metadata?.namespace))
      .sort();
    out.pullSecret = { ...facts.pullSecret, namespaces };
  }
  return out;
}

/** The hand-over as printed in the plan's summary; nothing when the place needs no hand-over. */
export function formatHandover(h: Handover | undefined): string[] {
  if (!h || (!h.nodePorts && !h.database && !h.volumes.length && !h.pullSecret)) return [];
  const lines = ["", "Hand-over to the data centre (ready before `pulumi up`):"];
  if (h.nodePorts) {
    const fw = h.nodePorts.ports.map((p) => `TCP ${p.port} -> ${p.nodePort}`).join(", ");
    lines.push(`  Load balancer: forward ${fw} on every node (Service ${h.nodePorts.service}, externalTrafficPolicy ${h.nodePorts.externalTrafficPolicy})`);
  }
  if (h.clientAddresses) lines.push(`  Client addresses: the load balancer must ${h.clientAddresses}`);
  if (h.database) {
    const d = h.database;
    lines.push(
      `  Database: ${d.host}:${d.port}, database ${d.name}, user ${d.user}, sslmode ${d.sslMode}` +
        (d.createdByPlatform ? " (the platform creates the database and DIGIT's role with that admin login)" : ""),
    );
    if (!d.createdByPlatform)
      lines.push(
        `    the database must exist and be owned by ${d.user}: ${d.migrations} Flyway migrations run as that user when the services start and create their own tables; no extension is recorded for DIGIT's services`,
      );
  }
  if (h.volumes.length) {
    lines.push("  PersistentVolumes to create (ReadWriteOnce; persistentVolumeReclaimPolicy Retain; spec.claimRef may name the claim):");
    const w = Math.max(...h.volumes.map((v) => v.volumeName.length));
    for (const v of h.volumes) lines.push(`    ${v.volumeName.padEnd(w)}  ${v.size.padStart(6)}  storageClassName "${v.storageClassName}"  bound by ${v.claim}`);
  }
  if (h.pullSecret)
    lines.push(
      `  Registry: Secret ${h.pullSecret.namespace}/${h.pullSecret.name} (type kubernetes.io/dockerconfigjson) must exist; it is copied into ${h.pullSecret.namespaces.length} namespaces (${h.pullSecret.namespaces.join(", ")})`,
    );
  lines.push("  Images to mirror: `npm run plan -- --stack <this stack> --images` lists every image this stack pulls");
  return lines;
}
