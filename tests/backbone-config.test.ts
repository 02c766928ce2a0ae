import * as assert from "node:assert/strict";
import { ConfigError } from "../config/errors";
import { kubeconfigOffer, sdcDefaults } from "../providers/sdc";
import { createTarget } from "../providers";
import { planBackbone } from "../components/backbone/plan";
import { backboneEndpoints } from "../components/backbone/endpoints";
import { DigitPlatform } from "../components/platform";
import { installMocks, settle, type Registered } from "./helpers/mocks";
import { minimalValues, parse } from "./helpers/config";

/**
 * Config problems of the backbone, from the stack's config through the sdc target's offers: each
 * is a ConfigError naming the key (digit:target.storage.staticVolumes[i], ...), what was given
 * and what is allowed; all problems at once; nothing registered.
 */

function sdc(storage: Record<string, unknown>, extra: Record<string, any> = {}, target: Record<string, any> = {}) {
  return { ...minimalValues(), ...extra, target: { kind: "sdc", kubeconfig: "~/.kube/sdc.yaml", storage, ...target } };
}

function plan(values: Record<string, any>, secretKeys: string[] = []) {
  const config = parse(values, secretKeys);
  if (config.target.kind !== "sdc") throw new Error("sdc only");
  const offer = kubeconfigOffer(config.target, sdcDefaults);
  return planBackbone({
    config,
    target: offer,
    credentials: { database: { username: "egov", password: "x" }, objectStore: { accessKey: "a", secretKey: "s" }, elasticsearch: { username: "elastic", password: "e" }, redis: { password: "r" } },
    endpoints: backboneEndpoints(offer.database, offer.objectStore.mode === "minio"),
    kafkaClusterId: "MkU3OEVBNTcwNTJENDM2Qk",
  });
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail("expected a ConfigError, the config was accepted");
}

describe("backbone config errors", () => {
  it("a static volume smaller than its claim names the config entry, the volume and both sizes", () => {
    const problems = problemsOf(() =>
      plan(
        sdc(
          {
            staticVolumes: [
              { for: "kafka-0", volumeName: "pv-kafka-0", size: "100Gi" },
              { for: "elasticsearch-data-0", volumeName: "pv-es-0", size: "20Gi" },
            ],
          },
          { backbone: { elasticsearch: { dataStorage: "25Gi" } } },
        ),
      ),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^digit:target\.storage\.staticVolumes\[1\]: /);
    assert.match(problems[0], /pv-es-0 holds 20Gi, smaller than the 25Gi claim es-cluster\/elasticsearch-data-elasticsearch-es-data-0/);
  });

  it("compares quantities, not strings: 1Ti holds a 500Gi claim, 500Mi does not hold a 1Gi one", () => {
    assert.doesNotThrow(() => plan(sdc({ staticVolumes: [{ for: "minio-0", volumeName: "pv-m", size: "1Ti" }] }, { backbone: { objectStore: { storage: "500Gi" } } })));
    const problems = problemsOf(() => plan(sdc({ staticVolumes: [{ for: "minio-0", volumeName: "pv-m", size: "500Mi" }] }, { backbone: { objectStore: { storage: "1Gi" } } })));
    assert.match(problems[0], /staticVolumes\[0\]: volume pv-m holds 500Mi, smaller than the 1Gi claim/);
  });

  it("a volume for a claim this deployment does not have is a typo until proven otherwise", () => {
    const problems = problemsOf(() => plan(sdc({ staticVolumes: [{ for: "kafak-0", volumeName: "pv-k", size: "100Gi" }] })));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^digit:target\.storage\.staticVolumes\[0\]\.for: "kafak-0" matches no volume of this deployment; claims here: postgres-0, kafka-0, elasticsearch-data-0, minio-0$/);
  });

  it("dev has no dedicated Elasticsearch masters: elasticsearch-master-0 is unknown there", () => {
    const problems = problemsOf(() => plan(sdc({ staticVolumes: [{ for: "elasticsearch-master-0", volumeName: "pv", size: "10Gi" }] })));
    assert.match(problems[0], /"elasticsearch-master-0" matches no volume/);
    assert.doesNotThrow(() => plan(sdc({ staticVolumes: [{ for: "elasticsearch-master-0", volumeName: "pv", size: "10Gi" }] }, { profile: "ha" })));
  });

  it("Postgres with several instances cannot bind named volumes: the error says what to do instead", () => {
    const problems = problemsOf(() => plan(sdc({ staticVolumes: [{ for: "postgres-1", volumeName: "pv-pg-1", size: "500Gi" }] }, { profile: "ha" })));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^digit:target\.storage\.staticVolumes\[0\]: volume pv-pg-1 cannot be used: in-cluster Postgres runs 3 instances/);
    assert.match(problems[0], /digit:target\.storage\.classes\.fast/);
  });

  it("a Postgres or MinIO volume when neither runs in the cluster", () => {
    const values = sdc(
      {
        staticVolumes: [
          { for: "postgres-0", volumeName: "pv-pg", size: "50Gi" },
          { for: "minio-0", volumeName: "pv-minio", size: "50Gi" },
        ],
      },
      {},
      {
        database: { mode: "external", host: "pg.internal", username: "egov", password: "p" },
        objectStore: { mode: "s3", bucket: "pb-files", accessKey: "a", secretKey: "s" },
      },
    );
    const problems = problemsOf(() => plan(values, ["target"]));
    assert.equal(problems.length, 2);
    assert.match(problems[0], /staticVolumes\[0\]: volume pv-pg cannot be used: the database is external/);
    assert.match(problems[1], /staticVolumes\[1\]: volume pv-minio cannot be used: the object store is s3/);
  });

  it("every problem at once, not the first only", () => {
    const problems = problemsOf(() =>
      plan(
        sdc({
          staticVolumes: [
            { for: "kafka-0", volumeName: "pv-k", size: "1Gi" },
            { for: "minio-9", volumeName: "pv-m", size: "1Ti" },
          ],
        }),
      ),
    );
    assert.equal(problems.length, 2);
    assert.match(problems.join("\n"), /staticVolumes\[0\]: volume pv-k holds 1Gi/);
    assert.match(problems.join("\n"), /staticVolumes\[1\]\.for: "minio-9"/);
  });

  it("an unsupported PostgreSQL major names the key and the allowed majors", () => {
    const problems = problemsOf(() => plan({ ...minimalValues(), backbone: { postgres: { version: "13" } } }));
    assert.deepEqual(problems, ['digit:backbone.postgres.version: got "13"; allowed: 15 | 16 | 17 (a PostgreSQL major; the platform pins the minor)']);
    assert.doesNotThrow(() => plan({ ...minimalValues(), backbone: { postgres: { version: "17.2" } } }));
  });

  describe("through DigitPlatform (mocks)", () => {
    let seen: Registered[];
    before(() => {
      seen = installMocks();
    });

    it("fails before any Kubernetes object is registered", async () => {
      const c = parse(sdc({ staticVolumes: [{ for: "kafka-0", volumeName: "pv-k", size: "1Gi" }] }));
      const t = createTarget("bad", c.target, { profile: c.profile, protect: true, stateTenantId: c.stateTenantId, domain: c.domain });
      assert.throws(() => new DigitPlatform("bad", { target: t, config: c }), (e: unknown) => e instanceof ConfigError && /staticVolumes\[0\]/.test(e.message));
      await settle();
      const k8sObjects = seen.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers"));
      assert.deepEqual(k8sObjects.map((r) => r.type), []);
    });
  });
});
