import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { filesUnder, runPlan, PlanRun } from "./helpers/plan-run";

/** One DIGIT config, five places. */
const targets: Record<string, Record<string, unknown>> = {
  sdc: { kind: "sdc", kubeconfig: "/etc/digit/kubeconfig" },
  nic: { kind: "nic", kubeconfig: "/etc/digit/kubeconfig", registry: { mirror: "registry.nic.example/egovio" } },
  aws: { kind: "aws", region: "ap-south-1" },
  azure: { kind: "azure", location: "centralindia" },
  gcp: { kind: "gcp", project: "digit-pb-prod", region: "asia-south1" },
};

function stackFile(target: Record<string, unknown>): string {
  return YAML.stringify({
    config: {
      "digit:domain": "digit.punjab.gov.in",
      "digit:stateTenantId": "pb",
      "digit:profile": "ha",
      "digit:modules": ["core-services"],
      "digit:edge": { tls: { mode: "acme", email: "devops@punjab.gov.in" } },
      // the graph is under test here, not whether each target's default nodes fit it
      "digit:target": { ...target, capacityCheck: "warn" },
    },
  });
}

/** What may differ between places: image registry, pull secrets, cloud identity, proxy, the object store. */
function placeIndependent(obj: any): any {
  const o = JSON.parse(JSON.stringify(obj));
  if (o.kind === "ConfigMap" && o.metadata.name === "egov-service-host") delete o.data["minio-url"];
  // egov-filestore's object-store settings are the target's (bucket, endpoint, credentials mode)
  if (o.kind === "Deployment" && o.metadata.name === "egov-filestore") for (const c of o.spec.template.spec.containers) delete c.env;
  // The ports of the backbone's namespace follow what runs there: no Postgres or MinIO beside a managed database and a cloud bucket.
  if (o.kind === "NetworkPolicy" && o.metadata.name === "digit-allow-to-backbone") for (const r of o.spec.egress) delete r.ports;
  const pod = o.spec?.template?.spec;
  if (pod) {
    // An in-cluster Postgres is waited for; a managed one is up before the cluster exists.
    pod.initContainers = (pod.initContainers ?? []).filter((c: any) => c.name !== "wait-postgres");
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      c.image = c.image.replace(/^.*\/(egovio\/)?/, "");
      c.env = (c.env ?? []).filter((e: any) => !/^(HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|JAVA_TOOL_OPTIONS)$/.test(e.name));
    }
    delete pod.imagePullSecrets;
    delete pod.serviceAccountName;
    for (const k of Object.keys(o.spec.template.metadata.labels)) if (k.startsWith("azure.workload.identity")) delete o.spec.template.metadata.labels[k];
  }
  return o;
}

describe("the same DIGIT graph deploys on every target kind", function () {
  this.timeout(300000);
  const runs: Record<string, PlanRun> = {};
  before(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "digit-same-"));
    const kinds = Object.keys(targets);
    let next = 0;
    const worker = async () => {
      while (next < kinds.length) {
        const k = kinds[next++];
        const file = path.join(tmp, `Pulumi.${k}.yaml`);
        fs.writeFileSync(file, stackFile(targets[k]));
        runs[k] = await runPlan(["--config-file", file, "--out", path.join(tmp, k)]);
      }
    };
    await Promise.all([worker(), worker()]);
  });

  it("every kind plans", () => {
    for (const [k, r] of Object.entries(runs)) assert.equal(r.code, 0, `${k}:\n${r.stdout}\n${r.stderr}`);
  });

  it("DIGIT's namespace holds the same objects everywhere, equal apart from registry, identity and proxy", () => {
    // The backbone's backup jobs and bucket settings in egov are the place's (database host, object store).
    const placeOwned = (o: any) => ["backup", "object-store"].includes(o.metadata.labels?.["app.kubernetes.io/component"]);
    const egov = (k: string) => {
      const files = filesUnder(runs[k].out!);
      return new Map([...files].filter(([p]) => p.startsWith("manifests/egov/")).map(([p, t]) => [p, YAML.parse(t)] as [string, any]).filter(([, o]) => !placeOwned(o)));
    };
    const base = egov("sdc");
    assert.ok(base.size > 100, `${base.size} objects in egov`);
    for (const k of ["nic", "aws", "azure", "gcp"]) {
      const other = egov(k);
      // Target-specific by design: the filestore's ServiceAccount exists only where a cloud
      // identity is bound to it, the egress rule to the database only where it runs outside.
      const placeSpecific = new Set([
        "manifests/egov/serviceaccount-egov-filestore.yaml",
        "manifests/egov/networkpolicy-digit-allow-to-database.yaml",
        // GKE's workload identity reads tokens from the node's metadata server
        "manifests/egov/networkpolicy-digit-allow-to-metadata.yaml",
      ]);
      const names = (m: Map<string, any>) => [...m.keys()].filter((p) => !placeSpecific.has(p)).sort();
      assert.deepEqual(names(other), names(base), k);
      for (const [p, obj] of base) {
        if (obj.kind === "Secret" || p.endsWith("configmap-egov-config.yaml")) continue; // endpoints and credentials are the target's
        assert.deepEqual(placeIndependent(other.get(p)), placeIndependent(obj), `${k}: ${p}`);
      }
    }
  });

  it("egov-config differs only in the backbone's endpoints and the assets bucket", () => {
    const cfg = (k: string) => YAML.parse(filesUnder(runs[k].out!).get("manifests/egov/configmap-egov-config.yaml")!).data;
    const sdc = cfg("sdc");
    for (const k of ["aws", "azure", "gcp"]) {
      const c = cfg(k);
      const differing = Object.keys(sdc).filter((key) => c[key] !== sdc[key]).sort();
      for (const key of differing) assert.ok(["db-host", "db-url", "s3-assets-bucket"].includes(key), `${k}: ${key} differs`);
    }
  });
});
