"""``mskctl plan``: resources, outputs, monthly cost, warnings and errors, offline."""

import json
import sys
from pathlib import Path

from ..against import blocking, change_report, compare
from ..before_state import BeforeStateError, load_before
from ..change_render import render_changes
from ..deploy_settings import (
    PolicyPackConfigError,
    apply_policy_pack_config,
    read_policy_pack_config,
)
from ..exit_status import CHANGE_REFUSED, CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR
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
        help="an earlier `plan --json`, or `pulumi stack export` of the running stack: show "
        "what `pulumi up` would create, update (and by which MSK operations), replace (and "
        "what data that loses), delete, or AWS would refuse; exit 7 on a refused change or a "
        "protected resource replaced or deleted",
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
        before = load_before(args.against) if args.against else None
        pack = args.policy_pack_config
        settings = None if pack is None else read_policy_pack_config(pack)
    except (BeforeStateError, PolicyPackConfigError) as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        document = build_plan(args.project_dir, config, with_dependencies=bool(args.format))
        document = apply_policy_pack_config(document, settings)
    except ProgramError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return PROGRAM_FAILED
    changes = None
    if before is not None and not document["errors"]:
        changes = compare(before, document)
        document.update(change_report(before, document, changes))
    if args.format:
        return export(args, document)
    if args.json:
        print(json.dumps(document, indent=2))
    else:
        print(render_plan(document))
        if changes is not None:
            print()
            print(render_changes(str(args.against), document, changes))
    # A mandatory policy violation blocks `pulumi up` too: the same status as a config error.
    if document["errors"] or has_mandatory(document["policy"]):
        return CONFIG_ERRORS
    return CHANGE_REFUSED if changes and blocking(changes) else OK
