import { containerLabel, containersOf, describeObject, objectNamespace, podSecurityLevels, podSpecOf } from "./k8s";
import type { StackRule, Violation } from "./types";

/** Capabilities that reach past the container: the kernel, the node's network, other processes, raw devices. */
const PRIVILEGED_CAPS = new Set(["ALL", "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "SYS_RESOURCE", "DAC_READ_SEARCH", "BPF", "PERFMON", "MKNOD", "SYSLOG", "SYS_CHROOT"]);

/** What in a pod spec reaches into the node: host namespaces, host paths, privileged containers. */
export function hostAccess(pod: Record<string, any>): string[] {
  const out: string[] = [];
  for (const f of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[f] === true) out.push(f);
  for (const v of Array.isArray(pod.volumes) ? pod.volumes : []) if (v?.hostPath) out.push(`hostPath volume "${v.name}" (${v.hostPath.path})`);
  for (const c of containersOf(pod)) {
    const sc = c.container.securityContext ?? {};
    if (sc.privileged === true) out.push(`privileged ${containerLabel(c)}`);
    if (sc.allowPrivilegeEscalation === true) out.push(`${containerLabel(c)} allowing privilege escalation`);
    if (sc.procMount === "Unmasked") out.push(`${containerLabel(c)} with an unmasked /proc`);
    const hostPorts = (Array.isArray(c.container.ports) ? c.container.ports : []).filter((p: any) => p?.hostPort).map((p: any) => p.hostPort);
    if (hostPorts.length) out.push(`${containerLabel(c)} on host port ${hostPorts.join(", ")}`);
    const added = (Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : []).filter((x: string) => PRIVILEGED_CAPS.has(String(x).toUpperCase()));
    if (added.length) out.push(`${containerLabel(c)} adding ${added.join(", ")}`);
  }
  return out;
}

/**
 * No privileged containers, host namespaces or host paths, except in a namespace recorded as
 * privileged (Pod Security label, components/config/namespaces.ts: node and log collectors).
 */
export const noPrivileged: StackRule = {
  kind: "stack",
  name: "no-privileged-or-host-paths",
  description: "No privileged containers, dangerous capabilities, privilege escalation, host ports, host namespaces or hostPath volumes outside namespaces whose Pod Security level is privileged.",
  remedy: "drop the host access, or run the workload in a namespace recorded as privileged (components/config/namespaces.ts) with the reason",
  check(resources) {
    const levels = podSecurityLevels(resources);
    const out: Violation[] = [];
    for (const r of resources) {
      const pod = podSpecOf(r);
      if (!pod) continue;
      const ns = objectNamespace(r);
      if (ns && levels.get(ns) === "privileged") continue;
      const found = hostAccess(pod);
      if (found.length) out.push({ urn: r.urn, message: `${describeObject(r)} uses ${found.join(", ")}` });
    }
    return out;
  },
};
