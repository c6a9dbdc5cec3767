"""``mskctl plan``: resources, outputs, monthly cost, warnings and errors, offline."""

import json
import sys
from pathlib import Path

from ..against import AgainstError, load_plan, replacement_warnings
from ..plan import ProgramError, build_plan
from ..render import render_plan
from .common import CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR, add_stack_options, load_config

HELP = "show what `pulumi up` would create, and what it costs, without AWS or the Pulumi CLI"


def register(subparsers) -> None:
    parser = subparsers.add_parser("plan", help=HELP, description=HELP)
    add_stack_options(parser)
    parser.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="an earlier `plan --json`: warn, by key, about every change that would replace "
        "the cluster or its data",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    config = load_config(args)
    if config is None:
        return USAGE_ERROR
    try:
        before = load_plan(args.against) if args.against else None
    except AgainstError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        document = build_plan(args.project_dir, config)
    except ProgramError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return PROGRAM_FAILED
    if before is not None and not document["errors"]:
        document["warnings"] += replacement_warnings(before, document)
    print(json.dumps(document, indent=2) if args.json else render_plan(document))
    return CONFIG_ERRORS if document["errors"] else OK
