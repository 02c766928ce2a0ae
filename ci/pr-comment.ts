// Posts the offline plan and `pulumi preview` of a pull request as one comment, updated in place on
// every push: `npx ts-node --transpile-only ci/pr-comment.ts --stack <s> --pr <n> --plan plan.txt --preview preview.txt`.
// Needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name); GITHUB_API_URL for GitHub Enterprise.
import * as fs from "node:fs";

/** GitHub refuses comment bodies above 65,536 characters. */
const LIMIT = 60_000;

export const marker = (stack: string) => `<!-- digit-pulumi:${stack} -->`;

function fenced(title: string, text: string, budget: number): string {
  const body = text.length > budget ? `${text.slice(0, budget)}\n... (${text.length - budget} more characters in the job's log)` : text;
  return `<details${title.startsWith("pulumi preview") ? " open" : ""}><summary>${title}</summary>\n\n\`\`\`\n${body.replace(/```/g, "'''")}\n\`\`\`\n</details>\n`;
}

/** The comment: the preview's diff first (what changes in the cluster), then the offline plan. */
export function commentBody(stack: string, plan: string, preview: string): string {
  const head = `${marker(stack)}\n### Stack \`${stack}\`\n\n`;
  const half = Math.floor((LIMIT - head.length - 400) / 2);
  return head + fenced(`pulumi preview --stack ${stack}`, preview.trim(), half) + "\n" + fenced("offline plan (npm run plan)", plan.trim(), half);
}

async function github(method: string, url: string, token: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/vnd.github+json", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0 || !argv[i + 1]) throw new Error(`missing ${flag}: usage: ci/pr-comment.ts --stack <s> --pr <n> --plan <file> --preview <file>`);
    return argv[i + 1];
  };
  const token = process.env.GITHUB_TOKEN;
  const repo = process.env.GITHUB_REPOSITORY;
  if (!token || !repo) throw new Error("GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name) must be set: give the job a token that may comment on pull requests");
  const stack = arg("--stack");
  const api = `${process.env.GITHUB_API_URL ?? "https://api.github.com"}/repos/${repo}/issues`;
  const body = commentBody(stack, fs.readFileSync(arg("--plan"), "utf8"), fs.readFileSync(arg("--preview"), "utf8"));
  const comments: Array<{ id: number; body?: string }> = await github("GET", `${api}/${arg("--pr")}/comments?per_page=100`, token);
  const mine = comments.find((c) => c.body?.startsWith(marker(stack)));
  if (mine) await github("PATCH", `${api}/comments/${mine.id}`, token, { body });
  else await github("POST", `${api}/${arg("--pr")}/comments`, token, { body });
}

if (require.main === module)
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
