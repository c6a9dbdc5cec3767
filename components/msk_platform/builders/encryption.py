"""Encryption at rest: the given KMS key, or a customer-managed key with yearly rotation.

When the key also encrypts the broker log group or the alarm topic, its policy lets exactly
those AWS services use it, and nothing else beyond the account's own administrators.
"""

import json

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from .safety import child_options
from .tags import tags_for

DATA_KEY_ACTIONS = [
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
]


def key_policy(partition: str, account: str, region: str, *, logs: bool, alarms: bool) -> dict:
    """The account administers the key; CloudWatch Logs (for this account's log groups) and
    CloudWatch alarms (publishing to the encrypted topic) may use it when asked for."""
    statements = [
        {
            "Sid": "AccountAdministers",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if logs:
        log_groups = f"arn:{partition}:logs:{region}:{account}:log-group:*"
        statements.append(
            {
                "Sid": "CloudWatchLogsEncryptsBrokerLogs",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": DATA_KEY_ACTIONS,
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": log_groups}},
            }
        )
    if alarms:
        topic_rule = catalog.observability()["alarm_topic_encryption"]
        statements.append(
            {
                "Sid": "CloudWatchAlarmsPublishToTopic",
                "Effect": "Allow",
                "Principal": {"Service": topic_rule["service_principal"]},
                "Action": list(topic_rule["key_actions"]),
                "Resource": "*",
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def _policy_input(spec: ClusterSpec, parent: pulumi.Resource, *, logs: bool, alarms: bool):
    """An explicit policy (checkov CKV2_AWS_64): the account administers; services only as
    needed."""
    invoke = pulumi.InvokeOutputOptions(parent=parent)
    identity = aws.get_caller_identity_output(opts=invoke)
    region = aws.get_region_output(opts=invoke)
    partition = aws.get_partition_output(opts=invoke)
    return pulumi.Output.all(partition.partition, identity.account_id, region.region).apply(
        lambda values: json.dumps(key_policy(*values, logs=logs, alarms=alarms))
    )


def _key(spec, name, parent, purpose: str, tag: str, *, logs: bool, alarms: bool) -> aws.kms.Key:
    return aws.kms.Key(
        name,
        description=f"{purpose} of MSK cluster {spec.cluster_name}",
        key_usage="ENCRYPT_DECRYPT",
        enable_key_rotation=True,
        # The longest window AWS allows: the most time to notice a mistaken delete.
        deletion_window_in_days=max(catalog.aws_limits()["kms_deletion_window_days"]),
        policy=_policy_input(spec, parent, logs=logs, alarms=alarms),
        tags=tags_for(spec, tag),
        opts=child_options(spec, parent, aws.kms.Key),
    )


def build_kms_key(spec: ClusterSpec, name: str, parent: pulumi.Resource) -> aws.kms.Key | None:
    """A key of the cluster's own, or None when ``kmsKeyArn`` is given or the cluster is
    serverless (MSK Serverless encrypts at rest with a key it manages)."""
    if not spec.creates_kms_key:
        return None
    logs = bool(spec.logging and spec.logging.cloudwatch and spec.logging.encrypt_with_cluster_key)
    alarms = bool(spec.alarms and spec.alarms.sns_topic_arn is None)
    key = _key(
        spec,
        f"{name}-key",
        parent,
        "Encrypts the data at rest",
        f"{spec.cluster_name}-data",
        logs=logs,
        alarms=alarms,
    )
    aws.kms.Alias(
        f"{name}-key-alias",
        name=f"alias/msk/{spec.cluster_name}",
        target_key_id=key.key_id,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return key


def build_topic_key(spec: ClusterSpec, name: str, parent: pulumi.Resource) -> aws.kms.Key:
    """For a cluster without a key of its own (serverless): a key for the alarm topic alone."""
    return _key(
        spec,
        f"{name}-alarms-key",
        parent,
        "Encrypts the alarm notifications",
        f"{spec.cluster_name}-alarms",
        logs=False,
        alarms=True,
    )


def at_rest_key_arn(spec: ClusterSpec, key: aws.kms.Key | None) -> pulumi.Output:
    """The ARN the cluster encrypts with: ours, the given one, or None for serverless."""
    if key is not None:
        return key.arn
    return pulumi.Output.from_input(spec.kms_key_arn)
