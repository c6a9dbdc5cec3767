"""The cluster's network: the given VPC and subnets, or a small private one built for it.

The built network has one private subnet per AZ and nothing else: MSK needs no internet
gateway or NAT, and a VPC without them costs nothing. Its subnets go only in Availability
Zones (never the Local or Wavelength Zones a Region also lists once opted in to, where MSK
places no brokers) and never in the zones the catalog says MSK refuses.
"""

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from .safety import child_options
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


def zone_filters() -> list[aws.GetAvailabilityZonesFilterArgsDict]:
    """Only Availability Zones: the catalog's filters, as the zones invoke takes them."""
    return [
        {"name": name, "values": list(values)}
        for name, values in catalog.client_subnet_zone_filters().items()
    ]


def build_network(spec: ClusterSpec, name: str, parent: pulumi.Resource) -> Network:
    if spec.vpc_configs:
        # Serverless across several VPCs: nothing to build, no one VPC (each entry's is that
        # of its subnets, which only AWS knows offline), and every entry's subnets, in order.
        return Network(
            vpc_id=pulumi.Output.from_input(None),
            subnet_ids=pulumi.Output.from_input(
                [subnet for config in spec.vpc_configs for subnet in config.subnet_ids]
            ),
        )
    if not spec.builds_network:
        subnets = spec.subnet_ids
        return Network(
            vpc_id=pulumi.Output.from_input(spec.vpc_id),
            subnet_ids=pulumi.Output.from_input(
                list(subnets) if isinstance(subnets, tuple) else subnets
            ),
        )
    vpc = aws.ec2.Vpc(
        f"{name}-vpc",
        cidr_block=spec.vpc_cidr,
        enable_dns_support=True,
        enable_dns_hostnames=True,
        tags=tags_for(spec, f"{spec.cluster_name}-vpc"),
        opts=child_options(spec, parent, aws.ec2.Vpc),
    )
    # Take over the VPC's default security group and leave it with no rules, so nothing
    # lands in an open group by accident (checkov CKV2_AWS_12).
    aws.ec2.DefaultSecurityGroup(
        f"{name}-vpc-default-sg",
        vpc_id=vpc.id,
        ingress=[],
        egress=[],
        tags=tags_for(spec, f"{spec.cluster_name}-default-closed"),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    zones = aws.get_availability_zones_output(
        state="available",
        filters=zone_filters(),
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
                availability_zone=zones.names.apply(nth_zone(index, spec.az_count)),
                map_public_ip_on_launch=False,
                tags=tags_for(spec, f"{spec.cluster_name}-private-{index}"),
                opts=child_options(spec, parent, aws.ec2.Subnet),
            )
        )
    return Network(vpc_id=vpc.id, subnet_ids=pulumi.Output.all(*[s.id for s in subnets]))


def nth_zone(index: int, az_count: int) -> Callable[[Sequence[str]], str]:
    """The ``index``-th of the region's usable zone names (bound now, not when the loop
    ends); a clear error when the region has fewer than ``msk:azCount`` of them."""

    def pick(names: Sequence[str]) -> str:
        if index >= len(names):
            raise ValueError(
                f"msk:azCount: {az_count} zones, but this region has only {len(names)} "
                f"Availability Zones MSK can use ({', '.join(names) or 'none'}); use "
                f"{len(names)}, or give msk:vpcId and msk:subnetIds"
            )
        return names[index]

    return pick
