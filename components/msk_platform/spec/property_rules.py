"""Which broker properties and topic configs a cluster's broker type and Kafka version take.

Express brokers let an MSK configuration set only the static properties AWS lists as
read/write and keep the rest, some of them read-only, to MSK; Kafka 4.0 removed some configs
(naming their replacements) and raised some minimums. The lists live in the catalog with their
sources (``server_properties.express``, ``kafka_version_rules.removed_configs`` and
``raised_minimums``, ``topics.express_protected_configs``); this module applies them.
"""

from dataclasses import replace

from .. import catalog
from ..catalog import ConfigType, KafkaVersion, ServerProperty, version_key

BROKER = "broker"
TOPIC = "topic"


def _from(version: KafkaVersion | None, release: str) -> bool:
    return version is not None and version_key(version.version) >= version_key(release)


def removed_problem(name: str, scope: str, version: KafkaVersion | None, text: str) -> str | None:
    """Kafka removed this config in the cluster's release: say so, and what replaces it."""
    for item in catalog.version_config_rules()["removed"]:
        if item["name"] != name or item["scope"] != scope or not _from(version, item["removed_in"]):
            continue
        use = item["use"]
        instead = (
            f"use {' and '.join(use)} instead"
            if use
            else "remove it (Kafka now always behaves as its default did)"
        )
        return f"was removed in Kafka {item['removed_in']}, so {text} refuses it; {instead}"
    return None


def versioned_type(
    name: str, scope: str, kind: ConfigType, version: KafkaVersion | None
) -> ConfigType:
    """The config's type with the minimum the cluster's Kafka release enforces."""
    for item in catalog.version_config_rules()["raised_minimums"]:
        if item["name"] == name and item["scope"] == scope and _from(version, item["from"]):
            least = item["min"] if kind.minimum is None else max(kind.minimum, item["min"])
            return replace(kind, minimum=least)
    return kind


def express_problem(name: str) -> str | None:
    """Why an Express broker's MSK configuration can't carry this property, or None if it can."""
    rules = catalog.express_property_rules()
    if name in rules["settable"]:
        return None
    read_only = rules["read_only"]
    if name in read_only:
        return f"is read-only on express brokers (MSK keeps it at {read_only[name]}); remove it"
    return (
        "is not one an MSK configuration may set on express brokers (MSK manages it); they "
        f"take only {', '.join(rules['settable'])}"
    )


def express_only_property(name: str) -> ServerProperty | None:
    """A property Express brokers let you set that the standard list does not carry."""
    item = catalog.express_property_rules()["express_only"].get(name)
    if item is None:
        return None
    return ServerProperty(name, item.get("min"), item.get("max"), type=item["type"])


def express_topic_problem(name: str) -> str | None:
    """Topic configs MSK protects on Express brokers: a value given would not take effect."""
    protected = catalog.topic_rules()["express_protected_configs"]
    if name not in protected:
        return None
    return (
        f"is protected on express brokers (MSK keeps it at {protected[name]} for every topic); "
        "remove it"
    )
