"""One module per verb; each has ``register(subparsers)`` and sets ``func`` to its runner."""

from . import cost, plan

VERBS = (plan, cost)
