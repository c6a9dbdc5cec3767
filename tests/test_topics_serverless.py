"""Topics exist only where the MSK topic API does: provisioned clusters on Kafka 3.6.0 or later.

AWS (developer guide, Topic Operations): the topic APIs are 'not available for MSK Serverless
clusters' and need Kafka 3.6.0 or later (catalog: topics.topic_api).
"""

from datetime import date
from pathlib import Path

from msk_platform import MskConfigError, catalog
from msk_platform.spec import ClusterSpec
from msk_platform.spec.keys import KEYS_BY_NAME
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems

TOPIC = "aws:msk/topic:Topic"
ORDERS = {"name": "orders", "partitions": 6}
README = Path(__file__).resolve().parents[1] / "README.md"


def test_serverless_topics_are_refused_with_the_aws_rule():
    message = problems(cluster_type="serverless", topics=[ORDERS])["msk:topics"]
    assert "does not apply to serverless clusters" in message
    assert "not available for MSK Serverless" in message
    assert "Kafka admin client" in message


def test_provisioned_topics_are_still_accepted():
    assert [t.name for t in build_spec(topics=[ORDERS]).topics] == ["orders"]


def test_a_serverless_plan_attaches_no_topic(run_config):
    refused = run_config(cluster_type="serverless", topics=[ORDERS], raise_errors=False)
    assert isinstance(refused.error, MskConfigError)
    assert [p.key for p in refused.error.problems] == ["msk:topics"]
    assert refused.of_type(TOPIC) == []
    assert run_config(topics=[ORDERS]).one(TOPIC).inputs["name"] == "orders"


def test_add_topic_on_a_serverless_component_is_refused(run_inline):
    run = run_inline(
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'cluster_type': 'serverless'})\n"
        "msk.add_topic('clicks', partitions=6)\n"
    )
    assert isinstance(run.error, MskConfigError)
    assert run.error.problems[0].key == "msk:topics"
    assert "not available for MSK Serverless" in run.error.problems[0].message
    assert run.of_type(TOPIC) == []


def test_the_key_table_says_topics_are_provisioned_only():
    assert KEYS_BY_NAME["topics"].applies_to == frozenset(
        catalog.topic_api_rules()["cluster_types"]
    )
    rows = [line for line in README.read_text().splitlines() if line.startswith("| `msk:topics")]
    assert rows and all("| provisioned |" in row for row in rows)


def test_topics_need_a_kafka_version_the_topic_api_takes():
    # 3.5.1 was still supported on 2025-01-01 (end of support 2025-10-23); the topic API is not.
    def spec(version):
        return ClusterSpec.from_args(
            {"kafka_version": version, "topics": [ORDERS]},
            project="msk",
            stack="test",
            today=date(2025, 1, 1),
        )

    try:
        spec("3.5.1")
    except MskConfigError as error:
        found = {p.key: p.message for p in error.problems}
    else:
        raise AssertionError("3.5.1 with topics was accepted")
    assert "3.6.0 or later" in found["msk:topics"]
    assert spec("3.6.0").topics[0].name == "orders"


def test_the_topic_api_rule_carries_its_source():
    rules = catalog.topic_api_rules()
    assert rules["cluster_types"] == ["provisioned"]
    assert rules["min_kafka_version"] == "3.6.0"
    assert any("msk-topic-operations-information" in s for s in rules["source"])
    assert rules["as_of"]
