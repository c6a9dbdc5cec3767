"""Cross-key rules: what AWS and the catalog allow for the combination of keys given.

Each ``check_*`` function reads the draft, records problems and warnings, and fills the
defaults it owns. They run in order; a value already reported as invalid is skipped by later
rules so one mistake yields one message.
"""

import ipaddress
import re
import unicodedata
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from .. import catalog
from .access_rules import acl_properties, check_acl_strategy
from .acl_rules import check_acls
from .alarm_rules import check_alarms
from .bring_your_own_rules import (
    check_existing_configuration,
    check_log_group,
    check_scram_secrets,
    check_security_groups,
    creates_security_group,
    uses_existing_configuration,
)
from .connectivity_rules import check_client_sources, check_public_access, check_sources
from .connector_rules import check_connectors
from .draft import Draft
from .grants import check_grants
from .kafka_values import PROPERTIES_SPECIAL, value_problem
from .keys import CREATED_LOG_GROUP, NAME_TAG, STANDARD_TAG_NAMES
from .property_rules import (
    BROKER,
    express_only_property,
    express_problem,
    removed_problem,
    versioned_type,
)
from .rebalancing_rules import check_rebalancing
from .replicator_rules import check_replicators
from .schema_rules import check_schema_registry
from .serverless_network_rules import check_vpc_configs, uses_vpc_configs
from .storage_mode_rules import check_storage_mode, check_tiered_topics
from .timeout_rules import check_timeouts
from .topics import check_topics
from .values import INVALID, key_part, nearest, show
from .vpc_connection_rules import check_vpc_connections
from .vpc_connectivity_rules import check_vpc_connectivity, modes_on

# Every pattern is ASCII-only (\d would take Arabic-Indic digits) and is matched whole
# (fullmatch: '$' would let a trailing line break through).
VPC_ID = re.compile(r"vpc-[0-9a-f]{8}([0-9a-f]{9})?")
SUBNET_ID = re.compile(r"subnet-[0-9a-f]{8}([0-9a-f]{9})?")
SECURITY_GROUP_ID = re.compile(r"sg-[0-9a-f]{8}([0-9a-f]{9})?")
KMS_KEY_ARN = re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+")
PCA_ARN = re.compile(
    r"arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:[0-9]{12}:certificate-authority/[A-Za-z0-9-]+"
)
VPC_PREFIX_RANGE = (16, 24)


def check_all(draft: Draft) -> None:
    for rule in (
        check_name,
        check_instance_type,
        check_vpc_configs,  # first: with it, check_network has no network to check
        check_network,
        check_client_sources,
        check_security_groups,
        check_kafka_version,
        check_broker_count,
        check_storage,
        check_storage_mode,  # reads the broker type and the resolved Kafka version
        check_rebalancing,  # reads the broker type
        check_encryption_and_auth,
        check_kms_key,
        check_workload,
        check_scram_users,
        check_scram_secrets,  # counts msk:scramUsers with the secrets
        check_existing_configuration,  # before the server properties: with it there are none
        check_server_properties,
        check_acl_strategy,  # reads the effective server properties
        check_acls,  # msk:acls and msk:aclAdmin: reads msk:auth and msk:scramUsers
        check_public_access,  # reads the effective server properties
        check_vpc_connectivity,  # reads them too
        check_log_group,  # before check_logging fills the created group's defaults
        check_logging,
        check_open_monitoring,
        check_security_group_rules,
        check_alarms,
        check_storage_autoscaling,
        check_topics,
        check_tiered_topics,  # reads the topics and server properties as resolved
        check_grants,
        check_schema_registry,  # and the schemas msk:grants names
        check_vpc_connections,  # reads msk:vpcConnectivity as its own rule left it
        check_replicators,  # reads the resolved auth, broker type, count and version
        check_connectors,  # reads msk:auth as check_encryption_and_auth left it
        check_timeouts,
        check_tags,
    ):
        rule(draft)


def _join(items: Sequence[object]) -> str:
    texts = [str(i) for i in items]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


def check_name(draft: Draft) -> None:
    rule = catalog.cluster_name_rule()
    pattern = re.compile(rule["pattern"], re.ASCII)
    if "clusterName" not in draft.given:
        draft.resolved["clusterName"] = _sanitise_name(draft.default_name, rule["max"])
        return
    name = draft.value("clusterName")
    if name is None:
        return
    if not pattern.fullmatch(name):
        draft.fail(
            "clusterName",
            f"{show(name)} is not a valid cluster name; use {rule['min']}–{rule['max']} letters, "
            "digits and hyphens, starting with a letter or digit",
        )


def _sanitise_name(text: str, limit: int) -> str:
    """Turn `<project>-<stack>` into a valid name (stacks may hold dots or slashes)."""
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")
    return (cleaned or "msk")[:limit].rstrip("-")


def check_instance_type(draft: Draft) -> None:
    if draft.serverless or not draft.ok("instanceType"):
        return
    name = draft.value("instanceType")
    types = catalog.instance_types()
    if name not in types:
        standard = sorted((t for t in types.values() if not t.is_express), key=_size_order)
        express = sorted((t for t in types.values() if t.is_express), key=_size_order)
        draft.fail(
            "instanceType",
            f"{show(name)} is not an MSK broker type; use a standard type "
            f"({', '.join(t.name for t in standard)}) or an express type "
            f"({', '.join(t.name for t in express)})",
        )
        draft.given["instanceType"] = INVALID


def _size_order(item: catalog.InstanceType) -> tuple:
    return (item.name.split(".")[0], item.name.split(".")[1], item.vcpu)


def check_network(draft: Draft) -> None:
    if uses_vpc_configs(draft):
        return  # serverless_network_rules checks the VPC configs and refuses these keys
    given = draft.given
    if ("vpcId" in given) != ("subnetIds" in given):
        missing, present = ("subnetIds", "vpcId") if "vpcId" in given else ("vpcId", "subnetIds")
        draft.fail(
            present,
            f"is given without msk:{missing}; give both to join an existing VPC, or neither "
            "to have the program build one",
        )
    instance = draft.instance
    express = instance is not None and instance.is_express
    allowed = catalog.allowed_subnet_counts(catalog.EXPRESS if express else catalog.STANDARD)
    kind = "express brokers" if express else "this cluster"
    if draft.builds_network:
        _check_vpc_cidr(draft)
        az_count = draft.value("azCount")
        if draft.ok("azCount") and az_count not in allowed and not draft.serverless:
            draft.fail("azCount", f"{az_count} AZs is not allowed for {kind}; use {_join(allowed)}")
        elif draft.serverless and draft.ok("azCount") and az_count not in (2, 3):
            draft.fail("azCount", f"{az_count} AZs is not allowed; use 2 or 3")
        return
    for name in ("azCount", "vpcCidr"):
        if name in given:
            draft.fail(
                name,
                "applies only when the program builds the VPC; remove it when "
                "msk:vpcId and msk:subnetIds are given",
            )
    vpc_id = draft.value("vpcId")
    if isinstance(vpc_id, str) and not VPC_ID.fullmatch(vpc_id):
        draft.fail("vpcId", f"{show(vpc_id)} is not a VPC id; use the form vpc-0123456789abcdef0")
    subnets = draft.value("subnetIds")
    if not isinstance(subnets, tuple):
        return
    for index, subnet in enumerate(subnets):
        if isinstance(subnet, str) and not SUBNET_ID.fullmatch(subnet):
            draft.reader.fail(
                f"msk:subnetIds[{index}]",
                f"{show(subnet)} is not a subnet id; use the form subnet-0123456789abcdef0",
            )
    plain = [s for s in subnets if isinstance(s, str)]
    if len(set(plain)) != len(plain):
        draft.fail("subnetIds", "lists a subnet twice; give one subnet in each distinct AZ")
    counts = allowed if not draft.serverless else (2, 3)
    if len(subnets) not in counts:
        draft.fail(
            "subnetIds",
            f"has {len(subnets)} subnets; {kind} needs {_join(counts)}, one in each distinct AZ",
        )


def _check_vpc_cidr(draft: Draft) -> None:
    text = draft.value("vpcCidr")
    if text is None:
        return
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        draft.fail("vpcCidr", f"{show(text)} is not a CIDR block; use e.g. '10.40.0.0/16'")
        return
    low, high = VPC_PREFIX_RANGE
    if network.version != 4 or not network.is_private:
        draft.fail(
            "vpcCidr",
            f"{show(text)} is not a private IPv4 range; use one inside "
            "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
        )
    elif not low <= network.prefixlen <= high:
        draft.fail(
            "vpcCidr", f"{show(text)} has prefix /{network.prefixlen}; use /{low} to /{high}"
        )


def check_kafka_version(draft: Draft) -> None:
    if draft.serverless or not draft.ok("kafkaVersion"):
        return
    instance = draft.instance
    broker_type = instance.broker_type if instance else catalog.STANDARD
    candidates = [
        v
        for v in catalog.kafka_versions()
        if broker_type in v.broker_types and v.supported_on(draft.today)
    ]
    usable = [
        name
        for v in candidates
        for name, mode in v.api_strings
        if instance is None or instance.allows_metadata_mode(mode, v.version)
    ]
    kind = "express" if broker_type == catalog.EXPRESS else "standard"
    if "kafkaVersion" not in draft.given:
        if not usable:
            return
        draft.resolved["kafkaVersion"] = _preferred_default(candidates, instance)
        return
    text = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(text)
    if found is None:
        draft.fail(
            "kafkaVersion",
            f"{show(text)} is not an MSK Kafka version; for {kind} brokers use {_join(usable)}",
        )
        return
    version, mode = found
    end_of_support = version.end_of_support  # None: supported_on() is always True
    if end_of_support is not None and not version.supported_on(draft.today):
        draft.fail(
            "kafkaVersion",
            f"{show(text)} reached end of support on "
            f"{end_of_support.isoformat()}; use {_join(usable)}",
        )
        return
    if broker_type not in version.broker_types:
        draft.fail(
            "kafkaVersion", f"{show(text)} is not offered on {kind} brokers; use {_join(usable)}"
        )
        return
    if instance is not None and not instance.allows_metadata_mode(mode, version.version):
        reason = (
            f"{instance.name} does not support KRaft"
            if not instance.kraft
            else f"{instance.name} supports KRaft from {instance.kraft_from_version}"
        )
        draft.fail(
            "kafkaVersion", f"{show(text)} selects KRaft metadata but {reason}; use {_join(usable)}"
        )


def _preferred_default(candidates, instance) -> str:
    """Newest supported version the instance can run, KRaft where it can (4.x has no ZooKeeper)."""
    for version in candidates:
        modes = {mode: name for name, mode in version.api_strings}
        for mode in (catalog.KRAFT, catalog.ZOOKEEPER):
            if mode in modes and (
                instance is None or instance.allows_metadata_mode(mode, version.version)
            ):
                return modes[mode]
    raise AssertionError("catalog has no usable version")


def check_broker_count(draft: Draft) -> None:
    if draft.serverless or not draft.ok("brokerCount"):
        return
    count = draft.value("brokerCount")
    subnets = draft.subnet_count
    if count < 1:
        draft.fail("brokerCount", f"{count} is not a broker count; use at least 1 per subnet")
        return
    if isinstance(subnets, int) and subnets > 0 and count % subnets:
        options = [subnets * n for n in range(1, 4)]
        draft.fail(
            "brokerCount",
            f"{count} is not a multiple of the {subnets} subnets; use {_join(options)}",
        )
    version = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(version) if version else None
    if found:
        limit = catalog.max_brokers_per_cluster(found[1])
        if count > limit:
            draft.fail(
                "brokerCount",
                f"{count} brokers exceeds the {limit} per {found[1]} cluster "
                "(an AWS quota: raise it first, or use fewer, larger brokers)",
            )


def check_storage(draft: Draft) -> None:
    if draft.serverless:
        return
    instance = draft.instance
    if instance is not None and instance.is_express:
        for name in ("ebsVolumeGib", "provisionedThroughputMibps"):
            if name in draft.given:
                draft.fail(
                    name,
                    f"does not apply to express brokers ({instance.name}); their "
                    "storage is managed by MSK, so remove it",
                )
        draft.resolved["ebsVolumeGib"] = None
        return
    low, high = catalog.ebs_volume_bounds()
    volume = draft.value("ebsVolumeGib")
    if draft.ok("ebsVolumeGib") and volume is not None and not low <= volume <= high:
        draft.fail(
            "ebsVolumeGib", f"{volume} GiB is outside the {low}–{high} GiB AWS allows per broker"
        )
    throughput = draft.value("provisionedThroughputMibps")
    if throughput is None or not draft.ok("provisionedThroughputMibps") or instance is None:
        return
    rules = catalog.provisioned_throughput_rules()
    ceiling = instance.provisioned_throughput_max_mibps
    if ceiling is None:
        eligible = [
            t.name
            for t in catalog.instance_types().values()
            if t.provisioned_throughput_max_mibps is not None
        ]
        draft.fail(
            "provisionedThroughputMibps",
            f"is not offered on {instance.name}; use one of {', '.join(eligible)}, or remove it",
        )
        return
    if not rules["min_mibps"] <= throughput <= ceiling:
        draft.fail(
            "provisionedThroughputMibps",
            f"{throughput} MiB/s is outside "
            f"{rules['min_mibps']}–{ceiling:g} MiB/s, the range for {instance.name}",
        )
    need = rules["requires_volume_gib_at_least"]
    if volume is not None and volume < need:
        draft.fail(
            "provisionedThroughputMibps",
            f"needs at least {need} GiB of storage per broker; msk:ebsVolumeGib is {volume}",
        )


def check_encryption_and_auth(draft: Draft) -> None:
    if not draft.ok("auth"):
        return
    auth = draft.value("auth")
    if not (auth["iam"] or auth["scram"] or auth["tls"] or auth["unauthenticated"]):
        draft.fail(
            "auth",
            "enables no authentication mode, so no client could connect; "
            "turn on iam (recommended), scram or tls",
        )
        return
    if draft.serverless:
        others = [m for m in ("scram", "tls", "unauthenticated") if auth[m]]
        if others or not auth["iam"]:
            draft.fail(
                "auth",
                "serverless clusters support IAM authentication only; use {iam: true}"
                + (f" and remove {', '.join(others)}" if others else ""),
            )
        return
    _check_certificate_authorities(draft, auth)
    encryption = draft.value("clientBrokerEncryption")
    in_cluster = draft.value("inClusterEncryption")
    sasl = [m.upper() for m in ("iam", "scram") if auth[m]]
    if encryption is None or in_cluster is None:
        return
    if (sasl or auth["tls"]) and not in_cluster:
        draft.fail(
            "inClusterEncryption",
            f"is false, but {_join(sasl + (['mTLS'] if auth['tls'] else []))} "
            "authentication needs in-cluster encryption; set it true",
        )
    if sasl and encryption == "PLAINTEXT":
        draft.fail(
            "clientBrokerEncryption",
            f"'PLAINTEXT' carries no authentication, but "
            f"{_join(sasl)} is on; use 'TLS' (recommended) or 'TLS_PLAINTEXT'",
        )
    if auth["tls"] and encryption != "TLS":
        draft.fail(
            "clientBrokerEncryption",
            f"{show(encryption)} does not allow mutual TLS authentication; use 'TLS'",
        )
    if encryption in ("PLAINTEXT", "TLS_PLAINTEXT") and not auth["unauthenticated"]:
        draft.fail(
            "auth",
            f"clientBrokerEncryption {show(encryption)} opens a plaintext listener, "
            "which has no authentication; set unauthenticated: true, or use "
            "clientBrokerEncryption 'TLS'",
        )
    if encryption != "TLS":
        draft.warnings.append(
            f"msk:clientBrokerEncryption is {show(encryption)}: client traffic "
            "may travel unencrypted (checkov CKV_AWS_81, trivy AVD-AWS-0073)"
        )
    if not in_cluster:
        draft.warnings.append(
            "msk:inClusterEncryption is false: traffic between brokers is "
            "unencrypted, and it can't be turned on later"
        )
    if auth["unauthenticated"]:
        draft.warnings.append(
            "msk:auth.unauthenticated is true: any client that reaches the "
            "brokers may read and write every topic"
        )


def _check_certificate_authorities(draft: Draft, auth: dict) -> None:
    arns = auth["certificate_authority_arns"]
    if auth["tls"] and not arns:
        draft.reader.fail(
            "msk:auth.certificateAuthorityArns",
            "is empty, but mutual TLS (tls: true) "
            "needs at least one ACM Private CA ARN to trust client certificates",
        )
    if arns and not auth["tls"]:
        draft.reader.fail(
            "msk:auth.certificateAuthorityArns",
            "is given but tls is not on; set tls: true or remove the list",
        )
    if isinstance(arns, tuple):
        for index, arn in enumerate(arns):
            if isinstance(arn, str) and not PCA_ARN.fullmatch(arn):
                draft.reader.fail(
                    f"msk:auth.certificateAuthorityArns[{index}]",
                    f"{show(arn)} is not an ACM Private CA ARN; use the form "
                    "arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>",
                )


def check_kms_key(draft: Draft) -> None:
    arn = draft.value("kmsKeyArn")
    if isinstance(arn, str) and not KMS_KEY_ARN.fullmatch(arn):
        draft.fail(
            "kmsKeyArn",
            f"{show(arn)} is not a KMS key ARN; use the form "
            "arn:aws:kms:<region>:<account>:key/<key-id> (an alias ARN won't do)",
        )


def check_workload(draft: Draft) -> None:
    workload = draft.value("workload")
    if not workload:
        return
    for snake, name in (
        ("ingress_mibps", "ingressMibps"),
        ("peak_ingress_mibps", "peakIngressMibps"),
        ("egress_mibps", "egressMibps"),
    ):
        value = workload[snake]
        if value is not None and value < 0:
            draft.reader.fail(f"msk:workload.{name}", f"{value:g} MiB/s is negative; use 0 or more")
    peak, average = workload["peak_ingress_mibps"], workload["ingress_mibps"]
    if peak is not None and average is not None and 0 <= peak < average:
        draft.reader.fail(
            "msk:workload.peakIngressMibps",
            f"{peak:g} MiB/s is below the average ingress ({average:g} MiB/s); the peak is at "
            "least the average",
        )
    hours = workload["retention_hours"]
    if hours is not None and hours <= 0:
        draft.reader.fail(
            "msk:workload.retentionHours", f"{hours:g} hours keeps no data; use more than 0"
        )
    for snake, name, least in (
        ("partitions", "partitions", 1),
        ("consumer_groups", "consumerGroups", 0),
        ("replication_factor", "replicationFactor", 1),
    ):
        value = workload[snake]
        if value is not None and value < least:
            draft.reader.fail(f"msk:workload.{name}", f"{value} is too few; use at least {least}")
    most = catalog.serverless_limits()["max_partitions_non_compacted"]
    partitions = workload["partitions"]
    if draft.serverless and partitions is not None and partitions > most:
        draft.reader.fail(
            "msk:workload.partitions",
            f"{workload['partitions']} passes the "
            f"{most} partitions a serverless cluster allows; use provisioned brokers",
        )


SCRAM_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_scram_users(draft: Draft) -> None:
    users = draft.value("scramUsers")
    if not users or not draft.ok("scramUsers"):
        return
    auth = draft.value("auth") or {}
    if not auth.get("scram"):
        draft.fail("scramUsers", "needs SASL/SCRAM on; set msk:auth.scram: true")
    limit = catalog.scram_rules()["max_users_per_cluster"]
    if len(users) > limit:
        draft.fail("scramUsers", f"has {len(users)} users; MSK allows {limit} per cluster")
    seen = set()
    for index, user in enumerate(users):
        if not SCRAM_USER.fullmatch(user):
            draft.reader.fail(
                f"msk:scramUsers[{index}]",
                f"{show(user)} is not a user name; use "
                "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            )
        elif user.lower() in seen:
            draft.reader.fail(f"msk:scramUsers[{index}]", f"{show(user)} is listed twice")
        seen.add(user.lower())


# Our defaults over MSK's (catalog: server_properties.defaults), and why.
SAFE_PROPERTIES = {
    "auto.create.topics.enable": "false",  # a typo in a client must not create a topic
    "unclean.leader.election.enable": "false",  # never elect a replica that lost data
}


def safe_properties(draft: Draft) -> dict[str, str]:
    """Defaults that fit this cluster: replication that survives an AZ; deny-unless-ACL
    only where the stack asks for it or manages the ACLs (access_rules)."""
    instance = draft.instance
    express = instance is not None and instance.is_express
    properties = {
        k: v for k, v in SAFE_PROPERTIES.items() if not express or express_problem(k) is None
    }
    if not express:
        azs = draft.subnet_count or 3
        replication = min(3, azs, draft.value("brokerCount") or 3)
        properties["default.replication.factor"] = str(replication)
        properties["min.insync.replicas"] = str(max(1, replication - 1))
    properties.update(acl_properties(draft))  # deny-unless-ACL only where asked
    return properties


def check_server_properties(draft: Draft) -> None:
    if draft.serverless or not draft.ok("serverProperties") or uses_existing_configuration(draft):
        return
    given = draft.value("serverProperties") or {}
    settable = catalog.settable_server_properties()
    version = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(version) if version else None
    kraft = found is not None and found[1] == catalog.KRAFT
    line = found[0] if found else None
    instance = draft.instance
    express = instance is not None and instance.is_express
    valid = {}
    for name, value in given.items():
        label = f"msk:serverProperties.{key_part(name)}"
        refusal = removed_problem(name, BROKER, line, show(version)) or (
            express_problem(name) if express else None
        )
        if refusal is not None:
            draft.reader.fail(label, refusal)
            continue
        prop = settable.get(name) or (express_only_property(name) if express else None)
        if prop is None:
            guess = nearest(name, settable)
            hint = (
                f"did you mean {guess}?" if guess else "see the MSK list of configurable properties"
            )
            draft.reader.fail(label, f"is not a property MSK lets you set; {hint}")
            continue
        if PROPERTIES_SPECIAL.search(value):
            draft.reader.fail(
                label,
                f"{show(value)} holds a line break, '=' or '\\', which in server.properties would "
                "start, split or continue a property; give the value alone",
            )
            continue
        if prop.zookeeper_only and kraft:
            draft.reader.fail(label, f"applies to ZooKeeper clusters only; {version} is KRaft")
        kind = versioned_type(name, BROKER, prop.config_type, line)
        problem = value_problem(kind, value)
        if problem is not None:
            draft.reader.fail(label, problem)
            continue
        valid[name] = value.strip()
    effective = {**safe_properties(draft), **valid}
    _check_replication(draft, effective)
    _check_internal_topics(draft, valid)
    draft.resolved["serverProperties"] = effective


def _integer(value: Any) -> int | None:
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


def _check_internal_topics(draft: Draft, properties: dict[str, str]) -> None:
    """Kafka creates its offsets and transaction topics with these factors, and can't create
    them with more replicas than brokers; a consumer's session timeout must lie between the
    group bounds, so a minimum above the maximum admits no consumer."""
    rules = catalog.server_property_rules()
    brokers = draft.value("brokerCount")
    for name in rules["replication_factors_at_most_brokers"]:
        factor = _integer(properties.get(name, ""))
        if name != "default.replication.factor" and factor and brokers and factor > brokers:
            draft.reader.fail(
                f"msk:serverProperties.{name}",
                f"{factor} is more than the {brokers} brokers, so Kafka could never create its "
                f"internal topic; use at most {brokers}",
            )
    low_name, high_name = rules["session_timeouts_ordered"]
    low, high = _integer(properties.get(low_name, "")), _integer(properties.get(high_name, ""))
    if low is not None and high is not None and low > high:
        draft.reader.fail(
            f"msk:serverProperties.{low_name}",
            f"{low} is above {high_name} ({high}), so no consumer's session timeout fits; "
            f"make it at most {high}",
        )


def _check_replication(draft: Draft, properties: dict[str, str]) -> None:
    replication = _integer(properties.get("default.replication.factor", "3"))
    in_sync = _integer(properties.get("min.insync.replicas", "1"))
    brokers = draft.value("brokerCount")
    label = "msk:serverProperties"
    if replication is not None and brokers and replication > brokers:
        draft.reader.fail(
            f"{label}.default.replication.factor",
            f"{replication} is more than the {brokers} brokers; use {brokers} or fewer",
        )
    if replication is not None and in_sync is not None and in_sync >= replication:
        draft.reader.fail(
            f"{label}.min.insync.replicas",
            f"{in_sync} is not below the replication "
            f"factor ({replication}): one broker down would stop every producer "
            f"using acks=all; use {max(1, replication - 1)}",
        )


FIREHOSE_STREAM = re.compile(r"[a-zA-Z0-9_.-]{1,64}")


def s3_bucket_problem(name: str) -> str | None:
    """Why S3 would refuse ``name`` for a general purpose bucket (catalog: names.s3_bucket)."""
    rule = catalog.s3_bucket_rule()
    low, high = rule["min"], rule["max"]
    if not low <= len(name) <= high:
        return f"has {len(name)} characters; S3 bucket names have {low}–{high}"
    if not re.fullmatch(r"[a-z0-9.-]+", name):
        return "may hold only lowercase letters, digits, dots and hyphens"
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "must begin and end with a letter or digit"
    for pair in (*rule["no_adjacent"], ".-", "-."):
        if pair in name:
            return f"holds '{pair}', which S3 refuses"
    if re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+", name):
        return "is formatted as an IP address, which S3 refuses"
    for prefix in rule["forbidden_prefixes"]:
        if name.startswith(prefix):
            return f"starts with '{prefix}', a prefix S3 reserves"
    for suffix in rule["forbidden_suffixes"]:
        if name.endswith(suffix):
            return f"ends with '{suffix}', a suffix S3 reserves"
    return None


def check_logging(draft: Draft) -> None:
    logging = draft.value("logging")
    if not logging or not draft.ok("logging"):
        return
    logging = {**logging, **_created_log_group_defaults(logging)}
    draft.resolved["logging"] = logging
    allowed = catalog.observability()["cloudwatch_log_retention_days"]
    forever = catalog.observability()["cloudwatch_log_retention_never_expire"]
    days = logging["retention_days"]
    if days is not None and days not in allowed and days != forever:
        near = min(allowed, key=lambda d: abs(d - days))
        draft.reader.fail(
            "msk:logging.retentionDays",
            f"{days} is not a CloudWatch retention "
            f"period; the nearest is {near} (allowed: {', '.join(map(str, allowed))}, "
            f"or {forever} to keep logs forever)",
        )
    bucket, prefix = logging["s3_bucket"], logging["s3_prefix"]
    problem = s3_bucket_problem(bucket) if bucket is not None else None
    if problem is not None:
        draft.reader.fail(
            "msk:logging.s3Bucket",
            f"{show(bucket)} is not an S3 bucket name: it {problem}; use 3–63 lowercase "
            "letters, digits, dots and hyphens, starting and ending with a letter or digit",
        )
    if prefix is not None and bucket is None:
        draft.reader.fail("msk:logging.s3Prefix", "is given without s3Bucket; name the bucket too")
    stream = logging["firehose_delivery_stream"]
    if stream is not None and not FIREHOSE_STREAM.fullmatch(stream):
        draft.reader.fail(
            "msk:logging.firehoseDeliveryStream",
            f"{show(stream)} is not a Firehose "
            "stream name; use 1–64 letters, digits, '_', '.' or '-'",
        )
    if logging["cloudwatch"] and logging["encrypt_with_cluster_key"] and draft.value("kmsKeyArn"):
        draft.warnings.append(
            "msk:logging.encryptWithClusterKey with msk:kmsKeyArn: that key's "
            "policy must let logs.<region>.amazonaws.com use it"
        )
    if not (logging["cloudwatch"] or bucket or stream):
        draft.warnings.append(
            "msk:logging sends broker logs nowhere: nobody can see why a broker "
            "failed (checkov CKV_AWS_80, trivy AVD-AWS-0074)"
        )


def _created_log_group_defaults(logging: dict) -> dict:
    """The created group's retention and key, where not given; none with logGroupName (the
    group is not ours: check_log_group refused them given)."""
    if logging.get("log_group_name") is not None:
        return {"retention_days": None, "encrypt_with_cluster_key": False}
    return {k: v for k, v in CREATED_LOG_GROUP.items() if logging.get(k) is None}


def check_open_monitoring(draft: Draft) -> None:
    monitoring = draft.value("openMonitoring")
    if not monitoring or not draft.ok("openMonitoring"):
        return
    groups, cidrs = check_sources(
        draft,
        monitoring["source_security_group_ids"],
        monitoring["source_cidr_blocks"],
        "msk:openMonitoring.sourceSecurityGroupIds",
        "msk:openMonitoring.sourceCidrBlocks",
    )
    draft.resolved["openMonitoring"] = {**monitoring, "source_cidr_blocks": cidrs}
    exporting = monitoring["jmx_exporter"] or monitoring["node_exporter"]
    if not exporting and (groups or cidrs):
        draft.fail(
            "openMonitoring",
            "names scrapers but turns on no exporter; set jmxExporter or nodeExporter true",
        )
    if exporting and not (groups or cidrs) and creates_security_group(draft):
        draft.warnings.append(
            "msk:openMonitoring: exporters are on but no scraper may reach "
            "ports 11001/11002; name sourceSecurityGroupIds or sourceCidrBlocks"
        )
    version = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(version) if version else None
    instance = draft.instance
    kraft_or_express = (found and found[1] == catalog.KRAFT) or (instance and instance.is_express)
    if exporting and draft.value("publicAccess") and kraft_or_express:
        draft.fail(
            "openMonitoring",
            "can't be on together with msk:publicAccess on KRaft or "
            "express clusters (an AWS restriction); turn one off",
        )


def check_security_group_rules(draft: Draft) -> None:
    """The brokers' security group holds one inbound rule per source per port (a CIDR block or
    a security group each), and AWS allows 60 per IP family by default: count what the builder
    will create, from the same listeners and exporter ports."""
    if draft.serverless or not creates_security_group(draft):
        return
    counts = ingress_rule_counts(draft)
    if counts is None:
        return
    limits = catalog.security_group_rule_limits()
    most = limits["inbound_per_ip_family"]
    for family, parts in counts.items():
        total = sum(n for _, n, _ in parts)
        if total <= most:
            continue
        key, _, _ = max(parts, key=lambda part: part[1])
        detail = "; ".join(f"{n} from {k} ({why})" for k, n, why in parts if n)
        draft.reader.fail(
            key,
            f"would need {total} inbound {family} rules in the brokers' security group: {detail}. "
            f"AWS allows {most} per security group (an adjustable VPC quota); name fewer or "
            "wider CIDR blocks, or use security groups",
        )


def _many(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def ingress_rule_counts(draft: Draft) -> dict[str, list[tuple[str, int, str]]] | None:
    """{IP family: [(key, rules, why)]}: the inbound rules the security group builder makes, or
    None when the sources or listeners are not all known (computed, or already invalid)."""
    from ..listeners import listeners  # the listeners module reads a built spec: import late

    if not (draft.ok("auth") and draft.ok("clientCidrBlocks") and draft.ok("openMonitoring")):
        return None
    monitoring_cidrs = (draft.resolved.get("openMonitoring") or {}).get("source_cidr_blocks")
    if draft.resolved.get("clientCidrBlocks") is INVALID or monitoring_cidrs is INVALID:
        return None  # a CIDR block already reported
    auth = draft.value("auth")
    groups = draft.value("clientSecurityGroupIds") or ()
    cidrs = draft.value("clientCidrBlocks") or ()
    monitoring = draft.value("openMonitoring") or {}
    scrapers = monitoring.get("source_security_group_ids") or ()
    scraper_cidrs = monitoring.get("source_cidr_blocks") or ()
    if not all(isinstance(v, tuple) for v in (groups, cidrs, scrapers, scraper_cidrs)):
        return None
    stand_in = SimpleNamespace(
        is_serverless=False,
        auth=SimpleNamespace(**auth),
        client_broker_encryption=draft.value("clientBrokerEncryption"),
        public_access=bool(draft.value("publicAccess")),
        vpc_connectivity=SimpleNamespace(modes=tuple(modes_on(draft))),
    )
    ways_in = listeners(stand_in)  # type: ignore[arg-type]
    # One rule per port or range: the multi-VPC modes share one range.
    ports = sorted({listener.ports for listener in ways_in})
    # Security groups can't name internet clients, nor those of other VPCs (PrivateLink).
    private = {p.ports for p in ways_in if not (p.public or p.private_link)}
    exporters = int(bool(monitoring.get("jmx_exporter"))) + int(
        bool(monitoring.get("node_exporter"))
    )
    # Only IPv4 sources are accepted (connectivity_rules refuses IPv6), and security group
    # references count with them (catalog: security_group_references_count_as).
    refs = catalog.security_group_rule_limits()["security_group_references_count_as"] == "IPv4"
    parts = [
        (
            "msk:clientCidrBlocks",
            len(cidrs) * len(ports),
            f"{_many(len(cidrs), 'CIDR block')} × {_many(len(ports), 'listener port')}",
        ),
        (
            "msk:openMonitoring.sourceCidrBlocks",
            len(scraper_cidrs) * exporters,
            f"{_many(len(scraper_cidrs), 'CIDR block')} × {_many(exporters, 'exporter port')}",
        ),
    ]
    if refs:
        parts += [
            (
                "msk:clientSecurityGroupIds",
                len(groups) * len(private),
                f"{_many(len(groups), 'security group')} × "
                f"{_many(len(private), 'private listener port')}",
            ),
            (
                "msk:openMonitoring.sourceSecurityGroupIds",
                len(scrapers) * exporters,
                f"{_many(len(scrapers), 'security group')} × {_many(exporters, 'exporter port')}",
            ),
        ]
    return {"IPv4": parts}


def check_storage_autoscaling(draft: Draft) -> None:
    scaling = draft.value("storageAutoscaling")
    if not scaling or not draft.ok("storageAutoscaling"):
        return
    instance = draft.instance
    if instance is not None and instance.is_express:
        draft.fail(
            "storageAutoscaling",
            f"does not apply to express brokers ({instance.name}); "
            "their storage grows by itself, so remove it",
        )
        return
    rules = catalog.autoscaling_rules()
    low, high = rules["target_utilization_range_pct"]
    target = scaling["target_utilization"]
    if not low <= target <= high:
        draft.reader.fail(
            "msk:storageAutoscaling.targetUtilization",
            f"{target:g}% is outside "
            f"{low}–{high}%; AWS recommends {'–'.join(map(str, rules['recommended_target_pct']))}%",
        )
    ceiling = rules["max_capacity_gib_per_broker"]
    most, volume = scaling["max_gib"], draft.value("ebsVolumeGib")
    if not most:
        draft.reader.fail(
            "msk:storageAutoscaling.maxGib",
            "is required: the largest volume per "
            f"broker autoscaling may reach, above msk:ebsVolumeGib and at most {ceiling}",
        )
    elif most > ceiling:
        draft.reader.fail(
            "msk:storageAutoscaling.maxGib",
            f"{most} GiB passes the {ceiling} GiB AWS allows per broker",
        )
    elif volume is not None and most <= volume:
        draft.reader.fail(
            "msk:storageAutoscaling.maxGib",
            f"{most} GiB is not above "
            f"msk:ebsVolumeGib ({volume}), so autoscaling could never grow it",
        )


def check_tags(draft: Draft) -> None:
    limits = catalog.aws_limits()
    most, key_max, value_max = (
        limits["tags_per_resource"],
        limits["tag_key_max_chars"],
        limits["tag_value_max_chars"],
    )
    reserved = limits["tag_reserved_prefix"]
    allowed = limits["tag_characters"]
    tags = draft.value("tags")
    if not isinstance(tags, dict):
        return
    for name, value in tags.items():
        label = f"msk:tags.{key_part(name)}"
        if not name:
            draft.fail(
                "tags", f"has a tag with an empty name; tag names are 1–{key_max} characters"
            )
            continue
        if len(name) > key_max:
            draft.reader.fail(
                label, f"the name has {len(name)} characters; tag names are 1–{key_max}"
            )
        elif name.lower().startswith(reserved):
            draft.reader.fail(
                label,
                f"the '{reserved}' prefix (in any case) is reserved by AWS; choose another name",
            )
        elif (bad := _tag_misfits(name)) is not None:
            draft.reader.fail(label, f"the name holds {bad}; tag names may use {allowed}")
        if not isinstance(value, str):
            continue  # a computed value: checked by AWS when it is known
        if len(value) > value_max:
            draft.reader.fail(
                label, f"the value has {len(value)} characters; tag values are at most {value_max}"
            )
        elif value.lower().startswith(reserved):
            draft.reader.fail(
                label,
                f"the value starts with '{reserved}', a prefix (in any case) AWS reserves; "
                "choose another value",
            )
        elif (bad := _tag_misfits(value)) is not None:
            draft.reader.fail(label, f"the value holds {bad}; tag values may use {allowed}")
    added = {*STANDARD_TAG_NAMES, NAME_TAG}
    total = len(set(tags) | added)
    if total > most:
        own = len(set(tags) - added)
        draft.fail(
            "tags",
            f"has {own} tags of its own; with the {len(added)} the component adds "
            f"({', '.join(sorted(added, key=str.lower))}) that is {total}, past AWS's {most} "
            f"per resource; use at most {most - len(added)} others",
        )


def _tag_misfits(text: str) -> str | None:
    """The characters AWS tags can't hold, quoted, or None: tags take Unicode letters, numbers
    and spaces, and + - = . _ : / @ (catalog: aws_limits.tag_characters)."""
    wrong = sorted(
        {
            char
            for char in text
            if not (unicodedata.category(char)[0] in "LNZ" or char in "+-=._:/@")
        }
    )
    return ", ".join(repr(char) for char in wrong) if wrong else None
