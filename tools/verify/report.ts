/**
 * The check's output: one line per check (`PASS egov-user  rollout 2/2 available, health
 * /user/health 200`, `FAIL ...  <what> -> <what to look at>`), then a summary line; or, with
 * --json, one JSON document and nothing else.
 */
import { formatSeconds } from "./http";
import type { CheckResult, Report } from "./checks";

const tag = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function formatLine(r: CheckResult, width: number): string {
  const hint = r.hint ? (r.hint.startsWith("->") ? ` ${r.hint}` : ` -> ${r.hint}`) : "";
  return `${tag[r.status]}  ${r.label.padEnd(width)}  ${r.detail}${r.status === "fail" ? hint : ""}`;
}

export function summaryLine(report: Report): string {
  const s = report.summary;
  const verdict = report.ok ? "DIGIT is up" : "DIGIT is not fully up";
  return `${verdict} on stack ${report.stack}: ${s.pass} passed, ${s.fail} failed${s.skip ? `, ${s.skip} skipped` : ""} (${formatSeconds(report.elapsedMs)})`;
}

/** The whole text report; failures are also repeated last, so they are not lost in a long list. */
export function formatReport(report: Report): string {
  const width = Math.min(36, Math.max(8, ...report.results.map((r) => r.label.length)));
  const lines = report.results.map((r) => formatLine(r, width));
  const failed = report.results.filter((r) => r.status === "fail");
  if (failed.length > 3 && failed.length < report.results.length) lines.push("", `Failed (${failed.length}):`, ...failed.map((r) => formatLine(r, width)));
  lines.push("", summaryLine(report));
  return lines.join("\n") + "\n";
}

export function reportJson(report: Report): string {
  return (
    JSON.stringify(
      {
        stack: report.stack,
        context: report.context,
        server: report.server,
        ok: report.ok,
        summary: report.summary,
        elapsedMs: Math.round(report.elapsedMs),
        checks: report.results,
      },
      null,
      2,
    ) + "\n"
  );
}
