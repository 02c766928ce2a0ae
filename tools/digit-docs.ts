/**
 * The generated parts of docs/digit.md: the module table (module -> services -> dependencies),
 * the configuration each module reads (persister, indexer and PDF files, MDMS master folders)
 * and the list of deviations from eGov's deployment, all from the catalog and deviations.ts,
 * so the documentation cannot drift from what the platform deploys. `npm run docs:digit`
 * rewrites them; a test fails when the committed file differs.
 *
 *   npx ts-node --transpile-only tools/digit-docs.ts [--check]
 */
import * as fs from "fs";
import * as path from "path";
import { catalogLts, deviations, type ConfigFileSpec, type Deviation } from "../components/services/catalog";
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

const configKinds = [
  { kind: "persister", service: "egov-persister", label: "persister files" },
  { kind: "indexer", service: "egov-indexer", label: "indexer files" },
  { kind: "pdf", service: "pdf-service", label: "PDF configs" },
] as const;

/** A file's short name: its file name; a PDF config by its data-config (with its format-config where eGov names that apart). */
function shortNames(kind: string, files: readonly ConfigFileSpec[]): string[] {
  const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);
  if (kind !== "pdf") return files.map((f) => base(f.path));
  const data = files.filter((f) => f.path.startsWith("pdf-service/data-config/"));
  const formats = files.filter((f) => f.path.startsWith("pdf-service/format-config/")).map((f) => base(f.path));
  const paired = new Set(data.map((f) => base(f.path)).filter((n) => formats.includes(n)));
  const odd = formats.filter((n) => !paired.has(n));
  return data.map((f) => base(f.path)).map((n) => (paired.has(n) ? n.replace(/\.json$/, "") : `${n.replace(/\.json$/, "")} (format ${odd.shift()?.replace(/\.json$/, "")})`));
}

/**
 * Per module: the persister, indexer and PDF files of eGov's lists it is served by, and the MDMS
 * master folders its services read; then the files of eGov's lists for products this catalog does not deploy.
 */
export function moduleConfigTable(): string {
  const services = catalogLts.modules.flatMap((m) => m.services);
  const filesOf = (service: string) => services.find((s) => s.name === service)?.configRepo?.files ?? [];
  const groups = [
    ...catalogLts.modules.map((m) => ({ name: `\`${m.name}\``, notDeployed: false, match: (f: ConfigFileSpec) => f.module === m.name, masters: m.mdmsMasters.map((x) => x.folder), own: m.services.filter((s) => !configKinds.some((k) => k.service === s.name)).flatMap((s) => s.configRepo?.files.filter((f) => f.module === m.name) ?? []) })),
    { name: "not deployed by this catalog", notDeployed: true, match: (f: ConfigFileSpec) => !!f.notDeployed, masters: [] as string[], own: [] as ConfigFileSpec[] },
  ];
  const code = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(", ") : "none");
  const rows = groups.map((g) => `| ${g.name} | ${configKinds.map((k) => shortNames(k.kind, filesOf(k.service).filter(g.match)).length || "–").join(" | ")} | ${g.masters.length ? code(g.masters) : "–"} |`);
  const details = groups.flatMap((g) => {
    const lists = configKinds.flatMap((k) => {
      const mine = filesOf(k.service).filter(g.match);
      if (!mine.length) return [];
      if (g.notDeployed) {
        const by = new Map<string, ConfigFileSpec[]>();
        for (const f of mine) by.set(f.notDeployed!, [...(by.get(f.notDeployed!) ?? []), f]);
        return [`- ${k.label}: ${[...by].map(([what, fs]) => `${what}: ${code(shortNames(k.kind, fs))}`).join("; ")}`];
      }
      return [`- ${k.label} (${shortNames(k.kind, mine).length}): ${code(shortNames(k.kind, mine))}`];
    });
    const other = g.own.length ? [`- other files: ${code(g.own.map((f) => f.path))}`] : [];
    if (!lists.length && !other.length) return [];
    return ["", `<details><summary>${g.name.replace(/\`/g, "")}</summary>`, "", ...lists, ...other, "", "</details>"];
  });
  return [
    "| module | persister files | indexer files | PDF configs | MDMS master folders (`data/<stateTenantId>/...`) |",
    "|---|---|---|---|---|",
    ...rows,
    ...details,
  ].join("\n");
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
  return replaceBetween(replaceBetween(replaceBetween(current, "modules", moduleTable()), "module-configs", moduleConfigTable()), "deviations", deviationTable());
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
