import type { JavaAgentSpec } from "./java-agent";

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

/** An HTTP probe on the service's port. */
export interface ProbeSource {
  path: string;
  /** default 30 */
  initialDelaySeconds?: number;
  /** default 10 */
  periodSeconds?: number;
  /** default 3 */
  timeoutSeconds?: number;
  /** default 1 */
  successThreshold?: number;
  /** default 5 */
  failureThreshold?: number;
}

/** An init container the service needs besides its DB migration and config repositories (e.g. the gateway's route discovery). */
export interface InitContainerSource {
  name: string;
  /** image without tag; the target's mirror applies */
  image: string;
  tag: string;
  env: EnvSource[];
  /** emptyDir volumes shared with the main container: name -> mount path (the main container mounts them too) */
  sharedDirs?: Record<string, string>;
  /** true: this container (only) gets the pod's ServiceAccount token, to call the Kubernetes API; default false */
  kubernetesApi?: boolean;
}

/** A git repository cloned into /work-dir/<dir> before the service starts, and the files the service reads from it. */
export interface ConfigRepoSource {
  dir: string;
  url: string;
  ref: string;
  /** paths under /work-dir/<dir>/ the service reads; an init step fails the pod, listing what is missing; default none (no check) */
  files?: string[];
  /** Secret holding the clone credentials (keys `username` and `password`, a token); default none (a public repository) */
  credentialsSecret?: string;
  /** the URL is secret (encrypted, or with credentials in it) and read from this Secret key instead; default none */
  urlSecret?: { name: string; key: string };
}

export interface DigitServiceSpec {
  /** Kubernetes name of the Deployment and Service, e.g. `egov-user` */
  name: string;
  /** DIGIT module it belongs to (for labels and selection), e.g. `core-services` */
  module: string;
  /** image without registry host and tag, e.g. `egovio/egov-user`; the target's mirror replaces `egovio` */
  image: string;
  /** image tag, e.g. `DIGIT-2.9-LTS-c33cfe45ab-19` (also used by the DB-migration image unless it names its own) */
  tag: string;
  /** container port; default 8080 (DIGIT's convention) */
  port?: number;
  /** labels eGov's charts give the service's objects besides the platform's (e.g. `app`, `group`); default none */
  labels?: Record<string, string>;
  /**
   * Flyway migration image run as an init container before the service starts; default none.
   * `runWith`: run the image's SQL (its /flyway/sql) with this Flyway image instead of the image's own
   * Flyway (an old one whose JDBC driver cannot authenticate with SCRAM)
   */
  dbMigration?: { image: string; tag: string; schemaTable: string; runWith?: { image: string; tag: string } };
  /** public route: the context path, and whether it sits behind DIGIT's API gateway's auth; default none (in-cluster only) */
  route?: { path: string; gateway: boolean };
  /** the gateway's route to this service (`zuul/route-path` annotation read by the gateway's route discovery); default none */
  gatewayRoute?: string;
  /** HTTP health paths for readiness and liveness probes (default timings); `port` is the container port they answer on (default the service's `http` port); default none (no HTTP probes) */
  health?: { liveness?: string; readiness?: string; port?: { name: string; containerPort: number } };
  /** probes with their timings, on the `http` port (take precedence over `health`); default none */
  probes?: { readiness?: ProbeSource; liveness?: ProbeSource };
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
  /** what runs in the image (from its source): `java` gets the JVM's heap, proxy properties and the Java agent */
  runtime: "java" | "node" | "nginx";
  /** a Java image running an application server (WildFly), not Spring Boot: no Java agent, no actuator settings; default none (Spring Boot) */
  appServer?: "wildfly";
  /** complete env, in order (later entries with the same name replace earlier ones) */
  env: EnvSource[];
  /** env of the DB-migration init container; default none */
  migrationEnv?: EnvSource[];
  /** which backbone parts the service uses: its init container waits for them; default none */
  needs?: Array<"postgres" | "kafka" | "elasticsearch" | "redis">;
  /** git repositories cloned into /work-dir/<dir> before the service starts (DIGIT's MDMS data and configs); default none */
  configRepos?: ConfigRepoSource[];
  /** ConfigMaps mounted read-only as directories; default none */
  configFiles?: Array<{ configMap: string; mountPath: string }>;
  /** ConfigMaps of the service's own, created with it and mounted at mountPath (one file with subPath); default none */
  ownConfigMaps?: Array<{ name: string; data: Record<string, string>; mountPath: string; subPath?: string; /** the data holds a value the stack encrypted: Pulumi keeps it secret */ secret?: boolean }>;
  /** more volumes and where the service mounts them (e.g. egov-filestore's NFS share); default none */
  extraVolumes?: Array<{ volume: Record<string, any>; mount: Record<string, any> }>;
  /** init containers besides the DB migration and config repositories; default none */
  initContainers?: InitContainerSource[];
  /** the OpenTelemetry Java agent, added by an init container (metrics, traces); default none */
  javaAgent?: JavaAgentSpec;
  /** the service's own ServiceAccount: cloud workload identity annotations and/or namespaced RBAC rules; none = the namespace's default */
  serviceAccount?: {
    annotations: Record<string, string>;
    podLabels?: Record<string, string>;
    /** a Role in the service's namespace bound to the ServiceAccount; default none */
    rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  };
  /** preStop command (eGov: `sh -c "sleep 10"`); default that */
  preStop?: string[];
}
