"""Monthly cost of a ClusterSpec, from the catalog's list prices (pure Python).

Each line says what it counts, how many, at what unit price. A line whose quantity depends on
traffic the spec does not state (no ``msk:workload``) is shown with no amount, never as zero.
Embedders can price their own specs: ``estimate(spec, region)``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from . import catalog
from .spec import ClusterSpec
from .spec.storage_mode_rules import TIERED

# A serverless bill whose partition-hours pass this share gets a warning: partitions are the
# one serverless charge that accrues whether or not data flows.
PARTITION_SPRAWL_SHARE = 0.30
GIB_PER_MIB = 1 / 1024
SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class CostLine:
    item: str
    quantity: float | None  # None: depends on usage the spec does not state
    unit: str
    unit_price: float | None  # None: no price for the region
    in_msk_bill: bool = True  # False for charges billed by other services (data transfer)

    @property
    def monthly(self) -> float | None:
        if self.quantity is None or self.unit_price is None:
            return None
        return round(self.quantity * self.unit_price, 2)

    def to_json(self) -> dict:
        return {
            "item": self.item,
            "quantity": None if self.quantity is None else round(self.quantity, 3),
            "unit": self.unit,
            "unitPrice": self.unit_price,
            "monthly": self.monthly,
            "inMskBill": self.in_msk_bill,
        }


@dataclass(frozen=True)
class CostEstimate:
    currency: str
    region: str | None
    priced: bool  # False when the catalog has no prices for the region
    lines: tuple
    prices_as_of: str
    warnings: tuple = ()
    assumptions: tuple = ()

    @property
    def monthly(self) -> float | None:
        """The MSK bill from the lines that have an amount; None when nothing could be priced."""
        if not self.priced:
            return None
        return round(sum(line.monthly or 0.0 for line in self.lines if line.in_msk_bill), 2)

    @property
    def usage_dependent(self) -> list:
        return [line.item for line in self.lines if line.quantity is None]

    def to_json(self) -> dict:
        return {
            "currency": self.currency,
            "region": self.region,
            "monthly": self.monthly,
            "lines": [line.to_json() for line in self.lines],
            "pricesAsOf": self.prices_as_of,
            "assumptions": list(self.assumptions),
        }


def monthly_gib(mibps: float | None, hours: float) -> float | None:
    """Data moved in a month at a steady rate (GiB; AWS bills data per GB of 2^30 bytes)."""
    if mibps is None:
        return None
    return mibps * SECONDS_PER_HOUR * hours * GIB_PER_MIB


def retained_gib(spec: ClusterSpec) -> float | None:
    """Data kept at any moment: one copy of ingress over the retention window."""
    workload = spec.workload
    if workload is None or workload.ingress_mibps is None or workload.retention_hours is None:
        return None
    return retained_data_gib(workload.ingress_mibps, workload.retention_hours)


def retained_data_gib(ingress_mibps: float, retention_hours: float) -> float:
    """One copy of a steady ingress kept for the retention window (GiB); sizing uses it too."""
    return ingress_mibps * SECONDS_PER_HOUR * retention_hours * GIB_PER_MIB


def estimate(spec: ClusterSpec, region: str | None, label: str = "") -> CostEstimate:
    """Price one cluster for a month of ``hours_per_month`` hours. ``label`` prefixes items
    when several clusters share one bill."""
    prices = catalog.pricing()
    priced = region == prices["region"]
    hours = prices["hours_per_month"]

    def price(value: float) -> float | None:
        return value if priced else None

    if spec.is_serverless:
        lines = _serverless_lines(spec, prices, hours, price)
        as_of = prices["as_of"]["serverless"]
    elif spec.is_express:
        lines = _express_lines(spec, prices, hours, price)
        as_of = prices["as_of"]["standard_express"]
    else:
        lines = _standard_lines(spec, prices, hours, price)
        as_of = prices["as_of"]["standard_express"]
    lines += _cross_az_lines(spec, prices, hours, price)
    lines += _vpc_connection_lines(spec, prices, hours)
    lines += _vpc_connectivity_lines(spec, prices)
    lines += connector_lines(spec.connectors, prices, hours, price)
    lines += schema_registry_lines(spec.schema_registry, prices)
    lines += _replicator_lines(spec, prices, hours, price)
    if label:
        lines = [
            CostLine(
                f"{label}: {line.item}", line.quantity, line.unit, line.unit_price, line.in_msk_bill
            )
            for line in lines
        ]
    warnings = []
    if not priced:
        where = region or "an unset region (aws:region)"
        warnings.append(
            f"the catalog has list prices for {prices['region']} only, not {where}: quantities "
            "are shown, amounts are left out rather than guessed"
        )
    result = CostEstimate(
        currency=prices["currency"],
        region=region,
        priced=priced,
        lines=tuple(lines),
        prices_as_of=as_of,
        assumptions=_assumptions(spec, hours),
    )
    warnings += _sprawl_warnings(spec, result)
    return CostEstimate(**{**result.__dict__, "warnings": tuple(warnings)})


def _standard_lines(spec, prices, hours, price) -> list:
    brokers = spec.broker_count
    lines = [
        CostLine(
            f"Broker instances ({spec.instance_type})",
            brokers * hours,
            "broker-hour",
            price(prices["broker_hour"][spec.instance_type]),
        ),
        CostLine(
            "EBS storage",
            brokers * spec.ebs_volume_gib,
            "GB-month",
            price(prices["standard_ebs_storage_per_gb_month"]),
        ),
    ]
    if spec.provisioned_throughput_mibps:
        lines.append(
            CostLine(
                "Provisioned storage throughput",
                brokers * spec.provisioned_throughput_mibps,
                "MB/s-month",
                price(prices["provisioned_throughput_per_mibps_month"]),
            )
        )
    if spec.storage_mode == TIERED:
        # The tier keeps one copy for the whole retention.ms, whatever the local retention.
        lines.append(
            CostLine(
                "Tiered storage (low-cost tier, retained data)",
                retained_gib(spec),
                "GB-month",
                price(prices["tiered_storage_per_gb_month"]["value"]),
            )
        )
    return lines


def _express_lines(spec, prices, hours, price) -> list:
    workload = spec.workload
    ingress = workload.ingress_mibps if workload else None
    return [
        CostLine(
            f"Broker instances ({spec.instance_type})",
            spec.broker_count * hours,
            "broker-hour",
            price(prices["broker_hour"][spec.instance_type]),
        ),
        CostLine(
            "Data in", monthly_gib(ingress, hours), "GB", price(prices["express_data_in_per_gb"])
        ),
        CostLine(
            "Storage (retained data)",
            retained_gib(spec),
            "GB-month",
            price(prices["express_storage_per_gb_month"]),
        ),
    ]


def _serverless_lines(spec, prices, hours, price) -> list:
    serverless = prices["serverless"]
    workload = spec.workload
    partitions = workload.partitions if workload else None
    ingress = workload.ingress_mibps if workload else None
    egress = workload.egress_mibps if workload else None
    return [
        CostLine("Cluster", hours, "cluster-hour", price(serverless["cluster_hour"])),
        CostLine(
            "Partitions",
            None if partitions is None else partitions * hours,
            "partition-hour",
            price(serverless["partition_hour"]),
        ),
        CostLine(
            "Data in", monthly_gib(ingress, hours), "GB", price(serverless["data_in_per_gib"])
        ),
        CostLine(
            "Data out", monthly_gib(egress, hours), "GB", price(serverless["data_out_per_gib"])
        ),
        CostLine(
            "Storage (retained data)",
            retained_gib(spec),
            "GB-month",
            price(serverless["storage_per_gib_month"]),
        ),
    ]


def _cross_az_lines(spec, prices, hours, price) -> list:
    """Clients reach partition leaders in other AZs: EC2 data transfer, not the MSK bill."""
    workload = spec.workload
    azs = spec.subnet_count
    if spec.is_serverless or workload is None or not azs or azs < 2:
        return []
    if workload.ingress_mibps is None and workload.egress_mibps is None:
        return []
    traffic = (workload.ingress_mibps or 0.0) + (workload.egress_mibps or 0.0)
    crossing = monthly_gib(traffic, hours) * (azs - 1) / azs
    return [
        CostLine(
            "Cross-AZ client traffic (EC2 data transfer)",
            crossing,
            "GB",
            price(prices["cross_az_data_transfer_per_gb"]["effective_per_gb_crossing"]),
            in_msk_bill=False,
        )
    ]


def _vpc_connection_lines(spec: ClusterSpec, prices: dict, hours: float) -> list:
    """The stack's own msk:vpcConnections, one auth scheme each: their connection-hours are
    known, at the rate ``pricing.multi_vpc_connectivity`` has no source for (no amount)."""
    if not spec.vpc_connections:
        return []
    return [
        CostLine(
            "Multi-VPC connectivity: this stack's VPC connections (msk:vpcConnections)",
            len(spec.vpc_connections) * hours,
            "connection-hour per auth scheme",
            prices["multi_vpc_connectivity"]["connection_hour_per_auth_scheme"],
        )
    ]


def connector_lines(connectors: Iterable, prices: dict, hours: float, price) -> list:
    """MSK Connect bills MCU-hours: provisioned connectors at workers x MCUs; autoscaling ones
    at their fewest workers (the line says how far they may grow). ``pricing.msk_connect``."""
    rate = price(prices["msk_connect"]["mcu_hour"])
    lines = []
    for connector in connectors:
        workers = connector.min_workers
        if connector.autoscaling:
            shape = (
                f"{connector.mcu_count} MCU x {_workers(workers)} at the least, autoscaling up to "
                f"{connector.max_workers} ({connector.mcus_at_most} MCU, "
                f"{connector.mcus_at_most * hours:g} MCU-hours a month at most)"
            )
        else:
            shape = f"{connector.mcu_count} MCU x {_workers(workers)}, provisioned"
        lines.append(
            CostLine(
                f"MSK Connect: connector {connector.name} ({shape})",
                connector.mcus_at_least * hours,
                "MCU-hour",
                rate,
            )
        )
    return lines


def schema_registry_lines(registry, prices: dict) -> list:
    """The Glue Schema Registry is free in every Region (``pricing.glue_schema_registry``):
    one line at zero, so the bill says so rather than leaving it out."""
    if registry is None:
        return []
    count = len(registry.schemas)
    return [
        CostLine(
            f"Glue Schema Registry {registry.name} ({count} schema{'' if count == 1 else 's'}): "
            "free, no charge for the registry, its schemas or their look-ups",
            1,
            "registry-month",
            prices["glue_schema_registry"]["per_month"],
            in_msk_bill=False,
        )
    ]


def _workers(count: int) -> str:
    return f"{count} worker" + ("" if count == 1 else "s")


def _vpc_connectivity_lines(spec: ClusterSpec, prices: dict) -> list:
    """Multi-VPC connectivity bills by the connection-hour per auth scheme and by the GB it
    carries; how many connections other VPCs make, and how much data takes that path, the
    spec can't know, and the catalog has no rate with a source (``pricing.
    multi_vpc_connectivity``): both lines show no amount."""
    if spec.vpc_connectivity is None or not spec.vpc_connectivity.modes:
        return []
    rates = prices["multi_vpc_connectivity"]
    modes = "/".join(spec.vpc_connectivity.modes)
    return [
        CostLine(
            f"Multi-VPC connectivity ({modes}): connections other VPCs make",
            None,
            "connection-hour per auth scheme",
            rates["connection_hour_per_auth_scheme"],
        ),
        CostLine(
            "Multi-VPC connectivity: data processed",
            None,
            "GB",
            rates["data_processed_per_gb"],
        ),
    ]


def _replicator_lines(spec: ClusterSpec, prices: dict, hours: float, price) -> list:
    """msk:replicators: replicator-hours are known; the GB each replicates is at most this
    cluster's msk:workload ingress (replicated data arrives as ingress), else depends on
    usage. Both rates are in ``pricing.msk_replicator``, with no amount where it has none."""
    if not spec.replicators:
        return []
    listed = prices["msk_replicator"]
    rates = {
        name: None if listed[name] is None else price(listed[name])
        for name in ("replicator_hour", "gb_replicated")
    }
    ingress = spec.workload.ingress_mibps if spec.workload is not None else None
    lines = []
    for replicator in spec.replicators:
        lines += [
            CostLine(
                f"MSK Replicator {replicator.name}: running",
                hours,
                "replicator-hour",
                rates["replicator_hour"],
            ),
            CostLine(
                f"MSK Replicator {replicator.name}: data replicated (at most msk:workload ingress)",
                monthly_gib(ingress, hours),
                "GB",
                rates["gb_replicated"],
            ),
        ]
    return lines


def _assumptions(spec: ClusterSpec, hours: float) -> tuple:
    each_way = catalog.pricing()["cross_az_data_transfer_per_gb"]["each_direction"]
    notes = [
        f"{hours} hours a month; list prices, no discounts or free tier",
        "data volumes in GiB, which AWS bills as GB",
    ]
    if spec.workload is None:
        notes.append("no msk:workload: lines that depend on traffic show no amount")
    if spec.schema_registry is not None:
        free = catalog.pricing()["glue_schema_registry"]
        notes.append(f"schema registry: {free['note']} (source: {free['source']})")
    if spec.is_express or spec.is_serverless:
        notes.append("retained data = ingress × retention, one copy (replication is not billed)")
    if spec.storage_mode == TIERED:
        notes.append(
            "tiered storage: the low-cost tier holds ingress × retention, one copy, as if every "
            "topic set remote.storage.enable (the tier keeps a topic's whole retention.ms; a "
            "shorter local.retention.ms trims only the brokers' copies); data read back from "
            "the tier is billed too, at a rate the catalog has no source for, so no line shows it"
        )
    if spec.vpc_connectivity is not None and spec.vpc_connectivity.modes:
        notes.append(
            "multi-VPC connectivity: " + catalog.pricing()["multi_vpc_connectivity"]["note"]
        )
    if spec.replicators:
        notes.append("MSK Replicator: " + catalog.pricing()["msk_replicator"]["note"])
    if not spec.is_serverless and spec.workload is not None:
        notes.append(
            "clients spread evenly over the AZs: (AZs − 1)/AZs of client traffic "
            f"crosses an AZ, at ${each_way:g}/GB each way"
        )
    return tuple(notes)


def _sprawl_warnings(spec: ClusterSpec, result: CostEstimate) -> list:
    if not spec.is_serverless or result.monthly in (None, 0):
        return []
    partitions = next((line for line in result.lines if line.unit == "partition-hour"), None)
    if partitions is None or partitions.monthly is None:
        return []
    share = partitions.monthly / result.monthly
    if share <= PARTITION_SPRAWL_SHARE:
        return []
    # The partition line has an amount only when msk:workload states the partitions.
    assert spec.workload is not None
    count = spec.workload.partitions
    return [
        f"partition sprawl: {count} partitions cost ${partitions.monthly:,.2f} a month, "
        f"{share:.0%} of this serverless bill; every partition is billed by the hour whether "
        "or not data flows, so merge small topics or drop unused partitions"
    ]


def combine(estimates: Iterable[CostEstimate]) -> CostEstimate | None:
    """One bill for several clusters (a program may hold more than one)."""
    estimates = list(estimates)
    if not estimates:
        return None
    if len(estimates) == 1:
        return estimates[0]
    first = estimates[0]
    return CostEstimate(
        currency=first.currency,
        region=first.region,
        priced=all(e.priced for e in estimates),
        lines=tuple(line for e in estimates for line in e.lines),
        prices_as_of="; ".join(sorted({e.prices_as_of for e in estimates})),
        warnings=tuple(dict.fromkeys(w for e in estimates for w in e.warnings)),
        assumptions=tuple(dict.fromkeys(a for e in estimates for a in e.assumptions)),
    )
