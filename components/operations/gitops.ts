import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../../providers/target";
import type { ChartPin } from "../charts";
import { imageRef } from "../images";
import { K8sObject, meta, RenderPlace, secret } from "./objects";
import { agentImages, argoCdChart, flux2Chart, pulumiOperatorChart } from "./pins";
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
  /** Secrets the agent reads (repository credentials), values from the stack's Pulumi secrets; applied by the cluster's provider */
  secrets: K8sObject[];
  /** Secrets of generated passwords (what the chart's hooks would have made), key by key */
  generated: Array<{ name: string; namespace: string; key: string }>;
}

export interface AgentInput {
  delivery: Extract<DeliverySettings, { mode: "gitops" }>;
  /** the Pulumi stack the operator runs (pulumi.getStack()) */
  stack: string;
  place: RenderPlace;
  /** the repository URL was encrypted in the stack file; default false */
  repositorySecret?: boolean;
}

/** Secret the administrator creates for the Pulumi Kubernetes Operator: backend URL, passphrase, cloud credentials. */
export const operatorEnvSecret = "pulumi-stack-env";
/** Secret of the repository's credentials (digit:delivery.credentials, or the login in its URL), in the agent's namespace. */
export const repositorySecret = "digit-repository";
/** The Argo CD chart's Redis password Secret (made by a pre-install hook Job, which helm.v4.Chart does not run). */
export const argocdRedisSecret = { name: "argocd-redis", key: "auth" } as const;

function repoTag(img: { image: string; tag: string }, mirror?: string): { repository: string; tag: string } {
  const ref = imageRef(img.image, img.tag, mirror);
  const at = ref.lastIndexOf(":");
  return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
}

const restricted = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

type RepositoryCredentials = { sshPrivateKey?: pulumi.Input<string>; knownHosts?: pulumi.Input<string>; username?: pulumi.Input<string>; token?: pulumi.Input<string> };

/**
 * The repository's login: digit:delivery.credentials, else a user and password (a token) written
 * into its URL, which the agents' objects never name (the URL they get is the bare one).
 */
function repositoryLogin(d: AgentInput["delivery"], repositoryIsSecret: boolean): { url: pulumi.Input<string>; credentials?: RepositoryCredentials } {
  const { url: bare, username, password } = splitCredentials(d.repository);
  const fromUrl = username !== undefined ? { username: pulumi.secret(username), token: pulumi.secret(password ?? "") } : undefined;
  const credentials = d.credentials ?? fromUrl;
  // A URL that was encrypted as a whole (and carried no login to split off) stays a Pulumi secret.
  return { url: repositoryIsSecret && !fromUrl ? pulumi.secret(bare) : bare, credentials };
}

/** The repository Secret in each agent's own format, or none for a public repository. */
function credentialsSecret(c: RepositoryCredentials | undefined, url: pulumi.Input<string>, agent: AgentInput["delivery"]["agent"], ns: string): K8sObject | undefined {
  if (!c) return undefined;
  const ssh = !!c.sshPrivateKey;
  switch (agent) {
    case "argocd":
      // Argo CD finds repository credentials by this label and the URL (declarative setup).
      return {
        ...secret(repositorySecret, ns, "gitops", {
          type: "git",
          url,
          ...(ssh ? { sshPrivateKey: c.sshPrivateKey! } : { username: c.username ?? "git", password: c.token! }),
        }),
        metadata: { ...meta(repositorySecret, ns, "gitops"), labels: { ...meta(repositorySecret, ns, "gitops").labels, "argocd.argoproj.io/secret-type": "repository" } },
      };
    case "flux":
      // source-controller's keys: identity + known_hosts (SSH), username + password (HTTPS).
      return secret(repositorySecret, ns, "gitops", ssh ? { identity: c.sshPrivateKey!, known_hosts: c.knownHosts! } : { username: c.username ?? "git", password: c.token! });
    case "pulumi-operator":
      return secret(repositorySecret, ns, "gitops", ssh ? { sshPrivateKey: c.sshPrivateKey! } : { username: c.username ?? "git", token: c.token! });
  }
}

export function agentPlan(input: AgentInput): AgentPlan {
  const d = input.delivery;
  const ns = agentNamespaces[d.agent];
  const mirror = input.place.mirror;
  const pullSecrets = input.place.pullSecretName ? [{ name: input.place.pullSecretName }] : [];
  const appName = `digit-${input.stack}`;
  const { url: repoURL, credentials } = repositoryLogin(d, !!input.repositorySecret);
  const creds = credentialsSecret(credentials, repoURL, d.agent, ns);
  const secrets = creds ? [creds] : [];
  switch (d.agent) {
    case "argocd":
      return {
        namespace: ns,
        chart: argoCdChart,
        values: {
          global: {
            image: { repository: repoTag(agentImages.argocd, mirror).repository, tag: agentImages.argocd.tag },
            imagePullSecrets: pullSecrets,
          },
          dex: { enabled: false },
          notifications: { enabled: false },
          applicationSet: { enabled: false },
          redis: { image: repoTag(agentImages.argocdRedis, mirror) },
          // Its Job is a pre-install hook; the platform makes the Secret itself (generated below).
          redisSecretInit: { enabled: false },
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
        ],
        secrets,
        generated: [{ name: argocdRedisSecret.name, namespace: ns, key: argocdRedisSecret.key }],
      };
    case "flux": {
      const img = (i: { image: string; tag: string }) => repoTag(i, mirror);
      return {
        namespace: ns,
        chart: flux2Chart,
        values: {
          cli: { image: img(agentImages.fluxCli).repository, tag: agentImages.fluxCli.tag },
          sourceController: { image: img(agentImages.fluxSourceController).repository, tag: agentImages.fluxSourceController.tag },
          kustomizeController: { image: img(agentImages.fluxKustomizeController).repository, tag: agentImages.fluxKustomizeController.tag },
          imagePullSecrets: pullSecrets,
          // `flux migrate` runs only as a pre-upgrade hook (components/chart-hooks.ts): upgrades follow Flux's own notes.
          crds: { migration: { enabled: false } },
          // Only the source and kustomize controllers apply the rendered manifests; the rest stays off (nothing more to mirror).
          helmController: { create: false },
          imageAutomationController: { create: false },
          imageReflectionController: { create: false },
          notificationController: { create: false },
        },
        objects: [
          {
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "GitRepository",
            metadata: meta(appName, ns, "gitops"),
            spec: { interval: "1m", url: repoURL, ref: { branch: d.branch }, ...(creds ? { secretRef: { name: repositorySecret } } : {}) },
          },
          {
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            metadata: meta(appName, ns, "gitops"),
            spec: { interval: "5m", path: `./${d.path}`, prune: true, sourceRef: { kind: "GitRepository", name: appName }, timeout: "10m" },
          },
        ],
        secrets,
        generated: [],
      };
    }
    case "pulumi-operator": {
      const op = repoTag(agentImages.pulumiOperator, mirror);
      const ref = (key: string) => ({ type: "Secret", secret: { name: repositorySecret, key } });
      return {
        namespace: ns,
        chart: pulumiOperatorChart,
        values: {
          image: { registry: op.repository.split("/")[0], repository: op.repository.split("/").slice(1).join("/"), tag: op.tag },
          imagePullSecrets: pullSecrets,
          // Restricted Pod Security: the chart's defaults set no seccomp profile.
          podSecurityContext: { ...restricted, runAsUser: 65532, runAsGroup: 65532 },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        },
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
              branch: d.branch,
              refresh: true,
              destroyOnFinalize: false,
              resyncFrequencySeconds: 600,
              ...(credentials
                ? { gitAuth: credentials.sshPrivateKey ? { sshAuth: { sshPrivateKey: ref("sshPrivateKey") } } : { basicAuth: { userName: ref("username"), password: ref("token") } } }
                : {}),
              envRefs: {
                // the workspace deploys to its own cluster through its ServiceAccount, not the stack's kubeconfig
                [inClusterEnv]: { type: "Literal", literal: { value: "true" } },
              },
              workspaceTemplate: {
                spec: {
                  image: imageRef(agentImages.pulumiWorkspace.image, agentImages.pulumiWorkspace.tag, mirror),
                  imagePullPolicy: "IfNotPresent",
                  securityProfile: "restricted",
                  serviceAccountName: "digit-pulumi",
                  // The administrator's Secret: PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE (or the secrets
                  // provider's credentials) and the target cloud's credentials, every key as env.
                  envFrom: [{ secretRef: { name: operatorEnvSecret } }],
                  ...(pullSecrets.length ? { podTemplate: { spec: { imagePullSecrets: pullSecrets } } } : {}),
                },
              },
            },
          },
        ],
        secrets,
        generated: [],
      };
    }
  }
}
