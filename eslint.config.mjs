// Lint: typescript-eslint's recommended rules, plus the project's one architectural rule:
// nothing under components/ imports a cloud SDK (components see only the Target).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "out/", "scratch/", ".scratch/", "examples/integrator/node_modules/", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
    },
  },
  {
    files: ["components/**/*.ts", "config/**/*.ts", "lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@pulumi/aws", "@pulumi/aws/*", "@pulumi/azure-native", "@pulumi/azure-native/*", "@pulumi/gcp", "@pulumi/gcp/*"], message: "components see only the Target: cloud SDKs belong in providers/" }] },
      ],
    },
  },
  {
    files: ["providers/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [
          { name: "@pulumi/aws", message: "import a submodule, e.g. @pulumi/aws/eks: the root loads the whole SDK" },
          { name: "@pulumi/azure-native", message: "import a submodule, e.g. @pulumi/azure-native/containerservice" },
          { name: "@pulumi/gcp", message: "import a submodule, e.g. @pulumi/gcp/container" },
        ] },
      ],
    },
  },
);
