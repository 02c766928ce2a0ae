// The shape of a bench section's result and the Markdown it becomes (pure).

export interface Budget {
  /** what is measured, e.g. "plan / baseline wall time" */
  what: string;
  /** the measured value, formatted */
  measured: string;
  /** the budget, formatted, e.g. "<= 1.5x" */
  limit: string;
  /** null when it could not be measured */
  pass: boolean | null;
}

export interface SectionResult {
  title: string;
  budgets: Budget[];
  /** Markdown: tables, notes */
  body: string;
  /** the exact commands whose processes were measured */
  commands: string[];
}

/** A Markdown table; cells are escaped for `|`. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`| ${headers.map(cell).join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return lines.join("\n");
}

export function verdict(pass: boolean | null): string {
  return pass === null ? "not measured" : pass ? "PASS" : "MISSED";
}

/** A section that could not run: its budgets are reported as not measured, with the reason. */
export function failedSection(title: string, budgets: string[], error: unknown): SectionResult {
  const message = (error as Error)?.message ?? String(error);
  return {
    title,
    budgets: budgets.map((what) => ({ what, measured: "n/a", limit: "", pass: null })),
    body: `This section failed, so nothing was measured:\n\n\`\`\`\n${message}\n\`\`\``,
    commands: [],
  };
}

export interface ReportHeader {
  date: string;
  command: string;
  facts: Array<[string, string]>;
  notes: string[];
}

export function renderReport(header: ReportHeader, sections: SectionResult[]): string {
  const out: string[] = [];
  out.push("# Bench results");
  out.push("");
  out.push(`Measured on ${header.date} by \`${header.command}\` (this file is rewritten by every full run).`);
  out.push("");
  out.push(table(["fact", "value"], header.facts));
  out.push("");
  for (const n of header.notes) out.push(n);
  if (header.notes.length) out.push("");
  out.push("## Budgets");
  out.push("");
  out.push(
    table(
      ["section", "what", "measured", "budget", "verdict"],
      sections.flatMap((s) => s.budgets.map((b) => [s.title, b.what, b.measured, b.limit, verdict(b.pass)])),
    ),
  );
  for (const s of sections) {
    out.push("");
    out.push(`## ${s.title}`);
    out.push("");
    out.push(s.body.trim());
    if (s.commands.length) {
      out.push("");
      out.push("Commands measured (run from the repository root):");
      out.push("");
      out.push("```sh");
      for (const c of [...new Set(s.commands)]) out.push(c);
      out.push("```");
    }
  }
  return out.join("\n") + "\n";
}
