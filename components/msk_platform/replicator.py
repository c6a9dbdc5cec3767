"""MskReplicator: an MSK Replicator copying topics and consumer-group offsets from a source
MSK cluster into a target cluster of the same account, with a least-privilege role.

``msk:replicators`` makes one per entry with the stack's cluster as the target (and a security
group of its own that the brokers admit on the IAM port). A program of its own makes one into
any cluster it can name::

    MskReplicator(
        "orders-dr",
        {
            "name": "orders-dr",
            "source_cluster_arn": primary_arn,  # e.g. from a StackReference
            "source_subnet_ids": [a.id, b.id],
            "source_security_group_ids": [source_clients.id],
            "topics": ["orders", "payments.*"],
            "consumer_groups": ["billing"],
            "target_cluster_arn": cluster.cluster_arn,
            "target_subnet_ids": cluster.subnet_ids,
            "target_security_group_ids": [replicator_clients.id],
        },
    )

Its args are checked as ``msk:replicators`` entries are, before anything is registered;
problems are named ``MskReplicator.<field>``. What only the clusters know (IAM access control
on both, their versions and broker counts, multi-VPC connectivity on a source of another
Region) AWS checks when the replicator is created.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict, cast

import pulumi

from .builders.replicator import build_replicator
from .component_args import companion_tags, envelope_problems, read_tags
from .errors import MskConfigError, Problem
from .spec.cluster_spec import read_item
from .spec.grants import ALLOWED_ACCOUNTS_KEY, allowed_accounts
from .spec.replicator_rules import CLUSTER_ARN, placement_problems, replicator_problems
from .spec.values import INVALID, is_deferred, show, type_name

TYPE_TOKEN = "msk:index:MskReplicator"
LABEL = "MskReplicator"


class MskReplicatorArgs(TypedDict):
    """An MSK Replicator from a source MSK cluster into a target one of the same account."""

    name: str
    """Replicator name: 1–128 letters, digits and hyphens, starting with a letter or digit."""
    source_cluster_arn: pulumi.Input[str]
    """ARN of the MSK cluster replicated from (IAM access control on)."""
    source_subnet_ids: Sequence[pulumi.Input[str]]
    """Subnets in the source cluster's VPC for the replicator's network interfaces."""
    source_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups for them, which the source brokers admit on the IAM port."""
    topics: Sequence[str]
    """Topics to replicate: names or prefixes ending in `.*`."""
    consumer_groups: Sequence[str]
    """Consumer groups whose offsets are replicated: names or prefixes ending in `.*`."""
    target_cluster_arn: pulumi.Input[str]
    """ARN of the MSK cluster replicated into (IAM access control on)."""
    target_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Subnets in the target cluster's VPC for the replicator's network interfaces."""
    target_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups for them, which the target brokers admit on the IAM port."""
    starting_position: NotRequired[str]
    """LATEST or EARLIEST. Default: not sent, AWS's default."""
    copy_access_control_lists: NotRequired[bool]
    """Copy topic ACLs to the target (false for a serverless target). Default: `true`."""
    tags: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Tags on the replicator and its role, over `project`, `stack` and `managed-by`."""


_ITEM_FIELDS = (
    "name",
    "source_cluster_arn",
    "source_subnet_ids",
    "source_security_group_ids",
    "topics",
    "consumer_groups",
    "starting_position",
)
_TARGET_FIELDS = ("target_cluster_arn", "target_subnet_ids", "target_security_group_ids")
_ARG_NAMES = (*_ITEM_FIELDS, *_TARGET_FIELDS, "copy_access_control_lists", "tags")


class MskReplicator(pulumi.ComponentResource):
    """An MSK Replicator with its service execution role."""

    arn: pulumi.Output[str]
    """ARN of the replicator."""
    replicator_name: pulumi.Output[str]
    """Name of the replicator."""
    role_arn: pulumi.Output[str]
    """ARN of the service execution role the replicator runs as."""

    def __init__(
        self,
        name: str,
        args: MskReplicatorArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        item, copy_acls, tags = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        merged = companion_tags(tags, item["name"])
        self.role, self.policy, self.replicator = build_replicator(
            name,
            self,
            item["name"],
            {
                "cluster_arn": item["source_cluster_arn"],
                "subnet_ids": item["source_subnet_ids"],
                "security_group_ids": item["source_security_group_ids"],
            },
            {
                "cluster_arn": args["target_cluster_arn"],
                "subnet_ids": pulumi.Output.from_input(args["target_subnet_ids"]),
                "security_group_ids": list(args["target_security_group_ids"]),
            },
            item["topics"],
            item["consumer_groups"],
            item["starting_position"],
            copy_acls,
            merged,
        )
        self.arn = self.replicator.arn
        self.replicator_name = self.replicator.replicator_name
        self.role_arn = self.role.arn
        self.register_outputs(
            {"arn": self.arn, "replicatorName": self.replicator_name, "roleArn": self.role_arn}
        )


def _checked(name: Any, args: Any, opts: Any) -> tuple[dict, bool, dict]:
    """The replicator's fields (snake_case, as read), whether ACLs are copied, and its tags;
    or MskConfigError naming every problem."""
    problems = envelope_problems(
        name,
        args,
        opts,
        label=LABEL,
        args_type="MskReplicatorArgs",
        arg_names=_ARG_NAMES,
        example_name="dr",
    )
    raw = {field: args.get(field) for field in _ITEM_FIELDS}
    item, read_problems = read_item("replicators", raw, LABEL)
    problems += read_problems
    problems += _target_problems(args)
    copy_acls = args.get("copy_access_control_lists", True)
    if not isinstance(copy_acls, bool):
        problems.append(
            Problem(
                f"{LABEL}.copyAccessControlLists",
                f"{show(copy_acls)} is {type_name(copy_acls)}; use true or false",
            )
        )
    tags = read_tags(args.get("tags"), LABEL, problems)
    if item is not INVALID:
        problems += [Problem(k, m) for k, m in replicator_problems(item, LABEL)]
        config = pulumi.Config("aws")
        accounts = allowed_accounts(
            {ALLOWED_ACCOUNTS_KEY: config.get(ALLOWED_ACCOUNTS_KEY.partition(":")[2])}
        )
        problems += [
            Problem(k, m)
            for k, m in placement_problems(item, LABEL, config.get("region"), accounts)
        ]
        problems += _same_account(item.get("source_cluster_arn"), args.get("target_cluster_arn"))
    if problems:
        raise MskConfigError(problems)
    return item, copy_acls is not False, tags


def _target_problems(args: Mapping) -> list[Problem]:
    problems = []
    arn = args.get("target_cluster_arn")
    key = f"{LABEL}.targetClusterArn"
    if arn is None:
        problems.append(Problem(key, "is required: the ARN of the cluster to replicate into"))
    elif not is_deferred(arn) and not (isinstance(arn, str) and CLUSTER_ARN.fullmatch(arn)):
        problems.append(
            Problem(
                key,
                f"{show(arn)} is not an MSK cluster ARN; use arn:aws:kafka:<region>:<account>:"
                "cluster/<name>/<uuid>",
            )
        )
    for field, camel in (
        ("target_subnet_ids", "targetSubnetIds"),
        ("target_security_group_ids", "targetSecurityGroupIds"),
    ):
        value = args.get(field)
        if value is None:
            problems.append(Problem(f"{LABEL}.{camel}", "is required: give at least one"))
        elif isinstance(value, str) or not (is_deferred(value) or isinstance(value, list | tuple)):
            problems.append(
                Problem(f"{LABEL}.{camel}", f"{show(value)} is {type_name(value)}; use a list")
            )
        elif isinstance(value, list | tuple) and not value:
            problems.append(Problem(f"{LABEL}.{camel}", "is empty; give at least one"))
    if is_deferred(args.get("target_security_group_ids")):
        problems.append(
            Problem(
                f"{LABEL}.targetSecurityGroupIds",
                "is one computed value for the whole list; give a list (its items may be computed)",
            )
        )
    return problems


def _same_account(source: Any, target: Any) -> list[Problem]:
    """AWS replicates only between clusters of one account."""
    if not (isinstance(source, str) and isinstance(target, str)):
        return []
    found, into = CLUSTER_ARN.fullmatch(source.strip()), CLUSTER_ARN.fullmatch(target.strip())
    if found is None or into is None or found["account"] == into["account"]:
        return []
    return [
        Problem(
            f"{LABEL}.sourceClusterArn",
            f"is in account {found['account']}, the target in {into['account']}; MSK "
            "Replicator copies only between clusters of one account",
        )
    ]


def replicators_from_config(
    spec: Any,
    name: str,
    parent: pulumi.Resource,
    cluster_arn: pulumi.Input[str],
    subnet_ids: pulumi.Input[Sequence[str]],
    groups: Mapping[str, Any],
) -> dict[str, "MskReplicator"]:
    """msk:replicators: one MskReplicator per entry into this cluster, each in its own
    security group (``groups``, by replicator name), by replicator name."""
    made = {}
    for replicator in spec.replicators:
        args: dict[str, Any] = {
            "name": replicator.name,
            "source_cluster_arn": replicator.source_cluster_arn,
            "source_subnet_ids": list(replicator.source_subnet_ids),
            "source_security_group_ids": list(replicator.source_security_group_ids),
            "topics": list(replicator.topics),
            "consumer_groups": list(replicator.consumer_groups),
            "target_cluster_arn": cluster_arn,
            "target_subnet_ids": subnet_ids,
            "target_security_group_ids": [groups[replicator.name].id],
            # MSK Serverless has no Kafka ACLs to copy into.
            "copy_access_control_lists": not spec.is_serverless,
            "tags": dict(spec.tags),
        }
        if replicator.starting_position is not None:
            args["starting_position"] = replicator.starting_position
        made[replicator.name] = MskReplicator(
            f"{name}-replicator-{replicator.name}",
            cast(MskReplicatorArgs, args),
            pulumi.ResourceOptions(parent=parent),
        )
    return made
