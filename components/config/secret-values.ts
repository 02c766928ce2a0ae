import * as pulumi from "@pulumi/pulumi";
import type { DigitConfig } from "../../config/schema";
import { isSecretPath } from "../../config/secret-paths";
import type { ProxyOffer, Target } from "../../providers/target";

/**
 * Values of the config that may carry a credential besides the credential fields themselves
 * (proxy URLs, git and chart repository URLs, a service's env): where they are encrypted in the
 * stack file, or carry a user and password, pods read them from Secrets and Pulumi keeps them
 * secret. The user and password inside a URL are always secret; the rest of it is not.
 */

/** A URL without its user and password, and those (decoded), when it had them. */
export function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@(.*)$/i.exec(url);
  if (!m) return { url };
  const [, scheme, userinfo, rest] = m;
  const colon = userinfo.indexOf(":");
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1));
  return { url: `${scheme}${rest}`, username, ...(password !== undefined ? { password } : {}) };
}

export function hasCredentials(url: string | undefined): boolean {
  return !!url && splitCredentials(url).username !== undefined;
}

/** A config URL that must not appear in plain text: encrypted in the stack file, or carrying credentials. */
export function isSecretUrl(config: DigitConfig, path: string, url: string | undefined): boolean {
  return !!url && (isSecretPath(config, path) || hasCredentials(url));
}

/** The proxy offer marked secret when its URLs were encrypted in the stack file (pods then read them from the Secret digit-proxy). */
export function secretProxy(proxy: ProxyOffer | undefined, config: DigitConfig): ProxyOffer | undefined {
  if (!proxy) return proxy;
  const secret = isSecretUrl(config, "target.proxy.http", proxy.http) || isSecretUrl(config, "target.proxy.https", proxy.https);
  return secret ? { ...proxy, secretUrls: true } : proxy;
}

/** The Secret a service's encrypted env values (digit:services.<svc>.env) are read from. */
export function serviceEnvSecretName(service: string): string {
  return `digit-env-${service}`;
}

/** Whether digit:services.<svc>.env.<name> was encrypted. */
export function isSecretEnv(config: DigitConfig, service: string, name: string): boolean {
  return isSecretPath(config, `services.${service}.env.${name}`);
}

/** Secret name -> data of every service's encrypted env values. */
export function serviceEnvSecrets(config: DigitConfig, deployed: readonly string[]): Record<string, Record<string, pulumi.Input<string>>> {
  const out: Record<string, Record<string, pulumi.Input<string>>> = {};
  for (const svc of deployed) {
    const secret = Object.entries(config.services[svc]?.env ?? {}).filter(([name]) => isSecretEnv(config, svc, name));
    if (secret.length) out[serviceEnvSecretName(svc)] = Object.fromEntries(secret.map(([k, v]) => [k, pulumi.secret(v)]));
  }
  return out;
}

/** The Secret git-sync reads a secret config repository's URL from (key: the repository's directory). */
export const configReposSecretName = "digit-config-repos";

/**
 * The target as the platform hands it to its components: the same place, with the proxy read
 * from its Secret and the chart mirror kept secret where the config says so. Named fields, not a
 * spread: a target may be a class whose offers are getters.
 */
export function withSecretOffers(target: Target, config: DigitConfig): Target {
  const proxy = secretProxy(target.proxy, config);
  const chartRepository = target.registry.chartRepository;
  const chartSecret = !!chartRepository && isSecretUrl(config, "target.registry.chartRepository", chartRepository);
  if (proxy === target.proxy && !chartSecret) return target;
  return {
    kind: target.kind,
    name: target.name,
    provider: target.provider,
    storage: target.storage,
    database: target.database,
    objectStore: target.objectStore,
    exposure: target.exposure,
    registry: chartSecret ? { ...target.registry, chartRepositorySecret: true } : target.registry,
    proxy,
    capacity: target.capacity,
    readiness: target.readiness,
    apiServerCidrs: target.apiServerCidrs,
  };
}
