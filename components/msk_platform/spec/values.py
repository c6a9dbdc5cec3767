"""Reading one raw value as the type its key declares, recording a problem when it isn't.

Config arrives as text and other languages send integers as floats, so each reader accepts
the forms a value honestly takes and refuses the rest with a message naming what would do.
"""

import difflib
from collections.abc import Iterable
from typing import Any

from ..errors import Problem
from .keys import KeyDef

INVALID = object()  # marks a value already reported, so later rules skip it


def is_deferred(value: Any) -> bool:
    """A Pulumi Output or other awaitable: known only at deployment, so not validated here."""
    return hasattr(value, "apply") and hasattr(value, "future")


def show(value: Any) -> str:
    """A value as a user would recognise it in a message."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if not isinstance(value, (list, dict)) else str(value)


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a flag"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return found[0] if found else None


class Reader:
    """Collects problems while values are read; every reader returns INVALID on failure."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> Any:
        self.problems.append(Problem(key, message))
        return INVALID

    def refuse_deferred(self, key: KeyDef, value: Any, label: str | None = None) -> bool:
        """Keys that decide what gets built must be plain values, not secrets or outputs."""
        if is_deferred(value) and not key.deferrable:
            self.fail(
                label or key.config_key,
                "is a secret or computed value, but it decides "
                "what gets built; give it as plain (non-secret) config",
            )
            return True
        return False

    def as_bool(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return self.fail(label, f"{show(value)} is {type_name(value)}; use true or false")

    def as_int(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if isinstance(value, bool):
            return self.fail(label, f"{show(value)} is a flag; use a whole number")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        return self.fail(label, f"{show(value)} is {type_name(value)}; use a whole number")

    def as_number(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        return self.fail(label, f"{show(value)} is {type_name(value)}; use a number")

    def as_str(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if key.deferrable and is_deferred(value):
            return value
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            return self.fail(label, "is empty; give a value or remove the key")
        return self.fail(label, f"{show(value)} is {type_name(value)}; use text")

    def as_enum(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        if isinstance(value, str):
            for choice in key.choices:
                if value.strip() == choice:
                    return choice
            for choice in key.choices:
                if value.strip().lower() == choice.lower():
                    return choice
        accepted = " or ".join(f"'{c}'" for c in key.choices)
        return self.fail(
            label or key.config_key, f"{show(value)} is not one of the choices; use {accepted}"
        )

    def as_str_list(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if key.deferrable and is_deferred(value):
            return value
        if isinstance(value, str):
            return self.fail(label, f"{show(value)} is text; use a list, e.g. [{show(value)}]")
        if not isinstance(value, (list, tuple)):
            return self.fail(label, f"{show(value)} is {type_name(value)}; use a list of text")
        out = []
        ok = True
        for index, item in enumerate(value):
            if key.deferrable and is_deferred(item):
                out.append(item)
            elif isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.fail(f"{label}[{index}]", f"{show(item)} is {type_name(item)}; use text")
                ok = False
        return tuple(out) if ok else INVALID

    def as_str_map(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        if not isinstance(value, dict):
            return self.fail(
                label or key.config_key,
                f"{show(value)} is {type_name(value)}; use a map of text to text",
            )
        out = {}
        ok = True
        for name, item in value.items():
            if is_deferred(item):
                out[str(name)] = item
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                out[str(name)] = str(item) if not isinstance(item, float) else show(item)
            elif isinstance(item, bool):
                out[str(name)] = "true" if item else "false"
            else:
                self.fail(
                    f"{key.config_key}.{name}", f"{show(item)} is {type_name(item)}; use text"
                )
                ok = False
        return out if ok else INVALID
