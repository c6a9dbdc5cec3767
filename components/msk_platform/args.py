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


class VpcConfigArgs(TypedDict, total=False):
    """Serverless across several VPCs `[{subnetIds, securityGroupIds}]`, in place of `vpcId` and `subnetIds`: 1–5 client VPCs, each naming its own subnets and security groups (the component builds no network and no security group then). Changing any of it replaces the cluster."""

    subnet_ids: Sequence[pulumi.Input[str]]
    """Subnets of one client VPC, at least 2, each in a different AZ. Default: none. Serverless clusters only."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups of that VPC on the cluster's endpoints in it, admitting its clients: 1–5, required (without them AWS would use the VPC's default group). Default: none. Serverless clusters only."""


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


class VpcConnectivityArgs(TypedDict, total=False):
    """Multi-VPC private connectivity `{iam, scram, tls}`: clients in other VPCs and accounts of the Region reach the brokers over AWS PrivateLink (ports 14001–14100, from `msk:clientCidrBlocks`) with the modes listed `true`, each also on in `msk:auth`. Not on kafka.t3.small; Kafka 2.7.1+; no unauthenticated access; SCRAM or mTLS need `msk:denyUnlessAcl`. AWS turns it on only for a running cluster: create without it, then add it. All `false` turns it off (removing the key leaves it as it is)."""

    iam: bool
    """SASL/IAM clients of other VPCs (needs `auth.iam`). Default: `false`. Provisioned clusters only."""
    scram: bool
    """SASL/SCRAM clients of other VPCs (needs `auth.scram`). Default: `false`. Provisioned clusters only."""
    tls: bool
    """Mutual-TLS clients of other VPCs (needs `auth.tls`). Default: `false`. Provisioned clusters only."""


class ClusterPolicyArgs(TypedDict, total=False):
    """The cluster's resource policy `{principals, actions}` (`aws.msk.ClusterPolicy`), for other accounts: by default it lets the principals create VPC connections to the cluster. IAM clients of those accounts also need `kafka-cluster:` actions here."""

    principals: Sequence[pulumi.Input[str]]
    """Who may use the cluster from other accounts: 12-digit account ids or IAM ARNs (`arn:aws:iam::<account>:root`, `:role/…`, `:user/…`). Required. Default: none. Provisioned clusters only."""
    actions: Sequence[str]
    """What they may do: `kafka:` actions on the cluster; `kafka-cluster:` actions (IAM clients) also reach its topics, groups and transactional ids. Default: the four a VPC connection from another account needs: `kafka:CreateVpcConnection`, `kafka:GetBootstrapBrokers`, `kafka:DescribeCluster`, `kafka:DescribeClusterV2`. Provisioned clusters only."""


class LoggingArgs(TypedDict, total=False):
    """Broker logs `{cloudwatch, logGroupName, retentionDays, encryptWithClusterKey, s3Bucket, s3Prefix, firehoseDeliveryStream}`; CloudWatch on by default, to a log group the component creates unless `logGroupName` names one."""

    cloudwatch: bool
    """Deliver broker logs to CloudWatch Logs: a log group the component creates, or `logGroupName`. Default: `true`. Provisioned clusters only."""
    log_group_name: pulumi.Input[str]
    """An existing log group to deliver to (1–512 of `A-Z a-z 0-9 . - _ / #`): none is created, so `retentionDays` and `encryptWithClusterKey` are the group's own affair and refused here. It must exist before `pulumi up` (the preview reads its ARN). Default: none. Provisioned clusters only."""
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


class TimeoutsArgs(TypedDict, total=False):
    """How long `pulumi up` waits for the cluster `{create, update, delete}`, as Pulumi reads durations (`90m`, `3h`, `1h30m`; no days: `48h`). The cluster's only; its topics, SCRAM secrets and the rest keep their providers' timeouts."""

    create: str
    """How long `pulumi up` waits for the cluster to be created. Default: `180m`."""
    update: str
    """How long it waits for one update of the cluster. Default: `240m`."""
    delete: str
    """How long it waits for the cluster to be deleted. Default: `120m`."""


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
    schemas: Sequence[str]
    """Schemas of `msk:schemaRegistry` the role's clients serialize (produce: `glue:GetSchemaByDefinition` on them) or deserialize (consume: `glue:GetSchemaVersion`). Default: `[]`."""


class SchemaArgs(TypedDict, total=False):
    """Schemas `[{name, dataFormat, compatibility, definition}]`."""

    name: str
    """Schema name: 1–255 of `a-z A-Z 0-9 - _ $ # .`. Required. Default: none."""
    data_format: str
    """Format of the definition. Required. Default: none."""
    compatibility: str
    """How Glue checks a new version against earlier ones (changed in place). Default: `BACKWARD`."""
    definition: str
    """The schema text (Avro, JSON Schema or .proto), up to 170000 characters, checked for syntax; a changed definition registers a new schema version. Required. Default: none."""


class SchemaRegistryConfigArgs(TypedDict, total=False):
    """A Glue Schema Registry `{name, schemas}` with its schemas, definitions checked for syntax per format; `msk:grants[].schemas` lets clients use them. Free (AWS Glue pricing)."""

    name: str
    """Registry name: 1–255 of `a-z A-Z 0-9 - _ $ # .`. Required. Default: none."""
    schemas: Sequence[SchemaArgs]
    """Schemas `[{name, dataFormat, compatibility, definition}]`. Default: `[]`."""


class ConnectorPluginArgs(TypedDict, total=False):
    """The custom plugin `{bucketArn, key, contentType, objectVersion}` made for it. Required."""

    bucket_arn: pulumi.Input[str]
    """ARN of the S3 bucket holding the plugin file (`arn:aws:s3:::<bucket>`). Required. Default: none. Provisioned clusters only."""
    key: str
    """Object key of the plugin file in that bucket. Required. Default: none. Provisioned clusters only."""
    content_type: str
    """The file's kind: `ZIP` or `JAR`. Required. Default: none. Provisioned clusters only."""
    object_version: str
    """The object's S3 version, to pin the plugin file. Default: none. Provisioned clusters only."""


class ConnectorAutoscalingArgs(TypedDict, total=False):
    """Workers scale with CPU `{mcuCount, minWorkers, maxWorkers, scaleInCpuPercent, scaleOutCpuPercent}` (give this or `provisioned`)."""

    mcu_count: int
    """MCUs per worker: 1/2/4/8 (an MCU is 1 vCPU, 4 GiB). Required. Default: none. Provisioned clusters only."""
    min_workers: int
    """Fewest workers. Required. Default: none. Provisioned clusters only."""
    max_workers: int
    """Most workers. Required. Default: none. Provisioned clusters only."""
    scale_in_cpu_percent: int
    """Average worker CPU % below which a worker is removed. Default: `20`. Provisioned clusters only."""
    scale_out_cpu_percent: int
    """Average worker CPU % above which a worker is added. Default: `80`. Provisioned clusters only."""


class ConnectorProvisionedArgs(TypedDict, total=False):
    """A fixed number of workers `{mcuCount, workers}` (give this or `autoscaling`)."""

    mcu_count: int
    """MCUs per worker: 1/2/4/8 (an MCU is 1 vCPU, 4 GiB). Required. Default: none. Provisioned clusters only."""
    workers: int
    """Workers. Required. Default: none. Provisioned clusters only."""


class ConnectorCapacityArgs(TypedDict, total=False):
    """`{autoscaling: {…}}` or `{provisioned: {…}}`. Required."""

    autoscaling: ConnectorAutoscalingArgs
    """Workers scale with CPU `{mcuCount, minWorkers, maxWorkers, scaleInCpuPercent, scaleOutCpuPercent}` (give this or `provisioned`). Default: none. Provisioned clusters only."""
    provisioned: ConnectorProvisionedArgs
    """A fixed number of workers `{mcuCount, workers}` (give this or `autoscaling`). Default: none. Provisioned clusters only."""


class ConnectorArgs(TypedDict, total=False):
    """MSK Connect connectors `[{name, plugin, config, capacity, connectVersion, workerConfiguration, readTopics, writeTopics, securityGroupIds}]`, each with its custom plugin, a security group the brokers admit on the IAM port only, a service execution role limited to its topics and groups, and a log group. Needs `auth.iam` and the component's own security group."""

    name: str
    """Connector name, unique in the stack: 1–121 characters (its plugin and worker configuration are named after it). Required. Default: none. Provisioned clusters only."""
    plugin: ConnectorPluginArgs
    """The custom plugin `{bucketArn, key, contentType, objectVersion}` made for it. Required. Default: none. Provisioned clusters only."""
    config: Mapping[str, str]
    """Connector configuration (`connector.class`, `tasks.max`, …). Secret-looking keys (`*.password`, `*secret*`, `*token*`, …) take only config provider references such as `${secretsmanager:MySecret:password}`. Required. Default: none. Provisioned clusters only."""
    capacity: ConnectorCapacityArgs
    """`{autoscaling: {…}}` or `{provisioned: {…}}`. Required. Default: none. Provisioned clusters only."""
    connect_version: str
    """Kafka Connect version the workers run. Default: `3.7.x`. Provisioned clusters only."""
    worker_configuration: Mapping[str, str]
    """Worker properties (`connect-distributed.properties`, e.g. `config.providers`): a worker configuration is made when given. Default: none. Provisioned clusters only."""
    read_topics: Sequence[str]
    """Topics (or `prefix*`) it reads, beside the config's `topics` (sink connectors; needed with `topics.regex`, which IAM can't name). Default: `[]`. Provisioned clusters only."""
    write_topics: Sequence[str]
    """Topics (or `prefix*`) it writes (source connectors). The role may touch no others. Default: `[]`. Provisioned clusters only."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups of your own beside the created one (which reaches only the brokers' IAM port), e.g. egress to the system the connector reads or writes. Default: `[]`. Provisioned clusters only."""


class AclArgs(TypedDict, total=False):
    """Kafka ACLs `[{principal, resourceType, resourceName, patternType, operation, permission}]` for SASL/SCRAM and mTLS clients, made through the brokers by the Kafka provider: with `auth.iam`, signed in with IAM as the identity that deploys (it needs kafka-cluster:Connect, DescribeCluster and AlterCluster on the cluster), and deny-unless-ACL is on unless `msk:denyUnlessAcl: false`; without, as `msk:aclAdmin` (which also gets the Cluster Alter and Describe ACLs it needs), and deny-unless-ACL stays off until `msk:denyUnlessAcl: true` in a later deploy. Deploy from where the brokers are reachable. Changing a field replaces that ACL."""

    principal: str
    """Who: `User:<SCRAM user name>`, or `User:<certificate distinguished name>` for mTLS clients (IAM clients follow IAM policy, never ACLs). Default: none. Provisioned clusters only."""
    resource_type: str
    """What: Topic, Group, Cluster, TransactionalId, DelegationToken. Default: none. Provisioned clusters only."""
    resource_name: str
    """Its name, `*` for all, or a prefix with `patternType: Prefixed`; `kafka-cluster` for Cluster. Default: none. Provisioned clusters only."""
    pattern_type: str
    """How the name matches: Literal or Prefixed. Default: `Literal`. Provisioned clusters only."""
    operation: str
    """What it may do, one of the resource type's Kafka operations (Topic: Read, Write, Describe, …) or `All`. Default: none. Provisioned clusters only."""
    permission: str
    """Allow or Deny (a Deny wins over every Allow). Default: `Allow`. Provisioned clusters only."""


class VpcConnectionArgs(TypedDict, total=False):
    """Managed VPC connections `[{vpcId, subnetIds, securityGroupIds, authentication}]`: client VPCs of the deploying account reach the brokers over PrivateLink, each with one mode of `msk:vpcConnectivity`. A VPC of another account connects from a program of its own with `MskVpcConnection`. Changing any field replaces the connection."""

    vpc_id: pulumi.Input[str]
    """Client VPC (`vpc-…`) of the deploying account, other than the cluster's own. Default: none. Provisioned clusters only."""
    subnet_ids: Sequence[pulumi.Input[str]]
    """Client subnets, one per AZ: at least 2 and no more than the cluster has, each in a zone (by AZ id) of one of the cluster's subnets. Default: none. Provisioned clusters only."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups on the connection's endpoints, admitting the clients: 1–5 (up to 16 with a raised VPC quota). Default: none. Provisioned clusters only."""
    authentication: str
    """How the clients authenticate: one mode that is on in `msk:vpcConnectivity`. Default: none. Provisioned clusters only."""


class ReplicatorArgs(TypedDict, total=False):
    """MSK Replicators into this cluster `[{name, sourceClusterArn, sourceSubnetIds, sourceSecurityGroupIds, topics, consumerGroups, startingPosition}]`, each with a service execution role that reads only its topics and groups on the source, and a security group the brokers admit on the IAM port only. Needs `auth.iam` and the component's own security group; not on `kafka.t3.small`."""

    name: str
    """Replicator name, unique in the account and Region: 1–128 letters, digits and hyphens, starting with a letter or digit. Required. Default: none."""
    source_cluster_arn: pulumi.Input[str]
    """The MSK cluster replicated from (same account; IAM access control on; another Region needs multi-VPC connectivity for IAM on it). Required. Default: none."""
    source_subnet_ids: Sequence[pulumi.Input[str]]
    """Subnets in the source cluster's VPC for the replicator's network interfaces. Required. Default: none."""
    source_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups for them, which the source brokers must admit on the IAM port. Required. Default: none."""
    topics: Sequence[str]
    """Topics to replicate: names or prefixes ending in `.*`, so the replicator's role names exactly those. Required. Default: none."""
    consumer_groups: Sequence[str]
    """Consumer groups whose offsets are replicated: names or prefixes ending in `.*`. Required. Default: none."""
    starting_position: str
    """Where replication of each topic starts: `LATEST` or `EARLIEST`. Changing it replaces the replicator. Default: not sent: AWS's default."""


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
    vpc_configs: Sequence[VpcConfigArgs]
    """Serverless across several VPCs `[{subnetIds, securityGroupIds}]`, in place of `vpcId` and `subnetIds`: 1–5 client VPCs, each naming its own subnets and security groups (the component builds no network and no security group then). Changing any of it replaces the cluster. Default: none. Serverless clusters only."""
    client_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups whose members may reach the broker ports of the enabled auth modes. Default: `[]`."""
    client_cidr_blocks: Sequence[str]
    """IPv4 CIDRs that may reach the same ports. `0.0.0.0/0` is refused, and IPv6: a cluster has no IPv6 address until dual-stack is turned on for it. Default: `[]`."""
    security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups of your own attached to the brokers beside the created one (their rules are yours: neither the plan nor the policy pack can see them). At most 5 in all, the created one included (a VPC quota per network interface, up to 16 once raised). Changing the set replaces the cluster. Default: `[]`."""
    create_security_group: bool
    """Create the brokers' security group. `false`: only `securityGroupIds` are attached (then required), and the keys that shape the created group's rules (`clientSecurityGroupIds`, `clientCidrBlocks`, `openMonitoring` sources) are refused. Changing it replaces the cluster. Default: `true`."""
    kafka_version: str
    """MSK version string, e.g. `3.9.x`, `3.9.x.kraft`, `4.1.x.kraft`; past end of support is refused. Pin it in stack files so a catalog update never upgrades a cluster. Default: newest supported version the broker type can run (KRaft where it can). Provisioned clusters only."""
    broker_count: int
    """Total brokers: a multiple of the subnet count, within the per-cluster limit (30 ZooKeeper / 60 KRaft). Default: `3`. Provisioned clusters only."""
    instance_type: str
    """Broker size: a `kafka.*` (standard) or `express.*` type from the catalog. Default: `kafka.m7g.large`. Provisioned clusters only."""
    rebalancing: bool
    """Express intelligent rebalancing: MSK moves partitions onto added brokers, off brokers being removed, and off overloaded ones. Express brokers only; while it is on, Cruise Control and similar tools can't reassign partitions. An Express cluster made before 2025-11-20 has it paused: the next deploy turns it on unless this is `false`. Default: `true` on express brokers, as AWS makes new Express clusters. Provisioned clusters only."""
    ebs_volume_gib: int
    """EBS storage per broker, 1–16384 GiB. Standard brokers only (express storage is managed). Default: 1000 (standard brokers). Provisioned clusters only."""
    provisioned_throughput_mibps: int
    """Provisioned EBS throughput per broker, from 250 to the instance's maximum; only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger. Default: off. Provisioned clusters only."""
    storage_mode: str
    """`TIERED` adds MSK's low-cost tier behind the EBS volumes, for topics that set `remote.storage.enable`: standard brokers other than kafka.t3.small, Kafka 3.6.0 or later. Turned on in place; the plan refuses turning it off. Default: `LOCAL`. Provisioned clusters only."""
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
    scram_secret_arns: Sequence[pulumi.Input[str]]
    """Existing Secrets Manager secrets (full ARNs) to associate, one SASL/SCRAM user each: named `AmazonMSK_…`, in the cluster's account and Region, on a customer-managed KMS key (MSK can't read `aws/secretsmanager` ones; `pulumi preview` reads each secret's key and refuses those). Counted with `scramUsers` against MSK's users per cluster. Needs `auth.scram`; the secrets stay yours. Default: `[]`. Provisioned clusters only."""
    server_properties: Mapping[str, str]
    """Broker properties over the safe defaults (no topic auto-creation, replication that fits the AZs, no unclean leader election; deny-unless-ACL only with `denyUnlessAcl`). Only the properties MSK lets users set. Default: `{}`. Provisioned clusters only."""
    deny_unless_acl: bool
    """Refuse SASL/SCRAM, mutual-TLS and unauthenticated clients whatever no Kafka ACL allows (`allow.everyone.if.no.acl.found=false`; IAM clients follow IAM policy, never ACLs). Create the ACLs first, an admin principal's among them: MSK lets no `super.users` be set, so a SCRAM- or mTLS-only cluster with it on and no ACLs admits no one. Without IAM, set it `true` only in a deploy after the one that made `msk:acls` (the change plan refuses both at once). Required before public access with SCRAM or mTLS. Default: `false` (MSK's default: everyone may use what no ACL names); `true` with `msk:acls` and `auth.iam`. Provisioned clusters only."""
    configuration_arn: pulumi.Input[str]
    """An existing MSK configuration (`arn:aws:kafka:<region>:<account>:configuration/<name>/<id>`) for the brokers, with `configurationRevision`: none is created, and its properties, not the component's safe defaults, apply. Exclusive with `serverProperties` and `denyUnlessAcl`. Default: none. Provisioned clusters only."""
    configuration_revision: pulumi.Input[int]
    """Revision of `configurationArn` the brokers run (1 or more); a new one is applied with a rolling restart. Default: none. Provisioned clusters only."""
    public_access: bool
    """Public broker endpoints (SERVICE_PROVIDED_EIPS). Needs public subnets, TLS only, in-cluster encryption, authenticated clients, `msk:clientCidrBlocks` to admit, and with SCRAM or mTLS `allow.everyone.if.no.acl.found=false`; AWS turns it on only for a running cluster, so create with false, then set true. Default: `false`. Provisioned clusters only."""
    vpc_connectivity: VpcConnectivityArgs
    """Multi-VPC private connectivity `{iam, scram, tls}`: clients in other VPCs and accounts of the Region reach the brokers over AWS PrivateLink (ports 14001–14100, from `msk:clientCidrBlocks`) with the modes listed `true`, each also on in `msk:auth`. Not on kafka.t3.small; Kafka 2.7.1+; no unauthenticated access; SCRAM or mTLS need `msk:denyUnlessAcl`. AWS turns it on only for a running cluster: create without it, then add it. All `false` turns it off (removing the key leaves it as it is). Default: off. Provisioned clusters only."""
    cluster_policy: ClusterPolicyArgs
    """The cluster's resource policy `{principals, actions}` (`aws.msk.ClusterPolicy`), for other accounts: by default it lets the principals create VPC connections to the cluster. IAM clients of those accounts also need `kafka-cluster:` actions here. Default: none. Provisioned clusters only."""
    logging: LoggingArgs
    """Broker logs `{cloudwatch, logGroupName, retentionDays, encryptWithClusterKey, s3Bucket, s3Prefix, firehoseDeliveryStream}`; CloudWatch on by default, to a log group the component creates unless `logGroupName` names one. Default: CloudWatch, 30 days. Provisioned clusters only."""
    enhanced_monitoring: str
    """CloudWatch metrics level; beyond DEFAULT is billed per metric. Default: `DEFAULT`. Provisioned clusters only."""
    open_monitoring: OpenMonitoringArgs
    """Prometheus exporters `{jmxExporter, nodeExporter, sourceSecurityGroupIds, sourceCidrBlocks}`; their ports open only to the named sources. Default: off. Provisioned clusters only."""
    alarms: AlarmsArgs
    """CloudWatch alarms on disk, CPU, under-replicated and offline partitions, the active controller (express: CPU and the controller, the metrics Express publishes; serverless: throughput limits), notifying SNS. Default: off (prod stack: on)."""
    storage_autoscaling: StorageAutoscalingArgs
    """Grow EBS volumes automatically `{maxGib, targetUtilization}`; standard brokers only. The volume size is then left to autoscaling. Default: off. Provisioned clusters only."""
    retain_on_delete: bool
    """Keep the cluster in AWS when it leaves the stack, with what it holds and what it uses: topics, key, log group, schema registry and schemas, configuration, security group, storage autoscaling and the network built for it (never what grants access: SCRAM secrets, their associations, IAM grants). Default: false (prod stack: true)."""
    protect: bool
    """Protects what holds data (the cluster, its topics, key, log group, schema registry and schemas, and SCRAM secrets) from `pulumi destroy` and from replacement. Unprotected, a deleted SCRAM secret goes at once instead of holding its name through a recovery window. Default: false (prod stack: true)."""
    timeouts: TimeoutsArgs
    """How long `pulumi up` waits for the cluster `{create, update, delete}`, as Pulumi reads durations (`90m`, `3h`, `1h30m`; no days: `48h`). The cluster's only; its topics, SCRAM secrets and the rest keep their providers' timeouts. Default: create `180m`, update `240m`, delete `120m`."""
    workload: WorkloadArgs
    """Expected traffic `{ingressMibps, peakIngressMibps, egressMibps, retentionHours, partitions, consumerGroups, replicationFactor}`: prices what depends on usage, and `mskctl size` and the plan check the cluster against it. Without it those cost lines show as depending on usage. Default: none."""
    topics: Sequence[TopicArgs]
    """Topics `[{name, partitions, replicationFactor, config}]`, created with the MSK topic API (no network path to the brokers needed; Kafka 3.6.0 or later). Default: `[]`. Provisioned clusters only."""
    grants: Sequence[GrantArgs]
    """Least-privilege IAM access `[{roleName or roleArn, produce, consume, groups, idempotent, transactionalIds, admin}]`: a role policy per entry, scoped to the cluster's topic and group ARNs, named for the project, stack and cluster so stacks granting one role never share a policy. Default: `[]`."""
    schema_registry: SchemaRegistryConfigArgs
    """A Glue Schema Registry `{name, schemas}` with its schemas, definitions checked for syntax per format; `msk:grants[].schemas` lets clients use them. Free (AWS Glue pricing). Default: none."""
    connectors: Sequence[ConnectorArgs]
    """MSK Connect connectors `[{name, plugin, config, capacity, connectVersion, workerConfiguration, readTopics, writeTopics, securityGroupIds}]`, each with its custom plugin, a security group the brokers admit on the IAM port only, a service execution role limited to its topics and groups, and a log group. Needs `auth.iam` and the component's own security group. Default: `[]`. Provisioned clusters only."""
    acls: Sequence[AclArgs]
    """Kafka ACLs `[{principal, resourceType, resourceName, patternType, operation, permission}]` for SASL/SCRAM and mTLS clients, made through the brokers by the Kafka provider: with `auth.iam`, signed in with IAM as the identity that deploys (it needs kafka-cluster:Connect, DescribeCluster and AlterCluster on the cluster), and deny-unless-ACL is on unless `msk:denyUnlessAcl: false`; without, as `msk:aclAdmin` (which also gets the Cluster Alter and Describe ACLs it needs), and deny-unless-ACL stays off until `msk:denyUnlessAcl: true` in a later deploy. Deploy from where the brokers are reachable. Changing a field replaces that ACL. Default: `[]`. Provisioned clusters only."""
    acl_admin: str
    """The `msk:scramUsers` user the Kafka provider authenticates as to manage `msk:acls` (its generated password goes to the provider as a secret, never shown). Required with `msk:acls` on a cluster without `auth.iam`; refused with it (the provider then signs in with IAM). Default: none. Provisioned clusters only."""
    vpc_connections: Sequence[VpcConnectionArgs]
    """Managed VPC connections `[{vpcId, subnetIds, securityGroupIds, authentication}]`: client VPCs of the deploying account reach the brokers over PrivateLink, each with one mode of `msk:vpcConnectivity`. A VPC of another account connects from a program of its own with `MskVpcConnection`. Changing any field replaces the connection. Default: `[]`. Provisioned clusters only."""
    replicators: Sequence[ReplicatorArgs]
    """MSK Replicators into this cluster `[{name, sourceClusterArn, sourceSubnetIds, sourceSecurityGroupIds, topics, consumerGroups, startingPosition}]`, each with a service execution role that reads only its topics and groups on the source, and a security group the brokers admit on the IAM port only. Needs `auth.iam` and the component's own security group; not on `kafka.t3.small`. Default: `[]`."""
    tags: Mapping[str, pulumi.Input[str]]
    """Tags merged onto every taggable child, over `project`, `stack` and `managed-by`. Default: `{}`."""
