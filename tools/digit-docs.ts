/**
 * The generated parts of docs/digit.md: the module table (module -> services -> dependencies)
 * and the list of deviations from eGov's deployment, both from the catalog and deviations.ts,
 * so the documentation cannot drift from what the platform deploys. `npm run docs:digit`
 * rewrites them; a test fails when the committed file differs.
 *
 *   npx ts-node --transpile-only tools/digit-docs.ts [--check]
 */
import * as fs from "fs";
import * as path from "path";
import { catalogLts, deviations, type Deviation } from "../components/services/catalog";
import { replaceBetween as replaceSection, writeOrCheck } from "./doc-markers";

export const docPath = path.join(__dirname, "..", "docs", "digit.md");
export const readmePath = path.join(__dirname, "..", "README.md");

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Module -> what it is -> its services -> the modules it pulls in. */
export function moduleTable(): string {
  const rows = catalogLts.modules.map(
    (m) => `| \`${m.name}\` | ${cell(m.description)} | ${m.services.map((s) => `\`${s.name}\``).join(", ")} | ${m.dependsOn.length ? m.dependsOn.map((d) => `\`${d}\``).join(", ") : "none"} |`,
  );
  return ["| module | what it is | services | brings in |", "|---|---|---|---|", ...rows].join("\n");
}

function who(d: Exclude<Deviation, { kind: "egov-config" }>): string {
  return d.services === "*" ? "every service" : d.services.map((s) => `\`${s}\``).join(", ");
}

function change(d: Deviation): string {
  if (d.kind === "object") return d.what;
  if (d.kind === "egov-config") return `egov-config \`${d.key}\``;
  const c = d.change;
  const on = d.container === "db-migration" ? " (DB migration)" : "";
  if ("set" in c) return `\`${d.env}\`${on} set to \`${c.set.length > 60 ? c.set.slice(0, 57) + "..." : c.set}\``;
  if ("fromConfigMap" in c) return `\`${d.env}\`${on} from \`${c.fromConfigMap.name}/${c.fromConfigMap.key}\``;
  if ("fromSecret" in c) return `\`${d.env}\`${on} from Secret \`${c.fromSecret.name}/${c.fromSecret.key}\``;
  if ("remove" in c) return `\`${d.env}\`${on} left out`;
  if ("optional" in c) return `\`${d.env}\`${on} may name a service that is not deployed (a gap, not an error)`;
  if ("add" in c) return `\`${d.env}\`${on} added${"configMap" in c.add ? ` from \`${c.add.configMap}/${c.add.key}\`` : ""}`;
  return `\`${d.env}\`${on} set by the platform (${c.platform})`;
}

/** Every deviation: who, what, why. */
export function deviationTable(): string {
  const rows = deviations.map((d) => `| ${d.kind === "egov-config" ? "egov-config" : who(d)} | ${cell(change(d))} | ${cell(d.reason)} |`);
  return ["| services | what differs | why |", "|---|---|---|", ...rows].join("\n");
}

const replaceBetween = (text: string, name: string, body: string) => replaceSection(text, name, body, "tools/digit-docs.ts");

/** docs/digit.md with its generated parts as they are now. */
export function renderedDoc(current = fs.readFileSync(docPath, "utf8")): string {
  return replaceBetween(replaceBetween(current, "modules", moduleTable()), "deviations", deviationTable());
}

/** README.md with its module table as it is now. */
export function renderedReadme(current = fs.readFileSync(readmePath, "utf8")): string {
  return replaceBetween(current, "modules", moduleTable());
}

if (require.main === module) {
  const out: Array<[string, string]> = [
    [docPath, renderedDoc()],
    [readmePath, renderedReadme()],
  ];
  writeOrCheck(out, "docs:digit");
}
