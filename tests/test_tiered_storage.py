"""Tiered storage (``msk:storageMode``): AWS's rules for the clusters that may have it and for
the topics that use it, both ways, each refusal naming its key; the cluster's inputs; the bill's
tiered-storage line; sizing's note; and the change plan's refusal to turn it off."""

import json
from datetime import date
from functools import cache

import pytest

from msk_platform import ClusterSpec, catalog
from msk_platform.cost import estimate, retained_data_gib
from msk_platform.sizing import TIERED_SIZING_NOTE, plan_warnings
from mskctl.against import CLUSTER, REFUSED, UPDATE, compare
from mskctl.plan import build_plan, stack_config
from tests.conftest import PROJECT_DIR, build_spec, problems_by_key

RULES = catalog.tiered_storage_rules()
THREE_DAYS_MS = RULES["min_retention_ms"]
WEEK_MS = 7 * 86_400_000
WORKLOAD = {"ingress_mibps": 2.0, "retention_hours": 168}


def topic(**config) -> list:
    return [{"name": "orders", "partitions": 3, "config": config}]


def tiered_topic(**config) -> list:
    """A topic with remote storage on and a week's retention, plus ``config``."""
    return topic(**{"remote.storage.enable": "true", "retention.ms": str(WEEK_MS), **config})


def tiered(**args) -> ClusterSpec:
    return build_spec(storage_mode="TIERED", **args)


# --- the key ----------------------------------------------------------------------------------


def test_clusters_are_local_unless_asked_and_tiered_when_asked():
    assert build_spec().storage_mode == "LOCAL"
    assert tiered().storage_mode == "TIERED"


def test_a_mode_aws_does_not_have_is_refused_naming_the_choices():
    message = problems_by_key(storage_mode="COLD")["msk:storageMode"]
    assert "'LOCAL' or 'TIERED'" in message


def test_serverless_clusters_have_no_storage_mode():
    problems = problems_by_key(cluster_type="serverless", storage_mode="TIERED")
    assert "provisioned clusters only" in problems["msk:storageMode"]


def test_t3_small_brokers_are_refused_tiered_storage_and_m5_brokers_take_it():
    problems = problems_by_key(
        storage_mode="TIERED", instance_type="kafka.t3.small", kafka_version="3.9.x"
    )
    assert "not offered on kafka.t3.small" in problems["msk:storageMode"]
    assert "kafka.m5.large" in problems["msk:storageMode"]
    assert tiered(instance_type="kafka.m5.large").storage_mode == "TIERED"
    assert build_spec(instance_type="kafka.t3.small", kafka_version="3.9.x").storage_mode == "LOCAL"


def test_express_brokers_manage_their_storage_so_the_key_is_refused_and_nothing_is_sent():
    problems = problems_by_key(storage_mode="TIERED", instance_type="express.m7g.large")
    assert "express brokers" in problems["msk:storageMode"]
    assert build_spec(instance_type="express.m7g.large").storage_mode is None


def _on(version: str, mode: str) -> ClusterSpec:
    """A spec on a day when Kafka 3.5.1 was still supported (it ended 2025-10-23)."""
    return ClusterSpec.from_args(
        {"kafka_version": version, "storage_mode": mode},
        project="msk",
        stack="test",
        today=date(2025, 1, 1),
    )


def test_kafka_before_3_6_0_is_refused_tiered_storage_and_3_6_0_takes_it():
    from msk_platform import MskConfigError

    with pytest.raises(MskConfigError) as caught:
        _on("3.5.1", "TIERED")
    problems = {p.key: p.message for p in caught.value.problems}
    assert "needs Kafka 3.6.0 or later" in problems["msk:storageMode"]
    assert "'3.5.1'" in problems["msk:storageMode"]
    assert _on("3.5.1", "LOCAL").storage_mode == "LOCAL"
    assert _on("3.6.0", "TIERED").storage_mode == "TIERED"


def test_a_compacting_cluster_default_is_refused_with_tiered_storage_not_without():
    compact = {"log.cleanup.policy": "compact"}
    problems = problems_by_key(storage_mode="TIERED", server_properties=compact)
    assert "'delete'" in problems["msk:serverProperties.log.cleanup.policy"]
    assert build_spec(server_properties=compact).storage_mode == "LOCAL"
    assert tiered(server_properties={"log.cleanup.policy": "delete"}).storage_mode == "TIERED"


# --- topics -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", RULES["tiered_only_topic_configs"])
def test_tiered_only_topic_configs_are_refused_on_a_local_cluster_and_taken_on_a_tiered_one(key):
    value = {"remote.storage.enable": "true"}.get(key, "3600000")
    problems = problems_by_key(topics=topic(**{key: value, "retention.ms": str(WEEK_MS)}))
    message = problems[f"msk:topics[0].config.{key}"]
    assert "msk:storageMode: 'TIERED'" in message
    spec = tiered(topics=tiered_topic(**{key: value}))
    assert spec.topics[0].config[key] == value


def test_tiered_only_topic_configs_on_express_brokers_say_express_has_no_tiers():
    problems = problems_by_key(
        instance_type="express.m7g.large", topics=topic(**{"local.retention.ms": "3600000"})
    )
    assert "express brokers" in problems["msk:topics[0].config.local.retention.ms"]


def test_a_tiered_topic_needs_retention_ms_of_at_least_three_days_or_forever():
    missing = problems_by_key(
        storage_mode="TIERED", topics=topic(**{"remote.storage.enable": "true"})
    )
    assert "is required" in missing["msk:topics[0].config.retention.ms"]
    short = problems_by_key(
        storage_mode="TIERED", topics=tiered_topic(**{"retention.ms": str(THREE_DAYS_MS - 1)})
    )
    assert "3 days" in short["msk:topics[0].config.retention.ms"]
    for kept in (str(THREE_DAYS_MS), "-1"):
        assert tiered(topics=tiered_topic(**{"retention.ms": kept})).topics


def test_a_topic_without_remote_storage_keeps_any_retention_on_a_tiered_cluster():
    spec = tiered(topics=topic(**{"retention.ms": "3600000", "cleanup.policy": "compact"}))
    assert spec.topics[0].config["cleanup.policy"] == "compact"


def test_a_tiered_topic_may_not_compact():
    problems = problems_by_key(
        storage_mode="TIERED", topics=tiered_topic(**{"cleanup.policy": "compact,delete"})
    )
    assert "'delete' only" in problems["msk:topics[0].config.cleanup.policy"]
    assert tiered(topics=tiered_topic(**{"cleanup.policy": "delete"})).topics


@pytest.mark.parametrize(
    "local_key, total_key, total",
    [
        ("local.retention.ms", "retention.ms", str(WEEK_MS)),
        ("local.retention.bytes", "retention.bytes", "1073741824"),
    ],
)
def test_local_retention_must_stay_below_the_whole_retention(local_key, total_key, total):
    for too_long in (total, str(int(total) + 1), "-1"):
        problems = problems_by_key(
            storage_mode="TIERED", topics=tiered_topic(**{total_key: total, local_key: too_long})
        )
        assert "must be below it" in problems[f"msk:topics[0].config.{local_key}"]
    for fits in (str(int(total) - 1), "-2"):
        assert tiered(topics=tiered_topic(**{total_key: total, local_key: fits})).topics


def test_local_retention_is_free_when_the_topic_keeps_data_forever():
    assert tiered(topics=tiered_topic(**{"retention.ms": "-1", "local.retention.ms": "3600000"}))


@pytest.mark.parametrize(
    "key, least",
    [("segment.bytes", RULES["min_segment_bytes"]), ("segment.ms", RULES["min_segment_ms"])],
)
def test_a_tiered_topic_keeps_msk_s_smallest_segment(key, least):
    problems = problems_by_key(storage_mode="TIERED", topics=tiered_topic(**{key: str(least - 1)}))
    assert f"at least '{least}'" in problems[f"msk:topics[0].config.{key}"]
    assert tiered(topics=tiered_topic(**{key: str(least)})).topics
    assert build_spec(topics=topic(**{key: str(least - 1)})).topics  # LOCAL: Kafka's own minimum


# --- the cluster's inputs ------------------------------------------------------------------------


def test_the_cluster_is_created_with_the_storage_mode(run_config):
    assert run_config().one(CLUSTER).inputs["storageMode"] == "LOCAL"
    assert run_config(storageMode="TIERED").one(CLUSTER).inputs["storageMode"] == "TIERED"


def test_express_clusters_are_created_without_a_storage_mode(run_config):
    run = run_config(instanceType="express.m7g.large", kafkaVersion="3.9.x.kraft")
    assert "storageMode" not in run.one(CLUSTER).inputs


# --- the bill ------------------------------------------------------------------------------------


def _tiered_line(spec: ClusterSpec):
    lines = [line for line in estimate(spec, "us-east-1").lines if "Tiered storage" in line.item]
    assert len(lines) <= 1
    return lines[0] if lines else None


def test_the_bill_prices_the_tier_by_retained_data_from_the_workload():
    line = _tiered_line(tiered(workload=WORKLOAD))
    retained = retained_data_gib(WORKLOAD["ingress_mibps"], WORKLOAD["retention_hours"])
    price = catalog.pricing()["tiered_storage_per_gb_month"]["value"]
    assert line.unit == "GB-month" and line.quantity == pytest.approx(retained)
    assert line.monthly == round(retained * price, 2)


def test_without_a_workload_the_tier_depends_on_usage_never_zero():
    estimate_ = estimate(tiered(), "us-east-1")
    line = _tiered_line(tiered())
    assert line.quantity is None and line.monthly is None
    assert line.item in estimate_.usage_dependent


def test_a_local_cluster_has_no_tiered_storage_line():
    assert _tiered_line(build_spec(workload=WORKLOAD)) is None


def test_the_bill_says_how_it_counts_the_tier():
    notes = " ".join(estimate(tiered(workload=WORKLOAD), "us-east-1").assumptions)
    assert "low-cost tier holds ingress × retention, one copy" in notes
    assert "low-cost tier" not in " ".join(estimate(build_spec(), "us-east-1").assumptions)


# --- sizing --------------------------------------------------------------------------------------


def test_sizing_says_it_keeps_all_retention_on_ebs_for_a_tiered_cluster():
    assert TIERED_SIZING_NOTE in plan_warnings(tiered(workload=WORKLOAD), "us-east-1")
    assert TIERED_SIZING_NOTE not in plan_warnings(build_spec(workload=WORKLOAD), "us-east-1")


# --- the change plan -----------------------------------------------------------------------------


@cache
def _plan_text(overrides: tuple[str, ...]) -> str:
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", list(overrides)))
    assert not document["errors"], document["errors"]
    return json.dumps(document)


def _cluster_change(before: tuple, after: tuple):
    found = compare(json.loads(_plan_text(before)), json.loads(_plan_text(after)))
    hits = [change for change in found if change.type == CLUSTER]
    assert len(hits) <= 1
    return hits[0] if hits else None


def test_turning_tiered_storage_on_is_an_in_place_update_storage():
    change = _cluster_change(("storageMode=LOCAL",), ("storageMode=TIERED",))
    assert change.action == UPDATE and change.operations == ("UpdateStorage",)


def test_turning_tiered_storage_off_is_refused_with_what_to_do_instead():
    change = _cluster_change(("storageMode=TIERED",), ("storageMode=LOCAL",))
    assert change.action == REFUSED and change.blocking
    assert "documents no way back to LOCAL" in " ".join(change.reasons)
    assert "keep msk:storageMode 'TIERED'" in change.instead
    assert _cluster_change(("storageMode=TIERED",), ("storageMode=TIERED",)) is None


def test_a_refused_mode_is_reported_once_not_again_on_each_tiered_topic():
    problems = problems_by_key(storage_mode="COLD", topics=tiered_topic())
    assert list(problems) == ["msk:storageMode"]


def _without_storage_mode(plan_text: str) -> dict:
    """A plan made before msk:storageMode existed: the cluster sent no storage mode."""
    plan = json.loads(plan_text)
    for resource in plan["resources"]:
        if resource["type"] == CLUSTER:
            del resource["inputs"]["storageMode"]
    return plan


def test_sending_aws_default_mode_where_none_was_sent_changes_nothing():
    # AWS holds LOCAL when no mode is sent, so the first plan that sends it changes nothing.
    before = _without_storage_mode(_plan_text(()))
    assert [c for c in compare(before, json.loads(_plan_text(()))) if c.type == CLUSTER] == []
    (change,) = [
        c
        for c in compare(before, json.loads(_plan_text(("storageMode=TIERED",))))
        if c.type == CLUSTER
    ]
    assert change.action == UPDATE and change.operations == ("UpdateStorage",)
