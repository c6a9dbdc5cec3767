"""Orders platform: an MSK cluster from the msk-platform package, and the app that uses it."""

import pulumi
import pulumi_aws as aws
from components.app import build_app

from msk_platform import MskCluster

network = aws.ec2.Vpc("orders", cidr_block="10.50.0.0/16", enable_dns_hostnames=True)
subnets = [
    aws.ec2.Subnet(
        f"orders-{zone}",
        vpc_id=network.id,
        cidr_block=f"10.50.{i * 16}.0/20",
        availability_zone=f"us-east-1{zone}",
    )
    for i, zone in enumerate("abc")
]
app = build_app("orders", network.id)

cluster = MskCluster(
    "orders",
    {
        "vpc_id": network.id,
        "subnet_ids": [subnet.id for subnet in subnets],
        "client_security_group_ids": [app.security_group.id],
        "kafka_version": "3.9.x.kraft",
        "topics": [{"name": "orders", "partitions": 6}],
    },
)
cluster.grant_produce(app.role, ["orders"], idempotent=True)
cluster.grant_consume(app.role, ["orders"], consumer_groups=["orders-app"])

pulumi.export("bootstrap", cluster.bootstrap_brokers_iam)
pulumi.export("clientProperties", cluster.client_properties)
