/**
 * DIGIT's first employee login. eGov's egov-user chart runs a Job that posts a SUPERUSER (with
 * the CSR and GRO roles) to egov-user's internal `/user/users/_createnovalidate`, with the
 * password of env-secrets.yaml, for tenant `pg`. The platform does the same for the state's tenant
 * with a generated password (a Pulumi secret, in Secret egov-user-admin and the stack's outputs),
 * and only when the user does not exist yet, so a re-run never resets a password the state changed.
 */
import { imageRef, utilityImages } from "../images";
import { standardLabels } from "../meta";
import { restrictedContainerSecurity, restrictedPodSecurity } from "./render";

/** Secret (namespace egov) holding the first employee login. */
export const adminUserSecret = { name: "egov-user-admin", username: "username", password: "password" } as const;

/** The login name of the first employee. */
export const adminUserName = "ADMIN";

/**
 * egov-user's password policy (application.properties of its LTS image: egov.user.pwd.pattern and
 * its length bounds): 8-15 characters with a digit, a lower-case and an upper-case letter and one
 * of @#$%, no whitespace. The generated password follows it.
 */
export const adminPasswordPolicy = { length: 15, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 1, overrideSpecial: "@#$%" } as const;

/** The roles eGov's Job gives the first employee. */
export const adminRoles = [
  { code: "SUPERUSER", name: "Super User" },
  { code: "CSR", name: "PGR CSR for registering complaints" },
  { code: "GRO", name: "GRO for searching complaints" },
] as const;

/** The shell script of the Job: wait for egov-user, search for the user, create it when absent. */
export function adminUserScript(userService: string, tenantId: string): string {
  const roles = adminRoles.map((r) => `{"code":"${r.code}","name":"${r.name}","tenantId":"${tenantId}"}`).join(",");
  const info = `"RequestInfo":{"apiId":"Rainmaker","ver":".01","action":"_create","msgId":"digit-pulumi|en_IN"}`;
  return [
    "set -eu",
    `until wget -q -O /dev/null ${userService}/user/health; do echo "waiting for egov-user"; sleep 5; done`,
    `found=$(wget -q -O- --header 'Content-Type: application/json' --post-data '{${info},"userName":"'"$ADMIN_USERNAME"'","tenantId":"${tenantId}","userType":"EMPLOYEE"}' ${userService}/user/_search)`,
    `case "$found" in *'"userName":"'"$ADMIN_USERNAME"'"'*) echo "employee $ADMIN_USERNAME exists in ${tenantId}: nothing to do"; exit 0;; esac`,
    `body='{${info},"user":{"userName":"'"$ADMIN_USERNAME"'","name":"DIGIT Administrator","mobileNumber":"'"$ADMIN_MOBILE"'","type":"EMPLOYEE","active":true,"password":"'"$ADMIN_PASSWORD"'","roles":[${roles}],"tenantId":"${tenantId}"}}'`,
    `wget -q -O- --header 'Content-Type: application/json' --post-data "$body" ${userService}/user/users/_createnovalidate >/dev/null`,
    `echo "created employee $ADMIN_USERNAME in ${tenantId} (roles ${adminRoles.map((r) => r.code).join(", ")})"`,
  ].join("\n");
}

export interface AdminUserJobContext {
  namespace: string;
  /** state tenant id, e.g. pb */
  tenantId: string;
  mirror?: string;
  pullSecretName?: string;
  /** in-cluster URL of egov-user, without a trailing slash */
  userService: string;
  /** mobile number DIGIT requires on a user; default a placeholder the state replaces in the employee's profile */
  mobileNumber?: string;
}

/** The Job creating the first employee, as plain data. */
export function adminUserJob(ctx: AdminUserJobContext): Record<string, any> {
  const name = "egov-user-admin";
  const labels = standardLabels(name, "bootstrap");
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: ctx.namespace, labels },
    spec: {
      backoffLimit: 10,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurity,
          ...(ctx.pullSecretName ? { imagePullSecrets: [{ name: ctx.pullSecretName }] } : {}),
          containers: [
            {
              name: "create-admin",
              image: imageRef(utilityImages.busybox.image, utilityImages.busybox.tag, ctx.mirror),
              command: ["sh", "-c", adminUserScript(ctx.userService, ctx.tenantId)],
              env: [
                { name: "ADMIN_USERNAME", valueFrom: { secretKeyRef: { name: adminUserSecret.name, key: adminUserSecret.username } } },
                { name: "ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: adminUserSecret.name, key: adminUserSecret.password } } },
                { name: "ADMIN_MOBILE", value: ctx.mobileNumber ?? "9999999999" },
              ],
              resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
              securityContext: restrictedContainerSecurity,
            },
          ],
        },
      },
    },
  };
}
