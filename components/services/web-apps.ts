/**
 * DIGIT's web apps (module web-apps: digit-ui, citizen, employee) as a state serves them.
 *
 * Each image is nginx:mainline-alpine serving its build from /var/web/<app> under `location
 * /<app>` with `root /var/web` (egovernments/URBAN at the images' commits, vendored in
 * vendor/egov/web-apps/). eGov's chart mounts /etc/nginx/conf.d/sub_filter.conf, which nginx's
 * packaged nginx.conf includes in the `http` context, to inject a `<script>` for a
 * globalConfigs.js into every page; eGov's points at its own UAT bucket, with its tenant and its
 * Google Maps key. Here each app serves the state's own file from its web root (a ConfigMap
 * mounted as one file), and the same conf.d file sets caching: pages, globalConfigs.js and
 * digit-ui's bundles (`[name].bundle.js`, not content-hashed) are revalidated on every load, the
 * older apps' content-hashed `static/` files are cached for a year.
 */
import type { DigitConfig } from "../../config/schema";
import { isSecretPath } from "../../config/secret-paths";

/** nginx's web root of the images: `root /var/web` with one location per app. */
export const webRoot = "/var/web";

/** eGov's published defaults, as its sample globalConfigs.js (DIGIT-Frontend configs) sets them. */
export const egovWebDefaults = {
  footerLogo: "https://s3.ap-south-1.amazonaws.com/egov-uat-assets/digit-footer.png",
  footerLogoBw: "https://s3.ap-south-1.amazonaws.com/egov-uat-assets/digit-footer-bw.png",
  homeUrl: "https://www.digit.org/",
  assetsBucket: "egov-uat-assets",
} as const;

/** The path an app's globalConfigs.js is served at: in its own web root, so no app depends on another. */
export function globalConfigsPath(appPath: string): string {
  return `${appPath.replace(/\/+$/, "")}/globalConfigs.js`;
}

/** Where the file is mounted in the container (nginx serves `root` + URI). */
export function globalConfigsMountPath(appPath: string): string {
  return `${webRoot}${globalConfigsPath(appPath)}`;
}

/** A JavaScript string literal. */
const js = (v: string | boolean) => JSON.stringify(v);

/**
 * The state's globalConfigs.js. The apps read it as the global `globalConfigs` (bare and as
 * `window.globalConfigs`), so it is a `var`, and every key goes through getConfig(key). Keys as
 * digit-ui (1.7.40) and the rainmaker apps read them: STATE_LEVEL_TENANT_ID, GMAPS_API_KEY,
 * ENABLE_SINGLEINSTANCE, DIGIT_FOOTER(_BW), DIGIT_HOME_URL, CONTEXT_PATH (digit-ui hard-codes
 * /digit-ui elsewhere), S3BUCKET, FIN_ENV and DEFAULT_WHATSAPP_NUMBER.
 */
export function globalConfigsJs(config: Pick<DigitConfig, "stateTenantId" | "webApps">): string {
  const w = config.webApps ?? {};
  const keys: Record<string, string | boolean> = {
    STATE_LEVEL_TENANT_ID: config.stateTenantId,
    ENABLE_SINGLEINSTANCE: false,
    CONTEXT_PATH: "digit-ui",
    DIGIT_FOOTER: w.footerLogo ?? egovWebDefaults.footerLogo,
    DIGIT_FOOTER_BW: w.footerLogoBw ?? egovWebDefaults.footerLogoBw,
    DIGIT_HOME_URL: w.homeUrl ?? egovWebDefaults.homeUrl,
    S3BUCKET: w.assetsBucket ?? egovWebDefaults.assetsBucket,
    ...(w.mapsApiKey ? { GMAPS_API_KEY: w.mapsApiKey } : {}),
    ...(w.financeEnv ? { FIN_ENV: w.financeEnv } : {}),
    ...(w.whatsappNumber ? { DEFAULT_WHATSAPP_NUMBER: w.whatsappNumber } : {}),
  };
  const entries = Object.entries(keys).map(([k, v]) => `    ${k}: ${js(v)},`);
  return [
    "// The state's runtime settings of DIGIT's web apps (digit-pulumi, from digit:stateTenantId and digit:webApps).",
    "var globalConfigs = (function () {",
    "  var values = {",
    ...entries,
    "  };",
    "  return {",
    "    getConfig: function (key) {",
    "      return values[key];",
    "    },",
    "  };",
    "})();",
    "",
  ].join("\n");
}

/** Whether the file carries a value the stack encrypted (the Maps key): Pulumi keeps the ConfigMap's data secret. */
export function globalConfigsSecret(config: Pick<DigitConfig, "secretPaths" | "webApps">): boolean {
  return !!config.webApps?.mapsApiKey && isSecretPath(config, "webApps.mapsApiKey");
}

/**
 * The app's sub_filter.conf (http context): eGov's injection with the script tag pointing at the
 * app's own globalConfigs.js, and Cache-Control by URI. nginx leaves a header out when its value
 * is empty, so other files keep nginx's own Last-Modified/ETag handling.
 */
export function webAppSubFilter(egov: string, appPath: string): string {
  const injected = egov.replace(/src=\S+globalConfigs[^ >]*\.js/g, `src=${globalConfigsPath(appPath)}`);
  const base = appPath.replace(/\/+$/, "");
  return [
    injected.trim(),
    "# digit-pulumi: pages, the state's globalConfigs.js and digit-ui's bundles (not content-hashed) are revalidated on every load;",
    "# the content-hashed files under static/ are cached for a year",
    `map $uri $digit_cache_control {`,
    `  default "";`,
    `  ~^${base}/static/ "public, max-age=31536000, immutable";`,
    `  ~\\.bundle\\.js$ "no-cache";`,
    `  ~/globalConfigs\\.js$ "no-cache";`,
    `  ~(^${base}/?$|\\.html$) "no-cache";`,
    `}`,
    `add_header Cache-Control $digit_cache_control;`,
    "",
  ].join("\n");
}

/** Warnings for web app settings left at eGov's: what the state's citizens would see. */
export function webAppWarnings(config: Pick<DigitConfig, "webApps" | "modules">, deployed: boolean): string[] {
  if (!deployed) return [];
  const w = config.webApps ?? {};
  const out: string[] = [];
  if (!w.mapsApiKey)
    out.push("digit:webApps.mapsApiKey: not set: the web apps' map pickers (complaint location, property and trade licence addresses) do not load; set the state's Google Maps JavaScript API key with --secret, restricted to the state's domain");
  const egov = (["footerLogo", "footerLogoBw", "assetsBucket"] as const).filter((k) => !w[k]);
  if (egov.length) out.push(`digit:webApps: ${egov.join(", ")} not set: the web apps show eGov's sample logos from egov-uat-assets; set the state's own`);
  return out;
}
