"""``mskctl cost``: the monthly bill of a stack alone, with the assumptions behind it."""

import json
import sys

from ..exit_status import CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR
from ..plan import ProgramError, build_plan
from ..render import render_cost, render_plan
from .common import add_stack_options, load_config

HELP = "price a stack for a month from the catalog's list prices"


def register(subparsers) -> None:
    parser = subparsers.add_parser("cost", help=HELP, description=HELP)
    add_stack_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    config = load_config(args)
    if config is None:
        return USAGE_ERROR
    try:
        document = build_plan(args.project_dir, config)
    except ProgramError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return PROGRAM_FAILED
    if document["errors"]:
        print(json.dumps(document, indent=2) if args.json else render_plan(document))
        return CONFIG_ERRORS
    if args.json:
        keep = ("project", "stack", "cost", "warnings")
        print(json.dumps({k: document[k] for k in keep}, indent=2))
    else:
        print(render_cost(document))
    return OK
