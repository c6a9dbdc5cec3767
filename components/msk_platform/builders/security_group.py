"""The brokers' security group: ingress only on the enabled listeners' ports, only from the
named client groups and CIDRs, every rule described. No ZooKeeper port is ever opened.

The CIDRs are IPv4 (the spec refuses IPv6 sources: a cluster has no IPv6 address until
dual-stack networking is turned on for it, and IPv6 clients then use other ports)."""

import pulumi
import pulumi_aws as aws

from ..listeners import listeners
from ..spec import ClusterSpec
from .monitoring import exporter_ports
from .safety import child_options
from .tags import tags_for


def ingress_rules(spec: ClusterSpec) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """Rules as the provider receives them: one per port and kind of source."""
    groups = list(spec.client_security_group_ids)
    cidrs = list(spec.client_cidr_blocks)
    rules: list[aws.ec2.SecurityGroupIngressArgsDict] = []
    for listener in listeners(spec):
        # Public listeners face the internet: security groups can't name clients there.
        rules += _source_rules(
            listener.label, listener.port, "client", [] if listener.public else groups, cidrs
        )
    monitoring = spec.open_monitoring
    if monitoring is not None:
        for label, port in exporter_ports(spec):
            rules += _source_rules(
                label,
                port,
                "monitoring",
                list(monitoring.source_security_group_ids),
                list(monitoring.source_cidr_blocks),
            )
    return rules


def _source_rules(
    label: str, port: int, who: str, groups: list[str], cidrs: list[str]
) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """One rule for the security groups and one for the CIDR blocks, as present."""
    rules: list[aws.ec2.SecurityGroupIngressArgsDict] = []
    if groups:
        rule = _rule(label, port, f"{who} security groups")
        rule["security_groups"] = groups
        rules.append(rule)
    if cidrs:
        rule = _rule(label, port, f"{who} CIDR blocks")
        rule["cidr_blocks"] = cidrs
        rules.append(rule)
    return rules


def _rule(label: str, port: int, source: str) -> aws.ec2.SecurityGroupIngressArgsDict:
    """A TCP rule for one port; the caller adds its one kind of source, last."""
    return {
        "description": f"{label} ({port}) from {source}",
        "protocol": "tcp",
        "from_port": port,
        "to_port": port,
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
        opts=child_options(spec, parent, aws.ec2.SecurityGroup),
    )
