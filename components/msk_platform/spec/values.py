"""Reading one raw value as the type its key declares, recording a problem when it isn't.

Config arrives as text and other languages send integers as floats, so each reader accepts
the forms a value honestly takes (``3``, ``3.0``, ``"3"``, ``"3.0"`` for a whole number) and
refuses the rest with a message naming what would do. No reader lets through a value AWS
could not take: numbers are finite and whole numbers fit the 32-bit integers AWS's APIs use;
text holds no control characters (a line break in a value is never what was meant).
"""

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .. import catalog
from ..errors import Problem
from .keys import KeyDef, snake_to_camel

INVALID = object()  # marks a value already reported, so later rules skip it

# Line breaks and other control characters (C0, DEL, C1, and Unicode's line/paragraph separators).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MULTILINE_OK = re.compile(r"[\n\r\t]")  # what a KeyDef.multiline text may hold besides
WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
SHOWN_MAX = 60  # longer text is cut short in messages


def is_deferred(value: Any) -> bool:
    """A Pulumi Output or other awaitable: known only at deployment, so not validated here."""
    return hasattr(value, "apply") and hasattr(value, "future")


def show(value: Any) -> str:
    """A value as a user would recognise it in a message (never Python's ``None``)."""
    if value is None:
        return "null"
    if is_deferred(value):
        return "a computed value"
    if isinstance(value, str):
        shown = value if len(value) <= SHOWN_MAX else f"{value[: SHOWN_MAX - 20]}…"
        if CONTROL.search(shown):
            return repr(shown)  # escapes the line break instead of printing it
        suffix = f" ({len(value)} characters)" if len(value) > SHOWN_MAX else ""
        return f"'{shown}'{suffix}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, dict)):
        try:  # as the config would write it: [true, null], {"a": 1}
            return json.dumps(value, ensure_ascii=False, allow_nan=True, default=show)
        except (TypeError, ValueError):
            return str(value)
    return repr(value)


def key_part(name: Any) -> str:
    """A map key or field name as it goes into a problem's key: as written, except that a
    control character is escaped, so the key stays on one line."""
    text = str(name)
    return repr(text) if CONTROL.search(text) else text


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a flag"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return found[0] if found else None


def integer_limit() -> int:
    """The largest whole number AWS's APIs take (they use 32-bit integers)."""
    return int(catalog.aws_limits()["api_integer_max"])


def whole_number(value: Any) -> int | None:
    """``value`` as a whole number when it honestly is one (3, 3.0, '3', '3.0'), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if WHOLE.fullmatch(text):
            return int(text)
        if DECIMAL.fullmatch(text):
            number = float(text)
            return int(number) if math.isfinite(number) and number.is_integer() else None
    return None


def finite_number(value: Any) -> float | None:
    """``value`` as a finite number (5, 5.5, '5.5'), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) else None


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

    def _null(self, label: str, wanted: str) -> Any:
        return self.fail(label, f"is null; give {wanted} or remove it")

    def as_bool(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if value is None:
            return self._null(label, "true or false")
        return self.fail(label, f"{show(value)} is {type_name(value)}; use true or false")

    def as_int(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if key.deferrable and is_deferred(value):
            return value  # a number another resource gives (a revision, say): checked by AWS
        if value is None:
            return self._null(label, "a whole number")
        if isinstance(value, bool):
            return self.fail(label, f"{show(value)} is a flag; use a whole number")
        number = whole_number(value)
        if number is not None:
            return self._bounded(key, number, label, whole=True)
        if _numeric(value):
            what = "a finite number" if finite_number(value) is None else "a whole number"
            return self.fail(label, f"{show(value)} is not {what}; use a whole number")
        return self.fail(label, f"{show(value)} is {type_name(value)}; use a whole number")

    def as_number(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if value is None:
            return self._null(label, "a number")
        if isinstance(value, bool):
            return self.fail(label, f"{show(value)} is a flag; use a number")
        number = finite_number(value)
        if number is not None:
            return self._bounded(key, number, label, whole=False)
        if _numeric(value):
            return self.fail(label, f"{show(value)} is not a finite number; use a number")
        return self.fail(label, f"{show(value)} is {type_name(value)}; use a number")

    def _bounded(self, key: KeyDef, number: Any, label: str, whole: bool) -> Any:
        """Within the key's own bounds, and (whole numbers) the integers AWS's APIs take."""
        low, high, why = key.minimum, key.maximum, key.why_bounds
        if whole:
            limit = integer_limit()
            if high is None or high > limit:
                high, why = limit, " (AWS's APIs take 32-bit whole numbers)"
            if low is None or low < -limit - 1:
                low, why = -limit - 1, " (AWS's APIs take 32-bit whole numbers)"
        unit = f" {key.unit}" if key.unit else ""
        if low is not None and number < low:
            return self.fail(label, f"{_figure(number)}{unit} is below {_figure(low)}{unit}{why}")
        if high is not None and number > high:
            return self.fail(label, f"{_figure(number)}{unit} is past {_figure(high)}{unit}{why}")
        return number

    def as_str(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if key.deferrable and is_deferred(value):
            return value
        if value is None:
            return self._null(label, "text")
        # A multi-line key (a schema file's text) may hold line breaks and tabs, nothing else.
        checked = MULTILINE_OK.sub("", value) if key.multiline and isinstance(value, str) else value
        if isinstance(checked, str) and CONTROL.search(checked.strip()):
            return self.fail(label, _control_message(value))
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            return self.fail(label, "is empty; give a value or remove the key")
        return self.fail(label, f"{show(value)} is {type_name(value)}; use text")

    def as_enum(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        accepted = " or ".join(f"'{c}'" for c in key.choices)
        if value is None:
            return self._null(label or key.config_key, accepted)
        if isinstance(value, str):
            for choice in key.choices:
                if value.strip() == choice:
                    return choice
            for choice in key.choices:
                if value.strip().lower() == choice.lower():
                    return choice
            return self.fail(
                label or key.config_key, f"{show(value)} is not one of the choices; use {accepted}"
            )
        return self.fail(
            label or key.config_key, f"{show(value)} is {type_name(value)}; use {accepted}"
        )

    def as_str_list(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if key.deferrable and is_deferred(value):
            if key.items_only:
                return self.fail(
                    label,
                    "is one computed value for the whole list, but the component counts and "
                    "iterates its items; give a list (each item may be computed)",
                )
            return value
        if isinstance(value, str):
            return self.fail(label, f"{show(value)} is text; use a list, e.g. [{show(value)}]")
        if not isinstance(value, (list, tuple)):
            return self.fail(label, f"{show(value)} is {type_name(value)}; use a list of text")
        out = []
        ok = True
        for index, item in enumerate(value):
            where = f"{label}[{index}]"
            if key.deferrable and is_deferred(item):
                out.append(item)
                continue
            problem = None
            if item is None:
                problem = "is null; give text or remove the item"
            elif not isinstance(item, str):
                problem = f"{show(item)} is {type_name(item)}; use text"
            elif not item.strip():
                problem = "is empty; give text or remove the item"
            elif CONTROL.search(item.strip()):
                problem = _control_message(item)
            if problem is None:
                out.append(item.strip())
            else:
                self.fail(where, problem)
                ok = False
        return tuple(out) if ok else INVALID

    def as_str_map(self, key: KeyDef, value: Any, label: str | None = None) -> Any:
        label = label or key.config_key
        if is_deferred(value):
            return self.fail(
                label,
                "is one computed value for the whole map; give the map itself"
                + (" (its values may be computed)" if key.deferrable else ""),
            )
        if not isinstance(value, Mapping):
            return self.fail(
                label, f"{show(value)} is {type_name(value)}; use a map of text to text"
            )
        out = {}
        ok = True
        for name, item in value.items():
            where = f"{label}.{key_part(name)}"
            text = _map_text(item)
            if is_deferred(item) and key.deferrable:
                out[str(name)] = item
            elif is_deferred(item):
                self.fail(
                    where,
                    "is a secret or computed value, but it is written into what gets built; "
                    "give it as plain text",
                )
                ok = False
            elif item is None:
                self.fail(where, "is null; give text or remove it")
                ok = False
            elif text is None:
                what = type_name(item) if not isinstance(item, float) else "not a finite number"
                self.fail(where, f"{show(item)} is {what}; use text")
                ok = False
            elif CONTROL.search(text):
                self.fail(where, _control_message(text))
                ok = False
            else:
                out[str(name)] = text
        return out if ok else INVALID


_NOT_FINITE = ("inf", "infinity", "nan")


def _numeric(value: Any) -> bool:
    """A number, or text that spells one (including 'inf', 'nan' and '1e400')."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    if isinstance(value, str):
        text = value.strip()
        return bool(DECIMAL.fullmatch(text)) or text.lower().lstrip("+-") in _NOT_FINITE
    return False


def _figure(number: float) -> str:
    """1000000 as '1,000,000', 1e308 as '1e+308', 2.5 as '2.5'."""
    if isinstance(number, int) or float(number).is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:g}"


def _map_text(item: Any) -> str | None:
    """A map value as the text AWS receives: numbers without a spurious '.0', flags lower case."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return show(item) if math.isfinite(item) else None
    if isinstance(item, str):
        return item
    return None


def _control_message(value: str) -> str:
    return (
        f"{show(value)} holds a line break or another control character; "
        "give it on one line, without control characters"
    )


def missing_fields(
    item: Mapping[str, Any], label: str, required: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(key, message) for each required field (snake_case, with what it holds) that an item
    read from a list of objects lacks, keyed ``<label>.<camelCase field>``."""
    return [
        (f"{label}.{snake_to_camel(field)}", f"is required: {what}")
        for field, what in required
        if item.get(field) is None
    ]
