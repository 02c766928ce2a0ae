import * as pulumi from "@pulumi/pulumi";
import { backboneServiceNames } from "../backbone/endpoints";
import { redisPort } from "../backbone/redis";
import { namespaces } from "../namespaces";
import type { EnvSource } from "./spec";

/** The Secret in egov DIGIT's Redis clients read: `password`, and `url` (redis://:<password>@redis.backbone:6379). */
export const redisSecretName = "redis";

/**
 * How a DIGIT image connects to Redis, read in its source (egovernments/Digit-Core at the commit in
 * its DIGIT 2.9 LTS tag; vendor/egovernments/DIGIT-DevOps/SOURCE.md). The catalog says which
 * services use Redis (`needs`); only the code says whether and how they send a password:
 * - `uri-in-host`: the host setting is handed to Jedis whole, which reads a redis:// URI with the password;
 * - `spring-data`: Spring Boot 3's auto-configuration (spring.data.redis.password);
 * - `none`: the code builds its connection from host and port alone, so it gets the password-less cache instance.
 * A service not listed here gets Spring Boot's password properties for the env it has.
 */
export const redisClients: Readonly<Record<string, { how: "uri-in-host" | "spring-data" | "none"; source: string }>> = {
  "egov-user": {
    how: "uri-in-host",
    source: "Digit-Core c33cfe45ab core-services/egov-user EgovUserApplication.java and AuthorizationServerConfiguration.java: new JedisConnectionFactory(new JedisShardInfo(spring.redis.host)); Jedis 2.9 JedisShardInfo(String) parses redis://:password@host:port",
  },
  // the chatbot's user service is an egov-user image (same code)
  "egov-user-chatbot": { how: "uri-in-host", source: "an egov-user image (see egov-user)" },
  gateway: { how: "spring-data", source: "Digit-Core a916a090e6 core-services/gateway config/RedisConfig.java is commented out: Spring Boot 3.2.2 auto-configuration reads spring.data.redis.password" },
  "egov-localization": {
    how: "none",
    source: "Digit-Core 237578ce80 core-services/egov-localization config/RedisConfig.java: new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port)), no password",
  },
  "egov-url-shortening": {
    how: "none",
    source: "Digit-Core 07f47790b8 core-services/egov-url-shortening repository/URLRedisRepository.java: new Jedis(new HostAndPort(host, port)), no AUTH",
  },
};

/** What the platform knows of a service when it adds env for its needs. */
export interface ServiceFacts {
  name: string;
  /** the env it already has (the catalog's) */
  env: readonly EnvSource[];
}

const fromSecret = (name: string, key: string): EnvSource => ({ name, secret: redisSecretName, key });

/** The env a service that uses Redis gets, so it authenticates (or, if its code cannot, uses the cache instance). */
export function redisClientEnv(s: ServiceFacts): EnvSource[] {
  const has = (n: string) => s.env.some((e) => e.name === n);
  const how = redisClients[s.name]?.how ?? (has("SPRING_DATA_REDIS_HOST") && !has("SPRING_REDIS_HOST") ? "spring-data" : undefined);
  const cacheHost = `${backboneServiceNames.redisCache}.${namespaces.backbone}`;
  switch (how) {
    case "uri-in-host":
      return [fromSecret("SPRING_REDIS_HOST", "url")];
    case "spring-data":
      return [fromSecret("SPRING_DATA_REDIS_PASSWORD", "password")];
    case "none":
      return [
        ...(has("SPRING_DATA_REDIS_HOST") ? [{ name: "SPRING_DATA_REDIS_HOST", value: cacheHost }] : []),
        ...(has("SPRING_REDIS_HOST") || !has("SPRING_DATA_REDIS_HOST") ? [{ name: "SPRING_REDIS_HOST", value: cacheHost }] : []),
      ];
    default:
      // Spring Boot 2 reads spring.redis.password, Spring Boot 3 spring.data.redis.password
      return [fromSecret("SPRING_REDIS_PASSWORD", "password"), fromSecret("SPRING_DATA_REDIS_PASSWORD", "password")];
  }
}

/** Data of egov's `redis` Secret (Pulumi secrets). */
export function redisSecretData(password: pulumi.Input<string>): Record<string, pulumi.Input<string>> {
  return {
    password: pulumi.secret(password),
    url: pulumi.secret(pulumi.interpolate`redis://:${password}@${backboneServiceNames.redis}.${namespaces.backbone}:${redisPort}`),
  };
}
