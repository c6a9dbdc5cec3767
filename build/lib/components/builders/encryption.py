"""Encryption at rest: the given KMS key, or a customer-managed key with yearly rotation."""

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .tags import tags_for

KEY_DELETION_WINDOW_DAYS = 30  # the longest AWS allows: time to notice a mistaken delete


def build_kms_key(spec: ClusterSpec, name: str, parent: pulumi.Resource) -> aws.kms.Key | None:
    """A key of the cluster's own, or None when ``kmsKeyArn`` is given or the cluster is
    serverless (MSK Serverless encrypts at rest with a key it manages)."""
    if not spec.creates_kms_key:
        return None
    key = aws.kms.Key(
        f"{name}-key",
        description=f"Encrypts the data at rest of MSK cluster {spec.cluster_name}",
        key_usage="ENCRYPT_DECRYPT",
        enable_key_rotation=True,
        deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
        tags=tags_for(spec, f"{spec.cluster_name}-data"),
        opts=pulumi.ResourceOptions(parent=parent, protect=spec.protect),
    )
    aws.kms.Alias(
        f"{name}-key-alias",
        name=f"alias/msk/{spec.cluster_name}",
        target_key_id=key.key_id,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return key


def at_rest_key_arn(spec: ClusterSpec, key: aws.kms.Key | None) -> pulumi.Output:
    """The ARN the cluster encrypts with: ours, the given one, or None for serverless."""
    if key is not None:
        return key.arn
    return pulumi.Output.from_input(spec.kms_key_arn)
