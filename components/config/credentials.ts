import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Target } from "../../providers/target";
import { rotationKeepers } from "../security/rotation";

/** Credentials the platform hands to DIGIT's services and its own backbone; passwords are secrets. */
export interface PlatformCredentials {
  database: { username: pulumi.Input<string>; password: pulumi.Output<string> };
  /** the admin login of an external server on which the platform creates DIGIT's role and database (DatabaseOffer.createDatabase) */
  databaseAdmin?: { username: pulumi.Input<string>; password: pulumi.Output<string> };
  /** the keys egov-filestore signs with (MinIO's, the target's, or the state's) */
  objectStore: { accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };
  elasticsearch: { username: string; password: pulumi.Output<string> };
  /** egov-enc-service's master password, salt and initial vector (software key provider) */
  encryptionMaster: { password: pulumi.Output<string>; salt: pulumi.Output<string>; initialVector: pulumi.Output<string> };
  /** Redis' password (the `default` user's), which DIGIT's Redis clients send */
  redis: { password: pulumi.Output<string> };
}

function password(name: string, parent: pulumi.Resource, length = 32, rotation?: number, protect = false): pulumi.Output<string> {
  // No special characters: these end up in JDBC URLs, shell scripts and Helm values.
  // Secret in state (additionalSecretOutputs) and in the program (pulumi.secret), whatever the engine.
  // A new rotation counter replaces the password (keepers), nothing else.
  return pulumi.secret(
    new random.RandomPassword(name, { length, special: false, keepers: rotationKeepers(rotation) }, { parent, additionalSecretOutputs: ["result"], protect }).result,
  );
}

/**
 * egov-enc-service's master keys (its SoftwareBasedMasterKey: PBKDF2 over the password, the first 8
 * characters of the salt as bytes, `size.initialvector` = 12 characters of IV). Without them the
 * image falls back to the master password compiled into its application.properties, which is
 * public. Protected: deleting them would make DIGIT's encrypted data unreadable.
 */
function encryptionMaster(name: string, parent: pulumi.Resource, rotation: number | undefined, given?: { password?: string; salt?: string; initialVector?: string }) {
  const keep = (v: string | undefined, gen: () => pulumi.Output<string>) => (v !== undefined ? pulumi.secret(v) : gen());
  return {
    password: keep(given?.password, () => password(`${name}-enc-master-password`, parent, 32, rotation, true)),
    salt: keep(given?.salt, () => password(`${name}-enc-master-salt`, parent, 8, rotation, true)),
    initialVector: keep(given?.initialVector, () => password(`${name}-enc-master-iv`, parent, 12, rotation, true)),
  };
}

/** Generate what the target does not provide; take the rest from the target's offers. */
export function platformCredentials(
  name: string,
  target: Target,
  parent: pulumi.Resource,
  /** rotation counters (digit:security.rotation); default none */
  rotation: { database?: number; objectStore?: number; elasticsearch?: number; encryptionMaster?: number } = {},
  /** master keys a state brings from an existing DIGIT (digit:services.egov-enc-service.secrets); default generated */
  givenEncryptionMaster?: { password?: string; salt?: string; initialVector?: string },
): PlatformCredentials {
  const db = target.database;
  // With createDatabase the given login is an admin: DIGIT gets a role of its own, created by the backbone.
  const database =
    db.mode === "external" && !db.createDatabase
      ? { username: db.username, password: pulumi.secret(pulumi.output(db.password)) }
      : { username: "egov", password: password(`${name}-db-password`, parent, 32, rotation.database) };
  const databaseAdmin =
    db.mode === "external" && db.createDatabase ? { username: db.username, password: pulumi.secret(pulumi.output(db.password)) } : undefined;

  // egov-filestore signs every request with static keys: MinIO's generated ones, the keys the
  // target created for it, or the keys a state gave with its bucket.
  const os = target.objectStore;
  const keys = (k: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> }) => ({
    accessKey: pulumi.secret(pulumi.output(k.accessKey)),
    secretKey: pulumi.secret(pulumi.output(k.secretKey)),
  });
  const objectStore =
    os.mode === "minio"
      ? { accessKey: pulumi.secret(password(`${name}-minio-access-key`, parent, 20, rotation.objectStore)), secretKey: password(`${name}-minio-secret-key`, parent, 40, rotation.objectStore) }
      : os.signingKeys
        ? keys(os.signingKeys)
        : os.credentials.mode === "keys"
          ? keys(os.credentials)
          : (() => {
              throw new Error(
                `the ${os.mode} object store offers egov-filestore no keys to sign with: its DIGIT 2.9 LTS image cannot use workload identity; the target must create keys (ObjectStoreOffer.signingKeys)`,
              );
            })();

  return {
    database,
    ...(databaseAdmin ? { databaseAdmin } : {}),
    objectStore,
    elasticsearch: { username: "elastic", password: password(`${name}-es-password`, parent, 32, rotation.elasticsearch) },
    encryptionMaster: encryptionMaster(name, parent, rotation.encryptionMaster, givenEncryptionMaster),
    // not rotated by a counter: the server reads it at start only (rotate by replacing the RandomPassword)
    redis: { password: password(`${name}-redis-password`, parent, 32) },
  };
}
