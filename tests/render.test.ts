import * as assert from "node:assert/strict";
import { renderService, mergeEnv, ServiceRenderContext } from "../components/services/render";
import { proxyEnv } from "../components/services/proxy";
import type { DigitServiceSpec } from "../components/services/spec";
import { imageRef } from "../components/images";
import { loadValidators, validateObject } from "./helpers/validate";

/** egov-user as DIGIT v2.9 ships it (subset of its env). */
function egovUser(): DigitServiceSpec {
  return {
    name: "egov-user",
    module: "core",
    image: "egovio/egov-user",
    tag: "v1.2.8-9fde481-19",
    dbMigration: { image: "egovio/egov-user-db", tag: "v1.2.8-9fde481-19", schemaTable: "egov_user_schema" },
    route: { path: "/user", gateway: true },
    health: { liveness: "/user/health", readiness: "/user/health" },
    replicas: 2,
    memoryMiB: 512,
    cpuMillis: 50,
    heapMiB: 358,
    runtime: "java",
    env: [
      { name: "SPRING_DATASOURCE_URL", configMap: "egov-config", key: "db-url" },
      { name: "SPRING_DATASOURCE_PASSWORD", secret: "db", key: "password" },
      { name: "EGOV_OTP_HOST", configMap: "egov-service-host", key: "egov-otp" },
      { name: "JAVA_OPTS", value: "-Xmx256m -Xms256m" },
      { name: "JAEGER_AGENT_HOST", field: "status.hostIP" },
    ],
    migrationEnv: [
      { name: "DB_URL", configMap: "egov-config", key: "db-url" },
      { name: "SCHEMA_TABLE", value: "" },
      { name: "FLYWAY_PASSWORD", secret: "db", key: "flyway-password" },
    ],
    needs: ["postgres", "kafka", "redis"],
  };
}

function ctx(over: Partial<ServiceRenderContext> = {}): ServiceRenderContext {
  return {
    namespace: "egov",
    highAvailability: false,
    domain: "digit.punjab.gov.in",
    gateway: { name: "digit", namespace: "digit-edge" },
    routeBackend: "zuul",
    backbone: { postgres: "postgres.backbone:5432", kafka: "kafka.kafka-kraft:9092", redis: "redis.backbone:6379" },
    ...over,
  };
}

describe("DigitService rendering (pure)", () => {
  before(loadValidators);
  it("egov-user: wait-for init containers, then the Flyway migration with its schema table, then the service", () => {
    const d = renderService(egovUser(), ctx()).deployment;
    const pod = d.spec.template.spec;
    assert.deepEqual(pod.initContainers.map((c: any) => c.name), ["wait-postgres", "wait-kafka", "wait-redis", "db-migration"]);
    const mig = pod.initContainers[3];
    assert.equal(mig.image, "egovio/egov-user-db:v1.2.8-9fde481-19");
    assert.deepEqual(mig.env.find((e: any) => e.name === "SCHEMA_TABLE"), { name: "SCHEMA_TABLE", value: "egov_user_schema" });
    assert.deepEqual(mig.env.find((e: any) => e.name === "FLYWAY_PASSWORD").valueFrom, { secretKeyRef: { name: "db", key: "flyway-password" } });
    assert.match(pod.initContainers[0].command[2], /nc -z -w 2 postgres\.backbone 5432/);
  });

  it("egov-user: port 8080, probes on the health path with DIGIT's timings, preStop sleep, memory request = limit", () => {
    const c = renderService(egovUser(), ctx()).deployment.spec.template.spec.containers[0];
    assert.equal(c.image, "egovio/egov-user:v1.2.8-9fde481-19");
    assert.deepEqual(c.ports, [{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    for (const p of [c.readinessProbe, c.livenessProbe]) {
      assert.deepEqual(p.httpGet, { path: "/user/health", port: "http" });
      assert.equal(p.initialDelaySeconds, 30);
      assert.equal(p.timeoutSeconds, 3);
      assert.equal(p.failureThreshold, 5);
    }
    assert.deepEqual(c.lifecycle.preStop.exec.command, ["sh", "-c", "sleep 10"]);
    assert.equal(c.resources.requests.memory, "512Mi");
    assert.equal(c.resources.limits.memory, "512Mi");
    assert.equal(c.resources.requests.cpu, "50m");
  });

  it("env is wired from egov-config, egov-service-host, Secrets and pod fields; the heap replaces the catalog's JAVA_OPTS", () => {
    const env = renderService(egovUser(), ctx()).deployment.spec.template.spec.containers[0].env;
    const by = (n: string) => env.find((e: any) => e.name === n);
    assert.deepEqual(by("SPRING_DATASOURCE_URL").valueFrom, { configMapKeyRef: { name: "egov-config", key: "db-url" } });
    assert.deepEqual(by("EGOV_OTP_HOST").valueFrom, { configMapKeyRef: { name: "egov-service-host", key: "egov-otp" } });
    assert.deepEqual(by("SPRING_DATASOURCE_PASSWORD").valueFrom, { secretKeyRef: { name: "db", key: "password" } });
    assert.deepEqual(by("JAEGER_AGENT_HOST").valueFrom, { fieldRef: { fieldPath: "status.hostIP" } });
    assert.equal(by("JAVA_OPTS").value, "-Xmx358m -Xms358m");
    assert.equal(env.filter((e: any) => e.name === "JAVA_OPTS").length, 1);
  });

  it("a rollout never takes the service down: RollingUpdate with maxUnavailable 0", () => {
    const d = renderService(egovUser(), ctx()).deployment;
    assert.deepEqual(d.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    assert.equal(d.spec.replicas, 2);
  });

  it("runs as the restricted Pod Security Standard asks, without a service-account token", () => {
    const pod = renderService(egovUser(), ctx()).deployment.spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
    for (const c of [...pod.initContainers, ...pod.containers]) {
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
      assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
      assert.ok(c.resources.requests && c.resources.limits.memory, c.name);
    }
  });

  it("routes the context path to DIGIT's gateway for authenticated paths, on the platform's Gateway", () => {
    const r = renderService(egovUser(), ctx()).route!;
    assert.equal(r.kind, "HTTPRoute");
    assert.deepEqual(r.spec.parentRefs, [{ name: "digit", namespace: "digit-edge", sectionName: "https" }]);
    assert.deepEqual(r.spec.hostnames, ["digit.punjab.gov.in"]);
    assert.deepEqual(r.spec.rules[0].matches, [{ path: { type: "PathPrefix", value: "/user" } }]);
    assert.deepEqual(r.spec.rules[0].backendRefs, [{ name: "zuul", port: 8080 }]);
    assert.equal(renderService(egovUser(), ctx({ routeBackend: undefined })).route, undefined);
  });

  it("dev: no HPA or PDB; ha: HPA from the replica floor, PDB, no fixed replicas", () => {
    const dev = renderService(egovUser(), ctx());
    assert.equal(dev.hpa, undefined);
    assert.equal(dev.pdb, undefined);
    const ha = renderService(egovUser(), ctx({ highAvailability: true }));
    assert.equal(ha.deployment.spec.replicas, undefined);
    assert.equal(ha.hpa!.spec.minReplicas, 2);
    assert.equal(ha.hpa!.spec.maxReplicas, 6);
    assert.deepEqual(ha.pdb!.spec, { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "egov-user", "app.kubernetes.io/instance": "egov-user" } } });
  });

  it("images and pull secret through the registry mirror", () => {
    const pod = renderService(egovUser(), ctx({ mirror: "registry.sdc.local/egovio", pullSecretName: "sdc-registry" })).deployment.spec.template.spec;
    assert.equal(pod.containers[0].image, "registry.sdc.local/egovio/egov-user:v1.2.8-9fde481-19");
    assert.equal(pod.initContainers[3].image, "registry.sdc.local/egovio/egov-user-db:v1.2.8-9fde481-19");
    assert.equal(pod.initContainers[0].image, "registry.sdc.local/library/busybox:1.37.0");
    assert.deepEqual(pod.imagePullSecrets, [{ name: "sdc-registry" }]);
  });

  it("image references: egovio prefix replaced, other registries keep their path under the mirror host", () => {
    assert.equal(imageRef("egovio/zuul", "v1"), "egovio/zuul:v1");
    assert.equal(imageRef("egovio/zuul", "v1", "reg.state.in/digit"), "reg.state.in/digit/zuul:v1");
    assert.equal(imageRef("docker.io/library/busybox", "1.37.0", "reg.state.in/digit"), "reg.state.in/library/busybox:1.37.0");
    assert.equal(imageRef("quay.io/prometheus/node-exporter", "v1.9.1", "reg.state.in:5000/x"), "reg.state.in:5000/prometheus/node-exporter:v1.9.1");
    assert.equal(imageRef("egovio/zuul", "sha256:abc"), "egovio/zuul@sha256:abc");
  });

  it("proxy: env for every process, and the JVM's own properties in JAVA_TOOL_OPTIONS of Java services only", () => {
    const proxy = { http: "http://proxy.sdc:3128", https: "http://proxy.sdc:3128", noProxy: [".svc", "localhost", "10.0.0.0/8"] };
    const env = (spec: DigitServiceSpec) => Object.fromEntries(renderService(spec, ctx({ proxy })).deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    const java = env(egovUser());
    assert.equal(java.HTTPS_PROXY, "http://proxy.sdc:3128");
    assert.equal(java.NO_PROXY, ".svc,localhost,10.0.0.0/8");
    assert.equal(java.JAVA_TOOL_OPTIONS, "-Dhttp.proxyHost=proxy.sdc -Dhttp.proxyPort=3128 -Dhttps.proxyHost=proxy.sdc -Dhttps.proxyPort=3128 -Dhttp.nonProxyHosts=localhost|127.*|[::1]|*.svc|svc|10.*");
    const node = env({ ...egovUser(), runtime: "node" });
    assert.equal(node.NO_PROXY, java.NO_PROXY);
    assert.equal(node.JAVA_TOOL_OPTIONS, undefined);
    assert.deepEqual(proxyEnv(undefined), []);
  });

  it("mergeEnv: the last value of a name wins, in the first one's place", () => {
    assert.deepEqual(mergeEnv([{ name: "A", value: "1" }, { name: "B", value: "2" }, { name: "A", value: "3" }]), [{ name: "A", value: "3" }, { name: "B", value: "2" }]);
  });

  it("a workload-identity service account is rendered with its annotations and pod labels", () => {
    const spec = { ...egovUser(), name: "egov-filestore", serviceAccount: { annotations: { "azure.workload.identity/client-id": "abc" }, podLabels: { "azure.workload.identity/use": "true" } } };
    const r = renderService(spec, ctx());
    assert.equal(r.serviceAccount!.metadata.annotations["azure.workload.identity/client-id"], "abc");
    assert.equal(r.deployment.spec.template.spec.serviceAccountName, "egov-filestore");
    assert.equal(r.deployment.spec.template.metadata.labels["azure.workload.identity/use"], "true");
    // the pod label must not leak onto the Deployment, Service or selector
    assert.equal(r.deployment.metadata.labels["azure.workload.identity/use"], undefined);
    assert.equal(r.service.metadata.labels["azure.workload.identity/use"], undefined);
    assert.equal(r.deployment.spec.selector.matchLabels["azure.workload.identity/use"], undefined);
  });

  it("every rendered object validates against the Kubernetes API schemas, in dev and ha", () => {
    for (const ha of [false, true]) {
      const r = renderService({ ...egovUser(), serviceAccount: { annotations: { a: "b" } } }, ctx({ highAvailability: ha, proxy: { http: "http://p:3128", noProxy: [] } }));
      for (const obj of Object.values(r).flat()) if (obj) validateObject(obj);
    }
  });

  it("the validator catches a broken object (it can fail)", () => {
    const d = renderService(egovUser(), ctx()).deployment;
    d.spec.template.spec.containers[0].ports[0].containerPort = "eighty";
    assert.throws(() => validateObject(d), /apps\/v1\/Deployment egov\/egov-user/);
  });
});
