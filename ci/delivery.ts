// What CI does for one stack, from its stack file: `npx ts-node --transpile-only ci/delivery.ts --stack <name>`
// prints KEY=VALUE lines (GitHub Actions appends them to $GITHUB_OUTPUT); `--get <key>` prints one value
// (the Jenkinsfile reads it with `sh(returnStdout: true, ...)`).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { delivery as deliverySchema } from "../config/schema";
import { ciDelivery } from "../components/operations/delivery";

export interface CiFacts {
  /** direct | render | operator */
  mode: string;
  /** extra `pulumi up` arguments, shell-quoted */
  up_args: string;
  /** directory the manifests are rendered to (render mode) */
  path: string;
  /** branch the rendered manifests are pushed to (render mode) */
  branch: string;
  /** where the stack's sdc/nic target reads its kubeconfig; CI writes its credential there (direct mode) */
  kubeconfig: string;
  /** aws | azure | gcp when the target is a cloud (CI federates to it with OIDC), else empty */
  cloud: string;
  /** the cloud region of an aws target (for its credentials action), else empty */
  region: string;
}

const quote = (s: string) => (/^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The CI facts of a stack file's text. */
export function ciFacts(stackYaml: string): CiFacts {
  const doc = (YAML.parse(stackYaml) ?? {}) as { config?: Record<string, any> };
  const config = doc.config ?? {};
  const parsed = deliverySchema.safeParse(config["digit:delivery"] ?? { mode: "direct" });
  if (!parsed.success) throw new Error(`digit:delivery is invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}: fix the stack file`);
  const d = ciDelivery(parsed.data);
  const target = config["digit:target"] ?? {};
  const kubeconfig = typeof target.kubeconfig === "string" ? target.kubeconfig.replace(/^~(?=\/)/, os.homedir()) : "";
  const cloud = ["aws", "azure", "gcp"].includes(target.kind) ? target.kind : "";
  const region = target.kind === "aws" ? (target.region ?? config["aws:region"] ?? "") : "";
  return { mode: d.mode, up_args: d.upArgs.map(quote).join(" "), path: d.path ?? "", branch: d.branch ?? "", kubeconfig, cloud, region };
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stack = arg("--stack");
  if (!stack) throw new Error("usage: ci/delivery.ts --stack <name> [--get mode|up_args|path|branch|kubeconfig|cloud|region]");
  const file = path.resolve(__dirname, "..", `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`no stack file ${file}: create it (pulumi stack init ${stack}) or pass the right --stack`);
  const facts = ciFacts(fs.readFileSync(file, "utf8"));
  const key = arg("--get") as keyof CiFacts | undefined;
  if (key) {
    if (!(key in facts)) throw new Error(`unknown key ${key}: one of ${Object.keys(facts).join(", ")}`);
    process.stdout.write(`${facts[key]}\n`);
  } else for (const [k, v] of Object.entries(facts)) process.stdout.write(`${k}=${v}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
