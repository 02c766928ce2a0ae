// Imported first by providers/gcp.ts: fails with an instruction when @pulumi/gcp is missing.
import { requireSdk } from "./require";

requireSdk("@pulumi/gcp", "gcp");
