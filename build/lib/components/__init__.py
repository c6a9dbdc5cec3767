"""The MskCluster component package: the component, its spec and the MSK catalog.

The spec, catalog and errors import without pulumi, so offline tools (cost, sizing, policy)
stay light; the component itself loads on first use.
"""

from .errors import MskConfigError, Problem
from .spec import ClusterSpec, args_from_config

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

_COMPONENT_NAMES = {"AuthArgs", "MskCluster", "MskClusterArgs", "WorkloadArgs"}


def __getattr__(name: str):
    if name in _COMPONENT_NAMES:
        from . import msk_cluster

        return getattr(msk_cluster, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
