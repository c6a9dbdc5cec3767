"""SCRAM users with generated secrets, and the MSK configuration with its safe defaults."""

import json

import pytest

from msk_platform.builders.configuration import server_properties_text
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems
from tests.ids import KMS_KEY, TEST_CLUSTER_ARN

SCRAM = {"auth": {"iam": True, "scram": True}}
SECRET = "aws:secretsmanager/secret:Secret"
VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
PASSWORD = "random:index/randomPassword:RandomPassword"
ASSOCIATION = "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation"
CONFIG = "aws:msk/configuration:Configuration"
CLUSTER = "aws:msk/cluster:Cluster"


# --- SCRAM users --------------------------------------------------------------------------


def test_each_scram_user_gets_password_secret_and_association(run_config):
    run = run_config(scramUsers=["alice", "bob"], **SCRAM)
    passwords = run.of_type(PASSWORD)
    assert len(passwords) == 2
    for password in passwords:
        inputs = password.inputs
        assert inputs["length"] >= 32 and inputs["special"] is True
        assert all(inputs[k] >= 1 for k in ("minLower", "minUpper", "minNumeric", "minSpecial"))
        assert not set(inputs["overrideSpecial"]) & set("\"'\\/@ ")
    secrets = run.of_type(SECRET)
    assert [s.inputs["name"] for s in secrets] == [
        "AmazonMSK_msk-test_alice",
        "AmazonMSK_msk-test_bob",
    ]
    assert all(
        s.inputs["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:msk-key" for s in secrets
    )
    associations = run.of_type(ASSOCIATION)
    assert [a.inputs["secretArn"] for a in associations] == [
        "arn:aws:secretsmanager:us-east-1:123456789012:msk-scram-alice",
        "arn:aws:secretsmanager:us-east-1:123456789012:msk-scram-bob",
    ]
    assert all(a.inputs["clusterArn"] == TEST_CLUSTER_ARN for a in associations)
    assert not run.of_type("aws:msk/scramSecretAssociation:ScramSecretAssociation")


def test_no_password_in_outputs_or_plain_inputs(run_config):
    from mskctl.mock_runtime import SECRET as MASKED

    run = run_config(scramUsers=["alice"], **SCRAM)
    assert run.one(VERSION).inputs["secretString"] == MASKED
    everything = json.dumps(run.outputs) + json.dumps([r.inputs for r in run.resources])
    assert "fake-password-of-msk-scram-alice" not in everything
    assert run.outputs["scramSecretArns"] == {
        "alice": "arn:aws:secretsmanager:us-east-1:123456789012:msk-scram-alice"
    }


def test_scram_secrets_use_a_given_key(run_config):
    run = run_config(scramUsers=["alice"], kmsKeyArn=KMS_KEY, **SCRAM)
    assert run.one(SECRET).inputs["kmsKeyId"] == KMS_KEY


@pytest.mark.parametrize(
    "args,key,fragment",
    [
        ({"scram_users": ["alice"]}, "msk:scramUsers", "auth.scram: true"),
        ({"scram_users": ["bad name"], **SCRAM}, "msk:scramUsers[0]", "not a user name"),
        ({"scram_users": ["alice", "Alice"], **SCRAM}, "msk:scramUsers[1]", "listed twice"),
        (
            {"scram_users": [f"u{i}" for i in range(1001)], **SCRAM},
            "msk:scramUsers",
            "1000 per cluster",
        ),
        ({"cluster_type": "serverless", "scram_users": ["alice"]}, "msk:scramUsers", "serverless"),
    ],
)
def test_bad_scram_users_are_rejected(args, key, fragment):
    assert fragment in problems(**args)[key]


# --- configuration ------------------------------------------------------------------------


def test_safe_defaults_fit_three_azs():
    spec = build_spec()
    assert dict(spec.server_properties) == {
        "auto.create.topics.enable": "false",
        "default.replication.factor": "3",
        "min.insync.replicas": "2",
        "unclean.leader.election.enable": "false",
    }


def test_safe_defaults_fit_two_azs():
    # (deny-unless-ACL is opt-in; tests/test_acl_lockout.py covers it)
    spec = build_spec(az_count=2, broker_count=2, auth={"scram": True})
    assert spec.server_properties["default.replication.factor"] == "2"
    assert spec.server_properties["min.insync.replicas"] == "1"


def test_user_properties_override_the_defaults():
    spec = build_spec(
        server_properties={"auto.create.topics.enable": "true", "log.retention.hours": 72}
    )
    assert spec.server_properties["auto.create.topics.enable"] == "true"
    assert spec.server_properties["log.retention.hours"] == "72"
    assert server_properties_text(spec).splitlines()[0] == "auto.create.topics.enable=true"


def test_express_leaves_fixed_replication_alone():
    spec = build_spec(instance_type="express.m7g.large")
    assert "default.replication.factor" not in spec.server_properties
    assert (
        "read-only on express"
        in problems(
            instance_type="express.m7g.large", server_properties={"min.insync.replicas": "1"}
        )["msk:serverProperties.min.insync.replicas"]
    )


@pytest.mark.parametrize(
    "properties,key,fragment",
    [
        ({"listeners": "x"}, "msk:serverProperties.listeners", "not a property MSK lets you set"),
        (
            {"auto.create.topic.enable": "false"},
            "msk:serverProperties.auto.create.topic.enable",
            "did you mean auto.create.topics.enable?",
        ),
        (
            {"replica.lag.time.max.ms": "5000"},
            "msk:serverProperties.replica.lag.time.max.ms",
            "from 10,000 to 30,000",
        ),
        (
            {"zookeeper.session.timeout.ms": "9000"},
            "msk:serverProperties.zookeeper.session.timeout.ms",
            "ZooKeeper clusters only",
        ),
        ({"min.insync.replicas": "3"}, "msk:serverProperties.min.insync.replicas", "not below"),
        (
            {"default.replication.factor": "4"},
            "msk:serverProperties.default.replication.factor",
            "more than the 3 brokers",
        ),
    ],
)
def test_disallowed_properties_are_rejected_by_name(properties, key, fragment):
    assert fragment in problems(server_properties=properties)[key]


def test_zookeeper_property_allowed_on_zookeeper_clusters():
    spec = build_spec(
        kafka_version="3.9.x", server_properties={"zookeeper.session.timeout.ms": "9000"}
    )
    assert spec.server_properties["zookeeper.session.timeout.ms"] == "9000"


def test_cluster_follows_the_latest_configuration_revision(run_config):
    run = run_config(serverProperties={"log.retention.hours": "72"})
    config = run.one(CONFIG).inputs
    assert "log.retention.hours=72\n" in config["serverProperties"]
    assert "auto.create.topics.enable=false\n" in config["serverProperties"]
    # No Kafka version on the configuration: an upgrade never replaces it or finds it in use.
    assert "kafkaVersions" not in config
    info = run.one(CLUSTER).inputs["configurationInfo"]
    assert info == {"arn": "arn:aws:msk:us-east-1:123456789012:msk-config", "revision": 1}


def test_a_property_change_updates_the_configuration_not_the_cluster(run_config):
    from mskctl.against import REPLACE, compare

    def plan(**keys):
        run = run_config(preview=True, clientCidrBlocks=["10.0.0.0/8"], **keys)
        return {
            "resources": [
                {"type": r.type, "name": r.name, "inputs": r.inputs, "options": r.options}
                for r in run.resources
            ]
        }

    before = plan(serverProperties={"log.retention.hours": "72"}, kafkaVersion="3.9.x.kraft")
    after = plan(serverProperties={"log.retention.hours": "24"}, kafkaVersion="4.1.x.kraft")
    configs = [next(r for r in p["resources"] if r["type"] == CONFIG) for p in (before, after)]
    assert (
        configs[0]["name"] == configs[1]["name"]
        and configs[0]["inputs"]["name"] == configs[1]["inputs"]["name"]
    )
    assert configs[0]["inputs"]["serverProperties"] != configs[1]["inputs"]["serverProperties"]
    found = {(c.type, c.action) for c in compare(before, after)}
    assert (CONFIG, "update") in found
    assert not [action for _, action in found if action == REPLACE]


def test_serverless_has_no_configuration(run_config):
    assert not run_config(clusterType="serverless").of_type(CONFIG)


# --- server properties: one value per line, typed as Kafka types it -------------------------


@pytest.mark.parametrize(
    "value",
    [
        "1\nmin.insync.replicas=5",
        "8\r\nauto.create.topics.enable=true",
        "8\u2028unclean.leader.election.enable=true",
    ],
)
def test_a_line_break_cannot_smuggle_a_property_in(value):
    found = problems(server_properties={"num.io.threads": value})
    assert "line break" in found["msk:serverProperties.num.io.threads"]


@pytest.mark.parametrize("value", ["org.example.Selector=x", "org.example.Selector\\"])
def test_equals_and_backslash_are_refused_in_values(value):
    found = problems(server_properties={"replica.selector.class": value})
    assert "'=' or '\\'" in found["msk:serverProperties.replica.selector.class"]


def test_the_configuration_text_holds_exactly_one_line_per_property():
    spec = build_spec(server_properties={"num.io.threads": 16, "log.cleanup.policy": "delete"})
    lines = server_properties_text(spec).splitlines()
    assert len(lines) == len(spec.server_properties)
    assert "num.io.threads=16" in lines and all(line.count("=") == 1 for line in lines)


def test_every_settable_property_has_a_kafka_type():
    from msk_platform import catalog

    kinds = {p.type for p in catalog.settable_server_properties().values()}
    assert kinds <= {"int", "short", "long", "double", "boolean", "string", "list", "class"}
    assert catalog.settable_server_properties()["min.insync.replicas"].minimum == 1


@pytest.mark.parametrize(
    "name,value,fragment",
    [
        ("min.insync.replicas", "0", "at least 1"),
        ("default.replication.factor", "abc", "not a whole number"),
        ("default.replication.factor", "2.0", "not a whole number"),
        ("num.partitions", "2147483648", "out of range"),
        ("offsets.topic.replication.factor", "40000", "from 1 to 32,767"),
        ("auto.create.topics.enable", "yes", "true or false"),
        ("compression.type", "brotli", "'zstd'"),
        ("log.cleanup.policy", "compact,archive", "'archive'"),
        ("log.cleaner.min.cleanable.ratio", "1.5", "0–1"),
        ("log.message.timestamp.type", "Now", "'LogAppendTime'"),
        ("replica.selector.class", "not a class", "Java class name"),
    ],
)
def test_property_values_are_typed(name, value, fragment):
    assert fragment in problems(server_properties={name: value})[f"msk:serverProperties.{name}"]


@pytest.mark.parametrize(
    "properties",
    [
        {"num.io.threads": 8.0},
        {"auto.create.topics.enable": True},
        {"log.cleanup.policy": "compact, delete"},
        {"unclean.leader.election.enable": "FALSE"},
        {"log.cleaner.min.cleanable.ratio": 0.25},
        {"replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector"},
    ],
)
def test_valid_property_values_are_accepted(properties):
    spec = build_spec(server_properties=properties)
    name = next(iter(properties))
    assert spec.server_properties[name] == str(spec.server_properties[name]).strip()


def test_internal_topic_replication_and_session_timeouts_fit_the_cluster():
    found = problems(
        server_properties={
            "offsets.topic.replication.factor": "4",
            "transaction.state.log.replication.factor": "5",
            "group.min.session.timeout.ms": "60000",
            "group.max.session.timeout.ms": "30000",
        }
    )
    assert "3 brokers" in found["msk:serverProperties.offsets.topic.replication.factor"]
    assert "3 brokers" in found["msk:serverProperties.transaction.state.log.replication.factor"]
    assert "no consumer" in found["msk:serverProperties.group.min.session.timeout.ms"]


def test_a_computed_property_value_is_refused():
    class Computed:
        def apply(self, func):
            return self

        def future(self):
            return None

    found = problems(server_properties={"num.io.threads": Computed()})
    assert "plain text" in found["msk:serverProperties.num.io.threads"]
