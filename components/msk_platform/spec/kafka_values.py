"""Whether a broker property or topic config value is one Kafka accepts, by the config's type.

The types, ranges and allowed words come from the catalog (``server_properties.settable`` and
``topics.topic_configs``, with their sources); this module only reads a value the way Kafka's
ConfigDef parses it: whole numbers as plain decimal digits within Java's int/short/long, doubles,
``true``/``false``, one word of a set, or a comma-separated list of them.
"""

import math
import re

from ..catalog import ConfigType

JAVA_RANGES = {
    "short": (-(2**15), 2**15 - 1),
    "int": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}
WHOLE = re.compile(r"[+-]?[0-9]+")
DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
JAVA_CLASS = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")
THROTTLED = re.compile(r"\*|[0-9]+:[0-9]+(?:,[0-9]+:[0-9]+)*")
# server.properties is a Java properties file: a line break starts a new property, '=' (or ':')
# splits one, and a trailing backslash joins the next line on. None belongs in a value.
PROPERTIES_SPECIAL = re.compile(r"[\r\n\\=\u2028\u2029\x85\x0b\x0c]")


def _range_text(kind: ConfigType, low: float, high: float) -> str:
    also = "".join(f" or {value}" for value in kind.also)
    if high >= 2**31 - 1 and low > -(2**31):
        return f"a whole number of at least {low:,}{also}"
    return f"a whole number from {low:,} to {high:,}{also}"


def value_problem(kind: ConfigType, text: str) -> str | None:
    """What is wrong with ``text`` as a value of this type, or None if Kafka takes it."""
    value = text.strip()
    if kind.type in JAVA_RANGES:
        java_low, java_high = JAVA_RANGES[kind.type]
        low = java_low if kind.minimum is None else max(java_low, int(kind.minimum))
        high = java_high if kind.maximum is None else min(java_high, int(kind.maximum))
        wanted = _range_text(kind, low, high)
        if not WHOLE.fullmatch(value):
            return f"'{text}' is not a whole number as Kafka reads one; use {wanted}"
        number = int(value)
        if number in kind.also:
            return None
        if not low <= number <= high:
            return f"{number:,} is out of range; use {wanted}"
        return None
    if kind.type == "double":
        ratio = float(value) if DOUBLE.fullmatch(value) else math.nan
        least = -math.inf if kind.minimum is None else kind.minimum
        most = math.inf if kind.maximum is None else kind.maximum
        if not math.isfinite(ratio):
            return f"'{text}' is not a number; use a number from {least:g} to {most:g}"
        if not least <= ratio <= most:
            return f"{value} is outside {least:g}–{most:g}; use a number in that range"
        return None
    if kind.type == "boolean":
        if value.lower() in ("true", "false"):
            return None
        return f"'{text}' is not a flag; use true or false"
    if kind.type == "string" and kind.values:
        if value in kind.values:
            return None
        return f"'{text}' is not one Kafka takes; use {_choices(kind.values)}"
    if kind.type == "list" and kind.values:
        items = [item.strip() for item in value.split(",")]
        wrong = [item for item in items if item not in kind.values]
        if not wrong:
            return None
        return (
            f"'{text}' lists {', '.join(repr(w) for w in wrong)}; use {_choices(kind.values)}, "
            "or several separated by commas"
        )
    if kind.type == "class":
        if JAVA_CLASS.fullmatch(value):
            return None
        return f"'{text}' is not a Java class name; use one such as org.example.MySelector"
    if kind.type == "throttled_replicas":
        if THROTTLED.fullmatch(value.replace(" ", "")):
            return None
        return f"'{text}' is not '*' or a list of partition:broker pairs such as 0:1,1:2"
    return None


def _choices(values: tuple[str, ...]) -> str:
    quoted = [f"'{v}'" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
