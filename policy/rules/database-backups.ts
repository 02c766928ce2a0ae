import { describeObject, isKind } from "./k8s";
import { isUnknown, type StackRule, type Violation } from "./types";

/**
 * Every database keeps backups, and a deleted one leaves a final copy: RDS keeps automated
 * backups and takes a final snapshot, the flexible server and Cloud SQL keep theirs, and an
 * in-cluster CloudNativePG cluster has the platform's nightly dump (components/backbone/postgres-backup.ts).
 */
export const databaseBackups: StackRule = {
  kind: "stack",
  name: "database-backups",
  description: "Databases keep automated backups and a final snapshot; an in-cluster Postgres has its nightly dump.",
  remedy: "keep digit:backbone.postgres.backup enabled and the managed database's backup retention; only a throw-away stack skips them",
  check(resources) {
    const out: Violation[] = [];
    const add = (urn: string, message: string) => out.push({ urn, message });
    for (const r of resources) {
      const p = r.props ?? {};
      switch (r.type) {
        case "aws:rds/instance:Instance":
          if (!isUnknown(p.backupRetentionPeriod) && !(Number(p.backupRetentionPeriod) >= 1)) add(r.urn, `${r.type} ${r.name} keeps no automated backups (backupRetentionPeriod ${p.backupRetentionPeriod ?? "not set"})`);
          if (p.skipFinalSnapshot === true) add(r.urn, `${r.type} ${r.name} skips its final snapshot (skipFinalSnapshot true)`);
          break;
        case "azure-native:dbforpostgresql:Server":
        case "azure-native:dbforpostgresql:FlexibleServer":
          if (!isUnknown(p.backup?.backupRetentionDays) && !(Number(p.backup?.backupRetentionDays) >= 7))
            add(r.urn, `${r.type} ${r.name} keeps backups for ${p.backup?.backupRetentionDays ?? "an unset number of"} days (at least 7)`);
          break;
        case "gcp:sql/databaseInstance:DatabaseInstance": {
          const b = p.settings?.backupConfiguration;
          if (!isUnknown(b?.enabled) && b?.enabled !== true) add(r.urn, `${r.type} ${r.name} has automated backups off (settings.backupConfiguration.enabled)`);
          break;
        }
      }
    }
    // the platform's dump runs beside DIGIT's services (it reads the database as a client)
    const dumps = resources.some((r) => isKind(r, "CronJob", "batch") && /backup/.test(String(r.props?.metadata?.name)) && r.props?.spec?.suspend !== true);
    for (const r of resources)
      if (isKind(r, "Cluster", "postgresql.cnpg.io") && !r.props?.spec?.backup && !dumps)
        add(r.urn, `${describeObject(r)} has no backup: neither CloudNativePG's own nor a running backup CronJob`);
    return out;
  },
};
