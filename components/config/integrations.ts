import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DigitConfig } from "../../config/schema";
import { ConfigError } from "../../config/errors";
import { rotationKeepers } from "../security/rotation";

/**
 * DIGIT's integration Secrets: credentials of the state's SMS gateway, mail server, payment
 * gateway, maps and chatbot provider. The state sets them under digit:services.<owner>.secrets
 * (with --secret); keys not set stay empty, so the service starts and the feature stays off.
 * Secret name -> the service whose override holds its values, and its keys (catalog `secrets`).
 */
export const integrationSecrets: Record<string, { owner: string; keys: string[]; generated?: string[] }> = {
  "egov-notification-sms": { owner: "egov-notification-sms", keys: ["username", "password"] },
  "egov-notification-mail": { owner: "egov-notification-mail", keys: ["mailsenderusername", "mailsenderpassword"] },
  "egov-pg-service": {
    owner: "egov-pg-service",
    keys: ["axismerchantid", "axismerchantsecret", "axismerchantuser", "axismerchantpwd", "axismerchantaccesscode"],
  },
  "egov-location": { owner: "egov-location", keys: ["gmapskey"] },
  chatbot: { owner: "xstate-chatbot", keys: ["valuefirst-username", "valuefirst-password"] },
  // The finance ERP's system-integration login to DIGIT (eGov's demo: SIFINANCE) and its mail password.
  "egov-si-microservice": { owner: "egov-finance", keys: ["si-microservice-user", "si-microservice-password", "mail-sender-password"] },
  // The chatbot logs citizens in with this OTP; DIGIT's demo uses 123456. Generated unless set.
  "egov-user-chatbot": { owner: "egov-user-chatbot", keys: ["citizen-login-password-otp-fixed-value"], generated: ["citizen-login-password-otp-fixed-value"] },
};

/**
 * egov-enc-service's master keys of an existing DIGIT a state migrates (digit:services.egov-enc-service.secrets),
 * with the least length its SoftwareBasedMasterKey reads (8 salt bytes, `size.initialvector` = 12).
 */
export const encryptionMasterKeys = { "master-password": 8, "master-salt": 8, "master-initialvector": 12 } as const;

/** The master keys given in config, if any. */
export function givenEncryptionMaster(config: DigitConfig): { password?: string; salt?: string; initialVector?: string } | undefined {
  const s = config.services["egov-enc-service"]?.secrets;
  if (!s) return undefined;
  return { password: s["master-password"], salt: s["master-salt"], initialVector: s["master-initialvector"] };
}

/** Problems of digit:services.<svc>.secrets: unknown keys are typos. */
export function integrationSecretProblems(config: DigitConfig): string[] {
  const problems: string[] = [];
  for (const [svc, o] of Object.entries(config.services)) {
    const owned = Object.entries(integrationSecrets).filter(([, v]) => v.owner === svc);
    const master = svc === "egov-enc-service" ? Object.keys(encryptionMasterKeys) : [];
    if (svc === "egov-enc-service")
      for (const [key, value] of Object.entries(o.secrets ?? {})) {
        const min = encryptionMasterKeys[key as keyof typeof encryptionMasterKeys];
        if (min === undefined) continue;
        if (!/^[\x21-\x7e]+$/.test(value))
          problems.push(`digit:services.egov-enc-service.secrets.${key}: only printable ASCII works (egov-enc-service turns each character into one byte); give the value of your existing DIGIT`);
        else if (value.length < min)
          problems.push(`digit:services.egov-enc-service.secrets.${key}: too short: egov-enc-service reads ${min} characters of it; give the value of your existing DIGIT`);
      }
    for (const key of Object.keys(o.secrets ?? {})) {
      const allowed = [...owned.flatMap(([, v]) => v.keys), ...master];
      if (!allowed.includes(key))
        problems.push(
          `digit:services.${svc}.secrets.${key}: not a key of ${svc}'s integration Secret; allowed: ${allowed.length ? allowed.join(", ") : `none (${svc} reads no integration Secret)`}`,
        );
    }
  }
  return problems;
}

/**
 * SMS goes out once the state gives its gateway's credentials (egov-config sms-enabled). eGov's
 * environment leaves the provider at `Console`, which writes every SMS, one-time passwords included,
 * to the service's log, and the provider URL at a placeholder: with SMS on, both must be the state's.
 */
export function smsProblems(config: DigitConfig, catalogEnv: ReadonlyArray<{ name: string; value?: string }>): string[] {
  const sms = config.services["egov-notification-sms"];
  if (!Object.keys(sms?.secrets ?? {}).length) return [];
  const value = (name: string) => sms?.env?.[name] ?? catalogEnv.find((e) => e.name === name)?.value;
  const problems: string[] = [];
  if (value("SMS_PROVIDER_CLASS") === "Console")
    problems.push(
      "digit:services.egov-notification-sms.env.SMS_PROVIDER_CLASS: SMS is on (its secrets are given) but the provider is eGov's default Console, which writes every SMS, one-time passwords included, to the log: set it to Generic (or the provider class of your gateway)",
    );
  const url = value("SMS_PROVIDER_URL");
  if (!url || !/^https?:\/\//.test(url))
    problems.push(`digit:services.egov-notification-sms.env.SMS_PROVIDER_URL: SMS is on but the gateway URL is ${url ? `eGov's placeholder ${JSON.stringify(url)}` : "not set"}: set it to your SMS gateway's URL`);
  return problems;
}

export function checkIntegrationSecrets(config: DigitConfig): void {
  const p = integrationSecretProblems(config);
  if (p.length) throw new ConfigError(p);
}

/** Data of the integration Secrets the deployed services read; values are Pulumi secrets. */
export function integrationSecretData(
  config: DigitConfig,
  needed: string[],
  name: string,
  parent: pulumi.Resource,
): Record<string, Record<string, pulumi.Input<string>>> {
  const out: Record<string, Record<string, pulumi.Input<string>>> = {};
  for (const secretName of needed) {
    const spec = integrationSecrets[secretName];
    if (!spec) continue;
    const given = config.services[spec.owner]?.secrets ?? {};
    const data: Record<string, pulumi.Input<string>> = {};
    for (const key of spec.keys) {
      if (given[key] !== undefined) data[key] = pulumi.secret(given[key]);
      else if (spec.generated?.includes(key))
        data[key] = pulumi.secret(
          new random.RandomPassword(
            `${name}-${secretName}-${key}`,
            { length: 8, special: false, upper: false, lower: false, keepers: rotationKeepers(config.security?.rotation?.chatbotOtp) },
            { parent, additionalSecretOutputs: ["result"] },
          )
            .result,
        );
      else data[key] = pulumi.secret("");
    }
    out[secretName] = data;
  }
  return out;
}
