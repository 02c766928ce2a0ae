/** Arguments of `npm run verify`. */
import { UsageError } from "../plan/args";

export interface VerifyArgs {
  stack?: string;
  configFile?: string;
  program: string;
  kubeconfig?: string;
  context?: string;
  /** seconds to wait for rollouts */
  timeout: number;
  json: boolean;
  caFile?: string;
  edgeAddress?: string;
  /** skip the public edge (e.g. when run from inside the cluster's network without DNS) */
  noPublic: boolean;
  debug: boolean;
  help: boolean;
}

export const VERIFY_USAGE = `Usage: npm run verify -- [--stack <name> | --config-file <path>] [--kubeconfig <path>] [--context <name>]
                       [--timeout <seconds>] [--json] [--ca-file <pem>] [--edge-address <host[:port]>] [--no-public]

After \`pulumi up\`: waits until every workload the stack deploys has rolled out, calls each one's
health endpoint through the API server, then asks DIGIT through the public edge (the web apps'
index, MDMS search, localization search). One line per check; what to look at for each failure.
Needs only the cluster's kubeconfig (no cloud credentials beyond what its exec plugin uses).

  --stack <name>          the stack (Pulumi.<name>.yaml; default: dev)
  --config-file <path>    read this stack file instead
  --kubeconfig <path>     the cluster's kubeconfig (default: digit:target.kubeconfig, else
                          KUBECONFIG, else ~/.kube/config)
  --context <name>        its context (default: digit:target.context, else current-context)
  --timeout <seconds>     how long to wait for rollouts (default 600)
  --json                  print one JSON document on stdout, nothing else
  --ca-file <pem>         trust this CA for the public edge's certificate (a state's own CA);
                          a self-signed dev edge's CA is read from the cluster when not given
  --edge-address <a[:p]>  connect to the edge here (load balancer or a node's NodePort) while
                          asking for digit:domain, as curl --resolve does
  --no-public             skip the checks through the public edge
  --program <path>        the Pulumi program (default: ./index.ts)
  --debug                 print the stack trace of an unexpected failure
  --help                  show this text

Exit codes: 0 every check passed, 1 a check failed, 2 bad usage, stack config or kubeconfig.

Examples:
  npm run verify -- --stack pb-prod
  npm run verify -- --stack dev --kubeconfig ~/.kube/kind --context kind-digit --timeout 900
  npm run verify -- --stack pb-prod --edge-address 10.20.0.15:32443 --json > verify.json`;

const VALUED = new Set(["--stack", "--config-file", "--program", "--kubeconfig", "--context", "--timeout", "--ca-file", "--edge-address"]);

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const out: VerifyArgs = { program: "index.ts", timeout: 600, json: false, noPublic: false, debug: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--help" || flag === "-h") out.help = true;
    else if (flag === "--json") out.json = true;
    else if (flag === "--debug") out.debug = true;
    else if (flag === "--no-public") out.noPublic = true;
    else if (VALUED.has(flag)) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || (value.startsWith("--") && eq < 0)) throw new UsageError(`${flag} needs a value: see --help`);
      if (flag === "--stack") out.stack = value;
      else if (flag === "--config-file") out.configFile = value;
      else if (flag === "--program") out.program = value;
      else if (flag === "--kubeconfig") out.kubeconfig = value;
      else if (flag === "--context") out.context = value;
      else if (flag === "--ca-file") out.caFile = value;
      else if (flag === "--edge-address") out.edgeAddress = value;
      else {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout "${value}": give the seconds to wait, a number above 0 (e.g. --timeout 600)`);
        out.timeout = n;
      }
    } else throw new UsageError(`unknown argument "${arg}": see --help`);
  }
  if (out.stack && out.configFile) throw new UsageError("give --stack or --config-file, not both");
  if (out.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(out.stack)) throw new UsageError(`--stack "${out.stack}": a stack name has letters, digits, '-', '_' and '.' only`);
  if (out.edgeAddress && !/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(out.edgeAddress))
    throw new UsageError(`--edge-address "${out.edgeAddress}": give a host or IP, optionally with :port (e.g. 10.20.0.15:32443)`);
  return out;
}
