"""The MskCluster component package: the component, its spec and the MSK catalog."""

from .errors import MskConfigError, Problem
from .msk_cluster import AuthArgs, MskCluster, MskClusterArgs
from .spec import ClusterSpec, args_from_config

__all__ = [
    "AuthArgs",
    "ClusterSpec",
    "MskCluster",
    "MskClusterArgs",
    "MskConfigError",
    "Problem",
    "args_from_config",
]
