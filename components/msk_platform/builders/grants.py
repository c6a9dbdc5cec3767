"""Least-privilege IAM for Kafka clients: exactly the ``kafka-cluster:*`` actions each kind of
client needs, on the cluster and on topic, group and transactional-id ARNs built from it.

The policy documents are pure functions of the cluster ARN (tested directly); the builder
attaches one role policy per grant.
"""

import json
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from .. import catalog


def _actions(kind: str) -> list[str]:
    return list(catalog.client_access()["iam_actions"][kind])


def resource_arn(cluster_arn: str, kind: str, name: str) -> str:
    """arn:…:cluster/<cluster>/<uuid> -> arn:…:<kind>/<cluster>/<uuid>/<name> (prefix* kept)."""
    head, _, path = cluster_arn.partition(":cluster/")
    if not path:
        raise ValueError(f"{cluster_arn!r} is not an MSK cluster ARN")
    arn_kind = catalog.client_access()["arn_kinds"][kind]
    return f"{head}:{arn_kind}/{path}/{name}"


def _statement(sid: str, actions: list[str], resources: list[str]) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


def produce_policy(
    cluster_arn: str,
    topics: Sequence[str],
    idempotent: bool = False,
    transactional_ids: Sequence[str] = (),
) -> dict:
    connect = _actions("connect")
    if idempotent or transactional_ids:
        connect += _actions("idempotent_cluster")
    statements = [
        _statement("Connect", connect, [cluster_arn]),
        _statement(
            "WriteTopics",
            _actions("produce_topic"),
            [resource_arn(cluster_arn, "topic", t) for t in topics],
        ),
    ]
    if transactional_ids:
        statements.append(
            _statement(
                "UseTransactionalIds",
                _actions("transactional_id"),
                [resource_arn(cluster_arn, "transactional_id", t) for t in transactional_ids],
            )
        )
    return {"Version": "2012-10-17", "Statement": statements}


def consume_policy(cluster_arn: str, topics: Sequence[str], groups: Sequence[str]) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            _statement("Connect", _actions("connect"), [cluster_arn]),
            _statement(
                "ReadTopics",
                _actions("consume_topic"),
                [resource_arn(cluster_arn, "topic", t) for t in topics],
            ),
            _statement(
                "UseGroups",
                _actions("consume_group"),
                [resource_arn(cluster_arn, "group", g) for g in groups],
            ),
        ],
    }


def admin_policy(cluster_arn: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            _statement(
                "Administer",
                _actions("admin"),
                [
                    cluster_arn,
                    resource_arn(cluster_arn, "topic", "*"),
                    resource_arn(cluster_arn, "group", "*"),
                    resource_arn(cluster_arn, "transactional_id", "*"),
                ],
            ),
        ],
    }


def attach_policy(
    name: str,
    parent: pulumi.Resource,
    role: pulumi.Input[str],
    cluster_arn: pulumi.Input[str],
    document,
) -> aws.iam.RolePolicy:
    """One inline role policy whose document is built from the cluster ARN once it is known."""
    return aws.iam.RolePolicy(
        name,
        name=name,
        role=role,
        policy=pulumi.Output.from_input(cluster_arn).apply(lambda arn: json.dumps(document(arn))),
        opts=pulumi.ResourceOptions(parent=parent),
    )
