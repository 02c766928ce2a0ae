import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import type { AlertingSettings } from "./settings";

/** The receiver every alert goes to; `null` swallows kube-prometheus-stack's heartbeat alerts. */
export const defaultReceiver = "digit";

/**
 * Alertmanager's configuration from `digit:operations.alerting`: one receiver with the stack's
 * mail addresses and webhook, critical alerts inhibiting warnings of the same alert. It holds the
 * relay password and the webhook URL (which often carries a token), so it lives in a Secret.
 */
export function alertmanagerConfig(a: AlertingSettings): Record<string, unknown> {
  const receiver: Record<string, unknown> = { name: defaultReceiver };
  if (a.email.length) receiver.email_configs = a.email.map((to) => ({ to, send_resolved: true }));
  if (a.webhook) receiver.webhook_configs = [{ url: a.webhook, send_resolved: true }];
  const global: Record<string, unknown> = { resolve_timeout: "5m" };
  if (a.smtp) {
    global.smtp_smarthost = a.smtp.smarthost;
    global.smtp_from = a.smtp.from;
    global.smtp_require_tls = a.smtp.requireTls;
    if (a.smtp.username) global.smtp_auth_username = a.smtp.username;
    if (a.smtp.password) global.smtp_auth_password = a.smtp.password;
  }
  return {
    global,
    route: {
      receiver: defaultReceiver,
      group_by: ["alertname", "namespace", "job"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] }],
    },
    receivers: [{ name: "null" }, receiver],
    inhibit_rules: [{ source_matchers: ["severity=critical"], target_matchers: ["severity=warning"], equal: ["alertname", "namespace"] }],
  };
}

/** The configuration as alertmanager.yaml text, kept a Pulumi secret (relay password, webhook token). */
export function alertmanagerYaml(config: Record<string, unknown>): pulumi.Output<string> {
  return pulumi.secret(YAML.stringify(config, { lineWidth: 0 }));
}
