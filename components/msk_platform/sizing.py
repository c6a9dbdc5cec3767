"""Sizing: the cheapest MSK cluster that carries a workload (pure Python, no pulumi import).

Every option the catalog offers is checked (``sizing_checks``) and priced (``cost``): each
standard and express broker type at every broker count that is a multiple of its AZ count, with
provisioned storage throughput where the type allows it and the load needs it, and serverless.
An option is feasible when all its checks pass; the check nearest its limit is the constraint
that binds. The README's section "Sizing: from a workload to a cluster" explains the model and
its sources.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from . import catalog
from .sizing_checks import (
    AVAILABILITY_ZONES,
    AZ_LOSS,
    CPU,
    EXPRESS,
    EXPRESS_EGRESS,
    EXPRESS_INGRESS,
    FAMILIES,
    NETWORK,
    PARTITION_THROUGHPUT,
    PARTITIONS_PER_BROKER,
    REPLICATION,
    SERVERLESS,
    SERVERLESS_CONSUMER_GROUPS,
    SERVERLESS_EGRESS,
    SERVERLESS_INGRESS,
    SERVERLESS_PARTITIONS,
    SIZING_BASELINE,
    STANDARD,
    STORAGE_AUTOSCALING_PACE,
    STORAGE_CAPACITY,
    STORAGE_THROUGHPUT,
    Check,
    Evaluation,
    Option,
    by_cost,
    evaluate,
    price,
    volume_needed_gib,
)
from .sizing_inputs import (
    Assumptions,
    SizingInputError,
    Workload,
    default_assumptions,
    workload,
    workload_from_spec,
)
from .spec import ClusterSpec
from .spec.keys import KEYS_BY_NAME
from .spec.storage_mode_rules import TIERED

# Sizing keeps the whole retention on EBS; with tiered storage topics may keep less locally.
TIERED_SIZING_NOTE = (
    "msk:workload: sizing assumes all of retentionHours stays on the brokers' EBS volumes; with "
    "msk:storageMode 'TIERED', topics whose local.retention.ms is shorter keep less there, so "
    "its storage figures are an upper bound for them"
)

__all__ = [
    "AVAILABILITY_ZONES",
    "AZ_LOSS",
    "CPU",
    "EXPRESS",
    "EXPRESS_EGRESS",
    "EXPRESS_INGRESS",
    "FAMILIES",
    "NETWORK",
    "PARTITION_THROUGHPUT",
    "PARTITIONS_PER_BROKER",
    "REPLICATION",
    "SERVERLESS",
    "SERVERLESS_CONSUMER_GROUPS",
    "SERVERLESS_EGRESS",
    "SERVERLESS_INGRESS",
    "SERVERLESS_PARTITIONS",
    "SIZING_BASELINE",
    "STANDARD",
    "STORAGE_AUTOSCALING_PACE",
    "STORAGE_CAPACITY",
    "STORAGE_THROUGHPUT",
    "Assumptions",
    "Check",
    "Evaluation",
    "Option",
    "Sizing",
    "SizingInputError",
    "Workload",
    "configured_option",
    "cost_curves",
    "default_assumptions",
    "evaluate",
    "evaluate_all",
    "plan_warnings",
    "price",
    "size",
    "sizing_warnings",
    "stack_config",
    "workload",
    "workload_from_spec",
]

# -- the options the catalog offers ------------------------------------------------------------


def broker_counts(instance_type: str, azs: int) -> range:
    """Multiples of the AZ count up to the per-cluster limit of the type's metadata mode."""
    instance = catalog.instance_types()[instance_type]
    mode = catalog.KRAFT if instance.kraft else catalog.ZOOKEEPER
    return range(azs, catalog.max_brokers_per_cluster(mode) + 1, azs)


def standard_options(instance_type: str, brokers: int, load: Workload, a: Assumptions) -> list:
    """Plain EBS, and provisioned throughput too when the type allows it and the load needs
    more than a plain volume gives."""
    volume = _volume(load, brokers, a, 0)
    plain = Option(STANDARD, instance_type, brokers, volume, None, load.azs, volume_sized=True)
    throughput = provisioned_throughput_needed(instance_type, brokers, load, a)
    if throughput is None:
        return [plain]
    floor = catalog.provisioned_throughput_rules()["requires_volume_gib_at_least"]
    boosted = replace(
        plain,
        ebs_volume_gib=_volume(load, brokers, a, floor),
        provisioned_throughput_mibps=throughput,
    )
    return [plain, boosted]


def provisioned_throughput_needed(
    instance_type: str, brokers: int, load: Workload, a: Assumptions
) -> int | None:
    """Whole MiB/s per broker that keeps writes at the standard utilization, within the type's
    maximum; None when the type can't provision it or a plain volume is enough."""
    top = catalog.instance_types()[instance_type].provisioned_throughput_max_mibps
    if top is None:
        return None
    written = load.peak_ingress_mibps * load.replication_factor / brokers
    needed = max(
        written / a.standard_utilization, catalog.provisioned_throughput_rules()["min_mibps"]
    )
    if needed <= a.volume_throughput_mibps:
        return None
    return min(math.ceil(needed), math.floor(top))


def _volume(load: Workload, brokers: int, a: Assumptions, floor: int) -> int:
    low, high = catalog.ebs_volume_bounds()
    needed = math.ceil(volume_needed_gib(load, brokers, a) - 1e-9)
    return min(high, max(low, floor, needed))


def options_of_type(instance_type: str, load: Workload, a: Assumptions) -> Iterator[Option]:
    """Every option of one broker type, fewest brokers first."""
    if catalog.instance_types()[instance_type].is_express:
        azs = catalog.broker_throughput()[instance_type].azs_required
        assert azs is not None  # the catalog gives every express type its AZ count
        for brokers in broker_counts(instance_type, azs):
            yield Option(EXPRESS, instance_type, brokers, azs=azs)
        return
    for brokers in broker_counts(instance_type, load.azs):
        yield from standard_options(instance_type, brokers, load, a)


def types_of(family: str) -> list:
    """Instance types of a family, in catalog order (serverless: one pseudo-type, None)."""
    if family == SERVERLESS:
        return [None]
    express = family == EXPRESS
    return [name for name, t in catalog.instance_types().items() if t.is_express == express]


def all_options(load: Workload, a: Assumptions) -> Iterator[Option]:
    for family in FAMILIES:
        for instance_type in types_of(family):
            if instance_type is None:
                yield Option(SERVERLESS)
            else:
                yield from options_of_type(instance_type, load, a)


# -- the search --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizing:
    """The answer: the cheapest feasible option of each type (cheapest first; the first is the
    recommendation) and, for a family with nothing feasible, the option that came nearest."""

    workload: Workload
    assumptions: Assumptions
    alternatives: tuple
    nearest_misses: tuple

    @property
    def recommended(self) -> Evaluation | None:
        return self.alternatives[0] if self.alternatives else None

    def cheapest(self, family: str) -> Evaluation | None:
        return next((e for e in self.alternatives if e.option.family == family), None)


def size(load: Workload, assumptions: Assumptions | None = None) -> Sizing:
    """Search every option. Fewer brokers never cost more and more brokers never carry less,
    so each type's cheapest feasible option is its first feasible count (plain EBS and
    provisioned throughput searched apart, then compared on price)."""
    a = assumptions or default_assumptions()
    alternatives, misses = [], []
    for family in FAMILIES:
        found = [
            best
            for instance_type in types_of(family)
            if (best := _cheapest_of_type(instance_type, load, a)) is not None
        ]
        alternatives += found
        if not found:
            misses.append(_nearest_miss(family, load, a))
    alternatives.sort(key=lambda e: (*by_cost(e), FAMILIES.index(e.option.family)))
    return Sizing(load, a, tuple(alternatives), tuple(misses))


def evaluate_all(load: Workload, assumptions: Assumptions | None = None) -> list:
    """Every option, checked and priced, feasible ones first, each group cheapest first."""
    a = assumptions or default_assumptions()
    evaluations = [price(evaluate(o, load, a), load) for o in all_options(load, a)]
    return sorted(evaluations, key=lambda e: (not e.feasible, *by_cost(e)))


def cost_curves(load: Workload, ingress_values, assumptions: Assumptions | None = None) -> dict:
    """Each family's cheapest feasible monthly cost at each ingress (None where nothing in the
    family carries it); egress and peak scale with the ingress, the rest stays."""
    a = assumptions or default_assumptions()
    curves: dict = {family: [] for family in FAMILIES}
    for ingress in ingress_values:
        found = size(load.at_ingress(ingress, a), a)
        for family in FAMILIES:
            best = found.cheapest(family)
            curves[family].append(None if best is None else best.monthly)
    return curves


def _cheapest_of_type(instance_type, load: Workload, a: Assumptions) -> Evaluation | None:
    """The first feasible count with plain EBS, and any provisioned-throughput option feasible
    with fewer brokers than that (the same count or more with provisioning costs more)."""
    if instance_type is None:
        found = [evaluate(Option(SERVERLESS), load, a)]
    else:
        found = []
        for option in options_of_type(instance_type, load, a):
            boosted = option.provisioned_throughput_mibps is not None
            if boosted and found:
                continue  # one feasible provisioned option is the cheapest provisioned one
            evaluation = evaluate(option, load, a)
            if evaluation.feasible:
                found.append(evaluation)
                if not boosted:
                    break
    priced = [e for e in (price(e, load) for e in found if e.feasible) if e.monthly is not None]
    return min(priced, key=by_cost, default=None)


def _nearest_miss(family: str, load: Workload, a: Assumptions) -> Evaluation:
    candidates = (
        evaluate(option, load, a)
        for instance_type in types_of(family)
        for option in (
            [Option(SERVERLESS)]
            if instance_type is None
            else options_of_type(instance_type, load, a)
        )
    )
    return price(min(candidates, key=lambda e: e.shortfall), load)


# -- a configured cluster, as the plan sees it -----------------------------------------------


def configured_option(spec: ClusterSpec) -> Option | None:
    """The option a spec configures, storage autoscaling's ceiling included; None when its
    shape isn't known offline."""
    if spec.is_serverless:
        return Option(SERVERLESS)
    if not spec.instance_type or not spec.broker_count or spec.instance is None:
        return None
    azs = spec.subnet_count or KEYS_BY_NAME["azCount"].default
    if spec.is_express:
        return Option(EXPRESS, spec.instance_type, spec.broker_count, azs=azs)
    return Option(
        STANDARD,
        spec.instance_type,
        spec.broker_count,
        spec.ebs_volume_gib,
        spec.provisioned_throughput_mibps,
        azs,
        autoscaling_max_gib=spec.storage_autoscaling.max_gib if spec.storage_autoscaling else None,
    )


def plan_warnings(spec: ClusterSpec, region: str | None, stack: str = "") -> list:
    """What the plan says about a stack with ``msk:workload``: the configured cluster can't
    carry it (and which limit it breaks), or a cheaper option can (and the saving a month)."""
    option = configured_option(spec)
    try:
        load = workload_from_spec(spec)
    except SizingInputError:
        return []
    if load is None or option is None:
        return []
    current = evaluate(option, load)
    command = f"`mskctl size --stack {stack}`" if stack else "`mskctl size`"
    warnings = [TIERED_SIZING_NOTE] if spec.storage_mode == TIERED else []
    if not current.feasible:
        broken = "; ".join(check.describe() for check in current.violations[:2])
        warnings.append(
            f"msk:workload: the configured cluster ({option.label}) can't carry it: {broken}"
        )
    if region != catalog.pricing()["region"]:
        return warnings
    best = size(load).recommended
    if best is None:
        warnings.append(f"msk:workload: no option in the catalog carries it; {command} says why")
    elif not current.feasible:
        warnings.append(
            f"msk:workload: the cheapest option that carries it is {best.option.label}, "
            f"${best.monthly:,.2f} a month with cross-AZ client traffic; see {command}"
        )
    else:
        current = price(current, load)
        assert best.monthly is not None  # size() recommends priced options only
        if current.monthly is not None and best.monthly < current.monthly - 0.005:
            warnings.append(
                f"msk:workload: {best.option.label} also carries it, for "
                f"${current.monthly - best.monthly:,.2f} a month less than the configured "
                f"cluster; see {command}"
            )
    return warnings


def sizing_warnings(specs, region: str | None, stack: str = "") -> list:
    """``plan_warnings`` for each (name, spec) a program declares, named when there are more."""
    labelled = len(specs) > 1
    return [
        f"{name}: {warning}" if labelled else warning
        for name, spec in specs
        for warning in plan_warnings(spec, region, stack)
    ]


def stack_config(option: Option, load: Workload, builds_network: bool = True) -> dict:
    """The ``msk:`` keys that configure ``option`` for ``load``, to paste in a stack file
    (``msk:azCount`` too when the program builds the network with other than the default)."""
    config: dict[str, Any] = {
        "msk:clusterType": "serverless" if option.family == SERVERLESS else "provisioned"
    }
    if option.family != SERVERLESS:
        config["msk:instanceType"] = option.instance_type
        config["msk:brokerCount"] = option.broker_count
        if builds_network and option.azs != KEYS_BY_NAME["azCount"].default:
            config["msk:azCount"] = option.azs
    if option.family == STANDARD:
        config["msk:ebsVolumeGib"] = option.ebs_volume_gib
        if option.provisioned_throughput_mibps:
            config["msk:provisionedThroughputMibps"] = option.provisioned_throughput_mibps
    figures: dict[str, Any] = {"ingressMibps": _plain(load.ingress_mibps)}
    if load.peak_ingress_mibps != load.ingress_mibps:  # the peak sized it: keep it in the stack
        figures["peakIngressMibps"] = _plain(load.peak_ingress_mibps)
    config["msk:workload"] = {
        **figures,
        "egressMibps": _plain(load.egress_mibps),
        "retentionHours": _plain(load.retention_hours),
        "partitions": load.partitions,
        "consumerGroups": load.consumer_groups,
        "replicationFactor": load.replication_factor,
    }
    return config


def _plain(value: float) -> float | int:
    """3.0 -> 3, 2.5 -> 2.5 (for YAML people read)."""
    return int(value) if float(value).is_integer() else round(value, 3)
