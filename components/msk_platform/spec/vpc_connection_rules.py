"""Rules for managed VPC connections: what CreateVpcConnection takes (catalog
``vpc_connections``), for ``msk:vpcConnections`` and for MskVpcConnection, the route of a
client VPC in another account. Both read one connection the same way and share
``connection_problems``; only the config route knows the cluster (its subnets, its VPC, the
modes ``msk:vpcConnectivity`` turns on), so it checks those too.

Some things AWS checks only at deployment: that each subnet's zone (by AZ id) is a zone of one
of the cluster's subnets, that the groups and subnets are in the VPC, and that the cluster and
the connection are in one Region.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from .. import catalog
from .draft import Draft
from .values import is_deferred, missing_fields, show

CONNECTIVITY_KEY = "vpcConnectivity"


def modes() -> tuple[str, ...]:
    """The auth modes a connection may use, as the config names them (iam, scram, tls)."""
    return tuple(catalog.vpc_connection_rules()["authentication"])


def api_authentication(mode: str) -> str:
    """The CreateVpcConnection value of a mode: iam is SASL_IAM, scram SASL_SCRAM, tls TLS."""
    return catalog.vpc_connection_rules()["authentication"][mode]


def connection_problems(
    item: Mapping[str, Any], label: str, cluster_subnets: int | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """(key, message) problems and warnings of one connection (snake_case fields, as read),
    keyed under ``label`` (``msk:vpcConnections[0]``). ``cluster_subnets``: how many subnets
    the cluster has, when known; a connection has at most one subnet per cluster zone."""
    problems: list[tuple[str, str]] = []
    warnings: list[str] = []
    problems += missing_fields(
        item,
        label,
        (
            ("authentication", f"{_either(modes())}, a mode the cluster has on"),
            ("vpc_id", "the client VPC's id (vpc-…)"),
            ("subnet_ids", "the client subnets, one per AZ"),
            ("security_group_ids", "the security groups of its endpoints"),
        ),
    )
    problems += _vpc_problems(item.get("vpc_id"), label)
    problems += _subnet_problems(item.get("subnet_ids"), label, cluster_subnets)
    group_problems, group_warnings = _group_problems(item.get("security_group_ids"), label)
    return problems + group_problems, warnings + group_warnings


def _vpc_problems(vpc_id: Any, label: str) -> list[tuple[str, str]]:
    from .rules import VPC_ID  # one pattern for every VPC id

    if isinstance(vpc_id, str) and not VPC_ID.fullmatch(vpc_id):
        return [
            (
                f"{label}.vpcId",
                f"{show(vpc_id)} is not a VPC id; use the form vpc-0123456789abcdef0",
            )
        ]
    return []


def _subnet_problems(
    subnets: Any, label: str, cluster_subnets: int | None
) -> list[tuple[str, str]]:
    from .rules import SUBNET_ID  # one pattern for every subnet id

    if not isinstance(subnets, tuple):
        return []
    key = f"{label}.subnetIds"
    problems = _id_problems(subnets, key, SUBNET_ID, "a subnet id", "subnet-0123456789abcdef0")
    problems += _repeats(subnets, key, "subnet", "give one subnet in each AZ")
    rules = catalog.vpc_connection_rules()
    least = rules["client_subnets_min"]
    if len(subnets) < least:
        problems.append(
            (
                key,
                f"has {_count(len(subnets), 'subnet')}; a VPC connection needs at least "
                f"{least}, each in its own AZ",
            )
        )
    elif cluster_subnets is not None and len(subnets) > cluster_subnets:
        problems.append(
            (
                key,
                f"has {len(subnets)} subnets, but the cluster has {cluster_subnets}: each of a "
                "connection's subnets goes in the zone (by AZ id) of one of the cluster's "
                f"subnets, one per zone; use at most {cluster_subnets}",
            )
        )
    return problems


def _group_problems(groups: Any, label: str) -> tuple[list[tuple[str, str]], list[str]]:
    from .rules import SECURITY_GROUP_ID  # one pattern for every security group id

    if not isinstance(groups, tuple):
        return [], []
    key = f"{label}.securityGroupIds"
    problems = _id_problems(
        groups, key, SECURITY_GROUP_ID, "a security group id", "sg-0123456789abcdef0"
    )
    problems += _repeats(groups, key, "security group", "give each group once")
    rules = catalog.vpc_connection_rules()
    least, quota, most = (
        rules["security_groups_min"],
        rules["security_groups_default_quota"],
        rules["security_groups_max"],
    )
    if len(groups) < least:
        problems.append(
            (
                key,
                "is empty; AWS requires at least one security group for the connection's "
                "endpoints, admitting the clients that use it",
            )
        )
    elif len(groups) > most:
        problems.append(
            (
                key,
                f"has {len(groups)} security groups; a network interface takes at most {most} "
                f"(and {quota} until the VPC quota 'Security groups per network interface' is "
                f"raised); use {most} or fewer",
            )
        )
    warnings = []
    if quota < len(groups) <= most:
        warnings.append(
            f"{key}: {len(groups)} security groups pass the VPC default of {quota} per network "
            "interface; raise the quota 'Security groups per network interface' in the client "
            "account first, or the connection fails at AWS"
        )
    return problems, warnings


def _id_problems(values: Sequence, key: str, pattern, what: str, form: str) -> list:
    return [
        (f"{key}[{index}]", f"{show(value)} is not {what}; use the form {form}")
        for index, value in enumerate(values)
        if isinstance(value, str) and not pattern.fullmatch(value)
    ]


def _repeats(values: Sequence, key: str, what: str, fix: str) -> list:
    plain = [value for value in values if isinstance(value, str)]
    repeated = sorted({value for value in plain if plain.count(value) > 1})
    return [(key, f"lists {what} {show(value)} twice; {fix}") for value in repeated]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _either(options: Sequence[str]) -> str:
    return ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0]


def _enabled_modes(draft: Draft) -> set[str] | None:
    """The modes ``msk:vpcConnectivity`` turns on; None when that key is absent (reported on
    its own) or was refused already, so the connections' modes are not judged against it."""
    if CONNECTIVITY_KEY not in draft.given or not draft.ok(CONNECTIVITY_KEY):
        return None
    connectivity = draft.value(CONNECTIVITY_KEY)
    if not isinstance(connectivity, Mapping):
        return None
    return {mode for mode in modes() if connectivity.get(mode) is True}


def check_vpc_connections(draft: Draft) -> None:
    connections = draft.value("vpcConnections")
    if not connections or not draft.ok("vpcConnections"):
        return
    if CONNECTIVITY_KEY not in draft.given:
        draft.fail(
            "vpcConnections",
            f"needs msk:{CONNECTIVITY_KEY}: a VPC connection reaches the cluster through its "
            f"multi-VPC private connectivity; turn on the modes the connections use, e.g. "
            f"{{{connections[0]['authentication'] or 'iam'}: true}}",
        )
    enabled = _enabled_modes(draft)
    cluster_subnets = draft.subnet_count
    cluster_vpc = draft.value("vpcId")
    seen: dict[tuple, int] = {}
    for index, connection in enumerate(connections):
        label = f"msk:vpcConnections[{index}]"
        problems, warnings = connection_problems(connection, label, cluster_subnets)
        for key, message in problems:
            draft.reader.fail(key, message)
        draft.warnings.extend(warnings)
        mode, vpc_id = connection["authentication"], connection["vpc_id"]
        if mode is not None and enabled is not None and mode not in enabled:
            other = f", or use {_either(sorted(enabled))}" if enabled else ""
            draft.reader.fail(
                f"{label}.authentication",
                f"{show(mode)} is not on in msk:{CONNECTIVITY_KEY} (on: "
                f"{_either(sorted(enabled)) if enabled else 'none'}); AWS takes a connection "
                f"only in a mode the cluster has on: turn {mode} on there (and in msk:auth)"
                f"{other}",
            )
        if isinstance(vpc_id, str) and isinstance(cluster_vpc, str) and vpc_id == cluster_vpc:
            draft.warnings.append(
                f"{label}.vpcId: {vpc_id} is the cluster's own VPC (msk:vpcId), whose clients "
                "reach the brokers directly; a VPC connection there adds endpoints and their "
                "charges for no new path"
            )
        if isinstance(vpc_id, str) and not is_deferred(vpc_id) and mode is not None:
            first = seen.setdefault((vpc_id, mode), index)
            if first != index:
                draft.warnings.append(
                    f"{label}: VPC {vpc_id} already connects with {mode} "
                    f"(msk:vpcConnections[{first}]); a second connection gives its clients "
                    "nothing the first does not"
                )
