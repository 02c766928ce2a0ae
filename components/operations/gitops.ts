import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import type { ChartPin } from "../charts";
import { imageRef } from "../images";
import { K8sObject, meta, RenderPlace } from "./objects";
import { argoCdChart, flux2Chart, pulumiOperatorChart } from "./pins";
import { agentNamespaces, DeliverySettings } from "./settings";
import { rendersManifests } from "./delivery";
import { inClusterEnv } from "../../lib/in-cluster";
import { splitCredentials } from "../config/secret-values";

export { rendersManifests, clusterOnlyUrnPatterns } from "./delivery";

/**
 * Delivery. `direct`: `pulumi up` applies every object. `gitops` with argocd or flux: the same
 * graph goes through a Kubernetes provider with `renderYamlToDirectory`, so `pulumi up` writes
 * plain manifests under `path` (0-crd/, 1-manifest/), CI commits them, and the in-cluster agent
 * applies them; Namespaces, Secrets and the agent itself go through the cluster's own provider,
 * in an administrator's `pulumi up`, so no secret value is ever written to git and CI needs no
 * cluster credentials. `gitops` with pulumi-operator: the Pulumi Kubernetes Operator runs
 * `pulumi up` of the repository inside the cluster; CI only previews.
 */
export interface DeliveryTargets {
  /** where DIGIT's and operations' objects go */
  objects: Target;
  /** where Namespaces, Secrets and the GitOps agent go: the cluster */
  cluster: Target;
  /** the render provider, in gitops mode with argocd or flux */
  renderProvider?: k8s.Provider;
}

/** The targets of each kind of object. The render provider is a child of `parent`. */
export function deliveryTargets(name: string, target: Target, delivery: DeliverySettings, parent: pulumi.Resource): DeliveryTargets {
  if (!rendersManifests(delivery)) return { objects: target, cluster: target };
  const renderProvider = new k8s.Provider(`${name}-render`, { renderYamlToDirectory: delivery.path }, { parent });
  // Same place (registry, storage, readiness), another provider. Named fields, not a spread: a
  // target may be a class whose offers are getters.
  const objects: Target = {
    kind: target.kind,
    name: target.name,
    provider: renderProvider,
    storage: target.storage,
    database: target.database,
    objectStore: target.objectStore,
    exposure: target.exposure,
    registry: target.registry,
    proxy: target.proxy,
    capacity: target.capacity,
    readiness: target.readiness,
    apiServerCidrs: target.apiServerCidrs,
  };
  return { objects, cluster: target, renderProvider };
}

export interface AgentPlan {
  namespace: string;
  chart: ChartPin;
  values: Record<string, unknown>;
  /** what points the agent at the repository (Application, GitRepository + Kustomization, Stack) */
  objects: K8sObject[];
}

export interface AgentInput {
  delivery: Extract<DeliverySettings, { mode: "gitops" }>;
  /** the Pulumi stack the operator runs (pulumi.getStack()) */
  stack: string;
  place: RenderPlace;
  /** the repository URL was encrypted in the stack file; default false */
  repositorySecret?: boolean;
}

/** Secret holding the GitOps repository's login, when its URL carries one (keys `username`, `password`). */
export const repositorySecretName = "digit-repository";

/** Secret the administrator creates for the Pulumi Kubernetes Operator: backend URL, passphrase, cloud credentials. */
export const operatorEnvSecret = "pulumi-stack-env";

function repoTag(img: string, tag: string, mirror?: string): { repository: string; tag: string } {
  const ref = imageRef(img, tag, mirror);
  const at = ref.lastIndexOf(":");
  return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
}

export function agentPlan(input: AgentInput): AgentPlan {
  const d = input.delivery;
  const ns = agentNamespaces[d.agent];
  const mirror = input.place.mirror;
  const pullSecrets = input.place.pullSecretName ? [{ name: input.place.pullSecretName }] : [];
  const appName = `digit-${input.stack}`;
  // The repository's user and password (a token in its URL) go to a Secret the agent reads; its
  // objects name the bare URL. A URL that is secret as a whole stays a Pulumi secret.
  const { url: bare, username, password } = splitCredentials(d.repository);
  const login = username !== undefined ? { username: pulumi.secret(username), password: pulumi.secret(password ?? "") } : undefined;
  const repoURL: pulumi.Input<string> = input.repositorySecret && !login ? pulumi.secret(bare) : bare;
  const repoSecret = (labels: Record<string, string>, data: Record<string, pulumi.Input<string>>): K8sObject => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { ...meta(repositorySecretName, ns, "gitops"), labels: { ...meta(repositorySecretName, ns, "gitops").labels, ...labels } },
    type: "Opaque",
    stringData: data,
  });
  switch (d.agent) {
    case "argocd":
      return {
        namespace: ns,
        chart: argoCdChart,
        values: {
          global: {
            ...(mirror ? { image: { repository: repoTag("quay.io/argoproj/argocd", "v0", mirror).repository } } : {}),
            imagePullSecrets: pullSecrets,
          },
          dex: { enabled: false },
          notifications: { enabled: false },
          applicationSet: { enabled: false },
          ...(mirror ? { redis: { image: { repository: repoTag("public.ecr.aws/docker/library/redis", "0", mirror).repository } } } : {}),
        },
        objects: [
          {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Application",
            metadata: meta(appName, ns, "gitops"),
            spec: {
              project: "default",
              source: { repoURL, targetRevision: d.branch, path: d.path, directory: { recurse: true } },
              destination: { server: "https://kubernetes.default.svc" },
              syncPolicy: {
                automated: { prune: true, selfHeal: true },
                // Namespaces exist already (the administrator's `pulumi up` created them, with their Secrets).
                syncOptions: ["ServerSideApply=true", "CreateNamespace=false"],
              },
            },
          },
          // Argo CD finds a repository's credentials by this label and the URL.
          ...(login ? [repoSecret({ "argocd.argoproj.io/secret-type": "repository" }, { type: "git", url: repoURL, ...login })] : []),
        ],
      };
    case "flux":
      return {
        namespace: ns,
        chart: flux2Chart,
        values: {
          ...(mirror ? { cli: { image: repoTag("ghcr.io/fluxcd/flux-cli", "0", mirror).repository } } : {}),
          imagePullSecrets: pullSecrets,
          imageAutomationController: { create: false },
          imageReflectionController: { create: false },
          notificationController: { create: false },
        },
        objects: [
          {
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "GitRepository",
            metadata: meta(appName, ns, "gitops"),
            spec: { interval: "1m", url: repoURL, ref: { branch: d.branch }, ...(login ? { secretRef: { name: repositorySecretName } } : {}) },
          },
          ...(login ? [repoSecret({}, login)] : []),
          {
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            metadata: meta(appName, ns, "gitops"),
            spec: { interval: "5m", path: `./${d.path}`, prune: true, sourceRef: { kind: "GitRepository", name: appName }, timeout: "10m" },
          },
        ],
      };
    case "pulumi-operator":
      return {
        namespace: ns,
        chart: pulumiOperatorChart,
        values: { imagePullSecrets: pullSecrets },
        objects: [
          { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("digit-pulumi", ns, "gitops") },
          {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: meta("digit-pulumi", undefined, "gitops"),
            // `pulumi up` of the whole platform creates namespaces, CRDs and cluster roles.
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
            subjects: [{ kind: "ServiceAccount", name: "digit-pulumi", namespace: ns }],
          },
          {
            apiVersion: "pulumi.com/v1",
            kind: "Stack",
            metadata: meta(appName, ns, "gitops"),
            spec: {
              serviceAccountName: "digit-pulumi",
              stack: input.stack,
              projectRepo: repoURL,
              ...(login
                ? {
                    gitAuth: {
                      basicAuth: {
                        userName: { type: "Secret", secret: { name: repositorySecretName, key: "username" } },
                        password: { type: "Secret", secret: { name: repositorySecretName, key: "password" } },
                      },
                    },
                  }
                : {}),
              branch: d.branch,
              refresh: true,
              destroyOnFinalize: false,
              resyncFrequencySeconds: 600,
              envRefs: {
                ...Object.fromEntries(
                  ["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"].map((k) => [k, { type: "Secret", secret: { name: operatorEnvSecret, key: k } }]),
                ),
                // the workspace deploys to its own cluster through its ServiceAccount, not the stack's kubeconfig
                [inClusterEnv]: { type: "Literal", literal: { value: "true" } },
              },
            },
          },
          ...(login ? [repoSecret({}, login)] : []),
        ],
      };
  }
}
