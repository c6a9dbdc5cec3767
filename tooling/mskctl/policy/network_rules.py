"""Security-group rules: nobody on the internet reaches the brokers, no client reaches ZooKeeper.

Ingress is read the same way from the four resources that can carry it: a security group's
inline rules (also the VPC's default group) and the two stand-alone rule resources.
"""

import ipaddress
from dataclasses import dataclass

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from msk_platform import catalog

from .props import UNKNOWN, dig, elements, plain

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS_CLUSTER = "aws:msk/serverlessCluster:ServerlessCluster"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"

# Kafka listeners (in-VPC, public, IPv6) and ZooKeeper, from AWS's MSK port table.
_LISTENERS = ("plaintext", "tls", "sasl_scram", "sasl_iam")
BROKER_PORTS = tuple(
    catalog.port(f"{prefix}{name}")
    for prefix in ("", "public_", "ipv6_")
    for name in _LISTENERS
    if prefix != "public_" or name != "plaintext"
)
# Multi-VPC private connectivity (PrivateLink) serves the brokers on a range of its own.
MULTI_VPC_PORTS = catalog.port_range("multi_vpc_privatelink_range")
ZOOKEEPER_PORTS = (catalog.port("zookeeper_plaintext"), catalog.port("zookeeper_tls"))
ALL_PROTOCOLS = ("-1", "all")
TCP = ("tcp", "6")


@dataclass(frozen=True)
class Ingress:
    """One way in: a port range of a protocol, from some sources."""

    protocol: object  # "tcp", "-1", ... or UNKNOWN
    from_port: object  # int or UNKNOWN
    to_port: object
    cidrs: tuple  # IPv4 and IPv6 source ranges (elements may be UNKNOWN)
    other_sources: bool  # security groups or prefix lists
    self_source: bool

    def reaches(self, port: int) -> bool | None:
        """Whether a TCP connection to ``port`` is let in; None when not known yet."""
        protocol = str(self.protocol).lower() if self.protocol is not UNKNOWN else UNKNOWN
        if protocol in ALL_PROTOCOLS:
            return True
        if UNKNOWN in (protocol, self.from_port, self.to_port):
            return None
        if protocol not in TCP:
            return False
        low, high = self.from_port, self.to_port
        if not (isinstance(low, int) and isinstance(high, int)):
            return None
        if low == 0 and high == 0:  # as checkov reads it: every port
            return True
        return low <= port <= high

    def world_cidrs(self) -> list[str]:
        return [cidr for cidr in self.cidrs if is_world(cidr)]

    def only_from_self(self) -> bool:
        return self.self_source and not self.cidrs and not self.other_sources

    def ports_text(self) -> str:
        if str(self.protocol) in ALL_PROTOCOLS or self.from_port == self.to_port == 0:
            return "every port"
        if self.from_port == self.to_port:
            return f"port {self.from_port}"
        return f"ports {self.from_port}-{self.to_port}"


def is_world(cidr) -> bool:
    """0.0.0.0/0, ::/0 or any other spelling of every address."""
    if cidr is UNKNOWN or not isinstance(cidr, str):
        return False
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return False


def ingress_of(resource_type: str, props: dict) -> list[Ingress]:
    """The ingress a resource grants, from plain props."""
    if resource_type in (SECURITY_GROUP, DEFAULT_SECURITY_GROUP):
        return [_inline(rule) for rule in elements(props.get("ingress")) if isinstance(rule, dict)]
    if resource_type == SECURITY_GROUP_RULE and props.get("type") == "ingress":
        return [_inline(props, source_group_key="sourceSecurityGroupId")]
    if resource_type == INGRESS_RULE:
        return [
            Ingress(
                protocol=props.get("ipProtocol"),
                from_port=props.get("fromPort"),
                to_port=props.get("toPort"),
                cidrs=tuple(c for c in (props.get("cidrIpv4"), props.get("cidrIpv6")) if c),
                other_sources=bool(
                    props.get("referencedSecurityGroupId") or props.get("prefixListId")
                ),
                self_source=False,
            )
        ]
    return []


def _inline(rule: dict, source_group_key: str = "securityGroups") -> Ingress:
    cidrs = []
    for key in ("cidrBlocks", "ipv6CidrBlocks"):
        value = rule.get(key)
        cidrs += [UNKNOWN] if value is UNKNOWN else elements(value)
    return Ingress(
        protocol=rule.get("protocol"),
        from_port=rule.get("fromPort"),
        to_port=rule.get("toPort"),
        cidrs=tuple(cidrs),
        other_sources=bool(rule.get(source_group_key) or rule.get("prefixListIds")),
        self_source=bool(rule.get("self")),
    )


def _no_world_ingress(args, report_violation) -> None:
    for ingress in ingress_of(args.resource_type, plain(args.props)):
        world = ingress.world_cidrs()
        if not world:
            continue
        brokers = [str(p) for p in BROKER_PORTS if ingress.reaches(p)]
        first, last = MULTI_VPC_PORTS
        if any(ingress.reaches(p) for p in range(first, last + 1)):
            brokers.append(f"{first}-{last} (multi-VPC)")
        what = f"Kafka broker ports {', '.join(brokers)}" if brokers else "the group"
        report_violation(
            f"ingress from {', '.join(world)} on {ingress.ports_text()} opens {what} to every "
            "address on the internet; name the client networks or security groups instead"
        )


def _no_zookeeper_ingress(args, report_violation) -> None:
    for ingress in ingress_of(args.resource_type, plain(args.props)):
        if ingress.only_from_self():
            continue
        ports = [p for p in ZOOKEEPER_PORTS if ingress.reaches(p)]
        if ports:
            report_violation(
                f"ingress on {ingress.ports_text()} reaches ZooKeeper "
                f"({', '.join(map(str, ports))}); clients never need it, and MSK manages it "
                "without any rule of yours"
            )


def _rules_described(args, report_violation) -> None:
    props = plain(args.props)
    if args.resource_type == SECURITY_GROUP and not props.get("description"):
        report_violation("the security group has no description")
    if args.resource_type in (SECURITY_GROUP, DEFAULT_SECURITY_GROUP):
        for direction in ("ingress", "egress"):
            for index, rule in enumerate(elements(props.get(direction))):
                if isinstance(rule, dict) and not dig(rule, "description"):
                    report_violation(f"{direction} rule {index} has no description")
    elif args.resource_type in (SECURITY_GROUP_RULE, INGRESS_RULE):
        if not props.get("description"):
            report_violation("the rule has no description")


def _broker_group_lists(resource_type: str, props: dict) -> list[list]:
    """The security group lists on a cluster's brokers: one for a provisioned cluster, one per
    VPC for a serverless one."""
    if resource_type == CLUSTER:
        return [elements(dig(props, "brokerNodeGroupInfo.securityGroups"))]
    if resource_type == SERVERLESS_CLUSTER:
        return [
            elements(config.get("securityGroupIds"))
            for config in elements(props.get("vpcConfigs"))
            if isinstance(config, dict)
        ]
    return []


def _broker_groups_out_of_sight(args, report_violation) -> None:
    """A cluster's brokers in more security groups than the one a stack makes with it
    (msk:securityGroupIds): the others' rules were made elsewhere, and no rule of this pack
    sees them. One group alone may be anyone's; the spec warns about createSecurityGroup
    false, since the cluster's props can't tell whose it is."""
    for groups in _broker_group_lists(args.resource_type, plain(args.props)):
        if len(groups) < 2:
            continue
        known = [group for group in groups if isinstance(group, str)]
        named = ", ".join(known) if known else "ids not known yet"
        report_violation(
            f"the brokers are in {len(groups)} security groups ({named}); this pack checks "
            "the rules only of groups declared in this stack, so those of a group made "
            "elsewhere (msk:securityGroupIds) went unchecked: make sure none lets in "
            "0.0.0.0/0 or reaches ZooKeeper (2181, 2182)"
        )


no_world_ingress = ResourceValidationPolicy(
    name="security-group-no-world-ingress",
    description="No security group lets in 0.0.0.0/0 or ::/0, on any port: above all not the "
    "Kafka broker ports (9092-9098, public 9194-9198, IPv6 20092-20098, multi-VPC "
    "14001-14100).",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_no_world_ingress,
)

no_zookeeper_ingress = ResourceValidationPolicy(
    name="security-group-no-zookeeper-ingress",
    description="No security group rule reaches ZooKeeper (2181, 2182) from anything but the "
    "group itself.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_no_zookeeper_ingress,
)

rules_described = ResourceValidationPolicy(
    name="security-group-rules-described",
    description="Security groups and each of their rules say what they are for.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_rules_described,
)

broker_groups_out_of_sight = ResourceValidationPolicy(
    name="msk-broker-security-groups-out-of-sight",
    description="Says when an MSK cluster's brokers are in security groups beyond the one made "
    "with it: their rules were made elsewhere, and this pack can't check them.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_broker_groups_out_of_sight,
)

NETWORK_POLICIES = [
    no_world_ingress,
    no_zookeeper_ingress,
    rules_described,
    broker_groups_out_of_sight,
]
