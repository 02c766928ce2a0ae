// The scaling program: K copies of the whole platform (config `bench:tenants`), each its own
// target and DigitPlatform, as a program planning many state tenants would. The `digit`
// config of the stack file (e.g. Pulumi.dev.yaml) is every tenant's config.
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../lib/stack-config";
import { createTarget } from "../providers";
import { DigitPlatform } from "../components/platform";

/**
 * One tenant's subtree. Pulumi URNs carry the parents' types, not their names, and the platform
 * names its services by the catalog's names, so each tenant needs its own type to keep the
 * URNs of K platforms distinct.
 */
class Tenant extends pulumi.ComponentResource {
  constructor(index: number) {
    super(`digit:bench:Tenant${index}`, `t${index}`, {});
  }

  done(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

/**
 * Pulumi's mock monitor builds a URN from the immediate parent's type only (MockMonitor.newUrn);
 * the engine uses the whole chain. With K tenants the difference matters: give the mock the
 * engine's rule so every tenant's resources keep distinct URNs in the plan.
 */
function engineUrns(): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as { newUrn?: (parent: string, type: string, name: string) => string } | undefined;
  if (!monitor || typeof monitor.newUrn !== "function") return;
  const prefix = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::`;
  monitor.newUrn = (parent, type, name) => `${prefix}${parent ? `${parent.split("::")[2]}$` : ""}${type}::${name}`;
}

engineUrns();
const tenants = new pulumi.Config("bench").requireNumber("tenants");
const config = loadStackConfig();
const urls: pulumi.Output<string>[] = [];
for (let k = 0; k < tenants; k++) {
  const tenant = new Tenant(k);
  const name = `t${k}`;
  const target = createTarget(
    name,
    { ...config.target, name: `${config.target.name ?? "digit"}-${name}` } as typeof config.target,
    { profile: config.profile, protect: config.backbone.protect, stateTenantId: config.stateTenantId, domain: config.domain },
    { parent: tenant },
  );
  const platform = new DigitPlatform(name, { target, config }, { parent: tenant });
  urls.push(platform.url);
  tenant.done({ url: platform.url });
}

export const count = tenants;
export const endpoints = urls;
