"""Typed, read-only access to the MSK facts in ``data/catalog.json``.

Every version, instance type, limit, port and price the project uses comes from that file,
which keeps the source and as-of date beside each figure. Nothing else hard-codes them.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_PATH = Path(__file__).parent / "data" / "catalog.json"

STANDARD = "STANDARD"
EXPRESS = "EXPRESS"
KRAFT = "KRaft"
ZOOKEEPER = "ZooKeeper"


def version_key(text: str) -> tuple[int, ...]:
    """Sortable key for '3.9.x', '3.6.0', '2.8.2.tiered' (non-numeric parts count as 0)."""
    parts = text.replace("-", ".").split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts[:3])


@dataclass(frozen=True)
class KafkaVersion:
    """One Kafka release line as MSK offers it (API strings select the metadata mode)."""

    version: str
    api_strings: tuple[tuple[str, str], ...]  # (api string, metadata mode)
    broker_types: tuple[str, ...]
    end_of_support: date | None

    def supported_on(self, today: date) -> bool:
        return self.end_of_support is None or today < self.end_of_support


@dataclass(frozen=True)
class InstanceType:
    """One broker size and what MSK lets it do."""

    name: str
    broker_type: str
    vcpu: int
    memory_gib: int
    kraft: bool
    kraft_from_version: str | None
    tiered_storage: bool
    provisioned_throughput_max_mibps: float | None
    partitions_recommended_per_broker: int
    partitions_max_per_broker: int
    multi_vpc: bool

    @property
    def is_express(self) -> bool:
        return self.broker_type == EXPRESS

    def allows_metadata_mode(self, mode: str, version: str) -> bool:
        """KRaft needs an instance type that supports it (and Express from a given release)."""
        if mode != KRAFT:
            return True
        if not self.kraft:
            return False
        if self.kraft_from_version:
            return version_key(version) >= version_key(self.kraft_from_version)
        return True


@lru_cache(maxsize=1)
def raw() -> dict[str, Any]:
    """The whole catalog document, parsed once."""
    with CATALOG_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def kafka_versions() -> tuple[KafkaVersion, ...]:
    """All known Kafka versions, newest first."""
    out = []
    for item in raw()["kafka_versions"]:
        eos = item["end_of_support"]
        out.append(
            KafkaVersion(
                version=item["version"],
                api_strings=tuple((a["name"], a["metadata_mode"]) for a in item["api_strings"]),
                broker_types=tuple(item["broker_types"]),
                end_of_support=date.fromisoformat(eos) if eos else None,
            )
        )
    return tuple(sorted(out, key=lambda v: version_key(v.version), reverse=True))


def find_kafka_version(api_string: str) -> tuple[KafkaVersion, str] | None:
    """The version line and metadata mode an API string (e.g. '3.9.x.kraft') selects."""
    for version in kafka_versions():
        for name, mode in version.api_strings:
            if name == api_string:
                return version, mode
    return None


@lru_cache(maxsize=1)
def instance_types() -> dict[str, InstanceType]:
    """All broker instance types by name, standard and express."""
    out = {}
    for item in raw()["instance_types"]:
        out[item["name"]] = InstanceType(
            name=item["name"],
            broker_type=item["broker_type"],
            vcpu=item["vcpu"],
            memory_gib=item["memory_gib"],
            kraft=item["kraft"],
            kraft_from_version=item.get("kraft_from_version"),
            tiered_storage=item["tiered_storage"],
            provisioned_throughput_max_mibps=item["provisioned_throughput_max_mibps"],
            partitions_recommended_per_broker=item["partitions_recommended_per_broker"],
            partitions_max_per_broker=item["partitions_max_per_broker"],
            multi_vpc=item["multi_vpc"],
        )
    return out


def ebs_volume_bounds() -> tuple[int, int]:
    ebs = raw()["storage"]["ebs_volume_gib"]
    return ebs["min"], ebs["max"]


def provisioned_throughput_rules() -> dict[str, Any]:
    """Minimum MiB/s and the smallest volume that allows provisioned throughput."""
    return raw()["storage"]["provisioned_throughput"]


def max_brokers_per_cluster(metadata_mode: str) -> int:
    return raw()["cluster_limits"]["brokers_per_cluster"][metadata_mode]


def allowed_subnet_counts(broker_type: str) -> tuple[int, ...]:
    return tuple(raw()["cluster_limits"]["subnet_counts"][broker_type])


def unsupported_az_ids() -> tuple[str, ...]:
    """AZ IDs where MSK cannot place client subnets."""
    return tuple(raw()["cluster_limits"]["unsupported_az_ids"])


def client_subnet_zone_filters() -> dict[str, tuple[str, ...]]:
    """DescribeAvailabilityZones filters (name -> accepted values) that leave only the zones
    MSK can place brokers in: Availability Zones, never Local or Wavelength Zones."""
    filters = raw()["cluster_limits"]["client_subnet_zones"]["zone_filters"]
    return {name: tuple(values) for name, values in filters.items()}


def port(name: str) -> int:
    """A broker port by mode: 'plaintext', 'tls', 'sasl_scram', 'sasl_iam', 'public_tls', ..."""
    return int(raw()["ports"][name])


def port_range(name: str) -> tuple[int, int]:
    """A listener port range, first and last port: 'multi_vpc_privatelink_range'."""
    first, last = raw()["ports"][name]
    return int(first), int(last)


def multi_vpc_connectivity() -> dict[str, Any]:
    """What AWS requires before multi-VPC private connectivity, and the cluster policy's facts."""
    return raw()["multi_vpc_connectivity"]


def enum(name: str) -> tuple[str, ...]:
    """An AWS API enum, e.g. 'ClientBroker'."""
    return tuple(raw()["enums"][name])


def cluster_name_rule() -> dict[str, Any]:
    return raw()["names"]["cluster_name"]


def pricing() -> dict[str, Any]:
    """List prices, their region, currency, hours per month, sources and as-of dates."""
    return raw()["pricing"]


def observability() -> dict[str, Any]:
    """CloudWatch facts: log retention values, MSK metric names, dimensions, broker numbering."""
    return raw()["observability"]


def serverless_limits() -> dict[str, Any]:
    return raw()["serverless_limits"]


def autoscaling_rules() -> dict[str, Any]:
    """Application Auto Scaling of broker storage: namespace, dimension, metric, bounds."""
    return raw()["storage"]["autoscaling"]


def tiered_storage_rules() -> dict[str, Any]:
    """Tiered storage (``msk:storageMode: TIERED``): broker types, Kafka versions, and what it
    asks of topic configs (retention, cleanup policy, segment sizes)."""
    return raw()["storage"]["tiered_storage"]


def min_volume_increase_gib() -> int:
    return int(raw()["storage"]["ebs_volume_gib"]["min_increase_gib"])


def sizing_guidance() -> dict[str, Any]:
    return raw()["sizing_guidance"]


@dataclass(frozen=True)
class BrokerThroughput:
    """What one broker of a type can carry, for sizing. Standard types: the instance's EBS and
    network baselines (MiB/s); express types: AWS's published per-broker quotas (MB/s)."""

    ebs_baseline_mibps: float | None = None
    network_baseline_mibps: float | None = None
    ingress_sustained_mbps: float | None = None
    ingress_max_mbps: float | None = None
    egress_sustained_mbps: float | None = None
    egress_max_mbps: float | None = None
    partition_max_mbps: float | None = None
    replication_factor_fixed: int | None = None
    azs_required: int | None = None


@lru_cache(maxsize=1)
def broker_throughput() -> dict[str, BrokerThroughput]:
    """Sizing figures by instance type (None where the catalog has none, e.g. kafka.t3.small)."""
    return {
        item["name"]: BrokerThroughput(
            ebs_baseline_mibps=item.get("sizing_ebs_baseline_mibps"),
            network_baseline_mibps=item.get("sizing_network_baseline_mibps"),
            ingress_sustained_mbps=item.get("ingress_sustained_mbps"),
            ingress_max_mbps=item.get("ingress_max_mbps"),
            egress_sustained_mbps=item.get("egress_sustained_mbps"),
            egress_max_mbps=item.get("egress_max_mbps"),
            partition_max_mbps=item.get("per_partition_max_mbps"),
            replication_factor_fixed=item.get("replication_factor_fixed"),
            azs_required=item.get("azs_required"),
        )
        for item in raw()["instance_types"]
    }


def sizing_parameters() -> dict[str, Any]:
    """The numeric sizing guidance (``sizing_guidance.model_parameters``), by name."""
    parameters = raw()["sizing_guidance"]["model_parameters"]
    return {name: item["value"] for name, item in parameters.items() if isinstance(item, dict)}


@dataclass(frozen=True)
class ConfigType:
    """What Kafka accepts for one broker property or topic config: its type (``int``, ``short``,
    ``long``, ``double``, ``boolean``, ``string``, ``list``, ``class``, ``throttled_replicas``),
    the range where it has one, and the words a ``string`` or ``list`` may hold."""

    type: str = "string"
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] = ()
    also: tuple[int, ...] = ()  # values allowed outside the range (gzip's -1 "default")


@dataclass(frozen=True)
class ServerProperty:
    """A broker property MSK lets users set, with its type and the range MSK or Kafka allows."""

    name: str
    minimum: float | None = None
    maximum: float | None = None
    zookeeper_only: bool = False
    type: str = "string"
    values: tuple[str, ...] = ()

    @property
    def config_type(self) -> ConfigType:
        return ConfigType(self.type, self.minimum, self.maximum, self.values)


@lru_cache(maxsize=1)
def settable_server_properties() -> dict[str, ServerProperty]:
    return {
        item["name"]: ServerProperty(
            item["name"],
            item.get("min"),
            item.get("max"),
            item.get("zookeeper_only", False),
            item.get("type", "string"),
            tuple(item.get("values", ())),
        )
        for item in raw()["server_properties"]["settable"]
    }


def server_property_rules() -> dict[str, Any]:
    """Rules across broker properties (replication factors within the brokers, and so on)."""
    return raw()["server_properties"]["cross_property_rules"]


def express_property_rules() -> dict[str, Any]:
    """What an MSK configuration may set on Express brokers, and what MSK keeps read-only."""
    return raw()["server_properties"]["express"]


def version_config_rules() -> dict[str, Any]:
    """Broker and topic configs a Kafka release removed, and minimums a release raised."""
    rules = raw()["kafka_version_rules"]
    return {"removed": rules["removed_configs"], "raised_minimums": rules["raised_minimums"]}


def topic_api_rules() -> dict[str, Any]:
    """Where the MSK topic API works: cluster types, lowest Kafka version, what replaces a topic."""
    return raw()["topics"]["topic_api"]


@lru_cache(maxsize=1)
def topic_config_types() -> dict[str, ConfigType]:
    """Every topic-level config Kafka accepts, with its type."""
    return {
        name: ConfigType(
            item["type"],
            item.get("min"),
            item.get("max"),
            tuple(item.get("values", ())),
            tuple(item.get("also", ())),
        )
        for name, item in raw()["topics"]["topic_configs"].items()
    }


def scram_rules() -> dict[str, Any]:
    """Secret name prefix, user limit and the rest of MSK's SCRAM requirements."""
    return raw()["names"]["scram_secret"]


def topic_rules() -> dict[str, Any]:
    """Kafka's topic-name rules and topic-level configs; serverless' editable subset."""
    return raw()["topics"]


def client_access() -> dict[str, Any]:
    """IAM actions per kind of client, ARN kinds, and client properties per auth mode."""
    return raw()["client_access"]


def iam_inline_policy_rules() -> dict[str, Any]:
    """What IAM allows in an inline role policy's name, and whose role it lands on."""
    return raw()["iam_inline_policies"]


def kafka_acl_rules() -> dict[str, Any]:
    """MSK's deny-unless-ACL property: its default, whom it governs, what must come first."""
    return raw()["kafka_acls"]


def aws_limits() -> dict[str, Any]:
    """General AWS limits the spec checks against: tags, KMS deletion window, API integers."""
    return raw()["aws_limits"]


def vpc_connection_rules() -> dict[str, Any]:
    """What AWS takes in a managed VPC connection: auth schemes, subnets, security groups."""
    return raw()["vpc_connections"]


def bring_your_own_rules() -> dict[str, Any]:
    """What AWS takes of parts a stack brings: security groups, a configuration, SCRAM
    secrets, a log group."""
    return raw()["bring_your_own"]


def s3_bucket_rule() -> dict[str, Any]:
    """What S3 allows in a general purpose bucket's name."""
    return raw()["names"]["s3_bucket"]


def security_group_rule_limits() -> dict[str, Any]:
    """How many inbound rules a security group holds (per IP family), and how they are counted."""
    return raw()["cluster_limits"]["security_group_rules"]


def alarm_period_rules() -> dict[str, Any]:
    """The periods CloudWatch takes for the alarms on MSK's metrics."""
    return raw()["observability"]["alarm_period_seconds"]


def serverless_vpc_config_rules() -> dict[str, Any]:
    """What MSK Serverless takes in each client VPC's config (``msk:vpcConfigs``)."""
    return raw()["serverless_vpc_configs"]


def rebalancing_rules() -> dict[str, Any]:
    """Express intelligent rebalancing: its statuses, AWS's default, what it rules out."""
    return raw()["intelligent_rebalancing"]


def custom_timeout_rules() -> dict[str, Any]:
    """How Pulumi's engine reads a custom timeout, and how long MSK takes to create a cluster."""
    return raw()["custom_timeouts"]
