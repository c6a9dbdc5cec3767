"""Multi-VPC private connectivity on the cluster side (``msk:vpcConnectivity``) and the cluster
policy other accounts need (``msk:clusterPolicy``).

Pure Python. The AWS rules are in the catalog with their sources: ``multi_vpc_connectivity``
(Kafka version, auth modes, no unauthenticated access, ACLs with SCRAM or mTLS, only for a
running cluster, the policy's default actions), ``instance_types[].multi_vpc`` (not
kafka.t3.small) and ``ports.multi_vpc_privatelink_range``. Runs after the server properties
are resolved: the ACL condition reads their effective values.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import catalog
from .bring_your_own_rules import creates_security_group
from .connectivity_rules import DENY_UNLESS_ACL
from .draft import Draft
from .values import INVALID, is_deferred, show

CONNECTIVITY = "vpcConnectivity"
POLICY = "clusterPolicy"
MODE_NAMES = {"iam": "SASL/IAM", "scram": "SASL/SCRAM", "tls": "mutual TLS"}

ACCOUNT_ID = re.compile(r"[0-9]{12}")
IAM_PRINCIPAL_ARN = re.compile(
    r"arn:aws[a-z-]*:iam::[0-9]{12}:(root|(role|user)/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]+)"
)
ACTION = re.compile(r"(kafka|kafka-cluster):([A-Za-z][A-Za-z0-9]*\*?|\*)")
CONTROL_PLANE_ALL = "kafka:*"
DATA_PLANE = "kafka-cluster:"


def modes_on(draft: Draft) -> list[str]:
    """The modes ``msk:vpcConnectivity`` turns on ([] when absent, all off, or refused)."""
    value = draft.value(CONNECTIVITY)
    if not isinstance(value, Mapping) or not draft.ok(CONNECTIVITY):
        return []
    return [mode for mode in catalog.multi_vpc_connectivity()["authentication"] if value[mode]]


def check_vpc_connectivity(draft: Draft) -> None:
    modes = modes_on(draft)
    if modes:
        reasons = _connectivity_problems(draft, modes)
        for key, reason in reasons:
            draft.reader.fail(key, f"is on ({', '.join(modes)}), but {reason}")
        _check_sources(draft)
        if not reasons:
            draft.warnings.append(_at_create_warning())
    _check_policy(draft, modes)


def _connectivity_problems(draft: Draft, modes: list[str]) -> list[tuple[str, str]]:
    """Each condition AWS sets before it turns multi-VPC connectivity on that this config
    misses: (the key or field it is about, words that say what to change)."""
    rules = catalog.multi_vpc_connectivity()
    key = f"msk:{CONNECTIVITY}"
    reasons: list[tuple[str, str]] = []
    instance = draft.instance
    if instance is not None and not instance.multi_vpc:
        allowed = [t.name for t in catalog.instance_types().values() if t.multi_vpc]
        reasons.append(
            (
                key,
                f"AWS offers it on every broker type but {instance.name}; use another "
                f"msk:instanceType, e.g. {allowed[0]}",
            )
        )
    version = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(version) if isinstance(version, str) else None
    least = rules["min_kafka_version"]
    if found and catalog.version_key(found[0].version) < catalog.version_key(least):
        reasons.append(
            (key, f"it needs Kafka {least} or later; msk:kafkaVersion is {show(version)}")
        )
    auth = draft.value("auth") if draft.ok("auth") else None
    if isinstance(auth, Mapping):
        missing = [mode for mode in modes if not auth.get(mode)]
        for mode in missing:
            reasons.append(
                (
                    f"{key}.{mode}",
                    f"{MODE_NAMES[mode]} is off in msk:auth: each mode of multi-VPC "
                    f"connectivity must be on for the cluster too; set msk:auth.{mode} true "
                    f"or msk:{CONNECTIVITY}.{mode} false",
                )
            )
        if bool(auth.get("unauthenticated")) != rules["unauthenticated"]:
            reasons.append(
                (
                    key,
                    "msk:auth.unauthenticated is true: AWS doesn't turn multi-VPC connectivity "
                    "on for clusters that admit unauthenticated clients; set it false",
                )
            )
    acl_property = catalog.kafka_acl_rules()["property"]
    wanted = rules["acl_property_for_scram_or_tls"][acl_property]
    effective = draft.resolved.get("serverProperties")
    acl_modes = [MODE_NAMES[mode] for mode in modes if mode in ("scram", "tls")]
    if acl_modes and isinstance(effective, Mapping):
        if str(effective.get(acl_property, "")).strip().lower() != wanted:
            reasons.append(
                (
                    key,
                    f"with {' and '.join(acl_modes)} AWS requires Kafka ACLs and "
                    f"{acl_property}={wanted}: create the ACLs, then set "
                    f"msk:{DENY_UNLESS_ACL}: true",
                )
            )
    return reasons


def _check_sources(draft: Draft) -> None:
    """PrivateLink traffic reaches the brokers from the client VPCs, which only CIDR blocks can
    name (their security groups are in other, unpeered VPCs): with none, nothing gets in.
    Groups of the stack's own (no created group) are theirs to open."""
    if not creates_security_group(draft):
        return
    cidrs = draft.resolved.get("clientCidrBlocks", draft.value("clientCidrBlocks"))
    if cidrs is INVALID or not isinstance(cidrs, (list, tuple)) or cidrs:
        return  # already reported, computed (an Output), or named
    first, last = catalog.port_range("multi_vpc_privatelink_range")
    draft.warnings.append(
        f"msk:{CONNECTIVITY}: the brokers admit multi-VPC clients on ports {first}–{last} only "
        "from msk:clientCidrBlocks, which is empty: no client VPC gets in until you name its "
        "CIDR blocks there (security groups of other VPCs can't be named)"
    )


def _at_create_warning() -> str:
    rules = catalog.multi_vpc_connectivity()
    return (
        f"msk:{CONNECTIVITY}: AWS refuses multi-VPC connectivity when it creates a cluster "
        f"('{rules['create_error']}'), so the first `pulumi up` of a new cluster with it on "
        "fails: deploy without the key, then add it and deploy again (the update turns it on "
        "through UpdateConnectivity, restarting the brokers one at a time)"
    )


def _check_policy(draft: Draft, modes: list[str]) -> None:
    policy = draft.value(POLICY)
    if not isinstance(policy, Mapping) or not draft.ok(POLICY):
        if modes and not draft.value("vpcConnections"):
            draft.warnings.append(
                f"msk:{CONNECTIVITY} is on but no msk:{POLICY} is given: clients in this "
                "account can connect, those in other accounts can't until the policy names "
                "their accounts"
            )
        return
    label = f"msk:{POLICY}"
    principals = policy["principals"]
    actions = policy["actions"]
    if isinstance(principals, (list, tuple)):
        if not principals:
            draft.reader.fail(
                f"{label}.principals",
                "is empty; name the accounts (12-digit ids) or IAM ARNs that may use the "
                "cluster, e.g. ['210987654321']",
            )
        _check_principals(draft, principals, f"{label}.principals")
    if isinstance(actions, (list, tuple)):
        _check_actions(draft, actions, f"{label}.actions")
        _policy_warnings(draft, modes, actions)


def _check_principals(draft: Draft, principals: Sequence, label: str) -> None:
    seen: dict[str, int] = {}
    for index, principal in enumerate(principals):
        if is_deferred(principal) or not isinstance(principal, str):
            continue
        if not (ACCOUNT_ID.fullmatch(principal) or IAM_PRINCIPAL_ARN.fullmatch(principal)):
            hint = (
                "a wildcard would let every AWS account in"
                if "*" in principal
                else "use a 12-digit account id or an IAM ARN"
            )
            draft.reader.fail(
                f"{label}[{index}]",
                f"{show(principal)} is not an account id or IAM principal ARN; {hint} "
                "(e.g. '210987654321' or 'arn:aws:iam::210987654321:role/producer')",
            )
        elif principal in seen:
            draft.reader.fail(
                f"{label}[{index}]",
                f"{show(principal)} is listed twice (also at [{seen[principal]}]); name each "
                "principal once",
            )
        else:
            seen[principal] = index


def _check_actions(draft: Draft, actions: Sequence, label: str) -> None:
    if not actions:
        draft.reader.fail(
            label,
            "is empty; leave it out for the actions a VPC connection needs, or list them",
        )
    for index, action in enumerate(actions):
        if not isinstance(action, str):
            continue
        if action == CONTROL_PLANE_ALL:
            draft.reader.fail(
                f"{label}[{index}]",
                f"{show(action)} would let other accounts run every MSK operation on the "
                "cluster, DeleteCluster among them; list the actions they need",
            )
            continue
        if ACTION.fullmatch(action):
            continue
        draft.reader.fail(
            f"{label}[{index}]",
            f"{show(action)} is not a kafka: or kafka-cluster: action; a cluster policy "
            "grants MSK actions only, e.g. 'kafka:CreateVpcConnection' or "
            "'kafka-cluster:Connect'",
        )


def _policy_warnings(draft: Draft, modes: list[str], actions: Sequence) -> None:
    creates_connections = "kafka:CreateVpcConnection" in actions
    if creates_connections and not modes:
        draft.warnings.append(
            f"msk:{POLICY} lets other accounts create VPC connections, but msk:{CONNECTIVITY} "
            "turns no mode on: their connections fail until it does"
        )
    if "iam" in modes and not any(_is_data_plane(action) for action in actions):
        draft.warnings.append(
            f"msk:{POLICY}: IAM clients of the accounts it names can connect through "
            "PrivateLink but do nothing in Kafka until the cluster policy allows it too; add "
            "the kafka-cluster: actions they need (e.g. kafka-cluster:Connect, "
            "kafka-cluster:DescribeTopic, kafka-cluster:ReadData) to its actions"
        )


def _is_data_plane(action: Any) -> bool:
    return isinstance(action, str) and action.startswith(DATA_PLANE)
