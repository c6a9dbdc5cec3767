"""The lifecycle model (``data/lifecycle.json``): per resource type, which inputs make the
provider replace it, which it updates in place (for the MSK cluster, by which MSK operation,
in which order, with what broker impact), and which transitions AWS refuses. Facts live in
the data file with their sources; this module only reads them."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LIFECYCLE_PATH = Path(__file__).resolve().parent / "data" / "lifecycle.json"


@dataclass(frozen=True)
class InputRule:
    """One input path: what changing it does (``operation`` for an in-place update)."""

    path: str
    key: str
    source: str
    as_set: bool = False
    operation: str | None = None
    feed_only: bool = False  # judged only by what feeds it (the plan's value is a stand-in)
    # What AWS holds when the input is not sent: a plan that now sends this value, where the
    # earlier plan or state had no input, changes nothing (MISSING: no such value).
    absent_means: Any = None


@dataclass(frozen=True)
class Feed:
    """An input whose value is another resource's output (an ARN, an ID): when that resource
    is created, replaced or deleted, the input changes even where the plan can't see it."""

    path: str
    type: str
    on_update: bool = False  # an in-place update of the source changes the input too
    # The source's name when the component makes several of its type ('{component}-key' is
    # the at-rest key, not the alarm topic's); None: any resource of the type beside it.
    name: str | None = None


@dataclass(frozen=True)
class ResourceLifecycle:
    type: str
    label: str
    loses: str | None
    replace: tuple[InputRule, ...]
    update: tuple[InputRule, ...]
    fed_by: tuple[Feed, ...]
    renames: str | None = None


@dataclass(frozen=True)
class ClusterOperation:
    name: str
    order: int
    restarts_brokers: bool | None  # None: AWS does not say
    duration: str
    source: str


@lru_cache(maxsize=1)
def raw() -> dict[str, Any]:
    with LIFECYCLE_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def _rule(entry: dict) -> InputRule:
    return InputRule(
        path=entry["path"],
        key=entry["key"],
        source=entry["source"],
        as_set=bool(entry.get("set")),
        operation=entry.get("operation"),
        feed_only=bool(entry.get("feed_only")),
        absent_means=entry.get("absent_means"),
    )


@lru_cache(maxsize=1)
def resource_types() -> dict[str, ResourceLifecycle]:
    return {
        kind: ResourceLifecycle(
            type=kind,
            label=entry["label"],
            loses=entry.get("loses"),
            replace=tuple(_rule(rule) for rule in entry["replace"]),
            update=tuple(_rule(rule) for rule in entry["update"]),
            fed_by=tuple(
                Feed(feed["path"], feed["type"], bool(feed.get("on_update")), feed.get("name"))
                for feed in entry["fed_by"]
            ),
            renames=entry.get("renames"),
        )
        for kind, entry in raw()["resources"].items()
    }


def lifecycle_of(kind: str) -> ResourceLifecycle | None:
    return resource_types().get(kind)


def not_cloud_resources() -> tuple[str, ...]:
    return tuple(raw()["not_cloud_resources"])


@lru_cache(maxsize=1)
def cluster_operations() -> dict[str, ClusterOperation]:
    """The MSK cluster operations by name, each with its place in the provider's order."""
    return {
        entry["name"]: ClusterOperation(
            name=entry["name"],
            order=order,
            restarts_brokers=entry["restarts_brokers"],
            duration=entry["duration"],
            source=entry["source"],
        )
        for order, entry in enumerate(raw()["cluster_operations"]["order"])
    }


def one_operation_at_a_time_sources() -> tuple[str, ...]:
    return tuple(raw()["cluster_operations"]["one_at_a_time_source"])


def refusal(rule: str) -> dict[str, Any]:
    """A refused transition: ``text``, ``instead`` (format fields in braces) and ``source``."""
    return raw()["refusals"][rule]


def create_refusals(kind: str) -> dict[str, dict[str, Any]]:
    """The refusals a new resource of type ``kind`` can meet, by rule: each ``at_create`` names
    the input ``paths`` and the values AWS ``allowed`` there when it creates one (a path not
    set is allowed too)."""
    return {
        rule: entry["at_create"]
        for rule, entry in raw()["refusals"].items()
        if entry.get("at_create", {}).get("type") == kind
    }


def precondition(rule: str) -> dict[str, Any]:
    return raw()["preconditions"][rule]


def source(name: str) -> str:
    """The citation behind a source key."""
    return raw()["sources"][name]
