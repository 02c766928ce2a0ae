import type { DigitConfig } from "../../config/schema";
import { profileDefaults } from "../../config/profile";
import { ConfigError } from "../../config/errors";
import { formatMiB, mebibytes } from "../../lib/quantity";
import { defaultPostgresMajor, postgresMajors, type PostgresMajor } from "./versions";

/** The backbone's sizes: config where given, the profile's defaults elsewhere. */
export interface BackboneSizing {
  highAvailability: boolean;
  protect: boolean;
  postgres: {
    instances: number;
    storage: string;
    cpu: string;
    memory: string;
    major: PostgresMajor;
    backup: { enabled: boolean; schedule: string; retentionDays: number };
  };
  kafka: { replicas: number; storage: string; cpu: string; memory: string; heapMiB: number; replicationFactor: number; minInSyncReplicas: number };
  elasticsearch: {
    /** dedicated master nodes; 0 = one node set holding every role (dev) */
    masters: number;
    data: number;
    masterStorage: string;
    dataStorage: string;
    masterHeapMiB: number;
    dataHeapMiB: number;
    masterMemory: string;
    dataMemory: string;
    masterCpu: string;
    dataCpu: string;
    kibana: boolean;
  };
  redis: { cpu: string; memory: string };
  minio: { replicas: number; storage: string; cpu: string; memory: string };
}

function heapMiB(h: string): number {
  const n = Number(h.slice(0, -1));
  return h.endsWith("g") ? n * 1024 : n;
}

function postgresMajor(version: string | undefined): PostgresMajor {
  if (version === undefined) return defaultPostgresMajor;
  const major = version.split(".")[0];
  if (!(postgresMajors as string[]).includes(major))
    throw new ConfigError([`digit:backbone.postgres.version: got ${JSON.stringify(version)}; allowed: ${postgresMajors.join(" | ")} (a PostgreSQL major; the platform pins the minor)`]);
  return major as PostgresMajor;
}

export function backboneSizing(config: DigitConfig): BackboneSizing {
  const p = profileDefaults(config.profile);
  const b = config.backbone;

  const kafkaReplicas = b.kafka?.replicas ?? p.kafka.replicas;
  const kafkaMemory = b.kafka?.resources?.memory ?? p.kafka.memory;
  const replicationFactor = Math.min(3, kafkaReplicas);

  const es = b.elasticsearch;
  const dataHeap = es?.heap ? heapMiB(es.heap) : es?.resources?.memory ? Math.floor(mebibytes(es.resources.memory) / 2) : p.elasticsearch.dataHeapMiB;

  return {
    highAvailability: p.highAvailability,
    protect: b.protect,
    postgres: {
      instances: b.postgres?.replicas ?? p.postgres.replicas,
      storage: b.postgres?.storage ?? p.postgres.storage,
      cpu: b.postgres?.resources?.cpu ?? p.postgres.cpu,
      memory: b.postgres?.resources?.memory ?? p.postgres.memory,
      major: postgresMajor(b.postgres?.version),
      backup: {
        enabled: b.postgres?.backup?.enabled ?? true,
        schedule: b.postgres?.backup?.schedule ?? "30 1 * * *",
        retentionDays: b.postgres?.backup?.retentionDays ?? 14,
      },
    },
    kafka: {
      replicas: kafkaReplicas,
      storage: b.kafka?.storage ?? p.kafka.storage,
      cpu: b.kafka?.resources?.cpu ?? p.kafka.cpu,
      memory: kafkaMemory,
      // Half the container for the JVM heap, half for the page cache Kafka lives on.
      heapMiB: Math.floor(mebibytes(kafkaMemory) / 2),
      replicationFactor,
      minInSyncReplicas: Math.max(1, replicationFactor - 1),
    },
    elasticsearch: {
      masters: es?.replicas ?? p.elasticsearch.masters,
      data: es?.dataReplicas ?? p.elasticsearch.data,
      masterStorage: es?.storage ?? p.elasticsearch.storage,
      dataStorage: es?.dataStorage ?? p.elasticsearch.dataStorage,
      masterHeapMiB: p.elasticsearch.heapMiB,
      dataHeapMiB: dataHeap,
      masterMemory: esMemory(p.elasticsearch.heapMiB),
      dataMemory: es?.resources?.memory ?? esMemory(dataHeap),
      masterCpu: p.highAvailability ? "250m" : "100m",
      dataCpu: es?.resources?.cpu ?? (p.highAvailability ? "1" : "250m"),
      kibana: es?.kibana ?? false,
    },
    redis: { cpu: b.redis?.resources?.cpu ?? p.redis.cpu, memory: b.redis?.resources?.memory ?? p.redis.memory },
    minio: {
      replicas: b.objectStore?.replicas ?? p.objectStore.replicas,
      storage: b.objectStore?.storage ?? p.objectStore.storage,
      cpu: b.objectStore?.resources?.cpu ?? (p.highAvailability ? "250m" : "100m"),
      memory: b.objectStore?.resources?.memory ?? (p.highAvailability ? "1Gi" : "512Mi"),
    },
  };
}

/** Elasticsearch wants the container at twice its heap (the rest is off-heap and page cache). */
export function esMemory(heap: number): string {
  return formatMiB(heap * 2);
}
