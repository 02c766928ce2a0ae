/**
 * For integrators' tests: Pulumi's mock engine with the offline plan's mocks (generated values,
 * the cloud fields targets read) and a record of every registration, so a test can run its
 * DIGIT program without a cluster or a cloud and assert on what it would create.
 * @module digit-pulumi/testing
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "./mocks";
import { Recorder, settle, type Registration } from "./recorder";

export type { Registration } from "./recorder";
export { fakeValue } from "./mocks";

export interface DigitMocksOptions {
  /** the project's name (Pulumi.yaml `name`): the namespace of bare config keys and part of every URN; default `digit` */
  project?: string;
  /** the stack's name; default `test` */
  stack?: string;
  /**
   * stack config as `namespace:key` -> value, as in a stack file's `config:` (objects and lists are
   * handed to the program as JSON text, as the Pulumi CLI does); default none
   */
  config?: Record<string, unknown>;
  /** config keys whose values are secrets (`pulumi config set --secret`); default none */
  secretKeys?: string[];
}

export interface DigitMocks {
  /** every registration in order, with its parent, dependencies, protect and inputs (secrets still wrapped) */
  readonly registrations: Registration[];
  /** the registrations of one resource type, e.g. `kubernetes:apps/v1:Deployment` */
  ofType(type: string): Registration[];
  /** resolves once every registration started so far has been answered */
  settle(): Promise<void>;
}

/**
 * Install the mock engine (process-wide: once per test process, before the program is loaded)
 * and set the stack's config. Then load or construct the program and `await mocks.settle()`.
 */
export async function setDigitMocks(options: DigitMocksOptions = {}): Promise<DigitMocks> {
  const project = options.project ?? "digit";
  const stack = options.stack ?? "test";
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) {
    const key = k.includes(":") ? k : `${project}:${k}`;
    values[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  pulumi.runtime.setAllConfig(values, options.secretKeys?.map((k) => (k.includes(":") ? k : `${project}:${k}`)));
  const recorder = new Recorder();
  const { mocks } = createMocks({ config: values, secretOutputs: () => recorder.servingSecretOutputs() });
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  recorder.attach(pulumi.runtime.getMonitor() as never);
  return {
    registrations: recorder.registrations,
    ofType: (type) => recorder.registrations.filter((r) => r.type === type),
    settle: () => settle(pulumi, recorder),
  };
}
