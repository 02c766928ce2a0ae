import type { DigitConfig } from "../../config/schema";

/** The generated credentials a stack can rotate (digit:security.rotation.<name>). */
export type RotatedCredential = "database" | "objectStore" | "elasticsearch" | "chatbotOtp" | "encryptionMaster";

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
  return (config.security?.rotation?.[credential] as number | undefined) ?? 0;
}

/**
 * A pod-template annotation that changes whenever a credential is rotated, so the pods reading
 * it through env restart with the new value; undefined until the first rotation (no restart on
 * upgrade).
 */
export function rotationStamp(config: Pick<DigitConfig, "security">): Record<string, string> | undefined {
  const r = config.security?.rotation ?? {};
  const parts = (Object.keys(r) as Array<keyof typeof r>)
    .filter((k) => k !== "allowEncryptionMasterRotation" && r[k])
    .sort()
    .map((k) => `${k}=${r[k]}`);
  return parts.length ? { "digit.egov.org/credentials-rotation": parts.join(",") } : undefined;
}

/**
 * egov-enc-service's master keys decrypt the data keys DIGIT stores in its database: new master
 * keys make every value it ever encrypted (citizens' names, mobile numbers, addresses) unreadable.
 * A rotation counter for them is refused unless the stack says it knows.
 */
export function encryptionRotationProblems(config: Pick<DigitConfig, "security">): string[] {
  const r = config.security?.rotation;
  if (!r?.encryptionMaster || r.allowEncryptionMasterRotation) return [];
  return [
    `digit:security.rotation.encryptionMaster: set to ${r.encryptionMaster}, which would replace egov-enc-service's master keys and make every value DIGIT encrypted with them unreadable; ` +
      "remove it, or set digit:security.rotation.allowEncryptionMasterRotation: true if this stack's encrypted data is re-encrypted or disposable",
  ];
}
