// The DIGIT policy pack: `pulumi preview --policy-pack policy` (rules in policy/rules/, one file each).
// Loosen a rule on purpose with `--policy-pack-config <file>` (see policy/throwaway.json and docs/security.md).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("digit-security", {
  description: "DIGIT secure defaults: resources, pinned images, secrets, protected data, private databases and buckets, TLS, pod security, network isolation.",
  enforcementLevel: "mandatory",
  policies,
});
