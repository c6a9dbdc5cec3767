"""``mskctl preview | up | refresh | destroy``: run the engine on a stack through the
Automation API, after the offline plan has checked the config (so a bad config fails in a
second, every key named, before the Pulumi CLI is even looked for)."""

import argparse
import sys

from .. import automation
from ..deploy_settings import (
    compose_stack_file,
    destroy_refusal,
    protected_resources,
    read_stack_file,
)
from ..plan import ProgramError, build_plan
from ..progress import ProgressLines
from ..stack_files import StackFileError
from .common import (
    CONFIG_ERRORS,
    OK,
    PROGRAM_FAILED,
    USAGE_ERROR,
    add_stack_options,
    load_config,
)
from .driver import Target, add_backend_options, open_stack, target
from .outcome import DRIVER_ERRORS, mask_outputs

HELP = {
    "preview": "what `up` would change in a stack (Automation API: needs the Pulumi CLI)",
    "up": "deploy a stack: create or update its resources (needs the Pulumi CLI)",
    "refresh": "read a stack's resources back from the cloud into its state",
    "destroy": "delete a stack's resources (a protected stack needs --yes)",
}


def register(subparsers) -> None:
    for operation, help_ in HELP.items():
        parser = subparsers.add_parser(operation, help=help_, description=help_)
        add_stack_options(parser)
        add_backend_options(parser)
        if operation == "destroy":
            parser.add_argument(
                "--yes",
                action="store_true",
                help="confirm destroying a stack whose resources are protected (msk:protect)",
            )
        parser.set_defaults(func=run, operation=operation)


def run(args: argparse.Namespace) -> int:
    config = load_config(args)
    if config is None:
        return USAGE_ERROR
    try:
        where = target(args, args.operation)
    except StackFileError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    refused = preflight(where, config, getattr(args, "yes", False))
    if refused is not None:
        return refused
    progress = ProgressLines(planned=args.operation == "preview")
    try:
        stack = open_stack(where, create=args.operation in ("preview", "up"))
        composed = None
        if args.overrides:  # read after opening: a new stack's file has just gained its salt
            stack_file = read_stack_file(where.project_dir, where.stack)
            composed = compose_stack_file(stack_file, args.overrides, config.project)
        with automation.config_file(composed, where.stack) as path:
            ran = automation.run_operation(
                stack, args.operation, lambda event: where.progress(progress.line(event)), path
            )
    except DRIVER_ERRORS as error:
        return where.fail(error, changes=progress.changes)
    outputs = None if ran.outputs is None else mask_outputs(ran.outputs)
    return where.finish(OK, changes=ran.changes, outputs=outputs)


def preflight(where: Target, config, confirmed: bool) -> int | None:
    """The offline plan of the same config: None when the operation may go ahead, else the
    exit status after reporting why not (config errors, a program crash, destroy refused)."""
    try:
        plan = build_plan(where.project_dir, config)
    except ProgramError as error:
        return where.finish(PROGRAM_FAILED, message=str(error))
    if plan["errors"]:
        count = len(plan["errors"])
        return where.finish(
            CONFIG_ERRORS,
            errors=plan["errors"],
            message=f"{count} configuration error{'s' * (count != 1)} in stack {where.stack}; "
            "nothing was sent to Pulumi",
        )
    if where.operation == "destroy":
        refusal = destroy_refusal(where.stack, protected_resources(plan), confirmed)
        if refusal is not None:
            return where.finish(USAGE_ERROR, message=refusal, refused=True)
    return None
