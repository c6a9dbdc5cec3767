"""N MskClusters (config ``many:clusters``), each with its own security group and key."""

import pulumi

from msk_platform import MskCluster

SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]

for index in range(pulumi.Config().require_int("clusters")):
    cluster = MskCluster(
        f"c{index}",
        {
            "cluster_name": f"bench-{index}",
            "vpc_id": "vpc-0a1b2c3d4e5f60718",
            "subnet_ids": SUBNETS,
            "client_cidr_blocks": ["10.0.0.0/8"],
            "kafka_version": "3.9.x.kraft",
        },
    )
    pulumi.export(f"c{index}", cluster.cluster_arn)
