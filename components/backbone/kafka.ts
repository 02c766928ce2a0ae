import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../namespaces";
import { selectorLabels, standardLabels } from "../meta";
import { backboneServiceNames } from "./endpoints";
import { networkPolicy } from "./network";
import { exporterObjects } from "./exporter";
import type { BackboneSizing } from "./sizing";
import { claimTemplate, staticClaim, type VolumePlanner, type VolumeRequest, claimExpansions, orphanOnDelete } from "./storage";
import { backboneImages } from "./versions";
import {
  clusterService,
  configHash,
  headlessService,
  image,
  meta,
  pdb,
  pullSecrets,
  resources,
  restrictedContainer,
  restrictedPod,
  spread,
  type K8sObject,
  type PodContext,
} from "./podspec";

export const kafkaPorts = { broker: 9092, controller: 9093, exporter: 9308 } as const;
export const kafkaConfigMap = "kafka-config";

/**
 * Writes the pod's own lines (node id from the StatefulSet ordinal, its advertised address) under
 * the shared server.properties, formats the log directory once, then runs the broker.
 */
export const kafkaStartScript = `#!/bin/sh
set -eu
home="\${KAFKA_HOME:-/opt/kafka}"
conf="\${KAFKA_DIGIT_CONFIG:-/etc/kafka-digit}"
cfg="\${TMPDIR:-/tmp}/server.properties"
id="\${HOSTNAME##*-}"
case "$id" in ''|*[!0-9]*) echo "cannot read a node id from HOSTNAME=$HOSTNAME" >&2; exit 1;; esac
cp "$conf/server.properties" "$cfg"
{
  echo "node.id=$id"
  echo "advertised.listeners=PLAINTEXT://$HOSTNAME.$KAFKA_HEADLESS:${kafkaPorts.broker}"
} >> "$cfg"
"$home/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$cfg" --ignore-formatted
exec "$home/bin/kafka-server-start.sh" "$cfg"
`;

/** server.properties shared by every node: KRaft, each node broker and controller. */
export function kafkaProperties(s: BackboneSizing["kafka"], headlessDomain: string, highAvailability: boolean): string {
  const name = backboneServiceNames.kafka;
  const voters = Array.from({ length: s.replicas }, (_, i) => `${i}@${name}-${i}.${headlessDomain}:${kafkaPorts.controller}`).join(",");
  const props: Array<[string, string | number | boolean]> = [
    ["process.roles", "broker,controller"],
    ["controller.quorum.voters", voters],
    ["listeners", `PLAINTEXT://:${kafkaPorts.broker},CONTROLLER://:${kafkaPorts.controller}`],
    ["listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"],
    ["controller.listener.names", "CONTROLLER"],
    ["inter.broker.listener.name", "PLAINTEXT"],
    // A subdirectory: a fresh volume's root may hold lost+found, which Kafka takes for a bad log.
    ["log.dirs", "/var/lib/kafka/data/logs"],
    ["num.partitions", highAvailability ? 3 : 1],
    ["default.replication.factor", s.replicationFactor],
    ["min.insync.replicas", s.minInSyncReplicas],
    ["offsets.topic.replication.factor", s.replicationFactor],
    ["transaction.state.log.replication.factor", s.replicationFactor],
    ["transaction.state.log.min.isr", s.minInSyncReplicas],
    // DIGIT's services create their topics on first use.
    ["auto.create.topics.enable", true],
    ["unclean.leader.election.enable", false],
    ["log.retention.hours", 168],
    ["group.initial.rebalance.delay.ms", 3000],
  ];
  return props.map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}

export interface KafkaPlan {
  objects: K8sObject[];
  claims: K8sObject[];
  /** patches growing the StatefulSet's claims to its template's size (storage.ts claimExpansions) */
  expansions: K8sObject[];
}

/**
 * Kafka 3.9 in KRaft mode as a native StatefulSet on the official image: 1 node (dev) or 3 (ha),
 * each broker and controller, replication factor 3 and min.insync.replicas 2 in ha.
 */
export function kafkaPlan(s: BackboneSizing["kafka"], ctx: PodContext, volumes: VolumePlanner, clusterId: pulumi.Input<string>): KafkaPlan {
  const name = backboneServiceNames.kafka;
  const ns = namespaces.kafka;
  const headless = `${name}-headless`;
  const headlessDomain = `${headless}.${ns}.svc.cluster.local`;
  const component = "message-broker";
  const labels = standardLabels(name, component, { "app.kubernetes.io/version": backboneImages.kafka.tag });

  const claims: K8sObject[] = [];
  const reqs: VolumeRequest[] = Array.from({ length: s.replicas }, (_, i) => ({ key: `kafka-${i}`, claimName: `data-${name}-${i}`, namespace: ns, size: s.storage, tier: "fast", component }));
  for (const req of reqs) {
    const b = volumes.bind(req);
    if (b.kind === "static") claims.push(staticClaim(req, b));
  }

  const properties = kafkaProperties(s, headlessDomain, ctx.highAvailability);
  const configMap: K8sObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta(kafkaConfigMap, ns, component),
    data: { "server.properties": properties, "start.sh": kafkaStartScript, "cluster.id": clusterId },
  };
  const tcp = (port: string, initialDelaySeconds: number, failureThreshold: number) => ({
    tcpSocket: { port },
    initialDelaySeconds,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold,
  });

  const statefulSet: K8sObject = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    // Replaced (when its claim templates change) without touching its pods or claims: storage.ts orphanOnDelete.
    metadata: meta(name, ns, component, { labels, annotations: { ...orphanOnDelete } }),
    spec: {
      serviceName: headless,
      replicas: s.replicas,
      // The controllers form their quorum together: starting them one by one would wait forever.
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selectorLabels(name) },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      template: {
        metadata: { labels, annotations: { "digit.egov.org/config-hash": configHash(properties, kafkaStartScript) } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPod(1000),
          imagePullSecrets: pullSecrets(ctx),
          ...spread(name, ctx),
          terminationGracePeriodSeconds: 120,
          containers: [
            {
              name: "kafka",
              image: image(backboneImages.kafka, ctx),
              imagePullPolicy: "IfNotPresent",
              command: ["sh", "/etc/kafka-digit/start.sh"],
              env: [
                { name: "CLUSTER_ID", valueFrom: { configMapKeyRef: { name: kafkaConfigMap, key: "cluster.id" } } },
                { name: "KAFKA_HEADLESS", value: headlessDomain },
                { name: "KAFKA_HEAP_OPTS", value: `-Xmx${s.heapMiB}m -Xms${s.heapMiB}m` },
                { name: "LOG_DIR", value: "/tmp/kafka-logs" },
              ],
              ports: [
                { name: "broker", containerPort: kafkaPorts.broker, protocol: "TCP" },
                { name: "controller", containerPort: kafkaPorts.controller, protocol: "TCP" },
              ],
              // Log recovery after an unclean stop can take minutes on a large volume.
              startupProbe: tcp("controller", 10, 60),
              readinessProbe: tcp("broker", 5, 3),
              livenessProbe: tcp("controller", 0, 6),
              resources: resources(s.cpu, s.memory),
              securityContext: restrictedContainer(),
              volumeMounts: [
                { name: "data", mountPath: "/var/lib/kafka/data" },
                { name: "config", mountPath: "/etc/kafka-digit", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: kafkaConfigMap } },
            { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
          ],
        },
      },
      volumeClaimTemplates: [claimTemplate("data", volumes.template(reqs), component)],
    },
  };

  // Consumer-group lag per topic: how far DIGIT's persister and indexer are behind.
  const exporter = exporterObjects(
    {
      name: `${name}-exporter`,
      namespace: ns,
      pin: backboneImages.kafkaExporter,
      port: kafkaPorts.exporter,
      args: [`--kafka.server=${name}.${ns}:${kafkaPorts.broker}`, `--kafka.version=${backboneImages.kafka.tag}`],
      readinessProbe: tcp("metrics", 5, 3),
      livenessProbe: tcp("metrics", 30, 6),
    },
    ctx,
  );

  const objects: K8sObject[] = [
    configMap,
    headlessService(headless, name, ns, component, [
      { name: "broker", port: kafkaPorts.broker },
      { name: "controller", port: kafkaPorts.controller },
    ]),
    clusterService(name, selectorLabels(name), ns, component, [{ name: "broker", port: kafkaPorts.broker }]),
    statefulSet,
    networkPolicy(name, ns, selectorLabels(name), { clients: [kafkaPorts.broker], peers: [kafkaPorts.broker, kafkaPorts.controller], metrics: [] }),
    ...exporter,
  ];
  if (ctx.highAvailability && s.replicas > 1) objects.push(pdb(name, ns, component));
  return { objects, claims, expansions: claimExpansions(statefulSet, claims) };
}
