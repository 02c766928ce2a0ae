// Builds and bakes DIGIT images from a state's fork of eGov's source, without a Docker daemon:
// `npx ts-node --transpile-only ci/image-build.ts --service <svc> --repo <git url> --branch <b> --commit <sha>
//  --registry <host/path> --build <n> --build-config <file> [--job-yaml|--executor-args]`.
// `--executor-args` prints one Kaniko executor command line per image (the Jenkinsfile runs them in
// the `kaniko` agent container); `--job-yaml` prints the same as a Kubernetes Job (for a cluster
// without Jenkins); `--tag` prints the tag the images get. The layout follows eGov's own builds:
// each repository's build/build-config.yml lists, per service, its work-dir, image-name and
// dockerfile (eGov's build/maven/Dockerfile takes the work-dir as the WORK_DIR build argument, with
// the repository root as context; an entry without a dockerfile has its own in its work-dir).
import * as fs from "node:fs";
import YAML from "yaml";
import { imageRef } from "../components/images";
import { operationsImages } from "../components/operations/pins";

export interface BuildTarget {
  workDir: string;
  imageName: string;
  /** the Dockerfile, relative to the repository root */
  dockerfile: string;
  /** the build context, relative to the repository root */
  context: string;
  buildArgs: Record<string, string>;
}

/** The images one service builds into (the service and, when it has one, its `-db` migration image). */
export function buildTargets(buildConfigYaml: string, service: string): BuildTarget[] {
  const config = (YAML.parse(buildConfigYaml) ?? {}) as { config?: Array<{ name: string; build?: Array<Record<string, string>> }> };
  const jobs = config.config ?? [];
  const job = jobs.find((j) => (j.build ?? []).some((b) => b["image-name"] === service));
  if (!job) {
    const names = jobs.flatMap((j) => (j.build ?? []).map((b) => b["image-name"])).filter((n) => !n.endsWith("-db"));
    throw new Error(`${service} is not built by this repository's build/build-config.yml: one of ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""}`);
  }
  return (job.build ?? []).map((b): BuildTarget => {
    const workDir = b["work-dir"].replace(/\/$/, "");
    return b.dockerfile
      ? { workDir, imageName: b["image-name"], dockerfile: b.dockerfile, context: ".", buildArgs: { WORK_DIR: workDir } }
      : { workDir, imageName: b["image-name"], dockerfile: `${workDir}/Dockerfile`, context: workDir, buildArgs: {} };
  });
}

/** eGov's tag form `<commit 10>-<build number>`; DIGIT images and their `-db` images share it. */
export function imageTag(commit: string, build: number): string {
  if (!/^[0-9a-f]{10,40}$/.test(commit)) throw new Error(`commit ${JSON.stringify(commit)} is not a git commit id: build from a commit, so the tag names exactly what was built`);
  if (!Number.isInteger(build) || build < 1) throw new Error(`build number ${build} must be a positive integer`);
  return `${commit.slice(0, 10)}-${build}`;
}

export interface BuildRequest {
  /** the state's fork, cloned by Kaniko (https://...git) */
  repository: string;
  /** the branch the commit is on (Kaniko fetches the branch, then checks out the commit) */
  branch: string;
  commit: string;
  /** where images are pushed, e.g. registry.state.example/egovio (the target's registry.mirror) */
  registry: string;
  build: number;
}

/** The Kaniko executor's arguments for one image: build from git at the commit, push, cache layers in the registry. */
export function executorArgs(t: BuildTarget, r: BuildRequest): string[] {
  const repo = r.repository.replace(/^https?:\/\//, "");
  return [
    `--context=git://${repo}#refs/heads/${r.branch}#${r.commit}`,
    ...(t.context !== "." ? [`--context-sub-path=${t.context}`] : []),
    `--dockerfile=${t.context === "." ? t.dockerfile : t.dockerfile.slice(t.context.length + 1)}`,
    ...Object.entries(t.buildArgs).map(([k, v]) => `--build-arg=${k}=${v}`),
    `--destination=${r.registry.replace(/\/$/, "")}/${t.imageName}:${imageTag(r.commit, r.build)}`,
    "--cache=true",
    `--cache-repo=${r.registry.replace(/\/$/, "")}/cache`,
    "--snapshot-mode=redo",
    "--use-new-run",
  ];
}

/**
 * The same build as a Kubernetes Job: one init container per image (in order: the service, then
 * its migration image), Kaniko's executor, no privileges asked beyond root inside its own
 * container, the registry login from a docker-registry Secret mounted at /kaniko/.docker.
 */
export function kanikoJob(service: string, targets: BuildTarget[], r: BuildRequest, opts: { namespace: string; executorImage: string; registrySecret: string }): Record<string, any> {
  const name = `build-${service}-${imageTag(r.commit, r.build)}`.toLowerCase().slice(0, 63).replace(/-+$/, "");
  const containers = targets.map((t, i) => ({
    name: `kaniko-${i}`,
    image: opts.executorImage,
    args: executorArgs(t, r),
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID"] } },
    volumeMounts: [{ name: "docker-config", mountPath: "/kaniko/.docker", readOnly: true }],
  }));
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: opts.namespace, labels: { "app.kubernetes.io/name": "image-build", "app.kubernetes.io/part-of": "digit", "digit.egov.org/service": service } },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "image-build" } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          initContainers: containers.slice(0, -1),
          containers: containers.slice(-1),
          volumes: [{ name: "docker-config", secret: { secretName: opts.registrySecret, items: [{ key: ".dockerconfigjson", path: "config.json" }] } }],
        },
      },
    },
  };
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0 || !argv[i + 1]) throw new Error(`missing ${flag}: usage: ci/image-build.ts --service <svc> --repo <url> --branch <b> --commit <sha> --registry <host/path> --build <n> --build-config <file> [--executor-args|--job-yaml|--tag]`);
    return argv[i + 1];
  };
  const r: BuildRequest = { repository: arg("--repo"), branch: arg("--branch"), commit: arg("--commit"), registry: arg("--registry"), build: Number(arg("--build")) };
  if (argv.includes("--tag")) return void process.stdout.write(`${imageTag(r.commit, r.build)}\n`);
  const targets = buildTargets(fs.readFileSync(arg("--build-config"), "utf8"), arg("--service"));
  if (argv.includes("--job-yaml")) {
    const job = kanikoJob(arg("--service"), targets, r, { namespace: "jenkins", executorImage: imageRef(operationsImages.kaniko.image, operationsImages.kaniko.tag), registrySecret: "registry-push" });
    return void process.stdout.write(YAML.stringify(job));
  }
  for (const t of targets) process.stdout.write(`${executorArgs(t, r).map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ")}\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
