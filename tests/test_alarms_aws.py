"""Alarms that AWS would evaluate the way they read: the right period for serverless rates,
only metrics the broker type publishes, a controller alarm that can't look healthy on no data,
and an alarm topic CloudWatch may publish to. Each runs the real program under mocks."""

import json

import pytest

from msk_platform import catalog
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems
from tests.ids import KMS_KEY

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:sns/topic:Topic"
KEY = "aws:kms/key:Key"
GIVEN_TOPIC = "arn:aws:sns:us-east-1:123456789012:pager"


def metrics_read(alarm) -> set[str]:
    """The AWS/Kafka metric names a planned MetricAlarm reads, however it is written."""
    inputs = alarm.inputs
    if "metricName" in inputs:
        return {inputs["metricName"]}
    names = set()
    for query in inputs["metricQueries"]:
        if "metric" in query:
            names.add(query["metric"]["metricName"])
        elif query.get("expression", "").startswith("SELECT"):
            names.add(query["expression"].split("(")[1].split(")")[0])
    return names


def by_suffix(run, suffix: str):
    return next(a for a in run.of_type(ALARM) if a.name.endswith(suffix))


# --- serverless throughput: a 1-minute SUM is the rate ------------------------------------


@pytest.mark.parametrize("period,evaluations", [(300, 15), (120, 6), (60, 3)])
def test_serverless_throughput_alarms_evaluate_one_minute_sums(run_config, period, evaluations):
    run = run_config(clusterType="serverless", alarms={"periodSeconds": period})
    interval = catalog.observability()["serverless_throughput_alarm"][
        "metric_publish_interval_seconds"
    ]
    for suffix, limit_key in (
        ("ingress-near-limit", "max_ingress_MBps_per_cluster"),
        ("egress-near-limit", "max_egress_MBps_per_cluster"),
    ):
        alarm = by_suffix(run, suffix).inputs
        (query,) = alarm["metricQueries"]
        assert query["expression"].startswith("SELECT SUM(")
        # MSK publishes one datapoint per partition per minute: only a 60 s SUM is bytes/s.
        assert query["period"] == interval == 60
        limit = catalog.serverless_limits()[limit_key]
        assert alarm["threshold"] == limit * 1_000_000 * 0.8
        # The same window as the provisioned alarms: 3 periods of msk:alarms.periodSeconds.
        assert alarm["evaluationPeriods"] == alarm["datapointsToAlarm"] == evaluations
        assert f"{evaluations} minute" in alarm["alarmDescription"]


def test_a_steady_rate_at_the_limit_crosses_the_threshold_only_near_it():
    """What CloudWatch computes: the SUM of per-partition per-second datapoints in a period.
    At 79% of the limit the alarm stays quiet; at 81% it fires, whatever periodSeconds is."""
    from msk_platform.builders.alarms import alarm_definitions

    limit_bytes = catalog.serverless_limits()["max_ingress_MBps_per_cluster"] * 1_000_000
    for period in (60, 300, 900):
        spec = build_spec(cluster_type="serverless", alarms={"periodSeconds": period})
        ingress = next(a for a in alarm_definitions(spec) if a.suffix == "ingress-near-limit")
        partitions = 8
        for share, fires in ((0.79, False), (0.81, True)):
            per_partition = limit_bytes * share / partitions
            evaluated = ingress.period_seconds or period  # what the alarm's SUM spans
            datapoints_per_period = evaluated // 60
            period_sum = per_partition * partitions * datapoints_per_period
            assert (period_sum > ingress.threshold) is fires


def test_serverless_window_must_fit_what_metrics_insights_evaluates():
    message = problems(cluster_type="serverless", alarms={"periodSeconds": 7200})[
        "msk:alarms.periodSeconds"
    ]
    assert "Metrics Insights" in message and "at most 3,600" in message
    assert build_spec(cluster_type="serverless", alarms={"periodSeconds": 3600}).alarms
    # Provisioned alarms read plain metrics: a 2-hour period is theirs to choose.
    assert build_spec(alarms={"periodSeconds": 7200}).alarms.period_seconds == 7200


# --- express: only metrics express publishes -----------------------------------------------


EXPRESS_UNPUBLISHED = {
    "UnderReplicatedPartitions",
    "OfflinePartitionsCount",
    "KafkaDataLogsDiskUsed",
}


def test_express_gets_no_alarm_on_a_metric_it_does_not_publish(run_config):
    run = run_config(instanceType="express.m7g.large", alarms={})
    read = set().union(*(metrics_read(a) for a in run.of_type(ALARM)))
    assert not read & EXPRESS_UNPUBLISHED
    assert {"CpuUser", "CpuSystem", "ActiveControllerCount"} <= read
    assert len(run.of_type(ALARM)) == 3 + 1  # CPU per broker, the controller


def test_standard_brokers_keep_every_alarm(run_config):
    run = run_config(alarms={})
    read = set().union(*(metrics_read(a) for a in run.of_type(ALARM)))
    assert EXPRESS_UNPUBLISHED <= read


def test_every_planned_alarm_reads_metrics_its_broker_type_publishes(run_config):
    metrics = catalog.observability()["metrics"]
    for kind, config in (
        ("STANDARD", {}),
        ("EXPRESS", {"instanceType": "express.m7g.large"}),
        ("SERVERLESS", {"clusterType": "serverless"}),
    ):
        run = run_config(alarms={}, **config)
        assert run.of_type(ALARM)
        for alarm in run.of_type(ALARM):
            for name in metrics_read(alarm):
                assert kind in metrics[name]["broker_types"], (alarm.name, name)


def test_catalog_records_the_express_metrics_page():
    metrics = catalog.observability()["metrics"]
    for name in EXPRESS_UNPUBLISHED:
        assert metrics[name]["broker_types"] == ["STANDARD"]
    assert "EXPRESS" in metrics["ActiveControllerCount"]["broker_types"]
    assert any("metrics-details-express" in s for s in catalog.observability()["metrics_source"])


# --- the active controller on KRaft ---------------------------------------------------------


@pytest.mark.parametrize("version", ["3.9.x", "3.9.x.kraft", "4.1.x.kraft"])
def test_controller_alarm_never_reads_no_data_as_healthy(run_config, version):
    run = run_config(kafkaVersion=version, alarms={})
    alarm = by_suffix(run, "no-active-controller").inputs
    assert alarm["metricName"] == "ActiveControllerCount" and alarm["statistic"] == "Sum"
    assert alarm["comparisonOperator"] == "LessThanThreshold" and alarm["threshold"] == 1
    # notBreaching would show OK while no controller reports at all.
    assert alarm["treatMissingData"] == "missing"
    # ...and no data at all reaches the topic too, so an alarm that cannot see a controller
    # count is never silent.
    assert alarm["insufficientDataActions"] == alarm["alarmActions"]


def test_only_the_controller_alarm_notifies_on_missing_data(run_config):
    run = run_config(alarms={})
    noisy = [a.name for a in run.of_type(ALARM) if a.inputs.get("insufficientDataActions")]
    assert noisy and all(name.endswith("no-active-controller") for name in noisy)


def test_catalog_says_where_active_controller_count_is_published():
    fact = catalog.observability()["metrics"]["ActiveControllerCount"]
    assert fact["metadata_modes"] == ["ZOOKEEPER", "KRAFT"]
    assert "kraft-intro" in fact["source"] and "metrics-details-express" in fact["source"]


# --- the alarm topic's key -------------------------------------------------------------------


def cloudwatch_may_use(policy_text: str) -> bool:
    rule = catalog.observability()["alarm_topic_encryption"]
    for statement in json.loads(policy_text)["Statement"]:
        if statement.get("Principal") == {"Service": rule["service_principal"]}:
            return set(rule["key_actions"]) <= set(statement["Action"])
    return False


def test_a_given_kms_key_never_encrypts_the_alarm_topic(run_config):
    run = run_config(kmsKeyArn=KMS_KEY, alarms={})
    topic_key = run.one(TOPIC).inputs["kmsMasterKeyId"]
    assert topic_key != KMS_KEY
    (key,) = run.of_type(KEY)  # the topic's own; the cluster keeps the given one
    assert key.name == "msk-alarms-key" and topic_key.endswith(":msk-alarms-key")
    assert cloudwatch_may_use(key.inputs["policy"])


def test_the_cluster_key_encrypts_the_topic_when_the_component_made_it(run_config):
    run = run_config(alarms={})
    (key,) = run.of_type(KEY)
    assert key.name == "msk-key"
    assert run.one(TOPIC).inputs["kmsMasterKeyId"].endswith(":msk-key")
    assert cloudwatch_may_use(key.inputs["policy"])


def test_your_own_topic_gets_a_warning_about_its_key(run_config):
    run = run_config(alarms={"snsTopicArn": GIVEN_TOPIC})
    (warning,) = [w for w in run.warnings if "msk:alarms.snsTopicArn" in w]
    assert GIVEN_TOPIC in warning and "cloudwatch.amazonaws.com" in warning
    assert "alias/aws/sns" in warning and "kms:GenerateDataKey*" in warning
    assert not [w for w in run_config(alarms={}).warnings if "snsTopicArn" in w]
