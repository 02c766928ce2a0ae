import { isSecretPath } from "../../config/secret-paths";
import type { DigitConfig } from "../../config/schema";
import { ConfigError } from "../../config/errors";
import { namespaces } from "../namespaces";

/**
 * What operations deploys for one stack, decided from config and profile alone (no resources).
 * `dev` runs none of it unless asked (a laptop or a small SDC cluster has no room for it); `ha`
 * runs monitoring, alerting, tracing and logs. Every size below is the profile's default; the
 * stack's `digit:operations` overrides it.
 */
export interface MonitoringSettings {
  retention: string;
  storage: string;
  scrapeInterval: string;
  prometheusReplicas: number;
  alertmanagerReplicas: number;
  prometheus: { cpu: string; memory: string };
}

export interface SmtpSettings {
  smarthost: string;
  from: string;
  username?: string;
  password?: string;
  requireTls: boolean;
  /** the relay's private address range (NetworkPolicy egress) */
  cidr?: string;
}

export interface SmsSettings {
  webhook: string;
  severity: "critical" | "warning";
  cidr?: string;
}

export interface AlertingSettings {
  email: string[];
  smtp?: SmtpSettings;
  webhook?: string;
  sms?: SmsSettings;
}

export interface TracingSettings {
  sampleRate: number;
  retention: string;
  storage: string;
  collectorReplicas: number;
  tempoMemory: string;
}

export interface LogsSettings {
  retentionDays: number;
  storage: string;
}

export type DeliverySettings =
  | { mode: "direct" }
  | {
      mode: "gitops";
      repository: string;
      branch: string;
      path: string;
      agent: "argocd" | "flux" | "pulumi-operator";
      /** the repository's credentials (Pulumi secrets); undefined = a public repository */
      credentials?: { sshPrivateKey?: string; knownHosts?: string; username?: string; token?: string };
      /** the repository URL was encrypted in the stack file; default false */
      repositorySecret?: boolean;
    };

export interface OperationsSettings {
  highAvailability: boolean;
  monitoring?: MonitoringSettings;
  /** only with monitoring: the rules and receivers live in its Prometheus and Alertmanager */
  alerting?: AlertingSettings;
  tracing?: TracingSettings;
  logs?: LogsSettings;
  jenkins: boolean;
  delivery: DeliverySettings;
}

/** Namespaces of the GitOps agents and of Jenkins (their charts' conventional homes). */
export const agentNamespaces = { argocd: "argocd", flux: "flux-system", "pulumi-operator": "pulumi-kubernetes-operator" } as const;
export const jenkinsNamespace = "jenkins";

/** The stack's operations, with profile defaults filled in and cross-field rules checked. */
export function operationsSettings(config: DigitConfig): OperationsSettings {
  const ha = config.profile === "ha";
  const ops = config.operations;
  const problems: string[] = [];

  const monitoringOn = ops.monitoring?.enabled ?? ha;
  const alertingOn = ops.alerting?.enabled ?? monitoringOn;
  if (alertingOn && !monitoringOn)
    problems.push(
      "digit:operations.alerting.enabled: alerting runs in the monitoring stack's Prometheus and Alertmanager, which is off; set digit:operations.monitoring.enabled to true as well",
    );
  const a = ops.alerting;
  if (a?.email?.length && !a.smtp)
    problems.push(`digit:operations.alerting.email: ${a.email.length} address(es) given but no mail relay; set digit:operations.alerting.smtp (smarthost, from)`);
  if (a?.smtp?.password && !a.smtp.username)
    problems.push("digit:operations.alerting.smtp.password: given without username; set digit:operations.alerting.smtp.username too");

  const d = config.delivery;
  if (d.mode === "gitops" && (config.target.kind === "sdc" || config.target.kind === "nic") && config.target.kubeconfigInline)
    problems.push(
      "digit:target.kubeconfigInline: gitops keeps cluster credentials out of CI, but an inline kubeconfig travels in the stack file that CI decrypts; use kubeconfig (a path on the administrator's machine) or context",
    );
  if (d.mode === "gitops" && d.credentials) {
    const c = d.credentials;
    const ssh = /^(ssh:\/\/|git@)/.test(d.repository);
    if (ssh && !c.sshPrivateKey)
      problems.push(`digit:delivery.credentials: ${d.repository} is an SSH repository; set digit:delivery.credentials.sshPrivateKey (--secret) and knownHosts`);
    if (ssh && c.sshPrivateKey && !c.knownHosts)
      problems.push("digit:delivery.credentials.knownHosts: required with sshPrivateKey (the agent verifies the git host); set it to `ssh-keyscan <host>` output");
    if (!ssh && !c.token)
      problems.push(`digit:delivery.credentials: ${d.repository} is an HTTPS repository; set digit:delivery.credentials.token (--secret), or use an ssh:// URL with sshPrivateKey`);
    if (!ssh && c.sshPrivateKey) problems.push("digit:delivery.credentials.sshPrivateKey: given for an HTTPS repository; use token, or an ssh:// repository URL");
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    highAvailability: ha,
    monitoring: monitoringOn
      ? {
          retention: ops.monitoring?.retention ?? (ha ? "15d" : "3d"),
          storage: ops.monitoring?.storage ?? (ha ? "50Gi" : "10Gi"),
          scrapeInterval: ops.monitoring?.scrapeInterval ?? "30s",
          prometheusReplicas: ha ? 2 : 1,
          alertmanagerReplicas: ha ? 3 : 1,
          prometheus: ha ? { cpu: "500m", memory: "4Gi" } : { cpu: "200m", memory: "1536Mi" },
        }
      : undefined,
    alerting: alertingOn ? { email: a?.email ?? [], smtp: a?.smtp, webhook: a?.webhook, sms: a?.sms } : undefined,
    tracing:
      (ops.tracing?.enabled ?? ha)
        ? {
            sampleRate: ops.tracing?.sampleRate ?? (ha ? 0.1 : 1),
            retention: ops.tracing?.retention ?? (ha ? "168h" : "24h"),
            storage: ha ? "20Gi" : "5Gi",
            collectorReplicas: ha ? 2 : 1,
            tempoMemory: ha ? "1Gi" : "512Mi",
          }
        : undefined,
    logs:
      (ops.logs?.enabled ?? ha)
        ? { retentionDays: ops.logs?.retentionDays ?? (ha ? 14 : 3), storage: ops.logs?.storage ?? (ha ? "50Gi" : "10Gi") }
        : undefined,
    jenkins: ops.cicd?.jenkins ?? false,
    // an encrypted repository URL stays a Pulumi secret in the agent's objects
    delivery: d.mode === "gitops" && isSecretPath(config, "delivery.repository") ? { ...d, repositorySecret: true } : d,
  };
}

/**
 * Namespaces operations needs beside DIGIT's own, for the platform's namespace list
 * (components/services/plan.ts). Tracing runs in `monitoring`, next to Grafana.
 */
export function operationsNamespaces(config: DigitConfig): string[] {
  const s = operationsSettings(config);
  const out: string[] = [];
  if (s.monitoring || s.tracing) out.push(namespaces.monitoring);
  if (s.logs) out.push(namespaces.logging);
  if (s.jenkins) out.push(jenkinsNamespace);
  if (s.delivery.mode === "gitops") out.push(agentNamespaces[s.delivery.agent]);
  return out;
}
