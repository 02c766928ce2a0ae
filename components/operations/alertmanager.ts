import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import type { DigitConfig } from "../../config/schema";
import { namespaces } from "../namespaces";
import { nonPublicRanges } from "../security/flows";
import { operationsSettings, type AlertingSettings } from "./settings";

/** The receiver every alert goes to; `null` swallows kube-prometheus-stack's heartbeat alerts. */
export const defaultReceiver = "digit";
/** The receiver that texts the on-call through the state's SMS gateway. */
export const smsReceiver = "digit-sms";

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
  // An alert texted goes on to the mail/webhook receiver as well (continue: true).
  const sms = a.sms
    ? [{ receiver: smsReceiver, matchers: [a.sms.severity === "critical" ? 'severity="critical"' : 'severity=~"critical|warning"'], continue: true }]
    : [];
  return {
    global,
    route: {
      receiver: defaultReceiver,
      group_by: ["alertname", "namespace", "job"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] }, ...sms],
    },
    receivers: [
      { name: "null" },
      receiver,
      ...(a.sms ? [{ name: smsReceiver, webhook_configs: [{ url: a.sms.webhook, send_resolved: false, max_alerts: 5 }] }] : []),
    ],
    inhibit_rules: [{ source_matchers: ["severity=critical"], target_matchers: ["severity=warning"], equal: ["alertname", "namespace"] }],
  };
}

/** The configuration as alertmanager.yaml text, kept a Pulumi secret (relay password, webhook token). */
export function alertmanagerYaml(config: Record<string, unknown>): pulumi.Output<string> {
  return pulumi.secret(YAML.stringify(config, { lineWidth: 0 }));
}

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether an IPv4 address lies in one of the CIDRs. */
export function inRanges(ip: string, ranges: readonly string[]): boolean {
  const m = ip.match(ipv4);
  if (!m) return false;
  const n = m.slice(1).reduce((acc, o) => acc * 256 + Number(o), 0);
  return ranges.some((r) => {
    const [base, bits] = r.split("/");
    const b = base.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(bits));
    return Math.floor(n / size) === Math.floor(b / size);
  });
}

/** The private address an alert destination is reached at: its configured CIDR, or its host when a private IPv4 address. */
function privateTarget(host: string, cidr: string | undefined): string | undefined {
  if (cidr) return cidr;
  return inRanges(host, nonPublicRanges) ? `${host}/32` : undefined;
}

/**
 * NetworkPolicy egress Alertmanager needs for the state's own relays on private addresses: the
 * SMTP relay (the default egress reaches public relays only) and the SMS gateway. Fed to the
 * network isolation as extra egress of the monitoring namespace.
 */
export function alertingEgress(config: DigitConfig): Array<{ namespace: string; cidr: string; ports: number[] }> {
  const a = operationsSettings(config).alerting;
  if (!a) return [];
  const out: Array<{ namespace: string; cidr: string; ports: number[] }> = [];
  if (a.smtp) {
    const [host, port] = a.smtp.smarthost.split(":");
    const cidr = privateTarget(host, a.smtp.cidr);
    if (cidr) out.push({ namespace: namespaces.monitoring, cidr, ports: [Number(port)] });
  }
  for (const url of [a.sms?.webhook, a.webhook]) {
    if (!url) continue;
    const u = new URL(url);
    const cidr = privateTarget(u.hostname, url === a.sms?.webhook ? a.sms?.cidr : undefined);
    if (cidr) out.push({ namespace: namespaces.monitoring, cidr, ports: [Number(u.port || (u.protocol === "https:" ? 443 : 80))] });
  }
  return out;
}
