"""Orders across two accounts: an MSK cluster in the platform account, and a producer's VPC in
another account that reaches it over multi-VPC private connectivity (AWS PrivateLink).

- The platform account (the stack's default AWS provider) runs the cluster with multi-VPC
  connectivity for IAM clients, and a cluster policy that lets the producer account connect.
- The producer account (a provider of its own, through a role the deployer assumes) has its
  VPC, the security group of the connection's endpoints, and the connection itself, made with
  MskVpcConnection: the route msk-platform offers a client VPC of another account.

PrivateLink needs no routing between the VPCs (their ranges could even overlap); the brokers
admit the producer's range on their PrivateLink ports (``client_cidr_blocks``). The subnets of
both accounts are placed by AZ id, not name: a connection's subnets must be in the cluster's
zones, and zone names differ between accounts.
"""

import ipaddress

import pulumi
import pulumi_aws as aws

from msk_platform import MskCluster, MskVpcConnection, catalog

config = pulumi.Config()
producer_account = config.require("producerAccountId")
# AWS turns multi-VPC connectivity on only for a running cluster: the first deploy makes the
# cluster alone (false), the second turns connectivity on and connects the producer (true).
connect = config.get_bool("connectProducer") is not False
region = pulumi.Config("aws").require("region")
ZONE_IDS = ["use1-az1", "use1-az2", "use1-az4"]  # us-east-1 zones MSK takes (not use1-az3)
PLATFORM_CIDR, PRODUCER_CIDR = "10.70.0.0/16", "10.80.0.0/16"
# The brokers' PrivateLink ports, one per broker, as the component's catalog records them.
FIRST_PORT, LAST_PORT = catalog.port_range("multi_vpc_privatelink_range")


def network(name: str, cidr: str, opts: pulumi.ResourceOptions | None = None):
    """A VPC with one private subnet (a /20) per zone id, in the account ``opts`` deploys to."""
    vpc = aws.ec2.Vpc(name, cidr_block=cidr, enable_dns_hostnames=True, opts=opts)
    blocks = ipaddress.ip_network(cidr).subnets(new_prefix=20)
    subnets = [
        aws.ec2.Subnet(
            f"{name}-{zone}",
            vpc_id=vpc.id,
            cidr_block=str(next(blocks)),
            availability_zone_id=zone,
            opts=opts,
        )
        for zone in ZONE_IDS
    ]
    return vpc, subnets


# -- the platform account: the cluster ------------------------------------------------------
platform_vpc, platform_subnets = network("platform", PLATFORM_CIDR)
cluster = MskCluster(
    "orders",
    {
        "vpc_id": platform_vpc.id,
        "subnet_ids": [subnet.id for subnet in platform_subnets],
        "kafka_version": "3.9.x.kraft",
        "instance_type": "kafka.m7g.large",  # multi-VPC connectivity: not on t3 brokers
        "topics": [{"name": "orders", "partitions": 6}],
        **(
            {
                "vpc_connectivity": {"iam": True},
                "client_cidr_blocks": [PRODUCER_CIDR],  # PrivateLink ports: the producer's range
                "cluster_policy": {"principals": [producer_account]},
            }
            if connect
            else {}
        ),
    },
)

# -- the producer account: its VPC and its connection to the cluster ------------------------
producer = aws.Provider(
    "producer",
    region=region,
    assume_roles=[{"role_arn": config.require("producerRoleArn"), "session_name": "orders-mvpc"}],
    allowed_account_ids=[producer_account],
)
in_producer = pulumi.ResourceOptions(provider=producer)
producer_vpc, producer_subnets = network("producer", PRODUCER_CIDR, in_producer)
endpoints = aws.ec2.SecurityGroup(
    "producer-msk-endpoints",
    description="MSK VPC connection endpoints: the producer VPC's Kafka clients",
    vpc_id=producer_vpc.id,
    ingress=[
        {
            "description": "Kafka clients in this VPC to the brokers' PrivateLink ports",
            "protocol": "tcp",
            "from_port": FIRST_PORT,
            "to_port": LAST_PORT,
            "cidr_blocks": [PRODUCER_CIDR],
        }
    ],
    opts=in_producer,
)
if connect:
    link = MskVpcConnection(
        "orders-producer",
        {
            "target_cluster_arn": cluster.cluster_arn,
            "vpc_id": producer_vpc.id,
            "subnet_ids": [subnet.id for subnet in producer_subnets],
            "security_group_ids": [endpoints.id],
            "authentication": "iam",
            "tags": {"team": "producers"},
        },
        in_producer,
    )
    pulumi.export("vpcConnectionArn", link.arn)

pulumi.export("clusterArn", cluster.cluster_arn)
