"""Topics and least-privilege client access."""

import json

import pytest

from msk_platform import MskConfigError
from msk_platform.builders.grants import admin_policy, consume_policy, produce_policy, resource_arn
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems
from tests.ids import TEST_CLUSTER_ARN

CLUSTER_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/orders/1111-2222-3"
TOPIC = "aws:msk/topic:Topic"
POLICY = "aws:iam/rolePolicy:RolePolicy"


def actions(document) -> dict:
    return {s["Sid"]: (sorted(s["Action"]), s["Resource"]) for s in document["Statement"]}


# --- topics -------------------------------------------------------------------------------


def test_topics_appear_in_the_plan_with_their_settings(run_config):
    run = run_config(
        topics=[
            {"name": "orders", "partitions": 12, "config": {"retention.ms": "86400000"}},
            {"name": "audit", "partitions": 3, "replicationFactor": 2},
        ]
    )
    orders = next(t for t in run.of_type(TOPIC) if t.inputs["name"] == "orders").inputs
    assert (orders["partitionCount"], orders["replicationFactor"]) == (12, 3)
    assert json.loads(orders["configs"]) == {"retention.ms": "86400000"}
    assert orders["clusterArn"] == TEST_CLUSTER_ARN
    audit = next(t for t in run.of_type(TOPIC) if t.inputs["name"] == "audit").inputs
    assert audit["replicationFactor"] == 2 and "configs" not in audit


def test_replication_defaults_to_the_cluster_default():
    assert (
        build_spec(az_count=2, broker_count=2, topics=[{"name": "a", "partitions": 1}])
        .topics[0]
        .replication_factor
        == 2
    )
    assert (
        build_spec(instance_type="express.m7g.large", topics=[{"name": "a", "partitions": 1}])
        .topics[0]
        .replication_factor
        == 3
    )


@pytest.mark.parametrize(
    "topic,key,fragment",
    [
        ({"name": "bad name", "partitions": 1}, "msk:topics[0].name", "not a Kafka topic name"),
        ({"name": "..", "partitions": 1}, "msk:topics[0].name", "not a Kafka topic name"),
        ({"name": "x" * 250, "partitions": 1}, "msk:topics[0].name", "1–249"),
        ({"name": "orders"}, "msk:topics[0].partitions", "required"),
        ({"name": "orders", "partitions": 0}, "msk:topics[0].partitions", "at least 1"),
        (
            {"name": "orders", "partitions": 1, "replicationFactor": 4},
            "msk:topics[0].replicationFactor",
            "more than the 3 brokers",
        ),
        (
            {"name": "orders", "partitions": 1, "config": {"min.insync.replicas": "3"}},
            "msk:topics[0].config.min.insync.replicas",
            "not below the replication factor (3)",
        ),
        (
            {"name": "orders", "partitions": 1, "config": {"retention.msec": "1"}},
            "msk:topics[0].config.retention.msec",
            "did you mean retention.ms?",
        ),
        (
            {"name": "orders", "partitions": 1, "partition": 3},
            "msk:topics[0].partition",
            "did you mean partitions?",
        ),
    ],
)
def test_bad_topics_are_rejected(topic, key, fragment):
    assert fragment in problems(topics=[topic])[key]


def test_good_topics_are_accepted():
    spec = build_spec(
        topics=[
            {
                "name": "orders.v1",
                "partitions": 6,
                "replicationFactor": 3,
                "config": {"cleanup.policy": "compact", "min.insync.replicas": "2"},
            }
        ]
    )
    assert spec.topics[0].config["cleanup.policy"] == "compact"


def test_duplicate_topics_are_rejected():
    assert (
        "declared twice"
        in problems(topics=[{"name": "a", "partitions": 1}] * 2)["msk:topics[1].name"]
    )


def test_express_and_serverless_replicate_three_times():
    assert (
        "use 3"
        in problems(
            instance_type="express.m7g.large",
            topics=[{"name": "a", "partitions": 1, "replicationFactor": 2}],
        )["msk:topics[0].replicationFactor"]
    )


def test_partition_replicas_per_broker_warn_near_and_fail_past_the_guidance():
    # kafka.m7g.large: 1000 recommended, 1500 maximum replicas per broker; 3 brokers, RF 3.
    near = build_spec(topics=[{"name": "a", "partitions": 900}])
    assert any("recommends at most 1000" in w for w in near.warnings)
    assert not any(
        "recommends" in w for w in build_spec(topics=[{"name": "a", "partitions": 700}]).warnings
    )
    assert "allows 1500" in problems(topics=[{"name": "a", "partitions": 1600}])["msk:topics"]


def test_serverless_topics_stay_within_its_limits():
    assert (
        "2400"
        in problems(
            cluster_type="serverless",
            topics=[{"name": "a", "partitions": 2000}, {"name": "b", "partitions": 500}],
        )["msk:topics"]
    )
    assert (
        "120"
        in problems(
            cluster_type="serverless",
            topics=[{"name": "a", "partitions": 121, "config": {"cleanup.policy": "compact"}}],
        )["msk:topics"]
    )
    assert (
        "serverless topics"
        in problems(
            cluster_type="serverless",
            topics=[{"name": "a", "partitions": 1, "config": {"segment.ms": "1"}}],
        )["msk:topics[0].config.segment.ms"]
    )
    assert (
        "8388608"
        in problems(
            cluster_type="serverless",
            topics=[{"name": "a", "partitions": 1, "config": {"max.message.bytes": "9000000"}}],
        )["msk:topics[0].config.max.message.bytes"]
    )
    assert build_spec(cluster_type="serverless", topics=[{"name": "a", "partitions": 2400}]).topics


# --- grant policies -----------------------------------------------------------------------


def test_arns_are_built_from_the_cluster_arn():
    assert resource_arn(CLUSTER_ARN, "topic", "orders") == (
        "arn:aws:kafka:us-east-1:123456789012:topic/orders/1111-2222-3/orders"
    )
    assert resource_arn(CLUSTER_ARN, "group", "billing-*").endswith(
        ":group/orders/1111-2222-3/billing-*"
    )
    assert ":transactional-id/orders/1111-2222-3/tx" in resource_arn(
        CLUSTER_ARN, "transactional_id", "tx"
    )


def test_producer_gets_connect_describe_and_write_only():
    policy = actions(produce_policy(CLUSTER_ARN, ["orders"]))
    assert policy == {
        "Connect": (["kafka-cluster:Connect"], [CLUSTER_ARN]),
        "WriteTopics": (
            ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
            [resource_arn(CLUSTER_ARN, "topic", "orders")],
        ),
    }


def test_idempotent_and_transactional_producers():
    idempotent = actions(produce_policy(CLUSTER_ARN, ["orders"], idempotent=True))
    assert "kafka-cluster:WriteDataIdempotently" in idempotent["Connect"][0]
    transactional = actions(
        produce_policy(CLUSTER_ARN, ["orders"], transactional_ids=["orders-tx-*"])
    )
    assert transactional["UseTransactionalIds"] == (
        ["kafka-cluster:AlterTransactionalId", "kafka-cluster:DescribeTransactionalId"],
        [resource_arn(CLUSTER_ARN, "transactional_id", "orders-tx-*")],
    )
    assert "kafka-cluster:WriteDataIdempotently" in transactional["Connect"][0]


def test_consumer_gets_describe_read_and_its_groups():
    policy = actions(consume_policy(CLUSTER_ARN, ["orders", "payments.*"], ["billing"]))
    assert policy["ReadTopics"] == (
        ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        [
            resource_arn(CLUSTER_ARN, "topic", "orders"),
            resource_arn(CLUSTER_ARN, "topic", "payments.*"),
        ],
    )
    assert policy["UseGroups"] == (
        ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
        [resource_arn(CLUSTER_ARN, "group", "billing")],
    )


def test_no_wildcard_outside_admin():
    for document in (
        produce_policy(CLUSTER_ARN, ["orders"], True, ["tx"]),
        consume_policy(CLUSTER_ARN, ["orders"], ["g"]),
    ):
        text = json.dumps(document)
        assert "kafka-cluster:*" not in text and '"*"' not in text and "/*" not in text
    admin = actions(admin_policy(CLUSTER_ARN))["Administer"]
    assert admin[0] == ["kafka-cluster:*"] and CLUSTER_ARN in admin[1]
    assert all(r.startswith("arn:aws:kafka:") for r in admin[1])


def test_config_grants_become_role_policies(run_config):
    run = run_config(
        grants=[
            {"roleName": "orders-api", "produce": ["orders"], "idempotent": True},
            {
                "roleArn": "arn:aws:iam::123456789012:role/team/billing",
                "consume": ["orders"],
                "groups": ["billing"],
            },
        ]
    )
    policies = {p.name: p.inputs for p in run.of_type(POLICY)}
    assert set(policies) == {"msk-produce-orders-api", "msk-consume-grant1"}
    assert policies["msk-produce-orders-api"]["role"] == "orders-api"
    assert policies["msk-consume-grant1"]["role"] == "billing"
    produce = json.loads(policies["msk-produce-orders-api"]["policy"])
    cluster = TEST_CLUSTER_ARN
    assert produce == produce_policy(cluster, ["orders"], idempotent=True)


@pytest.mark.parametrize(
    "grant,key,fragment",
    [
        ({"produce": ["a"]}, "msk:grants[0]", "exactly one of roleName or roleArn"),
        (
            {"roleName": "r", "roleArn": "arn:aws:iam::123456789012:role/r", "produce": ["a"]},
            "msk:grants[0]",
            "exactly one",
        ),
        ({"roleName": "r"}, "msk:grants[0]", "grants nothing"),
        ({"roleName": "r", "consume": ["a"]}, "msk:grants[0].groups", "need a consumer group"),
        (
            {"roleName": "r", "produce": ["a"], "groups": ["g"]},
            "msk:grants[0].groups",
            "nothing to consume",
        ),
        ({"roleName": "r", "produce": ["*"]}, "msk:grants[0].produce[0]", "admin: true"),
        (
            {"roleName": "r", "produce": ["or*ders"]},
            "msk:grants[0].produce[0]",
            "prefix ending in '*'",
        ),
        (
            {"roleName": "bad role!", "produce": ["a"]},
            "msk:grants[0].roleName",
            "not an IAM role name",
        ),
        (
            {"roleArn": "arn:aws:iam::1:user/x", "produce": ["a"]},
            "msk:grants[0].roleArn",
            "not an IAM role ARN",
        ),
        (
            {"roleName": "r", "consume": ["a"], "groups": ["g"], "transactionalIds": ["t"]},
            "msk:grants[0].transactionalIds",
            "need produce",
        ),
    ],
)
def test_bad_grants_are_rejected(grant, key, fragment):
    assert fragment in problems(grants=[grant])[key]


# --- the component's methods --------------------------------------------------------------


def test_grant_methods_and_add_topic(tmp_path):
    from mskctl.mock_runtime import run_program

    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi_aws as aws\n"
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "msk.add_topic('clicks', partitions=6, config={'retention.ms': '3600000'})\n"
        "producer = aws.iam.Role('producer', assume_role_policy='{}')\n"
        "msk.grant_produce(producer, ['clicks'], idempotent=True)\n"
        "msk.grant_consume('analytics', ['clicks'], ['analytics-*'])\n"
        "msk.grant_admin('platform-admins')\n"
    )
    run = run_program(tmp_path, project="app", stack="t", config={}, preview=False)
    assert run.one(TOPIC).inputs["name"] == "clicks"
    policies = {p.name: p.inputs for p in run.of_type(POLICY)}
    assert set(policies) == {
        "events-produce-producer",
        "events-consume-analytics",
        "events-admin-platform-admins",
    }
    assert policies["events-produce-producer"]["role"] == "producer"
    consume = json.loads(policies["events-consume-analytics"]["policy"])
    assert consume["Statement"][2]["Resource"][0].endswith("/analytics-*")


def test_grant_methods_refuse_bad_names(tmp_path):
    from mskctl.mock_runtime import run_program

    (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "msk.grant_produce('app', ['*'])\n"
    )
    run = run_program(
        tmp_path, project="app", stack="t", config={}, preview=False, raise_errors=False
    )
    assert isinstance(run.error, MskConfigError) and run.error.problems[0].key == "topics[0]"


# --- client settings ----------------------------------------------------------------------


def test_client_properties_per_enabled_mode(run_config):
    run = run_config(auth={"iam": True, "scram": True}, scramUsers=["app"])
    properties = run.outputs["clientProperties"]
    assert set(properties) == {"bootstrapBrokersIam", "bootstrapBrokersScram"}
    iam = properties["bootstrapBrokersIam"]
    assert iam["bootstrap.servers"].endswith(":9098")
    assert iam["security.protocol"] == "SASL_SSL" and iam["sasl.mechanism"] == "AWS_MSK_IAM"
    assert (
        iam["sasl.client.callback.handler.class"]
        == "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
    )
    scram = properties["bootstrapBrokersScram"]
    assert scram["sasl.mechanism"] == "SCRAM-SHA-512" and "fake-password" not in json.dumps(scram)
