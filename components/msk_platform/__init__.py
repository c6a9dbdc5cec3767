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
    ReplicatorArgs,
    SchemaArgs,
    StorageAutoscalingArgs,
    TimeoutsArgs,
    TopicArgs,
    VpcConfigArgs,
    VpcConnectionArgs,
    VpcConnectivityArgs,
    WorkloadArgs,
)
from .connector import MskConnector, MskConnectorArgs
from .errors import MskConfigError, Problem
from .kafka_acls import KafkaAcls, KafkaAclsArgs
from .msk_cluster import MskCluster
from .msk_vpc_connection import MskVpcConnection, MskVpcConnectionArgs
from .program_config import msk_config
from .replicator import MskReplicator, MskReplicatorArgs
from .schema_registry import SchemaRegistry, SchemaRegistryArgs
from .spec import ClusterSpec, args_from_config

__version__ = "0.4.0"  # also the provider's version; see CHANGELOG.md

__all__ = [
    "AlarmsArgs",
    "AuthArgs",
    "ClusterPolicyArgs",
    "ClusterSpec",
    "GrantArgs",
    "KafkaAcls",
    "KafkaAclsArgs",
    "LoggingArgs",
    "MskCluster",
    "MskClusterArgs",
    "MskConfigError",
    "MskConnector",
    "MskConnectorArgs",
    "MskReplicator",
    "MskReplicatorArgs",
    "MskVpcConnection",
    "MskVpcConnectionArgs",
    "OpenMonitoringArgs",
    "Problem",
    "ReplicatorArgs",
    "SchemaArgs",
    "SchemaRegistry",
    "SchemaRegistryArgs",
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
