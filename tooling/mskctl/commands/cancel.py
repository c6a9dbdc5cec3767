"""``mskctl cancel``: release a stack held by an update that died (or stop a running one)."""

import argparse
import sys

from .. import automation
from ..exit_status import OK, USAGE_ERROR
from ..stack_files import StackFileError
from .driver import add_target_options, open_stack, target
from .outcome import DRIVER_ERRORS

HELP = (
    "cancel a stack's running update and release its lock; the resource it was changing may "
    "be left half done, so run `mskctl refresh` next"
)


def register(subparsers) -> None:
    parser = subparsers.add_parser("cancel", help=HELP, description=HELP)
    add_target_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        where = target(args, "cancel")
    except StackFileError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        automation.cancel(open_stack(where, create=False, needs_secrets=False))
    except DRIVER_ERRORS as error:
        return where.fail(error)
    return where.finish(OK, message=None)
