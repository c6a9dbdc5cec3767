"""``mskctl plan``: resources, outputs, monthly cost, warnings and errors, offline."""

import json
import sys
from pathlib import Path

from ..against import AgainstError, load_plan, replacement_warnings
from ..deploy_settings import (
    PolicyPackConfigError,
    apply_policy_pack_config,
    read_policy_pack_config,
)
from ..exit_status import CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR
from ..plan import ProgramError, build_plan
from ..policy_check import has_mandatory
from ..render import render_plan
from .common import add_stack_options, load_config
from .plan_export import add_export_options, export

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
    parser.add_argument(
        "--policy-pack-config",
        type=Path,
        default=None,
        metavar="FILE",
        help="judge the policy with this pack config (JSON: rule -> level or properties), as "
        "`mskctl up --policy-pack-config FILE` and the engine's pack would",
    )
    add_export_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    config = load_config(args)
    if config is None:
        return USAGE_ERROR
    if args.format and args.json:
        print("mskctl: --json and --format are alternatives; give one", file=sys.stderr)
        return USAGE_ERROR
    try:
        before = load_plan(args.against) if args.against else None
        pack = args.policy_pack_config
        settings = None if pack is None else read_policy_pack_config(pack)
    except (AgainstError, PolicyPackConfigError) as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        document = build_plan(args.project_dir, config, with_dependencies=bool(args.format))
        document = apply_policy_pack_config(document, settings)
    except ProgramError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return PROGRAM_FAILED
    if before is not None and not document["errors"]:
        document["warnings"] += replacement_warnings(before, document)
    if args.format:
        return export(args, document)
    print(json.dumps(document, indent=2) if args.json else render_plan(document))
    # A mandatory policy violation blocks `pulumi up` too: the same status as a config error.
    return CONFIG_ERRORS if document["errors"] or has_mandatory(document["policy"]) else OK
