import * as pulumi from "@pulumi/pulumi";

/** One resource the mock engine saw. */
export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
}

/**
 * Install Pulumi's mock engine and record every resource. setMocks is process-global: each test
 * file calls this in its own before().
 */
export function installMocks(stack = "test"): Registered[] {
  const seen: Registered[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        // Random resources compute their result in the engine: give them a recognisable fake one.
        const state = args.type.startsWith("random:") ? { ...args.inputs, result: `mock-${args.name}-result` } : args.inputs;
        return { id: `${args.name}_id`, state };
      },
      call: (args) => args.inputs,
    },
    "digit",
    stack,
    false,
  );
  return seen;
}

/** Wait until every outstanding registration has reached the mock engine. */
export async function settle(): Promise<void> {
  await require("@pulumi/pulumi/runtime/settings").waitForRPCs();
}

export function valueOf<T>(o: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

export function isSecret(o: pulumi.Input<unknown>): Promise<boolean> {
  return pulumi.isSecret(pulumi.output(o) as pulumi.Output<unknown>);
}

export function ofType(seen: Registered[], type: string): Registered[] {
  return seen.filter((r) => r.type === type);
}

export function named(seen: Registered[], type: string, name: string): Registered {
  const r = seen.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name}; have: ${seen.filter((x) => x.type === type).map((x) => x.name).join(", ")}`);
  return r;
}

const secretSig = "4dabf18193072939515e22adb298388d";

/** A mock input value without Pulumi's secret wrapper, and whether it was wrapped. */
export function unwrap(v: any): { secret: boolean; value: any } {
  if (v && typeof v === "object" && secretSig in v) return { secret: true, value: v.value };
  return { secret: false, value: v };
}
