export interface PlanArgs {
  stack?: string;
  configFile?: string;
  program: string;
  out?: string;
  debug: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run plan -- [--stack <name> | --config-file <path>] [--out <dir>] [--program <path>] [--debug]

Runs the Pulumi program under Pulumi's mock engine (no Pulumi CLI, cloud account or cluster)
and prints what it would deploy: resources per component and per type, CPU/memory requested
against the target's capacity, the deploy critical path.

  --stack <name>        read Pulumi.<name>.yaml next to the program (default: dev)
  --config-file <path>  read this stack file instead (e.g. examples/stacks/Pulumi.gcp.yaml)
  --out <dir>           also write resources.json, manifests/, graph.mmd and graph.svg there
  --program <path>      the Pulumi program (default: ./index.ts)
  --debug               print the stack trace of an unexpected failure
  --help                show this text

Encrypted (secure:) config values cannot be decrypted offline; the plan gives them
placeholders and prints every secret as "[secret]".
Exit codes: 0 planned, 1 failed, 2 invalid stack config, 3 a secret value reached an output in plain text.`;

export class UsageError extends Error {}

const VALUED = new Set(["--stack", "--config-file", "--program", "--out"]);

/** Parse the CLI's arguments (`--flag value` or `--flag=value`). */
export function parseArgs(argv: readonly string[]): PlanArgs {
  const out: PlanArgs = { program: "index.ts", debug: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--help" || flag === "-h") out.help = true;
    else if (flag === "--debug") out.debug = true;
    else if (VALUED.has(flag)) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || (value.startsWith("--") && eq < 0)) throw new UsageError(`${flag} needs a value: see --help`);
      if (flag === "--stack") out.stack = value;
      else if (flag === "--config-file") out.configFile = value;
      else if (flag === "--program") out.program = value;
      else out.out = value;
    } else throw new UsageError(`unknown argument "${arg}": see --help`);
  }
  if (out.stack && out.configFile) throw new UsageError("give --stack or --config-file, not both");
  if (out.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(out.stack)) throw new UsageError(`--stack "${out.stack}": a stack name has letters, digits, '-', '_' and '.' only`);
  return out;
}

/** The stack's name: given, or from a `Pulumi.<name>.yaml` file name, else `dev`. */
export function stackName(args: PlanArgs): string {
  if (args.stack) return args.stack;
  const m = args.configFile && /(?:^|[\\/])Pulumi\.([^\\/]+)\.ya?ml$/.exec(args.configFile);
  return m ? m[1] : "dev";
}
