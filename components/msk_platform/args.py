"""The component's typed arguments: the ``msk:`` config keys in snake_case.

Generated from ``spec/keys.py`` (python -m msk_platform.spec.reference --args
components/msk_platform/args.py); a test fails when the two differ, so edit the key table,
never this file. Only keys that may come from another resource (ids, ARNs) are
``pulumi.Input``; the rest decide what gets built and must be plain values.
No `from __future__ import annotations`: Pulumi's analyzer reads these at run time.
"""

from collections.abc import Mapping, Sequence
from typing import TypedDict

import pulumi


class AuthArgs(TypedDict, total=False):
    """Client authentication `{iam, scram, tls, unauthenticated, certificateAuthorityArns}`; the modes listed `true` are on, the rest off. Serverless: IAM only. mTLS (`tls`) needs `certificateAuthorityArns`."""

    iam: bool
    """SASL/IAM on port 9098. Default: `true` while `auth` is not given; once it is, `false` unless listed."""
    scram: bool
    """SASL/SCRAM-SHA-512 on port 9096. Default: `false`."""
    tls: bool
    """Mutual TLS on port 9094. Default: `false`."""
    unauthenticated: bool
    """Clients without credentials. Default: `false`."""
    certificate_authority_arns: Sequence[pulumi.Input[str]]
    """ACM Private CA ARNs trusted for mutual TLS. Default: `[]`."""


class LoggingArgs(TypedDict, total=False):
    """Broker logs `{cloudwatch, retentionDays, encryptWithClusterKey, s3Bucket, s3Prefix, firehoseDeliveryStream}`; CloudWatch on by default."""

    cloudwatch: bool
    """Deliver broker logs to a log group the component creates. Default: `true`. Provisioned clusters only."""
    retention_days: int
    """Days the log group keeps logs: a CloudWatch retention value, or 0 to keep them forever. Default: `30`. Provisioned clusters only."""
    encrypt_with_cluster_key: bool
    """Encrypt the log group with the cluster's KMS key (the key policy lets CloudWatch Logs use it). Default: `true`. Provisioned clusters only."""
    s3_bucket: str
    """Also deliver broker logs to this S3 bucket (name). Default: none. Provisioned clusters only."""
    s3_prefix: str
    """Key prefix for the S3 delivery. Default: none. Provisioned clusters only."""
    firehose_delivery_stream: str
    """Also deliver broker logs to this Firehose stream. Default: none. Provisioned clusters only."""


class OpenMonitoringArgs(TypedDict, total=False):
    """Prometheus exporters `{jmxExporter, nodeExporter, sourceSecurityGroupIds, sourceCidrBlocks}`; their ports open only to the named sources."""

    jmx_exporter: bool
    """Prometheus JMX exporter on port 11001. Default: `false`. Provisioned clusters only."""
    node_exporter: bool
    """Prometheus node exporter on port 11002. Default: `false`. Provisioned clusters only."""
    source_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups of the Prometheus scrapers. Default: `[]`. Provisioned clusters only."""
    source_cidr_blocks: Sequence[str]
    """IPv4 CIDRs of the Prometheus scrapers. Default: `[]`. Provisioned clusters only."""


class AlarmsArgs(TypedDict, total=False):
    """CloudWatch alarms on disk, CPU, under-replicated and offline partitions, the active controller (express: CPU and the controller, the metrics Express publishes; serverless: throughput limits), notifying SNS."""

    enabled: bool
    """Create the alarms (on once the alarms object is given). Default: `true`."""
    sns_topic_arn: pulumi.Input[str]
    """Notify this SNS topic instead of one the component creates. Default: none."""
    emails: Sequence[str]
    """Email addresses subscribed to the created topic (each confirms by mail). Default: `[]`."""
    disk_used_percent: float
    """Per broker: data disk used, % (AWS acts at 85; this leaves time to grow storage). Default: `80.0`."""
    cpu_percent: float
    """Per broker: CpuUser + CpuSystem, % (AWS's 60% guidance). Default: `60.0`."""
    period_seconds: int
    """Length of one evaluation period, seconds: a multiple of 60 (MSK publishes once a minute); serverless at most 3600 (its throughput alarms read a Metrics Insights query, which looks back 3 hours). Default: `300`."""
    throughput_percent: float
    """Serverless: ingress or egress as % of the cluster's limit. Default: `80.0`."""


class StorageAutoscalingArgs(TypedDict, total=False):
    """Grow EBS volumes automatically `{maxGib, targetUtilization}`; standard brokers only. The volume size is then left to autoscaling."""

    max_gib: int
    """Largest EBS volume per broker autoscaling may grow to, GiB. Default: none. Provisioned clusters only."""
    target_utilization: float
    """Storage utilisation autoscaling keeps, % (10–80; AWS recommends 50–60). Default: `60.0`. Provisioned clusters only."""


class WorkloadArgs(TypedDict, total=False):
    """Expected traffic `{ingressMibps, peakIngressMibps, egressMibps, retentionHours, partitions, consumerGroups, replicationFactor}`: prices what depends on usage, and `mskctl size` and the plan check the cluster against it. Without it those cost lines show as depending on usage."""

    ingress_mibps: float
    """Average data produced, MiB/s (before replication). Default: none."""
    peak_ingress_mibps: float
    """Highest sustained ingress, MiB/s: sizing checks limits at the peak and prices the average. Default: the average."""
    egress_mibps: float
    """Average data consumed, MiB/s (all consumer groups). Default: none."""
    retention_hours: float
    """How long data is kept, hours. Default: none."""
    partitions: int
    """Partitions across all topics (before replication). Default: none."""
    consumer_groups: int
    """Consumer groups reading the data (sizing: egress fan-out). Default: none."""
    replication_factor: int
    """Copies of each partition (sizing; express is fixed at 3). Default: none."""


class TopicArgs(TypedDict, total=False):
    """Topics `[{name, partitions, replicationFactor, config}]`, created with the MSK topic API (no network path to the brokers needed; Kafka 3.6.0 or later)."""

    name: str
    """Topic name: 1–249 of `a-z A-Z 0-9 . _ -`. Default: none. Provisioned clusters only."""
    partitions: int
    """Number of partitions (required). Default: none. Provisioned clusters only."""
    replication_factor: int
    """Copies of each partition; at most the broker count. Default: the cluster's default.replication.factor. Provisioned clusters only."""
    config: Mapping[str, str]
    """Topic-level Kafka configs, e.g. `retention.ms`. Default: `{}`. Provisioned clusters only."""


class GrantArgs(TypedDict, total=False):
    """Least-privilege IAM access `[{roleName or roleArn, produce, consume, groups, idempotent, transactionalIds, admin}]`: a role policy per entry, scoped to the cluster's topic and group ARNs, named for the project, stack and cluster so stacks granting one role never share a policy."""

    role_name: str
    """IAM role to grant to (give this or roleArn). Default: none."""
    role_arn: pulumi.Input[str]
    """IAM role to grant to, by ARN: a role of the deploying account (IAM puts an inline policy only there). Default: none."""
    produce: Sequence[str]
    """Topics (or `prefix*`) the role may write. Default: `[]`."""
    consume: Sequence[str]
    """Topics (or `prefix*`) the role may read. Default: `[]`."""
    groups: Sequence[str]
    """Consumer groups (or `prefix*`) the role may use; needed to consume. Default: `[]`."""
    idempotent: bool
    """Producers use idempotent writes. Default: `false`."""
    transactional_ids: Sequence[str]
    """Transactional ids (or `prefix*`) producers use. Default: `[]`."""
    admin: bool
    """Full control of the cluster, its topics and groups. Default: `false`."""


class MskClusterArgs(TypedDict, total=False):
    """The ``msk:`` stack-config keys in snake_case; each field says its default."""

    cluster_type: str
    """Provisioned brokers (standard or express) or MSK Serverless. Default: `provisioned`."""
    cluster_name: str
    """1–64 of `A-Z a-z 0-9 -`, starting alphanumeric. Changing it replaces the cluster. Default: `<project>-<stack>` (other clusters in the program: `<project>-<stack>-<name>`)."""
    vpc_id: pulumi.Input[str]
    """Existing VPC to join (`vpc-…`). Give with `subnetIds`, or neither to build a network. Default: none."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Client subnets, one per AZ: 2 or 3 (express: 3). Changing them replaces the cluster. Default: none."""
    az_count: int
    """AZs (one private subnet each) when the program builds the VPC: 2 or 3 (express: 3). Default: `3`."""
    vpc_cidr: str
    """IPv4 range of the VPC the program builds, /16 to /24, private (RFC 1918). Default: `10.40.0.0/16`."""
    client_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups whose members may reach the broker ports of the enabled auth modes. Default: `[]`."""
    client_cidr_blocks: Sequence[str]
    """IPv4 CIDRs that may reach the same ports. `0.0.0.0/0` is refused, and IPv6: a cluster has no IPv6 address until dual-stack is turned on for it. Default: `[]`."""
    kafka_version: str
    """MSK version string, e.g. `3.9.x`, `3.9.x.kraft`, `4.1.x.kraft`; past end of support is refused. Pin it in stack files so a catalog update never upgrades a cluster. Default: newest supported version the broker type can run (KRaft where it can). Provisioned clusters only."""
    broker_count: int
    """Total brokers: a multiple of the subnet count, within the per-cluster limit (30 ZooKeeper / 60 KRaft). Default: `3`. Provisioned clusters only."""
    instance_type: str
    """Broker size: a `kafka.*` (standard) or `express.*` type from the catalog. Default: `kafka.m7g.large`. Provisioned clusters only."""
    ebs_volume_gib: int
    """EBS storage per broker, 1–16384 GiB. Standard brokers only (express storage is managed). Default: 1000 (standard brokers). Provisioned clusters only."""
    provisioned_throughput_mibps: int
    """Provisioned EBS throughput per broker, from 250 to the instance's maximum; only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger. Default: off. Provisioned clusters only."""
    client_broker_encryption: str
    """Encryption between clients and brokers. Default: `TLS`. Provisioned clusters only."""
    in_cluster_encryption: bool
    """TLS between brokers. Can't be turned on later; changing it replaces the cluster. Default: `true`. Provisioned clusters only."""
    kms_key_arn: pulumi.Input[str]
    """Customer-managed KMS key for data at rest. Without it the component creates one with rotation. Changing it replaces the cluster. Default: none. Provisioned clusters only."""
    auth: AuthArgs
    """Client authentication `{iam, scram, tls, unauthenticated, certificateAuthorityArns}`; the modes listed `true` are on, the rest off. Serverless: IAM only. mTLS (`tls`) needs `certificateAuthorityArns`. Default: `{"iam": true}`."""
    scram_users: Sequence[str]
    """SASL/SCRAM users: each gets a generated password in a Secrets Manager secret (`AmazonMSK_<cluster>_<user>`, on the cluster's KMS key) associated with the cluster. Needs `auth.scram`. Default: `[]`. Provisioned clusters only."""
    server_properties: Mapping[str, str]
    """Broker properties over the safe defaults (no topic auto-creation, replication that fits the AZs, no unclean leader election; deny-unless-ACL only with `denyUnlessAcl`). Only the properties MSK lets users set. Default: `{}`. Provisioned clusters only."""
    deny_unless_acl: bool
    """Refuse SASL/SCRAM, mutual-TLS and unauthenticated clients whatever no Kafka ACL allows (`allow.everyone.if.no.acl.found=false`; IAM clients follow IAM policy, never ACLs). Create the ACLs first, an admin principal's among them: MSK lets no `super.users` be set, so a SCRAM- or mTLS-only cluster with it on and no ACLs admits no one. Required before public access with SCRAM or mTLS. Default: `false` (MSK's default: everyone may use what no ACL names). Provisioned clusters only."""
    public_access: bool
    """Public broker endpoints (SERVICE_PROVIDED_EIPS). Needs public subnets, TLS only, in-cluster encryption, authenticated clients, `msk:clientCidrBlocks` to admit, and with SCRAM or mTLS `allow.everyone.if.no.acl.found=false`; AWS turns it on only for a running cluster, so create with false, then set true. Default: `false`. Provisioned clusters only."""
    logging: LoggingArgs
    """Broker logs `{cloudwatch, retentionDays, encryptWithClusterKey, s3Bucket, s3Prefix, firehoseDeliveryStream}`; CloudWatch on by default. Default: CloudWatch, 30 days. Provisioned clusters only."""
    enhanced_monitoring: str
    """CloudWatch metrics level; beyond DEFAULT is billed per metric. Default: `DEFAULT`. Provisioned clusters only."""
    open_monitoring: OpenMonitoringArgs
    """Prometheus exporters `{jmxExporter, nodeExporter, sourceSecurityGroupIds, sourceCidrBlocks}`; their ports open only to the named sources. Default: off. Provisioned clusters only."""
    alarms: AlarmsArgs
    """CloudWatch alarms on disk, CPU, under-replicated and offline partitions, the active controller (express: CPU and the controller, the metrics Express publishes; serverless: throughput limits), notifying SNS. Default: off (prod stack: on)."""
    storage_autoscaling: StorageAutoscalingArgs
    """Grow EBS volumes automatically `{maxGib, targetUtilization}`; standard brokers only. The volume size is then left to autoscaling. Default: off. Provisioned clusters only."""
    retain_on_delete: bool
    """Keep the cluster in AWS when it leaves the stack, with what it holds and what it uses: topics, key, log group, SCRAM secrets and associations, configuration, security group, storage autoscaling and the network built for it. Default: false (prod stack: true)."""
    protect: bool
    """Protects what holds data (the cluster, its topics, key, log group and SCRAM secrets) from `pulumi destroy` and from replacement. Unprotected, a deleted SCRAM secret goes at once instead of holding its name through a recovery window. Default: false (prod stack: true)."""
    workload: WorkloadArgs
    """Expected traffic `{ingressMibps, peakIngressMibps, egressMibps, retentionHours, partitions, consumerGroups, replicationFactor}`: prices what depends on usage, and `mskctl size` and the plan check the cluster against it. Without it those cost lines show as depending on usage. Default: none."""
    topics: Sequence[TopicArgs]
    """Topics `[{name, partitions, replicationFactor, config}]`, created with the MSK topic API (no network path to the brokers needed; Kafka 3.6.0 or later). Default: `[]`. Provisioned clusters only."""
    grants: Sequence[GrantArgs]
    """Least-privilege IAM access `[{roleName or roleArn, produce, consume, groups, idempotent, transactionalIds, admin}]`: a role policy per entry, scoped to the cluster's topic and group ARNs, named for the project, stack and cluster so stacks granting one role never share a policy. Default: `[]`."""
    tags: Mapping[str, pulumi.Input[str]]
    """Tags merged onto every taggable child, over `project`, `stack` and `managed-by`. Default: `{}`."""
