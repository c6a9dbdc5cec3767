"""One module per verb (``deploy``: preview, up, refresh, destroy); each has
``register(subparsers)`` and sets ``func`` to its runner."""

from . import cancel, cost, deploy, outputs, plan, size

VERBS = (plan, cost, size, deploy, outputs, cancel)
