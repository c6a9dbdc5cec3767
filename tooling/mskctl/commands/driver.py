"""What the Automation API verbs share: their options, their target, opening the stack, and
reporting how it ended (one JSON document with ``--json``, a few lines without)."""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import automation
from ..deploy_settings import (
    check_passphrase,
    read_stack_file,
    resolve_backend,
    resolve_secrets_provider,
)
from ..stack_files import StackFileError, project_name
from .common import OK, add_project_dir_option, default_project_dir
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
    parser.add_argument("--stack", required=True, help="stack name")
    parser.add_argument("--json", action="store_true", help="print one JSON summary on stdout")
    add_project_dir_option(parser)
    add_backend_options(parser)


@dataclass
class Target:
    """One verb on one stack, and where its result goes."""

    operation: str
    project: str
    stack: str
    project_dir: Path
    backend: str
    secrets_provider: str
    json: bool
    started: float = field(default_factory=time.monotonic)

    def progress(self, line: str | None) -> None:
        """A progress line, as it happens: on stderr with --json, so stdout stays one document."""
        if line is not None:
            print(line, file=sys.stderr if self.json else sys.stdout, flush=True)

    def finish(self, status: int, **summary) -> int:
        """Report the outcome and return its exit status."""
        document = summary_document(
            self.operation,
            self.project,
            self.stack,
            self.backend,
            status,
            duration_seconds=time.monotonic() - self.started,
            **summary,
        )
        if document["message"]:
            print(f"mskctl: {document['message']}", file=sys.stderr)
        for error in document["errors"]:
            print(f"  ✗ {error['key']}: {error['message']}", file=sys.stderr)
        if self.json:
            print(json.dumps(document, indent=2))
        elif status == OK:
            print(render_summary(document))
        return status

    def fail(self, error: BaseException, **summary) -> int:
        message = error_line(error, self.operation, self.stack, self.backend)
        return self.finish(exit_status(error), message=message, **summary)


def target(args: argparse.Namespace, operation: str) -> Target:
    """The verb's target from its arguments; raises StackFileError (a usage error)."""
    if args.project_dir is None:
        args.project_dir = default_project_dir()
    project = project_name(args.project_dir)
    try:
        stack_file = read_stack_file(args.project_dir, args.stack)
    except FileNotFoundError:
        stack_file = {}  # a stack known to the backend only: outputs and cancel still work
    except (OSError, yaml.YAMLError) as error:
        raise StackFileError(f"can't read Pulumi.{args.stack}.yaml: {error}") from error
    if not isinstance(stack_file, dict):
        raise StackFileError(f"Pulumi.{args.stack}.yaml is not a map of settings")
    return Target(
        operation=operation,
        project=project,
        stack=args.stack,
        project_dir=Path(args.project_dir).resolve(),
        backend=resolve_backend(args.backend, os.environ, args.project_dir),
        secrets_provider=resolve_secrets_provider(args.secrets_provider, stack_file),
        json=args.json,
    )


def open_stack(target: Target, create: bool, needs_secrets: bool = True):
    """The Automation API stack: the CLI first (the workspace runs ``pulumi version``), then
    the passphrase, then the stack. Raises what ``outcome.exit_status`` maps."""
    workspace = automation.local_workspace(
        target.project_dir, target.backend, target.secrets_provider
    )
    if needs_secrets:
        check_passphrase(target.secrets_provider, os.environ)
    return automation.open_stack(workspace, target.stack, create)
