"""The cluster's network: the given VPC and subnets, or a small private one built for it.

The built network has one private subnet per AZ and nothing else: MSK needs no internet
gateway or NAT, and a VPC without them costs nothing.
"""

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from .tags import tags_for

SUBNET_EXTRA_BITS = 4  # a /16 VPC gets /20 subnets, leaving room for more
SMALLEST_SUBNET_PREFIX = 28  # AWS's smallest subnet


@dataclass(frozen=True)
class Network:
    vpc_id: pulumi.Output
    subnet_ids: pulumi.Output


def subnet_cidrs(vpc_cidr: str, count: int) -> list[str]:
    """The first ``count`` equal subnets of the VPC range."""
    network = ipaddress.ip_network(vpc_cidr)
    prefix = min(network.prefixlen + SUBNET_EXTRA_BITS, SMALLEST_SUBNET_PREFIX)
    return [str(s) for s in list(network.subnets(new_prefix=prefix))[:count]]


def build_network(spec: ClusterSpec, name: str, parent: pulumi.Resource) -> Network:
    if not spec.builds_network:
        subnets = spec.subnet_ids
        return Network(
            vpc_id=pulumi.Output.from_input(spec.vpc_id),
            subnet_ids=pulumi.Output.from_input(
                list(subnets) if isinstance(subnets, tuple) else subnets
            ),
        )
    child = pulumi.ResourceOptions(parent=parent)
    vpc = aws.ec2.Vpc(
        f"{name}-vpc",
        cidr_block=spec.vpc_cidr,
        enable_dns_support=True,
        enable_dns_hostnames=True,
        tags=tags_for(spec, f"{spec.cluster_name}-vpc"),
        opts=child,
    )
    # Take over the VPC's default security group and leave it with no rules, so nothing
    # lands in an open group by accident (checkov CKV2_AWS_12).
    aws.ec2.DefaultSecurityGroup(
        f"{name}-vpc-default-sg",
        vpc_id=vpc.id,
        ingress=[],
        egress=[],
        tags=tags_for(spec, f"{spec.cluster_name}-default-closed"),
        opts=child,
    )
    zones = aws.get_availability_zones_output(
        state="available",
        exclude_zone_ids=list(catalog.unsupported_az_ids()),
        opts=pulumi.InvokeOutputOptions(parent=parent),
    )
    # from_args fills both (their defaults) whenever the component builds the network.
    assert spec.vpc_cidr is not None and spec.az_count is not None
    subnets = []
    for index, cidr in enumerate(subnet_cidrs(spec.vpc_cidr, spec.az_count)):
        subnets.append(
            aws.ec2.Subnet(
                f"{name}-private-{index}",
                vpc_id=vpc.id,
                cidr_block=cidr,
                availability_zone=zones.names.apply(_nth(index)),
                map_public_ip_on_launch=False,
                tags=tags_for(spec, f"{spec.cluster_name}-private-{index}"),
                opts=child,
            )
        )
    return Network(vpc_id=vpc.id, subnet_ids=pulumi.Output.all(*[s.id for s in subnets]))


def _nth(index: int) -> Callable[[Sequence[str]], str]:
    """The ``index``-th of the region's zone names (bound now, not when the loop ends)."""
    return lambda names: names[index]
