"""The change plan: what ``pulumi up`` would do to each resource of a running stack, compared
with BEFORE (an earlier plan, or what is deployed), before it does it.

Per resource: create, update in place (for the MSK cluster, the MSK operations in the order the
provider runs them, one at a time), replace (why, and what data it loses), delete, or refused
by AWS (and what to do instead). The rules come from the lifecycle model
(``data/lifecycle.json``, read by ``lifecycle``), each with its source.

``compare(before, after)`` gives the changes, ``blocking(changes)`` says whether ``pulumi up``
must not run (a transition AWS refuses, or a protected resource replaced or deleted), and
``change_report`` the ``changes`` and ``against`` sections of the plan JSON.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from msk_platform import catalog
from msk_platform.builders.safety import deployed_volume, volume_change_problem
from msk_platform.spec.storage_mode_rules import TIERED

from . import lifecycle
from .inputs import MISSING, dig
from .plan import SECRET_SHOWN

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
TOPIC = "aws:msk/topic:Topic"
SUBNET = "aws:ec2/subnet:Subnet"

CREATE, UPDATE, REPLACE, DELETE, REFUSED = "create", "update", "replace", "delete", "refused"
# Creating, replacing or deleting a resource changes the IDs and ARNs other inputs carry.
MOVES = (CREATE, REPLACE, DELETE)
PAST = {
    CREATE: "created",
    REPLACE: "replaced",
    DELETE: "deleted",
    UPDATE: "updated",
    REFUSED: "changed",
}
VOLUME_PATH = "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"
INSTANCE_PATH = "brokerNodeGroupInfo.instanceType"
UNKNOWN_SHOWN = "(known after deploy)"
# A transition AWS refuses: its text, what to do instead, its sources, the MSK operation it
# fails at (None for what is not a cluster operation).
Refusal = tuple[str, str | None, tuple[str, ...], str | None]


@dataclass(frozen=True)
class Change:
    """What ``pulumi up`` would do to one resource, and why."""

    action: str  # create | update | replace | delete | refused
    type: str
    name: str
    label: str = ""
    reasons: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()  # MSK cluster operations, in the order they run
    data_loss: str | None = None
    instead: str | None = None
    preconditions: tuple[str, ...] = ()
    protected: bool = False
    retained: bool = False
    sources: tuple[str, ...] = field(default=())

    @property
    def blocking(self) -> bool:
        """AWS refuses it, or Pulumi refuses it (a protected resource replaced or deleted)."""
        return self.action == REFUSED or (self.protected and self.action in (REPLACE, DELETE))

    def to_json(self) -> dict[str, Any]:
        known = lifecycle.cluster_operations()
        return {
            "action": self.action,
            "type": self.type,
            "name": self.name,
            "label": self.label,
            "reasons": list(self.reasons),
            "operations": [
                {
                    "name": name,
                    "restartsBrokers": known[name].restarts_brokers,
                    "duration": known[name].duration,
                    "source": lifecycle.source(known[name].source),
                }
                for name in self.operations
            ],
            "dataLoss": self.data_loss,
            "instead": self.instead,
            "preconditions": list(self.preconditions),
            "protected": self.protected,
            "retained": self.retained,
            "blocking": self.blocking,
            "sources": [lifecycle.source(name) for name in self.sources],
        }


def blocking(changes: list[Change]) -> bool:
    return any(change.blocking for change in changes)


def compare(before: dict, after: dict) -> list[Change]:
    """Every resource that ``pulumi up`` of ``after`` would create, change or delete when
    ``before`` is what runs: a no-change comparison gives an empty list."""
    old = _by_key(before)
    new = _by_key(after)
    present = {(kind, _parent_of(r), name) for (kind, name), r in (old | new).items()}
    # The engine records inputs as the provider checked them, defaults filled in: in a stack
    # export, an input the plan leaves out may be a default, not something taken away.
    from_state = before.get("source") == "stack-export"
    moved = Moves(present, {}, from_state)
    changes: list[Change] = []
    # A replacement changes the IDs other resources carry, which may replace those in turn:
    # judge again until nothing new moves (the chain is at most a few resources long).
    for _ in range(len(new) + 1):
        changes = []
        for key in sorted(set(old) | set(new)):
            change = _judge(old.get(key), new.get(key), moved, after)
            if change is not None:
                changes.append(change)
        now_moved = {
            (change.type, _parent_of(old.get(key) or new.get(key)), change.name): change.action
            for change in changes
            if change.action in (*MOVES, UPDATE, REFUSED)
            for key in [(change.type, change.name)]
        }
        if now_moved == moved.actions:
            break
        moved = Moves(present, now_moved, from_state)
    changes = _acls_after_deny(before, after, changes)
    order = {REFUSED: 0, REPLACE: 1, DELETE: 2, UPDATE: 3, CREATE: 4}
    return sorted(changes, key=lambda change: (order[change.action], change.type, change.name))


def change_report(before: dict, after: dict, changes: list[Change]) -> dict[str, Any]:
    """The plan JSON's ``changes`` (one object per resource) and ``against`` sections."""
    counts = {action: 0 for action in (CREATE, UPDATE, REPLACE, DELETE, REFUSED)}
    for change in changes:
        counts[change.action] += 1
    return {
        "changes": [change.to_json() for change in changes],
        "against": {
            "source": before.get("source", "plan"),
            "blocking": blocking(changes),
            "counts": counts,
            "cost": cost_comparison(before, after),
            "oneOperationAtATime": [
                lifecycle.source(name) for name in lifecycle.one_operation_at_a_time_sources()
            ],
        },
    }


# --- one resource ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Moves:
    """What this comparison does to each resource, to judge the inputs that carry other
    resources' IDs and ARNs, which the plan can't see."""

    present: set[tuple[str, str | None, str]]  # (type, parent, name), before or after
    actions: dict[tuple[str, str | None, str], str]
    from_state: bool = False  # BEFORE is a stack export (inputs carry provider defaults)

    def feeding(self, feed, parent: str | None, consumer: str) -> tuple[str, str] | None:
        """(name, action) of a resource of ``feed.type`` beside the consumer that this change
        creates, replaces or deletes (or updates, where the feed says an update counts). A
        resource of the consumer's own name (a user's secret beside the user's association)
        is the one that feeds it; otherwise any of that type does (the subnets of a cluster)."""
        counted = MOVES + ((UPDATE, REFUSED) if feed.on_update else ())
        names = [
            name for kind, where, name in self.present if kind == feed.type and where == parent
        ]
        if feed.name and parent:
            component = parent.rpartition("::")[2]
            names = [name for name in names if name == feed.name.format(component=component)]
        elif consumer in names:
            names = [consumer]
        for name in sorted(names):
            action = self.actions.get((feed.type, parent, name))
            if action in counted:
                return name, action
        return None


def _by_key(document: dict) -> dict[tuple[str, str], dict]:
    skipped = lifecycle.not_cloud_resources()
    return {
        (resource["type"], resource["name"]): resource
        for resource in document.get("resources", [])
        if resource["type"] not in skipped
    }


def _parent_of(resource: dict | None) -> str | None:
    return None if resource is None else resource.get("parent")


def _judge(old: dict | None, new: dict | None, moved: Moves, after: dict) -> Change | None:
    resource = new or old
    assert resource is not None
    rules = lifecycle.lifecycle_of(resource["type"])
    label = rules.label if rules else resource["type"]
    if old is None:
        return _created(resource, label)
    if new is None:
        options = old.get("options") or {}
        retained = bool(options.get("retainOnDelete"))
        return Change(
            DELETE,
            old["type"],
            old["name"],
            label,
            reasons=(
                (
                    "no longer in the plan; retainOnDelete leaves it in AWS, unmanaged and still "
                    "billed",
                )
                if retained
                else ("no longer in the plan",)
            ),
            data_loss=None if retained else (rules.loses if rules else None),
            protected=bool(options.get("protect")),
            retained=retained,
            sources=("pulumi-protect",) if options.get("protect") or retained else (),
        )
    if rules is None:
        return _unmodelled(old, new, label, moved.from_state)
    return _existing(old, new, rules, moved, after)


PUBLIC_ACCESS_PATH = "brokerNodeGroupInfo.connectivityInfo.publicAccess.type"
PUBLIC_ACCESS_OFF = "DISABLED"


def _created(new: dict, label: str) -> Change:
    """A new resource; one set up as AWS won't create it is refused (the model's
    ``at_create`` refusals: a cluster with public access or multi-VPC connectivity on, which
    AWS turns on only for a running cluster)."""
    found = [
        _refused(rule)
        for rule, at_create in lifecycle.create_refusals(new["type"]).items()
        if any(
            dig(new["inputs"], path) not in (MISSING, None, *at_create["allowed"])
            for path in at_create["paths"]
        )
    ]
    if found:
        return Change(
            REFUSED,
            new["type"],
            new["name"],
            label,
            tuple(text for text, _, _, _ in found),
            instead="; ".join(instead for _, instead, _, _ in found if instead) or None,
            sources=tuple(dict.fromkeys(s for _, _, sources, _ in found for s in sources)),
        )
    return Change(CREATE, new["type"], new["name"], label)


def _unmodelled(old: dict, new: dict, label: str, from_state: bool) -> Change | None:
    """A type the model has no rules for: a visible input change is assumed in place."""
    changed = _other_changes(old["inputs"], new["inputs"], set(), from_state)
    if not changed:
        return None
    return Change(
        UPDATE,
        new["type"],
        new["name"],
        label,
        reasons=(
            f"{', '.join(changed)} changed (no lifecycle rule for this type: assumed in place)",
        ),
    )


def _existing(old: dict, new: dict, rules, moved: Moves, after: dict) -> Change | None:
    ignored = set((new.get("options") or {}).get("ignoreChanges") or [])
    parent = new.get("parent")

    def changed(rule) -> tuple[bool, str]:
        if rule.path in ignored:
            return False, ""
        was = _without(dig(old["inputs"], rule.path), rule.path, ignored)
        now = _without(dig(new["inputs"], rule.path), rule.path, ignored)
        if was is MISSING and rule.absent_means is not None and now == rule.absent_means:
            was = now  # AWS's own value when the input was not sent: nothing changes
        verdict = None if rule.feed_only else _differs(was, now, rule.as_set, moved.from_state)
        if verdict is True:
            return True, f"{rule.key}: {_change_shown(was, now)}"
        if verdict is None or rule.feed_only:  # the plan can't see it: did its source move?
            for feed in rules.fed_by:
                source = (
                    moved.feeding(feed, parent, new["name"]) if feed.path == rule.path else None
                )
                if source is not None:
                    what = lifecycle.lifecycle_of(feed.type)
                    name, action = source
                    values = (
                        f"{_change_shown(was, now)}, "
                        if _known(was) or _known(now)
                        else "changes, "
                    )
                    return True, (
                        f"{rule.key}: {values}as "
                        f"{what.label if what else feed.type} {name} is {PAST[action]}"
                    )
        return False, ""

    replacing = [(rule, why) for rule in rules.replace for hit, why in [changed(rule)] if hit]
    options = old.get("options") or {}
    protected = bool(options.get("protect") or (new.get("options") or {}).get("protect"))
    if replacing:
        retained = bool(options.get("retainOnDelete"))
        reasons = tuple(why for _, why in replacing)
        if retained:
            reasons += (
                "retainOnDelete leaves the old one in AWS, unmanaged and still billed; the new "
                "one starts empty",
            )
        if rules.renames:
            reasons += (rules.renames,)
        return Change(
            REPLACE,
            new["type"],
            new["name"],
            rules.label,
            reasons=reasons,
            data_loss=None if retained else rules.loses,
            protected=protected,
            retained=retained,
            sources=tuple(dict.fromkeys(rule.source for rule, _ in replacing))
            + (("pulumi-protect",) if protected or retained else ()),
        )
    updating = [(rule, why) for rule in rules.update for hit, why in [changed(rule)] if hit]
    covered = {rule.path for rule in rules.replace + rules.update} | ignored
    others = _other_changes(old["inputs"], new["inputs"], covered, moved.from_state)
    refusals: list[Refusal] = []
    preconditions: list[str] = []
    operations = _cluster_operations(rules, updating) if new["type"] == CLUSTER else ()
    found = [
        f"{why} ({_carried(rule.operation, operations)})" if rule.operation else why
        for rule, why in updating
    ]
    if others:
        found.append(f"{', '.join(others)} changed, in place")
    if new["type"] == CLUSTER:
        _cluster_rules(old, new, after, ignored, refusals, preconditions)
    if new["type"] == TOPIC:
        _topic_rules(old, new, refusals)
    if not (found or refusals):
        return None
    sources = tuple(dict.fromkeys(rule.source for rule, _ in updating))
    if refusals:
        found = [text for text, _, _, _ in refusals] + _halfway(refusals, operations) + found
        return Change(
            REFUSED,
            new["type"],
            new["name"],
            rules.label,
            reasons=tuple(found),
            operations=operations,
            instead="; ".join(instead for _, instead, _, _ in refusals if instead) or None,
            preconditions=tuple(preconditions),
            protected=protected,
            sources=tuple(dict.fromkeys(s for _, _, names, _ in refusals for s in names)) + sources,
        )
    return Change(
        UPDATE,
        new["type"],
        new["name"],
        rules.label,
        reasons=tuple(found),
        operations=operations,
        preconditions=tuple(preconditions),
        protected=protected,
        sources=sources,
    )


def _carried(operation: str, operations: tuple[str, ...]) -> str:
    """The operation that applies a change (the configuration rides on a version upgrade)."""
    if operation == "UpdateClusterConfiguration" and "UpdateClusterKafkaVersion" in operations:
        return "with UpdateClusterKafkaVersion"
    return operation


def _halfway(refusals: list[Refusal], operations: tuple[str, ...]) -> list[str]:
    """The provider runs the operations in order and stops at the one AWS refuses: the ones
    before it have run by then and stay applied."""
    refused = [op for _, _, _, op in refusals if op in operations]
    if not refused:
        return []
    first = min(operations.index(op) for op in refused)
    earlier = operations[:first]
    if not earlier:
        return [f"`pulumi up` stops at {operations[first]}, before anything is changed"]
    return [
        f"`pulumi up` stops at {operations[first]}, after {', '.join(earlier)} "
        "ran and stayed applied: a half-done update"
    ]


def _cluster_operations(rules, updating) -> tuple[str, ...]:
    """The MSK operations one update runs, in the provider's order; the configuration goes
    with the Kafka version when both change."""
    names = {rule.operation for rule, _ in updating if rule.operation}
    if "UpdateClusterKafkaVersion" in names:
        names.discard("UpdateClusterConfiguration")
    known = lifecycle.cluster_operations()
    return tuple(sorted(names, key=lambda name: known[name].order))


def _other_changes(old: dict, new: dict, covered: set[str], from_state: bool) -> list[str]:
    """Top-level inputs outside the model's paths that visibly change (tags, descriptions)."""
    found = []
    for key in sorted(set(old) | set(new)):
        if key.startswith("__") or key in covered or any(p.startswith(f"{key}.") for p in covered):
            continue
        if _differs(old.get(key, MISSING), new.get(key, MISSING), False, from_state) is True:
            found.append(key)
    return found


# --- values ---------------------------------------------------------------------------------


def _without(value, path: str, ignored: set[str]):
    """``value`` (found at ``path``) less the parts below it that ignoreChanges names."""
    for ignore in ignored:
        if not ignore.startswith(f"{path}.") or not isinstance(value, dict):
            continue
        parts = ignore.removeprefix(f"{path}.").split(".")
        value = _drop(value, parts)
    return value


def _drop(value: dict, parts: list[str]) -> dict:
    if parts[0] not in value:
        return value
    if len(parts) == 1:
        return {key: item for key, item in value.items() if key != parts[0]}
    inner = value[parts[0]]
    if not isinstance(inner, dict):
        return value
    return {**value, parts[0]: _drop(inner, parts[1:])}


def _known(value) -> bool:
    """False for what the plan can't see: null (known after deploy) or a secret, at any depth."""
    if value is None or value is MISSING or value == SECRET_SHOWN:
        return False
    if isinstance(value, list):
        return all(_known(item) for item in value)
    if isinstance(value, dict):
        return all(_known(item) for item in value.values())
    return True


def _as_set(value):
    """A value compared as a set: lists of any depth, order left out."""
    if isinstance(value, list):
        return sorted(
            (_as_set(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True)
        )
    if isinstance(value, dict):
        return {key: _as_set(item) for key, item in value.items()}
    return value


def _differs(was, now, as_set: bool, from_state: bool = False) -> bool | None:
    """True or False when the plan can tell; None when an unknown hides it (or, against a
    stack export, when the plan leaves out an input the state has: a provider default)."""
    if was is MISSING and now is MISSING:
        return False
    if from_state and now is MISSING:
        return None
    if from_state:
        was = _projected(was, now)
    if _known(was) and _known(now):
        if as_set:
            return _as_set(was) != _as_set(now)
        return was != now
    if was is MISSING or now is MISSING:
        # Set on one side only: a change unless the set side is itself unknown.
        other = now if was is MISSING else was
        return None if other is None else True
    if isinstance(was, list) and isinstance(now, list) and len(was) != len(now):
        return True
    return None


def _projected(state, planned):
    """The state's value with only the keys the plan has (at any depth): the rest are the
    provider's defaults, which the plan does not list."""
    if isinstance(state, dict) and isinstance(planned, dict):
        return {
            key: _projected(item, planned[key]) for key, item in state.items() if key in planned
        }
    if isinstance(state, list) and isinstance(planned, list):
        keys = {key for item in planned if isinstance(item, dict) for key in item}
        if not keys:
            return state
        return [
            {key: item[key] for key in item if key in keys} if isinstance(item, dict) else item
            for item in state
        ]
    return state


def _change_shown(was, now) -> str:
    """Old -> new; for multi-line text (server properties), the lines removed and added."""
    if isinstance(was, str) and isinstance(now, str) and ("\n" in was or "\n" in now):
        old_lines, new_lines = was.splitlines(), now.splitlines()
        removed = [f"-{line}" for line in old_lines if line not in new_lines]
        added = [f"+{line}" for line in new_lines if line not in old_lines]
        return " ".join(removed + added) or "line order"
    return f"{_shown(was)} -> {_shown(now)}"


def _shown(value) -> str:
    if value is MISSING:
        return "(not set)"
    if not _known(value):
        return UNKNOWN_SHOWN if value != SECRET_SHOWN else SECRET_SHOWN
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


# --- the cluster's refused transitions -------------------------------------------------------


def _refused(rule: str, **fields) -> Refusal:
    entry = lifecycle.refusal(rule)
    instead = entry.get("instead")
    return (
        entry["text"].format(**fields),
        instead.format(**fields) if instead else None,
        tuple(entry["source"]),
        entry.get("operation"),
    )


def _cluster_rules(old, new, after, ignored, refusals, preconditions) -> None:
    _version_rules(old, new, after, refusals, preconditions)
    _instance_rules(old, new, refusals, preconditions)
    _broker_count_rules(old, new, after, refusals, preconditions)
    _storage_mode_rules(old, new, refusals)
    if VOLUME_PATH not in ignored:
        problem = volume_change_problem(old["inputs"], new["inputs"], old.get("outputs") or {})
        if problem:
            refusals.append(_refused("volume", problem=problem))


def _mode(version: str) -> str:
    found = catalog.find_kafka_version(version)
    if found is not None:
        return found[1]
    return (
        catalog.KRAFT
        if version.endswith(".kraft") or catalog.version_key(version) >= (4,)
        else catalog.ZOOKEEPER
    )


def _version_rules(old, new, after, refusals, preconditions) -> None:
    was, now = old["inputs"].get("kafkaVersion"), new["inputs"].get("kafkaVersion")
    if not (isinstance(was, str) and isinstance(now, str)) or was == now:
        return
    if catalog.version_key(now) < catalog.version_key(was):
        refusals.append(_refused("kafka-downgrade", old=was))
        return
    old_mode, new_mode = _mode(was), _mode(now)
    if old_mode == new_mode:
        return
    if old_mode == catalog.KRAFT:
        refusals.append(_refused("kraft-to-zookeeper"))
        return
    migration = lifecycle.precondition("kraft-migration")
    if (was, now) != (migration["from_version"], migration["to_version"]):
        refusals.append(_refused("zookeeper-to-kraft"))
        return
    # AWS's in-place migration, if the cluster meets its prerequisites.
    instance = dig(new["inputs"], INSTANCE_PATH)
    needs = []
    zones, most = _zone_count(new, after), migration["standard_zones"]
    if isinstance(instance, str) and not _is_express(instance) and zones not in (None, most):
        needs.append(f"Standard brokers in {most} Availability Zones (this cluster has {zones})")
    if instance in migration["broker_types_refused"]:
        needs.append(f"a broker type other than {instance}")
    public = dig(new["inputs"], PUBLIC_ACCESS_PATH)
    if public not in (MISSING, None, PUBLIC_ACCESS_OFF) and new["inputs"].get("openMonitoring"):
        needs.append(f"{migration['not_together']} not both on")
    for need in needs:
        refusals.append(_refused("kraft-migration-precondition", needs=need))
    if not needs:
        preconditions.append(migration["text"])


def _is_express(instance: str) -> bool:
    known = catalog.instance_types().get(instance)
    return known.is_express if known else instance.startswith(f"{catalog.EXPRESS.lower()}.")


def _family(instance: str) -> str:
    """'kafka.m7g.large' -> 'm7g'."""
    parts = instance.split(".")
    return parts[1] if len(parts) > 2 else instance


def _instance_rules(old, new, refusals, preconditions) -> None:
    was, now = dig(old["inputs"], INSTANCE_PATH), dig(new["inputs"], INSTANCE_PATH)
    if not (isinstance(was, str) and isinstance(now, str)) or was == now:
        return
    if _is_express(was) != _is_express(now):
        refusals.append(_refused("broker-kind"))
        return
    if _is_express(was):
        return
    old_family, new_family = _family(was), _family(now)
    allowed = lifecycle.refusal("broker-family")["allowed"]
    if old_family != new_family and new_family not in allowed.get(old_family, []):
        refusals.append(_refused("broker-family", old=was))
        return
    types = catalog.instance_types()
    if was in types and now in types and types[now].vcpu < types[was].vcpu:
        preconditions.append(
            lifecycle.precondition("broker-size-down")["text"].format(
                limit=types[now].partitions_max_per_broker, type=now
            )
        )


def _zone_count(cluster: dict, document: dict) -> int | None:
    """How many Availability Zones the brokers use: their client subnets, or where the plan
    can't see them, the subnets the program builds beside the cluster."""
    subnets = dig(cluster["inputs"], "brokerNodeGroupInfo.clientSubnets")
    if isinstance(subnets, list) and subnets:
        return len(subnets)
    built = [
        resource
        for resource in document.get("resources", [])
        if resource["type"] == SUBNET and resource.get("parent") == cluster.get("parent")
    ]
    return len(built) or None


def _broker_count_rules(old, new, after, refusals, preconditions) -> None:
    was, now = old["inputs"].get("numberOfBrokerNodes"), new["inputs"].get("numberOfBrokerNodes")
    if not (isinstance(was, int) and isinstance(now, int)) or now >= was:
        return
    instance = dig(new["inputs"], INSTANCE_PATH)
    express = isinstance(instance, str) and _is_express(instance)
    rule = lifecycle.refusal("broker-removal-type")
    version = new["inputs"].get("kafkaVersion")
    if isinstance(instance, str) and not express and _family(instance) not in rule["families"]:
        refusals.append(_refused("broker-removal-type", old=was))
        return
    if isinstance(version, str) and catalog.version_key(version) < catalog.version_key(
        rule["min_kafka_version"]
    ):
        refusals.append(_refused("broker-removal-type", old=was))
        return
    zones = _zone_count(new, after)
    if zones and was - now > zones:
        path = " -> ".join(str(count) for count in range(was, now - 1, -zones))
        refusals.append(_refused("broker-removal-step", step=zones, path=path))
        return
    removal = lifecycle.precondition("broker-removal")
    # Express moves the partitions itself only while intelligent rebalancing is on.
    paused = dig(new["inputs"], "rebalancing.status") == catalog.rebalancing_rules()["status_off"]
    preconditions.append(removal["express"] if express and not paused else removal["text"])


def _storage_mode_rules(old, new, refusals) -> None:
    """Tiered storage goes on in place (UpdateStorage); nothing documents the way back."""
    was, now = old["inputs"].get("storageMode"), new["inputs"].get("storageMode")
    if was == TIERED and now != TIERED:
        refusals.append(_refused("tiered-to-local"))


def _topic_rules(old, new, refusals) -> None:
    was, now = old["inputs"].get("partitionCount"), new["inputs"].get("partitionCount")
    if isinstance(was, int) and isinstance(now, int) and now < was:
        refusals.append(_refused("topic-partitions-down", old=was))


# --- the bill before and after --------------------------------------------------------------


# --- Kafka ACLs against the configuration that denies ------------------------------------------

KAFKA_ACL = "kafka:index/acl:Acl"
KAFKA_PROVIDER = "pulumi:providers:kafka"
CONFIGURATION = "aws:msk/configuration:Configuration"


def _denying(document: dict) -> set[str]:
    """Names of the MSK configurations whose server properties deny unless an ACL allows."""
    rules = catalog.kafka_acl_rules()
    line = f"{rules['property']}={rules['deny_value']}"
    return {
        resource["name"]
        for resource in document.get("resources", [])
        if resource["type"] == CONFIGURATION
        and line in str(resource["inputs"].get("serverProperties", "")).replace(" ", "").split()
    }


def _acls_after_deny(before: dict, after: dict, changes: list[Change]) -> list[Change]:
    """A deploy that turns deny-unless-ACL on while it creates the admin's own ACLs (Alter on
    the Cluster) through a provider that does not sign in with IAM fails: the brokers take
    the configuration with the cluster, before any ACL, and then refuse the admin. Those ACL
    creations are refused, unless that component already had such an ACL; an IAM provider
    (which ACLs don't govern) is left alone."""
    turned_on = sorted(_denying(after) - _denying(before))
    if not turned_on:
        return changes
    model = catalog.kafka_acl_rules()["acl_model"]

    def manages_acls(resource: dict) -> bool:
        inputs = resource["inputs"]
        return (
            resource["type"] == KAFKA_ACL
            and inputs.get("aclResourceType") == "Cluster"
            and inputs.get("aclOperation") == "Alter"
            and inputs.get("aclPermissionType") == model["permissions"][0]
        )

    resources = after.get("resources", [])
    providers = {r.get("parent"): r["inputs"] for r in resources if r["type"] == KAFKA_PROVIDER}
    acls = {r["name"]: r for r in resources if r["type"] == KAFKA_ACL}
    # Components whose admin could already manage ACLs before this deploy.
    able = {r.get("parent") for r in before.get("resources", []) if manages_acls(r)}
    judged = []
    for change in changes:
        acl = acls.get(change.name) if change.type == KAFKA_ACL else None
        provider = providers.get(acl.get("parent")) if acl is not None else None
        inputs = acl["inputs"] if acl is not None else {}
        locked_out = (
            acl is not None
            and change.action == CREATE
            and provider is not None
            and provider.get("saslMechanism") != model["provider_iam_sasl_mechanism"]
            and manages_acls(acl)
            and acl.get("parent") not in able
        )
        if not locked_out:
            judged.append(change)
            continue
        text, instead, sources, _ = _refused(
            "acl-admin-after-deny",
            configuration=", ".join(turned_on),
            principal=inputs.get("aclPrincipal"),
        )
        judged.append(
            Change(
                REFUSED,
                change.type,
                change.name,
                change.label,
                reasons=(text,),
                instead=instead,
                sources=sources,
            )
        )
    return judged


def cost_comparison(before: dict, after: dict) -> dict[str, Any]:
    """Monthly cost before and after. A plan carries its bill; a stack export does not, so
    then both sides are priced the same way from their resources: the fixed charges (broker
    hours, provisioned storage and throughput, serverless cluster hours), not usage."""
    old_cost, new_cost = before.get("cost"), after.get("cost")
    if old_cost and old_cost.get("monthly") is not None:
        return {
            "basis": "plan",
            "currency": old_cost.get("currency"),
            "before": old_cost.get("monthly"),
            "after": new_cost.get("monthly") if new_cost else None,
        }
    prices = catalog.pricing()
    region = (new_cost or {}).get("region")
    if region != prices["region"]:
        return {"basis": "unknown", "currency": prices["currency"], "before": None, "after": None}
    return {
        "basis": "fixed charges of the resources",
        "currency": prices["currency"],
        "before": fixed_monthly_charges(before),
        "after": fixed_monthly_charges(after),
    }


def fixed_monthly_charges(document: dict) -> float | None:
    """The month's fixed charges of a document's clusters at the catalog's list prices; None
    where a cluster's broker type or count can't be read."""
    prices = catalog.pricing()
    hours = prices["hours_per_month"]
    total = 0.0
    for resource in document.get("resources", []):
        inputs = resource.get("inputs") or {}
        if resource["type"] == SERVERLESS:
            total += prices["serverless"]["cluster_hour"] * hours
            continue
        if resource["type"] != CLUSTER:
            continue
        instance = dig(inputs, INSTANCE_PATH)
        brokers = inputs.get("numberOfBrokerNodes")
        if instance not in prices["broker_hour"] or not isinstance(brokers, int):
            return None
        total += brokers * hours * prices["broker_hour"][instance]
        volume = deployed_volume(inputs, resource.get("outputs") or {})
        if volume:
            total += brokers * volume * prices["standard_ebs_storage_per_gb_month"]
        throughput = dig(
            inputs, "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.provisionedThroughput"
        )
        if isinstance(throughput, dict) and throughput.get("enabled"):
            mibps = throughput.get("volumeThroughput") or 0
            total += brokers * mibps * prices["provisioned_throughput_per_mibps_month"]
    return round(total, 2)
