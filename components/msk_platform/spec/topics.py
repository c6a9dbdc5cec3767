"""Rules for declared topics: Kafka's naming, replication that fits the brokers, configs the
cluster's Kafka release and broker type accept, and partition counts within what the brokers
can carry. Topics go through the MSK topic API, which provisioned clusters alone have (keys.py
makes ``msk:topics`` provisioned-only)."""

import re

from .. import catalog
from .draft import Draft
from .kafka_values import value_problem
from .property_rules import TOPIC, express_topic_problem, removed_problem, versioned_type
from .values import key_part, nearest, show

# Past this share of the per-broker recommendation the plan says so before it is a problem.
NEAR_SHARE = 0.8


def _name_problem(name: str) -> str | None:
    rules = catalog.topic_rules()
    if name in rules["reserved_names"] or not re.fullmatch(rules["name_pattern"], name):
        return (
            f"{show(name)} is not a Kafka topic name; use 1–249 letters, digits, '.', '_' "
            "or '-' (not '.' or '..')"
        )
    return internal_name_problem(name)


def internal_name_problem(name: str) -> str | None:
    """Names Kafka and MSK keep for their own topics (and every '__' name, which tools such as
    MirrorMaker 2 treat as internal and never copy)."""
    rules = catalog.topic_rules()
    prefix = rules["reserved_prefix"]
    if name in rules["internal_names"]:
        return f"{show(name)} is one of Kafka's or MSK's internal topics; choose another name"
    if name.startswith(prefix):
        return (
            f"{show(name)} starts with '{prefix}', which marks Kafka's and MSK's internal topics "
            "(MirrorMaker 2 never copies one); choose a name without it"
        )
    return None


def collision_key(name: str) -> str:
    """Kafka's metric names read '.' as '_', so two names equal under that rule collide."""
    return name.replace(".", "_")


def _express(draft: Draft) -> bool:
    return draft.instance is not None and draft.instance.is_express


def default_replication(draft: Draft) -> int:
    properties = draft.resolved.get("serverProperties") or {}
    if _express(draft):
        return 3
    return int(properties.get("default.replication.factor", 3))


def check_topics(draft: Draft) -> None:
    topics = draft.value("topics")
    if not topics or not draft.ok("topics"):
        return
    _check_topic_api_version(draft)
    seen: dict[str, int] = {}
    collisions: dict[str, tuple[int, str]] = {}
    resolved = []
    for index, topic in enumerate(topics):
        label = f"msk:topics[{index}]"
        name = topic["name"]
        if name is None:
            draft.reader.fail(f"{label}.name", "is required: the topic's name")
        elif (problem := _name_problem(name)) is not None:
            draft.reader.fail(f"{label}.name", problem)
        elif name in seen:
            draft.reader.fail(
                f"{label}.name", f"{show(name)} is declared twice (also msk:topics[{seen[name]}])"
            )
        elif collision_key(name) in collisions:
            other, other_name = collisions[collision_key(name)]
            draft.reader.fail(
                f"{label}.name",
                f"{show(name)} collides with {show(other_name)} (msk:topics[{other}]): Kafka "
                "reads '.' and '_' alike in metric names and refuses the second; rename one",
            )
        else:
            seen[name] = index
            collisions[collision_key(name)] = (index, name)
            if "." in name and "_" in name:
                draft.warnings.append(
                    f"{label}.name: {show(name)} mixes '.' and '_', which "
                    "collide in Kafka's metric names; pick one"
                )
        if topic["partitions"] is None:
            draft.reader.fail(f"{label}.partitions", "is required: how many partitions")
        elif topic["partitions"] < 1:
            draft.reader.fail(
                f"{label}.partitions", f"{topic['partitions']} partitions; use at least 1"
            )
        given = topic["replication_factor"]
        if given is not None and given < 1:
            draft.reader.fail(
                f"{label}.replicationFactor",
                f"{given} copies keeps no data; use at least 1 (or leave it out for the "
                "cluster's default)",
            )
            given = None
        replication = given if given is not None else default_replication(draft)
        _check_replication(draft, label, replication, topic["config"] or {})
        _check_configs(draft, label, topic["config"] or {})
        resolved.append(
            {**topic, "replication_factor": replication, "config": dict(topic["config"] or {})}
        )
    draft.resolved["topics"] = tuple(resolved)
    _check_partition_totals(draft, resolved)


def _check_topic_api_version(draft: Draft) -> None:
    """The MSK topic API starts at Kafka 3.6.0; an older cluster would refuse every topic."""
    found = catalog.find_kafka_version(str(draft.value("kafkaVersion")))
    lowest = catalog.topic_api_rules()["min_kafka_version"]
    if found and catalog.version_key(found[0].version) < catalog.version_key(lowest):
        draft.fail(
            "topics",
            f"needs the MSK topic API, which takes Kafka {lowest} or later; "
            f"msk:kafkaVersion {show(draft.value('kafkaVersion'))} is older: use a later "
            "version, or create these topics with a Kafka admin client",
        )


def _check_replication(draft: Draft, label: str, replication: int, config: dict) -> None:
    brokers = draft.value("brokerCount")
    fixed = _express(draft)
    if fixed and replication != 3:
        draft.reader.fail(
            f"{label}.replicationFactor",
            f"{replication}; express brokers "
            "replicate every partition 3 times, so use 3 or leave it out",
        )
    elif not fixed and brokers and replication > brokers:
        draft.reader.fail(
            f"{label}.replicationFactor",
            f"{replication} is more than the {brokers} brokers; use {brokers} or fewer",
        )
    in_sync = config.get("min.insync.replicas")
    if (
        in_sync is not None
        and re.fullmatch(r"[0-9]+", str(in_sync).strip())
        and int(in_sync) >= replication
    ):
        draft.reader.fail(
            f"{label}.config.min.insync.replicas",
            f"{in_sync} is not below the "
            f"replication factor ({replication}); use {max(1, replication - 1)}",
        )


def _check_configs(draft: Draft, label: str, config: dict) -> None:
    allowed = catalog.topic_rules()["topic_configs"]
    types = catalog.topic_config_types()
    text = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(str(text))
    line = found[0] if found else None
    for key, value in config.items():
        refusal = removed_problem(key, TOPIC, line, show(text)) or (
            express_topic_problem(key) if _express(draft) else None
        )
        if refusal is not None:
            draft.reader.fail(f"{label}.config.{key_part(key)}", refusal)
            continue
        if key not in allowed:
            guess = nearest(key, allowed)
            hint = f"did you mean {guess}?" if guess else "see the configs Kafka topics accept"
            draft.reader.fail(
                f"{label}.config.{key_part(key)}", f"is not a config Kafka topics accept; {hint}"
            )
            continue
        kind = versioned_type(key, TOPIC, types[key], line)
        problem = value_problem(kind, str(value))
        if problem is not None:
            draft.reader.fail(f"{label}.config.{key}", problem)


def _check_partition_totals(draft: Draft, topics: list[dict]) -> None:
    instance, brokers = draft.instance, draft.value("brokerCount")
    if instance is None or not brokers:
        return
    replicas = sum((t["partitions"] or 0) * t["replication_factor"] for t in topics)
    per_broker = replicas / brokers
    recommended, most = (
        instance.partitions_recommended_per_broker,
        instance.partitions_max_per_broker,
    )
    if per_broker > most:
        draft.fail(
            "topics",
            f"put {per_broker:.0f} partition replicas on each broker; "
            f"{instance.name} allows {most} (past it MSK blocks updates); add "
            "brokers, use a larger type, or fewer partitions",
        )
    elif per_broker > recommended * NEAR_SHARE:
        draft.warnings.append(
            f"msk:topics put {per_broker:.0f} partition replicas on each broker; "
            f"AWS recommends at most {recommended} on {instance.name}"
        )
