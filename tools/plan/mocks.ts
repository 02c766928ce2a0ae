// The offline plan's mocks live in the package (lib/mocks.ts), so integrators' tests use the same ones.
export * from "../../lib/mocks";
