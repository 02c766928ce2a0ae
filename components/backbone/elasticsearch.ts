import { namespaces } from "../namespaces";
import { standardLabels } from "../meta";
import { backboneServiceNames } from "./endpoints";
import { networkPolicy } from "./network";
import { exporterObjects } from "./exporter";
import type { BackboneSizing } from "./sizing";
import { staticClaim, type VolumePlanner, type VolumeRequest } from "./storage";
import { backboneImages } from "./versions";
import { clusterService, image, meta, pullSecrets, resources, type K8sObject, type PodContext } from "./podspec";

/** Name of the Elasticsearch resource ECK manages; its objects are named after it (`elasticsearch-es-<nodeSet>`). */
export const esClusterName = "elasticsearch";
export const esPorts = { http: 9200, transport: 9300, exporter: 9114 } as const;

/**
 * The `elastic` user through ECK's file realm: a basic-auth Secret with the platform's generated
 * password (PlatformCredentials.elasticsearch), so DIGIT's Secret and the cluster agree. ECK then
 * skips generating its own password.
 */
export const esUserSecret = "elasticsearch-digit-user";

/** The names DIGIT's clients reach Elasticsearch at: the HTTP certificate carries each. */
export const esServiceNames = [0, 1, 2].map((i) => [`${backboneServiceNames.elasticsearch}.${namespaces.elasticsearch}`, "svc", "cluster.local"].slice(0, i + 1).join("."));

/** The Secret ECK keeps its HTTP CA in, public part (`ca.crt`): `<cluster>-es-http-certs-public` (ECK 3.5.0 certificates/secret.go). */
export const esCaSecret = `${esClusterName}-es-http-certs-public`;

const esLabel = "elasticsearch.k8s.elastic.co/cluster-name";

/** Pod level of Elastic's images (uid 1000); ECK sets the containers' own restricted contexts. */
const esPodSecurity = { runAsNonRoot: true, fsGroup: 1000, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } };

export interface ElasticsearchPlan {
  elasticsearch: K8sObject;
  kibana?: K8sObject;
  objects: K8sObject[];
  claims: K8sObject[];
}

interface NodeSetSpec {
  name: string;
  count: number;
  roles: string[];
  heapMiB: number;
  cpu: string;
  memory: string;
  storage: string;
  /** static volume key prefix: elasticsearch-data, elasticsearch-master */
  key: string;
}

/**
 * Elasticsearch through ECK (Elastic's operator): one node set with every role (dev), or dedicated
 * masters and data nodes (ha). ECK manages transport TLS, the nodes' StatefulSets, rolling upgrades
 * that wait for shard relocation, and a PodDisruptionBudget by cluster health. HTTP is TLS too:
 * ECK's own CA signs a certificate for the name DIGIT uses (elasticsearch.es-cluster), as DIGIT
 * 2.9 LTS's env expects (es-indexer-host https://...); the platform's exporter verifies the CA.
 */
export function elasticsearchPlan(s: BackboneSizing["elasticsearch"], ctx: PodContext, volumes: VolumePlanner): ElasticsearchPlan {
  const ns = namespaces.elasticsearch;
  const component = "search";
  const sets: NodeSetSpec[] =
    s.masters > 0
      ? [
          { name: "master", count: s.masters, roles: ["master"], heapMiB: s.masterHeapMiB, cpu: s.masterCpu, memory: s.masterMemory, storage: s.masterStorage, key: "elasticsearch-master" },
          { name: "data", count: s.data, roles: ["data", "ingest"], heapMiB: s.dataHeapMiB, cpu: s.dataCpu, memory: s.dataMemory, storage: s.dataStorage, key: "elasticsearch-data" },
        ]
      : // one node set named "data", so its volumes are the elasticsearch-data-<n> ones
        [{ name: "data", count: s.data, roles: ["master", "data", "ingest"], heapMiB: s.dataHeapMiB, cpu: s.dataCpu, memory: s.dataMemory, storage: s.dataStorage, key: "elasticsearch-data" }];

  const claims: K8sObject[] = [];
  const nodeSets = sets.map((set) => {
    const sts = `${esClusterName}-es-${set.name}`;
    // ECK's StatefulSet names its claims <template>-<statefulset>-<ordinal>; a claim of that name is adopted.
    const reqs: VolumeRequest[] = Array.from({ length: set.count }, (_, i) => ({
      key: `${set.key}-${i}`,
      claimName: `elasticsearch-data-${sts}-${i}`,
      namespace: ns,
      size: set.storage,
      tier: "fast",
      component,
    }));
    for (const req of reqs) {
      const b = volumes.bind(req);
      if (b.kind === "static") claims.push(staticClaim(req, b));
    }
    // ECK resizes claims when the template grows: static volumes keep their own size.
    const shape = volumes.template(reqs);
    return {
      name: set.name,
      count: set.count,
      config: {
        "node.roles": set.roles,
        // No mmap: no vm.max_map_count on the nodes, so no privileged init container (Pod Security restricted holds).
        "node.store.allow_mmap": false,
      },
      podTemplate: {
        metadata: { labels: standardLabels(esClusterName, component, { "app.kubernetes.io/version": backboneImages.elasticsearch.tag }) },
        spec: {
          // ECK sets a restricted security context on its containers (ES >= 8); the pod level is ours.
          securityContext: esPodSecurity,
          imagePullSecrets: pullSecrets(ctx),
          ...(ctx.highAvailability
            ? {
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: { [esLabel]: esClusterName, "elasticsearch.k8s.elastic.co/statefulset-name": sts } } },
                    ],
                  },
                },
              }
            : {}),
          containers: [
            {
              name: "elasticsearch",
              env: [{ name: "ES_JAVA_OPTS", value: `-Xms${set.heapMiB}m -Xmx${set.heapMiB}m` }],
              resources: resources(set.cpu, set.memory),
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "elasticsearch-data" },
          spec: { accessModes: ["ReadWriteOnce"], ...(shape.storageClassName !== undefined ? { storageClassName: shape.storageClassName } : {}), resources: { requests: { storage: shape.size } } },
        },
      ],
    };
  });

  const elasticsearch: K8sObject = {
    apiVersion: "elasticsearch.k8s.elastic.co/v1",
    kind: "Elasticsearch",
    metadata: meta(esClusterName, ns, component),
    spec: {
      version: backboneImages.elasticsearch.tag,
      image: image(backboneImages.elasticsearch, ctx),
      http: { tls: { selfSignedCertificate: { subjectAltNames: esServiceNames.map((dns) => ({ dns })) } } },
      auth: { fileRealm: [{ secretName: esUserSecret }] },
      // Claims stay when the cluster resource is deleted; only a scale-down removes one.
      volumeClaimDeletePolicy: "DeleteOnScaledownOnly",
      // dev: one node, whose replicas never allocate, so ECK's default budget would block every drain.
      ...(ctx.highAvailability ? {} : { podDisruptionBudget: {} }),
      nodeSets,
    },
  };

  const kibana: K8sObject | undefined = s.kibana
    ? {
        apiVersion: "kibana.k8s.elastic.co/v1",
        kind: "Kibana",
        metadata: meta("kibana", ns, "search-ui"),
        spec: {
          version: backboneImages.kibana.tag,
          image: image(backboneImages.kibana, ctx),
          count: 1,
          elasticsearchRef: { name: esClusterName },
          http: { tls: { selfSignedCertificate: { disabled: true } } },
          podTemplate: {
            metadata: { labels: standardLabels("kibana", "search-ui", { "app.kubernetes.io/version": backboneImages.kibana.tag }) },
            spec: {
              // ECK hardens Kibana's containers itself (read-only root, no capabilities); the pod level is ours.
              securityContext: esPodSecurity,
              imagePullSecrets: pullSecrets(ctx),
              containers: [{ name: "kibana", resources: resources("100m", "1Gi") }],
            },
          },
        },
      }
    : undefined;

  // DIGIT's es-host: the data nodes (masters never take client traffic in ha).
  const service = clusterService(backboneServiceNames.elasticsearch, { [esLabel]: esClusterName, "elasticsearch.k8s.elastic.co/node-data": "true" }, ns, component, [
    { name: "http", port: esPorts.http, targetPort: esPorts.http },
  ]);

  const httpProbe = (initialDelaySeconds: number) => ({ httpGet: { path: "/healthz", port: "metrics" }, initialDelaySeconds, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 });
  const exporter = exporterObjects(
    {
      name: `${esClusterName}-exporter`,
      namespace: ns,
      pin: backboneImages.elasticsearchExporter,
      port: esPorts.exporter,
      args: [`--es.uri=https://${backboneServiceNames.elasticsearch}.${ns}:${esPorts.http}`, "--es.ca=/etc/elasticsearch-ca/ca.crt", "--es.all", "--es.indices"],
      secretMounts: { "elasticsearch-ca": { secretName: esCaSecret, mountPath: "/etc/elasticsearch-ca" } },
      env: [
        { name: "ES_USERNAME", valueFrom: { secretKeyRef: { name: esUserSecret, key: "username" } } },
        { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: esUserSecret, key: "password" } } },
      ],
      readinessProbe: httpProbe(5),
      livenessProbe: httpProbe(30),
    },
    ctx,
  );

  const objects: K8sObject[] = [
    service,
    networkPolicy(esClusterName, ns, { [esLabel]: esClusterName }, { clients: [esPorts.http], peers: "all", metrics: [] }),
    ...exporter,
  ];
  // Kibana: reached by `kubectl port-forward` only (the operator and Elasticsearch talk to it in-namespace).
  if (kibana) objects.push(networkPolicy("kibana", ns, { "kibana.k8s.elastic.co/name": "kibana" }, { clients: [], peers: "all", metrics: [] }));
  return { elasticsearch, kibana, objects, claims };
}
