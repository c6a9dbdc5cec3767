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


def test_express_replicates_three_times():
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
    assert set(policies) == {"msk-produce-orders-api", "msk-consume-billing"}
    assert policies["msk-produce-orders-api"]["role"] == "orders-api"
    assert policies["msk-consume-billing"]["role"] == "billing"
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


def test_grant_methods_and_add_topic(run_inline):
    run = run_inline(
        "import pulumi_aws as aws\n"
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "msk.add_topic('clicks', partitions=6, config={'retention.ms': '3600000'})\n"
        "producer = aws.iam.Role('producer', assume_role_policy='{}')\n"
        "msk.grant_produce(producer, ['clicks'], idempotent=True)\n"
        "msk.grant_consume('analytics', ['clicks'], ['analytics-*'])\n"
        "msk.grant_admin('platform-admins')\n",
        raise_errors=True,
    )
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


def test_grant_methods_refuse_bad_names(run_inline):
    run = run_inline(
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "msk.grant_produce('app', ['*'])\n"
    )
    assert isinstance(run.error, MskConfigError)
    assert run.error.problems[0].key == "grant_produce.topics[0]"


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


# --- topics: names Kafka keeps, collisions, replication, typed configs ---------------------


def test_topic_names_that_collide_under_kafkas_dot_underscore_rule_are_refused():
    found = problems(
        topics=[{"name": "orders.eu", "partitions": 3}, {"name": "orders_eu", "partitions": 3}]
    )
    assert "collides with 'orders.eu'" in found["msk:topics[1].name"]
    assert build_spec(
        topics=[{"name": "orders.eu", "partitions": 3}, {"name": "orders-eu", "partitions": 3}]
    )


@pytest.mark.parametrize(
    "name", ["__consumer_offsets", "__transaction_state", "__amazon_msk_canary", "__mine"]
)
def test_internal_topic_names_are_refused(name):
    found = problems(topics=[{"name": name, "partitions": 3}])
    assert "internal" in found["msk:topics[0].name"]


@pytest.mark.parametrize("factor", [0, -1])
def test_a_replication_factor_below_one_is_refused_not_defaulted(factor):
    found = problems(topics=[{"name": "orders", "partitions": 3, "replicationFactor": factor}])
    assert "at least 1" in found["msk:topics[0].replicationFactor"]


def test_every_topic_config_has_a_type():
    from msk_platform import catalog

    assert set(catalog.topic_config_types()) == set(catalog.topic_rules()["topic_configs"])


@pytest.mark.parametrize(
    "config,fragment",
    [
        ({"retention.ms": "soon"}, "not a whole number"),
        ({"retention.ms": "-2"}, "at least -1"),
        ({"cleanup.policy": "compact,archive"}, "'archive'"),
        ({"compression.type": "brotli"}, "'zstd'"),
        ({"compression.gzip.level": "10"}, "from 1 to 9 or -1"),
        ({"min.cleanable.dirty.ratio": "1.5"}, "0–1"),
        ({"preallocate": "maybe"}, "true or false"),
        ({"min.insync.replicas": "0"}, "at least 1"),
        ({"leader.replication.throttled.replicas": "0:a"}, "partition:broker"),
    ],
)
def test_topic_config_values_are_typed(config, fragment):
    name = next(iter(config))
    found = problems(topics=[{"name": "orders", "partitions": 3, "config": config}])
    assert fragment in found[f"msk:topics[0].config.{name}"]


def test_topic_config_values_kafka_takes_are_accepted():
    config = {"retention.ms": -1, "cleanup.policy": "compact,delete", "compression.gzip.level": -1}
    spec = build_spec(topics=[{"name": "orders", "partitions": 3.0, "config": config}])
    assert spec.topics[0].config["retention.ms"] == "-1" and spec.topics[0].partitions == 3


# --- grants: each role once, ASCII names ----------------------------------------------------

ROLE_ARN = "arn:aws:iam::123456789012:role/team/orders-api"


@pytest.mark.parametrize(
    "grants,key",
    [
        (
            [
                {"roleName": "orders-api", "produce": ["orders"]},
                {"roleName": "orders-api", "consume": ["orders"], "groups": ["g"]},
            ],
            "msk:grants[1].roleName",
        ),
        (
            [
                {"roleName": "orders-api", "produce": ["orders"]},
                {"roleArn": ROLE_ARN, "consume": ["orders"], "groups": ["g"]},
            ],
            "msk:grants[1].roleArn",
        ),
    ],
)
def test_a_role_is_granted_in_one_entry(grants, key):
    assert "again" in problems(grants=grants)[key]


@pytest.mark.parametrize(
    "grant,key",
    [
        ({"roleName": "ördersapi", "produce": ["orders"]}, "msk:grants[0].roleName"),
        (
            {"roleArn": "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/orders-api", "produce": ["orders"]},
            "msk:grants[0].roleArn",
        ),
        ({"roleName": "orders-api", "produce": ["__consumer_offsets"]}, "msk:grants[0].produce[0]"),
    ],
)
def test_role_names_and_account_ids_are_ascii_and_writes_never_internal(grant, key):
    assert key in problems(grants=[grant])


# --- the Python API -------------------------------------------------------------------------


@pytest.fixture
def program(run_inline):
    """Run ``body`` after the imports and a ``base`` args dict every cluster can use."""
    return lambda body: run_inline(
        "import pulumi\nfrom msk_platform import MskCluster\n"
        "base = {'client_cidr_blocks': ['10.0.0.0/8']}\n" + body
    )


@pytest.mark.parametrize(
    "call,key",
    [
        ("msk.grant_produce(None, ['orders'])", "grant_produce.role"),
        ("msk.grant_produce('app', 'orders')", "grant_produce.topics"),
        ("msk.grant_produce('app', pulumi.Output.from_input(['orders']))", "grant_produce.topics"),
        ("msk.grant_produce('app', ['orders'], idempotent='yes')", "grant_produce.idempotent"),
        ("msk.grant_consume('app', ['orders'], 'billing')", "grant_consume.consumer_groups"),
        ("msk.grant_admin(pulumi.Output.from_input('app'))", "grant_admin.role"),
        ("msk.grant_produce('app', ['a'])\nmsk.grant_produce('app', ['b'])", "grant_produce.role"),
    ],
)
def test_grant_methods_refuse_bad_arguments_before_any_policy(program, call, key):
    run = program("msk = MskCluster('events', base)\n" + call + "\n")
    assert isinstance(run.error, MskConfigError), run.error
    assert key in [p.key for p in run.error.problems]
    assert len(run.of_type(POLICY)) == (1 if call.count("grant_") == 2 else 0)


def test_a_string_of_topics_never_becomes_one_topic_per_letter(program):
    run = program("msk = MskCluster('events', base)\nmsk.grant_produce('app', 'orders')\n")
    assert isinstance(run.error, MskConfigError) and not run.of_type(POLICY)
    assert "use a list, e.g. ['orders']" in run.error.problems[0].message


@pytest.mark.parametrize(
    "body,key",
    [
        ("MskCluster('events', base)\nMskCluster('events', base)\n", "name"),
        (
            "MskCluster('a', {**base, 'cluster_name': 'shared'})\n"
            "MskCluster('b', {**base, 'cluster_name': 'shared'})\n",
            "msk:clusterName",
        ),
        (
            "MskCluster('a', base)\nMskCluster('b', {**base, 'cluster_name': 'app-t-a'})\n",
            "msk:clusterName",
        ),
        ("MskCluster('events', ['broker_count', 3])\n", "args"),
    ],
)
def test_one_program_refuses_clusters_that_would_collide(program, body, key):
    run = program(body)
    assert isinstance(run.error, MskConfigError), run.error
    assert key in [p.key for p in run.error.problems]


def test_the_cluster_registry_starts_afresh_in_each_run(program):
    for _ in range(2):  # the same program twice in one process: the second run is not refused
        run = program("MskCluster('a', base)\nMskCluster('b', base)\n")
        assert run.error is None, run.error
        assert {s.cluster_name for _, s in run.specs} == {"app-t-a", "app-t-b"}


def test_whole_list_outputs_where_the_component_iterates_are_refused(program):
    run = program(
        "MskCluster('events', {'client_security_group_ids': "
        "pulumi.Output.from_input(['sg-0a1b2c3d4e5f60799'])})\n",
    )
    assert isinstance(run.error, MskConfigError)
    assert run.error.problems[0].key == "msk:clientSecurityGroupIds"
    assert "each item may be computed" in run.error.problems[0].message
