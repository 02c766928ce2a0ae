/**
 * The cloud SDKs are optional peer dependencies. A target module imports one of these guards
 * first, so a missing SDK is a clear instruction instead of "Cannot find module '@pulumi/aws/kms'".
 */
export function requireSdk(sdk: "@pulumi/aws" | "@pulumi/azure-native" | "@pulumi/gcp", target: string): void {
  try {
    require.resolve(`${sdk}/package.json`);
  } catch {
    throw new Error(`the ${target} target needs ${sdk}, which is not installed: run \`npm install ${sdk}\` (an optional peer dependency of digit-pulumi)`);
  }
}
