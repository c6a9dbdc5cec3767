"""Tiered storage (``msk:storageMode``): which clusters AWS lets have it, and what it asks of
the topics that use it (``remote.storage.enable``). Every figure comes from the catalog's
``storage.tiered_storage`` section, with its sources.

``check_storage_mode`` runs with the storage rules (it needs the broker type and the resolved
Kafka version); ``check_tiered_topics`` runs after the topic rules (it reads the effective
server properties and the topics as resolved).
"""

from .. import catalog
from .draft import Draft
from .kafka_values import WHOLE
from .values import key_part, show

TIERED = "TIERED"
DAY_MS = 86_400_000
MIB = 1024 * 1024
MINUTE_MS = 60_000


def tiered(draft: Draft) -> bool:
    """The cluster asks for tiered storage (and its broker type may have it)."""
    return draft.value("storageMode") == TIERED


def check_storage_mode(draft: Draft) -> None:
    """Standard brokers only, not kafka.t3.small, Kafka 3.6.0 or later (or 2.8.2.tiered)."""
    if draft.serverless or not draft.ok("storageMode"):
        return
    rules = catalog.tiered_storage_rules()
    instance = draft.instance
    if instance is not None and instance.is_express:
        if "storageMode" in draft.given:
            draft.fail(
                "storageMode",
                f"does not apply to express brokers ({instance.name}): their storage is "
                "managed by MSK and has no tiers to choose, so remove it",
            )
        draft.resolved["storageMode"] = None  # nothing is sent for express clusters
        return
    if not tiered(draft):
        return
    if instance is not None and not instance.tiered_storage:
        eligible = [
            t.name
            for t in catalog.instance_types().values()
            if t.tiered_storage and t.broker_type in rules["broker_types"]
        ]
        draft.fail(
            "storageMode",
            f"{show(TIERED)} is not offered on {instance.name}; use a broker type that has "
            f"tiered storage ({', '.join(eligible)}) or 'LOCAL'",
        )
    text = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(str(text)) if text else None
    if found is not None and not version_allows_tiered(str(text), found[0].version):
        also = " or ".join(rules["also_kafka_versions"])
        draft.fail(
            "storageMode",
            f"{show(TIERED)} needs Kafka {rules['min_kafka_version']} or later (or {also}); "
            f"msk:kafkaVersion {show(text)} is older: use a later version, or 'LOCAL'",
        )


def version_allows_tiered(api_string: str, line: str) -> bool:
    rules = catalog.tiered_storage_rules()
    if api_string in rules["also_kafka_versions"]:
        return True
    return catalog.version_key(line) >= catalog.version_key(rules["min_kafka_version"])


def check_tiered_topics(draft: Draft) -> None:
    """On a tiered cluster: no compaction by default, and each topic that turns remote storage
    on keeps AWS's retention and segment rules. Elsewhere: no tiered-only topic configs."""
    if draft.serverless or not draft.ok("storageMode"):
        return  # a mode already refused is reported once, not again on every topic
    if tiered(draft):
        _check_cleanup_default(draft)
    if not draft.ok("topics"):
        return
    for index, topic in enumerate(draft.value("topics") or ()):
        config = topic.get("config") or {}
        label = f"msk:topics[{index}].config"
        if not tiered(draft):
            _refuse_tiered_configs(draft, label, config)
        elif _flag(config.get(catalog.tiered_storage_rules()["topic_switch"])):
            _check_tiered_topic(draft, label, config)


def _check_cleanup_default(draft: Draft) -> None:
    rules = catalog.tiered_storage_rules()
    properties = draft.resolved.get("serverProperties") or {}
    policy = properties.get("log.cleanup.policy")
    if policy is not None and _words(policy) != {rules["cluster_log_cleanup_policy"]}:
        draft.reader.fail(
            "msk:serverProperties.log.cleanup.policy",
            f"{show(policy)} compacts by default, but tiered storage takes only clusters whose "
            f"log.cleanup.policy is {show(rules['cluster_log_cleanup_policy'])} (compacted "
            "topics are not supported on tiered storage); use 'delete' and set "
            "cleanup.policy: compact on the topics that need it, or msk:storageMode 'LOCAL'",
        )


def _refuse_tiered_configs(draft: Draft, label: str, config: dict) -> None:
    express = draft.instance is not None and draft.instance.is_express
    fix = (
        "express brokers have no storage tiers, so remove it"
        if express
        else "set msk:storageMode: 'TIERED' (standard brokers, Kafka 3.6.0 or later), or remove it"
    )
    for key in catalog.tiered_storage_rules()["tiered_only_topic_configs"]:
        if key in config:
            draft.reader.fail(
                f"{label}.{key_part(key)}",
                f"works only with tiered storage, which this cluster does not have; {fix}",
            )


def _check_tiered_topic(draft: Draft, label: str, config: dict) -> None:
    rules = catalog.tiered_storage_rules()
    switch = rules["topic_switch"]
    policy = config.get("cleanup.policy")
    if policy is not None and "compact" in _words(policy):
        draft.reader.fail(
            f"{label}.cleanup.policy",
            f"{show(policy)} compacts, but a topic with {switch}: 'true' takes 'delete' only "
            f"(tiered storage does not support compacted topics); use 'delete', or drop {switch}",
        )
    infinite, least = rules["infinite_retention"], rules["min_retention_ms"]
    retention = _whole(config.get("retention.ms"))
    if "retention.ms" not in config:
        draft.reader.fail(
            f"{label}.retention.ms",
            f"is required for a topic with {switch}: 'true' (AWS makes it mandatory); use at "
            f"least '{least}' ({least // DAY_MS} days), or '{infinite}' to keep data forever",
        )
    elif retention is not None and retention != infinite and retention < least:
        draft.reader.fail(
            f"{label}.retention.ms",
            f"{retention:,} ms is below the {least // DAY_MS} days AWS keeps at least in the "
            f"low-cost tier; use at least '{least}', or '{infinite}' to keep data forever",
        )
    for local_key, total_key in (
        ("local.retention.ms", "retention.ms"),
        ("local.retention.bytes", "retention.bytes"),
    ):
        _check_local_retention(draft, label, config, local_key, total_key)
    for key, least_value, shown in (
        ("segment.bytes", rules["min_segment_bytes"], f"{rules['min_segment_bytes'] // MIB} MiB"),
        ("segment.ms", rules["min_segment_ms"], f"{rules['min_segment_ms'] // MINUTE_MS} minutes"),
    ):
        value = _whole(config.get(key))
        if value is not None and value < least_value:
            draft.reader.fail(
                f"{label}.{key}",
                f"{value:,} is below the {shown} MSK takes for a topic with {switch}: 'true'; "
                f"use at least '{least_value}'",
            )


def _check_local_retention(
    draft: Draft, label: str, config: dict, local_key: str, total_key: str
) -> None:
    """The local part of the retention comes before the whole: below it, unless either is
    left to its default (-2: the whole retention; -1 total: forever)."""
    rules = catalog.tiered_storage_rules()
    local = _whole(config.get(local_key))
    total = _whole(config.get(total_key))
    if local is None or local == rules["local_retention_default"]:
        return
    if total is None or total == rules["infinite_retention"]:
        return
    if local == rules["infinite_retention"] or local >= total:
        draft.reader.fail(
            f"{label}.{local_key}",
            f"{local:,} keeps data on the brokers at least as long as {total_key} ({total:,}) "
            f"keeps it at all; a tiered topic's local retention must be below it: use less "
            f"than '{total}', or '{rules['local_retention_default']}' to keep the whole "
            "retention on the brokers too",
        )


def _flag(value) -> bool:
    return value is not None and str(value).strip().lower() == "true"


def _whole(value) -> int | None:
    """A config's whole number, or None when absent or not one (already reported)."""
    if value is None or not WHOLE.fullmatch(str(value).strip()):
        return None
    return int(str(value).strip())


def _words(value) -> set[str]:
    return {word.strip().lower() for word in str(value).split(",") if word.strip()}
