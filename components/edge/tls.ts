import { X509Certificate, createPrivateKey } from "node:crypto";
import { ConfigError } from "../../config/errors";
import type { DigitConfig } from "../../config/schema";

/** digit:edge.tls as the schema gives it (undefined: not set). */
export type EdgeTlsConfig = DigitConfig["edge"]["tls"];

/**
 * How the edge gets its certificate. `self-signed` is never configured: it is what a dev stack
 * gets when digit:edge.tls is not set (HTTPS with a browser warning, never plain HTTP). The
 * provided key is not part of the plan: it stays in the config value and becomes a Pulumi secret
 * where the Secret is registered.
 */
export type TlsPlan =
  | { mode: "acme"; email: string; staging: boolean }
  | { mode: "provided" }
  | { mode: "self-signed" }
  | { mode: "none" };

export interface TlsDecision {
  plan: TlsPlan;
  /** shown in the plan summary (pulumi.log.warn) */
  warnings: string[];
}

/** A provided certificate this close to expiry is deployed with a warning. */
const renewWarningDays = 30;

const choices =
  "{mode: acme, email: <address>} (Let's Encrypt; the domain must resolve to the edge and port 80 be reachable from the internet) | " +
  "{mode: provided, certificate: <PEM chain>, key: <PEM key, set with --secret>} (the state's own certificate) | " +
  "{mode: none} (plain HTTP, never for production)";

/**
 * Decide the edge's TLS from config. Not set: a dev stack gets a self-signed certificate and a
 * warning; an ha (production) stack must choose, so a missing choice is a ConfigError. A provided
 * certificate is checked offline: PEM, covers digit:domain, not expired, matches its key.
 */
export function resolveTls(config: Pick<DigitConfig, "edge" | "profile" | "domain">, now: Date = new Date()): TlsDecision {
  const tls = config.edge.tls;
  if (!tls) {
    if (config.profile === "ha") throw new ConfigError([`digit:edge.tls: not set; a production (ha) stack must choose how the edge gets its certificate: ${choices}`]);
    return {
      plan: { mode: "self-signed" },
      warnings: [
        `digit:edge.tls is not set: the edge serves https://${config.domain}/ with a self-signed certificate (browsers warn). ` +
          `Set digit:edge.tls to acme or provided before real users arrive.`,
      ],
    };
  }
  switch (tls.mode) {
    case "acme":
      return { plan: { mode: "acme", email: tls.email, staging: tls.staging }, warnings: tls.staging ? [`digit:edge.tls.staging is true: Let's Encrypt's staging CA issues certificates no browser trusts`] : [] };
    case "none":
      return {
        plan: { mode: "none" },
        warnings: [`digit:edge.tls.mode is none: DIGIT is served over plain HTTP on port 80; passwords and tokens cross the network unencrypted`],
      };
    case "provided":
      return { plan: { mode: "provided" }, warnings: checkProvided(tls.certificate, tls.key, config.domain, now) };
  }
}

/** Offline checks of a state-provided certificate and key; problems are ConfigErrors, near expiry a warning. Never echoes the key. */
export function checkProvided(certificate: string, key: string, domain: string, now: Date): string[] {
  let cert: X509Certificate;
  try {
    if (!certificate.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no PEM block");
    cert = new X509Certificate(certificate);
  } catch {
    throw new ConfigError([`digit:edge.tls.certificate: not a PEM certificate; give the chain as "-----BEGIN CERTIFICATE-----" blocks, the server's certificate first`]);
  }
  const problems: string[] = [];
  if (!cert.checkHost(domain))
    problems.push(
      `digit:edge.tls.certificate: issued for ${cert.subjectAltName ?? cert.subject.replace(/\n/g, ", ")}, which does not cover digit:domain "${domain}"; use a certificate for that name, placed first in the chain`,
    );
  const notAfter = new Date(cert.validTo);
  const notBefore = new Date(cert.validFrom);
  if (notAfter.getTime() <= now.getTime())
    problems.push(`digit:edge.tls.certificate: expired on ${notAfter.toISOString().slice(0, 10)}; install a renewed certificate from the issuing CA`);
  else if (notBefore.getTime() > now.getTime())
    problems.push(`digit:edge.tls.certificate: not valid before ${notBefore.toISOString().slice(0, 10)}; check the certificate (or the machine's clock)`);
  const warnings: string[] = [];
  if (!pemKey.test(key))
    // The offline plan cannot decrypt secrets and sees a stand-in here; a real preview sees the key.
    warnings.push(`digit:edge.tls.key: not checked against the certificate: the program sees no PEM private key (expected in an offline plan; in a real preview the key is wrong)`);
  else
    try {
      const k = createPrivateKey({ key, format: "pem" });
      if (!cert.checkPrivateKey(k)) problems.push(`digit:edge.tls.key: does not belong to digit:edge.tls.certificate; set the key the certificate was issued for`);
    } catch {
      problems.push(`digit:edge.tls.key: not an unencrypted PEM private key (Envoy cannot use a key with a passphrase); set it with pulumi config set --secret --path 'digit:edge.tls.key'`);
    }
  if (problems.length) throw new ConfigError(problems);
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  if (daysLeft < renewWarningDays) warnings.push(`digit:edge.tls.certificate: expires in ${daysLeft} day(s), on ${notAfter.toISOString().slice(0, 10)}; renew it`);
  return warnings;
}

const pemKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
