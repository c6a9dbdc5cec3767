"""Broker logs: a log group of the cluster's own (on by default) or the stack's own
(``msk:logging.logGroupName``), S3 and Firehose if named.

A stack's own log group gets no resource here: its retention, key and life are its owner's.
Its ARN (the ``logGroupArn`` output) is read with ``aws.cloudwatch.get_log_group`` rather than
spelled from the Region and account: the read fails the preview when the group does not exist
(MSK creates no destination), before a cluster is made, and it asks only for
``logs:DescribeLogGroups``, which MSK's log delivery needs of the deployer anyway (catalog:
``bring_your_own.log_group``).
"""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .safety import child_options
from .tags import tags_for


@dataclass(frozen=True)
class BrokerLogs:
    """The cluster's ``logging_info`` (None without logs) and the ARN of the log group it
    writes to (None without CloudWatch delivery)."""

    info: aws.msk.ClusterLoggingInfoArgsDict | None
    log_group_arn: pulumi.Output | None


def log_group_name(spec: ClusterSpec) -> str:
    return f"/aws/msk/{spec.cluster_name}"


def build_broker_logs(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, key: aws.kms.Key | None
) -> BrokerLogs:
    """The cluster's ``logging_info``, creating the log group it names unless the stack names
    its own."""
    logging = spec.logging
    if logging is None or not logging.any_destination:
        return BrokerLogs(None, None)
    broker_logs: aws.msk.ClusterLoggingInfoBrokerLogsArgsDict = {}
    arn = None
    if logging.creates_log_group:
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
        arn = group.arn
    elif logging.cloudwatch:
        broker_logs["cloudwatch_logs"] = {"enabled": True, "log_group": logging.log_group_name}
        arn = aws.cloudwatch.get_log_group_output(
            name=logging.log_group_name, opts=pulumi.InvokeOutputOptions(parent=parent)
        ).arn
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
    return BrokerLogs({"broker_logs": broker_logs}, arn)
