"""A program's ``msk:`` stack config, read through the SDK's public API.

Each declared key is read with ``pulumi.Config`` (secret ones with ``get_secret``, so they stay
secret). ``pulumi.Config`` reads one key by name and has no call that lists the keys a stack
sets, yet an undeclared key must be reported, not ignored: ``_set_names`` is the one place
that lists them, from the config map the engine hands a Python program (``PULUMI_CONFIG``,
returned by ``pulumi.runtime.get_config_env``; exported by the SDK, checked on 3.272).
"""

from typing import Any

import pulumi

from .spec.keys import KEYS, NAMESPACE


def _set_names() -> list[str]:
    """Names (without ``msk:``) of every ``msk:`` key in the engine's config map."""
    prefix = f"{NAMESPACE}:"
    return [key[len(prefix) :] for key in pulumi.runtime.get_config_env() if key.startswith(prefix)]


def _is_secret(name: str) -> bool:
    full = f"{NAMESPACE}:{name}"
    return (
        pulumi.runtime.is_config_secret(full) or full in pulumi.runtime.get_config_secret_keys_env()
    )


def msk_config() -> dict[str, Any]:
    """Every ``msk:`` key this stack sets, by its bare name: declared keys and, so that the
    spec can name them, any others. Secret values come back as secret Outputs."""
    config = pulumi.Config(NAMESPACE)
    names = [key.name for key in KEYS]
    names += [name for name in _set_names() if name not in names]
    values: dict[str, Any] = {}
    for name in names:
        value = config.get_secret(name) if _is_secret(name) else config.get(name)
        if value is not None:
            values[name] = value
    return values
