import { imageRef } from "../images";
import { javaToolOptionsEnv, jvmProxy, proxyEnv } from "../services/proxy";
import { toK8sEnv } from "../services/render";
import type { RenderPlace } from "./objects";
import { operationsImages } from "./pins";

export const jenkinsAdminSecret = "jenkins-admin";

export interface JenkinsInput {
  highAvailability: boolean;
  storageClass?: string;
  place: RenderPlace;
}

/**
 * Values of the Jenkins chart (keys as in jenkinsci/helm-charts jenkins 5.9): the controller with
 * its admin password from a Secret the platform generates, and agent pod templates: `pulumi` (Node.js
 * and the Pulumi CLI) for the repository's Jenkinsfile, and `kaniko`, which builds and pushes images
 * without a Docker daemon (the seeds' build-and-bake jobs). Plugins come
 * from the update centre through the target's proxy.
 */
export function jenkinsValues(input: JenkinsInput): Record<string, unknown> {
  const mirrorHost = input.place.mirror?.split("/")[0];
  const jvm = jvmProxy(input.place.proxy);
  const env = [...jvm.env, ...proxyEnv(input.place.proxy), ...javaToolOptionsEnv(jvm.parts)].map(toK8sEnv);
  const kaniko = imageRef(operationsImages.kaniko.image, operationsImages.kaniko.tag, input.place.mirror);
  const pulumiImage = imageRef(operationsImages.pulumiNodejs.image, operationsImages.pulumiNodejs.tag, input.place.mirror);
  const template = (name: string, image: string, command: string) =>
    [`- name: ${name}`, `  label: ${name}`, "  containers:", `    - name: ${name}`, `      image: ${image}`, `      command: "${command}"`, "      ttyEnabled: true", ""].join("\n");
  return {
    fullnameOverride: "jenkins",
    controller: {
      ...(mirrorHost ? { image: { registry: mirrorHost } } : {}),
      ...(input.place.pullSecretName ? { imagePullSecretName: input.place.pullSecretName } : {}),
      admin: { existingSecret: jenkinsAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
      resources: input.highAvailability
        ? { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "2Gi" } }
        : { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "1Gi" } },
      containerEnv: env,
      initContainerEnv: env,
    },
    persistence: { size: input.highAvailability ? "50Gi" : "10Gi", ...(input.storageClass ? { storageClass: input.storageClass } : {}) },
    agent: {
      ...(mirrorHost ? { image: { registry: mirrorHost } } : {}),
      // `pulumi` runs the repository's Jenkinsfile; `kaniko` builds and bakes images.
      podTemplates: { pulumi: template("pulumi", pulumiImage, "cat"), kaniko: template("kaniko", kaniko, "/busybox/cat") },
    },
  };
}
