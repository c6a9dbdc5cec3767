"""Rules for MSK Connect connectors (catalog ``msk_connect``), for ``msk:connectors`` and for
the MskConnector component, which reads one connector the same way and shares
``connector_problems``. Only the config route knows the cluster (its auth modes, whether the
component makes the brokers' security group), so it checks those too.

What a connector may touch is declared, not guessed: the topics it reads are the config's
``topics`` plus ``readTopics`` (``topics.regex`` can't be written as IAM resources, so it needs
``readTopics``); the topics it writes are ``writeTopics``. The role gets nothing else but the
internal topics and groups AWS documents and the plugin object.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .. import catalog
from .draft import Draft
from .grants import name_problems
from .values import is_deferred, missing_fields, show

KEY = "connectors"
# Derived names (<name>-plugin, <name>-worker) must fit the 128 characters AWS takes.
SUFFIX_CHARS = len("-worker")
S3_BUCKET_ARN = re.compile(r"arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def facts() -> dict[str, Any]:
    """The catalog's MSK Connect section."""
    return catalog.raw()["msk_connect"]


@dataclass(frozen=True)
class ConnectorSpec:
    """One connector, checked: its capacity flattened, its topics and groups resolved."""

    name: str
    plugin: Mapping[str, Any]  # bucket_arn, key, content_type, object_version
    config: Mapping[str, str]
    connect_version: str
    mcu_count: int
    autoscaling: bool
    min_workers: int  # provisioned: the workers
    max_workers: int
    scale_in_cpu_percent: int | None
    scale_out_cpu_percent: int | None
    worker_configuration: Mapping[str, str] | None
    read_topics: tuple
    write_topics: tuple
    internal_topics: tuple
    groups: tuple
    security_group_ids: tuple = ()

    @property
    def mcus_at_least(self) -> int:
        """MCUs always running: every worker of a provisioned connector, the fewest of an
        autoscaling one."""
        return self.mcu_count * self.min_workers

    @property
    def mcus_at_most(self) -> int:
        return self.mcu_count * self.max_workers


def config_topics(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The config's ``topics`` (comma-separated, as Kafka Connect reads it)."""
    raw = config.get("topics")
    if not isinstance(raw, str):
        return ()
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def secret_problems(values: Any, label: str) -> list[tuple[str, str]]:
    """A secret-looking key whose value is not a config provider reference. The value is never
    shown: it may be the secret."""
    if not isinstance(values, Mapping):
        return []
    rules = facts()
    secret_key = re.compile(rules["secret_config_key_pattern"], re.IGNORECASE)
    reference = re.compile(rules["config_provider_reference"])
    problems = []
    for name, value in values.items():
        if not isinstance(value, str) or not secret_key.search(str(name)):
            continue
        if reference.fullmatch(value.strip()):
            continue
        problems.append(
            (
                f"{label}.{name}",
                "looks like a secret given in plain text (connector and worker configurations "
                "are stored and shown as text); keep it in Secrets Manager and reference it "
                f"through a config provider, e.g. {rules['config_provider_example']} (declare "
                "the provider in workerConfiguration: config.providers=secretsmanager and "
                "config.providers.secretsmanager.class=…)",
            )
        )
    return problems


def connector_problems(item: Mapping[str, Any], label: str) -> list[tuple[str, str]]:
    """(key, message) problems of one connector (snake_case fields, as read), keyed under
    ``label`` (``msk:connectors[0]``)."""
    rules = facts()
    problems: list[tuple[str, str]] = []
    problems += missing_fields(
        item,
        label,
        (
            ("name", "the connector's name"),
            ("plugin", "{bucketArn, key, contentType} of the plugin file in S3"),
            ("config", "the connector configuration, with connector.class"),
            ("capacity", "{autoscaling: {…}} or {provisioned: {…}}"),
        ),
    )
    name = item.get("name")
    most = rules["name_max_chars"] - SUFFIX_CHARS
    if isinstance(name, str) and len(name) > most:
        problems.append(
            (
                f"{label}.name",
                f"{show(name)} has {len(name)} characters; use at most {most} (AWS takes 128 "
                "and the plugin and worker configuration add '-plugin' / '-worker')",
            )
        )
    problems += _plugin_problems(item.get("plugin"), f"{label}.plugin")
    config = item.get("config")
    if isinstance(config, Mapping):
        for required in rules["required_connector_config"]:
            if required not in config:
                problems.append((f"{label}.config", f"has no {required}; Kafka Connect needs it"))
    problems += secret_problems(config, f"{label}.config")
    problems += secret_problems(item.get("worker_configuration"), f"{label}.workerConfiguration")
    problems += _capacity_problems(item.get("capacity"), f"{label}.capacity")
    problems += _topic_problems(item, label)
    problems += _group_id_problems(item.get("security_group_ids"), f"{label}.securityGroupIds")
    return problems


def _plugin_problems(plugin: Any, label: str) -> list[tuple[str, str]]:
    if not isinstance(plugin, Mapping):
        return []
    problems = []
    for field, camel in (
        ("bucket_arn", "bucketArn"),
        ("key", "key"),
        ("content_type", "contentType"),
    ):
        if plugin.get(field) is None:
            problems.append((f"{label}.{camel}", "is required"))
    arn = plugin.get("bucket_arn")
    if isinstance(arn, str) and not is_deferred(arn) and not S3_BUCKET_ARN.fullmatch(arn):
        problems.append(
            (
                f"{label}.bucketArn",
                f"{show(arn)} is not an S3 bucket ARN; use arn:aws:s3:::<bucket> (the bucket, "
                "not the object: the object is `key`)",
            )
        )
    return problems


def _capacity_problems(capacity: Any, label: str) -> list[tuple[str, str]]:
    if not isinstance(capacity, Mapping):
        return []
    autoscaling, provisioned = capacity.get("autoscaling"), capacity.get("provisioned")
    if (autoscaling is None) == (provisioned is None):
        return [
            (
                label,
                "gives both autoscaling and provisioned; AWS takes exactly one"
                if autoscaling is not None
                else "gives neither autoscaling nor provisioned; AWS takes exactly one, e.g. "
                "{provisioned: {mcuCount: 1, workers: 1}}",
            )
        ]
    mode, fields = (
        ("autoscaling", ("mcu_count", "min_workers", "max_workers"))
        if autoscaling is not None
        else ("provisioned", ("mcu_count", "workers"))
    )
    chosen = autoscaling if autoscaling is not None else provisioned
    if not isinstance(chosen, Mapping):
        return []
    where = f"{label}.{mode}"
    problems = []
    for field in fields:
        if chosen.get(field) is None:
            camel = {"mcu_count": "mcuCount", "min_workers": "minWorkers"}.get(field, field)
            camel = "maxWorkers" if field == "max_workers" else camel
            problems.append((f"{where}.{camel}", "is required"))
    counts = facts()["mcu_counts"]
    mcus = chosen.get("mcu_count")
    if isinstance(mcus, int) and mcus not in counts:
        allowed = ", ".join(map(str, counts[:-1])) + f" or {counts[-1]}"
        problems.append(
            (f"{where}.mcuCount", f"{mcus} is not an MCU count MSK Connect offers; use {allowed}")
        )
    low, high = chosen.get("min_workers"), chosen.get("max_workers")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(
            (
                f"{where}.minWorkers",
                f"{low} is more than maxWorkers ({high}); the fewest workers can't pass the most",
            )
        )
    scale_in, scale_out = chosen.get("scale_in_cpu_percent"), chosen.get("scale_out_cpu_percent")
    if isinstance(scale_in, int) and isinstance(scale_out, int) and scale_in >= scale_out:
        problems.append(
            (
                f"{where}.scaleInCpuPercent",
                f"{scale_in}% is not below scaleOutCpuPercent ({scale_out}%); workers would be "
                "added and removed at the same load",
            )
        )
    return problems


def _topic_problems(item: Mapping[str, Any], label: str) -> list[tuple[str, str]]:
    config = item.get("config")
    if not isinstance(config, Mapping):
        return []
    read = tuple(item.get("read_topics") or ())
    written = tuple(item.get("write_topics") or ())
    problems = name_problems(read, f"{label}.readTopics")
    problems += name_problems(written, f"{label}.writeTopics", writes=True)
    problems += name_problems(config_topics(config), f"{label}.config.topics")
    if "topics.regex" in config and not read:
        problems.append(
            (
                f"{label}.readTopics",
                "is empty, but config.topics.regex selects the topics; a regular expression "
                "can't be written as IAM resources, so list the topics (or 'prefix*') here",
            )
        )
    elif not (read or written or config_topics(config)):
        problems.append(
            (
                label,
                "names no topic it reads or writes, so its role could touch none; give "
                "writeTopics (a source connector) or config.topics / readTopics (a sink)",
            )
        )
    return problems


def _group_id_problems(groups: Any, label: str) -> list[tuple[str, str]]:
    from .rules import SECURITY_GROUP_ID  # one pattern for every security group id

    if not isinstance(groups, tuple):
        return []
    return [
        (f"{label}[{index}]", f"{show(group)} is not a security group id; use sg-0123456789abcdef0")
        for index, group in enumerate(groups)
        if isinstance(group, str) and not SECURITY_GROUP_ID.fullmatch(group)
    ]


def connector_spec(item: Mapping[str, Any]) -> ConnectorSpec:
    """One checked connector as the builders take it."""
    rules = facts()
    capacity = item["capacity"]
    autoscaling = capacity.get("autoscaling")
    chosen = autoscaling if autoscaling is not None else capacity["provisioned"]
    config = dict(item["config"])
    read = tuple(dict.fromkeys((*config_topics(config), *(item.get("read_topics") or ()))))
    worker = item.get("worker_configuration")
    own_offsets = tuple(
        worker[prop]
        for prop in rules["worker_topic_properties"]
        if isinstance(worker, Mapping) and isinstance(worker.get(prop), str)
    )
    groups = tuple(rules["internal_group_names"])
    if read:  # a sink: Kafka Connect's consumer group connect-<name>
        groups += (f"{rules['sink_group_prefix']}{item['name']}",)
    return ConnectorSpec(
        name=item["name"],
        plugin=MappingProxyType(dict(item["plugin"])),
        config=MappingProxyType(config),
        connect_version=item.get("connect_version") or rules["default_connect_version"],
        mcu_count=chosen["mcu_count"],
        autoscaling=autoscaling is not None,
        min_workers=chosen["min_workers"] if autoscaling is not None else chosen["workers"],
        max_workers=chosen["max_workers"] if autoscaling is not None else chosen["workers"],
        scale_in_cpu_percent=chosen.get("scale_in_cpu_percent"),
        scale_out_cpu_percent=chosen.get("scale_out_cpu_percent"),
        worker_configuration=MappingProxyType(dict(worker)) if worker else None,
        read_topics=read,
        write_topics=tuple(item.get("write_topics") or ()),
        internal_topics=tuple(dict.fromkeys((*rules["internal_topic_names"], *own_offsets))),
        groups=groups,
        security_group_ids=tuple(item.get("security_group_ids") or ()),
    )


def check_connectors(draft: Draft) -> None:
    connectors = draft.value(KEY)
    if not connectors or not draft.ok(KEY):
        return
    auth = draft.value("auth") or {}
    if draft.ok("auth") and not auth.get("iam"):
        draft.fail(
            KEY,
            "needs IAM authentication on the cluster (msk:auth.iam: true): MSK Connect "
            "connectors reach the brokers with IAM over TLS",
        )
    if draft.value("createSecurityGroup") is False:
        draft.fail(
            KEY,
            "needs the component's own broker security group (msk:createSecurityGroup: true): "
            "it admits each connector's group on the IAM port; groups of your own would have "
            "to be edited by hand",
        )
    seen: dict[str, int] = {}
    for index, connector in enumerate(connectors):
        label = f"msk:{KEY}[{index}]"
        for key, message in connector_problems(connector, label):
            draft.reader.fail(key, message)
        name = connector.get("name")
        if isinstance(name, str):
            first = seen.setdefault(name, index)
            if first != index:
                draft.reader.fail(
                    f"{label}.name",
                    f"{show(name)} is also msk:{KEY}[{first}]'s name; give each its own",
                )
