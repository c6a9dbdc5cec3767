"""``preview`` and ``up`` judge the change against what is deployed, as ``plan --against`` does
with a file, so no path skips the check: the stack's state (``pulumi stack export``, through
the Automation API) read as a BEFORE document, compared with the offline plan of the config the
engine will get (the stack file plus ``--set``).

``up`` refuses what AWS would refuse or Pulumi would stop at (a protected resource replaced or
deleted) before the engine starts; ``preview`` lists the same findings and goes on, so a person
sees what to fix. On a stack with nothing deployed only what AWS refuses at create time is
judged.
"""

from dataclasses import dataclass
from typing import Any

from pulumi import automation as auto

from .against import Change, blocking, change_report, compare
from .automation import CliAnswerError, readable_answers
from .before_state import BeforeStateError, before_document
from .change_render import change_lines


@dataclass(frozen=True)
class DeployedChanges:
    """What ``up`` of the plan would do to the deployed stack."""

    changes: list[Change]
    report: dict[str, Any]  # the plan JSON's ``changes`` and ``against`` sections

    @property
    def blocking(self) -> bool:
        return blocking(self.changes)

    def lines(self, stack: str) -> list[str]:
        if not self.changes:
            return [f"mskctl: changes against what is deployed in stack {stack}: none"]
        heading = f"mskctl: changes against what is deployed in stack {stack}:"
        return [heading] + [f"  {line}" for line in change_lines(self.changes)]


def deployed_state(stack: auto.Stack, name: str) -> dict:
    """The stack's state as a BEFORE document. The SDK asks the CLI with ``--show-secrets``:
    the secrets are masked here, before anything else sees the state. Raises CliAnswerError
    when the CLI's answer is not a checkpoint this mskctl reads."""
    with readable_answers("`stack export`"):
        exported = stack.export_stack()
    if not exported.deployment:  # a stack never deployed may export no deployment at all
        return {"source": "stack-export", "resources": [], "cost": None}
    document = {"version": exported.version, "deployment": exported.deployment}
    try:
        return before_document(document, f"the state `pulumi stack export` gave for {name}")
    except BeforeStateError as error:
        raise CliAnswerError(str(error)) from error


def judge(before: dict, plan: dict) -> DeployedChanges | None:
    """The changes ``up`` of ``plan`` would make to ``before``. With nothing deployed every
    resource is a creation, so only what AWS refuses at create time (public access on a new
    cluster) is reported; None when there is nothing to say."""
    changes = compare(before, plan)
    if not before["resources"]:
        changes = [change for change in changes if change.blocking]
        if not changes:
            return None
    return DeployedChanges(changes, change_report(before, plan, changes))


def refusal_line(operation: str, stack: str, judged: DeployedChanges) -> str:
    count = sum(change.blocking for change in judged.changes)
    return (
        f"refusing {operation} of stack {stack}: {count} blocking change{'s' * (count != 1)} "
        "(refused by AWS, or a protected resource replaced or deleted; listed below); nothing "
        "was deployed"
    )
