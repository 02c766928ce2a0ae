/**
 * What a DIGIT image calls by default: its application.properties (vendored at the commit its tag
 * names), and which of its URLs point outside the cluster. eGov's images default many hosts to
 * eGov's own public servers (https://dev.digit.org, qa.digit.org, ...): a property the deployment
 * does not override sends citizens' requests there. Spring Boot maps an environment variable to a
 * property by relaxed binding (`EGOV_MDMS_HOST` -> `egov.mdms.host`), so each such property must
 * be met by the env its relaxed name gives.
 */
import * as fs from "fs";
import * as path from "path";
import { vendorRoot } from "./releases";

/** A Java .properties file as key -> value (comments, `=`/`:` separators and line continuations handled). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, "");
    if (!line || line.startsWith("#") || line.startsWith("!")) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].replace(/^\s+/, "");
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) {
      out[line] = "";
      continue;
    }
    out[m[1].replace(/\\(.)/g, "$1")] = m[2].trim();
  }
  return out;
}

/** The environment variable Spring Boot binds to a property: upper case, `.` and `-` as `_`. */
export function envNameOf(property: string): string {
  return property.toUpperCase().replace(/[.-]/g, "_");
}

export interface ExternalDefault {
  property: string;
  env: string;
  url: string;
  host: string;
}

/** True for hosts inside the cluster: a bare service name, `<svc>.<ns>`, `*.svc(.cluster.local)`, localhost. */
export function inCluster(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "127.0.0.1" || !h.includes(".") || /\.svc(\.cluster\.local)?$/.test(h) || /^[a-z0-9-]+\.[a-z0-9-]+$/.test(h) && !/\.(org|com|in|net|io|gov|nic)$/.test(h);
}

/** Properties whose default URL leaves the cluster. */
export function externalDefaults(props: Record<string, string>): ExternalDefault[] {
  const out: ExternalDefault[] = [];
  for (const [property, value] of Object.entries(props)) {
    for (const m of value.matchAll(/\bhttps?:\/\/([^/:,\s'"]+)[^,\s'"]*/g)) {
      if (inCluster(m[1])) continue;
      out.push({ property, env: envNameOf(property), url: m[0], host: m[1] });
      break;
    }
  }
  return out;
}

/** A service's vendored application.properties, parsed. */
export function serviceProperties(relPath: string): Record<string, string> {
  return parseProperties(fs.readFileSync(path.join(vendorRoot, relPath), "utf8"));
}
