import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../providers/target";
import { k8sOptions } from "./meta";
import { splitCredentials } from "./config/secret-values";

/**
 * A third-party chart, pinned. `repository` is an HTTP chart repository URL or an OCI registry
 * path (oci://host/path, chart appended). DIGIT's own workloads are never charts: they are
 * native objects, so `pulumi preview` diffs each one.
 */
export interface ChartPin {
  chart: string;
  version: string;
  repository: string;
}

export interface ChartSource {
  chart: pulumi.Input<string>;
  version: string;
  repositoryOpts?: { repo?: pulumi.Input<string>; username?: pulumi.Input<string>; password?: pulumi.Input<string> };
}

/**
 * Where the chart is fetched from: the upstream repository, or the target's mirror (air-gapped
 * SDC). A user and password in the mirror's URL become the repository login, as Pulumi secrets;
 * a mirror whose URL is itself secret (`secret`) is passed as one.
 */
export function chartSource(pin: ChartPin, mirror?: string, secret = false): ChartSource {
  const { url, username, password } = splitCredentials(mirror ?? pin.repository);
  const login = username !== undefined ? { username: pulumi.secret(username), password: pulumi.secret(password ?? "") } : {};
  const hide = (s: string): pulumi.Input<string> => (secret && mirror ? pulumi.secret(s) : s);
  if (url.startsWith("oci://")) {
    const chart = hide(`${url.replace(/\/$/, "")}/${pin.chart}`);
    return { chart, version: pin.version, ...(username !== undefined ? { repositoryOpts: login } : {}) };
  }
  return { chart: pin.chart, version: pin.version, repositoryOpts: { repo: hide(url), ...login } };
}

export interface ThirdPartyChartArgs {
  target: Target;
  pin: ChartPin;
  namespace: pulumi.Input<string>;
  values: Record<string, unknown>;
  /** extra resources to wait for (CRDs of another chart, the namespace) */
  dependsOn?: pulumi.Resource[];
  /** parent component */
  parent: pulumi.Resource;
}

/** The one place a helm.v4.Chart is created: pinned version, mirrored repository, the target's provider. */
export function thirdPartyChart(name: string, args: ThirdPartyChartArgs): k8s.helm.v4.Chart {
  return new k8s.helm.v4.Chart(
    name,
    {
      ...chartSource(args.pin, args.target.registry.chartRepository, args.target.registry.chartRepositorySecret),
      namespace: args.namespace,
      values: args.values,
    },
    k8sOptions(args.target, args.parent, { dependsOn: args.dependsOn ?? [] }),
  );
}
