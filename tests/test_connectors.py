"""MSK Connect: msk:connectors and the MskConnector component (issue 17, item 1)."""

import copy
import json

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.builders.connector import role_name, role_policy, trust_policy
from msk_platform.cost import estimate
from tests.conftest import PROJECT_DIR, build_spec, problems_by_key

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]
CLUSTER_ARN = (
    "arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
)
BASE = "arn:aws:kafka:us-east-1:123456789012:{}/events/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3/{}"
CONNECTOR = "aws:mskconnect/connector:Connector"
PLUGIN = "aws:mskconnect/customPlugin:CustomPlugin"
WORKER = "aws:mskconnect/workerConfiguration:WorkerConfiguration"
GROUP = "aws:ec2/securityGroup:SecurityGroup"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"

SINK = {
    "name": "orders-sink",
    "plugin": {"bucketArn": "arn:aws:s3:::plugins", "key": "s3-sink.zip", "contentType": "ZIP"},
    "config": {"connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "orders"},
    "capacity": {"autoscaling": {"mcuCount": 2, "minWorkers": 1, "maxWorkers": 4}},
}
SOURCE = {
    "name": "payments-cdc",
    "plugin": {"bucketArn": "arn:aws:s3:::plugins", "key": "debezium.jar", "contentType": "JAR"},
    "config": {"connector.class": "io.debezium.connector.postgresql.PostgresConnector"},
    "capacity": {"provisioned": {"mcuCount": 1, "workers": 2}},
    "writeTopics": ["payments.*"],
}


def _with(base: dict, path: str, value) -> dict:
    """``base`` with the field at dotted ``path`` set (None removes it)."""
    item = copy.deepcopy(base)
    *parents, last = path.split(".")
    where = item
    for part in parents:
        where = where[part]
    if value is None:
        where.pop(last, None)
    else:
        where[last] = value
    return item


def _problems(*connectors, **args) -> dict:
    return problems_by_key(vpc_id=VPC, subnet_ids=SUBNETS, connectors=list(connectors), **args)


def _spec(*connectors, **args):
    return build_spec(vpc_id=VPC, subnet_ids=SUBNETS, connectors=list(connectors), **args)


# --- rules, both ways ---------------------------------------------------------------------


def test_a_sink_and_a_source_are_taken():
    spec = _spec(SINK, SOURCE)
    sink, source = spec.connectors
    assert (sink.autoscaling, sink.mcu_count, sink.min_workers, sink.max_workers) == (
        True,
        2,
        1,
        4,
    )
    assert sink.connect_version == "3.7.x"  # the catalog's default
    assert (source.autoscaling, source.min_workers, source.max_workers) == (False, 2, 2)


@pytest.mark.parametrize("mcus", [1, 2, 4, 8])
def test_each_mcu_count_aws_offers_is_taken(mcus):
    assert _spec(_with(SINK, "capacity.autoscaling.mcuCount", mcus)).connectors[0].mcu_count == mcus


@pytest.mark.parametrize("mcus", [3, 16])
def test_an_mcu_count_aws_does_not_offer_is_refused(mcus):
    key = "msk:connectors[0].capacity.provisioned.mcuCount"
    problems = _problems(_with(SOURCE, "capacity.provisioned.mcuCount", mcus))
    assert "use 1, 2, 4 or 8" in problems[key]


def test_ten_workers_are_taken_eleven_refused():
    assert _spec(_with(SOURCE, "capacity.provisioned.workers", 10)).connectors[0].min_workers == 10
    problems = _problems(_with(SOURCE, "capacity.provisioned.workers", 11))
    assert "past 10" in problems["msk:connectors[0].capacity.provisioned.workers"]
    problems = _problems(_with(SINK, "capacity.autoscaling.maxWorkers", 11))
    assert "past 10" in problems["msk:connectors[0].capacity.autoscaling.maxWorkers"]
    problems = _problems(_with(SINK, "capacity.autoscaling.minWorkers", 0))
    assert "below 1" in problems["msk:connectors[0].capacity.autoscaling.minWorkers"]


def test_fewer_min_than_max_workers_is_taken_more_refused():
    assert _spec(_with(SINK, "capacity.autoscaling.minWorkers", 4)).connectors[0].min_workers == 4
    problems = _problems(_with(SINK, "capacity.autoscaling.minWorkers", 5))
    assert (
        "more than maxWorkers (4)" in problems["msk:connectors[0].capacity.autoscaling.minWorkers"]
    )


def test_scale_in_must_be_below_scale_out():
    taken = _with(SINK, "capacity.autoscaling.scaleInCpuPercent", 30)
    assert _spec(taken).connectors[0].scale_in_cpu_percent == 30
    refused = _with(taken, "capacity.autoscaling.scaleOutCpuPercent", 30)
    key = "msk:connectors[0].capacity.autoscaling.scaleInCpuPercent"
    assert "not below scaleOutCpuPercent" in _problems(refused)[key]
    assert (
        "past 100"
        in _problems(_with(SINK, "capacity.autoscaling.scaleOutCpuPercent", 101))[
            "msk:connectors[0].capacity.autoscaling.scaleOutCpuPercent"
        ]
    )


def test_capacity_takes_exactly_one_mode():
    both = _with(SINK, "capacity.provisioned", {"mcuCount": 1, "workers": 1})
    assert "exactly one" in _problems(both)["msk:connectors[0].capacity"]
    neither = _with(SINK, "capacity", {})
    assert "neither" in _problems(neither)["msk:connectors[0].capacity"]
    assert "is required" in _problems(_with(SINK, "capacity", None))["msk:connectors[0].capacity"]


def test_connect_versions_are_aws_s():
    assert _spec(_with(SINK, "connectVersion", "2.7.1")).connectors[0].connect_version == "2.7.1"
    problems = _problems(_with(SINK, "connectVersion", "3.6.0"))
    assert "'2.7.1' or '3.7.x'" in problems["msk:connectors[0].connectVersion"]


def test_the_plugin_must_be_a_bucket_arn_and_a_zip_or_jar():
    problems = _problems(_with(SINK, "plugin.bucketArn", "arn:aws:s3:::plugins/s3-sink.zip"))
    assert "not an S3 bucket ARN" in problems["msk:connectors[0].plugin.bucketArn"]
    problems = _problems(_with(SINK, "plugin.contentType", "TAR"))
    assert "'ZIP' or 'JAR'" in problems["msk:connectors[0].plugin.contentType"]
    problems = _problems(_with(SINK, "plugin.key", None))
    assert problems["msk:connectors[0].plugin.key"] == "is required"


def test_the_config_needs_connector_class():
    problems = _problems(_with(SINK, "config", {"topics": "orders"}))
    assert "connector.class" in problems["msk:connectors[0].config"]


def test_the_cluster_needs_iam():
    problems = _problems(SINK, auth={"scram": True})
    assert "IAM authentication" in problems["msk:connectors"]
    assert _spec(SINK, auth={"iam": True, "scram": True}).connectors


def test_the_cluster_needs_its_own_broker_group():
    problems = _problems(
        SINK, create_security_group=False, security_group_ids=["sg-0a1b2c3d4e5f60799"]
    )
    assert "msk:createSecurityGroup" in problems["msk:connectors"]


def test_serverless_clusters_take_no_connectors():
    problems = problems_by_key(
        cluster_type="serverless", vpc_id=VPC, subnet_ids=SUBNETS[:2], connectors=[SINK]
    )
    assert "does not apply to serverless" in problems["msk:connectors"]


def test_names_are_unique_and_leave_room_for_the_derived_names():
    problems = _problems(SINK, _with(SOURCE, "name", "orders-sink"))
    assert "msk:connectors[0]'s name" in problems["msk:connectors[1].name"]
    assert _spec(_with(SINK, "name", "x" * 121)).connectors
    problems = _problems(_with(SINK, "name", "x" * 122))
    assert "at most 121" in problems["msk:connectors[0].name"]


def test_a_topics_regex_needs_the_topics_listed():
    regex = _with(SINK, "config", {"connector.class": "S3Sink", "topics.regex": "orders.*"})
    assert "topics.regex" in _problems(regex)["msk:connectors[0].readTopics"]
    listed = _with(regex, "readTopics", ["orders*"])
    assert _spec(listed).connectors[0].read_topics == ("orders*",)


def test_a_connector_must_name_what_it_reads_or_writes():
    problems = _problems(_with(SOURCE, "writeTopics", None))
    assert "names no topic" in problems["msk:connectors[0]"]
    problems = _problems(_with(SOURCE, "writeTopics", ["__consumer_offsets"]))
    assert "internal topic" in problems["msk:connectors[0].writeTopics[0]"]


# --- secrets in the config ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["database.password", "aws.secret.access.key", "api.token", "sasl.jaas.config"]
)
def test_a_plain_text_secret_is_refused_without_showing_it(key):
    problems = _problems(_with(SOURCE, "config", {**SOURCE["config"], key: "hunter2"}))
    message = problems[f"msk:connectors[0].config.{key}"]
    assert "config provider" in message and "${secretsmanager:" in message
    assert "hunter2" not in message


def test_a_config_provider_reference_is_taken_and_ordinary_keys_pass():
    config = {
        **SOURCE["config"],
        "database.password": "${secretsmanager:payments-db:password}",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "database.user": "cdc",
    }
    assert _spec(_with(SOURCE, "config", config)).connectors[0].config["database.password"]


def test_a_secret_in_the_worker_configuration_is_refused_too():
    worker = {"config.providers.vault.param.token": "s.abcdef"}
    problems = _problems(_with(SOURCE, "workerConfiguration", worker))
    assert (
        "config provider"
        in problems["msk:connectors[0].workerConfiguration.config.providers.vault.param.token"]
    )


# --- the role policy, exactly -------------------------------------------------------------


def test_the_role_may_do_exactly_what_a_sink_needs():
    sink = _spec(_with(SINK, "workerConfiguration", {"offset.storage.topic": "sink-offsets"}))
    document = role_policy(CLUSTER_ARN, sink.connectors[0], "arn:aws:s3:::plugins")
    assert document["Statement"] == [
        {
            "Sid": "ConnectToCluster",
            "Effect": "Allow",
            "Action": ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
            "Resource": [CLUSTER_ARN],
        },
        {
            "Sid": "ReadTopics",
            "Effect": "Allow",
            "Action": ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
            "Resource": [BASE.format("topic", "orders")],
        },
        {
            "Sid": "ConnectInternalTopics",
            "Effect": "Allow",
            "Action": [
                "kafka-cluster:CreateTopic",
                "kafka-cluster:WriteData",
                "kafka-cluster:ReadData",
                "kafka-cluster:DescribeTopic",
            ],
            "Resource": [
                BASE.format("topic", "__amazon_msk_connect_*"),
                BASE.format("topic", "sink-offsets"),
            ],
        },
        {
            "Sid": "UseGroups",
            "Effect": "Allow",
            "Action": ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
            "Resource": [
                BASE.format("group", "__amazon_msk_connect_*"),
                BASE.format("group", "connect-orders-sink"),
            ],
        },
        {
            "Sid": "ReadPluginObject",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": ["arn:aws:s3:::plugins/s3-sink.zip"],
        },
    ]


def test_a_source_writes_its_topics_and_joins_no_sink_group():
    pinned = _with(SOURCE, "plugin.objectVersion", "v42")
    document = role_policy(CLUSTER_ARN, _spec(pinned).connectors[0], "arn:aws:s3:::plugins")
    statements = {s["Sid"]: s for s in document["Statement"]}
    assert "ReadTopics" not in statements
    assert statements["WriteTopics"]["Action"] == [
        "kafka-cluster:WriteData",
        "kafka-cluster:DescribeTopic",
    ]
    assert statements["WriteTopics"]["Resource"] == [BASE.format("topic", "payments.*")]
    assert statements["UseGroups"]["Resource"] == [BASE.format("group", "__amazon_msk_connect_*")]
    assert statements["ReadPluginObject"]["Action"] == ["s3:GetObject", "s3:GetObjectVersion"]


def test_only_msk_connect_of_this_account_assumes_the_role():
    statement = trust_policy(CLUSTER_ARN, "orders-sink")["Statement"][0]
    assert statement["Principal"] == {"Service": "kafkaconnect.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"},
        "ArnLike": {
            "aws:SourceArn": "arn:aws:kafkaconnect:us-east-1:123456789012:connector/orders-sink/*"
        },
    }


# --- resources under mocks ----------------------------------------------------------------


@pytest.fixture(scope="module")
def planned():
    from mskctl.mock_runtime import run_program
    from mskctl.stack_files import engine_text

    sink = _with(SINK, "workerConfiguration", {"config.providers": "secretsmanager"})
    config = {
        "aws:region": "us-east-1",
        "msk:vpcId": engine_text(VPC),
        "msk:subnetIds": engine_text(SUBNETS),
        "msk:clientSecurityGroupIds": engine_text(["sg-0a1b2c3d4e5f60799"]),
        "msk:connectors": engine_text([sink, SOURCE]),
    }
    return run_program(PROJECT_DIR, project="msk", stack="test", config=config, preview=False)


def test_each_connector_reaches_the_cluster_with_iam_over_tls(planned):
    sink = next(r for r in planned.of_type(CONNECTOR) if r.inputs["name"] == "orders-sink")
    inputs = sink.inputs
    assert inputs["kafkaClusterClientAuthentication"] == {"authenticationType": "IAM"}
    assert inputs["kafkaClusterEncryptionInTransit"] == {"encryptionType": "TLS"}
    cluster = inputs["kafkaCluster"]["apacheKafkaCluster"]
    assert cluster["bootstrapServers"].endswith(":9098")
    assert cluster["vpc"]["subnets"] == SUBNETS
    assert cluster["vpc"]["securityGroups"] == ["msk-connector-orders-sink-sg-id"]
    assert inputs["capacity"] == {
        "autoscaling": {
            "mcuCount": 2,
            "minWorkerCount": 1,
            "maxWorkerCount": 4,
            "scaleInPolicy": {"cpuUtilizationPercentage": 20},
            "scaleOutPolicy": {"cpuUtilizationPercentage": 80},
        }
    }
    assert inputs["kafkaconnectVersion"] == "3.7.x"
    assert inputs["serviceExecutionRoleArn"].endswith("msk-connector-orders-sink-role")
    logs = inputs["logDelivery"]["workerLogDelivery"]["cloudwatchLogs"]
    assert logs == {"enabled": True, "logGroup": "/aws/msk-connect/msk-test/orders-sink"}
    assert sink.parent == "msk:index:MskCluster::msk"


def test_a_provisioned_connector_gets_a_fixed_worker_count(planned):
    source = next(r for r in planned.of_type(CONNECTOR) if r.inputs["name"] == "payments-cdc")
    assert source.inputs["capacity"] == {"provisionedCapacity": {"mcuCount": 1, "workerCount": 2}}
    assert "workerConfiguration" not in source.inputs


def test_the_plugin_and_worker_configuration_are_made_from_the_config(planned):
    plugins = {r.inputs["name"]: r.inputs for r in planned.of_type(PLUGIN)}
    assert plugins["orders-sink-plugin"]["contentType"] == "ZIP"
    assert plugins["orders-sink-plugin"]["location"] == {
        "s3": {"bucketArn": "arn:aws:s3:::plugins", "fileKey": "s3-sink.zip"}
    }
    assert plugins["payments-cdc-plugin"]["contentType"] == "JAR"
    (worker,) = planned.of_type(WORKER)  # only the sink has one
    assert worker.inputs["propertiesFileContent"] == "config.providers=secretsmanager\n"


def test_the_log_group_keeps_logs_and_uses_the_cluster_key(planned):
    groups = {r.inputs["name"]: r.inputs for r in planned.of_type(LOG_GROUP)}
    sink_logs = groups["/aws/msk-connect/msk-test/orders-sink"]
    assert sink_logs["retentionInDays"] == 30
    assert sink_logs["kmsKeyId"] == groups["/aws/msk/msk-test"]["kmsKeyId"]


def test_the_brokers_admit_each_connector_on_the_iam_port_only(planned):
    brokers = next(r for r in planned.of_type(GROUP) if r.name == "msk-brokers")
    from_connectors = [
        rule
        for rule in brokers.inputs["ingress"]
        if any("msk-connector" in g for g in rule.get("securityGroups", []))
    ]
    assert from_connectors == [
        {
            "description": "Kafka SASL/IAM (9098) from MSK Connect connector security groups",
            "protocol": "tcp",
            "fromPort": 9098,
            "toPort": 9098,
            "securityGroups": [
                "msk-connector-orders-sink-sg-id",
                "msk-connector-payments-cdc-sg-id",
            ],
        }
    ]
    # inline rules on the broker group: no rule resource may touch it as well
    assert planned.of_type(INGRESS) == []


def test_a_connector_group_reaches_only_the_brokers_iam_port(planned):
    group = next(r for r in planned.of_type(GROUP) if r.name == "msk-connector-orders-sink-sg")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    egress = next(
        r for r in planned.of_type(EGRESS) if r.name == "msk-connector-orders-sink-to-brokers"
    )
    assert egress.inputs == {
        "securityGroupId": "msk-connector-orders-sink-sg-id",
        "referencedSecurityGroupId": "msk-brokers-id",
        "ipProtocol": "tcp",
        "fromPort": 9098,
        "toPort": 9098,
        "description": "Kafka SASL/IAM (9098) to the brokers",
    }
    assert len(planned.of_type(EGRESS)) == 2


def test_the_planned_role_policy_is_the_documented_one(planned):
    policies = {r.name: json.loads(r.inputs["policy"]) for r in planned.of_type(ROLE_POLICY)}
    sink = policies["msk-connector-orders-sink-role-policy"]
    reads = next(s for s in sink["Statement"] if s["Sid"] == "ReadTopics")
    assert reads["Resource"] == [BASE.format("topic", "orders").replace("/events/", "/msk-test/")]
    roles = {r.name: r.inputs for r in planned.of_type(ROLE)}
    trust = json.loads(roles["msk-connector-orders-sink-role"]["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "kafkaconnect.amazonaws.com"}


# --- cost ---------------------------------------------------------------------------------


def test_the_bill_has_an_mcu_hour_line_per_connector():
    lines = {line.item: line for line in estimate(_spec(SINK, SOURCE), "us-east-1").lines}
    sink = next(line for item, line in lines.items() if "orders-sink" in item)
    assert sink.unit == "MCU-hour" and sink.unit_price == 0.11
    assert sink.quantity == 2 * 1 * 730  # at its fewest workers
    assert "autoscaling up to 4" in sink.item
    source = next(line for item, line in lines.items() if "payments-cdc" in item)
    assert source.quantity == 1 * 2 * 730
    assert source.monthly == round(1460 * 0.11, 2)


def test_the_connector_lines_are_unpriced_outside_the_catalog_region():
    lines = estimate(_spec(SOURCE), "eu-west-1").lines
    line = next(line for line in lines if "payments-cdc" in line.item)
    assert line.quantity == 1460 and line.unit_price is None and line.monthly is None


def test_the_offline_plan_bills_the_connectors(run_config):
    from msk_platform.cost import combine

    run = run_config(vpcId=VPC, subnetIds=SUBNETS, connectors=[SOURCE])
    bill = combine(estimate(spec, "us-east-1") for _, spec in run.specs)
    assert any("MSK Connect: connector payments-cdc" in line.item for line in bill.lines)


# --- MskConnector on its own --------------------------------------------------------------

PROGRAM = """
import pulumi
from msk_platform import MskConnector
MskConnector("orders-sink", {args})
"""
STANDALONE = {
    "cluster_arn": CLUSTER_ARN,
    "bootstrap_brokers_iam": "b-1.events.kafka.us-east-1.amazonaws.com:9098",
    "vpc_id": VPC,
    "subnet_ids": SUBNETS,
    "broker_security_group_id": "sg-0a1b2c3d4e5f60711",
    "plugin": {"bucket_arn": "arn:aws:s3:::plugins", "key": "s3-sink.zip", "content_type": "ZIP"},
    "config": {"connector.class": "S3Sink", "topics": "orders"},
    "capacity": {"provisioned": {"mcu_count": 1, "workers": 1}},
}


def _standalone(run_inline, **changes):
    args = {**STANDALONE, **changes}
    return run_inline(PROGRAM.format(args=repr({k: v for k, v in args.items() if v is not None})))


def test_the_component_alone_makes_the_connector_and_admits_it(run_inline):
    run = _standalone(run_inline)
    assert run.error is None, run.error
    made = run.one(CONNECTOR)
    assert made.parent == "msk:index:MskConnector::orders-sink"
    assert made.inputs["name"] == "orders-sink"
    assert made.inputs["kafkaClusterClientAuthentication"] == {"authenticationType": "IAM"}
    ingress = run.one(INGRESS)
    assert ingress.inputs["securityGroupId"] == "sg-0a1b2c3d4e5f60711"
    assert ingress.inputs["referencedSecurityGroupId"] == "orders-sink-sg-id"
    assert (ingress.inputs["fromPort"], ingress.inputs["toPort"]) == (9098, 9098)
    assert run.one(EGRESS).inputs["referencedSecurityGroupId"] == "sg-0a1b2c3d4e5f60711"
    policy = json.loads(run.one(ROLE_POLICY).inputs["policy"])
    assert policy["Statement"][1]["Resource"] == [BASE.format("topic", "orders")]


def test_the_component_can_leave_an_inline_broker_group_alone(run_inline):
    run = _standalone(run_inline, admit_on_broker_group=False, connector_name="sink-a")
    assert run.error is None, run.error
    assert run.of_type(INGRESS) == []
    assert run.one(CONNECTOR).inputs["name"] == "sink-a"


def test_the_component_refuses_bad_args_clearly_before_making_anything(run_inline):
    run = _standalone(
        run_inline,
        cluster_arn="arn:aws:kafka:us-east-1:123456789012:topic/x",
        subnet_ids=None,
        capacity={"provisioned": {"mcu_count": 3, "workers": 12}},
        config={"connector.class": "S3Sink", "topics": "orders", "db.password": "hunter2"},
        log_retention_days=8,
        broker_group="sg-1",
    )
    assert isinstance(run.error, MskConfigError)
    keys = {p.key for p in run.error.problems}
    assert {
        "MskConnector.clusterArn",
        "MskConnector.subnetIds",
        "MskConnector.capacity.provisioned.workers",
        "MskConnector.logRetentionDays",
        "MskConnector.broker_group",
    } <= keys
    assert "hunter2" not in str(run.error)
    assert not any(r.type.startswith("aws:") for r in run.resources)


def test_the_component_checks_the_connector_as_the_config_does(run_inline):
    run = _standalone(
        run_inline,
        capacity={"provisioned": {"mcu_count": 3, "workers": 1}},
        config={"connector.class": "S3Sink", "topics": "orders", "db.password": "hunter2"},
    )
    keys = {p.key: p.message for p in run.error.problems}
    assert "use 1, 2, 4 or 8" in keys["MskConnector.capacity.provisioned.mcuCount"]
    assert "config provider" in keys["MskConnector.config.db.password"]


def test_the_component_is_published_for_other_languages():
    from msk_platform.provider_schema import schema

    resource = schema()["resources"]["msk:index:MskConnector"]
    assert resource["isComponent"] is True
    assert {"clusterArn", "plugin", "config", "capacity", "subnetIds"} <= set(
        resource["requiredInputs"]
    )
    assert set(resource["properties"]) == {
        "arn",
        "connectorName",
        "securityGroupId",
        "roleArn",
        "logGroupName",
        "pluginArn",
    }
    published = json.loads((PROJECT_DIR / "provider" / "schema.json").read_text())
    assert "msk:index:MskConnector" in published["resources"]


# --- the policy pack ----------------------------------------------------------------------


def _connector_policy(name: str):
    from mskctl.policy.msk_rules import all_policies

    return next(p for p in all_policies(lambda: "dev") if p.name == name)


COMPLIANT = {
    "kafkaClusterClientAuthentication": {"authenticationType": "IAM"},
    "kafkaClusterEncryptionInTransit": {"encryptionType": "TLS"},
    "connectorConfiguration": {
        "connector.class": "PostgresConnector",
        "database.password": "${secretsmanager:payments-db:password}",
    },
}


def test_the_pack_takes_a_connector_with_iam_tls_and_referenced_secrets():
    from tests.test_policy import violations

    for name in ("msk-connect-iam-tls", "msk-connect-no-plaintext-secrets"):
        assert violations(_connector_policy(name), CONNECTOR, COMPLIANT) == []


def test_the_pack_refuses_a_connector_without_iam_or_tls():
    from tests.test_policy import violations

    policy = _connector_policy("msk-connect-iam-tls")
    weak = {
        **COMPLIANT,
        "kafkaClusterClientAuthentication": {"authenticationType": "NONE"},
        "kafkaClusterEncryptionInTransit": {"encryptionType": "PLAINTEXT"},
    }
    found = violations(policy, CONNECTOR, weak)
    assert len(found) == 2 and "use IAM" in found[0] and "use TLS" in found[1]


def test_the_pack_refuses_a_plain_text_secret_in_a_hand_made_connector():
    from tests.test_policy import violations

    policy = _connector_policy("msk-connect-no-plaintext-secrets")
    leaky = {**COMPLIANT, "connectorConfiguration": {"database.password": "hunter2"}}
    (found,) = violations(policy, CONNECTOR, leaky)
    assert "connectorConfiguration.database.password" in found and "hunter2" not in found


def test_the_planned_connectors_break_no_rule_of_the_pack(planned):
    from mskctl.policy_check import check_plan_resources

    resources = [
        {
            "type": r.type,
            "name": r.name,
            "parent": r.parent,
            "inputs": r.inputs,
            "options": {"protect": False, "ignoreChanges": [], "retainOnDelete": False},
        }
        for r in planned.resources
        if r.type in (CONNECTOR, ROLE_POLICY, GROUP, EGRESS)
    ]
    assert sum(r["type"] == CONNECTOR for r in resources) == 2
    found = [
        v
        for v in check_plan_resources(resources, "msk", "test")
        if v["policy"].startswith("msk-connect")
    ]
    assert found == []


def test_the_component_alone_gives_each_resource_exactly_the_sdk_inputs(run_inline):
    from tests import conformance_policies as policies
    from tests.conformance_sdk import plan_problems

    run = _standalone(run_inline, worker_configuration={"config.providers": "secretsmanager"})
    assert run.error is None, run.error
    assert plan_problems(run.resources) == []
    allowlist = policies.load_allowlist()
    findings = [
        str(f)
        for d in policies.policy_documents(run.resources)
        for f in policies.lint_document(d)
        if policies.explanation(f, allowlist) is None
    ]
    assert findings == []


def test_a_long_connector_name_still_gives_an_iam_role_name_iam_accepts():
    most = catalog.iam_inline_policy_rules()["role_name"]["max_chars"]
    long = role_name("analytics-platform-prod-events", "x" * 100)
    assert len(long) == most and long == role_name("analytics-platform-prod-events", "x" * 100)
    # two connectors whose names differ only past the cut get different roles
    assert long != role_name("analytics-platform-prod-events", "x" * 99 + "y")
