import type { Profile } from "./schema";

/**
 * What each sizing profile means. `dev`: one of everything, small volumes. `ha`: three of every
 * stateful part, anti-affinity, PodDisruptionBudgets, at least two replicas per service.
 */
export interface ProfileDefaults {
  /** minimum replicas of a DIGIT service (the catalog's count wins when higher, in ha) */
  serviceReplicas: number;
  /** whether services get an HPA, a PDB and zone/host spread */
  highAvailability: boolean;
  postgres: { replicas: number; storage: string; cpu: string; memory: string };
  kafka: { replicas: number; storage: string; cpu: string; memory: string };
  elasticsearch: { masters: number; data: number; storage: string; dataStorage: string; heapMiB: number; dataHeapMiB: number };
  redis: { cpu: string; memory: string };
  objectStore: { replicas: number; storage: string };
  /** CPU request of a DIGIT service container when the catalog gives none */
  serviceCpu: string;
}

const dev: ProfileDefaults = {
  serviceReplicas: 1,
  highAvailability: false,
  postgres: { replicas: 1, storage: "10Gi", cpu: "250m", memory: "512Mi" },
  kafka: { replicas: 1, storage: "8Gi", cpu: "250m", memory: "1Gi" },
  elasticsearch: { masters: 0, data: 1, storage: "2Gi", dataStorage: "10Gi", heapMiB: 448, dataHeapMiB: 512 },
  redis: { cpu: "50m", memory: "128Mi" },
  objectStore: { replicas: 1, storage: "10Gi" },
  serviceCpu: "50m",
};

const ha: ProfileDefaults = {
  serviceReplicas: 2,
  highAvailability: true,
  postgres: { replicas: 3, storage: "100Gi", cpu: "1", memory: "4Gi" },
  kafka: { replicas: 3, storage: "50Gi", cpu: "500m", memory: "2Gi" },
  elasticsearch: { masters: 3, data: 3, storage: "2Gi", dataStorage: "50Gi", heapMiB: 448, dataHeapMiB: 1024 },
  redis: { cpu: "100m", memory: "256Mi" },
  objectStore: { replicas: 4, storage: "100Gi" },
  serviceCpu: "100m",
};

export function profileDefaults(profile: Profile): ProfileDefaults {
  return profile === "ha" ? ha : dev;
}
