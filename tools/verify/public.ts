/**
 * What the check asks DIGIT through the public edge, the way a citizen's browser does: each web
 * app's index, and read-only DIGIT APIs that need no login (both are on the gateway's open or
 * mixed-mode whitelist, egov.open-endpoints-whitelist / egov.mixed-mode-endpoints-whitelist of
 * Digit-Core's gateway). The request and answer shapes are the services' own, at the commits
 * the LTS images are built from (egovernments/Digit-Core):
 * - egov-mdms-service 07f47790b8, MDMSController `POST /v1/_search` with MdmsCriteriaReq
 *   {RequestInfo, MdmsCriteria: {tenantId, moduleDetails: [{moduleName, masterDetails: [{name}]}]}},
 *   answering MdmsResponse {ResponseInfo, MdmsRes: {<module>: {<master>: [...]}}};
 * - egov-localization 237578ce80, MessageController `POST /messages/v1/_search?locale=&tenantId=`,
 *   answering MessagesResponse {messages: [{code, message, module, locale}]}.
 * The route of each service comes from the catalog (its published path), the scheme from digit:edge.
 */
import type { DigitConfig } from "../../config/schema";
import { resolveTls } from "../../components/edge/tls";
import { selectServices } from "../../components/services/catalog";
import { deployedService } from "../../components/services/plan";
import { namespaces } from "../../components/namespaces";
import { isPublished } from "./expected";

export interface PublicAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface Verdict {
  ok: boolean;
  detail: string;
  hint?: string;
}

export interface PublicCheck {
  /** shown in the report, e.g. "MDMS search" */
  label: string;
  /** the service answering it */
  service: string;
  method: "GET" | "POST";
  /** path and query, e.g. /localization/messages/v1/_search?locale=en_IN&tenantId=pb */
  path: string;
  body?: unknown;
  judge(a: PublicAnswer): Verdict;
}

export interface PublicPlan {
  /** e.g. https://digit.punjab.gov.in */
  baseUrl: string;
  domain: string;
  tls: ReturnType<typeof resolveTls>["plan"]["mode"];
  checks: PublicCheck[];
  /** what is not asked, and why */
  skipped: Array<{ label: string; reason: string }>;
}

/** DIGIT's default locale (the web apps' first language). */
export const defaultLocale = "en_IN";

/** A RequestInfo as DIGIT's web apps send it to open endpoints (org.egov.common.contract.request.RequestInfo). */
function requestInfo(): Record<string, unknown> {
  return { apiId: "Rainmaker", ver: "1.0", ts: Date.now(), action: "_search", msgId: `${Date.now()}|${defaultLocale}` };
}

function parseJson(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A non-2xx answer, in words: the gateway's 401/403 mean the path is not on its open whitelist. */
function httpFailure(a: PublicAnswer, service: string): Verdict {
  const json = parseJson(a.body);
  const message = json?.Errors?.[0]?.message ?? json?.message ?? json?.error ?? a.body.trim().slice(0, 100);
  const hint =
    a.status === 401 || a.status === 403
      ? "the gateway asks for a login: the path is missing from its open/mixed-mode endpoint whitelist (digit:services.gateway.env)"
      : a.status === 404
        ? `nothing serves the path: is ${service} published (HTTPRoute) and routed by the gateway?`
        : a.status === 502 || a.status === 503 || a.status === 504
          ? `the edge or the gateway cannot reach ${service}: see its line above`
          : `kubectl -n ${namespaces.services} logs deploy/${service}`;
  return { ok: false, detail: `HTTP ${a.status}${message ? `: ${message}` : ""}`, hint };
}

interface DigitApi {
  service: string;
  label: string;
  /** path below the service's published route */
  path: (tenant: string) => string;
  body: (tenant: string) => unknown;
  judge: (json: any, tenant: string, stack: string) => Verdict;
}

const digitApis: DigitApi[] = [
  {
    service: "egov-mdms-service",
    label: "MDMS search",
    path: () => "/v1/_search",
    body: (tenant) => ({ RequestInfo: requestInfo(), MdmsCriteria: { tenantId: tenant, moduleDetails: [{ moduleName: "tenant", masterDetails: [{ name: "tenants" }] }] } }),
    judge: (json, tenant, stack) => {
      const tenants = json?.MdmsRes?.tenant?.tenants;
      if (!json?.MdmsRes || typeof json.MdmsRes !== "object") return { ok: false, detail: "the answer has no MdmsRes", hint: "another service answered the path: check the gateway's routes" };
      if (!Array.isArray(tenants) || !tenants.length)
        return { ok: false, detail: `MDMS has no tenant.tenants for ${tenant}`, hint: `egov-mdms-data must hold data/${tenant}/tenant/tenants.json: npm run check-configs -- --stack ${stack}` };
      return { ok: true, detail: `${tenants.length} tenant(s) of ${tenant}` };
    },
  },
  {
    service: "egov-localization",
    label: "localization search",
    path: (tenant) => `/messages/v1/_search?locale=${defaultLocale}&tenantId=${encodeURIComponent(tenant)}`,
    body: () => ({ RequestInfo: requestInfo() }),
    judge: (json, tenant) => {
      if (!Array.isArray(json?.messages)) return { ok: false, detail: "the answer has no messages list", hint: "another service answered the path: check the gateway's routes" };
      if (!json.messages.length)
        return {
          ok: false,
          detail: `no ${defaultLocale} messages for ${tenant}`,
          hint: "load DIGIT's localization messages (egov-localization /messages/v1/_upsert); until then the web apps show message codes instead of text",
        };
      return { ok: true, detail: `${json.messages.length} ${defaultLocale} message(s)` };
    },
  },
];

/**
 * The public checks for a stack: every web app (a catalog service served by nginx) and the DIGIT
 * APIs above whose service is deployed and whose path the edge publishes.
 */
export function publicPlan(config: DigitConfig, publishedPaths: readonly string[], stack: string): PublicPlan {
  const tls = resolveTls(config).plan.mode;
  const scheme = tls === "none" ? "http" : "https";
  const deployed = selectServices(config.modules).map(deployedService);
  const checks: PublicCheck[] = [];
  const skipped: PublicPlan["skipped"] = [];
  const tenant = config.stateTenantId;

  const webApps = deployed.filter((s) => s.runtime === "nginx");
  for (const app of webApps) {
    const route = app.ingress?.path;
    if (!route || !isPublished(route, publishedPaths)) {
      skipped.push({ label: `web app ${app.name}`, reason: "not published on the edge" });
      continue;
    }
    checks.push({
      label: `web app ${app.name}`,
      service: app.name,
      method: "GET",
      path: `${route.replace(/\/+$/, "")}/`,
      judge: (a) => {
        if (a.status < 200 || a.status > 299) return httpFailure(a, app.name);
        if (!a.contentType.includes("text/html") || !/<html/i.test(a.body)) return { ok: false, detail: `HTTP ${a.status} but not an HTML page (${a.contentType || "no content type"})`, hint: `another service answers ${route}: check the HTTPRoutes` };
        return { ok: true, detail: `index ${a.status} text/html` };
      },
    });
  }
  if (!webApps.length) skipped.push({ label: "web app", reason: "no web app (citizen/employee UI) is in digit:modules" });

  for (const api of digitApis) {
    const s = deployed.find((d) => d.name === api.service);
    if (!s) {
      skipped.push({ label: api.label, reason: `${api.service} is not in digit:modules` });
      continue;
    }
    const route = s.ingress?.path;
    const path = route ? `${route.replace(/\/+$/, "")}${api.path(tenant)}` : undefined;
    if (!path || !isPublished(path.split("?")[0], publishedPaths)) {
      skipped.push({ label: api.label, reason: `${api.service} is not published on the edge` });
      continue;
    }
    checks.push({
      label: api.label,
      service: api.service,
      method: "POST",
      path,
      body: api.body(tenant),
      judge: (a) => {
        if (a.status < 200 || a.status > 299) return httpFailure(a, api.service);
        const json = parseJson(a.body);
        if (json === undefined) return { ok: false, detail: `HTTP ${a.status} but not JSON (${a.contentType || "no content type"})`, hint: `something other than ${api.service} answers ${route}` };
        const v = api.judge(json, tenant, stack);
        return { ...v, detail: `${a.status}, ${v.detail}` };
      },
    });
  }
  return { baseUrl: `${scheme}://${config.domain}`, domain: config.domain, tls, checks, skipped };
}
