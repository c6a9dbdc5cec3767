"""Broker logs, monitoring, alarms, storage autoscaling and safe changes."""

import json

import pytest

from msk_platform.builders.alarms import alarm_definitions
from msk_platform.builders.safety import volume_change_problem
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems
from tests.ids import CLIENT_SG, SUBNETS, TEST_CLUSTER_ARN, VPC

CLUSTER = "aws:msk/cluster:Cluster"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:sns/topic:Topic"
KEY = "aws:kms/key:Key"
MONITOR_SG = "sg-0a1b2c3d4e5f60777"


# --- logging ------------------------------------------------------------------------------


def test_broker_logs_go_to_a_log_group_by_default(run_config):
    run = run_config()
    group = run.one(LOG_GROUP).inputs
    assert group["name"] == "/aws/msk/msk-test" and group["retentionInDays"] == 30
    assert group["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:msk-key"
    logs = run.one(CLUSTER).inputs["loggingInfo"]["brokerLogs"]
    assert logs == {"cloudwatchLogs": {"enabled": True, "logGroup": "/aws/msk/msk-test"}}


def test_express_brokers_log_too(run_config):
    run = run_config(instanceType="express.m7g.large")
    assert run.one(CLUSTER).inputs["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]["enabled"]


def test_s3_and_firehose_destinations(run_config):
    run = run_config(
        logging={
            "cloudwatch": False,
            "s3Bucket": "msk-logs",
            "s3Prefix": "brokers/",
            "firehoseDeliveryStream": "msk-stream",
        }
    )
    assert not run.of_type(LOG_GROUP)
    assert run.one(CLUSTER).inputs["loggingInfo"]["brokerLogs"] == {
        "s3": {"enabled": True, "bucket": "msk-logs", "prefix": "brokers/"},
        "firehose": {"enabled": True, "deliveryStream": "msk-stream"},
    }


def test_logs_nowhere_warns_and_sends_no_logging_block(run_config):
    run = run_config(logging={"cloudwatch": False})
    assert "loggingInfo" not in run.one(CLUSTER).inputs
    assert any("CKV_AWS_80" in w for w in run.warnings)


def test_log_group_encrypted_with_the_cluster_key_whose_policy_admits_cloudwatch_logs(run_config):
    run = run_config(logging={"encryptWithClusterKey": True, "retentionDays": 90})
    group = run.one(LOG_GROUP).inputs
    assert group["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:msk-key"
    policy = json.loads(run.one(KEY).inputs["policy"])
    logs = next(s for s in policy["Statement"] if s["Sid"] == "CloudWatchLogsEncryptsBrokerLogs")
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == (
        "arn:aws:logs:us-east-1:123456789012:log-group:*"
    )
    assert "kms:*" not in logs["Action"]


def test_key_policy_admits_services_only_when_they_need_the_key(run_config):
    sids = lambda run: [s["Sid"] for s in json.loads(run.one(KEY).inputs["policy"])["Statement"]]  # noqa: E731
    assert sids(run_config(logging={"encryptWithClusterKey": False})) == ["AccountAdministers"]
    assert sids(run_config()) == ["AccountAdministers", "CloudWatchLogsEncryptsBrokerLogs"]
    assert "CloudWatchAlarmsPublishToTopic" in sids(run_config(alarms={}))


@pytest.mark.parametrize(
    "logging,key,fragment",
    [
        ({"retentionDays": 31}, "msk:logging.retentionDays", "nearest is 30"),
        ({"s3Prefix": "x/"}, "msk:logging.s3Prefix", "without s3Bucket"),
        ({"s3Bucket": "Bad_Bucket"}, "msk:logging.s3Bucket", "not an S3 bucket name"),
        ({"firehoseDeliveryStream": "no spaces"}, "msk:logging.firehoseDeliveryStream", "Firehose"),
    ],
)
def test_bad_logging_is_rejected(logging, key, fragment):
    assert fragment in problems(logging=logging)[key]


def test_serverless_has_no_broker_logs_to_configure():
    assert (
        "does not apply to serverless"
        in problems(cluster_type="serverless", logging={})["msk:logging"]
    )


# --- monitoring ---------------------------------------------------------------------------


def test_enhanced_monitoring_level(run_config):
    assert (
        run_config(enhancedMonitoring="PER_BROKER").one(CLUSTER).inputs["enhancedMonitoring"]
        == "PER_BROKER"
    )
    assert "use 'DEFAULT'" in problems(enhanced_monitoring="ALL")["msk:enhancedMonitoring"]


def test_open_monitoring_ports_open_only_to_named_scrapers(run_config):
    run = run_config(
        clientSecurityGroupIds=[CLIENT_SG],
        openMonitoring={
            "jmxExporter": True,
            "nodeExporter": True,
            "sourceSecurityGroupIds": [MONITOR_SG],
        },
    )
    rules = run.one("aws:ec2/securityGroup:SecurityGroup").inputs["ingress"]
    exporters = [r for r in rules if r["fromPort"] in (11001, 11002)]
    assert [(r["fromPort"], r["securityGroups"]) for r in exporters] == [
        (11001, [MONITOR_SG]),
        (11002, [MONITOR_SG]),
    ]
    assert all(r["securityGroups"] == [CLIENT_SG] for r in rules if r not in exporters)
    assert run.one(CLUSTER).inputs["openMonitoring"] == {
        "prometheus": {
            "jmxExporter": {"enabledInBroker": True},
            "nodeExporter": {"enabledInBroker": True},
        }
    }


def test_no_exporter_port_without_open_monitoring(run_config):
    rules = (
        run_config(clientCidrBlocks=["10.0.0.0/8"])
        .one("aws:ec2/securityGroup:SecurityGroup")
        .inputs["ingress"]
    )
    assert {r["fromPort"] for r in rules} == {9098}


def test_open_monitoring_rules():
    assert (
        "turns on no exporter"
        in problems(open_monitoring={"sourceCidrBlocks": ["10.0.0.0/8"]})["msk:openMonitoring"]
    )
    assert (
        "every address"
        in problems(open_monitoring={"jmxExporter": True, "sourceCidrBlocks": ["0.0.0.0/0"]})[
            "msk:openMonitoring.sourceCidrBlocks[0]"
        ]
    )
    public = dict(
        vpc_id=VPC,
        subnet_ids=SUBNETS,
        public_access=True,
        client_cidr_blocks=["203.0.113.0/24"],
        kafka_version="3.9.x.kraft",
        open_monitoring={"jmxExporter": True, "sourceCidrBlocks": ["10.0.0.0/8"]},
    )
    assert "AWS restriction" in problems(**public)["msk:openMonitoring"]
    assert build_spec(**{**public, "kafka_version": "3.9.x"}).open_monitoring.jmx_exporter
    spec = build_spec(open_monitoring={"nodeExporter": True})
    assert any("no scraper may reach" in w for w in spec.warnings)


# --- alarms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,count",
    [
        ({}, 3 * 3 + 2),
        ({"broker_count": 6}, 6 * 3 + 2),
        # express publishes no data-disk, replication or offline-partition metrics
        ({"instance_type": "express.m7g.large"}, 3 * 1 + 1),
        ({"cluster_type": "serverless"}, 2),
    ],
)
def test_one_alarm_per_broker_where_the_metric_is_per_broker(args, count):
    assert len(alarm_definitions(build_spec(alarms={}, **args))) == count


def test_alarm_thresholds_and_dimensions():
    defs = {a.suffix: a for a in alarm_definitions(build_spec(alarms={"diskUsedPercent": 70}))}
    disk = defs["broker-2-disk"]
    assert (disk.metric, disk.threshold, disk.comparison) == (
        "KafkaDataLogsDiskUsed",
        70,
        "GreaterThanOrEqualToThreshold",
    )
    assert disk.dimensions == {"Cluster Name": "msk-test", "Broker ID": "2"}
    cpu = defs["broker-1-cpu"]
    assert cpu.expression == "user + system" and cpu.threshold == 60
    assert dict(cpu.inputs) == {"user": "CpuUser", "system": "CpuSystem"}
    assert defs["offline-partitions"].dimensions == {"Cluster Name": "msk-test"}
    assert defs["no-active-controller"].comparison == "LessThanThreshold"
    assert defs["broker-3-under-replicated"].threshold == 0


def test_serverless_alarms_watch_the_cluster_throughput_limits():
    defs = alarm_definitions(
        build_spec(cluster_type="serverless", alarms={"throughputPercent": 50})
    )
    ingress = next(a for a in defs if a.suffix == "ingress-near-limit")
    assert ingress.threshold == 100_000_000  # 50% of 200 MBps
    assert "SUM(BytesInPerSec)" in ingress.expression and "'msk-test'" in ingress.expression
    egress = next(a for a in defs if a.suffix == "egress-near-limit")
    assert egress.threshold == 200_000_000  # 50% of 400 MBps


def test_alarms_notify_an_encrypted_topic(run_config):
    run = run_config(alarms={"emails": ["oncall@example.com"], "periodSeconds": 120})
    topic = run.one(TOPIC).inputs
    assert topic["kmsMasterKeyId"] == "arn:aws:kms:us-east-1:123456789012:msk-key"
    policy = json.loads(run.one(KEY).inputs["policy"])
    assert any(
        s["Principal"] == {"Service": "cloudwatch.amazonaws.com"} for s in policy["Statement"]
    )
    subscription = run.one("aws:sns/topicSubscription:TopicSubscription").inputs
    assert (subscription["protocol"], subscription["endpoint"]) == ("email", "oncall@example.com")
    alarms = run.of_type(ALARM)
    assert len(alarms) == 11
    arn = "arn:aws:sns:us-east-1:123456789012:msk-alarms"
    for alarm in alarms:
        assert alarm.inputs["alarmActions"] == [arn] and alarm.inputs["okActions"] == [arn]
    disk = next(a for a in alarms if a.name == "msk-broker-1-disk").inputs
    assert disk["period"] == 120 and disk["namespace"] == "AWS/Kafka"
    cpu = next(a for a in alarms if a.name == "msk-broker-1-cpu").inputs
    assert [q["id"] for q in cpu["metricQueries"]] == ["user", "system", "result"]
    assert run.outputs["alarmTopicArn"] == arn


def test_alarms_can_use_your_topic(run_config):
    arn = "arn:aws:sns:us-east-1:123456789012:pager"
    run = run_config(alarms={"snsTopicArn": arn})
    assert not run.of_type(TOPIC)
    assert all(a.inputs["alarmActions"] == [arn] for a in run.of_type(ALARM))


def test_serverless_alarm_topic_gets_a_key_of_its_own(run_config):
    run = run_config(clusterType="serverless", alarms={})
    key = run.one(KEY)
    assert key.name == "msk-alarms-key"
    assert run.one(TOPIC).inputs["kmsMasterKeyId"].endswith(":msk-alarms-key")
    queries = run.of_type(ALARM)[0].inputs["metricQueries"]
    assert queries[0]["expression"].startswith("SELECT SUM(")


def test_alarms_off_by_default_and_with_enabled_false(run_config):
    assert not run_config().of_type(ALARM)
    assert build_spec(alarms={"enabled": False}).alarms is None


@pytest.mark.parametrize(
    "alarms,key,fragment",
    [
        ({"diskUsedPercent": 120}, "msk:alarms.diskUsedPercent", "1–100"),
        ({"periodSeconds": 90}, "msk:alarms.periodSeconds", "multiple of 60"),
        ({"snsTopicArn": "topic"}, "msk:alarms.snsTopicArn", "not an SNS topic ARN"),
        ({"emails": ["nobody"]}, "msk:alarms.emails[0]", "not an email"),
        (
            {"emails": ["a@b.io"], "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:t"},
            "msk:alarms.emails",
            "names your own",
        ),
    ],
)
def test_bad_alarms_are_rejected(alarms, key, fragment):
    assert fragment in problems(alarms=alarms)[key]


# --- storage autoscaling ------------------------------------------------------------------


def test_autoscaling_target_and_policy(run_config):
    run = run_config(ebsVolumeGib=500, storageAutoscaling={"maxGib": 2000, "targetUtilization": 55})
    target = run.one("aws:appautoscaling/target:Target").inputs
    assert target["serviceNamespace"] == "kafka"
    assert target["scalableDimension"] == "kafka:broker-storage:VolumeSize"
    assert target["resourceId"] == TEST_CLUSTER_ARN
    assert (target["minCapacity"], target["maxCapacity"]) == (500, 2000)
    policy = run.one("aws:appautoscaling/policy:Policy").inputs
    config = policy["targetTrackingScalingPolicyConfiguration"]
    assert (
        config["predefinedMetricSpecification"]["predefinedMetricType"]
        == "KafkaBrokerStorageUtilization"
    )
    assert config["targetValue"] == 55 and config["disableScaleIn"] is True
    assert policy["policyType"] == "TargetTrackingScaling"


def test_volume_size_is_ignored_only_while_autoscaling(run_config):
    volume = "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"
    on = run_config(storageAutoscaling={"maxGib": 2000})
    assert on.one(CLUSTER).options["ignoreChanges"] == [volume]
    assert run_config().one(CLUSTER).options["ignoreChanges"] == []


@pytest.mark.parametrize(
    "scaling,extra,key,fragment",
    [
        ({"maxGib": 1000}, {}, "msk:storageAutoscaling.maxGib", "not above msk:ebsVolumeGib"),
        ({"maxGib": 20000}, {}, "msk:storageAutoscaling.maxGib", "16384"),
        ({}, {}, "msk:storageAutoscaling.maxGib", "is required"),
        (
            {"maxGib": 2000, "targetUtilization": 90},
            {},
            "msk:storageAutoscaling.targetUtilization",
            "10–80",
        ),
        (
            {"maxGib": 2000, "targetUtilization": 5},
            {},
            "msk:storageAutoscaling.targetUtilization",
            "50–60",
        ),
        (
            {"maxGib": 2000},
            {"instance_type": "express.m7g.large"},
            "msk:storageAutoscaling",
            "express",
        ),
    ],
)
def test_autoscaling_bounds(scaling, extra, key, fragment):
    assert fragment in problems(storage_autoscaling=scaling, **extra)[key]


def test_autoscaling_not_offered_for_serverless():
    assert (
        "does not apply to serverless"
        in problems(cluster_type="serverless", storage_autoscaling={"maxGib": 100})[
            "msk:storageAutoscaling"
        ]
    )


def volume(size):
    return {"brokerNodeGroupInfo": {"storageInfo": {"ebsStorageInfo": {"volumeSize": size}}}}


@pytest.mark.parametrize(
    "old,new,fragment",
    [
        (1000, 900, "only grow"),
        (1000, 1005, "at least 10 GiB more. Use 1010"),
        (1000, 1010, None),
        (1000, 1000, None),
        (None, 1000, None),
    ],
)
def test_volume_may_only_grow_by_at_least_ten_gib(old, new, fragment):
    problem = volume_change_problem(volume(old) if old else {}, volume(new))
    assert (
        (problem is None)
        if fragment is None
        else (fragment in problem and "msk:ebsVolumeGib" in problem)
    )


# --- safe changes -------------------------------------------------------------------------


def test_retain_on_delete_keeps_the_data_holders(run_config):
    run = run_config(retainOnDelete=True, protect=True)
    for type_ in (CLUSTER, KEY, LOG_GROUP):
        assert run.one(type_).options["retainOnDelete"] and run.one(type_).options["protect"]
    assert not run_config().one(CLUSTER).options["retainOnDelete"]


def test_cluster_timeouts_outlast_real_msk_operations(run_config):
    seconds = run_config().one(CLUSTER).options["customTimeouts"]  # msk:timeouts' defaults
    hours = {k: seconds[k] / 3600 for k in ("create", "update", "delete")}
    assert hours["create"] >= 3 and hours["update"] >= 4 and hours["delete"] >= 2


def test_prod_runs_with_logs_monitoring_alarms_and_autoscaling(run_stack):
    run = run_stack("prod")
    cluster = run.one(CLUSTER)
    assert cluster.inputs["enhancedMonitoring"] != "DEFAULT"
    assert cluster.inputs["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]["enabled"]
    assert run.one(LOG_GROUP).inputs["kmsKeyId"]
    assert len(run.of_type(ALARM)) == 11 and run.one(TOPIC)
    assert cluster.options["ignoreChanges"] and run.one("aws:appautoscaling/policy:Policy")
    assert cluster.options["retainOnDelete"] and cluster.options["protect"]


def test_dev_stays_cheap(run_stack):
    run = run_stack("dev")
    assert not run.of_type(ALARM) and not run.of_type(TOPIC)
    assert not run.of_type("aws:appautoscaling/target:Target")
    assert run.one(CLUSTER).inputs.get("enhancedMonitoring") == "DEFAULT"


# --- CloudWatch: alarm periods and never-expiring logs --------------------------------------


@pytest.mark.parametrize("period", [10, 20, 30, 45, 90, 0, 259200])
def test_alarm_periods_cloudwatch_would_refuse_or_never_fill_are_refused(period):
    message = problems(alarms={"periodSeconds": period})["msk:alarms.periodSeconds"]
    assert "multiple of 60" in message or "at most 201,600" in message
    if period in (10, 20, 30):  # CloudWatch takes them, but MSK's metrics are per minute
        assert "INSUFFICIENT_DATA" in message


@pytest.mark.parametrize("period", [60, 300.0, "600", 201600])
def test_alarm_periods_cloudwatch_takes_are_accepted(period):
    assert build_spec(alarms={"periodSeconds": period}).alarms.period_seconds == int(float(period))


@pytest.mark.parametrize("cluster_type", ["provisioned", "serverless"])
def test_the_period_rule_knows_the_alarms_evaluation_window(cluster_type):
    from msk_platform.spec.alarm_rules import ALARM_WINDOW_PERIODS

    spec = build_spec(cluster_type=cluster_type, alarms={"periodSeconds": 600})
    longest = max(
        alarm.evaluation_periods * (alarm.period_seconds or 600)
        for alarm in alarm_definitions(spec)
    )
    assert longest == ALARM_WINDOW_PERIODS * 600


def test_retention_days_zero_keeps_logs_forever(run_config):
    run = run_config(logging={"retentionDays": 0})
    assert run.one(LOG_GROUP).inputs["retentionInDays"] == 0
    assert (
        "or 0 to keep logs forever"
        in problems(logging={"retentionDays": 2})["msk:logging.retentionDays"]
    )
