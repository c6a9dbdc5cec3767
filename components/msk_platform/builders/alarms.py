"""CloudWatch alarms on the metrics that signal trouble, notifying an SNS topic.

``alarm_definitions`` decides what to watch (pure, tested directly); ``build_alarms`` makes
the topic and one ``MetricAlarm`` per definition. Every default threshold says why it is what
it is in the README; the thresholds users tune come from ``msk:alarms``.
"""

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from ..spec.cluster_spec import AlarmsSpec
from .encryption import build_topic_key
from .tags import tags_for

BYTES_PER_MB = 1_000_000  # MSK quotes serverless limits in MBps


@dataclass(frozen=True)
class AlarmDef:
    """One alarm: what it watches, when it fires, and why it matters."""

    suffix: str  # unique within the cluster, part of the alarm's name
    description: str
    comparison: str
    threshold: float
    evaluation_periods: int
    metric: str | None = None  # a single AWS/Kafka metric, or
    statistic: str = "Maximum"
    dimensions: dict = field(default_factory=dict)
    expression: str | None = None  # metric math over `inputs`, or a Metrics Insights query
    inputs: tuple = ()  # (id, metric name) pairs the expression reads, same dimensions
    treat_missing_data: str = "missing"


def _broker_ids(spec: ClusterSpec) -> range:
    first = catalog.observability()["broker_ids_start_at"]
    return range(first, first + spec.broker_count)


def _available(metric: str, spec: ClusterSpec) -> bool:
    kinds = catalog.observability()["metrics"][metric]["broker_types"]
    return (catalog.EXPRESS if spec.is_express else catalog.STANDARD) in kinds


def alarm_definitions(spec: ClusterSpec) -> list[AlarmDef]:
    alarms = spec.alarms
    if alarms is None:
        return []
    if spec.is_serverless:
        return _serverless_definitions(spec, alarms)
    cluster = {"Cluster Name": spec.cluster_name}
    defs: list[AlarmDef] = []
    for broker in _broker_ids(spec):
        per_broker = {**cluster, "Broker ID": str(broker)}
        if _available("KafkaDataLogsDiskUsed", spec):
            defs.append(
                AlarmDef(
                    f"broker-{broker}-disk",
                    f"Broker {broker} data disk above "
                    f"{alarms.disk_used_percent:g}%: grow storage before it fills",
                    "GreaterThanOrEqualToThreshold",
                    alarms.disk_used_percent,
                    1,
                    metric="KafkaDataLogsDiskUsed",
                    dimensions=per_broker,
                )
            )
        defs.append(
            AlarmDef(
                f"broker-{broker}-cpu",
                f"Broker {broker} CPU (user + system) above "
                f"{alarms.cpu_percent:g}% for 15 minutes: AWS advises staying under 60%",
                "GreaterThanThreshold",
                alarms.cpu_percent,
                3,
                dimensions=per_broker,
                expression="user + system",
                inputs=(("user", "CpuUser"), ("system", "CpuSystem")),
                statistic="Average",
            )
        )
        defs.append(
            AlarmDef(
                f"broker-{broker}-under-replicated",
                f"Broker {broker} has under-replicated "
                "partitions for 15 minutes: a replica is down or falling behind",
                "GreaterThanThreshold",
                0,
                3,
                metric="UnderReplicatedPartitions",
                dimensions=per_broker,
            )
        )
    defs.append(
        AlarmDef(
            "offline-partitions",
            "Partitions without a leader: producers and consumers of them are failing now",
            "GreaterThanThreshold",
            0,
            1,
            metric="OfflinePartitionsCount",
            dimensions=cluster,
            treat_missing_data="notBreaching",
        )
    )
    defs.append(
        AlarmDef(
            "no-active-controller",
            "No active controller: the cluster can't change leaders or topics",
            "LessThanThreshold",
            1,
            2,
            metric="ActiveControllerCount",
            statistic="Sum",
            dimensions=cluster,
            treat_missing_data="notBreaching",
        )
    )
    return defs


def _serverless_definitions(spec: ClusterSpec, alarms: AlarmsSpec) -> list[AlarmDef]:
    """Serverless publishes per-topic metrics; a Metrics Insights query sums them per cluster."""
    limits = catalog.serverless_limits()
    share = alarms.throughput_percent / 100
    defs = []
    for direction, metric, limit_key in (
        ("ingress", "BytesInPerSec", "max_ingress_MBps_per_cluster"),
        ("egress", "BytesOutPerSec", "max_egress_MBps_per_cluster"),
    ):
        limit = limits[limit_key]
        query = (
            f'SELECT SUM({metric}) FROM SCHEMA("AWS/Kafka", "Cluster Name", Topic) '
            f"WHERE \"Cluster Name\" = '{spec.cluster_name}'"
        )
        defs.append(
            AlarmDef(
                f"{direction}-near-limit",
                f"Cluster {direction} above {share:.0%} of the "
                f"{limit} MBps serverless limit for 15 minutes: clients will be throttled",
                "GreaterThanThreshold",
                round(limit * BYTES_PER_MB * share),
                3,
                expression=query,
                treat_missing_data="notBreaching",
            )
        )
    return defs


def _metric_queries(
    alarm: AlarmDef, period: int
) -> list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict]:
    queries: list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict] = [
        {
            "id": key,
            "return_data": False,
            "metric": {
                "namespace": "AWS/Kafka",
                "metric_name": metric,
                "dimensions": alarm.dimensions,
                "period": period,
                "stat": alarm.statistic,
            },
        }
        for key, metric in alarm.inputs
    ]
    result: aws.cloudwatch.MetricAlarmMetricQueryArgsDict = {
        "id": "result",
        "expression": alarm.expression,
        "return_data": True,
        "label": alarm.suffix,
    }
    if not alarm.inputs:
        result["period"] = period
    queries.append(result)
    return queries


def build_alarms(
    spec: ClusterSpec, name: str, parent: pulumi.Resource, key_arn: pulumi.Input | None
) -> pulumi.Output | None:
    """The alarms and their topic; returns the topic ARN (None when alarms are off)."""
    alarms = spec.alarms
    if alarms is None:
        return None
    child = pulumi.ResourceOptions(parent=parent)
    topic_arn = alarms.sns_topic_arn
    if topic_arn is None:
        if key_arn is None:
            key_arn = build_topic_key(spec, name, parent).arn
        topic = aws.sns.Topic(
            f"{name}-alarms",
            name=f"{spec.cluster_name}-alarms",
            kms_master_key_id=key_arn,
            tags=tags_for(spec, f"{spec.cluster_name}-alarms"),
            opts=child,
        )
        for index, email in enumerate(alarms.emails):
            aws.sns.TopicSubscription(
                f"{name}-alarms-email-{index}",
                topic=topic.arn,
                protocol="email",
                endpoint=email,
                opts=child,
            )
        topic_arn = topic.arn
    for alarm in alarm_definitions(spec):
        single = alarm.expression is None
        aws.cloudwatch.MetricAlarm(
            f"{name}-{alarm.suffix}",
            name=f"{spec.cluster_name}-{alarm.suffix}",
            alarm_description=alarm.description,
            comparison_operator=alarm.comparison,
            threshold=alarm.threshold,
            evaluation_periods=alarm.evaluation_periods,
            datapoints_to_alarm=alarm.evaluation_periods,
            treat_missing_data=alarm.treat_missing_data,
            namespace="AWS/Kafka" if single else None,
            metric_name=alarm.metric if single else None,
            statistic=alarm.statistic if single else None,
            dimensions=alarm.dimensions if single else None,
            period=alarms.period_seconds if single else None,
            metric_queries=None if single else _metric_queries(alarm, alarms.period_seconds),
            alarm_actions=[topic_arn],
            ok_actions=[topic_arn],
            tags=tags_for(spec),
            opts=child,
        )
    return pulumi.Output.from_input(topic_arn)
