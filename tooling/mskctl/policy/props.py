"""Reading resource properties that may not be known yet.

During a preview the engine hands policies unknown values (an ID of a resource not created
yet) as sentinels, and pulumi_policy's proxy raises UnknownValueError when a rule reads one,
which skips the whole rule with an advisory note. Rules read through ``plain`` instead, which
turns every unknown into ``UNKNOWN``, so each rule decides what "not known yet" means: a value
that must be set counts as set, a value that must not be X is checked again at ``pulumi up``,
when the engine knows it.
"""

from collections.abc import Mapping, Sequence

from ..sdk_internals import POLICY_UNKNOWN_VALUES as _SENTINELS
from ..sdk_internals import UnknownValueError


class _Unknown:
    """A value the engine will know only after deployment."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def plain(value):
    """``value`` as plain dicts and lists, every unknown (sentinel or proxied) as UNKNOWN."""
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        return {key: plain(_read(value, key)) for key in value}
    if isinstance(value, Sequence):
        return [plain(_read(value, index)) for index in range(len(value))]
    return value


def _read(container, key):
    try:
        return container[key]
    except UnknownValueError:
        return UNKNOWN


def dig(props: dict, path: str, default=None):
    """The value at a dotted path of plain props; ``default`` when a step is missing or not
    an object, UNKNOWN when a step is unknown."""
    value = props
    for part in path.split("."):
        if value is UNKNOWN:
            return UNKNOWN
        if not isinstance(value, dict) or value.get(part) is None:
            return default
        value = value[part]
    return value


def is_set(value) -> bool:
    """Set to something (an unknown counts: it will be set, by a resource not created yet)."""
    return value is UNKNOWN or value not in (None, "", [], {})


def elements(value) -> list:
    """The elements of a list property; none when it is absent, unknown or not a list."""
    return value if isinstance(value, list) else []
