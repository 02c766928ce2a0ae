import type { DigitConfig } from "../../config/schema";

/** The generated credentials a stack can rotate (digit:security.rotation.<name>). */
export type RotatedCredential = "database" | "objectStore" | "elasticsearch" | "chatbotOtp";

/**
 * Keepers of a generated credential: a new rotation counter replaces the RandomPassword and
 * so its value, and only what reads it (Secrets, the database user's password) is updated.
 * Counter 0 (the default) gives no keepers at all, so a stack created before rotation existed
 * keeps its passwords.
 */
export function rotationKeepers(counter: number | undefined): Record<string, string> | undefined {
  return counter ? { rotation: String(counter) } : undefined;
}

export function rotationOf(config: Pick<DigitConfig, "security">, credential: RotatedCredential): number {
  return config.security?.rotation?.[credential] ?? 0;
}

/**
 * A pod-template annotation that changes whenever a credential is rotated, so the pods reading
 * it through env restart with the new value; undefined until the first rotation (no restart on
 * upgrade).
 */
export function rotationStamp(config: Pick<DigitConfig, "security">): Record<string, string> | undefined {
  const r = config.security?.rotation ?? {};
  const parts = (Object.keys(r) as RotatedCredential[]).filter((k) => r[k]).sort().map((k) => `${k}=${r[k]}`);
  return parts.length ? { "digit.egov.org/credentials-rotation": parts.join(",") } : undefined;
}
