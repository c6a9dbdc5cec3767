"""MskVpcConnection: a client VPC's managed connection to an MSK cluster of another account.

The cluster's stack (``msk:vpcConnectivity`` on, ``msk:clusterPolicy`` naming this account)
shares its ARN; a program in the client account makes the connection with its own AWS
provider::

    producer = aws.Provider("producer", assume_roles=[{"role_arn": ROLE}], region="us-east-1")
    MskVpcConnection(
        "orders-link",
        {
            "target_cluster_arn": cluster_arn,  # e.g. from a StackReference
            "vpc_id": vpc.id,
            "subnet_ids": [a.id, b.id, c.id],
            "security_group_ids": [clients.id],
            "authentication": "iam",
        },
        pulumi.ResourceOptions(provider=producer),
    )

Its args are checked as ``msk:vpcConnections`` entries are, before anything is registered;
problems are named ``MskVpcConnection.<field>``. What only the cluster's account knows (which
modes its multi-VPC connectivity has on, the zones of its subnets, its Region) AWS checks when
the connection is created.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

import pulumi

from . import catalog
from .builders.vpc_connections import vpc_connection
from .component_args import cluster_arn_problems, companion_tags, envelope_problems, read_tags
from .errors import MskConfigError, Problem
from .spec.cluster_spec import read_item
from .spec.values import INVALID
from .spec.vpc_connection_rules import connection_problems

TYPE_TOKEN = "msk:index:MskVpcConnection"
LABEL = "MskVpcConnection"
# arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>, matched whole, ASCII only.


class MskVpcConnectionArgs(TypedDict):
    """A client VPC's managed connection to an MSK cluster (possibly of another account)."""

    target_cluster_arn: pulumi.Input[str]
    """ARN of the cluster to connect to (its stack's clusterArn output)."""
    vpc_id: pulumi.Input[str]
    """Client VPC (`vpc-…`) in the account of this resource's provider."""
    subnet_ids: Sequence[pulumi.Input[str]]
    """Client subnets, one per AZ in zones (by AZ id) of the cluster's, as in msk:vpcConnections."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups on the connection's endpoints, admitting its clients (1 or more)."""
    authentication: str
    """How the clients authenticate: iam, scram or tls, on in the cluster's vpcConnectivity."""
    tags: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Tags on the connection, over `project`, `stack` and `managed-by`. Default: `{}`."""


_CONNECTION_FIELDS = ("vpc_id", "subnet_ids", "security_group_ids", "authentication")
_ARG_NAMES = ("target_cluster_arn", *_CONNECTION_FIELDS, "tags")


class MskVpcConnection(pulumi.ComponentResource):
    """A managed VPC connection (PrivateLink) from a client VPC to an MSK cluster."""

    arn: pulumi.Output[str]
    """ARN of the VPC connection."""
    target_cluster_arn: pulumi.Output[str]
    """ARN of the cluster the connection reaches."""
    vpc_id: pulumi.Output[str]
    """The client VPC."""

    def __init__(
        self,
        name: str,
        args: MskVpcConnectionArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        connection, tags = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        merged = companion_tags(tags, name)
        self.connection = vpc_connection(
            f"{name}-vpc-connection",
            args["target_cluster_arn"],
            connection["vpc_id"],
            connection["subnet_ids"],
            connection["security_group_ids"],
            connection["authentication"],
            merged,
            pulumi.ResourceOptions(parent=self),
        )
        self.arn = self.connection.arn
        self.target_cluster_arn = self.connection.target_cluster_arn
        self.vpc_id = self.connection.vpc_id
        self.register_outputs(
            {"arn": self.arn, "targetClusterArn": self.target_cluster_arn, "vpcId": self.vpc_id}
        )


def _checked(name: Any, args: Any, opts: Any) -> tuple[dict, dict]:
    """The connection's fields (snake_case, as read) and its tags, or MskConfigError naming
    every problem."""
    problems = envelope_problems(
        name,
        args,
        opts,
        label=LABEL,
        args_type="MskVpcConnectionArgs",
        arg_names=_ARG_NAMES,
        example_name="orders",
    )
    problems += cluster_arn_problems(
        args.get("target_cluster_arn"),
        f"{LABEL}.targetClusterArn",
        "the cluster to connect to",
        " (the cluster stack's clusterArn output)",
    )
    raw = {field: args.get(field) for field in _CONNECTION_FIELDS}
    connection, read_problems = read_item("vpcConnections", raw, LABEL)
    problems += read_problems
    tags = read_tags(args.get("tags"), LABEL, problems)
    if connection is not INVALID:
        found, _warnings = connection_problems(connection, LABEL)
        problems += [Problem(key, message) for key, message in found]
        problems += _subnet_ceiling(connection["subnet_ids"])
        for warning in _warnings:
            pulumi.log.warn(warning)
    if problems:
        raise MskConfigError(problems)
    return connection, tags


def _subnet_ceiling(subnets: Any) -> list[Problem]:
    """The cluster is not known here, but no MSK cluster has more subnets than the catalog's
    largest count, and a connection has at most one subnet per cluster zone."""
    most = max(
        count
        for kind in (catalog.STANDARD, catalog.EXPRESS)
        for count in catalog.allowed_subnet_counts(kind)
    )
    if isinstance(subnets, tuple) and len(subnets) > most:
        return [
            Problem(
                f"{LABEL}.subnetIds",
                f"has {len(subnets)} subnets, but an MSK cluster has at most {most} and a "
                "connection takes one subnet per zone of the cluster's subnets; use at most "
                f"{most}",
            )
        ]
    return []
