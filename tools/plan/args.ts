export interface PlanArgs {
  stack?: string;
  configFile?: string;
  program: string;
  out?: string;
  debug: boolean;
  help: boolean;
  /** print a machine-readable JSON summary on stdout instead of the text one */
  json?: boolean;
  /** print every image the stack runs (upstream and mirrored names) instead of the summary */
  images?: boolean;
  /** compare against this plan: a stack name, a stack file, or a saved plan (resources.json or its directory) */
  diff?: string;
  /** with --diff: exit 0 even when a stateful resource would be replaced */
  allowReplace?: boolean;
}

export const USAGE = `Usage: npm run plan -- [--stack <name> | --config-file <path>] [--out <dir>] [--json | --images]
                     [--diff <stack | file | saved plan> [--allow-replace]] [--program <path>] [--debug]

Runs the Pulumi program under Pulumi's mock engine (no Pulumi CLI, cloud account or cluster)
and prints what it would deploy: the DIGIT modules and services (and the modules pulled in as
dependencies), how traffic enters, the images, the third-party charts, the stack outputs,
resources per component and per type, CPU/memory requested against the target's capacity, the
deploy critical path, and the program's warnings.

  --stack <name>        read Pulumi.<name>.yaml next to the program (default: dev)
  --config-file <path>  read this stack file instead (e.g. examples/stacks/Pulumi.gcp.yaml)
  --out <dir>           also write resources.json, manifests/, graph.mmd and graph.svg there
  --json                print the summary as one JSON document on stdout (no text); with npm,
                        run \`npm run --silent plan -- --json\` so npm prints no banner
  --images              print every image the stack runs instead of the summary: its upstream
                        name and, with a registry mirror, the name it is pulled by there
  --diff <from>         compare with another plan and print what would change going from <from>
                        to this one: resources created, deleted, updated, and every stateful
                        resource (volume, database, bucket, generated secret) that would be
                        replaced. <from> is a stack name, a stack file, or a saved plan
                        (a resources.json, or the --out directory holding one)
  --allow-replace       with --diff: exit 0 even when a stateful resource would be replaced
  --program <path>      the Pulumi program (default: ./index.ts)
  --debug               print the stack trace of an unexpected failure
  --help                show this text

Colours only when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR=1 forces them).

Encrypted (secure:) config values cannot be decrypted offline; the plan gives them
placeholders and prints every secret as "[secret]".
Exit codes: 0 planned, 1 failed, 2 invalid stack config, 3 a secret value reached an output in
plain text, 4 (--diff) a stateful resource would be replaced, or a change arms data loss
(protection off, a cluster or network replaced, a storage class change, a shrink, a major version).

Examples:
  npm run plan                                             # the dev stack
  npm run plan -- --stack prod --out out/prod              # files for review
  npm run --silent plan -- --config-file examples/stacks/Pulumi.gcp.yaml --json
  npm run plan -- --config-file examples/stacks/Pulumi.sdc-airgapped.yaml --images
  npm run plan -- --stack prod --diff dev                  # what moving dev's config to prod's changes
  npm run plan -- --config-file Pulumi.pb.yaml --diff out/pb-main   # against a saved plan`;

export class UsageError extends Error {}

const VALUED = new Set(["--stack", "--config-file", "--program", "--out", "--diff"]);

/** Parse the CLI's arguments (`--flag value` or `--flag=value`). */
export function parseArgs(argv: readonly string[]): PlanArgs {
  const out: PlanArgs = { program: "index.ts", debug: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--help" || flag === "-h") out.help = true;
    else if (flag === "--debug") out.debug = true;
    else if (flag === "--json") out.json = true;
    else if (flag === "--images") out.images = true;
    else if (flag === "--allow-replace") out.allowReplace = true;
    else if (VALUED.has(flag)) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || (value.startsWith("--") && eq < 0)) throw new UsageError(`${flag} needs a value: see --help`);
      if (flag === "--stack") out.stack = value;
      else if (flag === "--config-file") out.configFile = value;
      else if (flag === "--program") out.program = value;
      else if (flag === "--diff") out.diff = value;
      else out.out = value;
    } else throw new UsageError(`unknown argument "${arg}": see --help`);
  }
  if (out.stack && out.configFile) throw new UsageError("give --stack or --config-file, not both");
  if (out.allowReplace && !out.diff) throw new UsageError("--allow-replace only applies with --diff");
  if (out.images && out.json) throw new UsageError("give --images or --json, not both: --json already lists every image (images.list)");
  if (out.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(out.stack)) throw new UsageError(`--stack "${out.stack}": a stack name has letters, digits, '-', '_' and '.' only`);
  return out;
}

/**
 * The stack's name: given with --stack; else the --config-file's, as Pulumi names a stack file
 * (`Pulumi.<name>.yaml`; any other file by its name without `.yaml`); else `dev`.
 */
export function stackName(args: PlanArgs): string {
  if (args.stack) return args.stack;
  if (!args.configFile) return "dev";
  const base = args.configFile.split(/[\\/]/).pop()!.replace(/\.ya?ml$/i, "");
  const name = (base.startsWith("Pulumi.") ? base.slice("Pulumi.".length) : base).replace(/[^A-Za-z0-9_.-]/g, "-");
  return name || "dev";
}
