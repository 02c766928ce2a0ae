// Opens (or updates) the pull request of a pushed branch: the rendered manifests of a gitops stack,
// or an image tag bump. `npx ts-node --transpile-only ci/open-pr.ts --head <branch> --base <branch> --title <t> [--body-file <f>]`.
// Needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name); GITHUB_API_URL for GitHub Enterprise.
import * as fs from "node:fs";

export interface PullRequestInput {
  api: string;
  repo: string;
  token: string;
  head: string;
  base: string;
  title: string;
  body: string;
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

/** The pull request from `head` into `base`: the open one updated, or a new one. Returns its URL. */
export async function openPullRequest(p: PullRequestInput): Promise<string> {
  const pulls = `${p.api}/repos/${p.repo}/pulls`;
  const owner = p.repo.split("/")[0];
  const open: Array<{ number: number; html_url: string }> = await github("GET", `${pulls}?state=open&head=${encodeURIComponent(`${owner}:${p.head}`)}&base=${encodeURIComponent(p.base)}`, p.token);
  if (open.length) {
    await github("PATCH", `${pulls}/${open[0].number}`, p.token, { title: p.title, body: p.body });
    return open[0].html_url;
  }
  const created = await github("POST", pulls, p.token, { head: p.head, base: p.base, title: p.title, body: p.body });
  return created.html_url;
}

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string, fallback?: string) => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? argv[i + 1] : fallback;
    if (v === undefined) throw new Error(`missing ${flag}: usage: ci/open-pr.ts --head <branch> --base <branch> --title <title> [--body-file <file>]`);
    return v;
  };
  const token = process.env.GITHUB_TOKEN;
  const repo = process.env.GITHUB_REPOSITORY;
  if (!token || !repo) throw new Error("GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name) must be set: give the job a token that may open pull requests");
  const bodyFile = argv.includes("--body-file") ? arg("--body-file") : undefined;
  const url = await openPullRequest({
    api: process.env.GITHUB_API_URL ?? "https://api.github.com",
    repo,
    token,
    head: arg("--head"),
    base: arg("--base"),
    title: arg("--title"),
    body: bodyFile ? fs.readFileSync(bodyFile, "utf8") : "",
  });
  process.stdout.write(`${url}\n`);
}

if (require.main === module)
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
