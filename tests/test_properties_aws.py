"""Broker properties and topic configs as AWS and Kafka take them, by broker type and release.

Express brokers: an MSK configuration may set only the static properties AWS lists as
read/write; MSK keeps the read-only ones (thread counts, replication) itself (catalog:
server_properties.express). Express runs Kafka 3.6, 3.8, 3.9 and 4.2, KRaft from 3.9.
Kafka 4.0 removed configs such as log.message.timestamp.difference.max.ms and its topic twin,
and raised segment.bytes' minimum to 1 MiB (catalog: kafka_version_rules).
"""

from datetime import date

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.spec import ClusterSpec
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems

EXPRESS = "express.m7g.large"
CONFIGURATION = "aws:msk/configuration:Configuration"
EXPRESS_RULES = catalog.express_property_rules()
SETTABLE = catalog.settable_server_properties()


def spec_on(day: date, **args) -> ClusterSpec:
    return ClusterSpec.from_args(args, project="msk", stack="test", today=day)


def refused_on(day: date, **args) -> dict:
    with pytest.raises(MskConfigError) as caught:
        spec_on(day, **args)
    return {p.key: p.message for p in caught.value.problems}


# --- express: read-only and unlisted properties --------------------------------------------


@pytest.mark.parametrize("name", ["num.io.threads", "num.network.threads"])
def test_express_refuses_its_read_only_thread_counts(name):
    message = problems(instance_type=EXPRESS, server_properties={name: "16"})[
        f"msk:serverProperties.{name}"
    ]
    assert "read-only on express brokers" in message and "vCPUs" in message
    assert build_spec(server_properties={name: "16"}).server_properties[name] == "16"


@pytest.mark.parametrize(
    "name", sorted(set(EXPRESS_RULES["read_only"]) & set(SETTABLE)), ids=lambda n: n
)
def test_every_read_only_property_the_standard_list_carries_is_refused_on_express(name):
    value = {"int": "2", "short": "2", "boolean": "false"}.get(SETTABLE[name].type, "1")
    message = problems(instance_type=EXPRESS, server_properties={name: value})[
        f"msk:serverProperties.{name}"
    ]
    assert "read-only on express brokers" in message
    assert f"MSK keeps it at {EXPRESS_RULES['read_only'][name]}" in message


@pytest.mark.parametrize(
    "name,value",
    [("log.segment.bytes", "134217728"), ("num.replica.fetchers", "4"), ("log.roll.ms", "1000")],
)
def test_express_refuses_properties_its_configuration_cannot_set(name, value):
    message = problems(instance_type=EXPRESS, server_properties={name: value})[
        f"msk:serverProperties.{name}"
    ]
    assert "not one an MSK configuration may set on express brokers" in message
    assert "log.retention.ms" in message  # says what would be accepted
    assert build_spec(server_properties={name: value}).server_properties[name] == value


def test_express_takes_the_properties_aws_lets_it_edit():
    editable = {
        "auto.create.topics.enable": "true",
        "log.retention.ms": "604800000",
        "num.partitions": "6",
        "log.message.timestamp.after.max.ms": "3600000",
        "max.connections.per.ip": "200",
        "replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector",
    }
    properties = build_spec(instance_type=EXPRESS, server_properties=editable).server_properties
    assert {k: properties[k] for k in editable} == editable


def test_max_connections_per_ip_is_an_express_property_only():
    assert "msk:serverProperties.max.connections.per.ip" in problems(
        server_properties={"max.connections.per.ip": "200"}
    )
    assert (
        "at least 0"
        in problems(instance_type=EXPRESS, server_properties={"max.connections.per.ip": "-1"})[
            "msk:serverProperties.max.connections.per.ip"
        ]
    )


def test_every_express_property_is_refused_or_typed_never_passed_blind():
    for name in EXPRESS_RULES["settable"]:
        assert name in SETTABLE or name in EXPRESS_RULES["express_only"], name


def test_express_configuration_carries_no_read_only_default(run_config):
    properties = run_config(instance_type=EXPRESS).one(CONFIGURATION).inputs["serverProperties"]
    lines = dict(line.split("=", 1) for line in properties.splitlines() if "=" in line)
    assert lines["auto.create.topics.enable"] == "false"
    assert not set(lines) - set(EXPRESS_RULES["settable"])
    standard = run_config().one(CONFIGURATION).inputs["serverProperties"]
    assert "unclean.leader.election.enable=false" in standard


def test_express_topics_cannot_set_the_configs_msk_protects():
    topic = {"name": "orders", "partitions": 3, "config": {"min.insync.replicas": "1"}}
    message = problems(instance_type=EXPRESS, topics=[topic])[
        "msk:topics[0].config.min.insync.replicas"
    ]
    assert "protected on express brokers" in message and "2" in message
    assert build_spec(topics=[topic]).topics[0].config["min.insync.replicas"] == "1"


# --- express: the Kafka versions it runs ---------------------------------------------------

BEFORE_3_6_END = date(2026, 5, 1)  # 3.6.0 and 3.7.x both still supported that day


@pytest.mark.parametrize("version", ["3.6.0", "3.8.x", "3.9.x", "3.9.x.kraft", "4.2.x.kraft"])
def test_express_takes_the_versions_aws_lists(version):
    assert spec_on(BEFORE_3_6_END, instance_type=EXPRESS, kafka_version=version).kafka_version


@pytest.mark.parametrize(
    "version,reason",
    [
        ("3.8.x.kraft", "supports KRaft from 3.9"),
        ("3.7.x", "not offered on express brokers"),
        ("3.7.x.kraft", "not offered on express brokers"),
        ("4.0.x.kraft", "not offered on express brokers"),
        ("4.1.x.kraft", "not offered on express brokers"),
    ],
)
def test_express_refuses_the_versions_it_does_not_run(version, reason):
    message = refused_on(BEFORE_3_6_END, instance_type=EXPRESS, kafka_version=version)[
        "msk:kafkaVersion"
    ]
    assert reason in message and "4.2.x.kraft" in message
    if version != "3.8.x.kraft":
        assert spec_on(BEFORE_3_6_END, kafka_version=version).kafka_version == version


def test_4_2_is_express_only():
    assert (
        "not offered on standard brokers"
        in problems(kafka_version="4.2.x.kraft")["msk:kafkaVersion"]
    )


# --- Kafka 4: removed configs and raised minimums ------------------------------------------

KAFKA_4 = ["4.0.x.kraft", "4.1.x.kraft"]


@pytest.mark.parametrize("version", KAFKA_4)
def test_kafka_4_refuses_the_removed_timestamp_bound_and_names_its_replacement(version):
    name = "log.message.timestamp.difference.max.ms"
    message = problems(kafka_version=version, server_properties={name: "3600000"})[
        f"msk:serverProperties.{name}"
    ]
    assert "removed in Kafka 4.0" in message and version in message
    assert "log.message.timestamp.before.max.ms" in message
    assert "log.message.timestamp.after.max.ms" in message


def test_kafka_3_still_takes_the_timestamp_difference():
    name = "log.message.timestamp.difference.max.ms"
    spec = build_spec(kafka_version="3.9.x.kraft", server_properties={name: "3600000"})
    assert spec.server_properties[name] == "3600000"


@pytest.mark.parametrize("version", KAFKA_4)
def test_kafka_4_takes_the_replacement_bounds(version):
    bounds = {
        "log.message.timestamp.before.max.ms": "86400000",
        "log.message.timestamp.after.max.ms": "3600000",
    }
    properties = build_spec(kafka_version=version, server_properties=bounds).server_properties
    assert {k: properties[k] for k in bounds} == bounds


@pytest.mark.parametrize("version", KAFKA_4)
def test_kafka_4_refuses_the_topic_twin(version):
    topic = {
        "name": "orders",
        "partitions": 3,
        "config": {"message.timestamp.difference.max.ms": "3600000"},
    }
    message = problems(kafka_version=version, topics=[topic])[
        "msk:topics[0].config.message.timestamp.difference.max.ms"
    ]
    assert "removed in Kafka 4.0" in message
    assert "message.timestamp.before.max.ms and message.timestamp.after.max.ms" in message
    assert build_spec(kafka_version="3.9.x", topics=[topic]).topics[0].config


def test_kafka_4_takes_the_topic_replacements():
    config = {"message.timestamp.before.max.ms": "86400000", "message.timestamp.after.max.ms": "0"}
    topic = {"name": "orders", "partitions": 3, "config": config}
    assert dict(build_spec(kafka_version="4.1.x.kraft", topics=[topic]).topics[0].config) == config


def test_kafka_4_names_other_removed_configs_as_removed():
    message = problems(
        kafka_version="4.1.x.kraft", server_properties={"log.message.format.version": "3.0"}
    )["msk:serverProperties.log.message.format.version"]
    assert "removed in Kafka 4.0" in message
    topic = {"name": "orders", "partitions": 3, "config": {"message.format.version": "3.0"}}
    assert (
        "removed in Kafka 4.0"
        in problems(kafka_version="4.0.x.kraft", topics=[topic])[
            "msk:topics[0].config.message.format.version"
        ]
    )


def test_kafka_4_raises_the_segment_size_minimum_to_one_mib():
    small = {"log.segment.bytes": "1000000"}
    assert (
        "at least 1,048,576"
        in problems(kafka_version="4.1.x.kraft", server_properties=small)[
            "msk:serverProperties.log.segment.bytes"
        ]
    )
    assert build_spec(kafka_version="3.9.x", server_properties=small).server_properties
    assert build_spec(
        kafka_version="4.1.x.kraft", server_properties={"log.segment.bytes": "1048576"}
    ).server_properties
    topic = {"name": "orders", "partitions": 3, "config": {"segment.bytes": "1000000"}}
    assert (
        "at least 1,048,576"
        in problems(kafka_version="4.0.x.kraft", topics=[topic])[
            "msk:topics[0].config.segment.bytes"
        ]
    )
    assert build_spec(kafka_version="3.9.x", topics=[topic]).topics


def test_every_property_rule_carries_its_source():
    assert EXPRESS_RULES["source"] and EXPRESS_RULES["as_of"]
    rules = catalog.raw()["kafka_version_rules"]
    assert rules["kafka_4_source"] and rules["kafka_4_as_of"]
    assert rules["express_versions_source"] and rules["express_versions_as_of"]
    assert catalog.topic_rules()["express_protected_source"]
