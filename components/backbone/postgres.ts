import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../namespaces";
import { standardLabels } from "../meta";
import { mebibytes } from "../../lib/quantity";
import { backboneServiceNames } from "./endpoints";
import { networkPolicy } from "./network";
import type { BackboneSizing } from "./sizing";
import type { VolumePlanner, VolumeRequest } from "./storage";
import { backboneImages, type PostgresMajor } from "./versions";
import { databaseCaMount, databaseCaVolume, libpqCaEnv } from "./database-ca";
import { image, meta, pullSecrets, resources, restrictedContainer, restrictedPod, type K8sObject, type PodContext } from "./podspec";

/** Name of CloudNativePG's Cluster; it names the instances (postgres-1, ...) and the services (postgres-rw, ...). */
export const pgClusterName = "postgres";
export const pgPort = 5432;
export const pgMetricsPort = 9187;
/** Basic-auth Secret (namespace backbone) with DIGIT's role, the owner of DIGIT's database. */
export const pgAppSecret = "postgres-app";
/** Admin login and DIGIT's role for creating the database on an external server. */
export const pgAdminSecret = "postgres-admin";
export const pgRoleSecret = "postgres-digit-role";

export interface PostgresPlan {
  cluster: K8sObject;
  objects: K8sObject[];
}

/**
 * PostgreSQL through CloudNativePG: one instance (dev), or a primary with streaming replicas,
 * automatic failover and quorum-synchronous commit (ha: a commit waits for one standby, so a
 * failover loses no acknowledged write). DIGIT reaches the primary at postgres.backbone:5432, a
 * Service CNPG keeps pointed at the primary through failovers.
 */
export function postgresPlan(s: BackboneSizing["postgres"], ctx: PodContext, volumes: VolumePlanner, database: string, owner: pulumi.Input<string>): PostgresPlan {
  const ns = namespaces.backbone;
  const component = "database";
  const memMiB = mebibytes(s.memory);

  // CNPG builds every instance's claim from one template: a named static volume fits one instance only.
  const staticKeys = Array.from({ length: s.instances }, (_, i) => `postgres-${i}`);
  const req: VolumeRequest = { key: "postgres-0", claimName: `${pgClusterName}-1`, namespace: ns, size: s.storage, tier: "fast", component };
  let storage: K8sObject;
  const bound = s.instances === 1 ? volumes.bind(req) : { kind: "class" as const, storageClassName: volumes.classOf("fast") };
  // CNPG resizes its claims when storage.size grows: a static volume keeps its own size and class.
  if (bound.kind === "static")
    storage = {
      size: bound.size,
      pvcTemplate: { accessModes: ["ReadWriteOnce"], storageClassName: bound.storageClassName, volumeName: bound.volumeName, resources: { requests: { storage: bound.size } } },
    };
  else storage = { size: s.storage, ...(bound.storageClassName ? { storageClass: bound.storageClassName } : {}) };
  if (s.instances > 1) for (const k of staticKeys) volumes.rejectStatic(k, `in-cluster Postgres runs ${s.instances} instances, and CloudNativePG binds named volumes to one instance only: give Postgres a StorageClass (digit:target.storage.classes.fast), one instance (digit:backbone.postgres.replicas: 1) or an external database`);

  const synchronous =
    s.instances >= 3
      ? { synchronous: { method: "any", number: 1, dataDurability: "required" } }
      : s.instances === 2
        ? // with one standby, "required" would stop every write while it restarts
          { synchronous: { method: "any", number: 1, dataDurability: "preferred" } }
        : {};

  const cluster: K8sObject = {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: meta(pgClusterName, ns, component, { labels: standardLabels(pgClusterName, component, { "app.kubernetes.io/version": backboneImages.postgres[s.major].tag }) }),
    spec: {
      instances: s.instances,
      imageName: image(backboneImages.postgres[s.major], ctx),
      imagePullSecrets: pullSecrets(ctx),
      primaryUpdateStrategy: "unsupervised",
      enableSuperuserAccess: false,
      enablePDB: s.instances > 1,
      postgresql: {
        parameters: {
          // ~60 services x replicas x a pool of 5, plus migrations
          max_connections: ctx.highAvailability ? "500" : "200",
          shared_buffers: `${Math.floor(memMiB / 4)}MB`,
          effective_cache_size: `${Math.floor((memMiB * 3) / 4)}MB`,
          log_min_duration_statement: "2000",
          timezone: "Asia/Kolkata",
        },
        ...synchronous,
      },
      bootstrap: { initdb: { database, owner, secret: { name: pgAppSecret } } },
      storage,
      resources: resources(s.cpu, s.memory),
      affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: ctx.highAvailability ? "required" : "preferred" },
      // DIGIT's name for the database (egov-config db-host): CNPG keeps it on the primary.
      managed: {
        services: {
          additional: [{ selectorType: "rw", serviceTemplate: { metadata: { name: backboneServiceNames.postgres, labels: standardLabels(backboneServiceNames.postgres, component) } } }],
        },
      },
    },
  };

  const objects = [
    networkPolicy(pgClusterName, ns, { "cnpg.io/cluster": pgClusterName }, { clients: [pgPort], peers: "all", metrics: [pgMetricsPort] }),
  ];
  return { cluster, objects };
}

/** The CNPG bootstrap Secret: DIGIT's role, which owns DIGIT's database. */
export function pgAppSecretObject(username: pulumi.Input<string>, password: pulumi.Input<string>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(pgAppSecret, namespaces.backbone, "database"),
    type: "kubernetes.io/basic-auth",
    stringData: { username, password },
  };
}

/**
 * Creates DIGIT's role and database on an external server with the admin login the target gave
 * (createDatabase). Idempotent; psql quotes every value (%I, %L), and reads them from the
 * environment (\getenv), never from its command line.
 */
export const createDatabaseScript = `set -eu
psql --no-psqlrc --set ON_ERROR_STOP=1 --quiet <<'SQL'
\\getenv role DIGIT_ROLE
\\getenv pw DIGIT_PASSWORD
\\getenv db DIGIT_DATABASE
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pw')
\\gexec
SELECT format('GRANT %I TO %I', :'role', current_user)
\\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')
\\gexec
SQL
echo "role and database ready on $PGHOST"
`;

export interface DatabaseSetupInputs {
  host: pulumi.Input<string>;
  port: number;
  sslMode: string;
  /** the CA file that verifies the server (sslMode verify-full); default none */
  caFile?: string;
  database: string;
  major: PostgresMajor;
  /** the admin login the target gave */
  admin: { username: pulumi.Input<string>; password: pulumi.Input<string> };
  /** DIGIT's role (PlatformCredentials.database) */
  role: { username: pulumi.Input<string>; password: pulumi.Input<string> };
}

export function databaseSetupPlan(i: DatabaseSetupInputs, ctx: PodContext): K8sObject[] {
  const ns = namespaces.backbone;
  const component = "database";
  const secret = (name: string, data: Record<string, pulumi.Input<string>>): K8sObject => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(name, ns, component),
    type: "kubernetes.io/basic-auth",
    stringData: data,
  });
  const fromSecret = (name: string, secretName: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
  const job: K8sObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta("postgres-setup", ns, component),
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: standardLabels("postgres-setup", component) },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: restrictedPod(26),
          imagePullSecrets: pullSecrets(ctx),
          containers: [
            {
              name: "setup",
              image: image(backboneImages.postgres[i.major], ctx),
              imagePullPolicy: "IfNotPresent",
              command: ["bash", "-c", createDatabaseScript],
              env: [
                { name: "PGHOST", value: i.host },
                { name: "PGPORT", value: String(i.port) },
                { name: "PGSSLMODE", value: i.sslMode },
                ...libpqCaEnv(i.caFile),
                // the maintenance database every managed PostgreSQL has
                { name: "PGDATABASE", value: "postgres" },
                fromSecret("PGUSER", pgAdminSecret, "username"),
                fromSecret("PGPASSWORD", pgAdminSecret, "password"),
                fromSecret("DIGIT_ROLE", pgRoleSecret, "username"),
                fromSecret("DIGIT_PASSWORD", pgRoleSecret, "password"),
                { name: "DIGIT_DATABASE", value: i.database },
              ],
              resources: resources("50m", "64Mi"),
              securityContext: restrictedContainer(),
              ...(i.caFile ? { volumeMounts: [databaseCaMount()] } : {}),
            },
          ],
          ...(i.caFile ? { volumes: [databaseCaVolume()] } : {}),
        },
      },
    },
  };
  return [secret(pgAdminSecret, i.admin), secret(pgRoleSecret, i.role), job];
}
