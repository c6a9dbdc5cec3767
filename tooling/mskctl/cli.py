"""The ``mskctl`` command line: one sub-command per verb (see ``commands/``).

Whatever the terminal: a console that can't show a character gets its ASCII equivalent
(``render.ASCII_EQUIVALENTS``), a reader that closes the pipe early (``| head``) ends the
output quietly, and nothing ends in a traceback unless ``--debug`` asks for one. mskctl
prints no colour (so ``NO_COLOR`` has nothing to turn off) and runs the engine with
``color=never``.

``main`` runs mskctl inside the calling process (tests, embedders) and changes nothing
process-wide but the console's error handling; ``command`` is the ``mskctl`` command itself,
which also tunes the garbage collector and skips the interpreter's teardown (``process.py``).
"""

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from . import fast_imports, process
from .exit_status import INTERRUPTED, PIPE_CLOSED, PROGRAM_FAILED, USAGE_ERROR

# The verbs (and through them the component, pulumi and pulumi_aws) are imported in parser(),
# after fast_imports.install(): imported here, they would load the provider SDK in full first.

# The verbs that run no engine and no Pulumi CLI; each lives in the module of its own name
# under commands/, so running one imports that module alone.
OFFLINE_VERBS = ("plan", "cost", "size")

EPILOG = """exit status: 0 valid; 1 configuration errors (each names its msk: key) or a
mandatory policy violation (plan, preview, up); 2 usage error (unknown stack, unreadable file,
bad --set or --policy-pack-config; destroy of a protected stack without --yes); 3 the program
failed otherwise (its file and line are named; --debug shows the traceback); 4 the deployment
failed; 5 another update holds the stack's lock (see mskctl cancel); 6 a missing prerequisite
(the Pulumi CLI, the passphrase, the policy pack); 130 interrupted; 141 stdout was closed
early (| head) by plan, cost or size"""

DEBUG_HELP = "on a failure, print the full Python traceback (of the program, or of mskctl)"


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given the arguments of a run of an offline verb, with that verb
    alone, so its run imports none of the other verbs' modules (the deploy verbs' driver, the
    Automation API's)."""
    from .commands import MODULES, load

    verb = None if argv is None else verb_named(argv)
    root = argparse.ArgumentParser(
        prog="mskctl",
        description="Offline tooling for the MSK Pulumi program, and a driver of its stacks "
        "through the Automation API.",
        epilog=EPILOG,
    )
    root.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    subparsers = root.add_subparsers(dest="verb", metavar="VERB")
    for module in load((verb,) if verb in OFFLINE_VERBS else MODULES):
        module.register(subparsers)
    # A global option, also accepted after the verb (`mskctl plan --stack dev --debug`).
    for sub in subparsers.choices.values():
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return root


def verb_named(argv: Sequence[str]) -> str | None:
    """The verb of a command line: its first word, after any ``--debug``. None when an option
    comes first (``--help`` lists every verb)."""
    for word in argv:
        if word != "--debug":
            return None if word.startswith("-") else word
    return None


def prepare_console() -> None:
    """stdout and stderr that never raise on a character the console's encoding lacks (an
    ASCII or Latin-1 locale, ``PYTHONIOENCODING=ascii``): ASCII equivalents instead."""
    from .render import ASCII_FALLBACK, can_show

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not can_show(getattr(stream, "encoding", None)):
            try:
                reconfigure(errors=ASCII_FALLBACK)
            except (ValueError, OSError):
                pass  # a stream that can't change: left as it is


@contextmanager
def _debug_log(enabled: bool) -> Iterator[None]:
    """With --debug, mskctl's debug messages (the program's traceback) go to stderr."""
    if not enabled:
        yield
        return
    log = logging.getLogger("mskctl")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mskctl debug: %(message)s"))
    saved = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(saved)


def main(argv: list[str] | None = None) -> int:
    """mskctl in this process (``argv`` without the program name; None: ``sys.argv``): the
    exit status. Leaves the garbage collector and the interpreter as they were."""
    return _main(argv)


def command() -> NoReturn:
    """The ``mskctl`` command (the console script, ``python -m mskctl``): ``main`` in a process
    of its own, which it ends with main's exit status."""
    offline = verb_named(sys.argv[1:]) in OFFLINE_VERBS
    process.pause_collector()
    status = _main(None, after_imports=lambda: process.collector_for_run(short=offline))
    process.leave(status, skip_teardown=offline)


def _main(argv: list[str] | None, after_imports: Callable[[], None] | None = None) -> int:
    fast_imports.install()
    prepare_console()
    args = None
    try:
        root = parser(sys.argv[1:] if argv is None else argv)
        if after_imports is not None:
            after_imports()
        try:
            args = root.parse_args(argv)
        except SystemExit as exit_:
            sys.stdout.flush()
            return USAGE_ERROR if exit_.code else 0
        if args.verb is None:
            root.print_help(sys.stderr)
            return USAGE_ERROR
        with _debug_log(args.debug):
            status = _run(args)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        return status
    except BrokenPipeError:
        from .render import to_devnull

        to_devnull("stdout")
        to_devnull("stderr")  # `2>&1 | head`: the same closed pipe
        return PIPE_CLOSED
    except KeyboardInterrupt:
        print("mskctl: interrupted", file=sys.stderr)
        return INTERRUPTED
    except Exception as error:  # noqa: BLE001 - a bug in mskctl: one line, or --debug
        if args is not None and args.debug:
            traceback.print_exc()
        print(
            f"mskctl: internal error: {type(error).__name__}: {error} (a bug in mskctl; "
            "--debug shows the traceback)",
            file=sys.stderr,
        )
        return PROGRAM_FAILED


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except SystemExit as exit_:  # only a program's own sys.exit() gets here
        from .render import program_failure

        project_dir = Path(getattr(args, "project_dir", None) or os.getcwd())
        print(f"mskctl: {program_failure(exit_, project_dir)}", file=sys.stderr)
        return PROGRAM_FAILED
