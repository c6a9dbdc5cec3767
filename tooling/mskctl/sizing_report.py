"""``mskctl size`` output: the recommendation, the alternatives and why, as text or JSON."""

from dataclasses import asdict

import yaml

from msk_platform import catalog
from msk_platform.sizing import EXPRESS, SERVERLESS, Evaluation, Sizing, stack_config
from msk_platform.spec import KEYS
from msk_platform.spec.keys import SERVERLESS as SERVERLESS_TYPE


def describe_workload(result: Sizing) -> str:
    load = result.workload
    peak = (
        f" (peak {_num(load.peak_ingress_mibps)})"
        if load.peak_ingress_mibps > load.ingress_mibps
        else ""
    )
    return (
        f"{_num(load.ingress_mibps)} MiB/s in{peak}, {_num(load.egress_mibps)} MiB/s out "
        f"({load.consumer_groups} consumer group{'s' * (load.consumer_groups != 1)}), "
        f"{_num(load.retention_hours)} h retention, {load.partitions:,} "
        f"partition{'s' * (load.partitions != 1)}, "
        f"replication factor {load.replication_factor}, {load.azs} AZs"
    )


def prices_note() -> str:
    prices = catalog.pricing()
    as_of = prices["as_of"]
    return (
        f"{prices['currency']} list prices for {prices['region']} (brokers as of "
        f"{as_of['standard_express']}, serverless as of {as_of['serverless']}), "
        f"{prices['hours_per_month']} h a month; provisioned options include cross-AZ client "
        "traffic (EC2 data transfer)"
    )


def render_sizing(
    result: Sizing,
    top: int = 8,
    configured: Evaluation | None = None,
    notes: tuple = (),
    builds_network: bool = True,
) -> str:
    lines = [f"Sizing for {describe_workload(result)}", f"Prices: {prices_note()}", ""]
    best = result.recommended
    if best is None:
        lines += ["No option in the catalog carries this workload. Nearest of each family:"]
        for miss in result.nearest_misses:
            lines.append(f"  {miss.option.label}:")
            lines += [f"    ✗ {check.describe()}" for check in miss.violations[:3]]
    else:
        # size() recommends priced options only; a feasible option's checks always include
        # capacities, so one of them binds.
        binding = best.binding
        assert best.monthly is not None and binding is not None
        lines += [
            f"Recommended: {best.option.label}: ${best.monthly:,.2f} a month",
            f"  tightest limit: {binding.describe()}",
            "",
            f"Cheapest of each type ({min(top, len(result.alternatives))} of "
            f"{len(result.alternatives)} that carry it):",
        ]
        lines += alternatives_table(result.alternatives[:top], best.monthly)
        if result.nearest_misses:
            lines += ["", "Families that can't carry it at any size (nearest miss):"]
            for miss in result.nearest_misses:
                lines.append(f"  {miss.option.label}: {miss.violations[0].describe()}")
        lines += ["", "Stack config to paste into Pulumi.<stack>.yaml:"]
        lines += ["  " + row for row in stack_yaml(best, result, builds_network).splitlines()]
        stale = stale_keys(best)
        if stale:
            them = "them" if len(stale) > 1 else "it"
            lines.append(f"  and remove {', '.join(stale)} if the stack sets {them}")
        ceiling = autoscaling_conflict(best, configured)
        if ceiling:
            lines.append(ceiling)
    if configured is not None:
        lines += ["", *configured_lines(configured, best)]
    lines += ["", "Assumed:"] + [f"  - {note}" for note in (*result.workload.assumed, *notes)]
    lines.append("  - the model, its parameters and their sources: README, 'Sizing'")
    return "\n".join(lines)


def alternatives_table(evaluations, best_monthly: float) -> list:
    rows = [("option", "monthly", "vs best", "tightest limit")]
    for evaluation in evaluations:
        extra = evaluation.monthly - best_monthly
        binding = evaluation.binding
        rows.append(
            (
                evaluation.option.label,
                f"${evaluation.monthly:,.2f}",
                "-" if extra < 0.005 else f"+${extra:,.2f}",
                f"{binding.constraint} {binding.ratio:.0%}" if binding else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [
        "  "
        + "  ".join(
            cell.rjust(widths[i]) if i in (1, 2) else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def configured_lines(configured: Evaluation, best: Evaluation | None) -> list:
    cost = "not priced" if configured.monthly is None else f"${configured.monthly:,.2f} a month"
    head = f"Configured in the stack: {configured.option.label}, {cost}"
    if not configured.feasible:
        return [f"{head}; it can't carry this workload:"] + [
            f"  ✗ {check.describe()}" for check in configured.violations
        ]
    binding = configured.binding
    assert binding is not None  # a feasible option's checks always include capacities
    lines = [f"{head}; it carries this workload ({binding.describe()})"]
    if best is not None and configured.monthly:
        assert best.monthly is not None  # the recommendation is always priced
        if best.monthly < configured.monthly - 0.005:
            saving = configured.monthly - best.monthly
            lines.append(f"  the recommendation saves ${saving:,.2f} a month")
    return lines


def stale_keys(best: Evaluation) -> list:
    """Keys that don't apply to the recommended cluster (the spec would refuse them)."""
    family = best.option.family
    if family == SERVERLESS:
        return [key.config_key for key in KEYS if SERVERLESS_TYPE not in key.applies_to]
    if family == EXPRESS:
        return ["msk:ebsVolumeGib", "msk:provisionedThroughputMibps", "msk:storageAutoscaling"]
    return [] if best.option.provisioned_throughput_mibps else ["msk:provisionedThroughputMibps"]


def autoscaling_conflict(best: Evaluation, configured: Evaluation | None) -> str | None:
    """The stack's storage autoscaling must reach above the volume pasted (the spec refuses a
    maximum at or below msk:ebsVolumeGib): say so when it doesn't."""
    most = configured.option.autoscaling_max_gib if configured is not None else None
    volume = best.option.ebs_volume_gib
    if not most or volume is None or volume < most:
        return None
    return (
        f"  and raise msk:storageAutoscaling.maxGib above {volume:,} (the stack's {most:,} "
        "is not above the volume), or remove msk:storageAutoscaling"
    )


def stack_yaml(best: Evaluation, result: Sizing, builds_network: bool = True) -> str:
    document = {"config": stack_config(best.option, result.workload, builds_network)}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).rstrip()


def sizing_document(
    result: Sizing,
    options: list,
    configured: Evaluation | None = None,
    notes: tuple = (),
    builds_network: bool = True,
) -> dict:
    """The JSON form: the workload, the parameters, the recommendation, every option."""
    best = result.recommended
    prices = catalog.pricing()
    return {
        "workload": result.workload.to_json(),
        "assumptions": asdict(result.assumptions),
        "currency": prices["currency"],
        "region": prices["region"],
        "pricesAsOf": prices["as_of"],
        "recommended": None if best is None else best.to_json(),
        "stackConfig": (
            None if best is None else stack_config(best.option, result.workload, builds_network)
        ),
        "alternatives": [e.to_json() for e in result.alternatives],
        "nearestMisses": [e.to_json() for e in result.nearest_misses],
        "configured": None if configured is None else configured.to_json(),
        "notes": list(notes),
        "options": [e.to_json() for e in options],
    }


def _num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
