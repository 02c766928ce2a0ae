/** Terminal colours for the plan's text output: on a terminal only, never when NO_COLOR is set. */

export interface ColourTarget {
  isTTY?: boolean;
}

/**
 * Whether to colour a stream: NO_COLOR (any non-empty value, see no-color.org) always wins;
 * FORCE_COLOR (non-empty, not "0") forces colours on a pipe; otherwise only a terminal gets them.
 */
export function colourEnabled(stream: ColourTarget, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

/** A painter: applies styles when enabled, returns the text unchanged otherwise. */
export function painter(enabled: boolean): (text: string, ...styles: Style[]) => string {
  return (text, ...styles) => (enabled ? styles.reduce((t, s) => `\u001b[${CODES[s][0]}m${t}\u001b[${CODES[s][1]}m`, text) : text);
}

/** Colour the text summary (formatSummary's lines): headings bold, warnings yellow, timings dim. */
export function paintSummary(text: string, enabled: boolean): string {
  if (!enabled) return text;
  const paint = painter(true);
  let inWarnings = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^\S/.test(line)) inWarnings = line === "Warnings:";
      if (line.startsWith("Offline plan of stack")) return paint(line, "bold");
      if (/^[A-Z][A-Za-z ]+:$/.test(line)) return paint(line, "bold");
      if (line.includes("WARNING")) return paint(line, "yellow", "bold");
      if (inWarnings && line.startsWith("  - ")) return paint(line, "yellow");
      if (line.startsWith("Elapsed:")) return paint(line, "dim");
      return line;
    })
    .join("\n");
}

/** Remove colour codes (what a test compares, and what a file gets). */
export function stripColour(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
