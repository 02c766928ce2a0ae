import * as path from "node:path";
import { createMocks } from "../../lib/mocks";
import { Recorder, settle } from "../../lib/recorder";
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

/** A message the program logged through pulumi.log (under `pulumi up` the engine prints these). */
export interface LoggedMessage {
  severity: "info" | "warning";
  message: string;
}

export interface EngineResult {
  registrations: Registration[];
  /** what the program logged with pulumi.log.info / .warn, in order (errors go to stderr and fail the plan) */
  logs: LoggedMessage[];
  /** the stack outputs: the program's exports, resolved */
  outputs: Record<string, unknown>;
  /** the stack outputs as registered, serialized (secrets still wrapped: print them with plainInputs) */
  registeredOutputs: Record<string, unknown>;
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

  // Without an engine, pulumi.log prints to the console; record what the program says instead, so the
  // summary lists its warnings and --json carries them (stdout stays one JSON document).
  const logs: LoggedMessage[] = [];
  const log = pulumi.log as unknown as Record<"info" | "warn", (msg: string) => Promise<void>>;
  const saved = { info: log.info, warn: log.warn };
  log.info = (msg: string) => (logs.push({ severity: "info", message: msg }), Promise.resolve());
  log.warn = (msg: string) => (logs.push({ severity: "warning", message: msg }), Promise.resolve());

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
    const stackUrn = recorder.registrations.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const registeredOutputs = (stackUrn && recorder.outputs.get(stackUrn)) || {};
    return { registrations: recorder.registrations, logs, outputs, registeredOutputs, secretValues };
  } finally {
    log.info = saved.info;
    log.warn = saved.warn;
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
  }
}
