"""Rules for MSK Replicators into this cluster: what CreateReplicator takes and what AWS's MSK
Replicator requirements say (catalog ``msk_replicator``), for ``msk:replicators`` and for the
MskReplicator component. Both read one replicator the same way and share
``replicator_problems``; only the config route knows the target cluster (its auth, broker
type and count, Kafka version, security group), so it checks those too.

Topics and consumer groups are regular expressions to AWS. The role the replicator runs as
must name them in IAM, whose wildcards are ``*`` and ``?``, so each is taken as a name or a
prefix ending in ``.*``: a ``.`` inside it is regex "any character", IAM ``?``; a trailing
``.*`` is IAM ``*``. Every other regex would need a wildcard role and is refused.

What AWS alone can check (that the source runs IAM access control, its version and broker
count, and, from another Region, its multi-VPC connectivity for IAM) it checks at create.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import catalog
from .draft import Draft
from .values import is_deferred, missing_fields, show

KEY = "replicators"
# arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>, matched whole, ASCII only.
CLUSTER_ARN = re.compile(
    r"arn:aws[a-z-]*:kafka:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"cluster/[A-Za-z0-9-]+/[A-Za-z0-9-]+"
)
# A literal name: Kafka's legal topic characters.
_LITERAL = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)


def rules() -> Mapping[str, Any]:
    return catalog.raw()["msk_replicator"]


def iam_name(pattern: str) -> str:
    """The IAM resource name matching exactly what AWS's regex ``pattern`` matches:
    ``orders`` -> ``orders``, ``orders.v1`` -> ``orders?v1``, ``orders.*`` -> ``orders*``."""
    head, star = (pattern[:-2], "*") if pattern.endswith(".*") else (pattern, "")
    return head.replace(".", "?") + star


def replicator_problems(item: Mapping[str, Any], label: str) -> list[tuple[str, str]]:
    """(key, message) problems of one replicator (snake_case fields, as read), keyed under
    ``label`` (``msk:replicators[0]``)."""
    problems: list[tuple[str, str]] = []
    problems += missing_fields(
        item,
        label,
        (
            ("name", "the replicator's name"),
            ("source_cluster_arn", "the ARN of the MSK cluster to copy from"),
            ("source_subnet_ids", "subnets in the source cluster's VPC"),
            ("source_security_group_ids", "security groups for them"),
            ("topics", "the topics to replicate, e.g. [orders, 'payments.*']"),
            ("consumer_groups", "the consumer groups to replicate, e.g. [billing]"),
        ),
    )
    problems += _name_problems(item.get("name"), label)
    problems += _arn_problems(item.get("source_cluster_arn"), label)
    problems += _id_problems(
        item.get("source_subnet_ids"), f"{label}.sourceSubnetIds", _subnet_id(), "subnet"
    )
    problems += _id_problems(
        item.get("source_security_group_ids"),
        f"{label}.sourceSecurityGroupIds",
        _security_group_id(),
        "security group",
    )
    for field, camel, what in (
        ("topics", "topics", "topic"),
        ("consumer_groups", "consumerGroups", "consumer group"),
    ):
        values = item.get(field)
        if isinstance(values, tuple):
            problems += pattern_problems(values, f"{label}.{camel}", what)
    return problems


def placement_problems(
    item: Mapping[str, Any], label: str, region: str | None, accounts: Sequence[str]
) -> list[tuple[str, str]]:
    """Where the source is against where this stack deploys: a Region MSK Replicator runs
    in, and the same account (AWS replicates within one account only)."""
    arn = item.get("source_cluster_arn")
    found = CLUSTER_ARN.fullmatch(arn.strip()) if isinstance(arn, str) else None
    problems: list[tuple[str, str]] = []
    regions = rules()["regions"]
    places: tuple[tuple[str, str, Any], ...] = ((label, "this stack's aws:region", region),)
    if found is not None:
        places += ((f"{label}.sourceClusterArn", "the source's Region", found["region"]),)
    for key, where, name in places:
        if isinstance(name, str) and name not in regions:
            problems.append(
                (
                    key,
                    f"{where} is {name}, where MSK Replicator does not run; it runs in "
                    f"{', '.join(regions)}",
                )
            )
    if found is not None and accounts and found["account"] not in accounts:
        problems.append(
            (
                f"{label}.sourceClusterArn",
                f"is in account {found['account']}, but this stack deploys to "
                f"{', '.join(accounts)} (aws:allowedAccountIds); MSK Replicator copies only "
                "between clusters of one account",
            )
        )
    return problems


def _name_problems(name: Any, label: str) -> list[tuple[str, str]]:
    rule = rules()["name"]
    if not isinstance(name, str):
        return []
    if len(name) > rule["max"] or not re.fullmatch(rule["pattern"], name, re.ASCII):
        return [
            (
                f"{label}.name",
                f"{show(name)} is not a replicator name; use {rule['min']}–{rule['max']} "
                "letters, digits and hyphens, starting with a letter or digit",
            )
        ]
    return []


def _arn_problems(arn: Any, label: str) -> list[tuple[str, str]]:
    if not isinstance(arn, str) or is_deferred(arn) or CLUSTER_ARN.fullmatch(arn.strip()):
        return []
    return [
        (
            f"{label}.sourceClusterArn",
            f"{show(arn)} is not an MSK cluster ARN; use arn:aws:kafka:<region>:<account>:"
            "cluster/<name>/<uuid> (the source cluster's ARN)",
        )
    ]


def _subnet_id():
    from .rules import SUBNET_ID  # one pattern for every subnet id

    return SUBNET_ID


def _security_group_id():
    from .rules import SECURITY_GROUP_ID  # one pattern for every security group id

    return SECURITY_GROUP_ID


def _id_problems(values: Any, key: str, pattern, what: str) -> list[tuple[str, str]]:
    if not isinstance(values, tuple):
        return []
    if not values:
        return [(key, f"is empty; give at least one {what}")]
    problems = [
        (f"{key}[{index}]", f"{show(value)} is not a {what} id")
        for index, value in enumerate(values)
        if isinstance(value, str) and not pattern.fullmatch(value)
    ]
    plain = [value for value in values if isinstance(value, str)]
    problems += [
        (key, f"lists {what} {show(value)} twice; give each once")
        for value in sorted({v for v in plain if plain.count(v) > 1})
    ]
    return problems


def pattern_problems(values: tuple, key: str, what: str) -> list[tuple[str, str]]:
    """Problems of topic (``what`` "topic") or consumer group patterns, keyed under ``key``:
    for any replicator, however it was declared (the policy pack checks them too)."""
    limits = rules()
    most = limits["topic_pattern_max_chars" if what == "topic" else "group_pattern_max_chars"]
    return _pattern_problems(values, key, most, what)


def _pattern_problems(values: Any, key: str, most: int, what: str) -> list[tuple[str, str]]:
    if not isinstance(values, tuple):
        return []
    if not values:
        return [(key, f"is empty; name at least one {what} (or a prefix such as 'orders.*')")]
    problems = []
    for index, value in enumerate(values):
        if len(value) > most:
            problems.append(
                (f"{key}[{index}]", f"is {len(value)} characters; AWS takes at most {most}")
            )
        elif not _named(value):
            problems.append(
                (
                    f"{key}[{index}]",
                    f"{show(value)} is not a {what} name or a prefix ending in '.*'; use "
                    "letters, digits, '.', '_' and '-' (e.g. 'orders' or 'orders.*'), so the "
                    "replicator's role can name exactly these in IAM",
                )
            )
    plain = list(values)
    problems += [
        (key, f"lists {show(value)} twice; give each once")
        for value in sorted({v for v in plain if plain.count(v) > 1})
    ]
    return problems


def _named(value: str) -> bool:
    """A literal name, a literal prefix followed by '.*', or '.*' (everything) itself."""
    head = value[:-2] if value.endswith(".*") else value
    return value == ".*" or bool(_LITERAL.fullmatch(head))


def check_replicators(draft: Draft) -> None:
    replicators = draft.value(KEY)
    if not replicators or not draft.ok(KEY):
        return
    for index, item in enumerate(replicators):
        for key, message in replicator_problems(item, f"msk:{KEY}[{index}]"):
            draft.reader.fail(key, message)
    names = [item["name"] for item in replicators if isinstance(item["name"], str)]
    for name in sorted({n for n in names if names.count(n) > 1}):
        draft.fail(KEY, f"names replicator {show(name)} twice; names are unique per Region")
    for reason in target_problems(draft):
        draft.fail(KEY, reason)


def target_problems(draft: Draft) -> list[str]:
    """Why this cluster can't be a replicator's target, as AWS's requirements say."""
    limits = rules()
    reasons = []
    auth = draft.value("auth")
    if draft.ok("auth") and isinstance(auth, Mapping) and not auth.get("iam"):
        reasons.append(
            "needs msk:auth.iam: MSK Replicator reaches both clusters with IAM access control "
            "only; turn on auth.iam (its other modes may stay on)"
        )
    if draft.value("createSecurityGroup") is False or (
        draft.serverless and "vpcConfigs" in draft.given
    ):
        reasons.append(
            "needs the brokers' security group the component makes, which admits the "
            "replicator's own group on the IAM port; remove msk:createSecurityGroup false "
            "(or msk:vpcConfigs)"
        )
    if draft.serverless:
        return reasons
    instance = draft.value("instanceType")
    if instance in limits["unsupported_instance_types"]:
        reasons.append(
            f"can't target a {instance} cluster (msk:instanceType): MSK Replicator supports "
            "m5.large or larger"
        )
    brokers, subnets = draft.value("brokerCount"), draft.subnet_count
    least = limits["min_brokers_two_azs"] if subnets == 2 else limits["min_brokers"]
    if isinstance(brokers, int) and not isinstance(brokers, bool) and brokers < least:
        zones = " in two Availability Zones" if subnets == 2 else ""
        reasons.append(
            f"needs at least {least} brokers{zones} on the target (msk:brokerCount is {brokers})"
        )
    version = draft.value("kafkaVersion")
    if isinstance(version, str) and catalog.version_key(version) < catalog.version_key(
        limits["min_kafka_version"]
    ):
        reasons.append(
            f"needs Kafka {limits['min_kafka_version']} or later (msk:kafkaVersion is {version})"
        )
    return reasons
