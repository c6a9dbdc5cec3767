"""What the Automation API verbs share: their options, their target, opening the stack, and
reporting how it ended (one JSON document with ``--json``, a few lines without)."""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import automation
from ..deploy_settings import (
    check_passphrase,
    resolve_backend,
    resolve_secrets_provider,
)
from ..exit_status import OK
from ..render import to_devnull
from ..stack_files import (
    StackFileError,
    StackRef,
    parse_stack_ref,
    read_project,
    read_stack_document,
)
from .common import STACK_HELP, add_project_dir_option, default_project_dir
from .outcome import error_line, exit_status, render_summary, summary_document


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        metavar="URL",
        default=None,
        help="where stack state lives: file://…, s3://…, https://api.pulumi.com (default: "
        "$PULUMI_BACKEND_URL, else file://<project>/.pulumi-state)",
    )
    parser.add_argument(
        "--secrets-provider",
        metavar="PROVIDER",
        default=None,
        help="for a new stack: passphrase (default; reads $PULUMI_CONFIG_PASSPHRASE or "
        "$PULUMI_CONFIG_PASSPHRASE_FILE), default (Pulumi Cloud's), awskms://…",
    )


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """--stack, --json and --project-dir, for the verbs that take no config (outputs, cancel)."""
    parser.add_argument("--stack", required=True, help=STACK_HELP)
    parser.add_argument("--json", action="store_true", help="print one JSON summary on stdout")
    add_project_dir_option(parser)
    add_backend_options(parser)


@dataclass
class Target:
    """One verb on one stack, and where its result goes."""

    operation: str
    project: str
    stack: str  # the stack's own name (Pulumi.<stack>.yaml; what the program is told)
    project_dir: Path
    backend: str
    secrets_provider: str
    json: bool
    stack_ref: str = ""  # as given (org/project/stack): the Automation API's name for it
    started: float = field(default_factory=time.monotonic)

    @property
    def name(self) -> str:
        """The stack's name for the Automation API and for messages: as the user gave it."""
        return self.stack_ref or self.stack

    def progress(self, line: str | None) -> None:
        """A progress line, as it happens: on stderr with --json, so stdout stays one document.
        A reader that goes away (``| head``) stops the lines, never the operation."""
        if line is not None:
            _print(line, sys.stderr if self.json else sys.stdout, flush=True)

    def finish(self, status: int, **summary) -> int:
        """Report the outcome and return its exit status (whoever still reads it)."""
        document = summary_document(
            self.operation,
            self.project,
            self.name,
            self.backend,
            status,
            duration_seconds=time.monotonic() - self.started,
            **summary,
        )
        if document["message"]:
            _print(f"mskctl: {document['message']}", sys.stderr)
        for error in document["errors"]:
            _print(f"  ✗ {error['key']}: {error['message']}", sys.stderr)
        if self.json:
            _print(json.dumps(document, indent=2), sys.stdout)
        elif status == OK:
            _print(render_summary(document), sys.stdout)
        return status

    def fail(self, error: BaseException, **summary) -> int:
        message = error_line(error, self.operation, self.name, self.backend)
        return self.finish(exit_status(error), message=message, **summary)


def _print(text: str, stream, flush: bool = False) -> None:
    """print(), except that a closed pipe sends the rest of the run's output on that stream to
    the null device: an `up` whose log reader died still finishes, and says how it ended."""
    try:
        print(text, file=stream, flush=flush)
    except BrokenPipeError:
        name = "stderr" if stream is sys.stderr else "stdout"
        to_devnull(name)


def _is_self_managed(backend: str) -> bool:
    """A DIY backend (file://, s3://, azblob://, gs://): not Pulumi Cloud or a service."""
    return not backend.startswith(("https://", "http://"))


def target(args: argparse.Namespace, operation: str) -> Target:
    """The verb's target from its arguments; raises StackFileError (a usage error)."""
    if args.project_dir is None:
        args.project_dir = default_project_dir()
    project = read_project(args.project_dir)
    ref = parse_stack_ref(args.stack, project.name)
    backend = resolve_backend(args.backend, os.environ, args.project_dir)
    _check_organization(ref, backend)
    path = project.stack_file(ref.stack)
    # A stack known to the backend only has no file (or an empty one): outputs and cancel
    # still work. The verbs that run the program have checked the file already.
    stack_file = read_stack_document(path) if path.exists() and path.stat().st_size else {}
    return Target(
        operation=operation,
        project=project.name,
        stack=ref.stack,
        project_dir=Path(args.project_dir).resolve(),
        backend=backend,
        secrets_provider=resolve_secrets_provider(args.secrets_provider, stack_file),
        json=args.json,
        stack_ref=ref.given,
    )


def _check_organization(ref: StackRef, backend: str) -> None:
    """A self-managed backend has one organization, named ``organization``: another name
    there is refused by the CLI, so it is refused here first, naming what works."""
    if ref.org is None or ref.org == "organization" or not _is_self_managed(backend):
        return
    rest = ref.given.split("/", 1)[1]
    raise StackFileError(
        f"stack {ref.given!r} names the organization '{ref.org}', but the self-managed backend "
        f"{backend} has only one, 'organization': use --stack organization/{rest} or --stack "
        f"{ref.stack}"
    )


def open_stack(target: Target, create: bool, needs_secrets: bool = True):
    """The Automation API stack: the CLI first (the workspace runs ``pulumi version``), then
    the passphrase, then the stack. Raises what ``outcome.exit_status`` maps."""
    workspace = automation.local_workspace(
        target.project_dir, target.backend, target.secrets_provider
    )
    if needs_secrets:
        check_passphrase(target.secrets_provider, os.environ)
    return automation.open_stack(workspace, target.name, create)
