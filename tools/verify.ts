/**
 * Does it work? The post-deploy check: `npm run verify -- --stack <name>` after `pulumi up`.
 * Usage in tools/verify/args.ts; what it checks and what each failure means in docs/verify.md.
 *
 * What should be running is what the program registers for the stack (run here under the
 * offline plan's mock engine: same program, same config as `pulumi up`); the cluster is reached
 * with the stack's kubeconfig only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { digitNamespace, parseDigitConfig } from "../config/load";
import type { DigitConfig } from "../config/schema";
import { selectServices } from "../components/services/catalog";
import { namespaces } from "../components/namespaces";
import { UsageError } from "./plan/args";
import { runProgram } from "./plan/engine";
import { toPlanResources } from "./plan/resources";
import { loadStack } from "./plan/run";
import { parseVerifyArgs, VERIFY_USAGE, type VerifyArgs } from "./verify/args";
import { verify, type EdgeAccess } from "./verify/checks";
import { expectedDeployment, type ExpectedDeployment } from "./verify/expected";
import { formatSeconds } from "./verify/http";
import { KubeClient } from "./verify/kube-client";
import { KubeconfigError, expandHome, kubeconfigPaths, readKubeconfigFiles, resolveKubeconfig, type ClusterAccess } from "./verify/kubeconfig";
import { publicPlan } from "./verify/public";
import { formatReport, reportJson } from "./verify/report";

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The stack's cluster: --kubeconfig/--context, else the sdc/nic target's own, else kubectl's defaults. */
export function clusterAccess(args: VerifyArgs, config: DigitConfig, programDir: string, env: NodeJS.ProcessEnv = process.env): ClusterAccess {
  const t = config.target;
  const own = t.kind === "sdc" || t.kind === "nic" ? t : undefined;
  if (!args.kubeconfig && own?.kubeconfigInline)
    throw new KubeconfigError(
      "digit:target.kubeconfigInline is encrypted in the stack: write it to a file (pulumi config get --path 'digit:target.kubeconfigInline' > kubeconfig.yaml; chmod 600 it) and pass --kubeconfig kubeconfig.yaml",
    );
  const file = args.kubeconfig ?? (own?.kubeconfig ? path.resolve(programDir, expandHome(own.kubeconfig)) : undefined);
  let files;
  try {
    files = readKubeconfigFiles(kubeconfigPaths(file, env));
  } catch (e) {
    // A cloud target's kubeconfig comes from the cloud's CLI: say which command writes it.
    const how = !file && cloudKubeconfig[t.kind];
    if (e instanceof KubeconfigError && how) throw new KubeconfigError(`${e.message}; for the ${t.kind} target, write it with: ${how}`);
    throw e;
  }
  return resolveKubeconfig(files, args.context ?? own?.context);
}

/** How a state gets the kubeconfig of a cloud target's cluster (an exec plugin the check runs like kubectl). */
const cloudKubeconfig: Record<string, string> = {
  aws: "aws eks update-kubeconfig --name <cluster> --region <region>",
  azure: "az aks get-credentials --resource-group <group> --name <cluster> && kubelogin convert-kubeconfig -l azurecli",
  gcp: "gcloud container clusters get-credentials <cluster> --region <region> (needs gke-gcloud-auth-plugin)",
};

/** What the stack deploys: the program run under the mock engine, its Kubernetes objects read. */
async function planned(stack: ReturnType<typeof loadStack>): Promise<ExpectedDeployment> {
  const result = await runProgram({ program: stack.program, project: stack.project, stack: stack.stack, config: stack.config });
  return expectedDeployment(toPlanResources(result.registrations));
}

/** A --ca-file's PEM, read before anything runs (bad usage when it cannot be). */
function readCaFile(file: string): string {
  try {
    return fs.readFileSync(path.resolve(expandHome(file)), "utf8");
  } catch (e) {
    throw new UsageError(`--ca-file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The public edge's CA: --ca-file, else (self-signed edge) the ca.crt cert-manager wrote beside the certificate. */
async function edgeAccess(args: VerifyArgs, caFile: string | undefined, kube: KubeClient, expected: ExpectedDeployment, selfSigned: boolean): Promise<EdgeAccess> {
  const edge: EdgeAccess = { connectTo: args.edgeAddress };
  if (caFile !== undefined) {
    edge.ca = caFile;
    edge.caSource = args.caFile;
  } else if (selfSigned && expected.tlsSecret) {
    // Only the public certificate is used; the Secret's private key is dropped unread.
    const s = expected.tlsSecret;
    try {
      const secret = await kube.getOptional<{ data?: Record<string, string> }>(`/api/v1/namespaces/${encodeURIComponent(s.namespace)}/secrets/${encodeURIComponent(s.name)}`);
      const ca = secret?.data?.["ca.crt"];
      if (ca) {
        edge.ca = Buffer.from(ca, "base64").toString("utf8");
        edge.caSource = `Secret ${s.namespace}/${s.name} ca.crt`;
      }
    } catch {
      // the public checks then fail on the certificate, with the command that extracts it
    }
  }
  return edge;
}

async function main(argv: string[]): Promise<number> {
  let args: VerifyArgs | undefined;
  try {
    args = parseVerifyArgs(argv);
    if (args.help) {
      process.stdout.write(VERIFY_USAGE + "\n");
      return EXIT.ok;
    }
    const a = args;
    const say = (line: string) => {
      if (!a.json) process.stderr.write(line + "\n");
    };
    const stack = loadStack({ stack: a.stack, configFile: a.configFile, program: a.program, debug: a.debug, help: false });
    const config = parseDigitConfig({ values: digitNamespace(stack.config.values), secretKeys: stack.config.secretKeys.map((k) => k.replace(/^digit:/, "")) });
    const programDir = fs.statSync(stack.program, { throwIfNoEntry: false })?.isDirectory() ? stack.program : path.dirname(stack.program);
    const access = clusterAccess(a, config, programDir);
    const caFile = a.caFile ? readCaFile(a.caFile) : undefined;

    say(`Reading what stack ${stack.stack} deploys (the program under the offline plan's engine)...`);
    const expected = await planned(stack);
    const kube = new KubeClient(access, { requestTimeoutMs: 10_000 });
    const pub = a.noPublic ? undefined : publicPlan(config, expected.publishedPaths, stack.stack);
    say(`Checking ${expected.objects.length} objects on ${access.server} (context ${access.context}); waiting up to ${formatSeconds(a.timeout * 1000)} for rollouts...`);

    let lastProgress = 0;
    const report = await verify({
      kube,
      expected,
      stack: stack.stack,
      digitServices: new Set(selectServices(config.modules).map((s) => s.name)),
      servicesNamespace: namespaces.services,
      timeoutMs: a.timeout * 1000,
      pollMs: Math.min(5000, Math.max(200, (a.timeout * 1000) / 20)),
      requestTimeoutMs: 10_000,
      public: pub ? { plan: pub, edge: () => edgeAccess(a, caFile, kube, expected, pub.tls === "self-signed") } : undefined,
      onProgress: (waiting, elapsed) => {
        if (elapsed - lastProgress < 15_000) return;
        lastProgress = elapsed;
        say(`  still waiting for ${waiting.length}: ${waiting.slice(0, 6).join(", ")}${waiting.length > 6 ? ", ..." : ""} (${formatSeconds(elapsed)})`);
      },
    });
    kube.close();
    process.stdout.write(a.json ? reportJson(report) : formatReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  } catch (err) {
    const e = err as Error | undefined;
    if (err instanceof UsageError || err instanceof KubeconfigError || e?.name === "ConfigError") {
      process.stderr.write(`${e?.name === "ConfigError" ? "" : "error: "}${e!.message}\n`);
      return EXIT.usage;
    }
    const debug = args?.debug ?? argv.includes("--debug");
    process.stderr.write(debug && e?.stack ? `${e.stack}\n` : `error: ${(e?.message ?? String(err)).split("\n")[0]} (--debug shows the stack trace)\n`);
    return EXIT.failed;
  }
}

// Exit explicitly: the program run under the mock engine may leave handles behind.
if (require.main === module) main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
