"""Sizing inputs: the model's parameters and the workload, every figure known or said assumed.

Pure Python. Each parameter comes from the catalog's sizing guidance (with its source there),
except the two AZ-loss choices, which are this model's own (see ``Assumptions``).
"""

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from . import catalog
from .cost import retained_data_gib
from .spec import ClusterSpec
from .spec.keys import KEYS_BY_NAME

MIB_PER_MB = 10**6 / 2**20  # AWS states express and serverless quotas in MB/s


class SizingInputError(ValueError):
    """A workload figure that can't be sized: a usage error, said in words."""


# -- the model's parameters ----------------------------------------------------------------


@dataclass(frozen=True)
class Assumptions:
    """Every parameter of the model. ``default_assumptions()`` reads each from the catalog,
    except ``azs_lost`` and ``az_loss_max_utilization``, which are this model's own choices."""

    standard_utilization: float  # share of a standard broker's storage/network baseline in use
    express_utilization: float  # share of an express broker's sustained quotas in use
    serverless_utilization: float  # share of serverless quotas in use (none published: express's)
    cpu_max_utilization: float  # AWS best practice: CPU user + system under 60 %
    cpu_mibps_per_vcpu: float  # broker traffic (in + out) one vCPU moves at 100 % CPU
    disk_fill_limit: float  # the retention window must fit below the 85 % disk alarm
    volume_throughput_mibps: float  # an EBS volume's throughput without provisioning it
    default_retention_hours: float  # Kafka's log.retention.hours, which MSK leaves unset
    default_replication_factor: dict = field(default_factory=dict)  # by AZ count, MSK's default
    azs_lost: int = 1  # the cluster must survive the loss of this many whole AZs
    az_loss_max_utilization: float = 1.0  # while an AZ is out, survivors may use all, not more


@lru_cache(maxsize=1)
def default_assumptions() -> Assumptions:
    """The parameters from the catalog's sizing guidance (sources beside each figure there)."""
    guidance = catalog.sizing_guidance()
    toolkit = guidance["agent_toolkit_headroom"]
    model = catalog.sizing_parameters()
    return Assumptions(
        standard_utilization=toolkit["standard_utilization"],
        express_utilization=toolkit["express_utilization"],
        serverless_utilization=toolkit["express_utilization"],
        cpu_max_utilization=model["cpu_max_utilization"],
        cpu_mibps_per_vcpu=express_calibrated_cpu(model["cpu_max_utilization"]),
        disk_fill_limit=model["disk_fill_limit"],
        volume_throughput_mibps=guidance["gp2_gp3_default_volume_throughput_MiBps"],
        default_retention_hours=model["default_retention_hours"],
        default_replication_factor={
            int(azs): rf for azs, rf in model["default_replication_factor_by_azs"].items()
        },
    )


def express_calibrated_cpu(cpu_max_utilization: float) -> float:
    """MiB/s of broker traffic one vCPU moves at 100 % CPU. AWS publishes no CPU cost per byte
    for standard brokers; its express quotas grow exactly with vCPUs, so an express broker at
    its sustained quotas (client and replication traffic, in and out) is taken to sit at the CPU
    guidance, and a standard broker to spend the same CPU per byte. The smallest rate wins."""
    rates = []
    for name, facts in catalog.broker_throughput().items():
        if facts.ingress_sustained_mbps is None:
            continue
        # A type with express quotas has them all (the catalog gives each express type all).
        assert (
            facts.egress_sustained_mbps is not None and facts.replication_factor_fixed is not None
        )
        copies = facts.replication_factor_fixed
        ingress = facts.ingress_sustained_mbps * MIB_PER_MB
        egress = facts.egress_sustained_mbps * MIB_PER_MB
        traffic = ingress * copies + egress + ingress * (copies - 1)
        rates.append(traffic / catalog.instance_types()[name].vcpu / cpu_max_utilization)
    return min(rates)


# -- the workload ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    """What the cluster must carry, every figure known (``assumed`` says which were filled in).
    Throughput limits are checked at the peak; prices and storage use the averages."""

    ingress_mibps: float
    egress_mibps: float
    consumer_groups: int
    retention_hours: float
    partitions: int
    replication_factor: int
    azs: int
    peak_ingress_mibps: float
    partitions_given: bool = True
    assumed: tuple = ()

    @property
    def peak_factor(self) -> float:
        return self.peak_ingress_mibps / self.ingress_mibps

    @property
    def peak_egress_mibps(self) -> float:
        return self.egress_mibps * self.peak_factor

    @property
    def retained_gib(self) -> float:
        """One copy of the data kept over the retention window."""
        return retained_data_gib(self.ingress_mibps, self.retention_hours)

    def at_ingress(self, ingress_mibps: float, assumptions: Assumptions | None = None):
        """The same workload at another ingress: egress and peak scale with it."""
        scale = ingress_mibps / self.ingress_mibps
        peak_in, egress = self.peak_ingress_mibps * scale, self.egress_mibps * scale
        partitions = self.partitions
        if not self.partitions_given:
            a = assumptions or default_assumptions()
            partitions = fewest_partitions(peak_in, egress * self.peak_factor, a)
        return replace(
            self,
            ingress_mibps=ingress_mibps,
            egress_mibps=egress,
            peak_ingress_mibps=peak_in,
            partitions=partitions,
        )

    def to_json(self) -> dict:
        return {
            "ingressMibps": self.ingress_mibps,
            "peakIngressMibps": self.peak_ingress_mibps,
            "egressMibps": self.egress_mibps,
            "consumerGroups": self.consumer_groups,
            "retentionHours": self.retention_hours,
            "partitions": self.partitions,
            "replicationFactor": self.replication_factor,
            "azs": self.azs,
            "assumed": list(self.assumed),
        }


def workload(
    ingress_mibps: float | None,
    *,
    egress_mibps: float | None = None,
    consumer_groups: int | None = None,
    retention_hours: float | None = None,
    partitions: int | None = None,
    replication_factor: int | None = None,
    azs: int | None = None,
    peak_ingress_mibps: float | None = None,
    assumptions: Assumptions | None = None,
) -> Workload:
    """A complete workload from the figures given; the rest filled in and said so.
    Raises SizingInputError naming the figure that can't be used."""
    a = assumptions or default_assumptions()
    assumed = []
    if ingress_mibps is None:
        raise SizingInputError("the ingress (MiB/s produced) is needed to size a cluster")
    _at_least("ingress", ingress_mibps, 0, strictly=True)
    for name, value, least in (
        ("egress", egress_mibps, 0),
        ("consumer groups", consumer_groups, 0),
        ("partitions", partitions, 1),
        ("replication factor", replication_factor, 1),
    ):
        if value is not None:
            _at_least(name, value, least)
    if retention_hours is not None:
        _at_least("retention", retention_hours, 0, strictly=True)
    allowed_azs = sorted(
        {
            n
            for kind in (catalog.STANDARD, catalog.EXPRESS)
            for n in catalog.allowed_subnet_counts(kind)
        }
    )
    if azs is None:
        azs = KEYS_BY_NAME["azCount"].default
    elif azs not in allowed_azs:
        raise SizingInputError(f"{azs} AZs: MSK clusters use {' or '.join(map(str, allowed_azs))}")
    if peak_ingress_mibps is None:
        peak_ingress_mibps = ingress_mibps
        assumed.append("peak ingress = the average (no peak given)")
    elif peak_ingress_mibps < ingress_mibps:
        raise SizingInputError(
            f"the peak ingress ({peak_ingress_mibps:g} MiB/s) is below the average "
            f"({ingress_mibps:g} MiB/s)"
        )
    if consumer_groups is None:
        consumer_groups = max(1, math.ceil(egress_mibps / ingress_mibps)) if egress_mibps else 1
        assumed.append(f"{consumer_groups} consumer group{_plural(consumer_groups)}")
    if egress_mibps is None:
        egress_mibps = ingress_mibps * consumer_groups
        assumed.append("egress = ingress × consumer groups (each group reads everything)")
    if retention_hours is None:
        retention_hours = a.default_retention_hours
        assumed.append(f"retention {retention_hours:g} h (Kafka's default; MSK leaves it unset)")
    if replication_factor is None:
        replication_factor = a.default_replication_factor[azs]
        assumed.append(f"replication factor {replication_factor} (MSK's default in {azs} AZs)")
    partitions_given = partitions is not None
    if partitions is None:
        peak_egress = egress_mibps * peak_ingress_mibps / ingress_mibps
        partitions = fewest_partitions(peak_ingress_mibps, peak_egress, a)
        assumed.append(
            f"{partitions} partition{_plural(partitions)}: the fewest serverless' "
            "per-partition quotas allow"
        )
    return Workload(
        ingress_mibps=float(ingress_mibps),
        egress_mibps=float(egress_mibps),
        consumer_groups=int(consumer_groups),
        retention_hours=float(retention_hours),
        partitions=int(partitions),
        replication_factor=int(replication_factor),
        azs=int(azs),
        peak_ingress_mibps=float(peak_ingress_mibps),
        partitions_given=partitions_given,
        assumed=tuple(assumed),
    )


def workload_from_spec(spec: ClusterSpec, **overrides: Any) -> Workload | None:
    """The workload a stack declares (``msk:workload``), with ``overrides`` on top; None when
    it states no ingress. AZs are the stack's subnet count (the default when unknown)."""
    declared = spec.workload
    figures: dict[str, Any] = {
        "ingress_mibps": declared.ingress_mibps if declared else None,
        "peak_ingress_mibps": declared.peak_ingress_mibps if declared else None,
        "egress_mibps": declared.egress_mibps if declared else None,
        "consumer_groups": declared.consumer_groups if declared else None,
        "retention_hours": declared.retention_hours if declared else None,
        "partitions": declared.partitions if declared else None,
        "replication_factor": declared.replication_factor if declared else None,
        "azs": spec.subnet_count,
    }
    figures.update({k: v for k, v in overrides.items() if v is not None})
    if not figures["ingress_mibps"]:
        return None
    return workload(figures.pop("ingress_mibps"), **figures)


def fewest_partitions(peak_ingress: float, peak_egress: float, a: Assumptions) -> int:
    """The fewest partitions that keep each under serverless' per-partition quotas (the
    tightest in the catalog), at the serverless utilization."""
    limits = catalog.serverless_limits()
    per_in = limits["max_ingress_MBps_per_partition"] * MIB_PER_MB * a.serverless_utilization
    per_out = limits["max_egress_MBps_per_partition"] * MIB_PER_MB * a.serverless_utilization
    return max(1, math.ceil(peak_ingress / per_in), math.ceil(peak_egress / per_out))


def _at_least(name: str, value: float, least: float, strictly: bool = False) -> None:
    if value < least or (strictly and value == least):
        word = "more than" if strictly else "at least"
        raise SizingInputError(f"{name} must be {word} {least:g}, not {value:g}")


def _plural(count: int) -> str:
    return "" if count == 1 else "s"
