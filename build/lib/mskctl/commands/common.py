"""What every verb shares: exit statuses, stack options, and loading a stack's config."""

import argparse
import sys
from pathlib import Path

from ..overrides import OverrideError
from ..plan import stack_config
from ..stack_files import StackConfig, StackFileError

OK = 0
CONFIG_ERRORS = 1
USAGE_ERROR = 2
PROGRAM_FAILED = 3

PROJECT_DIR = Path(__file__).resolve().parents[2]


def add_stack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stack", required=True, help="stack name: reads Pulumi.<stack>.yaml")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config key for this run (repeatable; msk: is implied)",
    )
    parser.add_argument("--json", action="store_true", help="print the machine-readable document")
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=PROJECT_DIR,
        help="the Pulumi project to plan (default: this repository)",
    )


def load_config(args: argparse.Namespace) -> StackConfig | None:
    """The stack's config, or None after printing a usage error."""
    try:
        return stack_config(args.project_dir, args.stack, args.overrides)
    except (StackFileError, OverrideError) as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return None
