import type * as pulumi from "@pulumi/pulumi";
import type { ProxyOffer } from "../../providers/target";
import { imageRef } from "../images";
import { selectorLabels, standardLabels } from "../meta";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../services/render";

/** A Kubernetes object as plain data; values may be Pulumi inputs (secrets, resource outputs). */
export type K8sObject = Record<string, any>;

/** Where operations' own objects are rendered: the place's registry, decided by the platform. */
export interface RenderPlace {
  mirror?: string;
  pullSecretName?: string;
  proxy?: ProxyOffer;
}

export const PROMETHEUS_OPERATOR_API = "monitoring.coreos.com/v1";

export function meta(name: string, namespace: string | undefined, component: string, extra: K8sObject = {}): K8sObject {
  return { name, ...(namespace ? { namespace } : {}), labels: standardLabels(name, component), ...extra };
}

export interface WorkloadInput {
  name: string;
  namespace: string;
  component: string;
  image: { image: string; tag: string };
  args?: string[];
  env?: K8sObject[];
  ports: Array<{ name: string; containerPort: number; protocol?: "TCP" | "UDP" }>;
  cpu: string;
  memory: string;
  replicas?: number;
  volumes?: K8sObject[];
  volumeMounts?: K8sObject[];
  readinessPath?: { path: string; port: string };
  serviceAccountName?: string;
  /** restricted by default; the log collector reads host paths and runs as root */
  securityContext?: { pod: K8sObject; container: K8sObject };
}

/** A pod template with the platform's conventions: pinned image through the mirror, requests = limits for memory. */
export function podTemplate(w: WorkloadInput, place: RenderPlace): K8sObject {
  const sc = w.securityContext ?? { pod: restrictedPodSecurity, container: restrictedContainerSecurity };
  return {
    metadata: { labels: standardLabels(w.name, w.component) },
    spec: {
      ...(w.serviceAccountName ? { serviceAccountName: w.serviceAccountName } : { automountServiceAccountToken: false }),
      securityContext: sc.pod,
      ...(place.pullSecretName ? { imagePullSecrets: [{ name: place.pullSecretName }] } : {}),
      containers: [
        {
          name: w.name,
          image: imageRef(w.image.image, w.image.tag, place.mirror),
          imagePullPolicy: "IfNotPresent",
          ...(w.args ? { args: w.args } : {}),
          ...(w.env?.length ? { env: w.env } : {}),
          ports: w.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? "TCP" })),
          resources: { requests: { cpu: w.cpu, memory: w.memory }, limits: { memory: w.memory } },
          ...(w.readinessPath
            ? { readinessProbe: { httpGet: { path: w.readinessPath.path, port: w.readinessPath.port }, initialDelaySeconds: 5, periodSeconds: 10 } }
            : {}),
          securityContext: sc.container,
          ...(w.volumeMounts?.length ? { volumeMounts: w.volumeMounts } : {}),
        },
      ],
      ...(w.volumes?.length ? { volumes: w.volumes } : {}),
    },
  };
}

export function deployment(w: WorkloadInput, place: RenderPlace): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(w.name, w.namespace, w.component),
    spec: {
      replicas: w.replicas ?? 1,
      selector: { matchLabels: selectorLabels(w.name) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: podTemplate(w, place),
    },
  };
}

/** A ClusterIP Service in front of a workload, one port per named container port. */
export function service(name: string, namespace: string, component: string, ports: WorkloadInput["ports"]): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(name, namespace, component),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(name),
      ports: ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: p.protocol ?? "TCP" })),
    },
  };
}

export function configMap(name: string, namespace: string, component: string, data: Record<string, string>): K8sObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta(name, namespace, component), data };
}

/** A Secret whose values stay Pulumi secrets (stringData of secret inputs). */
export function secret(name: string, namespace: string, component: string, stringData: Record<string, pulumi.Input<string>>): K8sObject {
  return { apiVersion: "v1", kind: "Secret", metadata: meta(name, namespace, component), type: "Opaque", stringData };
}

export function serviceMonitor(
  name: string,
  namespace: string,
  target: { namespace: string; selector: Record<string, string>; port: string; path: string; interval: string },
): K8sObject {
  return {
    apiVersion: PROMETHEUS_OPERATOR_API,
    kind: "ServiceMonitor",
    metadata: meta(name, namespace, "monitoring"),
    spec: {
      namespaceSelector: { matchNames: [target.namespace] },
      selector: { matchLabels: target.selector },
      endpoints: [{ port: target.port, path: target.path, interval: target.interval, honorLabels: true }],
    },
  };
}

/** The job label Prometheus gives a ServiceMonitor's series: the scraped Service's name. */
export function jobOf(sm: K8sObject): string {
  return sm.spec.selector.matchLabels["app.kubernetes.io/name"];
}

export function pvc(name: string, namespace: string, component: string, size: string, storageClass?: string): K8sObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta(name, namespace, component),
    spec: {
      accessModes: ["ReadWriteOnce"],
      ...(storageClass ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: size } },
    },
  };
}
