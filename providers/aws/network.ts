import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import type { AwsPlan } from "./plan";

/** Where the database goes: the VPC and its private subnets (created here, or an existing cluster's). */
export interface Network {
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** The network the target creates. */
export interface CreatedNetwork extends Network {
  vpc: ec2.Vpc;
  /** one per zone, in the plan's zone order: nodes, pods, the database */
  privateSubnets: ec2.Subnet[];
  /** one per zone: NAT gateways and internet-facing load balancers */
  publicSubnets: ec2.Subnet[];
}

/** VPC over the plan's zones: public subnets behind an internet gateway, private ones behind NAT. */
export function createNetwork(name: string, plan: AwsPlan, parent: pulumi.Resource): CreatedNetwork {
  const { region } = plan;
  const opts = { parent };
  const tags = (resource: string, extra: Record<string, string> = {}) => ({ ...plan.tags, Name: `${plan.baseName}-${resource}`, ...extra });
  // Service controllers find load-balancer subnets by these tags.
  const clusterTag = { [`kubernetes.io/cluster/${plan.cluster.name}`]: "shared" };

  const vpc = new ec2.Vpc(
    `${name}-vpc`,
    { cidrBlock: plan.network.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, region, tags: tags("vpc") },
    opts,
  );
  const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, region, tags: tags("igw") }, opts);

  const publicSubnets = plan.network.zones.map(
    (z, i) =>
      new ec2.Subnet(
        `${name}-public-${i + 1}`,
        {
          vpcId: vpc.id,
          cidrBlock: z.publicCidr,
          availabilityZone: z.name,
          mapPublicIpOnLaunch: false,
          region,
          tags: tags(`public-${z.name}`, { ...clusterTag, "kubernetes.io/role/elb": "1" }),
        },
        opts,
      ),
  );
  const privateSubnets = plan.network.zones.map(
    (z, i) =>
      new ec2.Subnet(
        `${name}-private-${i + 1}`,
        {
          vpcId: vpc.id,
          cidrBlock: z.privateCidr,
          availabilityZone: z.name,
          region,
          tags: tags(`private-${z.name}`, { ...clusterTag, "kubernetes.io/role/internal-elb": "1" }),
        },
        opts,
      ),
  );

  const publicRoutes = new ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, region, tags: tags("public") }, opts);
  new ec2.Route(`${name}-public-default`, { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id, region }, opts);
  publicSubnets.forEach(
    (s, i) => new ec2.RouteTableAssociation(`${name}-public-rta-${i + 1}`, { subnetId: s.id, routeTableId: publicRoutes.id, region }, opts),
  );

  // dev: one NAT gateway (one zone's outage cuts egress); ha: one per zone.
  const natCount = plan.network.natGateways === "per-zone" ? publicSubnets.length : 1;
  const nats = publicSubnets.slice(0, natCount).map((s, i) => {
    const eip = new ec2.Eip(`${name}-nat-eip-${i + 1}`, { domain: "vpc", region, tags: tags(`nat-${i + 1}`) }, { parent, dependsOn: [igw] });
    return new ec2.NatGateway(
      `${name}-nat-${i + 1}`,
      { allocationId: eip.id, subnetId: s.id, connectivityType: "public", region, tags: tags(`nat-${i + 1}`) },
      { parent, dependsOn: [igw] },
    );
  });

  const privateRouteTables = privateSubnets.map((s, i) => {
    const rt = new ec2.RouteTable(`${name}-private-rt-${i + 1}`, { vpcId: vpc.id, region, tags: tags(`private-${i + 1}`) }, opts);
    new ec2.Route(
      `${name}-private-default-${i + 1}`,
      { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id, region },
      opts,
    );
    new ec2.RouteTableAssociation(`${name}-private-rta-${i + 1}`, { subnetId: s.id, routeTableId: rt.id, region }, opts);
    return rt;
  });

  // S3 traffic (the filestore's) stays inside AWS instead of paying for NAT.
  new ec2.VpcEndpoint(
    `${name}-s3-endpoint`,
    {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTables.map((rt) => rt.id),
      region,
      tags: tags("s3"),
    },
    opts,
  );

  return { vpc, privateSubnets, publicSubnets, vpcId: vpc.id, privateSubnetIds: privateSubnets.map((s) => s.id) };
}
