"""The MskCluster component package: the component, its spec and the MSK catalog.

The spec, catalog and errors import without pulumi, so offline tools (cost, sizing, policy)
stay light; the component itself loads on first use.
"""

from .errors import MskConfigError, Problem
from .spec import ClusterSpec, args_from_config

__version__ = "0.2.0"  # also the provider's version; see CHANGELOG.md

__all__ = [
    "AuthArgs",
    "ClusterSpec",
    "MskCluster",
    "MskClusterArgs",
    "MskConfigError",
    "Problem",
    "WorkloadArgs",
    "args_from_config",
]

_ARG_TYPES = {"AuthArgs", "MskClusterArgs", "WorkloadArgs"}


def __getattr__(name: str):
    if name == "MskCluster":
        from .msk_cluster import MskCluster

        return MskCluster
    if name in _ARG_TYPES:
        from . import args

        return getattr(args, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
