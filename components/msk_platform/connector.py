"""MskConnector: an MSK Connect connector for an MSK cluster with IAM authentication.

For a cluster this stack's MskCluster makes, use ``msk:connectors`` instead (the cluster then
admits the connectors in its own broker group). MskConnector is for a cluster made elsewhere
(another stack's outputs)::

    MskConnector(
        "orders-sink",
        {
            "cluster_arn": cluster_arn,
            "bootstrap_brokers_iam": bootstrap_iam,
            "vpc_id": vpc_id,
            "subnet_ids": subnet_ids,
            "broker_security_group_id": broker_group_id,
            "plugin": {"bucket_arn": bucket.arn, "key": "s3-sink.zip", "content_type": "ZIP"},
            "config": {"connector.class": "io.confluent.connect.s3.S3SinkConnector",
                       "topics": "orders"},
            "capacity": {"provisioned": {"mcu_count": 1, "workers": 1}},
        },
    )

It makes the custom plugin, an optional worker configuration, the connector (IAM and TLS to
the brokers), a security group whose one rule is egress to the brokers' IAM port, a service
execution role limited to the connector's topics and groups and the plugin object, and a log
group. With ``admit_on_broker_group`` (the default) it also adds an ingress rule on the IAM port
to the broker group; turn it off when that group's rules are inline (the provider can't mix
inline rules and rule resources on one group) and admit the connector's group there instead.

Its args are checked as ``msk:connectors`` entries are, before anything is registered;
problems are named ``MskConnector.<field>``.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

import pulumi

from . import catalog
from .args import ConnectorCapacityArgs, ConnectorPluginArgs
from .builders.connector import (
    ConnectorTarget,
    broker_ingress,
    build_connector,
    connector_security_group,
)
from .builders.security_group import iam_egress_to_brokers
from .component_args import cluster_arn_problems, companion_tags, envelope_problems, read_tags
from .errors import MskConfigError, Problem
from .spec.cluster_spec import read_item
from .spec.connector_rules import connector_problems, connector_spec
from .spec.keys import CREATED_LOG_GROUP, KEYS_BY_NAME
from .spec.values import INVALID, Reader, is_deferred, show, type_name, whole_number

TYPE_TOKEN = "msk:index:MskConnector"
LABEL = "MskConnector"


class MskConnectorArgs(TypedDict):
    """An MSK Connect connector for an MSK cluster that has IAM authentication on."""

    cluster_arn: pulumi.Input[str]
    """ARN of the MSK cluster (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)."""
    bootstrap_brokers_iam: pulumi.Input[str]
    """The cluster's SASL/IAM bootstrap brokers (port 9098)."""
    vpc_id: pulumi.Input[str]
    """The cluster's VPC, where the connector's security group is made."""
    subnet_ids: Sequence[pulumi.Input[str]]
    """Subnets the workers run in: the cluster's client subnets."""
    broker_security_group_id: pulumi.Input[str]
    """A security group of the brokers; the connector's group reaches it on the IAM port."""
    plugin: ConnectorPluginArgs
    """The custom plugin file in S3 `{bucket_arn, key, content_type, object_version}`;
    content_type ZIP or JAR."""
    config: Mapping[str, str]
    """Connector configuration with connector.class; secret-looking keys take only config
    provider references such as ${secretsmanager:MySecret:password}."""
    capacity: ConnectorCapacityArgs
    """`{autoscaling: {mcu_count, min_workers, max_workers}}` or
    `{provisioned: {mcu_count, workers}}`."""
    connector_name: NotRequired[str]
    """Name of the connector in MSK Connect. Default: the component's name."""
    connect_version: NotRequired[str]
    """Kafka Connect version: 2.7.1 or 3.7.x. Default: 3.7.x."""
    worker_configuration: NotRequired[Mapping[str, str]]
    """Worker properties (e.g. config.providers); a worker configuration is made when given."""
    read_topics: NotRequired[Sequence[str]]
    """Topics (or prefix*) it reads beside the config's topics; needed with topics.regex."""
    write_topics: NotRequired[Sequence[str]]
    """Topics (or prefix*) it writes (source connectors)."""
    security_group_ids: NotRequired[Sequence[pulumi.Input[str]]]
    """Security groups of your own beside the created one (e.g. egress to the source system)."""
    admit_on_broker_group: NotRequired[bool]
    """Add an IAM-port ingress rule from the connector's group to the broker group. Default:
    true; false when that group's rules are inline."""
    log_retention_days: NotRequired[int]
    """Days the worker log group keeps logs (a CloudWatch retention value). Default: 30."""
    log_kms_key_arn: NotRequired[pulumi.Input[str]]
    """KMS key for the worker log group (its policy must let CloudWatch Logs use it)."""
    tags: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Tags on every child, over `project`, `stack` and `managed-by`. Default: `{}`."""


_CONNECTOR_FIELDS = (
    "plugin",
    "config",
    "capacity",
    "connect_version",
    "worker_configuration",
    "read_topics",
    "write_topics",
    "security_group_ids",
)
_ARG_NAMES = (
    "cluster_arn",
    "bootstrap_brokers_iam",
    "vpc_id",
    "subnet_ids",
    "broker_security_group_id",
    "connector_name",
    *_CONNECTOR_FIELDS,
    "admit_on_broker_group",
    "log_retention_days",
    "log_kms_key_arn",
    "tags",
)


class MskConnector(pulumi.ComponentResource):
    """An MSK Connect connector with its plugin, security group, role and log group."""

    arn: pulumi.Output[str]
    """ARN of the connector."""
    connector_name: pulumi.Output[str]
    """Name of the connector in MSK Connect."""
    security_group_id: pulumi.Output[str]
    """The connector's own security group (admit it on the brokers' IAM port)."""
    role_arn: pulumi.Output[str]
    """ARN of the connector's service execution role."""
    log_group_name: pulumi.Output[str]
    """CloudWatch log group of the workers' logs."""
    plugin_arn: pulumi.Output[str]
    """ARN of the custom plugin."""

    def __init__(
        self,
        name: str,
        args: MskConnectorArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        spec, checked = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        tags = companion_tags(checked["tags"], name)
        child = pulumi.ResourceOptions(parent=self)
        group = connector_security_group(f"{name}-sg", spec.name, args["vpc_id"], tags, child)
        broker_group = args["broker_security_group_id"]
        iam_egress_to_brokers(f"{name}-to-brokers", group.id, broker_group, "the brokers", child)
        if checked["admit"]:
            broker_ingress(f"{name}-from-connector", broker_group, group.id, spec.name, child)
        target = ConnectorTarget(
            cluster_arn=args["cluster_arn"],
            bootstrap_brokers=args["bootstrap_brokers_iam"],
            subnet_ids=list(checked["subnet_ids"]),
            security_group_ids=[group.id, *spec.security_group_ids],
            scope=name,
            project=pulumi.get_project(),
            stack=pulumi.get_stack(),
            log_retention_days=checked["retention"],
            log_kms_key_arn=args.get("log_kms_key_arn"),
        )
        parts = build_connector(f"{name}-connector", spec, target, tags, self)
        self.connector = parts.connector
        self.arn = parts.connector.arn
        self.connector_name = parts.connector.name
        self.security_group_id = group.id
        self.role_arn = parts.role.arn
        self.log_group_name = parts.log_group.name
        self.plugin_arn = parts.plugin.arn
        self.register_outputs(
            {
                "arn": self.arn,
                "connectorName": self.connector_name,
                "securityGroupId": self.security_group_id,
                "roleArn": self.role_arn,
                "logGroupName": self.log_group_name,
                "pluginArn": self.plugin_arn,
            }
        )


def _checked(name: Any, args: Any, opts: Any) -> tuple[Any, dict]:
    """The connector spec and the other args as read, or MskConfigError naming every
    problem."""
    from .spec.rules import SECURITY_GROUP_ID, SUBNET_ID, VPC_ID

    problems = envelope_problems(
        name,
        args,
        opts,
        label=LABEL,
        args_type="MskConnectorArgs",
        arg_names=_ARG_NAMES,
        example_name="orders",
    )
    problems += cluster_arn_problems(
        args.get("cluster_arn"), f"{LABEL}.clusterArn", "the MSK cluster"
    )
    for field, camel, pattern, form in (
        ("vpc_id", "vpcId", VPC_ID, "vpc-0123456789abcdef0"),
        (
            "broker_security_group_id",
            "brokerSecurityGroupId",
            SECURITY_GROUP_ID,
            "sg-0123456789abcdef0",
        ),
        ("bootstrap_brokers_iam", "bootstrapBrokersIam", None, "the cluster's bootstrapBrokersIam"),
    ):
        value = args.get(field)
        if value is None:
            problems.append(Problem(f"{LABEL}.{camel}", f"is required: {form}"))
        elif is_deferred(value):
            continue
        elif not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value)):
            problems.append(Problem(f"{LABEL}.{camel}", f"{show(value)} is not valid; use {form}"))
    reader = Reader()
    subnets: Any = INVALID
    if args.get("subnet_ids") is None:
        problems.append(Problem(f"{LABEL}.subnetIds", "is required: the cluster's client subnets"))
    else:
        subnets = reader.as_str_list(
            KEYS_BY_NAME["subnetIds"], args["subnet_ids"], f"{LABEL}.subnetIds"
        )
        if subnets is not INVALID:
            if not subnets:
                problems.append(
                    Problem(f"{LABEL}.subnetIds", "is empty; give the cluster's subnets")
                )
            problems += [
                Problem(
                    f"{LABEL}.subnetIds[{i}]",
                    f"{show(s)} is not a subnet id; use the form subnet-0123456789abcdef0",
                )
                for i, s in enumerate(subnets)
                if isinstance(s, str) and not SUBNET_ID.fullmatch(s)
            ]
    admit = args.get("admit_on_broker_group", True)
    if not isinstance(admit, bool):
        problems.append(
            Problem(
                f"{LABEL}.admitOnBrokerGroup",
                f"{show(admit)} is {type_name(admit)}; use true or false",
            )
        )
    retention = _retention(args.get("log_retention_days"), problems)
    problems += reader.problems
    tags = read_tags(args.get("tags"), LABEL, problems)
    raw = {"name": args.get("connector_name", name)}
    raw.update({field: args[field] for field in _CONNECTOR_FIELDS if args.get(field) is not None})
    item, read_problems = read_item("connectors", raw, LABEL)
    problems += [_renamed(problem) for problem in read_problems]
    if item is not INVALID:
        problems += [_renamed(Problem(k, m)) for k, m in connector_problems(item, LABEL)]
    if problems:
        raise MskConfigError(problems)
    return connector_spec(item), {
        "subnet_ids": subnets,
        "admit": admit,
        "retention": retention,
        "tags": dict(tags) if tags is not INVALID else {},
    }


def _renamed(problem: Problem) -> Problem:
    """The connector's name is the ``connector_name`` argument here."""
    key = problem.key
    if key == f"{LABEL}.name" or key.startswith(f"{LABEL}.name."):
        key = f"{LABEL}.connectorName" + key[len(f"{LABEL}.name") :]
    return Problem(key, problem.message)


def _retention(value: Any, problems: list[Problem]) -> int:
    default = CREATED_LOG_GROUP["retention_days"]
    if value is None:
        return default
    allowed = catalog.observability()["cloudwatch_log_retention_days"]
    days = whole_number(value)
    if days is None or days not in allowed:
        problems.append(
            Problem(
                f"{LABEL}.logRetentionDays",
                f"{show(value)} is not a CloudWatch retention; use one of "
                f"{', '.join(map(str, allowed))}",
            )
        )
        return default
    return days
