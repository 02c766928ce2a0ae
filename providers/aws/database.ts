import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as ec2 from "@pulumi/aws/ec2";
import * as kms from "@pulumi/aws/kms";
import * as rds from "@pulumi/aws/rds";
import * as vpc from "@pulumi/aws/vpc";
import type { AwsPlan, DatabasePlan } from "./plan";
import type { Network } from "./network";

export interface Database {
  instance: rds.Instance;
  /** the master password, a Pulumi secret */
  password: pulumi.Output<string>;
}

/** RDS for PostgreSQL in the private subnets, reachable on 5432 from the cluster's nodes only, TLS forced. */
export function createDatabase(
  name: string,
  plan: AwsPlan,
  db: Extract<DatabasePlan, { mode: "managed" }>,
  network: Network,
  clusterSecurityGroupId: pulumi.Input<string>,
  key: kms.Key,
  parent: pulumi.Resource,
  /** TargetContext.databaseRotation; default 0 */
  rotation = 0,
): Database {
  const { region, tags } = plan;
  // A rotation counter replaces the password only (keepers); RDS changes a master password in place.
  const password = new random.RandomPassword(`${name}-db-password`, { length: 32, special: false, ...(rotation ? { keepers: { rotation: String(rotation) } } : {}) }, { parent });

  const sg = new ec2.SecurityGroup(
    `${name}-db-sg`,
    { vpcId: network.vpcId, description: "DIGIT PostgreSQL: port 5432 from the EKS cluster only", region, tags: { ...tags, Name: `${plan.baseName}-postgres` } },
    { parent },
  );
  new vpc.SecurityGroupIngressRule(
    `${name}-db-from-cluster`,
    {
      securityGroupId: sg.id,
      referencedSecurityGroupId: clusterSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: db.port,
      toPort: db.port,
      description: "PostgreSQL from the EKS cluster security group (nodes and pods)",
      region,
      tags,
    },
    { parent },
  );

  const subnets = new rds.SubnetGroup(
    `${name}-db-subnets`,
    { subnetIds: network.privateSubnetIds, description: "DIGIT PostgreSQL: private subnets", region, tags },
    { parent },
  );
  const params = new rds.ParameterGroup(
    `${name}-db-params`,
    { family: db.family, description: "DIGIT PostgreSQL: TLS only", parameters: db.parameters, region, tags },
    { parent },
  );

  const instance = new rds.Instance(
    `${name}-postgres`,
    {
      identifier: db.identifier,
      engine: "postgres",
      engineVersion: db.engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      instanceClass: db.instanceClass,
      allocatedStorage: db.allocatedStorageGb,
      maxAllocatedStorage: db.maxAllocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbName: db.dbName,
      username: db.username,
      password: password.result,
      port: db.port,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      parameterGroupName: params.name,
      publiclyAccessible: false,
      multiAz: db.multiAz,
      backupRetentionPeriod: db.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: db.deletionProtection,
      skipFinalSnapshot: db.skipFinalSnapshot,
      finalSnapshotIdentifier: db.finalSnapshotIdentifier,
      enabledCloudwatchLogsExports: db.logExports,
      performanceInsightsEnabled: db.performanceInsights,
      performanceInsightsKmsKeyId: db.performanceInsights ? key.arn : undefined,
      performanceInsightsRetentionPeriod: db.performanceInsights ? 7 : undefined,
      region,
      tags,
    },
    { parent, protect: plan.protect, retainOnDelete: plan.protect, additionalSecretOutputs: ["password"] },
  );

  return { instance, password: pulumi.secret(password.result) };
}
