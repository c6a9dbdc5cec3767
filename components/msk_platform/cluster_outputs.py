"""Which of the cluster resource's own attributes a spec exports beside the bootstrap strings:
its UUID, its current version and, on ZooKeeper clusters, the ZooKeeper connect strings.

Pure Python; the catalog's ``cluster_outputs`` section says which clusters have each one.
"""

from dataclasses import dataclass
from typing import Any

from . import catalog
from .listeners import enabled_modes
from .spec import ClusterSpec


@dataclass(frozen=True)
class AttributeOutput:
    """One stack output copied from an attribute of the cluster resource."""

    output_name: str  # stack output / component attribute (camelCase)
    attribute: str  # the provider attribute (snake_case) that holds the value


CLUSTER_UUID = AttributeOutput("clusterUuid", "cluster_uuid")
CURRENT_VERSION = AttributeOutput("currentVersion", "current_version")
ZOOKEEPER_PLAINTEXT = AttributeOutput("zookeeperConnectString", "zookeeper_connect_string")
ZOOKEEPER_TLS = AttributeOutput("zookeeperConnectStringTls", "zookeeper_connect_string_tls")

# Every attribute output a cluster can have; those that don't apply resolve to None.
ATTRIBUTE_OUTPUTS = (CLUSTER_UUID, CURRENT_VERSION, ZOOKEEPER_PLAINTEXT, ZOOKEEPER_TLS)


def _facts(name: str) -> dict[str, Any]:
    return catalog.raw()["cluster_outputs"][name]


def _has(name: str, spec: ClusterSpec) -> bool:
    return spec.cluster_type in _facts(name)["cluster_types"]


def has_zookeeper_endpoints(spec: ClusterSpec) -> bool:
    """ZooKeeper-mode clusters of Standard brokers: never KRaft, Express or serverless."""
    facts = _facts("zookeeper_connect_strings")
    instance = spec.instance
    return (
        spec.cluster_type in facts["cluster_types"]
        and spec.metadata_mode == facts["metadata_mode"]
        and instance is not None
        and instance.broker_type in facts["broker_types"]
    )


def zookeeper_outputs(spec: ClusterSpec) -> list[AttributeOutput]:
    """The TLS string where TLS is on in transit; the plaintext one only where plaintext client
    traffic is allowed, as for the plaintext bootstrap string."""
    if not has_zookeeper_endpoints(spec):
        return []
    facts = _facts("zookeeper_connect_strings")
    found = catalog.find_kafka_version(spec.kafka_version) if spec.kafka_version else None
    tls_version = found is not None and catalog.version_key(
        found[0].version
    ) >= catalog.version_key(facts["tls_min_kafka_version"])
    out = []
    if "plaintext" in enabled_modes(spec):
        out.append(ZOOKEEPER_PLAINTEXT)
    if tls_version and spec.client_broker_encryption in facts["tls_client_broker"]:
        out.append(ZOOKEEPER_TLS)
    return out


def attribute_outputs(spec: ClusterSpec) -> list[AttributeOutput]:
    """The attribute outputs this cluster has, in a stable order."""
    out = [item for item in (CLUSTER_UUID, CURRENT_VERSION) if _has(item.attribute, spec)]
    return out + zookeeper_outputs(spec)
