"""The MskCluster component package: the component, its typed args, its spec and the MSK
catalog. Everything here is imported eagerly, so type checkers see exactly what runs."""

from .args import (
    AlarmsArgs,
    AuthArgs,
    ClusterPolicyArgs,
    GrantArgs,
    LoggingArgs,
    MskClusterArgs,
    OpenMonitoringArgs,
    StorageAutoscalingArgs,
    TimeoutsArgs,
    TopicArgs,
    VpcConfigArgs,
    VpcConnectionArgs,
    VpcConnectivityArgs,
    WorkloadArgs,
)
from .errors import MskConfigError, Problem
from .msk_cluster import MskCluster
from .msk_vpc_connection import MskVpcConnection, MskVpcConnectionArgs
from .program_config import msk_config
from .spec import ClusterSpec, args_from_config

__version__ = "0.3.0"  # also the provider's version; see CHANGELOG.md

__all__ = [
    "AlarmsArgs",
    "AuthArgs",
    "ClusterPolicyArgs",
    "ClusterSpec",
    "GrantArgs",
    "LoggingArgs",
    "MskCluster",
    "MskClusterArgs",
    "MskConfigError",
    "MskVpcConnection",
    "MskVpcConnectionArgs",
    "OpenMonitoringArgs",
    "Problem",
    "StorageAutoscalingArgs",
    "TimeoutsArgs",
    "TopicArgs",
    "VpcConfigArgs",
    "VpcConnectionArgs",
    "VpcConnectivityArgs",
    "WorkloadArgs",
    "args_from_config",
    "msk_config",
]
