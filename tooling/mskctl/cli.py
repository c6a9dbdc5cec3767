"""The ``mskctl`` command line: one sub-command per verb (see ``commands/``)."""

import argparse
import sys

from . import fast_imports
from .exit_status import USAGE_ERROR

# The verbs (and through them the component, pulumi and pulumi_aws) are imported in parser(),
# after fast_imports.install(): imported here, they would load the provider SDK in full first.

EPILOG = """exit status: 0 valid; 1 configuration errors (each names its msk: key) or a
mandatory policy violation (plan); 2 usage error (unknown stack, unreadable file, bad --set;
destroy of a protected stack without --yes); 3 the program failed otherwise; 4 the deployment
failed; 5 another update holds the stack's lock (see mskctl cancel); 6 a missing prerequisite
(the Pulumi CLI, the passphrase)"""


def parser() -> argparse.ArgumentParser:
    from .commands import VERBS

    root = argparse.ArgumentParser(
        prog="mskctl",
        description="Offline tooling for the MSK Pulumi program, and a driver of its stacks "
        "through the Automation API.",
        epilog=EPILOG,
    )
    subparsers = root.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        verb.register(subparsers)
    return root


def main(argv: list[str] | None = None) -> int:
    fast_imports.install()
    root = parser()
    try:
        args = root.parse_args(argv)
    except SystemExit as exit_:
        return USAGE_ERROR if exit_.code else 0
    if args.verb is None:
        root.print_help(sys.stderr)
        return USAGE_ERROR
    return args.func(args)
