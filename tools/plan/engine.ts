import * as path from "node:path";
import { createMocks } from "./mocks";
import { Recorder } from "./recorder";
import type { PlanConfig } from "./stackfile";
import type { Registration } from "./types";

export interface EngineOptions {
  /** the Pulumi program (a .ts or .js module, or a directory with one) */
  program: string;
  project: string;
  stack: string;
  config: PlanConfig;
  /** environment variables the program sees while it runs (e.g. where its stack file is) */
  env?: Record<string, string>;
}

export interface EngineResult {
  registrations: Registration[];
  /** the stack outputs: the program's exports, resolved */
  outputs: Record<string, unknown>;
  /** strings the mocks handed out as secrets (generated values) */
  secretValues: Set<string>;
}

/**
 * Run a Pulumi program under the mock engine, as the Node.js language host would (a root
 * Stack resource, module exports as outputs), and record every registration. The Pulumi
 * runtime is process-global: one run per process.
 */
export async function runProgram(opts: EngineOptions): Promise<EngineResult> {
  const program = path.resolve(opts.program);
  // Use the runtime instance the program itself will load, so the mocks and the program share it.
  const pulumi: typeof import("@pulumi/pulumi") = require(require.resolve("@pulumi/pulumi", { paths: [path.dirname(program)] }));

  pulumi.runtime.setAllConfig(opts.config.values, opts.config.secretKeys);
  Object.assign(process.env, opts.env ?? {});
  const recorder = new Recorder();
  const { mocks, secretValues } = createMocks({ config: opts.config.values, secretOutputs: () => recorder.servingSecretOutputs() });
  await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, false);
  recorder.attach(pulumi.runtime.getMonitor() as any);

  // Failures inside applies and un-awaited promises surface as process events, not as rejections.
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const onError = (e: unknown) => fail(e);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  try {
    const run = async () => {
      const outputs = await pulumi.runtime.runInPulumiStack(async () => {
        let exported = require(program);
        if (exported && typeof exported === "object" && "default" in exported && Object.keys(exported).length === 1) exported = exported.default;
        return exported instanceof Function ? await exported() : exported;
      });
      await settle(pulumi, recorder);
      return outputs ?? {};
    };
    const outputs = await Promise.race([run(), failed]);
    if (pulumi.log.hasErrors()) throw new Error("the program logged errors (printed above)");
    return { registrations: recorder.registrations, outputs, secretValues };
  } finally {
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
  }
}

/**
 * Wait until every registration has been answered and nothing new was started: the runtime's
 * RPC queue drained, then one full turn of the event loop with no new registration.
 */
async function settle(pulumi: typeof import("@pulumi/pulumi"), recorder: Recorder): Promise<void> {
  for (;;) {
    const before = recorder.registrations.length;
    // waitForRPCs is what the language host awaits before disconnecting (internal, not in the .d.ts).
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
    if (recorder.inFlight === 0 && recorder.registrations.length === before) return;
  }
}
