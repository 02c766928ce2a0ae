/**
 * The Service annotations of an AWS load balancer. EKS provisions a Service of type LoadBalancer
 * with its built-in controller (cloud-provider-aws) unless the AWS Load Balancer Controller takes
 * it (`aws-load-balancer-type: external` or `nlb-ip`). The aws target relies on the built-in one and
 * only on annotations it reads; tests/target-aws.test.ts checks this list against the vendored
 * extract of cloud-provider-aws v1.33.4 (vendor/cloud-provider-aws/).
 */
export const inTreeAnnotations: readonly string[] = [
  "service.beta.kubernetes.io/aws-load-balancer-access-log-emit-interval",
  "service.beta.kubernetes.io/aws-load-balancer-access-log-enabled",
  "service.beta.kubernetes.io/aws-load-balancer-access-log-s3-bucket-name",
  "service.beta.kubernetes.io/aws-load-balancer-access-log-s3-bucket-prefix",
  "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags",
  "service.beta.kubernetes.io/aws-load-balancer-backend-protocol",
  "service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled",
  "service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout",
  "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout",
  "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled",
  "service.beta.kubernetes.io/aws-load-balancer-eip-allocations",
  "service.beta.kubernetes.io/aws-load-balancer-extra-security-groups",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-healthy-threshold",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-timeout",
  "service.beta.kubernetes.io/aws-load-balancer-healthcheck-unhealthy-threshold",
  "service.beta.kubernetes.io/aws-load-balancer-internal",
  "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol",
  "service.beta.kubernetes.io/aws-load-balancer-security-groups",
  "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
  "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy",
  "service.beta.kubernetes.io/aws-load-balancer-ssl-ports",
  "service.beta.kubernetes.io/aws-load-balancer-subnets",
  "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes",
  "service.beta.kubernetes.io/aws-load-balancer-target-node-labels",
  "service.beta.kubernetes.io/aws-load-balancer-type",
];

const prefix = "service.beta.kubernetes.io/aws-load-balancer-";
export const typeAnnotation = `${prefix}type`;
export const internalAnnotation = `${prefix}internal`;
/** read by the AWS Load Balancer Controller only (default there: internal) */
export const schemeAnnotation = `${prefix}scheme`;

/**
 * A Network Load Balancer, internet-facing or internal, said the way both controllers read it: the
 * built-in one by `-internal`, the AWS Load Balancer Controller (should a state run one that
 * takes every Service) by `-scheme`.
 */
export function lbAnnotations(internal: boolean): Record<string, string> {
  return {
    [typeAnnotation]: "nlb",
    [schemeAnnotation]: internal ? "internal" : "internet-facing",
    ...(internal ? { [internalAnnotation]: "true" } : {}),
    [`${prefix}cross-zone-load-balancing-enabled`]: "true",
  };
}

/** Problems with the annotations a stack adds, each naming its key. */
export function annotationProblems(annotations: Record<string, string>): string[] {
  const problems: string[] = [];
  const key = (k: string) => `digit:target.exposure.annotations["${k}"]`;
  for (const k of [schemeAnnotation, internalAnnotation])
    if (k in annotations) problems.push(`${key(k)}: set digit:target.exposure.internal (true or false) instead; the target writes both controllers' annotations from it`);
  const lbc = ["external", "nlb-ip"].includes(annotations[typeAnnotation] ?? "");
  if (!lbc)
    for (const k of Object.keys(annotations))
      if (k.startsWith(prefix) && k !== schemeAnnotation && !inTreeAnnotations.includes(k))
        problems.push(
          `${key(k)}: only the AWS Load Balancer Controller reads this annotation, and EKS's built-in controller would ignore it: remove it, or run that controller and set ${typeAnnotation}: external`,
        );
  return problems;
}
