"""The change plan as text: the same findings as the plan JSON's ``changes`` and ``against``
sections, one block per resource, most serious first. Plain text, no colour, no symbols a
console might not show."""

from typing import Any

from . import lifecycle
from .against import CREATE, DELETE, REFUSED, REPLACE, UPDATE, Change

HEADINGS = {
    REFUSED: "REFUSED",
    REPLACE: "REPLACE",
    DELETE: "DELETE",
    UPDATE: "update",
    CREATE: "create",
}
SOURCE_NAMES = {"plan": "an earlier plan", "stack-export": "what is deployed (a stack export)"}


def change_lines(changes: list[Change]) -> list[str]:
    """Every change but the creates in a few lines each; the creates in one line."""
    lines: list[str] = []
    known = lifecycle.cluster_operations()
    for change in changes:
        if change.action == CREATE:
            continue
        flags = [flag for flag, on in (("protected", change.protected),) if on]
        suffix = f" [{', '.join(flags)}]" if flags else ""
        lines.append(f"{HEADINGS[change.action]:<8} {change.name} ({change.label}){suffix}")
        for reason in change.reasons:
            lines.append(f"    {reason}")
        if change.operations:
            lines.append(
                f"    {len(change.operations)} MSK operation(s), one at a time, in this order:"
            )
            for number, name in enumerate(change.operations, 1):
                operation = known[name]
                restarts = {
                    True: "restarts brokers one at a time",
                    False: "no broker restart",
                    None: "broker restarts not published",
                }[operation.restarts_brokers]
                lines.append(f"      {number}. {name}: {restarts}; {operation.duration}")
        for precondition in change.preconditions:
            lines.append(f"    first: {precondition}")
        if change.data_loss and change.action in (REPLACE, DELETE):
            lines.append(f"    loses: {change.data_loss}")
        if change.instead:
            lines.append(f"    instead: {change.instead}")
        if change.protected and change.action in (REPLACE, DELETE):
            lines.append("    protected: Pulumi refuses to replace or delete it (msk:protect)")
    created = [change for change in changes if change.action == CREATE]
    if created:
        names = ", ".join(f"{change.name} ({change.label})" for change in created)
        lines.append(f"{HEADINGS[CREATE]:<8} {len(created)} new: {names}")
    return lines


def render_changes(where: str, report: dict[str, Any], changes: list[Change]) -> str:
    """The ``--against`` section of ``mskctl plan``'s text output."""
    against = report["against"]
    source = SOURCE_NAMES.get(against["source"], against["source"])
    if not changes:
        return f"Changes against {where} ({source}): none."
    lines = [f"Changes against {where} ({source}):"]
    lines += [f"  {line}" for line in change_lines(changes)]
    lines.append(f"  monthly cost: {_cost(against['cost'])}")
    if against["blocking"]:
        lines.append(
            "  `pulumi up` of this change would fail or is refused: see REFUSED and "
            "protected above (exit status 7)"
        )
    return "\n".join(lines)


def _cost(cost: dict[str, Any]) -> str:
    before, after = cost["before"], cost["after"]
    if before is None or after is None:
        return f"{_amount(before)} -> {_amount(after)} {cost['currency']}"
    basis = "" if cost["basis"] == "plan" else f" ({cost['basis']})"
    return f"{before:,.2f} -> {after:,.2f} {cost['currency']} ({after - before:+,.2f}){basis}"


def _amount(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.2f}"
