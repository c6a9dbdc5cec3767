"""``mskctl size --plot``: monthly cost against ingress, the cheapest option of each family.

A reader sees where serverless stops paying and where express starts. matplotlib loads only
when a plot is asked for, so the other verbs stay quick.
"""

import math
from pathlib import Path

from msk_platform.sizing import FAMILIES, Workload, cost_curves

# The sweep spans at least this range (MiB/s), and a factor either side of the workload's own.
SWEEP_LOW_MIBPS = 0.1
SWEEP_HIGH_MIBPS = 1000.0
SWEEP_MARGIN = 3.0
SWEEP_POINTS = 28
COLOURS = {"standard": "tab:blue", "express": "tab:orange", "serverless": "tab:green"}


def sweep(load: Workload, points: int | None = None) -> list:
    """Log-spaced ingress values covering the reference range and the workload's ingress."""
    points = points or SWEEP_POINTS
    low = min(SWEEP_LOW_MIBPS, load.ingress_mibps / SWEEP_MARGIN)
    high = max(SWEEP_HIGH_MIBPS, load.ingress_mibps * SWEEP_MARGIN)
    step = math.log(high / low) / (points - 1)
    return [low * math.exp(step * i) for i in range(points - 1)] + [high]


def write_plot(path: Path, load: Workload, points: int | None = None) -> None:
    """Draw the curves to a PNG at ``path`` (raises OSError when it can't be written)."""
    from matplotlib.figure import Figure

    xs = sweep(load, points)
    curves = cost_curves(load, xs)
    figure = Figure(figsize=(9, 5.5), dpi=110)
    axes = figure.subplots()
    for family in FAMILIES:
        ys = [math.nan if cost is None else cost for cost in curves[family]]
        axes.plot(xs, ys, marker=".", label=family, color=COLOURS.get(family))
    axes.axvline(load.ingress_mibps, color="grey", linestyle="--", linewidth=1)
    axes.annotate(
        f"this workload: {load.ingress_mibps:g} MiB/s",
        (load.ingress_mibps, 0.02),
        xycoords=("data", "axes fraction"),
        xytext=(3, 0),
        textcoords="offset points",
        rotation=90,
        fontsize=8,
        color="grey",
    )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("average ingress (MiB/s); egress and peak scale with it")
    axes.set_ylabel("monthly cost (USD, us-east-1 list prices)")
    axes.set_title("Cheapest cluster that carries the load, by family (gaps: none carries it)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(Path(path), format="png")
