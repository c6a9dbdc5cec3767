"""One module per verb (``deploy``: preview, up, refresh, destroy); each has
``register(subparsers)`` and sets ``func`` to its runner. Each is imported only when asked for
(``load``), so an offline verb's run doesn't import the deploy verbs' driver."""

from collections.abc import Iterable
from importlib import import_module
from types import ModuleType

MODULES = ("plan", "cost", "size", "deploy", "outputs", "cancel")


def load(names: Iterable[str]) -> list[ModuleType]:
    """The verb modules of those names, in that order."""
    return [import_module(f"{__name__}.{name}") for name in names]
