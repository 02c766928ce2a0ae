// Imported first by providers/aws.ts: fails with an instruction when @pulumi/aws is missing.
import { requireSdk } from "./require";

requireSdk("@pulumi/aws", "aws");
