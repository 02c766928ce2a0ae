/**
 * Public routes of the deployed services, as eGov's Ingresses publish them: `/<context>` as a path
 * prefix, sent to DIGIT's API gateway when the chart says `ingress.zuul` (the gateway
 * authenticates the caller and forwards along the route table its discovery init container builds
 * from the Services' `zuul/route-path` annotations) and to the service itself otherwise. A
 * gateway route is returned only when the gateway is deployed too: sending it straight to the
 * service would skip authentication, and sending it to a missing gateway would fail every request.
 */
import { chartConventions, ServiceSpec } from "./types";

/** DIGIT 2.9 LTS's API gateway (Spring Cloud Gateway; it replaced zuul). */
export const gatewayService = "gateway";

export interface Route {
  /** the service the path belongs to */
  service: string;
  /** context path, matched as a path prefix (`/user` matches `/user/...`, not `/user-otp`) */
  path: string;
  /** true: behind the gateway's authentication */
  viaGateway: boolean;
  /** the Service that receives the traffic: the gateway for gateway routes, the service otherwise */
  backend: string;
  port: number;
}

/** Routes of the services, in their order. */
export function routes(services: readonly Pick<ServiceSpec, "name" | "ingress">[]): Route[] {
  const gateway = services.some((s) => s.name === gatewayService);
  return services.flatMap((s) => {
    if (!s.ingress || (s.ingress.viaGateway && !gateway)) return [];
    return [
      {
        service: s.name,
        path: s.ingress.path,
        viaGateway: s.ingress.viaGateway,
        backend: s.ingress.viaGateway ? gatewayService : s.name,
        port: chartConventions.port,
      },
    ];
  });
}

/** Gateway routes that routes() leaves out because the gateway is not deployed. */
export function routesWithoutGateway(services: readonly Pick<ServiceSpec, "name" | "ingress">[]): Array<{ service: string; path: string }> {
  if (services.some((s) => s.name === gatewayService)) return [];
  return services.flatMap((s) => (s.ingress?.viaGateway ? [{ service: s.name, path: s.ingress.path }] : []));
}

const segments = (p: string) => p.split("/").filter(Boolean);

/** True when one path prefix would also match requests of the other (equal, or a whole-segment prefix). */
function overlaps(a: string, b: string): boolean {
  const [x, y] = [segments(a), segments(b)];
  const n = Math.min(x.length, y.length);
  return x.slice(0, n).every((seg, i) => seg === y[i]);
}

/** Pairs of routes of different services whose paths collide, as messages. */
export function routeCollisions(list: readonly Route[]): string[] {
  const problems: string[] = [];
  list.forEach((a, i) =>
    list.slice(i + 1).forEach((b) => {
      if (a.service !== b.service && overlaps(a.path, b.path))
        problems.push(`route ${b.path} of ${b.service} collides with route ${a.path} of ${a.service}: give one of them another context path`);
    }),
  );
  return problems;
}
