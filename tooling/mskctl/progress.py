"""Engine events as progress lines: one line per resource step, as it happens.

A pipeline log should show what is being created while it is created (an MSK cluster takes
20 to 40 minutes), not a wall of text at the end. Pure functions over the SDK's event objects;
the Automation API layer hands each event to ``ProgressLines.line`` and prints what it returns.
"""

import re
import time
from collections.abc import Mapping

from pulumi.automation import EngineEvent, StepEventMetadata

# op -> (symbol, while running, when done, in a preview)
STEP_WORDS = {
    "create": ("+", "creating", "created", "create"),
    "update": ("~", "updating", "updated", "update"),
    "delete": ("-", "deleting", "deleted", "delete"),
    "replace": ("+-", "replacing", "replaced", "replace"),
    "create-replacement": (
        "++",
        "creating replacement",
        "created replacement",
        "create replacement",
    ),
    "delete-replaced": ("--", "deleting replaced", "deleted replaced", "delete replaced"),
    "read": (">", "reading", "read", "read"),
    "refresh": ("~", "refreshing", "refreshed", "refresh"),
    "import": ("=", "importing", "imported", "import"),
    "discard": ("-", "discarding", "discarded", "discard"),
}
UNCHANGED = "same"
_COLOR_DIRECTIVE = re.compile(r"<\{%[^%]*%\}>|\x1b\[[0-9;]*m")


def clean_message(message: str) -> str:
    """A diagnostic on one line: colour codes (the engine's ``<{%reset%}>`` and ANSI) removed,
    lines joined with `` | ``."""
    text = _COLOR_DIRECTIVE.sub("", message)
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())


def resource_name(urn: str | None) -> str:
    """The logical name at the end of a URN (``...::msk-cluster`` -> ``msk-cluster``)."""
    return (urn or "").rsplit("::", 1)[-1]


def format_duration(seconds: float) -> str:
    """45 -> '45s', 1264 -> '21m 4s', 3720 -> '1h 2m'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m"


def change_counts(changes: Mapping | None) -> dict[str, int]:
    """The engine's changes by kind (keys may be OpType members) as plain, sorted counts."""
    plain = {str(getattr(op, "value", op)): int(count) for op, count in (changes or {}).items()}
    return {op: count for op, count in sorted(plain.items()) if count}


def describe_changes(changes: Mapping[str, int], planned: bool) -> str:
    """'2 created, 9 unchanged' (or '2 to create, 9 unchanged' for a preview)."""
    parts = []
    for op, count in change_counts(changes).items():
        if op == UNCHANGED:
            parts.append(f"{count} unchanged")
        elif op in STEP_WORDS:
            _, _, done, plan = STEP_WORDS[op]
            parts.append(f"{count} to {plan}" if planned else f"{count} {done}")
        else:
            parts.append(f"{count} {op}")
    return ", ".join(parts) or "no changes"


class ProgressLines:
    """Turns engine events into lines, remembering when each step began so that the line for
    its end can say how long it took. ``changes`` holds the engine's final tally, if it sent
    one (it does even when the operation fails)."""

    def __init__(self, planned: bool) -> None:
        self.planned = planned  # a preview: steps are what would happen, not what happens
        self.started: dict[str, int] = {}
        self.changes: dict[str, int] = {}

    def line(self, event: EngineEvent) -> str | None:
        clock = time.strftime("%H:%M:%S", time.gmtime(event.timestamp or 0))
        text = self._text(event)
        return None if text is None else f"{clock}  {text}"

    def _text(self, event: EngineEvent) -> str | None:
        if event.resource_pre_event:
            step = event.resource_pre_event.metadata
            self.started[step.urn] = event.timestamp or 0
            return self._step(step, 3 if self.planned else 1)
        if event.res_outputs_event and not self.planned:
            step = event.res_outputs_event.metadata
            took = (event.timestamp or 0) - self.started.pop(step.urn, event.timestamp or 0)
            line = self._step(step, 2)
            return line and (f"{line}  ({format_duration(took)})" if took > 0 else line)
        if event.res_op_failed_event:
            step = event.res_op_failed_event.metadata
            return f"✗ {self._op(step)} failed  {step.type}  {resource_name(step.urn)}"
        if event.diagnostic_event:
            return self._diagnostic(event.diagnostic_event)
        if event.policy_event:
            policy = event.policy_event
            return (
                f"! policy {policy.policy_pack_name}/{policy.policy_name} "
                f"({policy.enforcement_level}): {clean_message(policy.message)}"
            )
        if event.summary_event:
            self.changes = change_counts(event.summary_event.resource_changes)
        return None  # prelude, the CLI's own stdout, the end-of-stream marker

    @staticmethod
    def _op(step: StepEventMetadata) -> str:
        return str(getattr(step.op, "value", step.op))

    def _step(self, step: StepEventMetadata, column: int) -> str | None:
        op = self._op(step)
        if op == UNCHANGED or step.type == "pulumi:pulumi:Stack":
            return None
        words = STEP_WORDS.get(op, ("*", op, op, op))
        return f"{words[0]} {words[column]}  {step.type}  {resource_name(step.urn)}"

    @staticmethod
    def _diagnostic(diagnostic) -> str | None:
        if diagnostic.severity not in ("error", "warning"):
            return None  # info lines repeat what the steps already say
        message = clean_message(diagnostic.message)
        if not message:
            return None
        symbol = "✗" if diagnostic.severity == "error" else "!"
        where = f"{resource_name(diagnostic.urn)}: " if diagnostic.urn else ""
        return f"{symbol} {diagnostic.severity}: {where}{message}"
