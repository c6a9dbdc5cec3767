"""Managed VPC connections: a client VPC's private path (PrivateLink) to the cluster's brokers.

``msk:vpcConnections`` makes them for client VPCs of the deploying account, as children of the
MskCluster; MskVpcConnection makes one in a program of another account (its provider). Both
create the connection here, with the same inputs. A connection holds no data, and nothing in
the cluster runs on it: it is neither protected nor retained (see ``safety.py``), so a
connection removed from the stack stops admitting its VPC.
"""

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from ..spec.cluster_spec import VpcConnectionSpec
from ..spec.vpc_connection_rules import api_authentication
from .safety import child_options
from .tags import tags_for


def vpc_connection(
    resource_name: str,
    cluster_arn: pulumi.Input[str],
    vpc_id: pulumi.Input[str],
    subnet_ids: Sequence[pulumi.Input[str]],
    security_group_ids: Sequence[pulumi.Input[str]],
    mode: str,
    tags: Mapping[str, pulumi.Input[str]] | None,
    opts: pulumi.ResourceOptions,
) -> aws.msk.VpcConnection:
    """One connection; ``mode`` is iam, scram or tls (already checked)."""
    return aws.msk.VpcConnection(
        resource_name,
        target_cluster_arn=cluster_arn,
        authentication=api_authentication(mode),
        vpc_id=vpc_id,
        client_subnets=list(subnet_ids),
        security_groups=list(security_group_ids),
        tags=dict(tags) if tags else None,
        opts=opts,
    )


def connection_label(index: int, connection: VpcConnectionSpec) -> str:
    """What names a connection's resource: its VPC and mode where the VPC id is known, so
    reordering msk:vpcConnections renames (and replaces) nothing; its place in the list
    otherwise."""
    if isinstance(connection.vpc_id, str):
        return f"{connection.vpc_id}-{connection.authentication}"
    return f"{index}-{connection.authentication}"


def build_vpc_connections(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, cluster_arn: pulumi.Input[str]
) -> list[aws.msk.VpcConnection]:
    """One aws.msk.VpcConnection per ``msk:vpcConnections`` entry, to this cluster."""
    made = []
    names: set[str] = set()
    for index, connection in enumerate(spec.vpc_connections):
        label = connection_label(index, connection)
        if label in names:  # the same VPC and mode twice (the spec warns): keep both
            label = f"{label}-{index}"
        names.add(label)
        resource_name = f"{name}-vpc-connection-{label}"
        made.append(
            vpc_connection(
                resource_name,
                cluster_arn,
                connection.vpc_id,
                connection.subnet_ids,
                connection.security_group_ids,
                connection.authentication,
                tags_for(spec, resource_name),
                child_options(spec, parent, aws.msk.VpcConnection),
            )
        )
    return made
