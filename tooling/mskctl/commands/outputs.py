"""``mskctl outputs``: a deployed stack's outputs, secrets masked unless asked for."""

import argparse
import sys

from .. import automation
from ..exit_status import OK, USAGE_ERROR
from ..stack_files import StackFileError
from .driver import add_target_options, open_stack, target
from .outcome import DRIVER_ERRORS, mask_outputs

HELP = "a deployed stack's outputs, secrets masked (needs the Pulumi CLI)"


def register(subparsers) -> None:
    parser = subparsers.add_parser("outputs", help=HELP, description=HELP)
    add_target_options(parser)
    parser.add_argument(
        "--show-secrets", action="store_true", help="print secret outputs in plain text"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        where = target(args, "outputs")
    except StackFileError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        outputs = automation.read_outputs(open_stack(where, create=False))
    except DRIVER_ERRORS as error:
        return where.fail(error)
    return where.finish(OK, outputs=mask_outputs(outputs, show_secrets=args.show_secrets))
