/**
 * What one DIGIT service is, independent of where it runs: the public shape an integrator uses
 * to add a service of their own, and what the catalog is turned into.
 */

/** One environment variable: a literal, a ConfigMap key, a Secret key or a pod field. */
export type EnvSource =
  | { name: string; value: string }
  | { name: string; configMap: string; key: string; optional?: boolean }
  | { name: string; secret: string; key: string; optional?: boolean }
  | { name: string; field: string };

export interface DigitServiceSpec {
  /** Kubernetes name of the Deployment and Service, e.g. `egov-user` */
  name: string;
  /** DIGIT module it belongs to (for labels and selection), e.g. `core` */
  module: string;
  /** image without registry host and tag, e.g. `egovio/egov-user`; the target's mirror replaces `egovio` */
  image: string;
  /** image tag, e.g. `v2.9.0-4c3b9a1` (also used by the DB-migration image unless it names its own) */
  tag: string;
  /** container port; default 8080 (DIGIT's convention) */
  port?: number;
  /** Flyway migration image run as an init container before the service starts; default none */
  dbMigration?: { image: string; tag: string; schemaTable: string };
  /** public route: the context path, and whether it sits behind DIGIT's gateway (zuul) auth; default none (in-cluster only) */
  route?: { path: string; gateway: boolean };
  /** HTTP health paths for readiness and liveness probes; default none (no HTTP probes) */
  health?: { liveness?: string; readiness?: string };
  /** replicas before profile adjustments */
  replicas: number;
  /** memory request = limit, MiB */
  memoryMiB: number;
  /** CPU request, millicores */
  cpuMillis: number;
  /** CPU limit, millicores; default none (DIGIT's JVMs burst at start-up) */
  cpuLimitMillis?: number;
  /** JVM max heap, MiB; when set, JAVA_OPTS carries -Xmx/-Xms; default none (the JVM's own) */
  heapMiB?: number;
  /** java-spring, nodejs, ... */
  appType: string;
  /** complete env, in order (later entries with the same name replace earlier ones) */
  env: EnvSource[];
  /** env of the DB-migration init container; default none */
  migrationEnv?: EnvSource[];
  /** which backbone parts the service uses: its init container waits for them; default none */
  needs?: Array<"postgres" | "kafka" | "elasticsearch" | "redis">;
  /**
   * git repositories cloned into /work-dir/<dir> before the service starts (DIGIT's MDMS data and
   * configs); `urlSecret`: the URL is secret and read from this Secret key instead; default none
   */
  configRepos?: Array<{ dir: string; url: string; ref: string; urlSecret?: { name: string; key: string } }>;
  /** ConfigMaps mounted read-only as directories (e.g. zuul's route table at /etc/zuul); default none */
  configFiles?: Array<{ configMap: string; mountPath: string }>;
  /** more volumes and where the service mounts them (e.g. egov-filestore's NFS share); default none */
  extraVolumes?: Array<{ volume: Record<string, any>; mount: Record<string, any> }>;
  /** annotations for the service's own ServiceAccount (cloud workload identity); none = default SA */
  serviceAccount?: { annotations: Record<string, string>; podLabels?: Record<string, string> };
}
