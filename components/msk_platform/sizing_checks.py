"""Sizing checks: one option of the catalog against a workload, each limit with its source.

Standard brokers follow AWS's right-sizing blog (Equation 1) per broker, with the instance's
storage and network baselines at the standard utilization, CPU under AWS's 60 % guidance, the
retention window on EBS, partitions per broker, and the loss of an AZ; express brokers follow
AWS's per-broker quotas; serverless its per-cluster and per-partition quotas.
"""

import math
from dataclasses import dataclass, replace
from typing import Any

from . import catalog
from .cost import CostEstimate, estimate
from .errors import MskConfigError
from .sizing_inputs import MIB_PER_MB, Assumptions, Workload, default_assumptions
from .spec import ClusterSpec

STANDARD = "standard"
EXPRESS = "express"
SERVERLESS = "serverless"
FAMILIES = (STANDARD, EXPRESS, SERVERLESS)

# The constraints an option can break; each names where its limit comes from in ``detail``.
STORAGE_THROUGHPUT = "storage throughput"
NETWORK = "network"
CPU = "CPU"
AZ_LOSS = "AZ-loss survival"
STORAGE_CAPACITY = "storage capacity"
STORAGE_AUTOSCALING_PACE = "storage autoscaling pace"
PARTITIONS_PER_BROKER = "partitions per broker"
REPLICATION = "replication factor"
EXPRESS_INGRESS = "express ingress per broker"
EXPRESS_EGRESS = "express egress per broker"
PARTITION_THROUGHPUT = "throughput per partition"
SERVERLESS_INGRESS = "serverless ingress per cluster"
SERVERLESS_EGRESS = "serverless egress per cluster"
SERVERLESS_PARTITIONS = "serverless partitions"
SERVERLESS_CONSUMER_GROUPS = "serverless consumer groups"
AVAILABILITY_ZONES = "availability zones"
SIZING_BASELINE = "sizing baseline"


# -- options, checks and evaluations ---------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One cluster the catalog offers."""

    family: str
    instance_type: str | None = None
    broker_count: int | None = None
    ebs_volume_gib: int | None = None
    provisioned_throughput_mibps: int | None = None
    azs: int | None = None
    volume_sized: bool = False  # the model chose the EBS volume: the EBS maximum limits it
    autoscaling_max_gib: int | None = None  # storage autoscaling may grow each volume to this

    @property
    def storage_ceiling_gib(self) -> int | None:
        """The most each broker's volume can hold: the EBS maximum when the model chose the
        volume, the autoscaling maximum when autoscaling grows it, else the volume itself."""
        if self.volume_sized:
            return catalog.ebs_volume_bounds()[1]
        if self.ebs_volume_gib is None:
            return None
        return max(self.ebs_volume_gib, self.autoscaling_max_gib or 0)

    @property
    def label(self) -> str:
        if self.family == SERVERLESS:
            return "serverless"
        text = f"{self.broker_count} × {self.instance_type}"
        if self.ebs_volume_gib is not None:
            text += f", {self.ebs_volume_gib:,} GiB each"
        if self.autoscaling_max_gib:
            text += f" (autoscaling to {self.autoscaling_max_gib:,})"
        if self.provisioned_throughput_mibps:
            text += f", {self.provisioned_throughput_mibps} MiB/s provisioned"
        return text

    def spec_args(self, load: Workload) -> dict:
        """ClusterSpec args for this option carrying ``load`` (priced by msk_platform.cost)."""
        args: dict[str, Any] = {
            "workload": {
                "ingressMibps": load.ingress_mibps,
                "peakIngressMibps": load.peak_ingress_mibps,
                "egressMibps": load.egress_mibps,
                "retentionHours": load.retention_hours,
                "partitions": load.partitions,
            }
        }
        if self.family == SERVERLESS:
            return {"cluster_type": "serverless", **args}
        args.update(
            instance_type=self.instance_type, broker_count=self.broker_count, az_count=self.azs
        )
        if self.family == STANDARD:
            args["ebs_volume_gib"] = self.ebs_volume_gib
            args["provisioned_throughput_mibps"] = self.provisioned_throughput_mibps
        return args

    def to_json(self) -> dict:
        return {
            "family": self.family,
            "instanceType": self.instance_type,
            "brokerCount": self.broker_count,
            "ebsVolumeGib": self.ebs_volume_gib,
            "provisionedThroughputMibps": self.provisioned_throughput_mibps,
            "azs": self.azs,
            "autoscalingMaxGib": self.autoscaling_max_gib,
            "label": self.label,
        }


@dataclass(frozen=True)
class Check:
    """One constraint on one option: ``demand`` against ``limit``. A ``rule`` passes or fails
    (a replication factor, an AZ count); the others are capacities, which can bind."""

    constraint: str
    demand: float
    limit: float
    unit: str
    detail: str
    rule: bool = False

    @property
    def ratio(self) -> float:
        if self.limit <= 0:
            return math.inf if self.demand > 0 else 0.0
        return self.demand / self.limit

    @property
    def ok(self) -> bool:
        return self.demand <= self.limit * (1 + 1e-9)

    def describe(self) -> str:
        if self.rule:  # the detail says it all, numbers included
            return f"{self.constraint}: {self.detail}"
        return (
            f"{self.constraint}: {_num(self.demand)} {self.unit} against "
            f"{_num(self.limit)} allowed ({self.detail})"
        )

    def to_json(self) -> dict:
        return {
            "constraint": self.constraint,
            "demand": round(self.demand, 3),
            "limit": round(self.limit, 3),
            "unit": self.unit,
            "utilization": None if math.isinf(self.ratio) else round(self.ratio, 4),
            "rule": self.rule,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Evaluation:
    """An option's checks and, once priced, its monthly cost."""

    option: Option
    checks: tuple
    cost: CostEstimate | None = None

    @property
    def feasible(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def violations(self) -> list:
        """Broken checks, rules first, then the most exceeded."""
        broken = [check for check in self.checks if not check.ok]
        return sorted(broken, key=lambda c: (not c.rule, -c.ratio))

    @property
    def binding(self) -> Check | None:
        """The constraint that decides: the worst broken one, or the capacity nearest its
        limit when all pass."""
        if not self.feasible:
            return self.violations[0]
        capacities = [check for check in self.checks if not check.rule]
        return max(capacities, key=lambda c: c.ratio, default=None)

    @property
    def shortfall(self) -> tuple:
        """How far from feasible (for the nearest miss): broken rules, then the worst ratio."""
        broken = self.violations
        return (sum(c.rule for c in broken), max((c.ratio for c in broken), default=0.0))

    @property
    def monthly(self) -> float | None:
        """Everything the option costs a month: the MSK bill plus cross-AZ client traffic."""
        if self.cost is None or not self.cost.priced:
            return None
        return round(sum(line.monthly or 0.0 for line in self.cost.lines), 2)

    def to_json(self) -> dict:
        binding = self.binding
        return {
            **self.option.to_json(),
            "feasible": self.feasible,
            "monthly": self.monthly,
            "mskMonthly": None if self.cost is None else self.cost.monthly,
            "binding": None if binding is None else binding.to_json(),
            "violations": [check.to_json() for check in self.violations],
        }


def evaluate(option: Option, load: Workload, assumptions: Assumptions | None = None):
    """Check one option against the workload (not priced: see ``price``)."""
    a = assumptions or default_assumptions()
    checks = {
        STANDARD: _standard_checks,
        EXPRESS: _express_checks,
        SERVERLESS: _serverless_checks,
    }[option.family](option, load, a)
    return Evaluation(option, tuple(checks))


def price(evaluation: Evaluation, load: Workload) -> Evaluation:
    """The evaluation with its monthly cost, from the catalog's list prices. An option the
    spec refuses (serverless past its partition quota) stays unpriced: it can't be built."""
    try:
        spec = ClusterSpec.from_args(evaluation.option.spec_args(load), project="msk", stack="size")
    except MskConfigError:
        return evaluation
    return replace(evaluation, cost=estimate(spec, catalog.pricing()["region"]))


def by_cost(evaluation: Evaluation) -> tuple:
    """Sort key: cheapest first, unpriced last."""
    monthly = evaluation.monthly
    return (monthly is None, monthly or 0.0)


def _standard_checks(option: Option, load: Workload, a: Assumptions) -> list:
    """Equation 1 of AWS's right-sizing blog, per broker, plus storage, partitions, CPU and
    the loss of an AZ."""
    name, n = option.instance_type, option.broker_count
    assert name is not None and n is not None  # every standard option names both
    facts = catalog.broker_throughput()[name]
    instance = catalog.instance_types()[name]
    if facts.ebs_baseline_mibps is None or facts.network_baseline_mibps is None:
        note = f"the catalog has no storage or network baseline for {name}, a burstable type"
        return [Check(SIZING_BASELINE, 1, 0, "baseline", note, rule=True)]
    r, peak_in, peak_out = load.replication_factor, load.peak_ingress_mibps, load.peak_egress_mibps
    written = peak_in * r / n  # leaders' writes plus followers' copies, per broker
    sent = (peak_out + peak_in * (r - 1)) / n  # consumers plus followers fetching, per broker
    volume_mibps = option.provisioned_throughput_mibps or a.volume_throughput_mibps
    storage_mibps = min(volume_mibps, facts.ebs_baseline_mibps)
    network_mibps = facts.network_baseline_mibps
    per_vcpu = a.cpu_mibps_per_vcpu
    storage_source = (
        f"{_num(a.standard_utilization * 100)}% of min(volume {_num(volume_mibps)}, "
        f"EBS bandwidth {_num(facts.ebs_baseline_mibps)}) MiB/s"
    )
    checks = [
        Check(
            REPLICATION,
            r,
            n,
            "copies",
            f"{r} copies of each partition need {r} brokers; this option has {n}",
            rule=True,
        ),
        Check(
            STORAGE_THROUGHPUT,
            written,
            storage_mibps * a.standard_utilization,
            "MiB/s written per broker",
            storage_source,
        ),
        Check(
            NETWORK,
            max(written, sent),
            network_mibps * a.standard_utilization,
            "MiB/s per broker, busier direction",
            f"{_num(a.standard_utilization * 100)}% of the {_num(network_mibps)} MiB/s baseline",
        ),
        Check(
            CPU,
            100 * (written + sent) / (instance.vcpu * per_vcpu),
            100 * a.cpu_max_utilization,
            "% CPU",
            f"{_num(written + sent)} MiB/s through {instance.vcpu} vCPUs at "
            f"{_num(per_vcpu)} MiB/s per vCPU-second",
        ),
        *_storage_capacity(option, load, a),
        _partitions_per_broker(instance, load.partitions * r, n),
    ]
    checks += _az_loss_checks(option, load, a, instance.vcpu, network_mibps)
    return checks


def _az_loss_checks(option, load, a, vcpu, network_mibps) -> list:
    """After losing ``azs_lost`` AZs: enough copies left for producers (min ISR = RF − 1, at
    least 1), and survivors within their network and CPU. Writes per survivor don't grow (the
    lost copies stop), but consumers all read from the survivors."""
    azs, n, r = option.azs, option.broker_count, load.replication_factor
    lost_share = a.azs_lost / azs
    whole, spread = divmod(r, azs)
    copies_lost = a.azs_lost * whole + min(a.azs_lost, spread)
    min_isr = max(1, r - 1)
    survivors = n * (1 - lost_share)
    copies_left = r * (1 - lost_share)  # on average, spread evenly over the AZs
    written = load.peak_ingress_mibps * copies_left / survivors
    sent = (load.peak_egress_mibps + load.peak_ingress_mibps * max(copies_left - 1, 0)) / survivors
    after = f"after losing {a.azs_lost} of {azs} AZs"
    ceiling = a.az_loss_max_utilization
    return [
        Check(
            AZ_LOSS,
            min_isr,
            r - copies_lost,
            "copies in sync",
            f"{after}, the worst partition keeps {r - copies_lost} of {r} copies; producers "
            f"need min.insync.replicas = {min_isr}",
            rule=True,
        ),
        Check(
            AZ_LOSS,
            max(written, sent),
            network_mibps * ceiling,
            "MiB/s per surviving broker (network)",
            f"{after}, {_num(ceiling * 100)}% of the {_num(network_mibps)} MiB/s baseline",
        ),
        Check(
            AZ_LOSS,
            100 * (written + sent) / (vcpu * a.cpu_mibps_per_vcpu),
            100 * ceiling,
            "% CPU on survivors",
            f"{after}, {_num(written + sent)} MiB/s through {vcpu} vCPUs",
        ),
    ]


def data_per_broker_gib(load: Workload, brokers: int) -> float:
    """Every copy of the retention window, spread over the brokers."""
    return load.retained_gib * load.replication_factor / brokers


def volume_needed_gib(load: Workload, brokers: int, a: Assumptions) -> float:
    """EBS per broker that keeps the retention window below the disk alarm."""
    return data_per_broker_gib(load, brokers) / a.disk_fill_limit


def _storage_capacity(option: Option, load: Workload, a: Assumptions) -> list:
    """The retention window below the disk alarm on the largest volume each broker can have,
    and, when storage autoscaling must grow the volume to get there, autoscaling fast enough."""
    assert option.broker_count is not None  # a standard option always has a broker count
    kept = data_per_broker_gib(load, option.broker_count)
    top = catalog.ebs_volume_bounds()[1]
    ceiling = option.storage_ceiling_gib
    assert ceiling is not None  # a standard option's volume is chosen or configured (default)
    if option.autoscaling_max_gib and ceiling > (option.ebs_volume_gib or 0):
        where = f"the {ceiling:,} GiB storage autoscaling may grow each volume to"
    elif ceiling >= top:
        where = f"the {top:,} GiB EBS maximum"
    else:
        where = f"a {ceiling:,} GiB volume"
    checks = [
        Check(
            STORAGE_CAPACITY,
            kept,
            ceiling * a.disk_fill_limit,
            "GiB kept per broker",
            f"{_num(load.retention_hours)} h × {load.replication_factor} copies, below "
            f"{_num(a.disk_fill_limit * 100)}% of {where}",
        )
    ]
    volume = option.ebs_volume_gib
    if option.autoscaling_max_gib and volume is not None and kept > volume * a.disk_fill_limit:
        checks.append(_autoscaling_pace(volume, kept, load, a))
    return checks


def _autoscaling_pace(volume: int, kept: float, load: Workload, a: Assumptions) -> Check:
    """While the retention window fills, data grows at ``kept / retention`` per broker; MSK
    grows a volume by max(10 GiB, 10 %) at most once per interval (catalog: storage.autoscaling).
    The first step, from the configured volume, is the smallest: it must outpace the data."""
    rules = catalog.autoscaling_rules()
    interval = rules["min_interval_hours"]
    step = max(rules["min_step_gib"], volume * rules["step_fraction"])
    filled = kept / load.retention_hours * interval
    return Check(
        STORAGE_AUTOSCALING_PACE,
        filled,
        step * a.disk_fill_limit,
        f"GiB written per broker in {_num(interval)} h",
        f"autoscaling adds max({_num(rules['min_step_gib'])} GiB, "
        f"{_num(rules['step_fraction'] * 100)}%) = {_num(step)} GiB to a {volume:,} GiB volume "
        f"at most every {_num(interval)} h; {_num(a.disk_fill_limit * 100)}% of it is usable",
    )


def _partitions_per_broker(instance, replicas: int, brokers: int) -> Check:
    return Check(
        PARTITIONS_PER_BROKER,
        math.ceil(replicas / brokers),
        instance.partitions_recommended_per_broker,
        "partition replicas per broker",
        f"AWS's recommended count for {instance.name}",
    )


def _express_checks(option: Option, load: Workload, a: Assumptions) -> list:
    """AWS's published per-broker quotas, at the express utilization; the maximum quotas (past
    which MSK throttles) must hold on the survivors of an AZ loss."""
    name, n = option.instance_type, option.broker_count
    assert name is not None and n is not None  # every express option names both
    facts = catalog.broker_throughput()[name]
    # The catalog gives every express type all of AWS's per-broker quotas.
    assert (
        facts.azs_required is not None
        and facts.replication_factor_fixed is not None
        and facts.ingress_sustained_mbps is not None
        and facts.egress_sustained_mbps is not None
        and facts.ingress_max_mbps is not None
        and facts.egress_max_mbps is not None
        and facts.partition_max_mbps is not None
    ), f"the catalog lacks express quotas for {name}"
    instance = catalog.instance_types()[name]
    util = a.express_utilization
    peak_in, peak_out = load.peak_ingress_mibps, load.peak_egress_mibps
    survivors = n * (1 - a.azs_lost / facts.azs_required)
    after = f"after losing {a.azs_lost} of {facts.azs_required} AZs, MSK throttles past"
    sustained = f"{_num(util * 100)}% of the sustained quota"
    return [
        Check(
            AVAILABILITY_ZONES,
            facts.azs_required,
            load.azs,
            "AZs",
            f"express brokers need {facts.azs_required} AZs; the workload has {load.azs}",
            rule=True,
        ),
        Check(
            REPLICATION,
            load.replication_factor,
            facts.replication_factor_fixed,
            "copies",
            f"express fixes the replication factor at {facts.replication_factor_fixed}; "
            f"the workload asks for {load.replication_factor}",
            rule=True,
        ),
        Check(
            EXPRESS_INGRESS,
            peak_in / n,
            facts.ingress_sustained_mbps * MIB_PER_MB * util,
            "MiB/s per broker",
            f"{sustained}, {_num(facts.ingress_sustained_mbps)} MB/s",
        ),
        Check(
            EXPRESS_EGRESS,
            peak_out / n,
            facts.egress_sustained_mbps * MIB_PER_MB * util,
            "MiB/s per broker",
            f"{sustained}, {_num(facts.egress_sustained_mbps)} MB/s",
        ),
        Check(
            PARTITION_THROUGHPUT,
            peak_in / load.partitions,
            facts.partition_max_mbps * MIB_PER_MB * util,
            "MiB/s into each partition",
            f"{_num(util * 100)}% of express' {_num(facts.partition_max_mbps)} MB/s per partition",
        ),
        _partitions_per_broker(instance, load.partitions * facts.replication_factor_fixed, n),
        Check(
            AZ_LOSS,
            peak_in / survivors,
            facts.ingress_max_mbps * MIB_PER_MB * a.az_loss_max_utilization,
            "MiB/s in per surviving broker",
            f"{after} {_num(facts.ingress_max_mbps)} MB/s",
        ),
        Check(
            AZ_LOSS,
            peak_out / survivors,
            facts.egress_max_mbps * MIB_PER_MB * a.az_loss_max_utilization,
            "MiB/s out per surviving broker",
            f"{after} {_num(facts.egress_max_mbps)} MB/s",
        ),
    ]


def _serverless_checks(option: Option, load: Workload, a: Assumptions) -> list:
    """Serverless' per-cluster and per-partition quotas, at the serverless utilization."""
    limits = catalog.serverless_limits()
    util = a.serverless_utilization
    share = f"{_num(util * 100)}% of the"
    peak_in, peak_out = load.peak_ingress_mibps, load.peak_egress_mibps
    per_in = limits["max_ingress_MBps_per_partition"]
    per_out = limits["max_egress_MBps_per_partition"]
    return [
        Check(
            SERVERLESS_INGRESS,
            peak_in,
            limits["max_ingress_MBps_per_cluster"] * MIB_PER_MB * util,
            "MiB/s in",
            f"{share} {limits['max_ingress_MBps_per_cluster']} MB/s quota",
        ),
        Check(
            SERVERLESS_EGRESS,
            peak_out,
            limits["max_egress_MBps_per_cluster"] * MIB_PER_MB * util,
            "MiB/s out",
            f"{share} {limits['max_egress_MBps_per_cluster']} MB/s quota",
        ),
        Check(
            PARTITION_THROUGHPUT,
            peak_in / load.partitions,
            per_in * MIB_PER_MB * util,
            "MiB/s into each partition",
            f"{share} {per_in} MB/s per-partition quota",
        ),
        Check(
            PARTITION_THROUGHPUT,
            peak_out / load.partitions,
            per_out * MIB_PER_MB * util,
            "MiB/s out of each partition",
            f"{share} {per_out} MB/s per-partition quota",
        ),
        Check(
            SERVERLESS_PARTITIONS,
            load.partitions,
            limits["max_partitions_non_compacted"],
            "partitions",
            "serverless' quota of non-compacted partitions",
        ),
        Check(
            SERVERLESS_CONSUMER_GROUPS,
            load.consumer_groups,
            limits["max_consumer_groups"],
            "consumer groups",
            "serverless' quota per cluster",
        ),
    ]


def _num(value: float) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
