import * as assert from "node:assert/strict";
import * as path from "node:path";
import { planAllStacks, stackFiles, type PlanRun } from "./helpers/plan-run";
import { readResources, type PlanEntry } from "./helpers/security-plans";
import { namespaceObject, podSecurityLevel } from "../components/config/namespaces";
import { dataNamespaces } from "../components/security";
import { namespaces } from "../components/namespaces";
import { errorOf, minimalValues, parse } from "./helpers/config";
import { hostAccess } from "../policy/rules/no-privileged";
import { restrictedGaps } from "../policy/rules/pod-security";

const WORKLOADS = /^kubernetes:(apps\/v1:(Deployment|StatefulSet|DaemonSet)|batch\/v1:(Job|CronJob))$/;

function podOf(r: PlanEntry): Record<string, any> {
  return r.type.endsWith(":CronJob") ? r.inputs.spec.jobTemplate.spec.template.spec : r.inputs.spec.template.spec;
}

describe("pod security: levels per namespace", () => {
  it("records restricted for DIGIT's services and backbone, and every looser level with its reason", () => {
    for (const ns of [namespaces.services, namespaces.backbone, namespaces.kafka, namespaces.elasticsearch, namespaces.edge]) assert.equal(podSecurityLevel[ns], "restricted", ns);
    const source = require("node:fs").readFileSync(path.join(__dirname, "..", "components", "config", "namespaces.ts"), "utf8") as string;
    for (const [ns, level] of Object.entries(podSecurityLevel))
      if (level !== "restricted") assert.match(source, new RegExp(`// [^\\n]+\\n\\s+"?${ns}"?: "${level}"`), `${ns} (${level}) needs a comment saying why`);
  });

  it("labels a namespace with its level, warning and auditing against restricted; the config can change a level on purpose", () => {
    const labels = (ns: string, levels?: Record<string, string>) => namespaceObject(ns, levels).metadata.labels;
    assert.equal(labels("egov")["pod-security.kubernetes.io/enforce"], "restricted");
    assert.equal(labels("monitoring")["pod-security.kubernetes.io/enforce"], "privileged");
    assert.equal(labels("monitoring")["pod-security.kubernetes.io/warn"], "restricted");
    assert.equal(labels("egov", { egov: "baseline" })["pod-security.kubernetes.io/enforce"], "baseline");
    assert.deepEqual(parse({ ...minimalValues(), security: { podSecurity: { egov: "baseline" } } }).security.podSecurity, { egov: "baseline" });
    assert.match(errorOf({ ...minimalValues(), security: { podSecurity: { egov: "open" } } }), /digit:security\.podSecurity\.egov: got "open"; allowed: restricted \| baseline \| privileged/);
  });
});

describe("pod security of every shipped stack", function () {
  this.timeout(300000);
  let runs: Map<string, PlanRun>;
  before(async () => {
    runs = await planAllStacks();
  });

  for (const f of stackFiles())
    it(`${path.basename(f)}: namespaces labelled and protected as recorded; DIGIT's pods non-root, read-only, no capabilities, RuntimeDefault, no token`, () => {
      const resources = readResources(runs.get(f)!.out!);
      const nsObjects = resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
      for (const n of nsObjects) {
        const name = n.inputs.metadata.name;
        assert.equal(n.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], podSecurityLevel[name] ?? "restricted", name);
        assert.equal(n.protect, dataNamespaces.includes(name) && !/Pulumi\.dev\.yaml$/.test(f), `${name} protected`);
      }
      const levels = new Map(nsObjects.map((n) => [n.inputs.metadata.name, n.inputs.metadata.labels["pod-security.kubernetes.io/enforce"]]));

      const workloads = resources.filter((r) => WORKLOADS.test(r.type));
      let services = 0;
      for (const w of workloads) {
        const ns = w.inputs.metadata.namespace;
        const pod = podOf(w);
        const where = `${w.type.split(":").pop()} ${ns}/${w.inputs.metadata.name}`;
        if (levels.get(ns) !== "privileged") assert.deepEqual(hostAccess(pod), [], where);
        if (levels.get(ns) === "restricted") assert.deepEqual(restrictedGaps(pod), [], where);
        // A token only where the pod has its own service account (the API rights it needs come with it).
        if (pod.automountServiceAccountToken !== false) assert.ok(pod.serviceAccountName && pod.serviceAccountName !== "default", `${where}: mounts the default token`);
        // DIGIT's own services (components/services/render.ts): the strictest context, no exception.
        if (ns !== namespaces.services || w.inputs.metadata.labels?.["app.kubernetes.io/component"] !== "service") continue;
        services++;
        assert.equal(pod.automountServiceAccountToken, false, where);
        assert.equal(pod.securityContext?.seccompProfile?.type, "RuntimeDefault", where);
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          const sc = c.securityContext;
          assert.equal(sc.readOnlyRootFilesystem, true, `${where}/${c.name}: read-only root`);
          assert.equal(sc.runAsNonRoot, true, `${where}/${c.name}`);
          assert.equal(sc.allowPrivilegeEscalation, false, `${where}/${c.name}`);
          assert.deepEqual(sc.capabilities, { drop: ["ALL"] }, `${where}/${c.name}`);
        }
      }
      assert.ok(services > 5, `${services} DIGIT services checked`);
    });
});
