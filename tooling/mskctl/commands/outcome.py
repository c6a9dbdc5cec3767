"""How an Automation API verb ended: its exit status, its one-line reason, its summary.

Pure functions: every error the driver can meet maps to one documented exit status and one
line a person can act on (no traceback), and every outcome to one JSON document a pipeline can
read, with secret outputs masked.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.automation import PolicyEvent
from pulumi.automation import errors as auto_errors

from ..automation import OPERATIONS, CliAnswerError, PulumiCliMissingError
from ..deploy_settings import MissingPassphraseError, MissingPolicyPackError
from ..exit_status import (
    CHANGE_REFUSED,
    CONCURRENT_UPDATE,
    CONFIG_ERRORS,
    DEPLOY_FAILED,
    MISSING_PREREQUISITE,
    OK,
    PROGRAM_FAILED,
    USAGE_ERROR,
)
from ..plan import SECRET_SHOWN
from ..policy_check import MANDATORY, has_mandatory
from ..progress import change_counts, clean_message, describe_changes, format_duration

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
    CHANGE_REFUSED: "change-refused",
}
REFUSED = "refused"  # destroy of a protected stack without --yes (exit status: usage error)
# A mandatory policy violation stopped the verb, offline or in the engine (exit status: 1,
# as `mskctl plan` gives it).
POLICY_STOPPED = "policy-violations"
PREREQUISITES = (PulumiCliMissingError, MissingPassphraseError, MissingPolicyPackError)
# What driving a stack can raise; everything else is a bug in mskctl and shows as one.
DRIVER_ERRORS = (*PREREQUISITES, CliAnswerError, auto_errors.CommandError)


def exit_status(error: BaseException) -> int:
    """The documented exit status for an error met while driving a stack."""
    if isinstance(error, PREREQUISITES):
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
    if isinstance(error, (MissingPassphraseError, MissingPolicyPackError)):
        return str(error)
    if isinstance(error, auto_errors.ConcurrentUpdateError):
        return (
            f"another update holds the lock on stack {stack}: wait for it to finish, or if it "
            f"died, release it with `mskctl cancel --stack {stack}`"
        )
    if isinstance(error, auto_errors.StackNotFoundError):
        return f"stack {stack} does not exist in {backend}: run `mskctl up --stack {stack}` first"
    if isinstance(error, auto_errors.CommandError):
        kind = ": the program failed" if exit_status(error) == PROGRAM_FAILED else " failed"
        return f"{operation} of stack {stack}{kind}: {cli_error_reason(str(error))}"
    return f"{operation} of stack {stack} failed: {error}"


def cli_error_reason(command_error_text: str) -> str:
    """The CLI's own ``error:`` line out of a CommandError's text (code, stdout, stderr), or
    the exit code when it printed none. A protected resource the engine kept is said so."""
    _, _, stderr = command_error_text.partition("\n stderr: ")
    stdout = command_error_text.partition("\n stdout: ")[2].partition("\n stderr: ")[0]
    if PROTECTED_TEXT in command_error_text:
        return (
            "Pulumi kept a protected resource (msk:protect): it is never deleted or replaced "
            "while protected; deploy `msk:protect: false` with `mskctl up` first"
        )
    for text in (stderr, stdout):
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("error:"):
                return line[len("error:") :].strip()
    code = command_error_text.partition(" code: ")[2].split("\n", 1)[0].strip()
    return f"the Pulumi CLI exited with status {code or 'unknown'} (see the lines above)"


# How the engine says it refused to delete or replace a protected resource.
PROTECTED_TEXT = "as it is currently marked for protection"


# --- policy violations -------------------------------------------------------------------


def engine_violation(event: PolicyEvent) -> dict:
    """A violation the engine's pack reported, as the offline plan lists one:
    ``{policy, level, resource, message}``, resource ``<type>::<name>`` from the URN."""
    urn = event.resource_urn or ""
    parts = urn.split("::")
    resource = f"{parts[2].rsplit('$', 1)[-1]}::{'::'.join(parts[3:])}" if len(parts) >= 4 else urn
    return {
        "policy": event.policy_name,
        "level": event.enforcement_level,
        "resource": resource,
        "message": clean_message(event.message),
    }


def stopped_by_policy(error: BaseException, violations: Iterable[Mapping[str, Any]]) -> bool:
    """The operation failed and the engine's pack reported a mandatory violation during it:
    the policy stopped it (recognised from the engine's policy events, never from its text)."""
    if not isinstance(error, auto_errors.CommandError):
        return False
    if isinstance(error, (auto_errors.ConcurrentUpdateError, auto_errors.StackNotFoundError)):
        return False
    return any(v["level"] == MANDATORY for v in violations)


def policy_stop_line(operation: str, stack: str, violations: list, offline: bool) -> str:
    """The one-line reason a mandatory violation stopped the verb."""
    count = sum(1 for v in violations if v["level"] == MANDATORY)
    what = f"{count} mandatory policy violation{'s' * (count != 1)}"
    if offline:
        return f"{what} in stack {stack}; nothing was sent to Pulumi"
    return f"{operation} of stack {stack} was stopped by the policy pack: {what}"


def policy_lines(violations: Iterable[Mapping[str, Any]]) -> list[str]:
    """One line per violation, as `mskctl plan` prints them (✗ mandatory, ! advisory)."""
    return [
        f"  {'✗' if v['level'] == MANDATORY else '!'} {v['level']} {v['policy']}  "
        f"{v['resource']}: {v['message']}"
        for v in violations
    ]


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
    policy: list | None = None,
    message: str | None = None,
    refused: bool = False,
    against: dict | None = None,
) -> dict:
    """The ``--json`` document: the same keys for every verb and every outcome.

    ``outputs`` is null when the operation does not produce them (preview, cancel);
    ``policy`` lists the policy violations found, offline or by the engine's pack;
    ``against`` is the change judged against what is deployed (preview, up: the plan JSON's
    ``changes`` and ``against`` sections), null when not judged or nothing is deployed.
    """
    if refused:
        result = REFUSED
    elif status == CONFIG_ERRORS and not errors and has_mandatory(policy or []):
        result = POLICY_STOPPED
    else:
        result = RESULTS[status]
    return {
        "operation": operation,
        "project": project,
        "stack": stack,
        "backend": backend,
        "result": result,
        "exitStatus": status,
        "changes": change_counts(changes),
        "durationSeconds": round(duration_seconds, 1),
        "outputs": outputs,
        "errors": errors or [],
        "policy": policy or [],
        "message": message,
        "against": against,
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
