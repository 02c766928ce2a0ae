/**
 * Image references through the target's registry mirror. A mirror such as
 * `registry.state.example/egovio` replaces DIGIT's `egovio` prefix (DIGIT's own
 * `global.containerRegistry`); any other image keeps its path under the mirror's host, so an
 * air-gapped SDC mirrors `docker.io/library/busybox` as `registry.state.example/library/busybox`.
 */
export function imageRef(image: string, tag: string, mirror?: string): string {
  const ref = tag.startsWith("sha256:") ? `${image}@${tag}` : `${image}:${tag}`;
  if (!mirror) return ref;
  const mirrorHost = mirror.split("/")[0];
  if (ref.startsWith("egovio/")) return `${mirror}/${ref.slice("egovio/".length)}`;
  const parts = ref.split("/");
  // A first segment with a dot or colon is a registry host: drop it, keep the path.
  const path = parts.length > 1 && /[.:]/.test(parts[0]) ? parts.slice(1).join("/") : parts.length === 1 ? `library/${ref}` : ref;
  return `${mirrorHost}/${path}`;
}

/** Small pinned images the platform itself uses (init containers that wait for the backbone). */
export const utilityImages = {
  busybox: { image: "docker.io/library/busybox", tag: "1.37.0" },
  gitSync: { image: "registry.k8s.io/git-sync/git-sync", tag: "v4.4.0" },
  /** the Flyway of eGov's current -db images (egovio/flyway:10.7.1), for -db images built on an older one */
  flyway: { image: "docker.io/flyway/flyway", tag: "10.7.1" },
  /** the OpenTelemetry Java agent's jar at /javaagent.jar (the OpenTelemetry Operator's image; services/java-agent.ts) */
  javaAgent: { image: "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java", tag: "2.28.1" },
} as const;
