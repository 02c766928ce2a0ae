// Imported first by providers/azure.ts: fails with an instruction when @pulumi/azure-native is missing.
import { requireSdk } from "./require";

requireSdk("@pulumi/azure-native", "azure");
