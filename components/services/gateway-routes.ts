import type { DigitServiceSpec } from "./spec";

/** ConfigMap holding DIGIT's gateway route table, mounted at /etc/zuul (ZUUL_ROUTES_FILEPATH). */
export const gatewayRoutesConfigMap = "zuul-routes";

/**
 * zuul's route table (Spring Cloud Netflix properties): every authenticated path of a deployed
 * service goes to that service, prefix kept (DIGIT's services serve under their context path).
 */
export function gatewayRoutesProperties(services: DigitServiceSpec[], namespace: string): string {
  const lines: string[] = [];
  for (const s of [...services].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!s.route?.gateway) continue;
    const id = s.name.replace(/[^A-Za-z0-9]/g, "-");
    lines.push(
      `zuul.routes.${id}.path=${s.route.path.replace(/\/$/, "")}/**`,
      `zuul.routes.${id}.stripPrefix=false`,
      `zuul.routes.${id}.url=http://${s.name}.${namespace}:${s.port ?? 8080}/`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Which of DIGIT's config repositories a service reads, from the /work-dir paths in its env. */
export function configDirsRead(env: DigitServiceSpec["env"]): string[] {
  const dirs = new Set<string>();
  for (const e of env) if ("value" in e) for (const m of e.value.matchAll(/\/work-dir\/([A-Za-z0-9._-]+)\//g)) dirs.add(m[1]);
  return [...dirs].sort();
}
