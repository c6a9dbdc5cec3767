"""Every rule family of ClusterSpec, rejected and accepted, with the key named."""

import json
from datetime import date

import pytest

from msk_platform import ClusterSpec, MskConfigError
from msk_platform.spec.keys import args_from_config
from tests.conftest import PROJECT_DIR, build_spec, problems_by_key
from tests.ids import CA, CLIENT_SG, SUBNETS, VPC
from tests.ids import KMS_KEY as KEY

SUBNETS3 = SUBNETS
SUBNETS2 = SUBNETS[:2]


def problems(**args) -> list:
    with pytest.raises(MskConfigError) as caught:
        build_spec(**args)
    return caught.value.problems


# (test id, args, key the error must name, fragment of its message)
REJECTED = [
    (
        "enum cluster type",
        {"cluster_type": "managed"},
        "msk:clusterType",
        "use 'provisioned' or 'serverless'",
    ),
    ("enum encryption", {"client_broker_encryption": "SSL"}, "msk:clientBrokerEncryption", "'TLS'"),
    ("int as text", {"broker_count": "three"}, "msk:brokerCount", "whole number"),
    ("flag as text", {"public_access": "yes"}, "msk:publicAccess", "true or false"),
    ("list as text", {"client_cidr_blocks": "10.0.0.0/8"}, "msk:clientCidrBlocks", "use a list"),
    ("map as list", {"tags": ["a"]}, "msk:tags", "map of text"),
    ("object as number", {"auth": 3}, "msk:auth", "not an object"),
    ("ebs below range", {"ebs_volume_gib": 0}, "msk:ebsVolumeGib", "1–16384"),
    ("ebs above range", {"ebs_volume_gib": 20000}, "msk:ebsVolumeGib", "1–16384"),
    ("brokers below one", {"broker_count": 0}, "msk:brokerCount", "at least 1"),
    ("brokers not multiple", {"broker_count": 4}, "msk:brokerCount", "use 3, 6 or 9"),
    (
        "brokers not multiple of given subnets",
        {"vpc_id": VPC, "subnet_ids": SUBNETS2, "broker_count": 3},
        "msk:brokerCount",
        "multiple of the 2 subnets",
    ),
    (
        "brokers past kraft limit",
        {"broker_count": 63, "kafka_version": "3.9.x.kraft"},
        "msk:brokerCount",
        "60",
    ),
    (
        "brokers past zookeeper limit",
        {"broker_count": 33, "kafka_version": "3.9.x"},
        "msk:brokerCount",
        "30",
    ),
    (
        "one subnet",
        {"vpc_id": VPC, "subnet_ids": SUBNETS3[:1], "broker_count": 1},
        "msk:subnetIds",
        "2 or 3",
    ),
    (
        "express two subnets",
        {
            "vpc_id": VPC,
            "subnet_ids": SUBNETS2,
            "instance_type": "express.m7g.large",
            "broker_count": 2,
        },
        "msk:subnetIds",
        "needs 3",
    ),
    (
        "express two azs",
        {"az_count": 2, "instance_type": "express.m7g.large"},
        "msk:azCount",
        "use 3",
    ),
    ("four azs", {"az_count": 4, "broker_count": 4}, "msk:azCount", "use 2 or 3"),
    (
        "duplicate subnet",
        {"vpc_id": VPC, "subnet_ids": [SUBNETS3[0], SUBNETS3[0], SUBNETS3[1]]},
        "msk:subnetIds",
        "twice",
    ),
    (
        "unknown version",
        {"kafka_version": "3.10.x"},
        "msk:kafkaVersion",
        "not an MSK Kafka version",
    ),
    (
        "past end of support",
        {"kafka_version": "3.7.x"},
        "msk:kafkaVersion",
        "end of support on 2026-09-01",
    ),
    (
        "express-only version on standard",
        {"kafka_version": "4.2.x.kraft"},
        "msk:kafkaVersion",
        "not offered on standard",
    ),
    (
        "standard-only version on express",
        {"kafka_version": "4.1.x.kraft", "instance_type": "express.m7g.large"},
        "msk:kafkaVersion",
        "not offered on express",
    ),
    (
        "unknown instance type",
        {"instance_type": "kafka.m6.large"},
        "msk:instanceType",
        "kafka.m7g.large",
    ),
    (
        "t3 with kraft",
        {"instance_type": "kafka.t3.small", "kafka_version": "3.9.x.kraft"},
        "msk:kafkaVersion",
        "does not support KRaft",
    ),
    (
        "express kraft before 3.9",
        {"instance_type": "express.m7g.large", "kafka_version": "3.8.x.kraft"},
        "msk:kafkaVersion",
        "3.8.x.kraft",
    ),
    (
        "throughput on small broker",
        {"provisioned_throughput_mibps": 250},
        "msk:provisionedThroughputMibps",
        "not offered on kafka.m7g.large",
    ),
    (
        "throughput past maximum",
        {"instance_type": "kafka.m7g.2xlarge", "provisioned_throughput_mibps": 400},
        "msk:provisionedThroughputMibps",
        "250–312.5",
    ),
    (
        "throughput below minimum",
        {"instance_type": "kafka.m5.4xlarge", "provisioned_throughput_mibps": 100},
        "msk:provisionedThroughputMibps",
        "250–593",
    ),
    (
        "throughput on tiny volume",
        {
            "instance_type": "kafka.m5.4xlarge",
            "provisioned_throughput_mibps": 300,
            "ebs_volume_gib": 5,
        },
        "msk:provisionedThroughputMibps",
        "at least 10 GiB",
    ),
    (
        "ebs on express",
        {"instance_type": "express.m7g.large", "ebs_volume_gib": 100},
        "msk:ebsVolumeGib",
        "does not apply to express",
    ),
    (
        "serverless with scram",
        {"cluster_type": "serverless", "auth": {"iam": True, "scram": True}},
        "msk:auth",
        "IAM authentication only",
    ),
    (
        "serverless without iam",
        {"cluster_type": "serverless", "auth": {"iam": False}},
        "msk:auth",
        "no authentication",
    ),
    ("no auth mode", {"auth": {"iam": False}}, "msk:auth", "no authentication mode"),
    (
        "sasl over plaintext",
        {"client_broker_encryption": "PLAINTEXT", "auth": {"iam": True, "unauthenticated": True}},
        "msk:clientBrokerEncryption",
        "carries no authentication",
    ),
    (
        "tls_plaintext needs unauthenticated",
        {"client_broker_encryption": "TLS_PLAINTEXT"},
        "msk:auth",
        "set unauthenticated: true",
    ),
    (
        "mtls over tls_plaintext",
        {
            "client_broker_encryption": "TLS_PLAINTEXT",
            "auth": {"tls": True, "unauthenticated": True, "certificate_authority_arns": [CA]},
        },
        "msk:clientBrokerEncryption",
        "mutual TLS",
    ),
    (
        "sasl without in-cluster",
        {"in_cluster_encryption": False},
        "msk:inClusterEncryption",
        "needs in-cluster",
    ),
    (
        "mtls without ca",
        {"auth": {"tls": True}},
        "msk:auth.certificateAuthorityArns",
        "at least one",
    ),
    (
        "ca without mtls",
        {"auth": {"iam": True, "certificate_authority_arns": [CA]}},
        "msk:auth.certificateAuthorityArns",
        "tls is not on",
    ),
    (
        "bad ca arn",
        {"auth": {"tls": True, "certificate_authority_arns": ["arn:aws:acm:us-east-1:1:cert/x"]}},
        "msk:auth.certificateAuthorityArns[0]",
        "ACM Private CA",
    ),
    ("unknown auth field", {"auth": {"sasl": True}}, "msk:auth.sasl", "not a field of auth"),
    (
        "public access on built network",
        {"public_access": True},
        "msk:publicAccess",
        "private subnets",
    ),
    (
        "public access with unauthenticated",
        {
            "vpc_id": VPC,
            "subnet_ids": SUBNETS3,
            "public_access": True,
            "auth": {"iam": True, "unauthenticated": True},
        },
        "msk:publicAccess",
        "unauthenticated must be false",
    ),
    (
        "public access without tls",
        {
            "vpc_id": VPC,
            "subnet_ids": SUBNETS3,
            "public_access": True,
            "client_broker_encryption": "TLS_PLAINTEXT",
            "auth": {"iam": True, "unauthenticated": True},
        },
        "msk:publicAccess",
        "'TLS'",
    ),
    (
        "bad cluster name",
        {"cluster_name": "-orders"},
        "msk:clusterName",
        "starting with a letter or digit",
    ),
    ("long cluster name", {"cluster_name": "a" * 65}, "msk:clusterName", "1–64"),
    (
        "bad kms arn",
        {"kms_key_arn": "arn:aws:kms:us-east-1:123456789012:alias/msk"},
        "msk:kmsKeyArn",
        "alias ARN",
    ),
    (
        "bad vpc id",
        {"vpc_id": "vpc-xyz", "subnet_ids": SUBNETS3},
        "msk:vpcId",
        "vpc-0123456789abcdef0",
    ),
    (
        "bad subnet id",
        {"vpc_id": VPC, "subnet_ids": ["subnet-1", *SUBNETS3[1:]]},
        "msk:subnetIds[0]",
        "subnet id",
    ),
    (
        "bad security group id",
        {"client_security_group_ids": ["sg-nope"]},
        "msk:clientSecurityGroupIds[0]",
        "security group id",
    ),
    ("bad cidr", {"client_cidr_blocks": ["10.0.0.0/33"]}, "msk:clientCidrBlocks[0]", "not a CIDR"),
    (
        "world cidr",
        {"client_cidr_blocks": ["0.0.0.0/0"]},
        "msk:clientCidrBlocks[0]",
        "every address",
    ),
    (
        "world ipv6 cidr",
        {"client_cidr_blocks": ["::/0"]},
        "msk:clientCidrBlocks[0]",
        "every address",
    ),
    (
        "host bits",
        {"client_cidr_blocks": ["10.1.2.3/16"]},
        "msk:clientCidrBlocks[0]",
        "use '10.1.0.0/16'",
    ),
    ("vpc cidr public", {"vpc_cidr": "8.8.0.0/16"}, "msk:vpcCidr", "private IPv4"),
    ("vpc cidr too small", {"vpc_cidr": "10.0.0.0/27"}, "msk:vpcCidr", "/16 to /24"),
    ("vpc cidr syntax", {"vpc_cidr": "10.0.0/16"}, "msk:vpcCidr", "not a CIDR"),
    ("vpc without subnets", {"vpc_id": VPC}, "msk:vpcId", "without msk:subnetIds"),
    ("subnets without vpc", {"subnet_ids": SUBNETS3}, "msk:subnetIds", "without msk:vpcId"),
    (
        "az count with existing vpc",
        {"vpc_id": VPC, "subnet_ids": SUBNETS3, "az_count": 3},
        "msk:azCount",
        "only when the program builds",
    ),
    ("unknown key", {"broker_cont": 3}, "msk:brokerCont", "did you mean msk:brokerCount?"),
    (
        "key for other cluster type",
        {"cluster_type": "serverless", "instance_type": "kafka.m7g.large"},
        "msk:instanceType",
        "does not apply to serverless",
    ),
    (
        "negative ingress",
        {"workload": {"ingressMibps": -1}},
        "msk:workload.ingressMibps",
        "negative",
    ),
    (
        "zero retention",
        {"workload": {"retentionHours": 0}},
        "msk:workload.retentionHours",
        "more than 0",
    ),
    ("no partitions", {"workload": {"partitions": 0}}, "msk:workload.partitions", "use at least 1"),
    (
        "workload as text",
        {"workload": {"egressMibps": "lots"}},
        "msk:workload.egressMibps",
        "use a number",
    ),
    (
        "unknown workload field",
        {"workload": {"ingresMibps": 1}},
        "msk:workload.ingresMibps",
        "did you mean ingressMibps?",
    ),
    ("reserved tag prefix", {"tags": {"aws:owner": "x"}}, "msk:tags.aws:owner", "reserved"),
    ("long tag value", {"tags": {"team": "x" * 257}}, "msk:tags.team", "at most 256"),
    ("too many tags", {"tags": {f"t{i}": "x" for i in range(48)}}, "msk:tags", "50 per resource"),
]


@pytest.mark.parametrize(
    "args,key,fragment", [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED]
)
def test_bad_configuration_is_rejected_naming_the_key(args, key, fragment):
    found = problems(**args)
    matching = [p for p in found if p.key == key]
    assert matching, f"no problem names {key}: {[str(p) for p in found]}"
    assert any(fragment in p.message for p in matching), [str(p) for p in matching]


ACCEPTED = [
    ("defaults", {}),
    ("standard in existing vpc", {"vpc_id": VPC, "subnet_ids": SUBNETS3, "broker_count": 6}),
    ("two azs", {"az_count": 2, "broker_count": 4}),
    (
        "t3 on zookeeper",
        {
            "instance_type": "kafka.t3.small",
            "kafka_version": "3.9.x",
            "az_count": 2,
            "broker_count": 2,
        },
    ),
    ("every standard version", {"kafka_version": "3.8.x"}),
    ("express", {"instance_type": "express.m7g.xlarge", "kafka_version": "3.9.x.kraft"}),
    ("express 4.2", {"instance_type": "express.m7g.large", "kafka_version": "4.2.x.kraft"}),
    (
        "provisioned throughput",
        {"instance_type": "kafka.m7g.4xlarge", "provisioned_throughput_mibps": 625},
    ),
    ("serverless", {"cluster_type": "serverless"}),
    ("serverless in vpc", {"cluster_type": "serverless", "vpc_id": VPC, "subnet_ids": SUBNETS2}),
    ("iam and scram", {"auth": {"iam": True, "scram": True}}),
    ("mutual tls", {"auth": {"tls": True, "certificate_authority_arns": [CA]}}),
    (
        "tls plaintext",
        {
            "client_broker_encryption": "TLS_PLAINTEXT",
            "auth": {"iam": True, "unauthenticated": True},
        },
    ),
    (
        "plaintext unauthenticated",
        {"client_broker_encryption": "PLAINTEXT", "auth": {"unauthenticated": True}},
    ),
    (
        "public access",
        {
            "vpc_id": VPC,
            "subnet_ids": SUBNETS3,
            "public_access": True,
            "client_cidr_blocks": ["203.0.113.0/24"],
        },
    ),
    ("given key", {"kms_key_arn": KEY}),
    (
        "workload",
        {
            "workload": {
                "ingressMibps": 5,
                "egressMibps": 10.5,
                "retentionHours": 72,
                "partitions": 100,
            }
        },
    ),
    ("named cluster", {"cluster_name": "orders-1", "tags": {"team": "payments"}}),
]


@pytest.mark.parametrize("args", [a[1] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_good_configuration_is_accepted(args):
    spec = build_spec(**args)
    assert spec.cluster_type == args.get("cluster_type", "provisioned")


def test_every_problem_is_reported_at_once():
    found = problems(
        broker_count=4, instance_type="kafka.nope", client_cidr_blocks=["0.0.0.0/0"], brokr=1
    )
    assert {p.key for p in found} >= {
        "msk:brokerCount",
        "msk:instanceType",
        "msk:clientCidrBlocks[0]",
        "msk:brokr",
    }
    text = str(MskConfigError(found))
    assert text.startswith(f"{len(found)} problems in the MSK configuration:")


def test_one_mistake_yields_one_message():
    found = problems(cluster_type="serverless", kms_key_arn="not-an-arn")
    assert [p.key for p in found] == ["msk:kmsKeyArn"]


def test_defaults_are_secure():
    spec = build_spec()
    assert spec.client_broker_encryption == "TLS"
    assert spec.in_cluster_encryption is True
    assert spec.auth.iam and not (spec.auth.scram or spec.auth.tls or spec.auth.unauthenticated)
    assert spec.public_access is False
    assert spec.creates_kms_key
    assert spec.cluster_name == "msk-test"
    assert (spec.instance_type, spec.broker_count, spec.ebs_volume_gib) == (
        "kafka.m7g.large",
        3,
        1000,
    )
    assert spec.builds_network and spec.az_count == 3 and spec.vpc_cidr == "10.40.0.0/16"


@pytest.mark.parametrize(
    "instance_type,expected",
    [
        ("kafka.m7g.large", "4.1.x.kraft"),
        ("kafka.t3.small", "3.9.x"),
        ("express.m7g.large", "4.2.x.kraft"),
    ],
)
def test_default_version_is_the_newest_the_broker_can_run(instance_type, expected):
    args = {"instance_type": instance_type}
    if instance_type == "kafka.t3.small":
        args.update(az_count=2, broker_count=2)
    assert build_spec(**args).kafka_version == expected


def test_end_of_support_depends_on_the_day():
    before = ClusterSpec.from_args(
        {"kafka_version": "3.7.x"}, project="p", stack="s", today=date(2026, 8, 31)
    )
    assert before.kafka_version == "3.7.x"
    with pytest.raises(MskConfigError):
        ClusterSpec.from_args(
            {"kafka_version": "3.7.x"}, project="p", stack="s", today=date(2026, 9, 1)
        )


def test_express_has_no_ebs_volume():
    assert build_spec(instance_type="express.m7g.large").ebs_volume_gib is None


def test_default_name_is_sanitised_from_project_and_stack():
    spec = ClusterSpec.from_args({}, project="msk", stack="org/team.dev")
    assert spec.cluster_name == "msk-org-team-dev"


def test_tags_merge_user_values_over_standard_ones():
    spec = build_spec(tags={"team": "payments", "stack": "custom"})
    assert dict(spec.tags) == {
        "project": "msk",
        "stack": "custom",
        "managed-by": "pulumi-msk",
        "team": "payments",
    }


def test_outputs_of_other_resources_pass_through_unvalidated():
    class FakeOutput:
        def apply(self, fn):
            return self

        def future(self):
            return None

    deferred = FakeOutput()
    spec = build_spec(
        vpc_id=deferred, subnet_ids=[deferred, deferred, deferred], kms_key_arn=deferred
    )
    assert spec.vpc_id is deferred and spec.subnet_count == 3 and spec.kms_key_arn is deferred


def test_integers_sent_as_floats_by_other_languages_are_accepted():
    assert build_spec(broker_count=6.0).broker_count == 6
    assert problems(broker_count=6.5)[0].key == "msk:brokerCount"


def test_warnings_flag_weakened_security():
    spec = build_spec(
        client_broker_encryption="TLS_PLAINTEXT", auth={"iam": True, "unauthenticated": True}
    )
    joined = " ".join(spec.warnings)
    assert "msk:clientBrokerEncryption" in joined and "msk:auth.unauthenticated" in joined
    assert not any(
        "clientBrokerEncryption" in w
        for w in build_spec(client_cidr_blocks=["10.0.0.0/8"]).warnings
    )


def test_config_text_maps_to_typed_args():
    args = args_from_config(
        {
            "brokerCount": "6",
            "auth": '{"iam": true, "certificateAuthorityArns": []}',
            "tags": '{"costCenter": "1"}',
            "subnetIds": '["subnet-0a1b2c3d4e5f60711"]',
        }
    )
    assert args == {
        "broker_count": "6",
        "auth": {"iam": True, "certificate_authority_arns": []},
        "tags": {"costCenter": "1"},
        "subnet_ids": ["subnet-0a1b2c3d4e5f60711"],
    }
    assert build_spec(**{**args, "subnet_ids": None}).broker_count == 6


def test_the_spec_and_catalog_are_pure_python():
    """ClusterSpec, the catalog, cost and sizing never import pulumi (DESIGN): they are read
    by the policy rules and the offline tools as plain data, whatever runtime is loaded."""
    import ast

    package = PROJECT_DIR / "components" / "msk_platform"
    pure = [*package.joinpath("spec").glob("*.py"), package / "catalog.py", package / "cost.py"]
    pure += package.glob("sizing*.py")
    importers = []
    for path in pure:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            importers += [f"{path.name}: {name}" for name in names if name.startswith("pulumi")]
    assert len(pure) >= 10 and importers == []


def test_workload_fields_are_typed_and_optional():
    spec = build_spec(workload={"ingressMibps": "5", "partitions": 12.0})
    assert (spec.workload.ingress_mibps, spec.workload.partitions) == (5.0, 12)
    assert spec.workload.egress_mibps is None and build_spec().workload is None


# --- sources: never the world, each once, within the security group's rules ---------------


@pytest.mark.parametrize(
    "blocks",
    [
        ["0.0.0.0/1", "128.0.0.0/1"],
        ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"],
    ],
)
def test_cidrs_that_together_cover_every_address_are_refused(blocks):
    assert "cover every" in problems_by_key(client_cidr_blocks=blocks)["msk:clientCidrBlocks"]
    found = problems_by_key(open_monitoring={"jmxExporter": True, "sourceCidrBlocks": blocks})
    assert "cover every" in found["msk:openMonitoring.sourceCidrBlocks"]


def test_a_cidr_or_group_listed_twice_is_refused_however_written():
    found = problems_by_key(client_cidr_blocks=["10.0.0.0/8", " 10.0.0.0/8"])
    assert "listed twice" in found["msk:clientCidrBlocks[1]"]
    found = problems_by_key(client_security_group_ids=[CLIENT_SG, CLIENT_SG])
    assert "listed twice" in found["msk:clientSecurityGroupIds[1]"]


def test_an_address_is_not_taken_for_a_block():
    found = problems_by_key(client_cidr_blocks=["10.1.2.3"])
    assert "use '10.1.2.3/32'" in found["msk:clientCidrBlocks[0]"]


def _builder_rule_counts(spec) -> dict:
    from msk_platform.builders.security_group import ingress_rules

    rules = ingress_rules(spec)
    ipv4 = sum(len(r.get("cidr_blocks", [])) + len(r.get("security_groups", [])) for r in rules)
    return {"IPv4": ipv4}


def _cidrs(count: int) -> list[str]:
    return [f"10.{i}.0.0/16" for i in range(count)]


@pytest.mark.parametrize(
    "make,key",
    [
        (lambda n: {"client_cidr_blocks": _cidrs(n)}, "msk:clientCidrBlocks"),
        (
            lambda n: {
                "client_cidr_blocks": _cidrs(n // 2),
                "auth": {"iam": True, "scram": True},
            },
            "msk:clientCidrBlocks",
        ),
        (
            lambda n: {
                "client_cidr_blocks": _cidrs(n // 3 - 1),
                "client_security_group_ids": [CLIENT_SG],
                "auth": {"iam": True, "scram": True, "tls": True, "certificateAuthorityArns": [CA]},
            },
            "msk:clientCidrBlocks",
        ),
        (
            lambda n: {
                "open_monitoring": {
                    "jmxExporter": True,
                    "nodeExporter": True,
                    "sourceCidrBlocks": _cidrs(n // 2),
                }
            },
            "msk:openMonitoring.sourceCidrBlocks",
        ),
    ],
)
def test_the_rule_limit_counts_the_rules_the_security_group_builder_makes(make, key):
    """At AWS's 60 inbound rules per IP family the config is accepted, and the builder makes
    exactly 60 in that family; one more source is refused, naming the key that adds most."""
    spec = build_spec(**make(60))
    assert max(_builder_rule_counts(spec).values()) == 60
    bigger = make(66)
    assert "AWS allows 60" in problems_by_key(**bigger)[key]


# --- numbers and text as other languages and red teams send them --------------------------


@pytest.mark.parametrize(
    "args,key",
    [
        ({"broker_count": float("inf")}, "msk:brokerCount"),
        ({"broker_count": "²"}, "msk:brokerCount"),
        ({"ebs_volume_gib": 2**40}, "msk:ebsVolumeGib"),
        ({"workload": {"ingressMibps": float("nan")}}, "msk:workload.ingressMibps"),
        ({"workload": {"ingressMibps": "1e400"}}, "msk:workload.ingressMibps"),
        ({"workload": {"ingressMibps": 1e308}}, "msk:workload.ingressMibps"),
        ({"workload": {"ingressMibps": 5, "partitions": 2**31}}, "msk:workload.partitions"),
        ({"alarms": {"cpuPercent": float("inf")}}, "msk:alarms.cpuPercent"),
    ],
)
def test_numbers_are_finite_and_within_what_aws_takes(args, key):
    assert key in problems_by_key(**args)


def test_whole_numbers_sent_as_float_text_are_accepted():
    spec = build_spec(broker_count="6.0", az_count=3.0, ebs_volume_gib="1000.0")
    assert (spec.broker_count, spec.az_count, spec.ebs_volume_gib) == (6, 3, 1000)
    assert "whole number" in problems_by_key(broker_count="6.5")["msk:brokerCount"]


def test_the_peak_is_at_least_the_average():
    found = problems_by_key(workload={"ingressMibps": 5, "peakIngressMibps": 1})
    assert "below the average" in found["msk:workload.peakIngressMibps"]


@pytest.mark.parametrize("args", [["broker_count", 3], "broker_count=3", 3])
def test_args_that_are_not_a_mapping_are_refused(args):
    with pytest.raises(MskConfigError) as caught:
        ClusterSpec.from_args(args, project="msk", stack="test")
    assert [p.key for p in caught.value.problems] == ["args"]


def test_keys_and_fields_that_are_not_text_are_refused():
    assert "not text" in problems_by_key(**{"auth": {5: True}})["msk:auth"]
    with pytest.raises(MskConfigError) as caught:
        ClusterSpec.from_args({5: 3}, project="msk", stack="test")
    assert caught.value.problems[0].key == "args"


def test_nested_keys_are_named_exactly_as_written_in_config():
    def config_problems(**config):
        with pytest.raises(MskConfigError) as caught:
            build_spec(**args_from_config({k: json.dumps(v) for k, v in config.items()}))
        return {p.key for p in caught.value.problems}

    assert "msk:auth.IAM" in config_problems(auth={"IAM": True})
    topic = {"name": "orders", "partitions": 3, "config": {"retention.ms": "soon"}}
    assert "msk:topics[0].config.retention.ms" in config_problems(topics=[topic])
    assert "msk:Tags" in config_problems(Tags={"a": "b"})


def test_nulls_are_named_null_never_none():
    found = problems_by_key(tags={"owner": None}, client_cidr_blocks=[None], topics=[None])
    assert set(found) >= {"msk:tags.owner", "msk:clientCidrBlocks[0]", "msk:topics[0]"}
    assert all("None" not in message for message in found.values())
    assert "null" in found["msk:tags.owner"]


def test_control_characters_are_refused_in_text():
    found = problems_by_key(logging={"s3Bucket": "my-logs", "s3Prefix": "msk\nlogs"})
    assert "line break" in found["msk:logging.s3Prefix"]


# --- tags ---------------------------------------------------------------------------------


def test_the_tag_limit_counts_the_four_tags_the_component_adds():
    assert build_spec(tags={f"team-{i}": "x" for i in range(46)})
    found = problems_by_key(tags={f"team-{i}": "x" for i in range(47)})
    assert "Name" in found["msk:tags"] and "51" in found["msk:tags"]
    overriding = {"project": "p", "stack": "s", "managed-by": "m", "Name": "n"}
    assert build_spec(tags={**overriding, **{f"t{i}": "x" for i in range(46)}})


@pytest.mark.parametrize(
    "tags,fragment",
    [
        ({"k" * 129: "v"}, "1–128"),
        ({"owner": "v" * 257}, "at most 256"),
        ({"AWS:team": "x"}, "reserved"),
        ({"owner": "Aws:me"}, "reserves"),
        ({"cost#centre": "1"}, "'#'"),
        ({"owner": "{me}"}, "'{', '}'"),
    ],
)
def test_tag_names_and_values_are_what_aws_takes(tags, fragment):
    name = next(iter(tags))
    assert fragment in problems_by_key(tags=tags)[f"msk:tags.{name}"]


def test_tags_in_any_script_with_the_allowed_symbols_are_accepted():
    spec = build_spec(tags={"Kostenstelle-Büro": "München 2", "a+b-c=d.e_f:g/h@i": "", "n": 5})
    assert spec.tags["Kostenstelle-Büro"] == "München 2" and spec.tags["n"] == "5"


# --- S3 bucket names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bucket,fragment",
    [
        ("ab", "3–63"),
        ("My-Logs", "lowercase"),
        ("my..logs", "'..'"),
        ("192.168.1.1", "IP address"),
        ("xn--logs", "'xn--'"),
        ("amzn-s3-demo-logs", "'amzn-s3-demo-'"),
        ("logs-s3alias", "'-s3alias'"),
        ("logs.mrap", "'.mrap'"),
        ("logs-", "begin and end"),
    ],
)
def test_s3_bucket_names_aws_forbids_are_refused(bucket, fragment):
    found = problems_by_key(logging={"s3Bucket": bucket})
    assert fragment in found["msk:logging.s3Bucket"]


def test_valid_bucket_names_are_accepted():
    assert build_spec(logging={"s3Bucket": "logs.example.com"}).logging.s3_bucket
