"""CloudWatch alarms on the metrics that signal trouble, notifying an SNS topic.

``alarm_definitions`` decides what to watch (pure, tested directly); ``build_alarms`` makes
the topic and one ``MetricAlarm`` per definition. An alarm is made only when the catalog says
the cluster's broker type publishes every metric it reads: one on a metric that never arrives
would sit in INSUFFICIENT_DATA forever. The thresholds users tune come from ``msk:alarms``.
"""

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..spec import ClusterSpec
from ..spec.alarm_rules import ALARM_WINDOW_PERIODS
from ..spec.cluster_spec import AlarmsSpec
from .encryption import build_topic_key
from .tags import tags_for

BYTES_PER_MB = 1_000_000  # MSK quotes serverless limits in MBps
SERVERLESS = "SERVERLESS"  # the catalog's broker type for metrics serverless clusters publish
NAMESPACE = "AWS/Kafka"


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
    queried: tuple = ()  # metric names a Metrics Insights query reads
    treat_missing_data: str = "missing"
    period_seconds: int | None = None  # None: msk:alarms.periodSeconds
    notify_missing: bool = False  # also notify when the alarm has no data (INSUFFICIENT_DATA)

    @property
    def metrics(self) -> tuple[str, ...]:
        """Every AWS/Kafka metric the alarm reads."""
        single = (self.metric,) if self.metric else ()
        return single + tuple(name for _, name in self.inputs) + self.queried


def _broker_ids(spec: ClusterSpec) -> range:
    first = catalog.observability()["broker_ids_start_at"]
    return range(first, first + spec.broker_count)


def _broker_type(spec: ClusterSpec) -> str:
    if spec.is_serverless:
        return SERVERLESS
    return catalog.EXPRESS if spec.is_express else catalog.STANDARD


def _published(alarm: AlarmDef, spec: ClusterSpec) -> bool:
    """True when the cluster's broker type publishes every metric the alarm reads."""
    metrics = catalog.observability()["metrics"]
    kind = _broker_type(spec)
    return all(kind in metrics[name]["broker_types"] for name in alarm.metrics)


def _minutes(seconds: int) -> str:
    minutes = seconds // 60
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def alarm_definitions(spec: ClusterSpec) -> list[AlarmDef]:
    alarms = spec.alarms
    if alarms is None:
        return []
    if spec.is_serverless:
        candidates = _serverless_definitions(spec, alarms)
    else:
        candidates = _provisioned_definitions(spec, alarms)
    return [alarm for alarm in candidates if _published(alarm, spec)]


def _provisioned_definitions(spec: ClusterSpec, alarms: AlarmsSpec) -> list[AlarmDef]:
    cluster = {"Cluster Name": spec.cluster_name}
    window = _minutes(alarms.period_seconds * ALARM_WINDOW_PERIODS)
    defs: list[AlarmDef] = []
    for broker in _broker_ids(spec):
        per_broker = {**cluster, "Broker ID": str(broker)}
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
                f"{alarms.cpu_percent:g}% for {window}: AWS advises staying under 60%",
                "GreaterThanThreshold",
                alarms.cpu_percent,
                ALARM_WINDOW_PERIODS,
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
                f"partitions for {window}: a replica is down or falling behind",
                "GreaterThanThreshold",
                0,
                ALARM_WINDOW_PERIODS,
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
            "No active controller: the cluster can't change leaders or topics "
            "(no data at all is INSUFFICIENT_DATA and notifies too, never OK)",
            "LessThanThreshold",
            1,
            2,
            metric="ActiveControllerCount",
            statistic="Sum",
            dimensions=cluster,
            # A missing count is not a healthy one: with notBreaching the alarm would read OK
            # while nothing reports a controller at all.
            treat_missing_data="missing",
            # Controllers are AWS's on KRaft: should their count ever stop arriving, the
            # topic hears of it rather than the alarm sitting silent.
            notify_missing=True,
        )
    )
    return defs


def _serverless_definitions(spec: ClusterSpec, alarms: AlarmsSpec) -> list[AlarmDef]:
    """Serverless publishes per-partition datapoints once a minute; a Metrics Insights query
    sums them per cluster. Only a 1-minute SUM is the rate per second (a 5-minute SUM is five
    times it), so these alarms evaluate minute by minute over the same window as the others."""
    limits = catalog.serverless_limits()
    interval = catalog.observability()["serverless_throughput_alarm"][
        "metric_publish_interval_seconds"
    ]
    window = alarms.period_seconds * ALARM_WINDOW_PERIODS
    share = alarms.throughput_percent / 100
    defs = []
    for direction, metric, limit_key in (
        ("ingress", "BytesInPerSec", "max_ingress_MBps_per_cluster"),
        ("egress", "BytesOutPerSec", "max_egress_MBps_per_cluster"),
    ):
        limit = limits[limit_key]
        query = (
            f'SELECT SUM({metric}) FROM SCHEMA("{NAMESPACE}", "Cluster Name", Topic) '
            f"WHERE \"Cluster Name\" = '{spec.cluster_name}'"
        )
        defs.append(
            AlarmDef(
                f"{direction}-near-limit",
                f"Cluster {direction} above {share:.0%} of the {limit} MBps serverless limit "
                f"in every minute of {_minutes(window)}: clients will be throttled",
                "GreaterThanThreshold",
                round(limit * BYTES_PER_MB * share),
                window // interval,
                expression=query,
                queried=(metric,),
                treat_missing_data="notBreaching",
                period_seconds=interval,
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
                "namespace": NAMESPACE,
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
    """The alarms and their topic; returns the topic ARN (None when alarms are off).

    ``key_arn`` is a key the component created with the CloudWatch statement in its policy,
    or None: the topic then gets a key of its own. A ``kmsKeyArn`` the user brings is never
    used here, since nothing can tell whether its policy lets CloudWatch publish."""
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
        period = alarm.period_seconds or alarms.period_seconds
        aws.cloudwatch.MetricAlarm(
            f"{name}-{alarm.suffix}",
            name=f"{spec.cluster_name}-{alarm.suffix}",
            alarm_description=alarm.description,
            comparison_operator=alarm.comparison,
            threshold=alarm.threshold,
            evaluation_periods=alarm.evaluation_periods,
            datapoints_to_alarm=alarm.evaluation_periods,
            treat_missing_data=alarm.treat_missing_data,
            namespace=NAMESPACE if single else None,
            metric_name=alarm.metric if single else None,
            statistic=alarm.statistic if single else None,
            dimensions=alarm.dimensions if single else None,
            period=period if single else None,
            metric_queries=None if single else _metric_queries(alarm, period),
            alarm_actions=[topic_arn],
            ok_actions=[topic_arn],
            insufficient_data_actions=[topic_arn] if alarm.notify_missing else None,
            tags=tags_for(spec),
            opts=child,
        )
    return pulumi.Output.from_input(topic_arn)
