/**
 * The ConfigMaps eGov's charts create for a service and mount into it, as the platform renders
 * them for a state. eGov's data carries its own environment: placeholders (`<domain_name>`), its
 * demo tenants (`tenant.citya-uat.digit.org=citya`), Punjab's mail and SMS senders, `dev.mode=true`,
 * and the web apps' script tag for eGov's UAT globalConfigs.js. The state's domain, tenant and
 * settings take their place (deviations.ts lists each difference).
 */
import { webAppSubFilter } from "./web-apps";

export interface ChartConfigContext {
  domain: string;
  stateTenantId: string;
  /** key -> value lines of the service's properties file the state sets (digit:services.<svc>.properties) */
  properties?: Record<string, string>;
  /** a web app's path (`/digit-ui`): its sub_filter.conf injects the state's globalConfigs.js served there (web-apps.ts) */
  webAppPath?: string;
}

/** Properties eGov's files set to its own demo environment, and what a state runs with instead. */
const erpDefaults: Record<string, (ctx: ChartConfigContext) => string | undefined> = {
  // the ERP's development mode relaxes its security checks and caching
  "dev.mode": () => "false",
  // eGov's file names Punjab's Gmail sender and SpiceDigital SMS gateway: off until the state sets its own
  "mail.enabled": (ctx) => (ctx.properties?.["mail.host"] ? "true" : "false"),
  "sms.enabled": (ctx) => (ctx.properties?.["sms.provider.url"] ? "true" : "false"),
};

/** eGov's demo values that must not reach a state's ERP: the sender lines of its mail and SMS setup. */
const erpDemoKeys = /^(mail\.(host|port|protocol|sender\.username)|sms\.(provider\.url|sender))$/;

/** A properties line's key and value; comment and blank lines give undefined. */
function propertyOf(line: string): { key: string; value: string } | undefined {
  const t = line.trim();
  if (!t || t.startsWith("#") || t.startsWith("!")) return undefined;
  const i = t.search(/[=:]/);
  return i < 0 ? { key: t, value: "" } : { key: t.slice(0, i).trim(), value: t.slice(i + 1).trim() };
}

/**
 * An ERP override properties file for a state: eGov's placeholders filled, its inline "#####
 * Change ..." remarks dropped (a properties file has no inline comments: they became part of the
 * value), its demo tenants and senders removed, then the state's own properties applied.
 */
export function erpProperties(text: string, ctx: ChartConfigContext): string {
  const fill = (v: string) => v.replaceAll("<domain_name>", ctx.domain).replaceAll("<state_tenant_id>", ctx.stateTenantId);
  const given = ctx.properties ?? {};
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const p = propertyOf(raw);
    if (!p) {
      out.push(raw);
      continue;
    }
    const value = fill(p.value.replace(/\s+#{3,}.*$/, ""));
    const key = fill(p.key);
    // eGov's sample tenants (citya-uat.digit.org) and its template line for a state's ULBs
    if (/^tenant\./.test(key) && (/digit\.org$/.test(key) || /[<{}>]/.test(key))) continue;
    if (erpDemoKeys.test(key) && !(key in given)) continue;
    seen.add(key);
    const v = key in given ? given[key] : (erpDefaults[key]?.(ctx) ?? value);
    out.push(`${raw.match(/^\s*/)![0]}${key}=${v}`);
  }
  const added = Object.entries(given).filter(([k]) => !seen.has(k));
  if (added.length) out.push("", "# set by the state (digit:services.<service>.properties)", ...added.map(([k, v]) => `${k}=${v}`));
  return out.join("\n");
}

/** The web apps' sub_filter.conf: the state's globalConfigs.js in place of eGov's, and caching (web-apps.ts). */
export function subFilterConf(text: string, ctx: ChartConfigContext): string {
  return ctx.webAppPath ? webAppSubFilter(text, ctx.webAppPath) : text;
}

/** A chart ConfigMap's data for the state. */
export function chartConfigData(data: Record<string, string>, ctx: ChartConfigContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([file, text]) => [file, file.endsWith(".properties") ? erpProperties(text, ctx) : file === "sub_filter.conf" ? subFilterConf(text, ctx) : text]),
  );
}
