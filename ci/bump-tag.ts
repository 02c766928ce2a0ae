// Sets one DIGIT service's image tag in a stack file, keeping its comments and layout:
// `npx ts-node --transpile-only ci/bump-tag.ts --stack <name> --service <svc> --tag <tag>`.
// The change (digit:services.<svc>.tag) deploys as a rolling update of that service's Deployment
// (and its DB-migration init container, which takes the same tag).
import * as fs from "node:fs";
import * as path from "node:path";
import YAML, { isMap } from "yaml";
import { serviceOverride } from "../config/schema";
import { allServices, editDistance } from "../components/services/catalog";

/** The stack file's text with `digit:services.<service>.tag` set; everything else, comments included, unchanged. */
export function bumpServiceTag(stackYaml: string, service: string, tag: string, known: readonly string[] = allServices().map((s) => s.name)): string {
  if (!known.includes(service)) {
    const near = [...known].sort((a, b) => editDistance(service, a) - editDistance(service, b))[0];
    throw new Error(`unknown service ${service}${near ? ` (did you mean "${near}"?)` : ""}: use a name from the catalog`);
  }
  const checked = serviceOverride.shape.tag.safeParse(tag);
  if (!checked.success) throw new Error(`tag ${JSON.stringify(tag)} is not a valid image tag: letters, digits, '_', '.', '-', at most 128`);
  const doc = YAML.parseDocument(stackYaml);
  if (doc.errors.length) throw new Error(`the stack file does not parse: ${doc.errors[0].message}`);
  const config = doc.get("config");
  if (!isMap(config)) throw new Error("the stack file has no config map: is it a Pulumi.<stack>.yaml?");
  doc.setIn(["config", "digit:services", service, "tag"], tag);
  return doc.toString();
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0 || !argv[i + 1]) throw new Error(`missing ${flag}: usage: ci/bump-tag.ts --stack <name> --service <svc> --tag <tag>`);
    return argv[i + 1];
  };
  const file = path.resolve(__dirname, "..", `Pulumi.${arg("--stack")}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`no stack file ${file}: pass the right --stack`);
  fs.writeFileSync(file, bumpServiceTag(fs.readFileSync(file, "utf8"), arg("--service"), arg("--tag")));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
