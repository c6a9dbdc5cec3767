"""Validation and defaults for the ``msk:`` configuration (pure Python, no pulumi import)."""

from .cluster_spec import AuthSpec, ClusterSpec, read_workload_figures
from .keys import KEYS, KEYS_BY_NAME, KeyDef, args_from_config

__all__ = [
    "AuthSpec",
    "ClusterSpec",
    "KEYS",
    "KEYS_BY_NAME",
    "KeyDef",
    "args_from_config",
    "read_workload_figures",
]
