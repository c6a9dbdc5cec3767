"""ClusterSpec: the validated, defaults-filled description of one MSK cluster.

Pure Python (no pulumi import) so the plan, cost, sizing and policy code can read it too.
Built with :meth:`ClusterSpec.from_args`, which reports every problem in one MskConfigError.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from .. import catalog
from ..errors import MskConfigError, Problem
from . import rules
from .acl_rules import acl_from_item
from .connector_rules import connector_spec
from .draft import Draft
from .keys import (
    KEYS,
    KEYS_BY_NAME,
    KEYS_BY_SNAKE,
    PROVISIONED,
    SERVERLESS,
    STANDARD_TAG_NAMES,
    KeyDef,
    camel_to_snake,
    snake_to_camel,
)
from .schema_rules import registry_spec
from .values import INVALID, Reader, key_part, nearest, show, type_name

MANAGED_BY = "pulumi-msk"


@dataclass(frozen=True)
class AuthSpec:
    """Which client authentication modes are on."""

    iam: bool = True
    scram: bool = False
    tls: bool = False
    unauthenticated: bool = False
    certificate_authority_arns: tuple = ()


@dataclass(frozen=True)
class WorkloadSpec:
    """Expected traffic, for the figures that depend on usage. Any field may be unknown."""

    ingress_mibps: float | None = None
    peak_ingress_mibps: float | None = None
    egress_mibps: float | None = None
    retention_hours: float | None = None
    partitions: int | None = None
    consumer_groups: int | None = None
    replication_factor: int | None = None


@dataclass(frozen=True)
class LoggingSpec:
    """Where broker logs go."""

    cloudwatch: bool = True
    log_group_name: Any = None  # an existing group: none is created (may be an Output)
    retention_days: int | None = 30  # None with log_group_name: not ours to set
    encrypt_with_cluster_key: bool = False
    s3_bucket: str | None = None
    s3_prefix: str | None = None
    firehose_delivery_stream: str | None = None

    @property
    def any_destination(self) -> bool:
        return self.cloudwatch or bool(self.s3_bucket) or bool(self.firehose_delivery_stream)

    @property
    def creates_log_group(self) -> bool:
        """CloudWatch delivery to a log group of the component's own (no logGroupName)."""
        return self.cloudwatch and self.log_group_name is None


@dataclass(frozen=True)
class OpenMonitoringSpec:
    """Prometheus exporters and who may scrape them."""

    jmx_exporter: bool = False
    node_exporter: bool = False
    source_security_group_ids: tuple = ()
    source_cidr_blocks: tuple = ()

    @property
    def enabled(self) -> bool:
        return self.jmx_exporter or self.node_exporter


@dataclass(frozen=True)
class AlarmsSpec:
    """Which alarms, at what thresholds, telling whom."""

    enabled: bool = True
    sns_topic_arn: Any = None
    emails: tuple = ()
    disk_used_percent: float = 80.0
    cpu_percent: float = 60.0
    period_seconds: int = 300
    throughput_percent: float = 80.0


@dataclass(frozen=True)
class AutoscalingSpec:
    """Storage autoscaling bounds."""

    max_gib: int = 0
    target_utilization: float = 60.0


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    config: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GrantSpec:
    """One role's access. Names ending in '*' are prefixes."""

    role_name: str | None = None
    role_arn: Any = None
    produce: tuple = ()
    consume: tuple = ()
    groups: tuple = ()
    idempotent: bool = False
    transactional_ids: tuple = ()
    admin: bool = False
    schemas: tuple = ()  # schema names of msk:schemaRegistry its clients use


@dataclass(frozen=True)
class VpcConnectivitySpec:
    """Which auth modes multi-VPC private connectivity (PrivateLink) has on; all off: off."""

    iam: bool = False
    scram: bool = False
    tls: bool = False

    @property
    def modes(self) -> tuple[str, ...]:
        """The modes on, in a stable order (iam, scram, tls)."""
        return tuple(mode for mode in ("iam", "scram", "tls") if getattr(self, mode))


@dataclass(frozen=True)
class ClusterPolicySpec:
    """The cluster's resource policy: who (account ids or IAM ARNs) may do what."""

    principals: tuple = ()
    actions: tuple = ()


@dataclass(frozen=True)
class VpcConnectionSpec:
    """One client VPC's managed connection; ``authentication`` is iam, scram or tls."""

    vpc_id: Any
    subnet_ids: tuple
    security_group_ids: tuple
    authentication: str


@dataclass(frozen=True)
class ReplicatorSpec:
    """One MSK Replicator into this cluster (msk:replicators): from where, what, and how."""

    name: str
    source_cluster_arn: Any
    source_subnet_ids: tuple
    source_security_group_ids: tuple
    topics: tuple
    consumer_groups: tuple
    starting_position: str | None = None  # None: not sent, AWS's default


@dataclass(frozen=True)
class VpcConfigSpec:
    """One client VPC of a serverless cluster: its subnets and the groups admitting clients."""

    subnet_ids: tuple
    security_group_ids: tuple


@dataclass(frozen=True)
class TimeoutsSpec:
    """How long Pulumi waits for the cluster, as Go durations (defaults: msk:timeouts)."""

    create: str
    update: str
    delete: str


@dataclass(frozen=True)
class ClusterSpec:
    """Everything the builders need, already checked against the catalog and AWS's rules."""

    cluster_type: str
    cluster_name: str
    vpc_id: Any
    subnet_ids: Any
    az_count: int | None
    vpc_cidr: str | None
    client_security_group_ids: tuple
    client_cidr_blocks: tuple
    kafka_version: str | None
    broker_count: int | None
    instance_type: str | None
    ebs_volume_gib: int | None
    provisioned_throughput_mibps: int | None
    client_broker_encryption: str | None
    in_cluster_encryption: bool | None
    kms_key_arn: Any
    auth: AuthSpec
    public_access: bool
    protect: bool
    workload: WorkloadSpec | None = None
    logging: LoggingSpec | None = None  # None: serverless (no broker logs)
    enhanced_monitoring: str | None = None
    open_monitoring: OpenMonitoringSpec | None = None
    alarms: AlarmsSpec | None = None
    storage_autoscaling: AutoscalingSpec | None = None
    storage_mode: str | None = None  # LOCAL | TIERED; None: express or serverless (not sent)
    retain_on_delete: bool = False
    scram_users: tuple = ()
    # Parts the stack brings (bring_your_own_rules): none of them becomes a resource of ours.
    security_group_ids: tuple = ()  # attached beside (or instead of) the created group
    create_security_group: bool = True
    configuration_arn: Any = None  # with configuration_revision; no configuration created
    configuration_revision: Any = None
    scram_secret_arns: tuple = ()  # associated, never made
    topics: tuple = ()  # TopicSpec, replication filled in
    grants: tuple = ()  # GrantSpec
    vpc_connections: tuple = ()  # VpcConnectionSpec
    acls: tuple = ()  # AclSpec (spec/acl_rules.py): Kafka ACLs, made as acl_admin
    acl_admin: str | None = None  # the msk:scramUsers user the Kafka provider signs in as
    replicators: tuple = ()  # ReplicatorSpec
    connectors: tuple = ()  # ConnectorSpec (spec/connector_rules.py): MSK Connect
    schema_registry: Any = None  # SchemaRegistrySpec (spec/schema_rules.py), or None
    vpc_connectivity: VpcConnectivitySpec | None = None  # None: key absent, nothing sent
    cluster_policy: ClusterPolicySpec | None = None
    vpc_configs: tuple = ()  # VpcConfigSpec: serverless across VPCs; then no network is built
    rebalancing: bool | None = None  # express only: intelligent rebalancing on or paused
    timeouts: TimeoutsSpec | None = None  # the cluster's custom timeouts (always filled)
    server_properties: Mapping[str, str] | None = None  # effective: safe defaults + overrides
    tags: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple = ()

    # -- derived facts -------------------------------------------------------------------
    @property
    def is_serverless(self) -> bool:
        return self.cluster_type == SERVERLESS

    @property
    def builds_network(self) -> bool:
        """True when the component builds its own VPC (neither vpcId nor subnetIds given, nor
        serverless's vpcConfigs)."""
        return self.vpc_id is None and self.subnet_ids is None and not self.vpc_configs

    @property
    def subnet_count(self) -> int | None:
        """Number of client subnets, or None when they are only known at deployment."""
        if self.builds_network:
            return self.az_count
        if isinstance(self.subnet_ids, tuple):
            return len(self.subnet_ids)
        return None

    @property
    def instance(self) -> catalog.InstanceType | None:
        return catalog.instance_types().get(self.instance_type) if self.instance_type else None

    @property
    def is_express(self) -> bool:
        return self.instance is not None and self.instance.is_express

    @property
    def metadata_mode(self) -> str | None:
        found = catalog.find_kafka_version(self.kafka_version) if self.kafka_version else None
        return found[1] if found else None

    @property
    def creates_kms_key(self) -> bool:
        """Provisioned clusters without kmsKeyArn get a customer-managed key of their own."""
        return not self.is_serverless and self.kms_key_arn is None

    # -- construction --------------------------------------------------------------------
    @classmethod
    def from_args(
        cls,
        args: Mapping[str, Any] | None,
        *,
        project: str,
        stack: str,
        default_name: str | None = None,
        today: date | None = None,
    ) -> "ClusterSpec":
        """Validate ``args`` (snake_case keys) and fill defaults; raise MskConfigError listing
        every problem. ``default_name`` overrides the `<project>-<stack>` cluster name."""
        if args is not None and not isinstance(args, Mapping):
            raise MskConfigError(
                [
                    Problem(
                        "args",
                        f"{show(args)} is {type_name(args)}; give the keys as a mapping, "
                        "e.g. {'broker_count': 3} (MskClusterArgs)",
                    )
                ]
            )
        reader = Reader()
        given = _read_given(reader, dict(args or {}))
        cluster_type = given.get("clusterType", KEYS_BY_NAME["clusterType"].default)
        if cluster_type is INVALID:
            cluster_type = PROVISIONED
        for name in given:
            key = KEYS_BY_NAME[name]
            if cluster_type not in key.applies_to:
                reader.fail(
                    key.config_key,
                    f"does not apply to {cluster_type} clusters; remove it "
                    f"(it applies to {' and '.join(sorted(key.applies_to))} clusters only"
                    + (f": {key.why_scope})" if key.why_scope else ")"),
                )
                given[name] = INVALID  # reported once; later rules skip it
        draft = Draft(
            reader=reader,
            given=given,
            cluster_type=cluster_type,
            today=today or date.today(),
            default_name=default_name or f"{project}-{stack}",
        )
        rules.check_all(draft)
        if reader.problems:
            raise MskConfigError(reader.problems)
        return cls(
            cluster_type=cluster_type,
            cluster_name=draft.value("clusterName"),
            vpc_id=draft.value("vpcId"),
            subnet_ids=draft.value("subnetIds"),
            az_count=draft.value("azCount") if draft.builds_network else None,
            vpc_cidr=draft.value("vpcCidr") if draft.builds_network else None,
            client_security_group_ids=_tuple(draft.value("clientSecurityGroupIds")),
            client_cidr_blocks=_tuple(draft.value("clientCidrBlocks")),
            kafka_version=draft.value("kafkaVersion"),
            broker_count=draft.value("brokerCount"),
            instance_type=draft.value("instanceType"),
            ebs_volume_gib=draft.value("ebsVolumeGib"),
            provisioned_throughput_mibps=draft.value("provisionedThroughputMibps"),
            client_broker_encryption=draft.value("clientBrokerEncryption"),
            in_cluster_encryption=draft.value("inClusterEncryption"),
            kms_key_arn=draft.value("kmsKeyArn"),
            auth=AuthSpec(**draft.value("auth")),
            public_access=bool(draft.value("publicAccess")),
            protect=bool(draft.value("protect")),
            workload=_object(draft, "workload", WorkloadSpec),
            logging=_object(draft, "logging", LoggingSpec),
            enhanced_monitoring=draft.value("enhancedMonitoring"),
            open_monitoring=_object(draft, "openMonitoring", OpenMonitoringSpec),
            alarms=_active_alarms(_object(draft, "alarms", AlarmsSpec)),
            storage_autoscaling=_object(draft, "storageAutoscaling", AutoscalingSpec),
            storage_mode=draft.value("storageMode"),
            retain_on_delete=bool(draft.value("retainOnDelete")),
            scram_users=_tuple(draft.value("scramUsers")),
            security_group_ids=_tuple(draft.value("securityGroupIds")),
            create_security_group=draft.value("createSecurityGroup") is not False,
            configuration_arn=draft.value("configurationArn"),
            configuration_revision=draft.value("configurationRevision"),
            scram_secret_arns=_tuple(draft.value("scramSecretArns")),
            topics=tuple(_topic(t) for t in draft.value("topics") or ()),
            grants=tuple(GrantSpec(**_tuples(g)) for g in draft.value("grants") or ()),
            vpc_connections=tuple(
                VpcConnectionSpec(**_tuples(c)) for c in draft.value("vpcConnections") or ()
            ),
            replicators=tuple(
                ReplicatorSpec(**_tuples(r)) for r in draft.value("replicators") or ()
            ),
            vpc_connectivity=_object(draft, "vpcConnectivity", VpcConnectivitySpec),
            acls=tuple(acl_from_item(a) for a in draft.value("acls") or ()),
            acl_admin=draft.value("aclAdmin"),
            connectors=tuple(connector_spec(c) for c in draft.value("connectors") or ()),
            schema_registry=(
                registry_spec(draft.value("schemaRegistry"))
                if draft.value("schemaRegistry")
                else None
            ),
            cluster_policy=_object(draft, "clusterPolicy", ClusterPolicySpec),
            vpc_configs=tuple(VpcConfigSpec(**_tuples(c)) for c in draft.value("vpcConfigs") or ()),
            rebalancing=draft.value("rebalancing"),
            timeouts=_object(draft, "timeouts", TimeoutsSpec),
            server_properties=_frozen(draft.value("serverProperties")),
            tags=MappingProxyType(merged_tags(project, stack, draft.value("tags"))),
            warnings=tuple(draft.warnings),
        )


def _object(draft: Draft, name: str, kind: type) -> Any:
    """An object key as its dataclass, or None when absent (or not for this cluster type)."""
    value = draft.value(name)
    if not value:
        return None
    return kind(**_tuples(value))


def _topic(topic: Mapping) -> TopicSpec:
    config = {k: str(v) for k, v in (topic["config"] or {}).items()}
    return TopicSpec(
        topic["name"], topic["partitions"], topic["replication_factor"], MappingProxyType(config)
    )


def _tuples(values: Mapping) -> dict:
    return {k: _tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def _frozen(mapping: Mapping | None) -> Mapping | None:
    return None if mapping is None else MappingProxyType(dict(sorted(mapping.items())))


def _active_alarms(alarms: AlarmsSpec | None) -> AlarmsSpec | None:
    return alarms if alarms is not None and alarms.enabled else None


def _tuple(value: Any) -> Any:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else value


def merged_tags(project: str, stack: str, user: Mapping[str, Any]) -> dict[str, Any]:
    """``project``, ``stack`` and ``managed-by``, then the user's tags over them."""
    merged = dict(zip(STANDARD_TAG_NAMES, (project, stack, MANAGED_BY), strict=True))
    merged.update(user or {})
    return merged


def _read_given(reader: Reader, args: dict[str, Any]) -> dict[str, Any]:
    """Read every supplied key as its declared type; report unknown keys with a suggestion."""
    given: dict[str, Any] = {}
    for snake, raw in args.items():
        if not isinstance(snake, str):
            reader.fail(
                "args",
                f"has a key {show(snake)} that is not text; keys are names, e.g. 'broker_count'",
            )
            continue
        key = KEYS_BY_SNAKE.get(snake) or KEYS_BY_NAME.get(snake)
        if key is None:
            camel = snake_to_camel(snake)
            guess = nearest(camel, [k.name for k in KEYS])
            hint = f"did you mean msk:{guess}?" if guess else "see the README's table of keys"
            reader.fail(f"msk:{camel}", f"is not a known key; {hint}")
            continue
        if raw is None:
            continue
        given[key.name] = _read(reader, key, raw)
    return given


def _read(reader: Reader, key: KeyDef, raw: Any, label: str | None = None) -> Any:
    """One value read as its key's kind; ``label`` names a field inside an object key."""
    label = label or key.config_key
    if reader.refuse_deferred(key, raw, label):
        return INVALID
    if key.kind == "object":
        return _read_object(reader, key, raw, label)
    if key.kind == "objects":
        return _read_objects(reader, key, raw, label)
    read = {
        "enum": reader.as_enum,
        "string": reader.as_str,
        "int": reader.as_int,
        "number": reader.as_number,
        "bool": reader.as_bool,
        "list": reader.as_str_list,
        "map": reader.as_str_map,
    }[key.kind]
    return read(key, raw, label)


def _read_object(reader: Reader, key: KeyDef, raw: Any, label: str) -> Any:
    """An object key: known fields read by their own kind, missing ones at their defaults."""
    if not isinstance(raw, Mapping):
        return reader.fail(label, f"{show(raw)} is not an object; use e.g. {key.example}")
    fields = {field.name: field for field in key.fields}
    out = {field.snake: _copy(field.default) for field in key.fields}
    ok = True
    for name, value in raw.items():
        if not isinstance(name, str):
            reader.fail(
                label, f"has a field {show(name)} that is not text; use {', '.join(fields)}"
            )
            ok = False
            continue
        field = fields.get(snake_to_camel(camel_to_snake(name)))
        if field is None:
            guess = nearest(name, fields)
            hint = f"did you mean {guess}?" if guess else f"use {', '.join(fields)}"
            reader.fail(f"{label}.{key_part(name)}", f"is not a field of {key.name}; {hint}")
            ok = False
            continue
        if value is None:
            continue
        read = _read(reader, field, value, f"{label}.{field.name}")
        if read is INVALID:
            ok = False
        else:
            out[field.snake] = read
    return out if ok else INVALID


def _read_objects(reader: Reader, key: KeyDef, raw: Any, label: str) -> Any:
    """A list of objects, each read like an object key; problems name the item's index."""
    if not isinstance(raw, list | tuple):
        return reader.fail(label, f"{show(raw)} is not a list; use e.g. {key.example}")
    items = [_read_object(reader, key, item, f"{label}[{index}]") for index, item in enumerate(raw)]
    return INVALID if any(item is INVALID for item in items) else tuple(items)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def read_item(name: str, raw: Any, label: str) -> tuple[Any, list[Problem]]:
    """One item of the list-of-objects key ``msk:<name>`` read exactly as the spec reads the
    key's items, problems named under ``label`` (a component that takes one such item on its
    own, MskVpcConnection, reads it so). Returns the item (snake_case fields, INVALID when it
    was refused) and the problems."""
    reader = Reader()
    return _read_object(reader, KEYS_BY_NAME[name], raw, label), reader.problems


def read_workload_figures(figures: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Workload figures (snake_case names of msk:workload's fields) read exactly as that key's
    fields are: finite numbers, whole where they must be, within the fields' bounds. Returns the
    figures read and the problems, keyed ``msk:workload.<field>``; None figures are skipped."""
    reader = Reader()
    fields = {field.snake: field for field in KEYS_BY_NAME["workload"].fields}
    read: dict[str, Any] = {}
    for name, value in figures.items():
        field = fields.get(name)
        if field is None or value is None:
            continue
        result = _read(reader, field, value, f"msk:workload.{field.name}")
        if result is not INVALID:
            read[name] = result
    return read, reader.problems
