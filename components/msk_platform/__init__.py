"""The MskCluster component package: the component, its typed args, its spec and the MSK
catalog. Everything here is imported eagerly, so type checkers see exactly what runs."""

from .args import (
    AlarmsArgs,
    AuthArgs,
    GrantArgs,
    LoggingArgs,
    MskClusterArgs,
    OpenMonitoringArgs,
    StorageAutoscalingArgs,
    TopicArgs,
    WorkloadArgs,
)
from .errors import MskConfigError, Problem
from .msk_cluster import MskCluster
from .program_config import msk_config
from .spec import ClusterSpec, args_from_config

__version__ = "0.3.0"  # also the provider's version; see CHANGELOG.md

__all__ = [
    "AlarmsArgs",
    "AuthArgs",
    "ClusterSpec",
    "GrantArgs",
    "LoggingArgs",
    "MskCluster",
    "MskClusterArgs",
    "MskConfigError",
    "OpenMonitoringArgs",
    "Problem",
    "StorageAutoscalingArgs",
    "TopicArgs",
    "WorkloadArgs",
    "args_from_config",
    "msk_config",
]
