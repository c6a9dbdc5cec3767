"""The component's typed arguments: the ``msk:`` config keys in snake_case.

No `from __future__ import annotations`: Pulumi's analyzer reads these at run time.
"""

from collections.abc import Mapping, Sequence
from typing import TypedDict

import pulumi


class AuthArgs(TypedDict, total=False):
    """Client authentication modes; those set true are on, the rest off."""

    iam: pulumi.Input[bool]
    """SASL/IAM (port 9098). The default, and the only mode serverless supports."""
    scram: pulumi.Input[bool]
    """SASL/SCRAM-SHA-512 with users in Secrets Manager (port 9096)."""
    tls: pulumi.Input[bool]
    """Mutual TLS with client certificates from ACM Private CA (port 9094)."""
    unauthenticated: pulumi.Input[bool]
    """Clients without credentials. Off unless asked for."""
    certificate_authority_arns: pulumi.Input[Sequence[pulumi.Input[str]]]
    """ACM Private CA ARNs trusted for mutual TLS."""


class WorkloadArgs(TypedDict, total=False):
    """Expected traffic, used to price what depends on usage."""

    ingress_mibps: pulumi.Input[float]
    """Average data produced, MiB/s (before replication)."""
    peak_ingress_mibps: pulumi.Input[float]
    """Highest sustained ingress, MiB/s (default: the average)."""
    egress_mibps: pulumi.Input[float]
    """Average data consumed, MiB/s (all consumer groups)."""
    retention_hours: pulumi.Input[float]
    """How long data is kept, hours."""
    partitions: pulumi.Input[int]
    """Partitions across all topics (before replication)."""
    consumer_groups: pulumi.Input[int]
    """Consumer groups reading the data (sizing: egress fan-out)."""
    replication_factor: pulumi.Input[int]
    """Copies of each partition (sizing; express is fixed at 3)."""


class LoggingArgs(TypedDict, total=False):
    """Where broker logs go; CloudWatch is on unless turned off."""

    cloudwatch: pulumi.Input[bool]
    """Deliver broker logs to a log group the component creates (default true)."""
    retention_days: pulumi.Input[int]
    """Days the log group keeps logs (default 30)."""
    encrypt_with_cluster_key: pulumi.Input[bool]
    """Encrypt the log group with the cluster's KMS key (default false)."""
    s3_bucket: pulumi.Input[str]
    """Also deliver broker logs to this S3 bucket."""
    s3_prefix: pulumi.Input[str]
    """Key prefix for the S3 delivery."""
    firehose_delivery_stream: pulumi.Input[str]
    """Also deliver broker logs to this Firehose stream."""


class OpenMonitoringArgs(TypedDict, total=False):
    """Prometheus exporters and who may scrape them."""

    jmx_exporter: pulumi.Input[bool]
    """JMX exporter on port 11001 (default false)."""
    node_exporter: pulumi.Input[bool]
    """Node exporter on port 11002 (default false)."""
    source_security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Security groups of the scrapers."""
    source_cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]]
    """CIDRs of the scrapers."""


class AlarmsArgs(TypedDict, total=False):
    """CloudWatch alarms and where they notify."""

    enabled: pulumi.Input[bool]
    """Create the alarms (default true once alarms are given)."""
    sns_topic_arn: pulumi.Input[str]
    """Notify this topic instead of one the component creates."""
    emails: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Email subscriptions to the created topic."""
    disk_used_percent: pulumi.Input[float]
    """Per-broker data disk threshold, % (default 80)."""
    cpu_percent: pulumi.Input[float]
    """Per-broker CpuUser + CpuSystem threshold, % (default 60)."""
    period_seconds: pulumi.Input[int]
    """Evaluation period, seconds (default 300)."""
    throughput_percent: pulumi.Input[float]
    """Serverless: ingress/egress as % of the cluster limit (default 80)."""


class StorageAutoscalingArgs(TypedDict, total=False):
    """Storage autoscaling bounds."""

    max_gib: pulumi.Input[int]
    """Largest EBS volume per broker, GiB."""
    target_utilization: pulumi.Input[float]
    """Storage utilisation to keep, % (default 60)."""


class TopicArgs(TypedDict, total=False):
    """A topic created through the MSK topic API."""

    name: pulumi.Input[str]
    """Topic name."""
    partitions: pulumi.Input[int]
    """Number of partitions."""
    replication_factor: pulumi.Input[int]
    """Copies of each partition (default: the cluster's default.replication.factor)."""
    config: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    """Topic-level Kafka configs."""


class GrantArgs(TypedDict, total=False):
    """One role's least-privilege access to the cluster."""

    role_name: pulumi.Input[str]
    """IAM role name (or role_arn)."""
    role_arn: pulumi.Input[str]
    """IAM role ARN (or role_name)."""
    produce: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Topics or prefixes ('orders.*') the role may write."""
    consume: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Topics or prefixes the role may read."""
    groups: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Consumer groups or prefixes the role may use."""
    idempotent: pulumi.Input[bool]
    """Idempotent producer writes (default false)."""
    transactional_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Transactional ids or prefixes for transactional producers."""
    admin: pulumi.Input[bool]
    """Full control of the cluster, topics and groups (default false)."""


class MskClusterArgs(TypedDict, total=False):
    """The ``msk:`` stack-config keys in snake_case; see the README's table for defaults."""

    cluster_type: pulumi.Input[str]
    """'provisioned' (default) or 'serverless'."""
    cluster_name: pulumi.Input[str]
    """Cluster name; defaults to '<project>-<stack>'."""
    vpc_id: pulumi.Input[str]
    """Existing VPC; give with subnet_ids, or neither to build a network."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Client subnets, one per AZ (2 or 3; express 3)."""
    az_count: pulumi.Input[int]
    """AZs of the network built when no VPC is given (default 3)."""
    vpc_cidr: pulumi.Input[str]
    """IPv4 range of the built VPC (default 10.40.0.0/16)."""
    client_security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Security groups allowed to reach the broker ports."""
    client_cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]]
    """CIDR blocks allowed to reach the broker ports."""
    kafka_version: pulumi.Input[str]
    """MSK Kafka version string, e.g. '3.9.x' or '4.1.x.kraft'."""
    broker_count: pulumi.Input[int]
    """Total brokers, a multiple of the subnet count (default 3)."""
    instance_type: pulumi.Input[str]
    """Broker instance type (default kafka.m7g.large)."""
    ebs_volume_gib: pulumi.Input[int]
    """EBS GiB per broker, standard brokers only (default 1000)."""
    provisioned_throughput_mibps: pulumi.Input[int]
    """Provisioned EBS throughput per broker in MiB/s (default off)."""
    client_broker_encryption: pulumi.Input[str]
    """'TLS' (default), 'TLS_PLAINTEXT' or 'PLAINTEXT'."""
    in_cluster_encryption: pulumi.Input[bool]
    """TLS between brokers (default true)."""
    kms_key_arn: pulumi.Input[str]
    """KMS key for data at rest; without it a key is created."""
    auth: pulumi.Input[AuthArgs]
    """Client authentication modes (default IAM only)."""
    public_access: pulumi.Input[bool]
    """Public broker endpoints (default false)."""
    scram_users: pulumi.Input[Sequence[pulumi.Input[str]]]
    """SASL/SCRAM users, each with a generated password in Secrets Manager (needs auth.scram)."""
    server_properties: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    """Broker properties over the safe defaults."""
    logging: pulumi.Input[LoggingArgs]
    """Broker logs (default CloudWatch, 30 days)."""
    enhanced_monitoring: pulumi.Input[str]
    """CloudWatch metrics level (default DEFAULT)."""
    open_monitoring: pulumi.Input[OpenMonitoringArgs]
    """Prometheus exporters (default off)."""
    alarms: pulumi.Input[AlarmsArgs]
    """CloudWatch alarms (default off)."""
    storage_autoscaling: pulumi.Input[StorageAutoscalingArgs]
    """Storage autoscaling (default off)."""
    retain_on_delete: pulumi.Input[bool]
    """Keep the cluster, key and log group in AWS when removed from the stack (default false)."""
    protect: pulumi.Input[bool]
    """Protect the cluster and its key from deletion (default false)."""
    workload: pulumi.Input[WorkloadArgs]
    """Expected traffic, for cost estimates (default none)."""
    topics: pulumi.Input[Sequence[pulumi.Input[TopicArgs]]]
    """Topics to create."""
    grants: pulumi.Input[Sequence[pulumi.Input[GrantArgs]]]
    """Client roles and what each may do."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    """Tags merged onto every taggable child."""
