"""The brokers' security group: ingress only on the enabled listeners' ports, only from the
named client groups and CIDRs, every rule described. No ZooKeeper port is ever opened."""

import ipaddress

import pulumi
import pulumi_aws as aws

from ..listeners import Listener, listeners
from ..spec import ClusterSpec
from .tags import tags_for


def ingress_rules(spec: ClusterSpec) -> list[dict]:
    """Rules as the provider receives them: one per listener and kind of source."""
    groups = list(spec.client_security_group_ids)
    ipv4 = [
        c for c in spec.client_cidr_blocks if ipaddress.ip_network(c, strict=False).version == 4
    ]
    ipv6 = [
        c for c in spec.client_cidr_blocks if ipaddress.ip_network(c, strict=False).version == 6
    ]
    rules = []
    for listener in listeners(spec):
        if groups and not listener.public:
            rules.append(_rule(listener, "client security groups", security_groups=groups))
        if ipv4:
            rules.append(_rule(listener, "client CIDR blocks", cidr_blocks=ipv4))
        if ipv6:
            rules.append(_rule(listener, "client IPv6 CIDR blocks", ipv6_cidr_blocks=ipv6))
    return rules


def _rule(listener: Listener, source: str, **sources) -> dict:
    return {
        "description": f"{listener.label} ({listener.port}) from {source}",
        "protocol": "tcp",
        "from_port": listener.port,
        "to_port": listener.port,
        **sources,
    }


def build_security_group(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, vpc_id: pulumi.Input[str]
) -> aws.ec2.SecurityGroup:
    return aws.ec2.SecurityGroup(
        f"{name}-brokers",
        description=f"MSK brokers of {spec.cluster_name}: client ports of the enabled auth modes",
        vpc_id=vpc_id,
        ingress=ingress_rules(spec),
        # Brokers answer clients over the established connection; they open none of their own
        # into the VPC except to each other.
        egress=[
            {
                "description": "Broker to broker within this group only",
                "protocol": "tcp",
                "from_port": 0,
                "to_port": 65535,
                "self": True,
            }
        ],
        tags=tags_for(spec, f"{spec.cluster_name}-brokers"),
        opts=pulumi.ResourceOptions(parent=parent),
    )
