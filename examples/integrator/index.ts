// A state's own Pulumi program on top of digit-pulumi: DIGIT on the state data centre (the `sdc`
// target, chosen here in code rather than by config) plus one service of the state's own, deployed,
// wired and routed like DIGIT's.
import * as pulumi from "@pulumi/pulumi";
import { DigitPlatform, loadStackConfig, targetContext, type DigitServiceSpec } from "digit-pulumi";
import { createTarget } from "digit-pulumi/sdc";

// The `digit:` keys of the stack file, validated (a bad value fails here with the key named).
const config = loadStackConfig();
if (config.target.kind !== "sdc") throw new Error(`digit:target.kind is "${config.target.kind}": this program deploys to the state data centre only; set kind: sdc`);

// The program's own keys live in its project's namespace (`pb-digit:botTag`).
const own = new pulumi.Config();

// targetContext: the profile, protection, tenant, domain and rotation counters the target needs,
// from the config, after the platform's pre-flight checks (a bad config creates nothing).
const target = createTarget("pb", config.target, targetContext(config));

/** The state's grievance chatbot: a Node.js service behind DIGIT's gateway, talking to egov-user and PGR. */
const grievanceBot: DigitServiceSpec = {
  name: "pb-grievance-bot",
  module: "pb-extensions",
  // `egovio/` is replaced by the target's registry mirror, like DIGIT's own images.
  image: "egovio/pb-grievance-bot",
  tag: own.get("botTag") ?? "1.4.2",
  port: 8080,
  route: { path: "/pb-grievance-bot", gateway: true },
  health: { readiness: "/pb-grievance-bot/health", liveness: "/pb-grievance-bot/health" },
  replicas: 1,
  memoryMiB: 256,
  cpuMillis: 100,
  runtime: "node",
  env: [
    { name: "SERVER_PORT", value: "8080" },
    { name: "STATE_LEVEL_TENANT_ID", configMap: "egov-config", key: "egov-state-level-tenant-id" },
    { name: "EGOV_USER_HOST", configMap: "egov-service-host", key: "egov-user" },
    { name: "KAFKA_BROKERS", configMap: "egov-config", key: "kafka-brokers" },
  ],
  needs: ["kafka"],
};

const platform = new DigitPlatform("pb", { target, config, extraServices: [grievanceBot] });

export const url = platform.url;
export const services = Object.keys(platform.services).sort();
export const botService = platform.services[grievanceBot.name].urn;
/** allocatable capacity, when the data centre declares it; the offline plan compares requests against it */
export const capacity = target.capacity ?? null;
