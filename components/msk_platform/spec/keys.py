"""The stack-config contract: every ``msk:`` key, its type, default and meaning.

This table is the one place keys are declared. The spec validates against it, ``__main__.py``
maps config to args with it, and the README's table of keys is generated from it.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import catalog

PROVISIONED = "provisioned"
SERVERLESS = "serverless"
BOTH = frozenset({PROVISIONED, SERVERLESS})
PROVISIONED_ONLY = frozenset({PROVISIONED})

NAMESPACE = "msk"

# Tags every taggable child carries before the user's own (msk:tags may override them).
STANDARD_TAG_NAMES = ("project", "stack", "managed-by")
# The tag most children also get, saying what each is (msk:tags may override it too).
NAME_TAG = "Name"


def camel_to_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def snake_to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class KeyDef:
    """One config key. ``default`` is the value used when the key is absent (None: none, or
    computed, in which case ``default_doc`` says how)."""

    name: str
    kind: str  # enum | string | int | number | bool | list | map | object | objects
    doc: str
    default: Any = None
    default_doc: str | None = None
    applies_to: frozenset = BOTH
    choices: tuple = ()
    fields: tuple = ()  # for kind == "object": its fields, each a KeyDef
    deferrable: bool = False  # may be a Pulumi Output (an id from another resource)
    example: str = ""  # for kind == "object": a valid value, shown when one is malformed
    args_type: str = ""  # for kind == "object"/"objects": the typed args' TypedDict name
    items_only: bool = False  # deferrable list: its items may be Outputs, the list itself not
    minimum: float | None = None  # number kinds: the least value taken
    maximum: float | None = None  # number kinds: the most (whole numbers: at most 32-bit anyway)
    unit: str = ""  # shown after figures in messages
    why_bounds: str = ""  # why the bounds are what they are, for the message
    why_scope: str = ""  # why the key is refused on the other cluster types, for the message
    multiline: bool = False  # string kinds: text of several lines (a schema file), tabs too

    @property
    def snake(self) -> str:
        return camel_to_snake(self.name)

    @property
    def config_key(self) -> str:
        return f"{NAMESPACE}:{self.name}"

    def describe_default(self) -> str:
        """The default in words or as a value: what the README, the typed args' docstrings
        and the component schema all state."""
        if self.default_doc is not None:
            return self.default_doc
        if self.default is None:
            return "—"
        shown = self.default if isinstance(self.default, str) else json.dumps(self.default)
        return f"`{shown}`"

    def applies_text(self) -> str:
        return "both" if self.applies_to == BOTH else " ".join(sorted(self.applies_to))

    def description(self, applies_to: frozenset | None = None) -> str:
        """One line for the typed args and the schema: the doc, the default, and the cluster
        types it applies to (a field applies where its parent key does)."""
        scope = self.applies_to if applies_to is None else applies_to
        default = self.describe_default()
        text = f"{self.doc} Default: {'none' if default == '—' else default}."
        if scope != BOTH:
            text += f" {' and '.join(sorted(scope)).capitalize()} clusters only."
        return text


AUTH_FIELDS = (
    KeyDef(
        "iam",
        "bool",
        "SASL/IAM on port 9098.",
        default=False,
        default_doc="`true` while `auth` is not given; once it is, `false` unless listed",
    ),
    KeyDef("scram", "bool", "SASL/SCRAM-SHA-512 on port 9096.", default=False),
    KeyDef("tls", "bool", "Mutual TLS on port 9094.", default=False),
    KeyDef("unauthenticated", "bool", "Clients without credentials.", default=False),
    KeyDef(
        "certificateAuthorityArns",
        "list",
        "ACM Private CA ARNs trusted for mutual TLS.",
        default=(),
        deferrable=True,
        items_only=True,
    ),
)

_MULTI_VPC = catalog.multi_vpc_connectivity()
_MULTI_VPC_PORTS = "–".join(map(str, catalog.port_range("multi_vpc_privatelink_range")))

VPC_CONNECTIVITY_FIELDS = (
    KeyDef("iam", "bool", "SASL/IAM clients of other VPCs (needs `auth.iam`).", default=False),
    KeyDef(
        "scram", "bool", "SASL/SCRAM clients of other VPCs (needs `auth.scram`).", default=False
    ),
    KeyDef("tls", "bool", "Mutual-TLS clients of other VPCs (needs `auth.tls`).", default=False),
)

CLUSTER_POLICY_FIELDS = (
    KeyDef(
        "principals",
        "list",
        "Who may use the cluster from other accounts: 12-digit account ids or IAM ARNs "
        "(`arn:aws:iam::<account>:root`, `:role/…`, `:user/…`). Required.",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "actions",
        "list",
        "What they may do: `kafka:` actions on the cluster; `kafka-cluster:` actions (IAM "
        "clients) also reach its topics, groups and transactional ids.",
        default=list(_MULTI_VPC["cluster_policy"]["default_actions"]),
        default_doc="the four a VPC connection from another account needs: "
        + ", ".join(f"`{a}`" for a in _MULTI_VPC["cluster_policy"]["default_actions"]),
    ),
)

# Bounds on workload figures: past them a figure is a typo, and sizing's arithmetic would
# overflow. A million MiB/s is thousands of times what the largest MSK cluster carries.
THROUGHPUT_MAX_MIBPS = 1_000_000
THROUGHPUT_WHY = " (far past what any MSK cluster carries; a larger figure is a typo)"
RETENTION_MAX_HOURS = (2**63 - 1) // 3_600_000  # Kafka's retention.ms is a signed 64-bit count
REPLICATION_MAX = 2**15 - 1  # Kafka's replication factor is a signed 16-bit number

WORKLOAD_FIELDS = (
    KeyDef(
        "ingressMibps",
        "number",
        "Average data produced, MiB/s (before replication).",
        maximum=THROUGHPUT_MAX_MIBPS,
        unit="MiB/s",
        why_bounds=THROUGHPUT_WHY,
    ),
    KeyDef(
        "peakIngressMibps",
        "number",
        "Highest sustained ingress, MiB/s: sizing checks "
        "limits at the peak and prices the average.",
        default_doc="the average",
        maximum=THROUGHPUT_MAX_MIBPS,
        unit="MiB/s",
        why_bounds=THROUGHPUT_WHY,
    ),
    KeyDef(
        "egressMibps",
        "number",
        "Average data consumed, MiB/s (all consumer groups).",
        maximum=THROUGHPUT_MAX_MIBPS,
        unit="MiB/s",
        why_bounds=THROUGHPUT_WHY,
    ),
    KeyDef(
        "retentionHours",
        "number",
        "How long data is kept, hours.",
        maximum=RETENTION_MAX_HOURS,
        unit="hours",
        why_bounds=" (Kafka keeps retention as 64-bit milliseconds)",
    ),
    KeyDef("partitions", "int", "Partitions across all topics (before replication)."),
    KeyDef("consumerGroups", "int", "Consumer groups reading the data (sizing: egress fan-out)."),
    KeyDef(
        "replicationFactor",
        "int",
        "Copies of each partition (sizing; express is fixed at 3).",
        maximum=REPLICATION_MAX,
        why_bounds=" (Kafka's replication factor is a 16-bit number)",
    ),
)

# What a log group of the component's own gets where msk:logging doesn't say (snake_case).
CREATED_LOG_GROUP = {"retention_days": 30, "encrypt_with_cluster_key": True}

LOGGING_FIELDS = (
    KeyDef(
        "cloudwatch",
        "bool",
        "Deliver broker logs to CloudWatch Logs: a log group the component creates, or "
        "`logGroupName`.",
        default=True,
    ),
    KeyDef(
        "logGroupName",
        "string",
        "An existing log group to deliver to (1–512 of `A-Z a-z 0-9 . - _ / #`): none is "
        "created, so `retentionDays` and `encryptWithClusterKey` are the group's own affair and "
        "refused here. It must exist before `pulumi up` (the preview reads its ARN).",
        deferrable=True,
    ),
    # None until check_logging fills them: given explicitly, they are refused beside
    # logGroupName, which an absent value is not.
    KeyDef(
        "retentionDays",
        "int",
        "Days the log group keeps logs: a CloudWatch retention value, or 0 to keep them forever.",
        default_doc=f"`{json.dumps(CREATED_LOG_GROUP['retention_days'])}`",
    ),
    KeyDef(
        "encryptWithClusterKey",
        "bool",
        "Encrypt the log group with the cluster's KMS key (the key policy lets CloudWatch "
        "Logs use it).",
        default_doc=f"`{json.dumps(CREATED_LOG_GROUP['encrypt_with_cluster_key'])}`",
    ),
    KeyDef("s3Bucket", "string", "Also deliver broker logs to this S3 bucket (name)."),
    KeyDef("s3Prefix", "string", "Key prefix for the S3 delivery."),
    KeyDef("firehoseDeliveryStream", "string", "Also deliver broker logs to this Firehose stream."),
)

OPEN_MONITORING_FIELDS = (
    KeyDef("jmxExporter", "bool", "Prometheus JMX exporter on port 11001.", default=False),
    KeyDef("nodeExporter", "bool", "Prometheus node exporter on port 11002.", default=False),
    KeyDef(
        "sourceSecurityGroupIds",
        "list",
        "Security groups of the Prometheus scrapers.",
        default=(),
        deferrable=True,
        items_only=True,
    ),
    KeyDef("sourceCidrBlocks", "list", "IPv4 CIDRs of the Prometheus scrapers.", default=()),
)

ALARMS_FIELDS = (
    KeyDef(
        "enabled", "bool", "Create the alarms (on once the alarms object is given).", default=True
    ),
    KeyDef(
        "snsTopicArn",
        "string",
        "Notify this SNS topic instead of one the component creates.",
        deferrable=True,
    ),
    KeyDef(
        "emails",
        "list",
        "Email addresses subscribed to the created topic (each confirms by mail).",
        default=(),
    ),
    KeyDef(
        "diskUsedPercent",
        "number",
        "Per broker: data disk used, % (AWS acts at 85; this leaves time to grow storage).",
        default=80.0,
    ),
    KeyDef(
        "cpuPercent",
        "number",
        "Per broker: CpuUser + CpuSystem, % (AWS's 60% guidance).",
        default=60.0,
    ),
    KeyDef(
        "periodSeconds",
        "int",
        "Length of one evaluation period, seconds: a multiple of 60 (MSK publishes once a "
        "minute); serverless at most 3600 (its throughput alarms read a Metrics Insights "
        "query, which looks back 3 hours).",
        default=300,
    ),
    KeyDef(
        "throughputPercent",
        "number",
        "Serverless: ingress or egress as % of the cluster's limit.",
        default=80.0,
    ),
)

AUTOSCALING_FIELDS = (
    KeyDef("maxGib", "int", "Largest EBS volume per broker autoscaling may grow to, GiB."),
    KeyDef(
        "targetUtilization",
        "number",
        "Storage utilisation autoscaling keeps, % (10–80; AWS recommends 50–60).",
        default=60.0,
    ),
)

TOPIC_FIELDS = (
    KeyDef("name", "string", "Topic name: 1–249 of `a-z A-Z 0-9 . _ -`."),
    KeyDef("partitions", "int", "Number of partitions (required)."),
    KeyDef(
        "replicationFactor",
        "int",
        "Copies of each partition; at most the broker count.",
        default_doc="the cluster's default.replication.factor",
    ),
    KeyDef("config", "map", "Topic-level Kafka configs, e.g. `retention.ms`.", default={}),
)

GRANT_FIELDS = (
    KeyDef("roleName", "string", "IAM role to grant to (give this or roleArn)."),
    KeyDef(
        "roleArn",
        "string",
        "IAM role to grant to, by ARN: a role of the deploying account (IAM puts an inline "
        "policy only there).",
        deferrable=True,
    ),
    KeyDef("produce", "list", "Topics (or `prefix*`) the role may write.", default=()),
    KeyDef("consume", "list", "Topics (or `prefix*`) the role may read.", default=()),
    KeyDef(
        "groups",
        "list",
        "Consumer groups (or `prefix*`) the role may use; needed to consume.",
        default=(),
    ),
    KeyDef("idempotent", "bool", "Producers use idempotent writes.", default=False),
    KeyDef(
        "transactionalIds", "list", "Transactional ids (or `prefix*`) producers use.", default=()
    ),
    KeyDef("admin", "bool", "Full control of the cluster, its topics and groups.", default=False),
    KeyDef(
        "schemas",
        "list",
        "Schemas of `msk:schemaRegistry` the role's clients serialize (produce: "
        "`glue:GetSchemaByDefinition` on them) or deserialize (consume: `glue:GetSchemaVersion`).",
        default=(),
    ),
)

_SCHEMA_REGISTRY = catalog.raw()["schema_registry"]

SCHEMA_FIELDS = (
    KeyDef("name", "string", "Schema name: 1–255 of `a-z A-Z 0-9 - _ $ # .`. Required."),
    KeyDef(
        "dataFormat",
        "enum",
        "Format of the definition. Required.",
        choices=tuple(_SCHEMA_REGISTRY["data_formats"]),
    ),
    KeyDef(
        "compatibility",
        "enum",
        "How Glue checks a new version against earlier ones (changed in place).",
        default=_SCHEMA_REGISTRY["default_compatibility"],
        choices=tuple(_SCHEMA_REGISTRY["compatibilities"]),
    ),
    KeyDef(
        "definition",
        "string",
        f"The schema text (Avro, JSON Schema or .proto), up to "
        f"{_SCHEMA_REGISTRY['definition_max_chars']} characters, checked for syntax; a changed "
        "definition registers a new schema version. Required.",
        multiline=True,
    ),
)

SCHEMA_REGISTRY_FIELDS = (
    KeyDef("name", "string", "Registry name: 1–255 of `a-z A-Z 0-9 - _ $ # .`. Required."),
    KeyDef(
        "schemas",
        "objects",
        "Schemas `[{name, dataFormat, compatibility, definition}]`.",
        default=[],
        fields=SCHEMA_FIELDS,
        example='[{name: orders-value, dataFormat: AVRO, definition: \'{"type": "string"}\'}]',
        args_type="SchemaArgs",
    ),
)

_ACL_MODEL = catalog.kafka_acl_rules()["acl_model"]

ACL_FIELDS = (
    KeyDef(
        "principal",
        "string",
        "Who: `User:<SCRAM user name>`, or `User:<certificate distinguished name>` for mTLS "
        "clients (IAM clients follow IAM policy, never ACLs).",
    ),
    KeyDef("resourceType", "string", f"What: {', '.join(_ACL_MODEL['operations'])}."),
    KeyDef(
        "resourceName",
        "string",
        f"Its name, `*` for all, or a prefix with `patternType: Prefixed`; "
        f"`{_ACL_MODEL['cluster_resource_name']}` for Cluster.",
    ),
    KeyDef(
        "patternType",
        "string",
        f"How the name matches: {' or '.join(_ACL_MODEL['pattern_types'])}.",
        default=_ACL_MODEL["default_pattern_type"],
    ),
    KeyDef(
        "operation",
        "string",
        "What it may do, one of the resource type's Kafka operations (Topic: Read, Write, "
        f"Describe, …) or `{_ACL_MODEL['all_operation']}`.",
    ),
    KeyDef(
        "permission",
        "string",
        f"{' or '.join(_ACL_MODEL['permissions'])} (a Deny wins over every Allow).",
        default=_ACL_MODEL["permissions"][0],
    ),
)

_VPC_CONNECTIONS = catalog.vpc_connection_rules()

VPC_CONNECTION_FIELDS = (
    KeyDef(
        "vpcId",
        "string",
        "Client VPC (`vpc-…`) of the deploying account, other than the cluster's own.",
        deferrable=True,
    ),
    KeyDef(
        "subnetIds",
        "list",
        f"Client subnets, one per AZ: at least {_VPC_CONNECTIONS['client_subnets_min']} and no "
        "more than the cluster has, each in a zone (by AZ id) of one of the cluster's subnets.",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "securityGroupIds",
        "list",
        "Security groups on the connection's endpoints, admitting the clients: "
        f"{_VPC_CONNECTIONS['security_groups_min']}–"
        f"{_VPC_CONNECTIONS['security_groups_default_quota']} (up to "
        f"{_VPC_CONNECTIONS['security_groups_max']} with a raised VPC quota).",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "authentication",
        "enum",
        "How the clients authenticate: one mode that is on in `msk:vpcConnectivity`.",
        choices=tuple(_VPC_CONNECTIONS["authentication"]),
    ),
)

# MSK Replicator (msk:replicators, and the MskReplicator component, which reads one item alike)
_REPLICATOR = catalog.raw()["msk_replicator"]

REPLICATOR_FIELDS = (
    KeyDef(
        "name",
        "string",
        f"Replicator name, unique in the account and Region: {_REPLICATOR['name']['min']}–"
        f"{_REPLICATOR['name']['max']} letters, digits and hyphens, starting with a letter or "
        "digit. Required.",
    ),
    KeyDef(
        "sourceClusterArn",
        "string",
        "The MSK cluster replicated from (same account; IAM access control on; another Region "
        "needs multi-VPC connectivity for IAM on it). Required.",
        deferrable=True,
    ),
    KeyDef(
        "sourceSubnetIds",
        "list",
        "Subnets in the source cluster's VPC for the replicator's network interfaces. Required.",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "sourceSecurityGroupIds",
        "list",
        "Security groups for them, which the source brokers must admit on the IAM port. Required.",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "topics",
        "list",
        "Topics to replicate: names or prefixes ending in `.*`, so the replicator's role names "
        "exactly those. Required.",
    ),
    KeyDef(
        "consumerGroups",
        "list",
        "Consumer groups whose offsets are replicated: names or prefixes ending in `.*`. Required.",
    ),
    KeyDef(
        "startingPosition",
        "enum",
        "Where replication of each topic starts: `LATEST` or `EARLIEST`. Changing it replaces "
        "the replicator.",
        default_doc="not sent: AWS's default",
        choices=tuple(_REPLICATOR["starting_positions"]),
    ),
)

# MSK Connect (msk:connectors, and the MskConnector component, which reads one item the same way)
_CONNECT = catalog.raw()["msk_connect"]
_WORKERS = {"minimum": _CONNECT["workers_min"], "maximum": _CONNECT["workers_max"]}
_WORKERS_WHY = " (MSK Connect runs 1–10 workers a connector)"
_CPU = _CONNECT["cpu_utilization_percentage"]
_MCUS = "/".join(map(str, _CONNECT["mcu_counts"]))

CONNECTOR_PLUGIN_FIELDS = (
    KeyDef(
        "bucketArn",
        "string",
        "ARN of the S3 bucket holding the plugin file (`arn:aws:s3:::<bucket>`). Required.",
        deferrable=True,
    ),
    KeyDef("key", "string", "Object key of the plugin file in that bucket. Required."),
    KeyDef(
        "contentType",
        "enum",
        "The file's kind: `ZIP` or `JAR`. Required.",
        choices=tuple(_CONNECT["plugin_content_types"]),
    ),
    KeyDef("objectVersion", "string", "The object's S3 version, to pin the plugin file."),
)

CONNECTOR_AUTOSCALING_FIELDS = (
    KeyDef("mcuCount", "int", f"MCUs per worker: {_MCUS} (an MCU is 1 vCPU, 4 GiB). Required."),
    KeyDef("minWorkers", "int", "Fewest workers. Required.", why_bounds=_WORKERS_WHY, **_WORKERS),
    KeyDef("maxWorkers", "int", "Most workers. Required.", why_bounds=_WORKERS_WHY, **_WORKERS),
    KeyDef(
        "scaleInCpuPercent",
        "int",
        "Average worker CPU % below which a worker is removed.",
        default=_CPU["default_scale_in"],
        minimum=_CPU["min"],
        maximum=_CPU["max"],
    ),
    KeyDef(
        "scaleOutCpuPercent",
        "int",
        "Average worker CPU % above which a worker is added.",
        default=_CPU["default_scale_out"],
        minimum=_CPU["min"],
        maximum=_CPU["max"],
    ),
)

CONNECTOR_PROVISIONED_FIELDS = (
    KeyDef("mcuCount", "int", f"MCUs per worker: {_MCUS} (an MCU is 1 vCPU, 4 GiB). Required."),
    KeyDef("workers", "int", "Workers. Required.", why_bounds=_WORKERS_WHY, **_WORKERS),
)

CONNECTOR_CAPACITY_FIELDS = (
    KeyDef(
        "autoscaling",
        "object",
        "Workers scale with CPU `{mcuCount, minWorkers, maxWorkers, scaleInCpuPercent, "
        "scaleOutCpuPercent}` (give this or `provisioned`).",
        fields=CONNECTOR_AUTOSCALING_FIELDS,
        example="{mcuCount: 1, minWorkers: 1, maxWorkers: 2}",
        args_type="ConnectorAutoscalingArgs",
    ),
    KeyDef(
        "provisioned",
        "object",
        "A fixed number of workers `{mcuCount, workers}` (give this or `autoscaling`).",
        fields=CONNECTOR_PROVISIONED_FIELDS,
        example="{mcuCount: 1, workers: 1}",
        args_type="ConnectorProvisionedArgs",
    ),
)

CONNECTOR_FIELDS = (
    KeyDef(
        "name",
        "string",
        f"Connector name, unique in the stack: 1–{_CONNECT['name_max_chars'] - 7} characters "
        "(its plugin and worker configuration are named after it). Required.",
    ),
    KeyDef(
        "plugin",
        "object",
        "The custom plugin `{bucketArn, key, contentType, objectVersion}` made for it. Required.",
        fields=CONNECTOR_PLUGIN_FIELDS,
        example="{bucketArn: arn:aws:s3:::plugins, key: debezium.zip, contentType: ZIP}",
        args_type="ConnectorPluginArgs",
    ),
    KeyDef(
        "config",
        "map",
        "Connector configuration (`connector.class`, `tasks.max`, …). Secret-looking keys "
        "(`*.password`, `*secret*`, `*token*`, …) take only config provider references such as "
        f"`{_CONNECT['config_provider_example']}`. Required.",
    ),
    KeyDef(
        "capacity",
        "object",
        "`{autoscaling: {…}}` or `{provisioned: {…}}`. Required.",
        fields=CONNECTOR_CAPACITY_FIELDS,
        example="{provisioned: {mcuCount: 1, workers: 1}}",
        args_type="ConnectorCapacityArgs",
    ),
    KeyDef(
        "connectVersion",
        "enum",
        "Kafka Connect version the workers run.",
        default=_CONNECT["default_connect_version"],
        choices=tuple(_CONNECT["connect_versions"]),
    ),
    KeyDef(
        "workerConfiguration",
        "map",
        "Worker properties (`connect-distributed.properties`, e.g. `config.providers`): a "
        "worker configuration is made when given.",
    ),
    KeyDef(
        "readTopics",
        "list",
        "Topics (or `prefix*`) it reads, beside the config's `topics` (sink connectors; needed "
        "with `topics.regex`, which IAM can't name).",
        default=(),
    ),
    KeyDef(
        "writeTopics",
        "list",
        "Topics (or `prefix*`) it writes (source connectors). The role may touch no others.",
        default=(),
    ),
    KeyDef(
        "securityGroupIds",
        "list",
        "Security groups of your own beside the created one (which reaches only the brokers' "
        "IAM port), e.g. egress to the system the connector reads or writes.",
        default=(),
        deferrable=True,
        items_only=True,
    ),
)

_SECURITY_GROUPS = catalog.bring_your_own_rules()["security_groups"]
_CONFIGURATION = catalog.bring_your_own_rules()["configuration"]

SERVERLESS_ONLY = frozenset({SERVERLESS})

_VPC_CONFIGS = catalog.serverless_vpc_config_rules()
_SERVERLESS_VPCS_MAX = catalog.serverless_limits()["max_client_vpcs_per_cluster"]

VPC_CONFIG_FIELDS = (
    KeyDef(
        "subnetIds",
        "list",
        f"Subnets of one client VPC, at least {_VPC_CONFIGS['subnets_per_config_min']}, each in "
        "a different AZ.",
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "securityGroupIds",
        "list",
        "Security groups of that VPC on the cluster's endpoints in it, admitting its clients: "
        f"1–{_VPC_CONFIGS['security_groups_per_config_max']}, required (without them AWS would "
        "use the VPC's default group).",
        deferrable=True,
        items_only=True,
    ),
)

# Pulumi custom timeouts of the cluster: MSK creates and updates take tens of minutes, and a
# broker-count or version change on a large cluster can run for hours, past the provider's
# 120-minute default. These are the key's defaults, and the only declaration of them.
TIMEOUT_FIELDS = (
    KeyDef("create", "string", "How long `pulumi up` waits for the cluster to be created.", "180m"),
    KeyDef("update", "string", "How long it waits for one update of the cluster.", "240m"),
    KeyDef("delete", "string", "How long it waits for the cluster to be deleted.", "120m"),
)

KEYS: tuple[KeyDef, ...] = (
    KeyDef(
        "clusterType",
        "enum",
        "Provisioned brokers (standard or express) or MSK Serverless.",
        default=PROVISIONED,
        choices=(PROVISIONED, SERVERLESS),
    ),
    KeyDef(
        "clusterName",
        "string",
        "1–64 of `A-Z a-z 0-9 -`, starting alphanumeric. Changing it replaces the cluster.",
        default_doc="`<project>-<stack>` (other clusters in the program: "
        "`<project>-<stack>-<name>`)",
    ),
    KeyDef(
        "vpcId",
        "string",
        "Existing VPC to join (`vpc-…`). Give with `subnetIds`, or neither to build a network.",
        deferrable=True,
    ),
    KeyDef(
        "subnetIds",
        "list",
        "Client subnets, one per AZ: 2 or 3 (express: 3). Changing them replaces the cluster.",
        deferrable=True,
    ),
    KeyDef(
        "azCount",
        "int",
        "AZs (one private subnet each) when the program builds the VPC: 2 or 3 (express: 3).",
        default=3,
    ),
    KeyDef(
        "vpcCidr",
        "string",
        "IPv4 range of the VPC the program builds, /16 to /24, private (RFC 1918).",
        default="10.40.0.0/16",
    ),
    KeyDef(
        "vpcConfigs",
        "objects",
        "Serverless across several VPCs `[{subnetIds, securityGroupIds}]`, in place of `vpcId` "
        f"and `subnetIds`: {_VPC_CONFIGS['configs_min']}–{_SERVERLESS_VPCS_MAX} client VPCs, each "
        "naming its own subnets and security groups (the component builds no network and no "
        "security group then). Changing any of it replaces the cluster.",
        applies_to=SERVERLESS_ONLY,
        why_scope="provisioned brokers live in one VPC (msk:vpcId, msk:subnetIds); reach them "
        "from other VPCs with msk:vpcConnectivity",
        fields=VPC_CONFIG_FIELDS,
        example="[{subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], "
        "securityGroupIds: [sg-0123456789abcdef0]}]",
        args_type="VpcConfigArgs",
    ),
    KeyDef(
        "clientSecurityGroupIds",
        "list",
        "Security groups whose members may reach the broker ports of the enabled auth modes.",
        default=[],
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "clientCidrBlocks",
        "list",
        "IPv4 CIDRs that may reach the same ports. `0.0.0.0/0` is refused, and IPv6: a cluster "
        "has no IPv6 address until dual-stack is turned on for it.",
        default=[],
    ),
    KeyDef(
        "securityGroupIds",
        "list",
        "Security groups of your own attached to the brokers beside the created one (their "
        "rules are yours: neither the plan nor the policy pack can see them). At most "
        f"{_SECURITY_GROUPS['per_network_interface_default_quota']} in all, the created one "
        "included (a VPC quota per network interface, up to "
        f"{_SECURITY_GROUPS['per_network_interface_max']} once raised). Changing the set "
        "replaces the cluster.",
        default=[],
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "createSecurityGroup",
        "bool",
        "Create the brokers' security group. `false`: only `securityGroupIds` are attached "
        "(then required), and the keys that shape the created group's rules "
        "(`clientSecurityGroupIds`, `clientCidrBlocks`, `openMonitoring` sources) are refused. "
        "Changing it replaces the cluster.",
        default=True,
    ),
    KeyDef(
        "kafkaVersion",
        "string",
        "MSK version string, e.g. `3.9.x`, `3.9.x.kraft`, `4.1.x.kraft`; past end of support is "
        "refused. Pin it in stack files so a catalog update never upgrades a cluster.",
        default_doc="newest supported version the broker type can run (KRaft where it can)",
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "brokerCount",
        "int",
        "Total brokers: a multiple of the subnet count, within the per-cluster limit (30 "
        "ZooKeeper / 60 KRaft).",
        default=3,
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "instanceType",
        "string",
        "Broker size: a `kafka.*` (standard) or `express.*` type from the catalog.",
        default="kafka.m7g.large",
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "rebalancing",
        "bool",
        "Express intelligent rebalancing: MSK moves partitions onto added brokers, off brokers "
        "being removed, and off overloaded ones. Express brokers only; while it is on, "
        "Cruise Control and similar tools can't reassign partitions. An Express cluster made "
        "before 2025-11-20 has it paused: the next deploy turns it on unless this is `false`.",
        default_doc="`true` on express brokers, as AWS makes new Express clusters",
        applies_to=PROVISIONED_ONLY,
        why_scope="intelligent rebalancing is a feature of provisioned clusters with Express "
        "brokers",
    ),
    KeyDef(
        "ebsVolumeGib",
        "int",
        "EBS storage per broker, 1–16384 GiB. Standard brokers only (express storage is managed).",
        default=1000,
        default_doc="1000 (standard brokers)",
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "provisionedThroughputMibps",
        "int",
        "Provisioned EBS throughput per broker, from 250 to the instance's maximum; only on "
        "kafka.m5.4xlarge, kafka.m7g.2xlarge and larger.",
        default_doc="off",
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "storageMode",
        "enum",
        "`TIERED` adds MSK's low-cost tier behind the EBS volumes, for topics that set "
        "`remote.storage.enable`: standard brokers other than kafka.t3.small, Kafka 3.6.0 or "
        "later. Turned on in place; the plan refuses turning it off.",
        default=catalog.tiered_storage_rules()["default_mode"],
        choices=catalog.enum("StorageMode"),
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "clientBrokerEncryption",
        "enum",
        "Encryption between clients and brokers.",
        default="TLS",
        choices=catalog.enum("ClientBroker"),
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "inClusterEncryption",
        "bool",
        "TLS between brokers. Can't be turned on later; changing it replaces the cluster.",
        default=True,
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "kmsKeyArn",
        "string",
        "Customer-managed KMS key for data at rest. Without it the component creates one with "
        "rotation. Changing it replaces the cluster.",
        applies_to=PROVISIONED_ONLY,
        deferrable=True,
    ),
    KeyDef(
        "auth",
        "object",
        "Client authentication `{iam, scram, tls, unauthenticated, certificateAuthorityArns}`; "
        "the modes listed `true` are on, the rest off. Serverless: IAM only. mTLS (`tls`) needs "
        "`certificateAuthorityArns`.",
        default={"iam": True},
        fields=AUTH_FIELDS,
        example="{iam: true} or {iam: true, scram: true}",
        args_type="AuthArgs",
    ),
    KeyDef(
        "scramUsers",
        "list",
        "SASL/SCRAM users: each gets a generated password in a Secrets Manager secret "
        "(`AmazonMSK_<cluster>_<user>`, on the cluster's KMS key) associated with the cluster. "
        "Needs `auth.scram`.",
        default=[],
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "scramSecretArns",
        "list",
        "Existing Secrets Manager secrets (full ARNs) to associate, one SASL/SCRAM user each: "
        "named `AmazonMSK_…`, in the cluster's account and Region, on a customer-managed KMS key "
        "(MSK can't read `aws/secretsmanager` ones; `pulumi preview` reads each secret's key "
        "and refuses those). Counted with `scramUsers` against MSK's "
        "users per cluster. Needs `auth.scram`; the secrets stay yours.",
        default=[],
        applies_to=PROVISIONED_ONLY,
        deferrable=True,
        items_only=True,
    ),
    KeyDef(
        "serverProperties",
        "map",
        "Broker properties over the safe defaults (no topic auto-creation, replication that fits "
        "the AZs, no unclean leader election; deny-unless-ACL only with `denyUnlessAcl`). Only "
        "the properties MSK lets users set.",
        default={},
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "denyUnlessAcl",
        "bool",
        "Refuse SASL/SCRAM, mutual-TLS and unauthenticated clients whatever no Kafka ACL allows "
        "(`allow.everyone.if.no.acl.found=false`; IAM clients follow IAM policy, never ACLs). "
        "Create the ACLs first, an admin principal's among them: MSK lets no `super.users` be "
        "set, so a SCRAM- or mTLS-only cluster with it on and no ACLs admits no one. Without "
        "IAM, set it `true` only in a deploy after the one that made `msk:acls` (the change "
        "plan refuses both at once). Required before public access with SCRAM or mTLS.",
        default=False,
        default_doc="`false` (MSK's default: everyone may use what no ACL names); `true` with "
        "`msk:acls` and `auth.iam`",
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "configurationArn",
        "string",
        "An existing MSK configuration "
        "(`arn:aws:kafka:<region>:<account>:configuration/<name>/<id>`) for the brokers, with "
        "`configurationRevision`: none is created, and its properties, not the component's "
        "safe defaults, apply. Exclusive with `serverProperties` and `denyUnlessAcl`.",
        applies_to=PROVISIONED_ONLY,
        deferrable=True,
    ),
    KeyDef(
        "configurationRevision",
        "int",
        "Revision of `configurationArn` the brokers run (1 or more); a new one is applied "
        "with a rolling restart.",
        applies_to=PROVISIONED_ONLY,
        deferrable=True,
        minimum=_CONFIGURATION["first_revision"],
        why_bounds=" (a configuration's revisions count from 1)",
    ),
    KeyDef(
        "publicAccess",
        "bool",
        "Public broker endpoints (SERVICE_PROVIDED_EIPS). Needs public subnets, TLS only, "
        "in-cluster encryption, authenticated clients, `msk:clientCidrBlocks` to admit, and with "
        "SCRAM or mTLS `allow.everyone.if.no.acl.found=false`; AWS turns it on only for a running "
        "cluster, so create with false, then set true.",
        default=False,
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "vpcConnectivity",
        "object",
        "Multi-VPC private connectivity `{iam, scram, tls}`: clients in other VPCs and accounts "
        f"of the Region reach the brokers over AWS PrivateLink (ports {_MULTI_VPC_PORTS}, from "
        "`msk:clientCidrBlocks`) with the modes listed `true`, each also on in `msk:auth`. Not "
        f"on kafka.t3.small; Kafka {_MULTI_VPC['min_kafka_version']}+; no unauthenticated "
        "access; SCRAM or mTLS need `msk:denyUnlessAcl`. AWS turns it on only for a running "
        "cluster: create without it, then add it. All `false` turns it off (removing the key "
        "leaves it as it is).",
        default_doc="off",
        applies_to=PROVISIONED_ONLY,
        why_scope="MSK Serverless has no multi-VPC private connectivity; reach it from "
        "several VPCs with its VPC configurations",
        fields=VPC_CONNECTIVITY_FIELDS,
        example="{iam: true} or {iam: true, scram: true}",
        args_type="VpcConnectivityArgs",
    ),
    KeyDef(
        "clusterPolicy",
        "object",
        "The cluster's resource policy `{principals, actions}` (`aws.msk.ClusterPolicy`), for "
        "other accounts: by default it lets the principals create VPC connections to the "
        "cluster. IAM clients of those accounts also need `kafka-cluster:` actions here.",
        default_doc="none",
        applies_to=PROVISIONED_ONLY,
        why_scope="its default actions create VPC connections, which only provisioned "
        "clusters take",
        fields=CLUSTER_POLICY_FIELDS,
        example="{principals: ['210987654321']}",
        args_type="ClusterPolicyArgs",
    ),
    KeyDef(
        "logging",
        "object",
        "Broker logs `{cloudwatch, logGroupName, retentionDays, encryptWithClusterKey, "
        "s3Bucket, s3Prefix, firehoseDeliveryStream}`; CloudWatch on by default, to a log group "
        "the component creates unless `logGroupName` names one.",
        default={"cloudwatch": True},
        default_doc="CloudWatch, 30 days",
        applies_to=PROVISIONED_ONLY,
        fields=LOGGING_FIELDS,
        example="{cloudwatch: true, retentionDays: 90}",
        args_type="LoggingArgs",
    ),
    KeyDef(
        "enhancedMonitoring",
        "enum",
        "CloudWatch metrics level; beyond DEFAULT is billed per metric.",
        default="DEFAULT",
        choices=catalog.enum("EnhancedMonitoring"),
        applies_to=PROVISIONED_ONLY,
    ),
    KeyDef(
        "openMonitoring",
        "object",
        "Prometheus exporters `{jmxExporter, nodeExporter, sourceSecurityGroupIds, "
        "sourceCidrBlocks}`; their ports open only to the named sources.",
        default_doc="off",
        applies_to=PROVISIONED_ONLY,
        fields=OPEN_MONITORING_FIELDS,
        example="{jmxExporter: true, sourceSecurityGroupIds: [sg-0123456789abcdef0]}",
        args_type="OpenMonitoringArgs",
    ),
    KeyDef(
        "alarms",
        "object",
        "CloudWatch alarms on disk, CPU, under-replicated and offline partitions, the active "
        "controller (express: CPU and the controller, the metrics Express publishes; "
        "serverless: throughput limits), notifying SNS.",
        default_doc="off (prod stack: on)",
        fields=ALARMS_FIELDS,
        example="{enabled: true, emails: [oncall@example.com]}",
        args_type="AlarmsArgs",
    ),
    KeyDef(
        "storageAutoscaling",
        "object",
        "Grow EBS volumes automatically `{maxGib, targetUtilization}`; standard brokers only. "
        "The volume size is then left to autoscaling.",
        default_doc="off",
        applies_to=PROVISIONED_ONLY,
        fields=AUTOSCALING_FIELDS,
        example="{maxGib: 4000, targetUtilization: 60}",
        args_type="StorageAutoscalingArgs",
    ),
    KeyDef(
        "retainOnDelete",
        "bool",
        "Keep the cluster in AWS when it leaves the stack, with what it holds and what it "
        "uses: topics, key, log group, schema registry and schemas, configuration, security "
        "group, storage autoscaling and the network built for it (never what grants access: "
        "SCRAM secrets, their associations, IAM grants).",
        default=False,
        default_doc="false (prod stack: true)",
    ),
    KeyDef(
        "protect",
        "bool",
        "Protects what holds data (the cluster, its topics, key, log group, schema registry "
        "and schemas, and SCRAM secrets) from `pulumi destroy` and from replacement. "
        "Unprotected, a deleted SCRAM secret goes at once instead of holding its name "
        "through a recovery window.",
        default=False,
        default_doc="false (prod stack: true)",
    ),
    KeyDef(
        "timeouts",
        "object",
        "How long `pulumi up` waits for the cluster `{create, update, delete}`, as Pulumi reads "
        "durations (`90m`, `3h`, `1h30m`; no days: `48h`). The cluster's only; its topics, "
        "SCRAM secrets and the rest keep their providers' timeouts.",
        default={},
        default_doc=", ".join(f"{f.name} `{f.default}`" for f in TIMEOUT_FIELDS),
        fields=TIMEOUT_FIELDS,
        example="{create: 3h, update: 6h}",
        args_type="TimeoutsArgs",
    ),
    KeyDef(
        "workload",
        "object",
        "Expected traffic `{ingressMibps, peakIngressMibps, egressMibps, retentionHours, "
        "partitions, consumerGroups, replicationFactor}`: prices what depends on usage, and "
        "`mskctl size` and the plan check the cluster against it. Without it those cost lines "
        "show as depending on usage.",
        default_doc="none",
        fields=WORKLOAD_FIELDS,
        example="{ingressMibps: 5, egressMibps: 10, retentionHours: 168, partitions: 50}",
        args_type="WorkloadArgs",
    ),
    KeyDef(
        "topics",
        "objects",
        "Topics `[{name, partitions, replicationFactor, config}]`, created with the MSK topic "
        "API (no network path to the brokers needed; Kafka 3.6.0 or later).",
        default=[],
        applies_to=frozenset(catalog.topic_api_rules()["cluster_types"]),
        why_scope="the MSK topic API is not available for MSK Serverless clusters; create "
        "serverless topics with a Kafka admin client",
        fields=TOPIC_FIELDS,
        example="[{name: orders, partitions: 12, config: {retention.ms: '604800000'}}]",
        args_type="TopicArgs",
    ),
    KeyDef(
        "grants",
        "objects",
        "Least-privilege IAM access `[{roleName or roleArn, produce, consume, groups, "
        "idempotent, transactionalIds, admin}]`: a role policy per entry, scoped to the "
        "cluster's topic and group ARNs, named for the project, stack and cluster so stacks "
        "granting one role never share a policy.",
        default=[],
        fields=GRANT_FIELDS,
        example="[{roleName: orders-api, produce: [orders]}]",
        args_type="GrantArgs",
    ),
    KeyDef(
        "schemaRegistry",
        "object",
        "A Glue Schema Registry `{name, schemas}` with its schemas, definitions checked for "
        "syntax per format; `msk:grants[].schemas` lets clients use them. Free (AWS Glue "
        "pricing).",
        default_doc="none",
        fields=SCHEMA_REGISTRY_FIELDS,
        example="{name: orders, schemas: [{name: orders-value, dataFormat: AVRO, "
        'definition: \'{"type": "string"}\'}]}',
        args_type="SchemaRegistryConfigArgs",  # SchemaRegistryArgs: the component's own
    ),
    KeyDef(
        "connectors",
        "objects",
        "MSK Connect connectors `[{name, plugin, config, capacity, connectVersion, "
        "workerConfiguration, readTopics, writeTopics, securityGroupIds}]`, each with its "
        "custom plugin, a security group the brokers admit on the IAM port only, a service "
        "execution role limited to its topics and groups, and a log group. Needs `auth.iam` "
        "and the component's own security group.",
        default=[],
        applies_to=PROVISIONED_ONLY,
        why_scope="MSK Connect reaches a cluster through its VPC and the brokers' security "
        "group, which serverless clusters don't have",
        fields=CONNECTOR_FIELDS,
        example="[{name: orders-source, plugin: {bucketArn: arn:aws:s3:::plugins, key: "
        "source.zip, contentType: ZIP}, config: {connector.class: …}, capacity: "
        "{provisioned: {mcuCount: 1, workers: 1}}, writeTopics: [orders]}]",
        args_type="ConnectorArgs",
    ),
    KeyDef(
        "acls",
        "objects",
        "Kafka ACLs `[{principal, resourceType, resourceName, patternType, operation, "
        "permission}]` for SASL/SCRAM and mTLS clients, made through the brokers by the Kafka "
        "provider: with `auth.iam`, signed in with IAM as the identity that deploys (it needs "
        "kafka-cluster:Connect, DescribeCluster and AlterCluster on the cluster), and "
        "deny-unless-ACL is on unless `msk:denyUnlessAcl: false`; without, as `msk:aclAdmin` "
        "(which also gets the Cluster Alter and Describe ACLs it needs), and deny-unless-ACL "
        "stays off until `msk:denyUnlessAcl: true` in a later deploy. Deploy from where the "
        "brokers are reachable. Changing a field replaces that ACL.",
        default=[],
        applies_to=PROVISIONED_ONLY,
        why_scope="MSK Serverless takes IAM clients only, and IAM policies, never Kafka ACLs, "
        "authorize them",
        fields=ACL_FIELDS,
        example="[{principal: 'User:orders', resourceType: Topic, resourceName: orders, "
        "operation: Write}]",
        args_type="AclArgs",
    ),
    KeyDef(
        "aclAdmin",
        "string",
        "The `msk:scramUsers` user the Kafka provider authenticates as to manage `msk:acls` "
        "(its generated password goes to the provider as a secret, never shown). Required "
        "with `msk:acls` on a cluster without `auth.iam`; refused with it (the provider then "
        "signs in with IAM).",
        applies_to=PROVISIONED_ONLY,
        why_scope="MSK Serverless has no Kafka ACLs",
    ),
    KeyDef(
        "vpcConnections",
        "objects",
        "Managed VPC connections `[{vpcId, subnetIds, securityGroupIds, authentication}]`: "
        "client VPCs of the deploying account reach the brokers over PrivateLink, each with "
        "one mode of `msk:vpcConnectivity`. A VPC of another account connects from a program "
        "of its own with `MskVpcConnection`. Changing any field replaces the connection.",
        default=[],
        applies_to=PROVISIONED_ONLY,
        why_scope="a VPC connection reaches a cluster's multi-VPC connectivity "
        "(msk:vpcConnectivity), which provisioned clusters alone have",
        fields=VPC_CONNECTION_FIELDS,
        example="[{vpcId: vpc-0123456789abcdef0, subnetIds: [subnet-0123456789abcdef0, "
        "subnet-0123456789abcdef1], securityGroupIds: [sg-0123456789abcdef0], "
        "authentication: iam}]",
        args_type="VpcConnectionArgs",
    ),
    KeyDef(
        "replicators",
        "objects",
        "MSK Replicators into this cluster `[{name, sourceClusterArn, sourceSubnetIds, "
        "sourceSecurityGroupIds, topics, consumerGroups, startingPosition}]`, each with a "
        "service execution role that reads only its topics and groups on the source, and a "
        "security group the brokers admit on the IAM port only. Needs `auth.iam` and the "
        "component's own security group; not on `kafka.t3.small`.",
        default=[],
        fields=REPLICATOR_FIELDS,
        example="[{name: orders-dr, sourceClusterArn: arn:aws:kafka:us-west-2:123456789012:"
        "cluster/orders/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2, sourceSubnetIds: "
        "[subnet-0123456789abcdef0], sourceSecurityGroupIds: [sg-0123456789abcdef0], "
        "topics: [orders], consumerGroups: [billing]}]",
        args_type="ReplicatorArgs",
    ),
    KeyDef(
        "tags",
        "map",
        "Tags merged onto every taggable child, over `project`, `stack` and `managed-by`.",
        default={},
        deferrable=True,  # a tag's value may be computed; the map itself may not
    ),
)

KEYS_BY_NAME: dict[str, KeyDef] = {k.name: k for k in KEYS}
KEYS_BY_SNAKE: dict[str, KeyDef] = {k.snake: k for k in KEYS}


def _decode(raw: Any) -> Any:
    """Config values arrive as text; objects and lists arrive as JSON text."""
    if hasattr(raw, "apply"):  # a secret value: decode it inside the Output
        return raw.apply(_decode)
    if isinstance(raw, str) and raw[:1] in ("{", "["):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _snake_fields(key: KeyDef, value: Any) -> Any:
    """An object key's fields in snake_case; a name that is no field's stays as written, so the
    spec names it exactly (``msk:auth.IAM``, not ``msk:auth.i_a_m``)."""
    if not isinstance(value, Mapping):
        return value
    fields = {field.name: field.snake for field in key.fields}
    return {
        fields.get(name, name) if isinstance(name, str) else name: v for name, v in value.items()
    }


def args_from_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Map ``msk:`` config (camelCase keys, text values) to component args (snake_case).

    Declared keys are renamed, JSON objects and lists decoded, and the fields of object-typed
    keys renamed too (not map keys: tag names are the user's). Nothing is validated here: a key
    that is not declared passes through as written, so the spec names it exactly (``msk:Tags``
    is not ``msk:tags``).
    """
    args: dict[str, Any] = {}
    for name, raw in config.items():
        value = _decode(raw)
        key = KEYS_BY_NAME.get(name)
        if key is None:
            args[name] = value
            continue
        if key.kind == "object":
            value = _snake_fields(key, value)
        args[key.snake] = value
    return args
