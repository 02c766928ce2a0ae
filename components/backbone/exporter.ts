import { selectorLabels, standardLabels } from "../meta";
import { networkPolicy } from "./network";
import { clusterService, image, meta, pullSecrets, resources, restrictedContainer, restrictedPod, type K8sObject, type PodContext } from "./podspec";

/** What differs between the backbone's Prometheus exporters: image, port, how it reaches its part. */
export interface ExporterSpec {
  /** Deployment and Service name, e.g. `kafka-exporter` */
  name: string;
  namespace: string;
  pin: { image: string; tag: string };
  port: number;
  args?: string[];
  env?: K8sObject[];
  /** Secrets mounted read-only, e.g. a CA bundle: volume name -> { secret, mountPath } */
  secretMounts?: Record<string, { secretName: string; mountPath: string }>;
  readinessProbe: K8sObject;
  livenessProbe: K8sObject;
}

/** An exporter's Deployment, its metrics Service and the NetworkPolicy that admits only scrapes. */
export function exporterObjects(x: ExporterSpec, ctx: PodContext): K8sObject[] {
  const labels = standardLabels(x.name, "metrics", { "app.kubernetes.io/version": x.pin.tag });
  const deployment: K8sObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(x.name, x.namespace, "metrics", { labels }),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(x.name) },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPod(65534),
          imagePullSecrets: pullSecrets(ctx),
          containers: [
            {
              name: "exporter",
              image: image(x.pin, ctx),
              imagePullPolicy: "IfNotPresent",
              ...(x.args ? { args: x.args } : {}),
              ...(x.env ? { env: x.env } : {}),
              ports: [{ name: "metrics", containerPort: x.port, protocol: "TCP" }],
              readinessProbe: x.readinessProbe,
              livenessProbe: x.livenessProbe,
              resources: resources("20m", "64Mi"),
              securityContext: restrictedContainer(),
              ...(x.secretMounts ? { volumeMounts: Object.entries(x.secretMounts).map(([name, m]) => ({ name, mountPath: m.mountPath, readOnly: true })) } : {}),
            },
          ],
          ...(x.secretMounts ? { volumes: Object.entries(x.secretMounts).map(([name, m]) => ({ name, secret: { secretName: m.secretName } })) } : {}),
        },
      },
    },
  };
  return [
    deployment,
    clusterService(x.name, selectorLabels(x.name), x.namespace, "metrics", [{ name: "metrics", port: x.port }]),
    networkPolicy(x.name, x.namespace, selectorLabels(x.name), { clients: [], peers: [], metrics: [x.port] }),
  ];
}
