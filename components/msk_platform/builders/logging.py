"""Broker logs: a log group of the cluster's own (on by default), S3 and Firehose if named."""

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .safety import child_options
from .tags import tags_for


def log_group_name(spec: ClusterSpec) -> str:
    return f"/aws/msk/{spec.cluster_name}"


def build_broker_logs(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, key: aws.kms.Key | None
) -> aws.msk.ClusterLoggingInfoArgsDict | None:
    """The cluster's ``logging_info``, creating the log group it names; None without logs."""
    logging = spec.logging
    if logging is None or not logging.any_destination:
        return None
    broker_logs: aws.msk.ClusterLoggingInfoBrokerLogsArgsDict = {}
    if logging.cloudwatch:
        encrypt = logging.encrypt_with_cluster_key
        group = aws.cloudwatch.LogGroup(
            f"{name}-broker-logs",
            name=log_group_name(spec),
            retention_in_days=logging.retention_days,
            kms_key_id=(key.arn if key is not None else spec.kms_key_arn) if encrypt else None,
            tags=tags_for(spec, log_group_name(spec)),
            opts=child_options(spec, parent, aws.cloudwatch.LogGroup),
        )
        broker_logs["cloudwatch_logs"] = {"enabled": True, "log_group": group.name}
    if logging.s3_bucket:
        broker_logs["s3"] = {
            "enabled": True,
            "bucket": logging.s3_bucket,
            "prefix": logging.s3_prefix,
        }
    if logging.firehose_delivery_stream:
        broker_logs["firehose"] = {
            "enabled": True,
            "delivery_stream": logging.firehose_delivery_stream,
        }
    return {"broker_logs": broker_logs}
