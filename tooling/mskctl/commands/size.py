"""``mskctl size``: the cheapest cluster that carries a workload, the alternatives, and why."""

import json
import sys
from pathlib import Path

from msk_platform import ClusterSpec, MskConfigError, args_from_config, catalog
from msk_platform.sizing import (
    SizingInputError,
    configured_option,
    evaluate,
    evaluate_all,
    price,
    size,
    workload,
    workload_from_spec,
)
from msk_platform.spec import read_workload_figures
from msk_platform.spec.keys import snake_to_camel

from ..exit_status import CONFIG_ERRORS, OK, USAGE_ERROR
from ..sizing_report import render_sizing, sizing_document
from .common import add_project_dir_option, add_set_option, load_config

HELP = "recommend the cheapest cluster that carries a workload, with the alternatives and why"
EPILOG = """exit status: 0 a recommendation; 1 nothing in the catalog carries the workload, or
the stack's configuration has errors; 2 usage error (no ingress, a bad figure, unknown stack)"""
NOTHING_CARRIES_IT = CONFIG_ERRORS

# flag -> (workload figure, type, help)
FIGURES = {
    "--ingress-mibps": ("ingress_mibps", float, "average data produced, MiB/s (before copies)"),
    "--peak-ingress-mibps": (
        "peak_ingress_mibps",
        float,
        "peak data produced, MiB/s: throughput limits are checked at the peak (egress scales "
        "with it), prices at the average (default: the average)",
    ),
    "--egress-mibps": (
        "egress_mibps",
        float,
        "average data consumed, all groups (default: ingress × consumer groups)",
    ),
    "--consumer-groups": ("consumer_groups", int, "groups reading the data (default 1)"),
    "--retention-hours": ("retention_hours", float, "how long data is kept (default 168)"),
    "--partitions": ("partitions", int, "partitions over all topics, before copies"),
    "--replication-factor": (
        "replication_factor",
        int,
        "copies of each partition (default: 3 in 3 AZs, 2 in 2)",
    ),
    "--azs": ("azs", int, "availability zones, 2 or 3 (default 3; with --stack: its subnets)"),
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("size", help=HELP, description=HELP, epilog=EPILOG)
    figures = parser.add_argument_group("workload (with --stack, these override msk:workload)")
    for flag, (dest, kind, text) in FIGURES.items():
        metavar = "MIBPS" if dest.endswith("mibps") else "HOURS" if "hours" in dest else "N"
        figures.add_argument(flag, dest=dest, type=kind, default=None, metavar=metavar, help=text)
    parser.add_argument(
        "--stack",
        metavar="NAME",
        help="read msk:workload from Pulumi.<stack>.yaml and check the cluster it configures",
    )
    add_set_option(parser, "with --stack: ")
    add_project_dir_option(parser, "with --stack: ")
    parser.add_argument("--json", action="store_true", help="print every option as JSON")
    parser.add_argument(
        "--top", type=int, default=8, metavar="N", help="alternatives shown (default 8)"
    )
    parser.add_argument(
        "--plot",
        type=Path,
        metavar="FILE.png",
        help="draw monthly cost against ingress, per family, to a PNG file",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.plot is not None and args.plot.suffix.lower() != ".png":
        return _usage(f"--plot {args.plot}: give a file name ending in .png")
    if args.top < 1:
        return _usage("--top must be at least 1")
    figures = {dest: getattr(args, dest) for dest, _, _ in FIGURES.values()}
    _, problems = read_workload_figures(figures)  # as msk:workload's fields: finite, in bounds
    if problems:
        flags = {f"msk:workload.{snake_to_camel(d)}": flag for flag, (d, _, _) in FIGURES.items()}
        return _usage("; ".join(f"{flags[p.key]}: {p.message}" for p in problems))
    spec, notes = None, []
    if args.stack:
        config = load_config(args)
        if config is None:
            return USAGE_ERROR
        spec = _stack_spec(config)
        if spec is None:
            return CONFIG_ERRORS
        region = config.values.get("aws:region")
        if region != catalog.pricing()["region"]:
            notes.append(
                f"the stack deploys to {region or 'an unset region'}; the catalog has list "
                f"prices for {catalog.pricing()['region']} only, which these are"
            )
    try:
        if spec is not None:
            load = workload_from_spec(spec, **figures)
            if load is None:
                return _usage(
                    f"stack '{args.stack}' states no msk:workload.ingressMibps; set it or give "
                    "--ingress-mibps"
                )
        else:
            if figures["ingress_mibps"] is None:
                return _usage("give --ingress-mibps (or --stack NAME to read msk:workload)")
            load = workload(figures.pop("ingress_mibps"), **figures)
    except SizingInputError as error:
        return _usage(str(error))
    result = size(load)
    configured = _configured(spec, load)
    if args.plot is not None:
        plot_error = _plot(args.plot, load)
        if plot_error:
            return _usage(plot_error)
        notes.append(f"plot of monthly cost against ingress written to {args.plot}")
    builds_network = spec is None or spec.builds_network
    if args.json:
        options = evaluate_all(load)
        document = sizing_document(result, options, configured, tuple(notes), builds_network)
        print(json.dumps(document, indent=2))
    else:
        print(render_sizing(result, args.top, configured, tuple(notes), builds_network))
    return OK if result.recommended else NOTHING_CARRIES_IT


def _stack_spec(config) -> ClusterSpec | None:
    """The stack's spec, or None after printing its configuration errors."""
    values = {
        key.split(":", 1)[1]: value
        for key, value in config.values.items()
        if key.startswith("msk:")
    }
    try:
        return ClusterSpec.from_args(
            args_from_config(values), project=config.project, stack=config.stack
        )
    except MskConfigError as error:
        print(f"mskctl: Pulumi.{config.stack}.yaml has configuration errors:", file=sys.stderr)
        for problem in error.problems:
            print(f"  ✗ {problem.key}: {problem.message}", file=sys.stderr)
        return None


def _configured(spec: ClusterSpec | None, load):
    option = configured_option(spec) if spec is not None else None
    if option is None:
        return None
    return price(evaluate(option, load), load)


def _plot(path: Path, load) -> str | None:
    if not path.parent.is_dir():
        return f"--plot: can't write {path}: no folder {path.parent}"
    try:
        from ..sizing_plot import write_plot

        write_plot(path, load)
    except ImportError as error:
        return f"--plot needs matplotlib (pip install -r requirements.txt): {error}"
    except OSError as error:
        return f"--plot: can't write {path}: {error.strerror or error}"
    return None


def _usage(message: str) -> int:
    print(f"mskctl size: {message}", file=sys.stderr)
    return USAGE_ERROR
