"""How long ``pulumi up`` waits for the cluster: ``msk:timeouts {create, update, delete}``.

Pure Python. Pulumi's engine reads each custom timeout with Go's ``time.ParseDuration`` and
fails the whole deployment on one it can't read (catalog: ``custom_timeouts``, with sources),
so each is checked here the same way, before anything reaches the engine. The timeouts are the
cluster's only: its topics, SCRAM associations and the rest take minutes, not hours, and keep
their providers' own timeouts.
"""

import re
from fractions import Fraction

from .. import catalog
from .draft import Draft
from .keys import KEYS_BY_NAME
from .values import show

KEY = "timeouts"
# One element of a Go duration: a decimal number (optionally with a fraction) and a unit.
_ELEMENT = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")


def duration_seconds(text: str) -> float | None:
    """Seconds in a duration as Go's ``time.ParseDuration`` reads it (``90m``, ``1h30m``,
    ``-5s``, ``0``), or None where it refuses the text (no unit, an unknown unit such as ``d``,
    more than it can hold)."""
    rules = catalog.custom_timeout_rules()
    units = {unit: Fraction(str(seconds)) for unit, seconds in rules["units_seconds"].items()}
    sign, body = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if body == "0":
        return 0.0
    total = Fraction(0)
    position = 0
    while position < len(body):
        found = _ELEMENT.match(body, position)
        if found is None:
            return None
        total += Fraction(found.group(1)) * units[found.group(2)]
        position = found.end()
    if position == 0 or total * 10**9 > rules["max_nanoseconds"]:
        return None
    return float(-total if sign == "-" else total)


def check_timeouts(draft: Draft) -> None:
    timeouts = draft.value(KEY)
    if not timeouts or not draft.ok(KEY):
        return
    rules = catalog.custom_timeout_rules()
    longest = rules["max_nanoseconds"] // (3600 * 10**9)
    for field in KEYS_BY_NAME[KEY].fields:
        text = timeouts[field.snake]
        label = f"msk:{KEY}.{field.name}"
        seconds = duration_seconds(text)
        if seconds is None:
            draft.reader.fail(
                label,
                f"{show(text)} is not a duration Pulumi reads: give numbers with units h, m or "
                f"s, e.g. 90m, 3h or 1h30m (no days: 48h), at most {longest}h",
            )
        elif seconds <= 0:
            draft.reader.fail(
                label, f"{show(text)} is not longer than 0; give how long to wait, e.g. 3h"
            )
        elif field.name == "create" and not draft.serverless:
            _warn_short_create(draft, text, seconds, rules)


def _warn_short_create(draft: Draft, text: str, seconds: float, rules: dict) -> None:
    observed = rules["provisioned_create_observed_minutes"]
    if seconds < observed * 60:
        draft.warnings.append(
            f"msk:{KEY}.create {show(text)} is under {observed} minutes, which creating an MSK "
            "cluster routinely takes or passes (terraform-provider-aws issue #17726): `pulumi "
            "up` would give up while AWS goes on creating it"
        )
