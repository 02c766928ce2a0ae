// Writes the config's JSON Schema (schema/), Pulumi.yaml's config section and the config reference
// (docs/config-reference.md) from the zod schema.
// `npm run schema` after changing config/; a test fails when the committed files are stale.
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { digitJsonSchema, projectConfigSection, stackFileJsonSchema } from "../config/json-schema";
import { configReference, REFERENCE_FILE, withReference } from "./config-reference";

const root = path.resolve(__dirname, "..");

export function renderSchemaFiles(): Record<string, string> {
  const project = YAML.parseDocument(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
  project.set("config", projectConfigSection());
  return {
    "schema/digit-config.schema.json": JSON.stringify(digitJsonSchema(), null, 2) + "\n",
    "schema/stack-file.schema.json": JSON.stringify(stackFileJsonSchema(), null, 2) + "\n",
    "Pulumi.yaml": project.toString({ lineWidth: 0 }),
    [REFERENCE_FILE]: withReference(fs.readFileSync(path.join(root, REFERENCE_FILE), "utf8"), configReference(digitJsonSchema())),
  };
}

if (require.main === module) {
  for (const [file, text] of Object.entries(renderSchemaFiles())) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  }
}
