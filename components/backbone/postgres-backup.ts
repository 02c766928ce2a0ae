import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../namespaces";
import { standardLabels } from "../meta";
import { toK8sEnv } from "../services/render";
import type { EnvSource } from "../services/spec";
import type { StoreAccess } from "./objectstore";
import { image, meta, pullSecrets, resources, restrictedContainer, restrictedPod, type K8sObject, type PodContext } from "./podspec";
import { backboneImages, type PostgresMajor } from "./versions";
import { databaseCaMount, databaseCaVolume, libpqCaEnv } from "./database-ca";

/**
 * Logical backups of DIGIT's database to the object store, and the way back. They run in namespace
 * egov: Secret `db` (DIGIT's role) and Secret egov-filestore (the bucket's keys) are there, and the
 * bucket's cloud identity is bound to ServiceAccount egov-filestore there.
 *
 * A dump is plain SQL, gzip-compressed, written with --clean --if-exists and without owners or
 * grants: restoring it into DIGIT's database replaces every object in one transaction, whoever
 * owns the database (in-cluster or managed).
 */

export const backupScriptsConfigMap = "postgres-backup-scripts";
export const restoreConfigMap = "postgres-restore";
export const backupPrefix = "backups/postgres";

/** pg_dump of the database the PG* environment points at, into $BACKUP_DIR/dump.sql.gz. */
export const dumpScript = `set -euo pipefail
out="\${BACKUP_DIR:-/work}/dump.sql.gz"
pg_dump --format=plain --compress=6 --no-owner --no-privileges --clean --if-exists --file="$out.partial"
mv "$out.partial" "$out"
echo "dumped $PGDATABASE from $PGHOST: $(wc -c < "$out") bytes"
`;

/** Upload the dump under a timestamped name, then drop dumps older than the retention. */
export const uploadScript = `set -eu
dir="\${BACKUP_DIR:-/work}"
remote="store:$BACKUP_BUCKET/$BACKUP_PREFIX"
test -s "$dir/dump.sql.gz" || { echo "no dump to upload in $dir" >&2; exit 1; }
name="$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
rclone copyto "$dir/dump.sql.gz" "$remote/$name"
echo "uploaded $remote/$name"
rclone delete --min-age "\${RETENTION_DAYS}d" --include "*.sql.gz" "$remote"
echo "backups kept under $remote:"
rclone lsf --files-only "$remote"
`;

/** Fetch the dump to restore: $RESTORE_OBJECT, or the newest when it is "latest" or empty. */
export const fetchScript = `set -eu
dir="\${BACKUP_DIR:-/work}"
remote="store:$BACKUP_BUCKET/$BACKUP_PREFIX"
object="\${RESTORE_OBJECT:-latest}"
if [ "$object" = latest ]; then
  object="$(rclone lsf --files-only --include "*.sql.gz" "$remote" | sort | tail -n 1)"
  [ -n "$object" ] || { echo "no backups under $remote" >&2; exit 1; }
fi
rclone copyto "$remote/$object" "$dir/restore.sql.gz"
echo "fetched $remote/$object"
`;

/** Replay the dump into the database in one transaction: fully restored, or left as it was. */
export const restoreScript = `set -euo pipefail
file="\${BACKUP_DIR:-/work}/restore.sql.gz"
gzip -t "$file"
gunzip -c "$file" | psql --no-psqlrc --set ON_ERROR_STOP=1 --single-transaction --quiet --file=-
echo "restored $(basename "$file") into $PGDATABASE on $PGHOST"
`;

export interface BackupInputs {
  /** where the database is (DIGIT's endpoint) */
  host: pulumi.Input<string>;
  port: number;
  database: string;
  sslMode: string;
  /** the CA file that verifies the server (sslMode verify-full); default none */
  caFile?: string;
  /** PostgreSQL major of the server: pg_dump and psql match it */
  major: PostgresMajor;
  schedule: string;
  retentionDays: number;
  store: StoreAccess;
}

/** Secret `db` in namespace egov (components/config/shared-config.ts): DIGIT's role. */
const dbSecret = { name: "db", username: "username", password: "password" } as const;

function pgEnv(i: BackupInputs): K8sObject[] {
  return [
    { name: "PGHOST", value: i.host },
    { name: "PGPORT", value: String(i.port) },
    { name: "PGDATABASE", value: i.database },
    { name: "PGSSLMODE", value: i.sslMode },
    ...libpqCaEnv(i.caFile),
    { name: "PGUSER", valueFrom: { secretKeyRef: { name: dbSecret.name, key: dbSecret.username } } },
    { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: dbSecret.name, key: dbSecret.password } } },
    { name: "BACKUP_DIR", value: "/work" },
  ];
}

function storeEnv(i: BackupInputs, extra: EnvSource[]): K8sObject[] {
  return [
    ...[...i.store.env, { name: "BACKUP_PREFIX", value: backupPrefix }, { name: "BACKUP_DIR", value: "/work" }, { name: "PGDATABASE", value: i.database }, ...extra].map(toK8sEnv),
    // every remote comes from RCLONE_CONFIG_STORE_*: no config file, nothing written but the dump
    { name: "HOME", value: "/tmp" },
  ];
}

/** A pod that runs `first` as an init container and `second` after it, sharing /work. */
function jobPod(name: string, i: BackupInputs, ctx: PodContext, first: K8sObject, second: K8sObject): K8sObject {
  const mounts = [
    { name: "work", mountPath: "/work" },
    { name: "scripts", mountPath: "/scripts", readOnly: true },
    { name: "tmp", mountPath: "/tmp" },
  ];
  return {
    metadata: { labels: { ...standardLabels(name, "backup"), ...(i.store.podLabels ?? {}) } },
    spec: {
      restartPolicy: "Never",
      ...(i.store.serviceAccountName ? { serviceAccountName: i.store.serviceAccountName } : { automountServiceAccountToken: false }),
      // uid 26: the postgres user of the PostgreSQL image; rclone runs as anyone.
      securityContext: restrictedPod(26),
      imagePullSecrets: pullSecrets(ctx),
      initContainers: [{ ...first, volumeMounts: [...mounts, ...(first.volumeMounts ?? [])], securityContext: restrictedContainer() }],
      containers: [{ ...second, volumeMounts: [...mounts, ...(second.volumeMounts ?? [])], securityContext: restrictedContainer() }],
      volumes: [
        // a dump of DIGIT's database; sized for a state's first years, raise it with the data
        { name: "work", emptyDir: { sizeLimit: "20Gi" } },
        { name: "scripts", configMap: { name: backupScriptsConfigMap } },
        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
        ...i.store.volumes,
        ...(i.caFile ? [databaseCaVolume()] : []),
      ],
    },
  };
}

function postgresContainer(name: string, script: string, i: BackupInputs, ctx: PodContext): K8sObject {
  return {
    name,
    image: image(backboneImages.postgres[i.major], ctx),
    imagePullPolicy: "IfNotPresent",
    command: ["bash", `/scripts/${script}`],
    env: pgEnv(i),
    resources: resources("100m", "256Mi"),
    ...(i.caFile ? { volumeMounts: [databaseCaMount()] } : {}),
  };
}

function rcloneContainer(name: string, script: string, i: BackupInputs, ctx: PodContext, extra: EnvSource[] = []): K8sObject {
  return {
    name,
    image: image(backboneImages.rclone, ctx),
    imagePullPolicy: "IfNotPresent",
    command: ["sh", `/scripts/${script}`],
    env: storeEnv(i, extra),
    resources: resources("50m", "128Mi"),
    volumeMounts: i.store.mounts,
  };
}

export interface BackupPlan {
  objects: K8sObject[];
}

/**
 * The backup CronJob (nightly by default), its scripts, and the restore path: a suspended CronJob
 * used as a template (`kubectl create job --from=cronjob/postgres-restore`) and a ConfigMap naming
 * the dump to restore ("latest" by default).
 */
export function backupPlan(i: BackupInputs, ctx: PodContext): BackupPlan {
  const ns = namespaces.services;
  const component = "backup";
  const scripts: K8sObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(backupScriptsConfigMap, ns, component),
    data: { "dump.sh": dumpScript, "upload.sh": uploadScript, "fetch.sh": fetchScript, "restore.sh": restoreScript },
  };
  const restoreChoice: K8sObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(restoreConfigMap, ns, component, { annotations: { "digit.egov.org/usage": "set data.object to a dump's name (or latest), then: kubectl -n egov create job --from=cronjob/postgres-restore postgres-restore-<n>" } }),
    data: { object: "latest" },
  };
  const cron = (name: string, spec: K8sObject, pod: K8sObject): K8sObject => ({
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta(name, ns, component),
    spec: {
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      ...spec,
      jobTemplate: { spec: { backoffLimit: 1, activeDeadlineSeconds: 6 * 3600, template: pod } },
    },
  });

  const backup = cron(
    "postgres-backup",
    { schedule: i.schedule, timeZone: "Asia/Kolkata", startingDeadlineSeconds: 3600 },
    jobPod("postgres-backup", i, ctx, postgresContainer("dump", "dump.sh", i, ctx), rcloneContainer("upload", "upload.sh", i, ctx, [{ name: "RETENTION_DAYS", value: String(i.retentionDays) }])),
  );
  const restore = cron(
    "postgres-restore",
    // Suspended, so it never runs on its own: a template for the one-off restore Job.
    { schedule: "0 0 1 1 *", suspend: true },
    jobPod(
      "postgres-restore",
      i,
      ctx,
      rcloneContainer("fetch", "fetch.sh", i, ctx, [{ name: "RESTORE_OBJECT", configMap: restoreConfigMap, key: "object", optional: true }]),
      postgresContainer("restore", "restore.sh", i, ctx),
    ),
  );
  return { objects: [scripts, restoreChoice, backup, restore] };
}
