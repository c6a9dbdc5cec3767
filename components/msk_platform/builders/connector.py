"""MSK Connect connectors: the custom plugin, an optional worker configuration, the connector
(IAM authentication and TLS to the brokers), its security group, its service execution role
and its worker log group. MskCluster (``msk:connectors``) and MskConnector both build here.

The connector's security group carries no inline rules: its one rule, egress to the brokers'
IAM port, is a separate ``aws.vpc.SecurityGroupEgressRule``. (The provider warns against mixing
inline rules and rule resources on one group.) The brokers' side: MskCluster adds the
connector groups to its own broker group's inline ingress on the IAM port; MskConnector, given
a broker group of someone else's, may add an ``aws.vpc.SecurityGroupIngressRule`` to it.

The role policy is a pure function of the cluster ARN and the connector (tested directly).
"""

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from ..spec.connector_rules import ConnectorSpec, facts
from ..spec.keys import CREATED_LOG_GROUP
from .grants import attach_policy, policy_name, resource_arn
from .security_group import iam_egress_to_brokers
from .tags import tags_for

DIGEST_CHARS = 8
_ROLE_UNSAFE = re.compile(r"[^\w+=,.@-]", re.ASCII)
_LOG_GROUP_UNSAFE = re.compile(r"[^A-Za-z0-9._/#-]", re.ASCII)


def role_name(scope: str, connector: str) -> str:
    """`<scope>-<connector>` made IAM-safe, cut to fit IAM's role-name limit with a digest of
    both."""
    most = catalog.iam_inline_policy_rules()["role_name"]["max_chars"]
    readable = _ROLE_UNSAFE.sub("-", f"{scope}-{connector}")
    digest = hashlib.sha256(f"{scope}\n{connector}".encode()).hexdigest()[:DIGEST_CHARS]
    return f"{readable[: most - DIGEST_CHARS - 1]}-{digest}"


def log_group_name(scope: str, connector: str) -> str:
    return _LOG_GROUP_UNSAFE.sub("-", f"/aws/msk-connect/{scope}/{connector}")


def _arn_parts(cluster_arn: str) -> tuple[str, str, str]:
    """(partition, region, account) of arn:<partition>:kafka:<region>:<account>:cluster/…"""
    _, partition, _, region, account, *_ = cluster_arn.split(":")
    return partition, region, account


def trust_policy(cluster_arn: str, connector: str) -> dict:
    """Only MSK Connect may assume the role, and only for this account's connector of this
    name (AWS's confused-deputy conditions)."""
    partition, region, account = _arn_parts(cluster_arn)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "MskConnectAssumesRole",
                "Effect": "Allow",
                "Principal": {"Service": facts()["service_principal"]},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {
                        "aws:SourceArn": f"arn:{partition}:kafkaconnect:{region}:{account}:"
                        f"connector/{connector}/*"
                    },
                },
            }
        ],
    }


def _statement(sid: str, actions: Sequence[str], resources: list[str]) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": list(actions), "Resource": resources}


def role_policy(cluster_arn: str, connector: ConnectorSpec, bucket_arn: str) -> dict:
    """Exactly what the connector needs: connect to the cluster, its own topics and groups,
    MSK Connect's internal topics and groups, and the plugin object."""
    actions = facts()["execution_role_actions"]

    def topics(names: Sequence[str]) -> list[str]:
        return [resource_arn(cluster_arn, "topic", name) for name in names]

    statements = [_statement("ConnectToCluster", actions["cluster"], [cluster_arn])]
    if connector.read_topics:
        statements.append(
            _statement("ReadTopics", actions["read_topic"], topics(connector.read_topics))
        )
    if connector.write_topics:
        statements.append(
            _statement("WriteTopics", actions["write_topic"], topics(connector.write_topics))
        )
    statements.append(
        _statement(
            "ConnectInternalTopics", actions["internal_topic"], topics(connector.internal_topics)
        )
    )
    statements.append(
        _statement(
            "UseGroups",
            actions["group"],
            [resource_arn(cluster_arn, "group", group) for group in connector.groups],
        )
    )
    plugin = connector.plugin
    statements.append(
        _statement(
            "ReadPluginObject",
            actions["plugin_object"]
            + (actions["plugin_object_version"] if plugin.get("object_version") else []),
            [f"{bucket_arn}/{plugin['key']}"],
        )
    )
    return {"Version": "2012-10-17", "Statement": statements}


def worker_properties(properties: Mapping[str, str]) -> str:
    """A connect-distributed.properties file, one `key=value` a line, sorted."""
    return "".join(f"{key}={value}\n" for key, value in sorted(properties.items()))


def capacity_input(connector: ConnectorSpec) -> aws.mskconnect.ConnectorCapacityArgsDict:
    if connector.autoscaling:
        return {
            "autoscaling": {
                "mcu_count": connector.mcu_count,
                "min_worker_count": connector.min_workers,
                "max_worker_count": connector.max_workers,
                "scale_in_policy": {"cpu_utilization_percentage": connector.scale_in_cpu_percent},
                "scale_out_policy": {"cpu_utilization_percentage": connector.scale_out_cpu_percent},
            }
        }
    return {
        "provisioned_capacity": {
            "mcu_count": connector.mcu_count,
            "worker_count": connector.min_workers,
        }
    }


def connector_security_group(
    resource_name: str,
    connector: str,
    vpc_id: pulumi.Input[str],
    tags: Mapping[str, pulumi.Input[str]],
    opts: pulumi.ResourceOptions,
) -> aws.ec2.SecurityGroup:
    """The connector's workers' group: no inline rules, so its egress rule can be a resource
    of its own (the provider removes AWS's default allow-all egress on create)."""
    return aws.ec2.SecurityGroup(
        resource_name,
        description=f"MSK Connect connector {connector}: egress to the brokers' IAM port only",
        vpc_id=vpc_id,
        tags=dict(tags),
        opts=opts,
    )


def broker_ingress(
    resource_name: str,
    broker_group_id: pulumi.Input[str],
    group_id: pulumi.Input[str],
    connector: str,
    opts: pulumi.ResourceOptions,
) -> aws.vpc.SecurityGroupIngressRule:
    port = catalog.port("sasl_iam")
    return aws.vpc.SecurityGroupIngressRule(
        resource_name,
        security_group_id=broker_group_id,
        referenced_security_group_id=group_id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=f"Kafka SASL/IAM ({port}) from MSK Connect connector {connector}",
        opts=opts,
    )


@dataclass(frozen=True)
class ConnectorParts:
    connector: aws.mskconnect.Connector
    plugin: aws.mskconnect.CustomPlugin
    worker_configuration: aws.mskconnect.WorkerConfiguration | None
    role: aws.iam.Role
    role_policy: aws.iam.RolePolicy
    log_group: aws.cloudwatch.LogGroup


@dataclass(frozen=True)
class ConnectorTarget:
    """Where a connector runs and what it reaches: the cluster and the network."""

    cluster_arn: pulumi.Input[str]
    bootstrap_brokers: pulumi.Input[str]  # the IAM listener's
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    security_group_ids: Sequence[pulumi.Input[str]]  # the connector's own first
    scope: str  # names the role, policy and log group: the cluster (or component) name
    project: str
    stack: str
    log_retention_days: int
    log_kms_key_arn: pulumi.Input[str] | None = None


def build_connector(
    prefix: str,
    connector: ConnectorSpec,
    target: ConnectorTarget,
    tags: Mapping[str, pulumi.Input[str]],
    parent: pulumi.Resource,
) -> ConnectorParts:
    """The plugin, worker configuration, role, log group and connector, children of
    ``parent``, named ``<prefix>-…``."""
    child = pulumi.ResourceOptions(parent=parent)
    tagged = dict(tags)
    plugin_info = connector.plugin
    location: aws.mskconnect.CustomPluginLocationS3ArgsDict = {
        "bucket_arn": plugin_info["bucket_arn"],
        "file_key": plugin_info["key"],
    }
    if plugin_info.get("object_version"):
        location["object_version"] = plugin_info["object_version"]
    plugin = aws.mskconnect.CustomPlugin(
        f"{prefix}-plugin",
        name=f"{connector.name}-plugin",
        content_type=plugin_info["content_type"],
        location={"s3": location},
        tags=tagged,
        opts=child,
    )
    worker = None
    if connector.worker_configuration:
        worker = aws.mskconnect.WorkerConfiguration(
            f"{prefix}-worker",
            name=f"{connector.name}-worker",
            properties_file_content=worker_properties(connector.worker_configuration),
            tags=tagged,
            opts=child,
        )
    role = aws.iam.Role(
        f"{prefix}-role",
        name=role_name(target.scope, connector.name),
        description=f"Service execution role of MSK Connect connector {connector.name}",
        assume_role_policy=pulumi.Output.from_input(target.cluster_arn).apply(
            lambda arn: json.dumps(trust_policy(arn, connector.name))
        ),
        tags=tagged,
        opts=child,
    )
    document = pulumi.Output.all(target.cluster_arn, plugin_info["bucket_arn"]).apply(
        lambda values: json.dumps(role_policy(values[0], connector, values[1]))
    )
    policy = attach_policy(
        f"{prefix}-role-policy",
        policy_name(target.project, target.stack, target.scope, "connect", connector.name),
        parent,
        role.name,
        document,
    )
    log_name = log_group_name(target.scope, connector.name)
    log_group = aws.cloudwatch.LogGroup(
        f"{prefix}-logs",
        name=log_name,
        retention_in_days=target.log_retention_days,
        kms_key_id=target.log_kms_key_arn,
        tags=tagged,
        opts=child,
    )
    plugins: list[aws.mskconnect.ConnectorPluginArgsDict] = [
        {"custom_plugin": {"arn": plugin.arn, "revision": plugin.latest_revision}}
    ]
    worker_input: aws.mskconnect.ConnectorWorkerConfigurationArgsDict | None = (
        {"arn": worker.arn, "revision": worker.latest_revision} if worker is not None else None
    )
    cluster_input: aws.mskconnect.ConnectorKafkaClusterArgsDict = {
        "apache_kafka_cluster": {
            "bootstrap_servers": target.bootstrap_brokers,
            "vpc": {
                "security_groups": list(target.security_group_ids),
                "subnets": target.subnet_ids,
            },
        }
    }
    log_delivery: aws.mskconnect.ConnectorLogDeliveryArgsDict = {
        "worker_log_delivery": {"cloudwatch_logs": {"enabled": True, "log_group": log_group.name}}
    }
    made = aws.mskconnect.Connector(
        prefix,
        name=connector.name,
        kafkaconnect_version=connector.connect_version,
        capacity=capacity_input(connector),
        connector_configuration=dict(connector.config),
        kafka_cluster=cluster_input,
        kafka_cluster_client_authentication={
            "authentication_type": facts()["client_authentication"]
        },
        kafka_cluster_encryption_in_transit={"encryption_type": facts()["encryption_in_transit"]},
        plugins=plugins,
        service_execution_role_arn=role.arn,
        log_delivery=log_delivery,
        worker_configuration=worker_input,
        tags=tagged,
        # The role's policy must be in place before MSK Connect first uses the role.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[policy]),
    )
    return ConnectorParts(made, plugin, worker, role, policy, log_group)


# -- msk:connectors: the cluster's own connectors -----------------------------------------


def build_connector_groups(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, vpc_id: pulumi.Input[str]
) -> dict[str, aws.ec2.SecurityGroup]:
    """One group per connector, made before the brokers' group, which admits them inline."""
    return {
        connector.name: connector_security_group(
            f"{name}-connector-{connector.name}-sg",
            connector.name,
            vpc_id,
            tags_for(spec, f"{spec.cluster_name}-connector-{connector.name}"),
            pulumi.ResourceOptions(parent=parent),
        )
        for connector in spec.connectors
    }


def _log_settings(spec: ClusterSpec, key: aws.kms.Key | None) -> tuple[int, pulumi.Input | None]:
    """The broker logs' retention, and the cluster's own key where its policy lets CloudWatch
    Logs use it (broker logs encrypted with it)."""
    logging = spec.logging
    retention = CREATED_LOG_GROUP["retention_days"]
    if logging is not None and logging.retention_days is not None:
        retention = logging.retention_days
    encrypt = bool(logging and logging.cloudwatch and logging.encrypt_with_cluster_key)
    return retention, key.arn if key is not None and encrypt else None


def build_connectors(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    cluster: "aws.msk.Cluster | aws.msk.ServerlessCluster",
    broker_group: aws.ec2.SecurityGroup | None,
    groups: Mapping[str, aws.ec2.SecurityGroup],
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
    key: aws.kms.Key | None,
) -> dict[str, ConnectorParts]:
    """Each msk:connectors entry against this cluster (the spec made sure IAM is on and the
    brokers' group is the component's)."""
    made: dict[str, ConnectorParts] = {}
    if not spec.connectors:
        return made
    # the spec refuses connectors on serverless clusters
    assert isinstance(cluster, aws.msk.Cluster)
    retention, log_key = _log_settings(spec, key)
    for connector in spec.connectors:
        prefix = f"{name}-connector-{connector.name}"
        group = groups[connector.name]
        if broker_group is not None:
            iam_egress_to_brokers(
                f"{prefix}-to-brokers",
                group.id,
                broker_group.id,
                "the brokers",
                pulumi.ResourceOptions(parent=parent),
            )
        target = ConnectorTarget(
            cluster_arn=cluster.arn,
            bootstrap_brokers=cluster.bootstrap_brokers_sasl_iam,
            subnet_ids=subnet_ids,
            security_group_ids=[group.id, *connector.security_group_ids],
            scope=spec.cluster_name,
            project=pulumi.get_project(),
            stack=pulumi.get_stack(),
            log_retention_days=retention,
            log_kms_key_arn=log_key,
        )
        made[connector.name] = build_connector(
            prefix,
            connector,
            target,
            tags_for(spec, f"{spec.cluster_name}-{connector.name}"),
            parent,
        )
    return made
