"""What every verb shares: stack options, and loading a stack's config (the exit statuses
are in ``mskctl.exit_status``)."""

import argparse
import sys
from pathlib import Path

from ..overrides import OverrideError
from ..plan import stack_config
from ..stack_files import StackConfig, StackFileError

# The repository this source tree sits in, when mskctl is installed from it (editable):
# tooling/mskctl/commands/common.py -> the folder holding tooling/.
SOURCE_DIR = Path(__file__).resolve().parents[3]


def default_project_dir() -> Path:
    """Like the Pulumi CLI: the nearest folder up from here holding a Pulumi.yaml; else the
    repository mskctl was installed from, when it holds one; else the current folder (where
    the missing Pulumi.yaml is then reported)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "Pulumi.yaml").exists():
            return folder
    return SOURCE_DIR if (SOURCE_DIR / "Pulumi.yaml").exists() else here


def add_set_option(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"{prefix}override a config key for this run (repeatable; msk: is implied)",
    )


def add_project_dir_option(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"{prefix}the Pulumi project (default: the nearest folder up holding a Pulumi.yaml)",
    )


STACK_HELP = (
    "the stack: NAME, ORG/NAME or ORG/PROJECT/NAME, as Pulumi names it (reads "
    "Pulumi.NAME.yaml; the whole name goes to the Pulumi CLI)"
)
# The verbs whose output document carries the config's warnings; the others print them first.
WARNINGS_IN_DOCUMENT = ("plan", "cost")


def add_stack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stack", required=True, help=STACK_HELP)
    add_set_option(parser)
    parser.add_argument("--json", action="store_true", help="print the machine-readable document")
    add_project_dir_option(parser)


def load_config(args: argparse.Namespace) -> StackConfig | None:
    """The stack's config, or None after printing a usage error. Its warnings (what the
    offline plan can't follow: ESC environments, a key that looks like a typo of msk:) are in
    the plan document of plan and cost; the other verbs print them here, on stderr."""
    if args.project_dir is None:
        args.project_dir = default_project_dir()
    try:
        config = stack_config(args.project_dir, args.stack, args.overrides)
    except (StackFileError, OverrideError) as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return None
    if getattr(args, "verb", None) not in WARNINGS_IN_DOCUMENT:
        for warning in config.warnings:
            print(f"mskctl: warning: {warning}", file=sys.stderr)
    return config
