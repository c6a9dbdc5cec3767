"""A seeded generator of bad inputs: what a new user, another language or a red team sends.

Plain data, no pytest: ``cases()`` returns every case, the same list on every call (the only
randomness is ``random.Random(SEED)``). Each case says how it is fed in and what a careful
user would want back:

* ``via="spec"``: ``args`` (snake_case, as the Python API takes them) to ``ClusterSpec.from_args``
* ``via="config"``: ``args`` are ``msk:`` keys (camelCase) with values as a stack file holds them,
  turned into args by ``args_from_config`` the way ``__main__.py`` does
* ``via="program"``: ``program`` is the body of a ``__main__.py`` run under Pulumi's mocks
  (project ``app``, stack ``t``), for the Python API: grants, topics, several clusters
* ``via="size"``: ``argv`` for ``mskctl size``

``keys`` are the problem keys the error must name (every one of them, exactly); an empty
``keys`` means the input is valid and must be accepted (the false rejects). ``fast_subset``
picks the cases the default test run checks, by seed, every family represented.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SEED = 15
FAST_COUNT = 60

SG = "sg-0123456789abcdef0"
SG2 = "sg-0fedcba9876543210"
VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712", "subnet-0a1b2c3d4e5f60713"]
CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b-8c9d"
KEY = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
SNS = "arn:aws:sns:us-east-1:123456789012:oncall"
ROLE_ARN = "arn:aws:iam::123456789012:role/orders-api"


@dataclass(frozen=True)
class Case:
    name: str
    family: str
    via: str = "spec"
    args: Any = None
    program: str = ""
    argv: tuple = ()
    keys: tuple = ()  # problem keys the error must name; () = must be accepted

    @property
    def accepted(self) -> bool:
        return not self.keys


class Deferred:
    """Stands in for a pulumi.Output (a secret or another resource's output) in spec cases."""

    def apply(self, func):  # pragma: no cover - never resolved offline
        return self

    def future(self):  # pragma: no cover
        return None

    def __repr__(self) -> str:
        return "Deferred()"


NAN = float("nan")
INF = float("inf")

# Wrong values per declared kind: (label, value). Lists and maps also get bad items below.
WRONG = {
    "enum": [("number", 5), ("list", ["x"]), ("unknown", "bogus"), ("list of null", [None])],
    "string": [
        ("number", 5),
        ("list", ["x"]),
        ("object", {"a": "b"}),
        ("flag", True),
        ("empty", ""),
        ("line break", "a\nb"),
    ],
    "int": [
        ("text", "abc"),
        ("flag", True),
        ("fraction", 1.5),
        ("list", [1]),
        ("object", {"a": 1}),
        ("nan", NAN),
        ("inf", INF),
        ("superscript digit", "²"),
        ("past int32", 2**40),
        ("fraction text", "2.5"),
    ],
    "number": [
        ("text", "abc"),
        ("flag", False),
        ("list", [1]),
        ("nan", NAN),
        ("inf", INF),
        ("-inf", -INF),
        ("inf text", "inf"),
        ("overflow text", "1e400"),
        ("nan text", "NaN"),
    ],
    "bool": [("text", "maybe"), ("number", 2), ("list", [True]), ("object", {"a": True})],
    "list": [("text", "x"), ("number", 5), ("object", {"a": 1}), ("flag", True)],
    "map": [("list", ["a"]), ("text", "x"), ("number", 5), ("flag", True)],
    "object": [("number", 5), ("text", "x"), ("list", [1]), ("flag", True)],
    "objects": [("text", "x"), ("number", 5), ("object", {"a": 1}), ("flag", True)],
}
BAD_ITEMS = {
    "list": [("number item", [5], 0), ("null item", [None], 0), ("empty item", [""], 0)],
    "objects": [("number item", [5], 0), ("null item", [None], 0), ("text item", ["x"], 0)],
}
BAD_MAP_VALUES = [("list value", [1]), ("object value", {"a": 1}), ("null value", None)]

# The rest of an object's fields, so that only the field under test is wrong.
TOPIC = {"name": "orders", "partitions": 6}
GRANT = {"roleName": "orders-api", "produce": ["orders"]}
CONTEXT = {  # args besides the object key that let its fields apply
    "auth": {},
    "logging": {},
    "openMonitoring": {},
    "alarms": {},
    "storageAutoscaling": {},
    "workload": {},
}
FIELD_BASE = {  # a valid object the bad field is set into
    "auth": {"iam": True},
    "logging": {"cloudwatch": True},
    "openMonitoring": {"jmxExporter": True, "sourceSecurityGroupIds": [SG]},
    "alarms": {"enabled": True},
    "storageAutoscaling": {"maxGib": 4000},
    "workload": {"ingressMibps": 5},
    "topics": TOPIC,
    "grants": GRANT,
    "vpcConnectivity": {"iam": True},
    "clusterPolicy": {"principals": ["210987654321"]},
    "vpcConnections": {
        "vpcId": "vpc-0b1b2c3d4e5f60718",
        "subnetIds": ["subnet-0b1b2c3d4e5f60711", "subnet-0b1b2c3d4e5f60712"],
        "securityGroupIds": [SG],
        "authentication": "iam",
    },
    "vpcConfigs": {
        "subnetIds": ["subnet-0b1b2c3d4e5f60711", "subnet-0b1b2c3d4e5f60712"],
        "securityGroupIds": [SG],
    },
    "timeouts": {"create": "3h"},
    "schemaRegistry": {
        "name": "orders",
        "schemas": [{"name": "orders-value", "dataFormat": "AVRO", "definition": '"string"'}],
    },
    "connectors": {
        "name": "orders-sink",
        "plugin": {"bucketArn": "arn:aws:s3:::plugins", "key": "sink.zip", "contentType": "ZIP"},
        "config": {"connector.class": "S3Sink", "topics": "orders"},
        "capacity": {"provisioned": {"mcuCount": 1, "workers": 1}},
    },
    "replicators": {
        "name": "orders-dr",
        "sourceClusterArn": (
            "arn:aws:kafka:us-west-2:123456789012:cluster/primary/"
            "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2"
        ),
        "sourceSubnetIds": ["subnet-0b1b2c3d4e5f60711"],
        "sourceSecurityGroupIds": [SG],
        "topics": ["orders"],
        "consumerGroups": ["billing"],
    },
    "acls": {
        "principal": "User:orders",
        "resourceType": "Topic",
        "resourceName": "orders",
        "operation": "Write",
    },
}


def snake(name: str) -> str:
    out = ""
    for char in name:
        out += f"_{char.lower()}" if char.isupper() else char
    return out


# -- wrong types at every level ------------------------------------------------------------


def _type_cases(rng: random.Random) -> Iterator[Case]:
    from msk_platform.spec.keys import KEYS

    for key in KEYS:
        top = f"msk:{key.name}"
        for label, value in WRONG[key.kind]:
            yield Case(f"type {key.name} {label}", "types", args={key.snake: value}, keys=(top,))
        if key.kind == "list":
            for label, value, index in BAD_ITEMS["list"]:
                yield Case(
                    f"type {key.name} {label}",
                    "types",
                    args={key.snake: value},
                    keys=(f"{top}[{index}]",),
                )
        if key.kind == "map":
            for label, value in BAD_MAP_VALUES:
                yield Case(
                    f"type {key.name} {label}",
                    "types",
                    args={key.snake: {"team.owner": value}},
                    keys=(f"{top}.team.owner",),
                )
        if not key.deferrable:
            yield Case(
                f"type {key.name} computed", "types", args={key.snake: Deferred()}, keys=(top,)
            )
        if key.kind == "objects":
            for label, value, index in BAD_ITEMS["objects"]:
                yield Case(
                    f"type {key.name} {label}",
                    "types",
                    args={key.snake: value},
                    keys=(f"{top}[{index}]",),
                )
        for field in key.fields:
            yield from _field_cases(key, field, rng)


def _field_cases(key, field, rng: random.Random) -> Iterator[Case]:
    base = FIELD_BASE[key.name]
    label = (
        f"msk:{key.name}[0].{field.name}"
        if key.kind == "objects"
        else f"msk:{key.name}.{field.name}"
    )
    wrong = list(WRONG[field.kind])
    # every field gets three wrong values of its kind, picked by seed, and a computed one
    picks = rng.sample(wrong, min(3, len(wrong)))
    if not field.deferrable:
        picks.append(("computed", Deferred()))
    for name, value in picks:
        item = {**base, field.name: value}
        yield Case(
            f"field {key.name}.{field.name} {name}",
            "types",
            args=_wrap(key, item),
            keys=(label,),
        )
    if field.kind == "list":
        name, value, index = rng.choice(BAD_ITEMS["list"])
        yield Case(
            f"field {key.name}.{field.name} {name}",
            "types",
            args=_wrap(key, {**base, field.name: value}),
            keys=(f"{label}[{index}]",),
        )
    if field.kind == "map":
        name, value = rng.choice(BAD_MAP_VALUES)
        yield Case(
            f"field {key.name}.{field.name} {name}",
            "types",
            args=_wrap(key, {**base, field.name: {"retention.ms": value}}),
            keys=(f"{label}.retention.ms",),
        )


def _wrap(key, item: dict) -> dict:
    """The args of one bad field: the key, on a cluster type it applies to."""
    from msk_platform.spec.keys import PROVISIONED

    value = [item] if key.kind == "objects" else item
    other_type = (
        {} if PROVISIONED in key.applies_to else {"cluster_type": next(iter(key.applies_to))}
    )
    return {key.snake: value, **other_type}


def _structure_cases() -> Iterator[Case]:
    """Shapes the readers must survive: keys that are not text, unknown fields, odd args."""
    yield Case("args key not text", "types", args={5: 3}, keys=("args",))
    yield Case("object field not text", "types", args={"auth": {5: True}}, keys=("msk:auth",))
    yield Case(
        "topic field not text", "types", args={"topics": [{**TOPIC, 7: 1}]}, keys=("msk:topics[0]",)
    )
    yield Case("args a list", "types", args=["broker_count", 3], keys=("args",))
    yield Case("args text", "types", args="broker_count=3", keys=("args",))
    yield Case("args a number", "types", args=3, keys=("args",))
    yield Case(
        "unknown field named exactly",
        "types",
        args={"logging": {"retentionDayz": 30}},
        keys=("msk:logging.retentionDayz",),
    )


# -- serverProperties -------------------------------------------------------------------------

# One bad value per property MSK lets users set, by the property's Kafka type.
BAD_SERVER_VALUES = {
    "allow.everyone.if.no.acl.found": "yes",
    "auto.create.topics.enable": "1",
    "compression.type": "brotli",
    "connections.max.idle.ms": "ten minutes",
    "default.replication.factor": "abc",
    "delete.topic.enable": "maybe",
    "group.initial.rebalance.delay.ms": "3s",
    "group.max.session.timeout.ms": "1800000.5",
    "group.min.session.timeout.ms": "six",
    "leader.imbalance.per.broker.percentage": "10%",
    "log.cleaner.delete.retention.ms": "-5",
    "log.cleaner.min.cleanable.ratio": "1.5",
    "log.cleanup.policy": "compact,archive",
    "log.flush.interval.messages": "0",
    "log.flush.interval.ms": "soon",
    "log.message.timestamp.difference.max.ms": "-1",
    "log.message.timestamp.type": "WallClock",
    "log.retention.bytes": "1GB",
    "log.retention.hours": "2147483648",
    "log.retention.minutes": "1.5",
    "log.retention.ms": "9223372036854775808",
    "log.roll.ms": "a week",
    "log.segment.bytes": "10",
    "max.incremental.fetch.session.cache.slots": "-1",
    "message.max.bytes": "-1",
    "min.insync.replicas": "0",
    "num.io.threads": "0",
    "num.network.threads": "-2",
    "num.partitions": "0",
    "num.recovery.threads.per.data.dir": "0",
    "num.replica.fetchers": "two",
    "offsets.retention.minutes": "0",
    "offsets.topic.replication.factor": "0",
    "replica.fetch.max.bytes": "-1",
    "replica.fetch.response.max.bytes": "1MB",
    "replica.lag.time.max.ms": "5000",
    "replica.selector.class": "not a class name",
    "replica.socket.receive.buffer.bytes": "64k",
    "socket.receive.buffer.bytes": "0.5",
    "socket.request.max.bytes": "0",
    "socket.send.buffer.bytes": "big",
    "transaction.max.timeout.ms": "0",
    "transaction.state.log.min.isr": "0",
    "transaction.state.log.replication.factor": "40000",
    "transactional.id.expiration.ms": "0",
    "unclean.leader.election.enable": "no",
    "zookeeper.connection.timeout.ms": "1000",
    "zookeeper.session.timeout.ms": "99999",
}


def _server_property_cases(rng: random.Random) -> Iterator[Case]:
    zookeeper = {"kafka_version": "3.9.x"}
    for name, value in BAD_SERVER_VALUES.items():
        extra = zookeeper if name.startswith("zookeeper.") else {}
        yield Case(
            f"serverProperties {name} {value!r}",
            "serverProperties",
            args={"server_properties": {name: value}, **extra},
            keys=(f"msk:serverProperties.{name}",),
        )
    smuggled = [
        ("num.io.threads", "1\nmin.insync.replicas=5"),
        ("num.io.threads", "8\r\nauto.create.topics.enable=true"),
        ("compression.type", "gzip\nunclean.leader.election.enable=true"),
        ("replica.selector.class", "org.example.Selector\nallow.everyone.if.no.acl.found=true"),
        ("replica.selector.class", "org.example.Selector=x"),
        ("replica.selector.class", "org.example.Selector\\"),
        ("log.cleanup.policy", "delete\u2028min.insync.replicas=1"),
        ("num.partitions", "3 #comment"),
    ]
    for name, value in smuggled:
        yield Case(
            f"serverProperties smuggled {name} {value!r}",
            "serverProperties",
            args={"server_properties": {name: value}},
            keys=(f"msk:serverProperties.{name}",),
        )
    yield Case(
        "serverProperties name smuggles a line",
        "serverProperties",
        args={"server_properties": {"num.io.threads=8\nmin.insync.replicas": "1"}},
        keys=("msk:serverProperties.'num.io.threads=8\\nmin.insync.replicas'",),
    )
    yield Case(
        "serverProperties text 2.0 for an integer",
        "serverProperties",
        args={"server_properties": {"num.partitions": "2.0"}},
        keys=("msk:serverProperties.num.partitions",),
    )
    yield Case(
        "serverProperties offsets topic replication above brokers",
        "serverProperties",
        args={"server_properties": {"offsets.topic.replication.factor": "4"}},
        keys=("msk:serverProperties.offsets.topic.replication.factor",),
    )
    yield Case(
        "serverProperties transaction log replication above brokers",
        "serverProperties",
        args={"server_properties": {"transaction.state.log.replication.factor": "6"}},
        keys=("msk:serverProperties.transaction.state.log.replication.factor",),
    )
    yield Case(
        "serverProperties session timeouts crossed",
        "serverProperties",
        args={
            "server_properties": {
                "group.min.session.timeout.ms": "60000",
                "group.max.session.timeout.ms": "30000",
            }
        },
        keys=("msk:serverProperties.group.min.session.timeout.ms",),
    )
    for name, value in (
        ("num.io.threads", 8),
        ("num.io.threads", 8.0),
        ("auto.create.topics.enable", True),
        ("log.cleanup.policy", "compact,delete"),
        ("log.cleanup.policy", "compact, delete"),
        ("compression.type", "zstd"),
        ("log.cleaner.min.cleanable.ratio", 0.5),
        ("log.retention.ms", "-1"),
        ("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector"),
        ("log.message.timestamp.type", "LogAppendTime"),
        ("unclean.leader.election.enable", "FALSE"),
    ):
        yield Case(
            f"serverProperties accepts {name} {value!r}",
            "false rejects",
            args={"server_properties": {name: value}},
        )
    del rng


# -- client and monitoring sources -----------------------------------------------------------


def _cidrs(count: int) -> list[str]:
    return [f"10.{i // 256}.{i % 256}.0/24" for i in range(count)]


def _source_cases() -> Iterator[Case]:
    world = [
        ["0.0.0.0/1", "128.0.0.0/1"],
        ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"],
        ["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/3", "96.0.0.0/3"],
    ]
    # IPv6 sources: a cluster has no IPv6 address until dual-stack is turned on for it
    for blocks in (["::/1", "8000::/1"], ["2001:DB8::/32"], ["10.0.0.0/8", "2001:db8::1"]):
        yield Case(
            f"client IPv6 sources {blocks}",
            "sources",
            args={"client_cidr_blocks": blocks},
            keys=(f"msk:clientCidrBlocks[{len(blocks) - 1}]",),
        )
        yield Case(
            f"scraper IPv6 sources {blocks}",
            "sources",
            args={"open_monitoring": {"jmxExporter": True, "sourceCidrBlocks": blocks}},
            keys=(f"msk:openMonitoring.sourceCidrBlocks[{len(blocks) - 1}]",),
        )
    for blocks in world:
        yield Case(
            f"client CIDRs cover everything {blocks}",
            "sources",
            args={"client_cidr_blocks": blocks},
            keys=("msk:clientCidrBlocks",),
        )
        yield Case(
            f"scraper CIDRs cover everything {blocks}",
            "sources",
            args={"open_monitoring": {"jmxExporter": True, "sourceCidrBlocks": blocks}},
            keys=("msk:openMonitoring.sourceCidrBlocks",),
        )
    duplicates = [
        ["10.0.0.0/8", "10.0.0.0/8"],
        ["2001:db8::/32", "2001:DB8::/32"],
        ["10.0.0.0/8", " 10.0.0.0/8"],
        ["2001:db8::/32", "2001:0db8:0000::/32"],
    ]
    for blocks in duplicates:
        yield Case(
            f"client CIDRs twice {blocks}",
            "sources",
            args={"client_cidr_blocks": blocks},
            keys=("msk:clientCidrBlocks[1]",),
        )
        yield Case(
            f"scraper CIDRs twice {blocks}",
            "sources",
            args={"open_monitoring": {"nodeExporter": True, "sourceCidrBlocks": blocks}},
            keys=("msk:openMonitoring.sourceCidrBlocks[1]",),
        )
    yield Case(
        "client groups twice",
        "sources",
        args={"client_security_group_ids": [SG, SG]},
        keys=("msk:clientSecurityGroupIds[1]",),
    )
    yield Case(
        "scraper groups twice",
        "sources",
        args={"open_monitoring": {"jmxExporter": True, "sourceSecurityGroupIds": [SG2, SG2]}},
        keys=("msk:openMonitoring.sourceSecurityGroupIds[1]",),
    )
    yield Case(
        "an address without a prefix",
        "sources",
        args={"client_cidr_blocks": ["10.1.2.3"]},
        keys=("msk:clientCidrBlocks[0]",),
    )
    # security group rules: one per CIDR per port, 60 inbound per IP family (AWS default)
    rules = [
        ("61 IPv4 CIDRs, one listener", {"client_cidr_blocks": _cidrs(61)}, "msk:clientCidrBlocks"),
        (
            "31 IPv4 CIDRs, two listeners",
            {"client_cidr_blocks": _cidrs(31), "auth": {"iam": True, "scram": True}},
            "msk:clientCidrBlocks",
        ),
        (
            "31 scraper CIDRs, two exporters",
            {
                "open_monitoring": {
                    "jmxExporter": True,
                    "nodeExporter": True,
                    "sourceCidrBlocks": _cidrs(31),
                }
            },
            "msk:openMonitoring.sourceCidrBlocks",
        ),
        (
            "20 client CIDRs on three listeners plus one group",
            {
                "client_cidr_blocks": _cidrs(20),
                "client_security_group_ids": [SG],
                "auth": {
                    "iam": True,
                    "scram": True,
                    "tls": True,
                    "certificateAuthorityArns": [CA],
                },
            },
            "msk:clientCidrBlocks",
        ),
    ]
    for name, args, key in rules:
        yield Case(f"rule limit {name}", "sources", args=args, keys=(key,))
    for name, args in (
        ("60 IPv4 CIDRs, one listener", {"client_cidr_blocks": _cidrs(60)}),
        (
            "30 IPv4 CIDRs, two listeners",
            {"client_cidr_blocks": _cidrs(30), "auth": {"iam": True, "scram": True}},
        ),
        ("halves of private space", {"client_cidr_blocks": ["10.0.0.0/9", "10.128.0.0/9"]}),
    ):
        yield Case(f"sources accept {name}", "false rejects", args=args)


# -- tags -------------------------------------------------------------------------------------


def _tag_cases() -> Iterator[Case]:
    many = {f"team-{i}": "x" for i in range(47)}  # + project, stack, managed-by, Name = 51
    yield Case(
        "tags 47 plus the four the component adds", "tags", args={"tags": many}, keys=("msk:tags",)
    )
    yield Case(
        "tags 50 of the user's own",
        "tags",
        args={"tags": {f"k{i}": "v" for i in range(50)}},
        keys=("msk:tags",),
    )
    bad = [
        ("key too long", "k" * 129, "v"),
        ("value too long", "owner", "v" * 257),
        ("aws: key", "aws:createdBy", "me"),
        ("AWS: key", "AWS:team", "me"),
        ("Aws: key", "Aws:team", "me"),
        ("aws: value", "owner", "aws:me"),
        ("key with #", "cost#centre", "1"),
        ("key with comma", "a,b", "1"),
        ("value with line break", "owner", "a\nb"),
        ("value with tab", "owner", "a\tb"),
        ("key with quote", 'say"hi', "1"),
        ("value with braces", "owner", "{me}"),
        ("null value", "owner", None),
        ("list value", "owner", ["a"]),
    ]
    for name, key, value in bad:
        yield Case(f"tags {name}", "tags", args={"tags": {key: value}}, keys=(f"msk:tags.{key}",))
    yield Case(
        "tags key with control",
        "tags",
        args={"tags": {"own\x00er": "x"}},
        keys=("msk:tags.'own\\x00er'",),
    )
    yield Case("tags empty key", "tags", args={"tags": {"": "x"}}, keys=("msk:tags",))
    for name, tags in (
        ("46 plus the four", {f"team-{i}": "x" for i in range(46)}),
        (
            "overriding the standard ones",
            {"project": "p", "stack": "s", "managed-by": "me", "Name": "n"},
        ),
        ("empty value", {"owner": ""}),
        ("unicode letters", {"Kostenstelle-Büro": "München 2", "部署": "開発"}),
        ("every allowed symbol", {"a+b-c=d.e_f:g/h@i": "j k+l-m=n.o_p:q/r@s"}),
        ("numbers as values", {"cost-centre": 1234}),
    ):
        yield Case(f"tags accept {name}", "false rejects", args={"tags": tags})


# -- topics -----------------------------------------------------------------------------------

BAD_TOPIC_VALUES = {
    "cleanup.policy": "compact,archive",
    "compression.type": "brotli",
    "compression.gzip.level": "10",
    "compression.lz4.level": "18",
    "compression.zstd.level": "23",
    "delete.retention.ms": "-1",
    "file.delete.delay.ms": "soon",
    "flush.messages": "0",
    "flush.ms": "-1",
    "follower.replication.throttled.replicas": "everything",
    "index.interval.bytes": "-1",
    "leader.replication.throttled.replicas": "0:a",
    "local.retention.bytes": "-3",
    "local.retention.ms": "-3",
    "max.compaction.lag.ms": "0",
    "max.message.bytes": "-1",
    "message.timestamp.after.max.ms": "-1",
    "message.timestamp.before.max.ms": "-1",
    "message.timestamp.difference.max.ms": "-1",
    "message.timestamp.type": "Now",
    "min.cleanable.dirty.ratio": "1.5",
    "min.compaction.lag.ms": "-1",
    "min.insync.replicas": "0",
    "preallocate": "maybe",
    "remote.log.copy.disable": "1",
    "remote.log.delete.on.disable": "yes",
    "remote.storage.enable": "on",
    "retention.bytes": "1GB",
    "retention.ms": "-2",
    "segment.bytes": "10",
    "segment.index.bytes": "3",
    "segment.jitter.ms": "-1",
    "segment.ms": "0",
    "unclean.leader.election.enable": "no",
}


def _topic_cases() -> Iterator[Case]:
    def topics(*items, **extra):
        return {"topics": list(items), **extra}

    yield Case(
        "topics collide on . and _",
        "topics",
        args=topics({"name": "orders.eu", "partitions": 3}, {"name": "orders_eu", "partitions": 3}),
        keys=("msk:topics[1].name",),
    )
    yield Case(
        "topics collide on mixed . and _",
        "topics",
        args=topics({"name": "a.b_c", "partitions": 3}, {"name": "a_b.c", "partitions": 3}),
        keys=("msk:topics[1].name",),
    )
    for name in (
        "__consumer_offsets",
        "__transaction_state",
        "__cluster_metadata",
        "__remote_log_metadata",
        "__amazon_msk_canary",
        "__amazon_msk_canary_state",
        "__orders",
    ):
        yield Case(
            f"topic internal name {name}",
            "topics",
            args=topics({"name": name, "partitions": 3}),
            keys=("msk:topics[0].name",),
        )
    for name in ("a" * 250, "orders eu", "orders/eu", "ordérs", ".", "..", "ord\ners"):
        yield Case(
            f"topic bad name {name[:20]!r}",
            "topics",
            args=topics({"name": name, "partitions": 3}),
            keys=("msk:topics[0].name",),
        )
    for value in (0, -1, 2**31):
        yield Case(
            f"topic replicationFactor {value}",
            "topics",
            args=topics({"name": "orders", "partitions": 3, "replicationFactor": value}),
            keys=("msk:topics[0].replicationFactor",),
        )
    for value in (0, -3, 2**31):
        yield Case(
            f"topic partitions {value}",
            "topics",
            args=topics({"name": "orders", "partitions": value}),
            keys=("msk:topics[0].partitions",),
        )
    for name, value in BAD_TOPIC_VALUES.items():
        yield Case(
            f"topic config {name} {value!r}",
            "topics",
            args=topics({**TOPIC, "config": {name: value}}),
            keys=(f"msk:topics[0].config.{name}",),
        )
    yield Case(
        "topic config line break",
        "topics",
        args=topics({**TOPIC, "config": {"retention.ms": "1000\n"}}),
        keys=("msk:topics[0].config.retention.ms",),
    )
    yield Case(
        "topic config null named exactly",
        "topics",
        args=topics(TOPIC, {"name": "clicks", "partitions": 3, "config": {"retention.ms": None}}),
        keys=("msk:topics[1].config.retention.ms",),
    )
    yield Case(
        "topic config computed",
        "topics",
        args=topics({**TOPIC, "config": {"retention.ms": Deferred()}}),
        keys=("msk:topics[0].config.retention.ms",),
    )
    yield Case(
        "serverless topics (no MSK topic API there)",
        "topics",
        args=topics(TOPIC, cluster_type="serverless"),
        keys=("msk:topics",),
    )
    for name, items in (
        (
            "config as numbers",
            [{**TOPIC, "config": {"retention.ms": 604800000, "min.insync.replicas": 1}}],
        ),
        ("retention forever", [{**TOPIC, "config": {"retention.ms": "-1", "retention.bytes": -1}}]),
        ("compact and delete", [{**TOPIC, "config": {"cleanup.policy": "compact,delete"}}]),
        ("partitions as float", [{"name": "orders", "partitions": 6.0}]),
        ("partitions as float text", [{"name": "orders", "partitions": "6.0"}]),
        ("replication as float", [{"name": "orders", "partitions": 6, "replicationFactor": 2.0}]),
        (
            "dashes and dots",
            [{"name": "orders.eu-west-1", "partitions": 3}, {"name": "orders-eu", "partitions": 3}],
        ),
        ("single underscore", [{"name": "_schemas", "partitions": 1}]),
        ("flag config", [{**TOPIC, "config": {"preallocate": True}}]),
    ):
        yield Case(f"topics accept {name}", "false rejects", args={"topics": items})


# -- grants -----------------------------------------------------------------------------------


def _grant_cases() -> Iterator[Case]:
    reader = {"consume": ["orders"], "groups": ["billing"]}
    yield Case(
        "grants same role name twice",
        "grants",
        args={"grants": [GRANT, {"roleName": "orders-api", **reader}]},
        keys=("msk:grants[1].roleName",),
    )
    yield Case(
        "grants same role ARN twice",
        "grants",
        args={"grants": [{"roleArn": ROLE_ARN, "produce": ["a"]}, {"roleArn": ROLE_ARN, **reader}]},
        keys=("msk:grants[1].roleArn",),
    )
    yield Case(
        "grants role by name and by ARN",
        "grants",
        args={"grants": [GRANT, {"roleArn": ROLE_ARN, **reader}]},
        keys=("msk:grants[1].roleArn",),
    )
    yield Case(
        "grants role by ARN with a path and by name",
        "grants",
        args={
            "grants": [
                {"roleArn": "arn:aws:iam::123456789012:role/team/orders-api", **reader},
                GRANT,
            ]
        },
        keys=("msk:grants[1].roleName",),
    )
    for name in (
        "ördersapi",
        "orders\u00a0api",
        "ｏｒｄｅｒｓ",
        "orders-api-" + "x" * 60,
        "orders api",
    ):
        yield Case(
            f"grants role name {name[:16]!r}",
            "grants",
            args={"grants": [{**GRANT, "roleName": name}]},
            keys=("msk:grants[0].roleName",),
        )
    for arn in (
        "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/orders-api",
        "arn:aws:iam::12345678901:role/orders-api",
        "arn:aws:iam::123456789012:role/ördersapi",
        "arn:aws:iam::123456789012:user/orders-api",
    ):
        yield Case(
            f"grants role ARN {arn[13:30]!r}",
            "grants",
            args={"grants": [{"roleArn": arn, "produce": ["orders"]}]},
            keys=("msk:grants[0].roleArn",),
        )
    for field, value in (
        ("produce", "orders"),
        ("consume", "orders"),
        ("groups", "billing"),
        ("transactionalIds", "tx"),
    ):
        base = {"roleName": "orders-api", "produce": ["orders"], **reader}
        yield Case(
            f"grants {field} as text",
            "grants",
            args={"grants": [{**base, field: value}]},
            keys=(f"msk:grants[0].{field}",),
        )
    yield Case(
        "grants topic non-ASCII",
        "grants",
        args={"grants": [{**GRANT, "produce": ["ördérs"]}]},
        keys=("msk:grants[0].produce[0]",),
    )
    yield Case(
        "grants topic internal",
        "grants",
        args={"grants": [{**GRANT, "produce": ["__consumer_offsets"]}]},
        keys=("msk:grants[0].produce[0]",),
    )
    yield Case(
        "grants role name null is absent",
        "false rejects",
        args={"grants": [{"roleName": None, "roleArn": ROLE_ARN, "produce": ["orders"]}]},
    )


# -- alarms, logging ----------------------------------------------------------------------------


def _alarm_and_logging_cases() -> Iterator[Case]:
    for period in (0, -60, 1, 10, 20, 30, 45, 59, 61, 90, 259200, 604800):
        yield Case(
            f"alarms periodSeconds {period}",
            "alarms",
            args={"alarms": {"periodSeconds": period}},
            keys=("msk:alarms.periodSeconds",),
        )
    for period in (60, 300.0, "600", 3600, 201600):
        yield Case(
            f"alarms accept periodSeconds {period!r}",
            "false rejects",
            args={"alarms": {"periodSeconds": period}},
        )
    for field in ("diskUsedPercent", "cpuPercent", "throughputPercent"):
        for value in (NAN, INF, "nan"):
            yield Case(
                f"alarms {field} {value!r}",
                "alarms",
                args={"alarms": {field: value}},
                keys=(f"msk:alarms.{field}",),
            )
    yield Case(
        "alarms SNS ARN with Arabic digits",
        "alarms",
        args={"alarms": {"snsTopicArn": "arn:aws:sns:us-east-1:١٢٣٤٥٦٧٨٩٠١٢:oncall"}},
        keys=("msk:alarms.snsTopicArn",),
    )
    yield Case(
        "alarms email with a line break",
        "alarms",
        args={"alarms": {"emails": ["oncall@example.com\nbcc@evil.example"]}},
        keys=("msk:alarms.emails[0]",),
    )
    buckets = [
        "ab",
        "a" * 64,
        "My-Logs",
        "my..logs",
        "192.168.1.1",
        "xn--logs",
        "sthree-logs",
        "amzn-s3-demo-logs",
        "logs-s3alias",
        "logs--ol-s3",
        "logs.mrap",
        "logs--x-s3",
        "-logs",
        "logs-",
        "my_logs",
        "logs.",
        "my.-logs",
        "my-.logs",
    ]
    for bucket in buckets:
        yield Case(
            f"logging s3Bucket {bucket[:20]!r}",
            "logging",
            args={"logging": {"s3Bucket": bucket}},
            keys=("msk:logging.s3Bucket",),
        )
    yield Case(
        "logging s3Prefix with a line break",
        "logging",
        args={"logging": {"s3Bucket": "my-logs", "s3Prefix": "msk\nlogs"}},
        keys=("msk:logging.s3Prefix",),
    )
    for days in (-1, 2, 4000):
        yield Case(
            f"logging retentionDays {days}",
            "logging",
            args={"logging": {"retentionDays": days}},
            keys=("msk:logging.retentionDays",),
        )
    for name, logging in (
        ("retentionDays 0 (never expire)", {"retentionDays": 0}),
        ("retentionDays 0 as text", {"retentionDays": "0"}),
        ("bucket with dots", {"s3Bucket": "logs.example.com"}),
        ("bucket of three", {"s3Bucket": "abc"}),
    ):
        yield Case(f"logging accept {name}", "false rejects", args={"logging": logging})


# -- workload and mskctl size ------------------------------------------------------------------

WORKLOAD_FIELDS = (
    "ingressMibps",
    "peakIngressMibps",
    "egressMibps",
    "retentionHours",
    "partitions",
    "consumerGroups",
    "replicationFactor",
)


def _workload_cases(rng: random.Random) -> Iterator[Case]:
    for field in WORKLOAD_FIELDS:
        values = [INF, NAN, 1e308, -INF, "inf", "1e400", "nan"]
        for value in values:
            base = {"ingressMibps": 5} if field != "ingressMibps" else {}
            yield Case(
                f"workload {field} {value!r}",
                "workload",
                args={"workload": {**base, field: value}},
                keys=(f"msk:workload.{field}",),
            )
    yield Case(
        "workload peak below the average",
        "workload",
        args={"workload": {"ingressMibps": 5, "peakIngressMibps": 1}},
        keys=("msk:workload.peakIngressMibps",),
    )
    yield Case(
        "workload partitions past int32",
        "workload",
        args={"workload": {"ingressMibps": 5, "partitions": 2**31}},
        keys=("msk:workload.partitions",),
    )
    for name, workload in (
        ("zero traffic", {"ingressMibps": 0}),
        ("integers as floats", {"ingressMibps": 5, "partitions": 12.0, "consumerGroups": "2.0"}),
        ("large but real", {"ingressMibps": 20000, "retentionHours": 8760, "partitions": 100000}),
    ):
        yield Case(f"workload accept {name}", "false rejects", args={"workload": workload})
    flags = [
        ("--ingress-mibps", ["--ingress-mibps", "{}"]),
        ("--peak-ingress-mibps", ["--ingress-mibps", "5", "--peak-ingress-mibps", "{}"]),
        ("--egress-mibps", ["--ingress-mibps", "5", "--egress-mibps", "{}"]),
        ("--retention-hours", ["--ingress-mibps", "5", "--retention-hours", "{}"]),
    ]
    for flag, template in flags:
        for value in ("inf", "nan", "1e308", "-inf"):
            if value == "-inf" and flag != "--retention-hours":
                continue
            argv = tuple(part.format(value) for part in template)
            yield Case(f"size {flag} {value}", "workload", via="size", argv=argv, keys=(flag,))
    yield Case(
        "size partitions past int32",
        "workload",
        via="size",
        argv=("--ingress-mibps", "5", "--partitions", "99999999999"),
        keys=("--partitions",),
    )
    yield Case(
        "size stack workload inf",
        "workload",
        via="size",
        argv=("--stack", "dev", "--set", "workload={ingressMibps: .inf}"),
        keys=("msk:workload.ingressMibps",),
    )
    yield Case(
        "size accepts a large real workload",
        "false rejects",
        via="size",
        argv=("--ingress-mibps", "20000", "--retention-hours", "1", "--json"),
    )
    del rng


# -- the other false rejects and exact names ------------------------------------------------


def _false_reject_cases() -> Iterator[Case]:
    for name, args in (
        ("brokerCount 3.0", {"broker_count": 3.0}),
        ("brokerCount text 6.0", {"broker_count": "6.0"}),
        ("azCount 3.0", {"az_count": 3.0}),
        ("ebsVolumeGib text 1000.0", {"ebs_volume_gib": "1000.0"}),
        ("maxGib 4000.0", {"storage_autoscaling": {"maxGib": 4000.0}}),
        ("maxGib text", {"storage_autoscaling": {"maxGib": "4000"}}),
        ("auth flags as text", {"auth": {"iam": "true", "scram": "False"}}),
        ("null key is absent", {"cluster_name": None, "kms_key_arn": None}),
        ("null field is absent", {"logging": {"s3Bucket": None}}),
    ):
        yield Case(f"accept {name}", "false rejects", args=args)
    config = [
        ("auth field upper case", {"auth": {"IAM": True}}, ("msk:auth.IAM",)),
        ("auth field snake", {"auth": {"i_am": True}}, ("msk:auth.i_am",)),
        (
            "topic config named exactly",
            {"topics": [{"name": "orders", "partitions": 3, "config": {"retention.ms": "soon"}}]},
            ("msk:topics[0].config.retention.ms",),
        ),
        ("key in the wrong case", {"Tags": {"a": "b"}}, ("msk:Tags",)),
        ("key in snake_case twice", {"clusterName": "a", "ClusterName": "b"}, ("msk:ClusterName",)),
        ("brokerCount 3.0 text", {"brokerCount": "3.0"}, ()),
        ("retentionDays 0", {"logging": {"retentionDays": 0}}, ()),
        ("IPv6 block", {"clientCidrBlocks": ["2001:DB8::/32"]}, ("msk:clientCidrBlocks[0]",)),
        ("workload floats", {"workload": {"ingressMibps": 5, "partitions": 12.0}}, ()),
        ("tags null value", {"tags": {"owner": None}}, ("msk:tags.owner",)),
        ("logging field snake", {"logging": {"retention_days": 90}}, ()),
    ]
    for name, keys, expect in config:
        family = "false rejects" if not expect else "names"
        yield Case(f"config {name}", family, via="config", args=keys, keys=expect)


# -- the Python API, through a program under mocks -------------------------------------------

HEAD = (
    "import pulumi\nimport pulumi_aws as aws\nfrom msk_platform import MskCluster\n"
    "base = {'client_cidr_blocks': ['10.0.0.0/8']}\n"
)


def _program_cases() -> Iterator[Case]:
    def program(name: str, body: str, keys: tuple = ()) -> Case:
        family = "python api" if keys else "false rejects"
        return Case(f"api {name}", family, via="program", program=HEAD + body, keys=keys)

    one = "msk = MskCluster('events', base)\n"
    yield program("args a list", "MskCluster('events', ['broker_count', 3])\n", ("args",))
    yield program("args text", "MskCluster('events', 'broker_count=3')\n", ("args",))
    yield program("name not text", "MskCluster(5, base)\n", ("name",))
    yield program(
        "role None", one + "msk.grant_produce(None, ['orders'])\n", ("grant_produce.role",)
    )
    yield program("admin role None", one + "msk.grant_admin(None)\n", ("grant_admin.role",))
    yield program(
        "role a number", one + "msk.grant_consume(7, ['orders'], ['g'])\n", ("grant_consume.role",)
    )
    yield program(
        "role name non-ASCII",
        one + "msk.grant_produce('ördersapi', ['orders'])\n",
        ("grant_produce.role",),
    )
    yield program(
        "role computed",
        one + "msk.grant_produce(pulumi.Output.from_input('app'), ['orders'])\n",
        ("grant_produce.role",),
    )
    yield program(
        "topics as text", one + "msk.grant_produce('app', 'orders')\n", ("grant_produce.topics",)
    )
    yield program(
        "consume topics as text",
        one + "msk.grant_consume('app', 'orders', ['billing'])\n",
        ("grant_consume.topics",),
    )
    yield program(
        "groups as text",
        one + "msk.grant_consume('app', ['orders'], 'billing')\n",
        ("grant_consume.consumer_groups",),
    )
    yield program(
        "transactional ids as text",
        one + "msk.grant_produce('app', ['orders'], transactional_ids='tx')\n",
        ("grant_produce.transactional_ids",),
    )
    yield program(
        "topics a whole Output",
        one + "msk.grant_produce('app', pulumi.Output.from_input(['orders']))\n",
        ("grant_produce.topics",),
    )
    yield program(
        "topic a number", one + "msk.grant_produce('app', [5])\n", ("grant_produce.topics[0]",)
    )
    yield program(
        "idempotent as text",
        one + "msk.grant_produce('app', ['orders'], idempotent='yes')\n",
        ("grant_produce.idempotent",),
    )
    yield program(
        "same role granted twice",
        one + "msk.grant_produce('app', ['orders'])\nmsk.grant_produce('app', ['clicks'])\n",
        ("grant_produce.role",),
    )
    yield program(
        "config grant and API grant for one role",
        "msk = MskCluster('events', {**base, 'grants': [{'role_name': 'app', 'produce': ['a']}]})\n"
        "msk.grant_produce('app', ['b'])\n",
        ("grant_produce.role",),
    )
    yield program(
        "two clusters one name",
        "MskCluster('events', base)\nMskCluster('events', base)\n",
        ("name",),
    )
    yield program(
        "two clusters one cluster name",
        "MskCluster('a', {**base, 'cluster_name': 'shared'})\n"
        "MskCluster('b', {**base, 'cluster_name': 'shared'})\n",
        ("msk:clusterName",),
    )
    yield program(
        "cluster name equal to another's default",
        "MskCluster('a', base)\nMskCluster('b', {**base, 'cluster_name': 'app-t-a'})\n",
        ("msk:clusterName",),
    )
    yield program(
        "client groups a whole Output",
        "MskCluster('events', {'client_security_group_ids': pulumi.Output.from_input(['"
        + SG
        + "'])})\n",
        ("msk:clientSecurityGroupIds",),
    )
    yield program(
        "CA ARNs a whole Output",
        "MskCluster('events', {**base, 'auth': {'tls': True, 'certificate_authority_arns': "
        "pulumi.Output.from_input(['" + CA + "'])}})\n",
        ("msk:auth.certificateAuthorityArns",),
    )
    yield program(
        "scraper groups a whole Output",
        "MskCluster('events', {**base, 'open_monitoring': {'jmx_exporter': True, "
        "'source_security_group_ids': pulumi.Output.from_input(['" + SG + "'])}})\n",
        ("msk:openMonitoring.sourceSecurityGroupIds",),
    )
    yield program(
        "topic config a computed value",
        "MskCluster('events', {**base, 'topics': [{'name': 'orders', 'partitions': 3, "
        "'config': {'retention.ms': pulumi.Output.from_input('1000')}}]})\n",
        ("msk:topics[0].config.retention.ms",),
    )
    yield program(
        "server property a computed value",
        "MskCluster('events', {**base, 'server_properties': "
        "{'num.io.threads': pulumi.Output.from_input('8')}})\n",
        ("msk:serverProperties.num.io.threads",),
    )
    yield program(
        "add_topic partitions as text",
        one + "msk.add_topic('orders', 'six')\n",
        ("msk:topics[0].partitions",),
    )
    yield program(
        "add_topic config as text",
        one + "msk.add_topic('orders', 3, config='retention.ms=1000')\n",
        ("msk:topics[0].config",),
    )
    yield program(
        "opts a dict",
        "MskCluster('events', base, {'protect': True})\n",
        ("opts",),
    )
    yield program(
        "grant with no topics",
        one + "msk.grant_produce('app', [])\n",
        ("grant_produce.topics",),
    )
    yield program(
        "add_topic twice",
        one + "msk.add_topic('orders', 3)\nmsk.add_topic('orders', 3)\n",
        ("msk:topics[1].name",),
    )
    # what must keep working
    yield program(
        "two clusters, distinct names",
        "MskCluster('a', base)\nMskCluster('b', base)\n",
    )
    yield program(
        "grants on two roles",
        one + "msk.grant_produce('app', ['orders'])\nmsk.grant_consume('app', ['orders'], ['g'])\n"
        "msk.grant_consume('billing', ('orders',), ('billing-*',))\n"
        "role = aws.iam.Role('reader', assume_role_policy='{}')\nmsk.grant_admin(role)\n",
    )
    yield program(
        "subnets a whole Output",
        "MskCluster('events', {**base, 'vpc_id': '"
        + VPC
        + "', 'subnet_ids': pulumi.Output.from_input("
        + repr(SUBNETS)
        + ")})\n",
    )
    yield program(
        "tag values computed",
        "MskCluster('events', {**base, 'tags': {'owner': pulumi.Output.from_input('me')}})\n",
    )
    yield program("args None", "MskCluster('events', None)\n")


# -- the whole set -----------------------------------------------------------------------------


def cases() -> list[Case]:
    rng = random.Random(SEED)
    found: list[Case] = []
    for family in (
        _type_cases(rng),
        _structure_cases(),
        _server_property_cases(rng),
        _source_cases(),
        _tag_cases(),
        _topic_cases(),
        _grant_cases(),
        _alarm_and_logging_cases(),
        _workload_cases(rng),
        _false_reject_cases(),
        _program_cases(),
    ):
        found.extend(family)
    names = [c.name for c in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise AssertionError(f"case names repeat: {duplicates}")
    return found


def families(found: list[Case]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for case in found:
        counts[case.family] = counts.get(case.family, 0) + 1
    return dict(sorted(counts.items()))


def fast_subset(found: list[Case], count: int = FAST_COUNT, seed: int = SEED) -> list[Case]:
    """``count`` cases chosen by ``seed``: one of each family first, then the rest at random."""
    rng = random.Random(seed)
    by_family: dict[str, list[Case]] = {}
    for case in found:
        by_family.setdefault(case.family, []).append(case)
    chosen = [rng.choice(items) for _, items in sorted(by_family.items())]
    names = {c.name for c in chosen}
    rest = [c for c in found if c.name not in names]
    chosen += rng.sample(rest, max(0, count - len(chosen)))
    order = {c.name: index for index, c in enumerate(found)}
    return sorted(chosen, key=lambda c: order[c.name])
