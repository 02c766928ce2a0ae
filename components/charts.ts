import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Target } from "../providers/target";
import { k8sOptions } from "./meta";

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

/** Where the chart is fetched from: the upstream repository, or the target's mirror (air-gapped SDC). */
export function chartSource(pin: ChartPin, mirror?: string): { chart: string; version: string; repositoryOpts?: { repo: string } } {
  const repo = mirror ?? pin.repository;
  if (repo.startsWith("oci://")) return { chart: `${repo.replace(/\/$/, "")}/${pin.chart}`, version: pin.version };
  return { chart: pin.chart, version: pin.version, repositoryOpts: { repo } };
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
      ...chartSource(args.pin, args.target.registry.chartRepository),
      namespace: args.namespace,
      values: args.values,
    },
    k8sOptions(args.target, args.parent, { dependsOn: args.dependsOn ?? [] }),
  );
}
