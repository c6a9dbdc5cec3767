"""Multi-VPC private connectivity on the cluster side: which auth modes the brokers serve over
AWS PrivateLink, and the cluster policy that lets other accounts connect.

The policy document is a pure function of the cluster ARN (tested directly). Its statements:
``kafka:`` actions (creating a VPC connection, reading the bootstrap brokers) on the cluster;
``kafka-cluster:`` actions, what IAM clients of those accounts may do in Kafka, on the
cluster and every topic, group and transactional id of it (the cluster policy's own scope:
each client's identity policy narrows it).
"""

import json
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .grants import resource_arn
from .safety import child_options

DATA_PLANE = "kafka-cluster:"
# Every kind of resource inside a cluster that kafka-cluster: actions act on.
DATA_PLANE_KINDS = ("topic", "group", "transactional_id")


def vpc_connectivity_info(
    spec: ClusterSpec,
) -> aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoVpcConnectivityArgsDict | None:
    """The ``connectivity_info.vpc_connectivity`` block; None when the key is absent, so the
    provider keeps what AWS has (all modes off is sent: that turns it off)."""
    connectivity = spec.vpc_connectivity
    if connectivity is None:
        return None
    return {
        "client_authentication": {
            "sasl": {"iam": connectivity.iam, "scram": connectivity.scram},
            "tls": connectivity.tls,
        }
    }


def cluster_policy_document(
    cluster_arn: str, principals: Sequence[str], actions: Sequence[str]
) -> dict:
    """The resource policy: the principals may take ``actions`` on this cluster (and, for
    ``kafka-cluster:`` actions, on what it holds)."""
    who = {"AWS": sorted(set(principals))}
    control = [action for action in actions if not action.startswith(DATA_PLANE)]
    data = [action for action in actions if action.startswith(DATA_PLANE)]
    statements = []
    if control:
        statements.append(
            {
                "Sid": "OtherAccountsConnect",
                "Effect": "Allow",
                "Principal": who,
                "Action": control,
                "Resource": cluster_arn,
            }
        )
    if data:
        statements.append(
            {
                "Sid": "OtherAccountsUseKafka",
                "Effect": "Allow",
                "Principal": who,
                "Action": data,
                "Resource": [
                    cluster_arn,
                    *(resource_arn(cluster_arn, kind, "*") for kind in DATA_PLANE_KINDS),
                ],
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def build_cluster_policy(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, cluster_arn: pulumi.Input[str]
) -> aws.msk.ClusterPolicy | None:
    """The cluster's resource policy, when ``msk:clusterPolicy`` is given. Never protected
    or retained: it grants access, and a stack that drops it must stop granting it."""
    policy = spec.cluster_policy
    if policy is None:
        return None
    actions = list(policy.actions)
    document = pulumi.Output.all(cluster_arn, *policy.principals).apply(
        lambda values: json.dumps(cluster_policy_document(values[0], values[1:], actions))
    )
    return aws.msk.ClusterPolicy(
        f"{name}-cluster-policy",
        cluster_arn=cluster_arn,
        policy=document,
        opts=child_options(spec, parent, aws.msk.ClusterPolicy),
    )
