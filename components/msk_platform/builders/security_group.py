"""The brokers' security group: ingress only on the enabled listeners' ports, only from the
named client groups and CIDRs, every rule described. No ZooKeeper port is ever opened.

The CIDRs are IPv4 (the spec refuses IPv6 sources: a cluster has no IPv6 address until
dual-stack networking is turned on for it, and IPv6 clients then use other ports)."""

import pulumi
import pulumi_aws as aws

from .. import catalog
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
        if listener.private_link:
            continue  # their modes share one range: one rule set for it, below
        # Public listeners face the internet: security groups can't name clients there.
        rules += _source_rules(
            listener.label, listener.port, "client", [] if listener.public else groups, cidrs
        )
    rules += _private_link_rules(spec, cidrs)
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


def _private_link_rules(
    spec: ClusterSpec, cidrs: list[str]
) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """Multi-VPC connectivity: the port range its modes share, once, from the client VPCs'
    CIDR blocks only; their own security groups are in VPCs this group can't name."""
    linked = [listener for listener in listeners(spec) if listener.private_link]
    if not linked:
        return []
    first, last = linked[0].ports
    modes = "/".join(listener.mode for listener in linked)
    label = f"Kafka multi-VPC private connectivity, {modes}"
    return _source_rules(label, first, "client", [], cidrs, last_port=last)


def _source_rules(
    label: str,
    port: int,
    who: str,
    groups: list[str],
    cidrs: list[str],
    last_port: int | None = None,
) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """One rule for the security groups and one for the CIDR blocks, as present."""
    rules: list[aws.ec2.SecurityGroupIngressArgsDict] = []
    if groups:
        rule = _rule(label, port, f"{who} security groups", last_port)
        rule["security_groups"] = groups
        rules.append(rule)
    if cidrs:
        rule = _rule(label, port, f"{who} CIDR blocks", last_port)
        rule["cidr_blocks"] = cidrs
        rules.append(rule)
    return rules


def _rule(
    label: str, port: int, source: str, last_port: int | None = None
) -> aws.ec2.SecurityGroupIngressArgsDict:
    """A TCP rule for one port (or up to ``last_port``); the caller adds its one kind of
    source, last."""
    last = port if last_port is None else last_port
    ports = str(port) if last == port else f"{port}-{last}"
    return {
        "description": f"{label} ({ports}) from {source}",
        "protocol": "tcp",
        "from_port": port,
        "to_port": last,
    }


def connector_ingress_rules(
    connector_groups: list,  # of pulumi.Input[str]: the groups' ids, known at deployment
) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """MSK Connect connectors (msk:connectors): the IAM port only, from their own groups.
    Inline with the other rules: this group's rules are all inline, and the provider warns
    against adding rule resources to a group that has them."""
    return _source_rules(
        "Kafka SASL/IAM", catalog.port("sasl_iam"), "MSK Connect connector", connector_groups, []
    )


def replicator_ingress_rules(
    replicator_groups: list,  # group ids, Outputs of the groups made for them
) -> list[aws.ec2.SecurityGroupIngressArgsDict]:
    """MSK Replicators into this cluster (msk:replicators): the IAM port only, from their own
    groups, inline like every other rule of this group."""
    return _source_rules(
        "Kafka SASL/IAM", catalog.port("sasl_iam"), "MSK Replicator", replicator_groups, []
    )


def build_security_group(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    vpc_id: pulumi.Input[str],
    connector_groups: list[pulumi.Input[str]] | None = None,
    replicator_groups: list[pulumi.Input[str]] | None = None,
) -> aws.ec2.SecurityGroup | None:
    """The brokers' group of the component's own; None with ``createSecurityGroup: false``
    (the stack's own groups then admit the clients)."""
    if not spec.create_security_group:
        return None
    return aws.ec2.SecurityGroup(
        f"{name}-brokers",
        description=f"MSK brokers of {spec.cluster_name}: client ports of the enabled auth modes",
        vpc_id=vpc_id,
        ingress=ingress_rules(spec)
        + connector_ingress_rules(connector_groups or [])
        + replicator_ingress_rules(replicator_groups or []),
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


def broker_security_groups(
    spec: ClusterSpec, created: aws.ec2.SecurityGroup | None
) -> list[pulumi.Input[str]]:
    """Every group on the brokers' network interfaces: the created one first, then the
    stack's own (``msk:securityGroupIds``), which get no resource of ours."""
    own = [] if created is None else [created.id]
    # Serverless across VPCs (msk:vpcConfigs): each VPC's own groups, entry by entry.
    per_vpc = [group for config in spec.vpc_configs for group in config.security_group_ids]
    return [*own, *spec.security_group_ids, *per_vpc]


def iam_egress_to_brokers(
    resource_name: str,
    group_id: pulumi.Input[str],
    broker_group_id: pulumi.Input[str],
    brokers: str,
    opts: pulumi.ResourceOptions,
) -> aws.vpc.SecurityGroupEgressRule:
    """A companion's own group (a connector's, a replicator's) may reach ``brokers``' group on
    the IAM port, nothing else. A rule resource: those groups have no inline rules."""
    port = catalog.port("sasl_iam")
    return aws.vpc.SecurityGroupEgressRule(
        resource_name,
        security_group_id=group_id,
        referenced_security_group_id=broker_group_id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=f"Kafka SASL/IAM ({port}) to {brokers}",
        opts=opts,
    )
