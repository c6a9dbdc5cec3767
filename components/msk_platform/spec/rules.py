"""Cross-key rules: what AWS and the catalog allow for the combination of keys given.

Each ``check_*`` function reads the draft, records problems and warnings, and fills the
defaults it owns. They run in order; a value already reported as invalid is skipped by later
rules so one mistake yields one message.
"""

import ipaddress
import re
from collections.abc import Sequence
from typing import Any

from .. import catalog
from .draft import Draft
from .grants import check_grants
from .keys import STANDARD_TAG_NAMES
from .topics import check_topics
from .values import INVALID, nearest, show

VPC_ID = re.compile(r"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
SUBNET_ID = re.compile(r"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$")
SECURITY_GROUP_ID = re.compile(r"^sg-[0-9a-f]{8}([0-9a-f]{9})?$")
KMS_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$")
PCA_ARN = re.compile(
    r"^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority/[A-Za-z0-9-]+$"
)
VPC_PREFIX_RANGE = (16, 24)


def check_all(draft: Draft) -> None:
    for rule in (
        check_name,
        check_instance_type,
        check_network,
        check_client_sources,
        check_kafka_version,
        check_broker_count,
        check_storage,
        check_encryption_and_auth,
        check_kms_key,
        check_public_access,
        check_workload,
        check_scram_users,
        check_server_properties,
        check_logging,
        check_open_monitoring,
        check_alarms,
        check_storage_autoscaling,
        check_topics,
        check_grants,
        check_tags,
    ):
        rule(draft)


def _join(items: Sequence[object]) -> str:
    texts = [str(i) for i in items]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


def check_name(draft: Draft) -> None:
    rule = catalog.cluster_name_rule()
    pattern = re.compile(rule["pattern"])
    if "clusterName" not in draft.given:
        draft.resolved["clusterName"] = _sanitise_name(draft.default_name, rule["max"])
        return
    name = draft.value("clusterName")
    if name is None:
        return
    if not pattern.match(name):
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
    if isinstance(vpc_id, str) and not VPC_ID.match(vpc_id):
        draft.fail("vpcId", f"{show(vpc_id)} is not a VPC id; use the form vpc-0123456789abcdef0")
    subnets = draft.value("subnetIds")
    if not isinstance(subnets, tuple):
        return
    for index, subnet in enumerate(subnets):
        if isinstance(subnet, str) and not SUBNET_ID.match(subnet):
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


def check_client_sources(draft: Draft) -> None:
    groups = draft.value("clientSecurityGroupIds")
    cidrs = draft.value("clientCidrBlocks")
    check_sources(draft, groups, cidrs, "msk:clientSecurityGroupIds", "msk:clientCidrBlocks")
    if not groups and not cidrs:
        draft.warnings.append(
            "msk:clientSecurityGroupIds and msk:clientCidrBlocks are empty: no client can reach "
            "the brokers until you name some"
        )


def check_sources(draft: Draft, groups: Any, cidrs: Any, groups_key: str, cidrs_key: str) -> None:
    """Security group ids and CIDRs that will be opened to: well formed, never the world."""
    if isinstance(groups, tuple):
        for index, group in enumerate(groups):
            if isinstance(group, str) and not SECURITY_GROUP_ID.match(group):
                draft.reader.fail(
                    f"{groups_key}[{index}]",
                    f"{show(group)} is not a security group id; use the form sg-0123456789abcdef0",
                )
    if not isinstance(cidrs, tuple):
        return
    for index, text in enumerate(cidrs):
        label = f"{cidrs_key}[{index}]"
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            draft.reader.fail(label, f"{show(text)} is not a CIDR block; use e.g. '10.0.0.0/16'")
            continue
        if network.prefixlen == 0:
            draft.reader.fail(
                label, f"{show(text)} opens the brokers to every address; name the networks instead"
            )
        elif str(network) != text and network.with_prefixlen != text:
            draft.reader.fail(label, f"{show(text)} has host bits set; use '{network}'")


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
            if isinstance(arn, str) and not PCA_ARN.match(arn):
                draft.reader.fail(
                    f"msk:auth.certificateAuthorityArns[{index}]",
                    f"{show(arn)} is not an ACM Private CA ARN; use the form "
                    "arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>",
                )


def check_kms_key(draft: Draft) -> None:
    arn = draft.value("kmsKeyArn")
    if isinstance(arn, str) and not KMS_KEY_ARN.match(arn):
        draft.fail(
            "kmsKeyArn",
            f"{show(arn)} is not a KMS key ARN; use the form "
            "arn:aws:kms:<region>:<account>:key/<key-id> (an alias ARN won't do)",
        )


def check_public_access(draft: Draft) -> None:
    if draft.serverless or not draft.value("publicAccess"):
        return
    auth = draft.value("auth") or {}
    reasons = []
    if draft.builds_network:
        reasons.append(
            "the network this program builds has only private subnets; give "
            "msk:vpcId and public msk:subnetIds"
        )
    if draft.value("clientBrokerEncryption") != "TLS":
        reasons.append("msk:clientBrokerEncryption must be 'TLS'")
    if draft.value("inClusterEncryption") is False:
        reasons.append("msk:inClusterEncryption must be true")
    if auth.get("unauthenticated"):
        reasons.append("msk:auth.unauthenticated must be false")
    if not (auth.get("iam") or auth.get("scram") or auth.get("tls")):
        reasons.append("msk:auth must enable iam, scram or tls")
    for reason in reasons:
        draft.fail("publicAccess", f"is true, but {reason}")
    if not reasons:
        draft.warnings.append(
            "msk:publicAccess: AWS turns public access on only for a running "
            "cluster; create it with false, then set true and update"
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


SCRAM_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


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
        if not SCRAM_USER.match(user):
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
EXPRESS_FIXED = (
    "default.replication.factor",
    "min.insync.replicas",
    "unclean.leader.election.enable",
)


def safe_properties(draft: Draft) -> dict[str, str]:
    """Defaults that fit this cluster: replication that survives an AZ, deny-unless-ACL."""
    instance = draft.instance
    express = instance is not None and instance.is_express
    properties = {k: v for k, v in SAFE_PROPERTIES.items() if not (express and k in EXPRESS_FIXED)}
    if not express:
        azs = draft.subnet_count or 3
        replication = min(3, azs, draft.value("brokerCount") or 3)
        properties["default.replication.factor"] = str(replication)
        properties["min.insync.replicas"] = str(max(1, replication - 1))
    auth = draft.value("auth") or {}
    if auth.get("scram") or auth.get("tls"):
        properties["allow.everyone.if.no.acl.found"] = "false"
    return properties


def check_server_properties(draft: Draft) -> None:
    if draft.serverless or not draft.ok("serverProperties"):
        return
    given = draft.value("serverProperties") or {}
    settable = catalog.settable_server_properties()
    version = draft.value("kafkaVersion")
    found = catalog.find_kafka_version(version) if version else None
    kraft = found is not None and found[1] == catalog.KRAFT
    instance = draft.instance
    for name, value in given.items():
        label = f"msk:serverProperties.{name}"
        prop = settable.get(name)
        if prop is None:
            guess = nearest(name, settable)
            hint = (
                f"did you mean {guess}?" if guess else "see the MSK list of configurable properties"
            )
            draft.reader.fail(label, f"is not a property MSK lets you set; {hint}")
            continue
        if prop.zookeeper_only and kraft:
            draft.reader.fail(label, f"applies to ZooKeeper clusters only; {version} is KRaft")
        if instance is not None and instance.is_express and name in EXPRESS_FIXED:
            draft.reader.fail(label, "is fixed on express brokers (RF 3, min ISR 2); remove it")
        if prop.minimum is not None:
            assert prop.maximum is not None  # the catalog gives every range with both ends
            number = _integer(value)
            if number is None or not prop.minimum <= number <= prop.maximum:
                draft.reader.fail(label, f"{show(value)} is outside {prop.minimum}–{prop.maximum}")
    effective = {**safe_properties(draft), **given}
    _check_replication(draft, effective)
    draft.resolved["serverProperties"] = effective


def _integer(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


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


S3_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
FIREHOSE_STREAM = re.compile(r"^[a-zA-Z0-9_.-]{1,64}$")
SNS_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_logging(draft: Draft) -> None:
    logging = draft.value("logging")
    if not logging or not draft.ok("logging"):
        return
    allowed = catalog.observability()["cloudwatch_log_retention_days"]
    days = logging["retention_days"]
    if days not in allowed:
        near = min(allowed, key=lambda d: abs(d - days))
        draft.reader.fail(
            "msk:logging.retentionDays",
            f"{days} is not a CloudWatch retention "
            f"period; the nearest is {near} (allowed: {', '.join(map(str, allowed))})",
        )
    bucket, prefix = logging["s3_bucket"], logging["s3_prefix"]
    if bucket is not None and not S3_BUCKET.match(bucket):
        draft.reader.fail(
            "msk:logging.s3Bucket",
            f"{show(bucket)} is not an S3 bucket name; use "
            "3–63 lowercase letters, digits, dots and hyphens",
        )
    if prefix is not None and bucket is None:
        draft.reader.fail("msk:logging.s3Prefix", "is given without s3Bucket; name the bucket too")
    stream = logging["firehose_delivery_stream"]
    if stream is not None and not FIREHOSE_STREAM.match(stream):
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


def check_open_monitoring(draft: Draft) -> None:
    monitoring = draft.value("openMonitoring")
    if not monitoring or not draft.ok("openMonitoring"):
        return
    groups = monitoring["source_security_group_ids"]
    cidrs = monitoring["source_cidr_blocks"]
    check_sources(
        draft,
        groups,
        cidrs,
        "msk:openMonitoring.sourceSecurityGroupIds",
        "msk:openMonitoring.sourceCidrBlocks",
    )
    exporting = monitoring["jmx_exporter"] or monitoring["node_exporter"]
    if not exporting and (groups or cidrs):
        draft.fail(
            "openMonitoring",
            "names scrapers but turns on no exporter; set jmxExporter or nodeExporter true",
        )
    if exporting and not (groups or cidrs):
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


def check_alarms(draft: Draft) -> None:
    alarms = draft.value("alarms")
    if not alarms or not draft.ok("alarms"):
        return
    for snake, name in (
        ("disk_used_percent", "diskUsedPercent"),
        ("cpu_percent", "cpuPercent"),
        ("throughput_percent", "throughputPercent"),
    ):
        value = alarms[snake]
        if not 0 < value <= 100:
            draft.reader.fail(f"msk:alarms.{name}", f"{value:g} is not a percentage; use 1–100")
    period = alarms["period_seconds"]
    if period < 60 or period % 60:
        draft.reader.fail(
            "msk:alarms.periodSeconds",
            f"{period} s is not a CloudWatch period for "
            "these metrics; use a multiple of 60 (MSK publishes once a minute)",
        )
    topic = alarms["sns_topic_arn"]
    if isinstance(topic, str) and not SNS_TOPIC_ARN.match(topic):
        draft.reader.fail(
            "msk:alarms.snsTopicArn",
            f"{show(topic)} is not an SNS topic ARN; use arn:aws:sns:<region>:<account>:<topic>",
        )
    emails = alarms["emails"]
    if emails and topic is not None:
        draft.reader.fail(
            "msk:alarms.emails",
            "subscribes to the topic the component creates, "
            "but snsTopicArn names your own; subscribe there instead",
        )
    for index, email in enumerate(emails or ()):
        if not EMAIL.match(email):
            draft.reader.fail(
                f"msk:alarms.emails[{index}]", f"{show(email)} is not an email address"
            )


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
    tags = draft.value("tags")
    if not isinstance(tags, dict):
        return
    for name, value in tags.items():
        label = f"msk:tags.{name}"
        if not name or len(name) > key_max:
            draft.reader.fail(label, f"tag names are 1–{key_max} characters")
        elif name.lower().startswith("aws:"):
            draft.reader.fail(label, "the 'aws:' prefix is reserved by AWS; choose another name")
        if isinstance(value, str) and len(value) > value_max:
            draft.reader.fail(label, f"tag values are at most {value_max} characters")
    if len(set(tags) | set(STANDARD_TAG_NAMES)) > most:
        draft.fail(
            "tags",
            f"has {len(tags)} tags; with {', '.join(STANDARD_TAG_NAMES)} that passes "
            f"AWS's {most} per resource",
        )
