"""``mskctl preview | up | refresh | destroy``: run the engine on a stack through the
Automation API, after the offline plan has judged the config.

The pre-flight is the offline plan of the config the CLI will get (the stack file plus
``--set``): configuration errors, and for preview and up mandatory policy violations, stop the
verb in a second, every key and rule named, before the Pulumi CLI is touched. Then preview and
up hand the engine the same rules (``--policy-pack``, and ``--policy-pack-config`` when given),
so a value only the cloud knows is judged there too. Before the engine runs, preview and up
judge the change against what is deployed (``deployed_changes``): up refuses a transition AWS
would refuse, or a protected resource replaced or deleted; preview lists them and goes on.
``destroy`` judges protection on the stack file's own config, never on ``--set``.
"""

import argparse
import shutil
import sys
from pathlib import Path

from pulumi.automation import EngineEvent, Stack

from .. import automation, deployed_changes
from ..deploy_settings import (
    PolicyPackConfigError,
    apply_policy_pack_config,
    compose_stack_file,
    destroy_refusal,
    policy_pack_folder,
    protected_resources,
    protection_override_refusal,
    protection_overrides,
    read_policy_pack_config,
    read_stack_file,
)
from ..exit_status import CHANGE_REFUSED, CONFIG_ERRORS, OK, PROGRAM_FAILED, USAGE_ERROR
from ..plan import ProgramError, build_plan, stack_config
from ..policy_check import has_mandatory
from ..progress import ProgressLines
from ..stack_files import StackFileError
from .common import SOURCE_DIR, add_stack_options, load_config
from .driver import Target, add_backend_options, open_stack, target
from .outcome import (
    DRIVER_ERRORS,
    INSTALL_HINT,
    engine_violation,
    mask_outputs,
    policy_lines,
    policy_stop_line,
    stopped_by_policy,
)

HELP = {
    "preview": "what `up` would change in a stack (Automation API: needs the Pulumi CLI)",
    "up": "deploy a stack: create or update its resources (needs the Pulumi CLI)",
    "refresh": "read a stack's resources back from the cloud into its state",
    "destroy": "delete a stack's resources (a protected stack needs --yes)",
}
EPILOG = """exit status: 0 done; 1 configuration errors, or (preview, up) a mandatory policy
violation, found offline or by the engine's pack (result config-errors or policy-violations;
nothing was sent to Pulumi when found offline); 2 usage error (unknown stack, bad --set,
unreadable or invalid --policy-pack-config; destroy of a protected stack without --yes, or
with --set protect/retainOnDelete); 3 the program failed; 4 the engine ran and the operation
failed; 5 another update holds the stack's lock; 6 a missing prerequisite (the Pulumi CLI,
the passphrase, the policy pack); 7 (up) a change AWS would refuse, or that replaces or deletes
a protected resource, judged against what is deployed (preview lists it and exits 0)"""
# The pack shipped with mskctl: the repository's policy/ folder, when mskctl is installed
# from it (editable). A project's own policy/ folder comes first.
SHIPPED_PACK = SOURCE_DIR / "policy"


def register(subparsers) -> None:
    for operation, help_ in HELP.items():
        parser = subparsers.add_parser(operation, help=help_, description=help_, epilog=EPILOG)
        add_stack_options(parser)
        add_backend_options(parser)
        if operation in automation.POLICY_OPERATIONS:
            add_policy_pack_config_option(parser)
        if operation == "destroy":
            parser.add_argument(
                "--yes",
                action="store_true",
                help="confirm destroying a stack whose resources are protected (msk:protect)",
            )
        parser.set_defaults(func=run, operation=operation)


def add_policy_pack_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy-pack-config",
        type=Path,
        default=None,
        metavar="FILE",
        help="a policy pack config (JSON: rule -> level or properties, e.g. "
        '{"msk-no-public-access": "advisory"}): the offline check and the engine\'s pack '
        "both apply it",
    )


def run(args: argparse.Namespace) -> int:
    config = load_config(args)
    if config is None:
        return USAGE_ERROR
    pack_config = getattr(args, "policy_pack_config", None)
    try:
        settings = None if pack_config is None else read_policy_pack_config(pack_config)
    except PolicyPackConfigError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        where = target(args, args.operation)
    except StackFileError as error:
        print(f"mskctl: {error}", file=sys.stderr)
        return USAGE_ERROR
    stopped, violations, plan = preflight(where, config, args, settings)
    if stopped is not None:
        note_missing_cli()
        return stopped
    progress = ProgressLines(planned=args.operation == "preview")
    reported: list[dict] = []  # what the engine's pack reported, as the plan lists it
    against = None  # the change judged against what is deployed (preview, up)

    def on_event(event: EngineEvent) -> None:
        if event.policy_event is not None:
            reported.append(engine_violation(event.policy_event))
        where.progress(progress.line(event))

    try:
        pack = None
        if args.operation in automation.POLICY_OPERATIONS:
            folder = policy_pack_folder(where.project_dir, SHIPPED_PACK)
            pack = automation.PolicyPack(folder, pack_config and pack_config.resolve())
        stack = open_stack(where, create=args.operation in ("preview", "up"))
        refused, against = judge_deployed(where, stack, plan, violations)
        if refused is not None:
            return refused
        composed = None
        if args.overrides:  # read after opening: a new stack's file has just gained its salt
            stack_file = read_stack_file(where.project_dir, where.stack)
            composed = compose_stack_file(stack_file, args.overrides, config.project)
        with automation.config_file(composed, where.stack) as path:
            ran = automation.run_operation(stack, args.operation, on_event, path, pack)
    except DRIVER_ERRORS as error:
        if stopped_by_policy(error, reported):  # the engine's `! policy` lines said which
            return where.finish(
                CONFIG_ERRORS,
                changes=progress.changes,
                policy=merged(violations, reported),
                message=policy_stop_line(args.operation, where.stack, reported, offline=False),
                against=against,
            )
        return where.fail(
            error, changes=progress.changes, policy=merged(violations, reported), against=against
        )
    outputs = None if ran.outputs is None else mask_outputs(ran.outputs)
    return where.finish(
        OK,
        changes=ran.changes,
        outputs=outputs,
        policy=merged(violations, reported),
        against=against,
    )


def judge_deployed(
    where: Target, stack: Stack, plan: dict | None, violations: list[dict]
) -> tuple[int | None, dict | None]:
    """Preview and up: the change against what is deployed, listed on stderr. (the exit
    status, the report) when up must not run; (None, the report, or None when nothing is
    deployed) when the operation goes on."""
    if plan is None:
        return None, None
    judged = deployed_changes.judge(deployed_changes.deployed_state(stack, where.name), plan)
    if judged is None:
        return None, None
    status = None
    if judged.blocking and where.operation == "up":
        status = where.finish(
            CHANGE_REFUSED,
            policy=violations,
            message=deployed_changes.refusal_line(where.operation, where.name, judged),
            against=judged.report,
        )
    print_lines(judged.lines(where.name))  # under the summary line when refused
    return status, judged.report


def merged(offline: list[dict], engine: list[dict]) -> list[dict]:
    """The offline verdict, then what the engine's pack added (the same rule on the same
    resource at the same level is listed once)."""
    seen = {(v["policy"], v["resource"], v["level"]) for v in offline}
    return offline + [v for v in engine if (v["policy"], v["resource"], v["level"]) not in seen]


def preflight(
    where: Target, config, args: argparse.Namespace, settings: dict | None
) -> tuple[int | None, list[dict], dict | None]:
    """The offline plan of the config the CLI will get: (None, the policy violations to
    carry into the summary, the plan to judge against what is deployed: preview and up only)
    when the operation may go ahead, else (the exit status, [], None) after reporting why not:
    configuration errors, a program crash, a mandatory violation (preview, up), destroy
    refused."""
    try:
        plan = build_plan(where.project_dir, config)
        plan = apply_policy_pack_config(plan, settings)
    except ProgramError as error:
        return where.finish(PROGRAM_FAILED, message=str(error)), [], None
    if plan["errors"]:
        count = len(plan["errors"])
        status = where.finish(
            CONFIG_ERRORS,
            errors=plan["errors"],
            message=f"{count} configuration error{'s' * (count != 1)} in stack {where.stack}; "
            "nothing was sent to Pulumi",
        )
        return status, [], None
    if where.operation == "destroy":
        return destroy_preflight(where, args, plan), [], None
    if where.operation not in automation.POLICY_OPERATIONS:
        return None, [], None  # refresh creates nothing: the engine runs no pack there either
    violations = plan["policy"]
    if has_mandatory(violations):
        status = where.finish(
            CONFIG_ERRORS,
            policy=violations,
            message=policy_stop_line(where.operation, where.stack, violations, offline=True),
        )
        print_policy(violations)  # under the summary line, as configuration errors are
        return status, [], None
    print_policy(violations)  # advisory ones: warnings, and the operation goes on
    return None, violations, plan


def print_policy(violations: list[dict]) -> None:
    print_lines(policy_lines(violations))


def print_lines(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def destroy_preflight(where: Target, args: argparse.Namespace, plan: dict) -> int | None:
    """A protected stack needs --yes; what it protects is judged on the stack file's own
    config, so ``--set protect=false`` can't talk the guard out of it (and is refused: destroy
    deletes what the state records, whatever the config says)."""
    if args.overrides:
        keys = protection_overrides(args.overrides)
        if keys:
            return where.finish(
                USAGE_ERROR, message=protection_override_refusal(where.stack, keys), refused=True
            )
    own = plan
    if args.overrides:
        try:
            own = build_plan(where.project_dir, stack_config(where.project_dir, where.stack))
        except ProgramError as error:
            return where.finish(PROGRAM_FAILED, message=str(error))
    refusal = destroy_refusal(
        where.stack, protected_resources(own), args.yes, own_config_unknown=bool(own["errors"])
    )
    if refusal is not None:
        return where.finish(USAGE_ERROR, message=refusal, refused=True)
    return None


def note_missing_cli() -> None:
    """After a pre-flight stop, the missing CLI too, so one run names everything to fix. Only
    PATH is searched: the CLI is not run."""
    if shutil.which("pulumi") is None:
        print(
            f"mskctl: also missing: the Pulumi CLI (no `pulumi` on PATH); {INSTALL_HINT}",
            file=sys.stderr,
        )
