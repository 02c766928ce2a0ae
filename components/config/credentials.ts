import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Target } from "../../providers/target";
import { rotationKeepers } from "../security/rotation";

/** Credentials the platform hands to DIGIT's services and its own backbone; passwords are secrets. */
export interface PlatformCredentials {
  database: { username: pulumi.Input<string>; password: pulumi.Output<string> };
  /** the admin login of an external server on which the platform creates DIGIT's role and database (DatabaseOffer.createDatabase) */
  databaseAdmin?: { username: pulumi.Input<string>; password: pulumi.Output<string> };
  /** object store access for egov-filestore (empty under workload identity) */
  objectStore: { accessKey: pulumi.Output<string>; secretKey: pulumi.Output<string> };
  elasticsearch: { username: string; password: pulumi.Output<string> };
  /** Redis' password (the `default` user's), which DIGIT's Redis clients send */
  redis: { password: pulumi.Output<string> };
}

function password(name: string, parent: pulumi.Resource, length = 32, rotation?: number): pulumi.Output<string> {
  // No special characters: these end up in JDBC URLs, shell scripts and Helm values.
  // Secret in state (additionalSecretOutputs) and in the program (pulumi.secret), whatever the engine.
  // A new rotation counter replaces the password (keepers), nothing else.
  return pulumi.secret(
    new random.RandomPassword(name, { length, special: false, keepers: rotationKeepers(rotation) }, { parent, additionalSecretOutputs: ["result"] }).result,
  );
}

/** Generate what the target does not provide; take the rest from the target's offers. */
export function platformCredentials(
  name: string,
  target: Target,
  parent: pulumi.Resource,
  /** rotation counters (digit:security.rotation); default none */
  rotation: { database?: number; objectStore?: number; elasticsearch?: number } = {},
): PlatformCredentials {
  const db = target.database;
  // With createDatabase the given login is an admin: DIGIT gets a role of its own, created by the backbone.
  const database =
    db.mode === "external" && !db.createDatabase
      ? { username: db.username, password: pulumi.secret(pulumi.output(db.password)) }
      : { username: "egov", password: password(`${name}-db-password`, parent, 32, rotation.database) };
  const databaseAdmin =
    db.mode === "external" && db.createDatabase ? { username: db.username, password: pulumi.secret(pulumi.output(db.password)) } : undefined;

  const os = target.objectStore;
  const objectStore =
    os.mode === "minio"
      ? { accessKey: pulumi.secret(password(`${name}-minio-access-key`, parent, 20, rotation.objectStore)), secretKey: password(`${name}-minio-secret-key`, parent, 40, rotation.objectStore) }
      : os.mode === "nfs" || os.credentials.mode === "workload-identity"
        ? { accessKey: pulumi.secret(""), secretKey: pulumi.secret("") }
        : { accessKey: pulumi.secret(pulumi.output(os.credentials.accessKey)), secretKey: pulumi.secret(pulumi.output(os.credentials.secretKey)) };

  return {
    database,
    ...(databaseAdmin ? { databaseAdmin } : {}),
    objectStore,
    elasticsearch: { username: "elastic", password: password(`${name}-es-password`, parent, 32, rotation.elasticsearch) },
    // not rotated by a counter: the server reads it at start only (rotate by replacing the RandomPassword)
    redis: { password: password(`${name}-redis-password`, parent, 32) },
  };
}
