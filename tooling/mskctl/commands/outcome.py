"""How an Automation API verb ended: its exit status, its one-line reason, its summary.

Pure functions: every error the driver can meet maps to one documented exit status and one
line a person can act on (no traceback), and every outcome to one JSON document a pipeline can
read, with secret outputs masked.
"""

from collections.abc import Mapping
from typing import Any

from pulumi.automation import errors as auto_errors

from ..automation import OPERATIONS, PulumiCliMissingError
from ..deploy_settings import MissingPassphraseError
from ..plan import SECRET_SHOWN
from ..progress import change_counts, describe_changes, format_duration
from .common import (
    CONCURRENT_UPDATE,
    CONFIG_ERRORS,
    DEPLOY_FAILED,
    MISSING_PREREQUISITE,
    OK,
    PROGRAM_FAILED,
    USAGE_ERROR,
)

INSTALL_HINT = (
    "install it with `curl -fsSL https://get.pulumi.com | sh` "
    "(or see https://www.pulumi.com/docs/install/) and run again"
)

# The `result` of the summary document for each exit status.
RESULTS = {
    OK: "succeeded",
    CONFIG_ERRORS: "config-errors",
    USAGE_ERROR: "usage-error",
    PROGRAM_FAILED: "program-failed",
    DEPLOY_FAILED: "failed",
    CONCURRENT_UPDATE: "concurrent-update",
    MISSING_PREREQUISITE: "missing-prerequisite",
}
REFUSED = "refused"  # destroy of a protected stack without --yes (exit status: usage error)
# What driving a stack can raise; everything else is a bug in mskctl and shows as one.
DRIVER_ERRORS = (PulumiCliMissingError, MissingPassphraseError, auto_errors.CommandError)


def exit_status(error: BaseException) -> int:
    """The documented exit status for an error met while driving a stack."""
    if isinstance(error, (PulumiCliMissingError, MissingPassphraseError)):
        return MISSING_PREREQUISITE
    if isinstance(error, auto_errors.ConcurrentUpdateError):
        return CONCURRENT_UPDATE
    if isinstance(error, auto_errors.StackNotFoundError):
        return USAGE_ERROR
    if isinstance(
        error,
        (
            auto_errors.RuntimeError,
            auto_errors.CompilationError,
            auto_errors.InlineSourceRuntimeError,
        ),
    ):
        return PROGRAM_FAILED
    return DEPLOY_FAILED  # any other CommandError: the engine ran and the operation failed


def error_line(error: BaseException, operation: str, stack: str, backend: str) -> str:
    """One line saying what went wrong and what to do about it."""
    if isinstance(error, PulumiCliMissingError):
        return f"{error}; {INSTALL_HINT}"
    if isinstance(error, MissingPassphraseError):
        return str(error)
    if isinstance(error, auto_errors.ConcurrentUpdateError):
        return (
            f"another update holds the lock on stack {stack}: wait for it to finish, or if it "
            f"died, release it with `mskctl cancel --stack {stack}`"
        )
    if isinstance(error, auto_errors.StackNotFoundError):
        return f"stack {stack} does not exist in {backend}: run `mskctl up --stack {stack}` first"
    if isinstance(error, auto_errors.CommandError):
        kind = "the program failed" if exit_status(error) == PROGRAM_FAILED else "failed"
        return f"{operation} of stack {stack} {kind}: {cli_error_reason(str(error))}"
    return f"{operation} of stack {stack} failed: {error}"


def cli_error_reason(command_error_text: str) -> str:
    """The CLI's own ``error:`` line out of a CommandError's text (code, stdout, stderr), or
    the exit code when it printed none."""
    _, _, stderr = command_error_text.partition("\n stderr: ")
    stdout = command_error_text.partition("\n stdout: ")[2].partition("\n stderr: ")[0]
    for text in (stderr, stdout):
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("error:"):
                return line[len("error:") :].strip()
    code = command_error_text.partition(" code: ")[2].split("\n", 1)[0].strip()
    return f"the Pulumi CLI exited with status {code or 'unknown'} (see the lines above)"


def mask_outputs(outputs: Mapping[str, Any], show_secrets: bool = False) -> dict:
    """Stack outputs as plain values, each secret one replaced by ``[secret]``. Accepts the
    SDK's OutputValue (``.value``, ``.secret``) or plain values."""
    shown = {}
    for name, output in sorted(outputs.items()):
        secret = bool(getattr(output, "secret", False))
        value = getattr(output, "value", output)
        shown[name] = SECRET_SHOWN if secret and not show_secrets else value
    return shown


def summary_document(
    operation: str,
    project: str,
    stack: str,
    backend: str,
    status: int,
    *,
    changes: Mapping | None = None,
    duration_seconds: float = 0.0,
    outputs: dict | None = None,
    errors: list | None = None,
    message: str | None = None,
    refused: bool = False,
) -> dict:
    """The ``--json`` document: the same keys for every verb and every outcome.

    ``outputs`` is null when the operation does not produce them (preview, cancel).
    """
    return {
        "operation": operation,
        "project": project,
        "stack": stack,
        "backend": backend,
        "result": REFUSED if refused else RESULTS[status],
        "exitStatus": status,
        "changes": change_counts(changes),
        "durationSeconds": round(duration_seconds, 1),
        "outputs": outputs,
        "errors": errors or [],
        "message": message,
    }


def render_summary(document: Mapping[str, Any]) -> str:
    """The closing lines a person reads after the progress lines."""
    planned = document["operation"] == "preview"
    head = (
        f"{document['operation']} of {document['project']}/{document['stack']}: "
        f"{document['result']} in {format_duration(document['durationSeconds'])}"
    )
    if document["operation"] in OPERATIONS and (
        document["changes"] or document["exitStatus"] == OK
    ):
        head += f" ({describe_changes(document['changes'], planned)})"
    lines = [head]
    outputs = document["outputs"]
    if outputs:
        width = max(len(name) for name in outputs)
        lines += ["Outputs:"] + [
            f"  {name.ljust(width)}  {_shown(value)}" for name, value in outputs.items()
        ]
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "[]"
    return "null" if value is None else str(value)
