"""Prometheus open monitoring: exporters in the brokers, reachable only by named scrapers."""

from typing import TYPE_CHECKING

from .. import catalog
from ..spec import ClusterSpec

if TYPE_CHECKING:  # for the annotation only: this module needs no provider SDK at run time
    import pulumi_aws as aws


def exporter_ports(spec: ClusterSpec) -> list[tuple[str, int]]:
    """(label, port) of each exporter turned on."""
    monitoring = spec.open_monitoring
    if monitoring is None:
        return []
    ports = []
    if monitoring.jmx_exporter:
        ports.append(("Prometheus JMX exporter", catalog.port("open_monitoring_jmx_exporter")))
    if monitoring.node_exporter:
        ports.append(("Prometheus node exporter", catalog.port("open_monitoring_node_exporter")))
    return ports


def open_monitoring(spec: ClusterSpec) -> "aws.msk.ClusterOpenMonitoringArgsDict | None":
    monitoring = spec.open_monitoring
    if monitoring is None or not monitoring.enabled:
        return None
    return {
        "prometheus": {
            "jmx_exporter": {"enabled_in_broker": monitoring.jmx_exporter},
            "node_exporter": {"enabled_in_broker": monitoring.node_exporter},
        }
    }
