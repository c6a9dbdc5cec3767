"""The policy pack's rules, each both ways, as the engine calls them (no Pulumi CLI): a
ResourceValidationArgs built by hand, props behind pulumi_policy's unknown-checking proxy,
and a recording report_violation. Then the same rules over the offline plan."""

import copy
import json
import os
import runpy
import subprocess
import sys

import grpc
import pulumi_policy
import pytest
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

import mskctl.policy_check as policy_check
from msk_platform import catalog
from mskctl.cli import main
from mskctl.policy import msk_rules
from mskctl.policy.msk_rules import all_policies, protect_in_prod
from tests.conftest import PROJECT_DIR

UNKNOWN = UNKNOWN_STRING_VALUE  # what the engine sends for a value not known during preview
CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
POLICIES = {policy.name: policy for policy in all_policies(stack_name=lambda: "dev")}

# Prod's cluster as the provider receives it, IDs of resources not created yet unknown.
GOOD_CLUSTER = {
    "clusterName": "msk-prod",
    "kafkaVersion": "3.9.x.kraft",
    "numberOfBrokerNodes": 3,
    "brokerNodeGroupInfo": {
        "clientSubnets": ["subnet-1", "subnet-2", "subnet-3"],
        "securityGroups": [UNKNOWN],
        "instanceType": "kafka.m7g.large",
        "connectivityInfo": {"publicAccess": {"type": "DISABLED"}},
    },
    "clientAuthentication": {"sasl": {"iam": True, "scram": False}, "unauthenticated": False},
    "encryptionInfo": {
        "encryptionAtRestKmsKeyArn": UNKNOWN,
        "encryptionInTransit": {"clientBroker": "TLS", "inCluster": True},
    },
    "loggingInfo": {"brokerLogs": {"cloudwatchLogs": {"enabled": True, "logGroup": "/aws/msk"}}},
}
GOOD_GROUP = {
    "description": "MSK brokers",
    "vpcId": UNKNOWN,
    "ingress": [
        {
            "description": "SASL/IAM from clients",
            "protocol": "tcp",
            "fromPort": 9098,
            "toPort": 9098,
            "securityGroups": ["sg-clients"],
            "cidrBlocks": ["10.40.0.0/16"],
        }
    ],
    "egress": [
        {
            "description": "to brokers",
            "protocol": "tcp",
            "fromPort": 0,
            "toPort": 65535,
            "self": True,
        }
    ],
}


def validation_args(resource_type, props, protect=False, config=None) -> ResourceValidationArgs:
    opts = PolicyResourceOptions(
        protect=protect,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
    )
    return ResourceValidationArgs(
        resource_type=resource_type,
        props=unknown_checking_proxy(copy.deepcopy(props)),
        urn=f"urn:pulumi:test::msk::{resource_type}::r",
        name="r",
        opts=opts,
        provider=None,
        config=config,
    )


def violations(policy, resource_type, props, **options) -> list[str]:
    found = []
    policy.validate(
        validation_args(resource_type, props, **options),
        lambda message, urn=None: found.append(message),
    )
    return found


def changed(base: dict, path: str, value) -> dict:
    """A deep copy of ``base`` with the dotted ``path`` set (or removed, for ...)."""
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = out
    for part in parents:
        target = target[part]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return out


def ingress(**rule) -> dict:
    return {"description": "x", "protocol": "tcp", **rule}


def test_the_compliant_cluster_and_group_break_no_rule():
    for policy in POLICIES.values():
        assert violations(policy, CLUSTER, GOOD_CLUSTER) == [], policy.name
        assert violations(policy, SECURITY_GROUP, GOOD_GROUP) == [], policy.name


@pytest.mark.parametrize(
    "rule,path,value,expected",
    [
        (
            "msk-client-traffic-tls",
            "encryptionInfo.encryptionInTransit.clientBroker",
            "TLS_PLAINTEXT",
            "TLS_PLAINTEXT",
        ),
        (
            "msk-client-traffic-tls",
            "encryptionInfo.encryptionInTransit.clientBroker",
            "PLAINTEXT",
            "PLAINTEXT",
        ),
        ("msk-client-traffic-tls", "encryptionInfo", ..., "API default is TLS_PLAINTEXT"),
        (
            "msk-in-cluster-encryption",
            "encryptionInfo.encryptionInTransit.inCluster",
            False,
            "not encrypted",
        ),
        (
            "msk-encryption-at-rest-cmk",
            "encryptionInfo.encryptionAtRestKmsKeyArn",
            ...,
            "customer-managed",
        ),
        (
            "msk-broker-logs",
            "loggingInfo.brokerLogs.cloudwatchLogs.enabled",
            False,
            "no broker logs",
        ),
        ("msk-broker-logs", "loggingInfo", ..., "no broker logs"),
        (
            "msk-no-public-access",
            "brokerNodeGroupInfo.connectivityInfo.publicAccess.type",
            "SERVICE_PROVIDED_EIPS",
            "public endpoints",
        ),
        (
            "msk-authenticated-clients",
            "clientAuthentication.unauthenticated",
            True,
            "unauthenticated access is on",
        ),
        ("msk-authenticated-clients", "clientAuthentication", ..., "no clientAuthentication"),
        (
            "msk-authenticated-clients",
            "clientAuthentication.sasl.iam",
            False,
            "no client authentication mode",
        ),
    ],
)
def test_each_cluster_rule_flags_its_weakness(rule, path, value, expected):
    found = violations(POLICIES[rule], CLUSTER, changed(GOOD_CLUSTER, path, value))
    assert len(found) == 1 and expected in found[0]
    others = [
        name
        for name, policy in POLICIES.items()
        if name != rule and violations(policy, CLUSTER, changed(GOOD_CLUSTER, path, value))
    ]
    assert others == [] or path == "encryptionInfo"  # one weakness, one rule (but CKV_AWS_81)


@pytest.mark.parametrize(
    "path,value",
    [
        ("loggingInfo.brokerLogs", {"s3": {"enabled": True, "bucket": "logs"}}),
        ("loggingInfo.brokerLogs", {"firehose": {"enabled": True, "deliveryStream": "f"}}),
        ("loggingInfo.brokerLogs.cloudwatchLogs.enabled", UNKNOWN),
        ("encryptionInfo.encryptionInTransit.clientBroker", UNKNOWN),
        ("encryptionInfo.encryptionInTransit.inCluster", ...),  # AWS's default: on
        ("clientAuthentication", {"tls": {"certificateAuthorityArns": ["arn:aws:acm-pca:x"]}}),
        ("clientAuthentication", {"sasl": {"scram": True}}),
        ("clientAuthentication", UNKNOWN),
        ("brokerNodeGroupInfo.connectivityInfo", ...),
    ],
)
def test_cluster_rules_accept_other_safe_settings_and_unknowns(path, value):
    props = changed(GOOD_CLUSTER, path, value)
    assert [p.name for p in POLICIES.values() if violations(p, CLUSTER, props)] == []


def test_serverless_clusters_must_use_iam():
    rule = POLICIES["msk-authenticated-clients"]
    iam = {"clientAuthentication": {"sasl": {"iam": {"enabled": True}}}}
    assert violations(rule, SERVERLESS, iam) == []
    off = changed(iam, "clientAuthentication.sasl.iam.enabled", False)
    assert violations(rule, SERVERLESS, off) == ["serverless clients must authenticate with IAM"]


@pytest.mark.parametrize(
    "rule,ports_in_message",
    [
        (ingress(fromPort=9098, toPort=9098, cidrBlocks=["0.0.0.0/0"]), "9098"),
        (ingress(fromPort=9194, toPort=9198, ipv6CidrBlocks=["::/0"]), "9194, 9196, 9198"),
        (ingress(protocol="-1", fromPort=0, toPort=0, cidrBlocks=["0.0.0.0/0"]), "9092"),
        (ingress(fromPort=0, toPort=0, cidrBlocks=["0.0.0.0/0"]), "9092"),  # 0-0: every port
        (ingress(fromPort=22, toPort=22, cidrBlocks=["10.0.0.0/8", "0.0.0.0/0"]), "the group"),
        (ingress(fromPort=9096, toPort=9096, ipv6CidrBlocks=["0::0/0"]), "9096"),
    ],
)
def test_no_world_ingress_on_any_port_above_all_brokers(rule, ports_in_message):
    found = violations(
        POLICIES["security-group-no-world-ingress"],
        SECURITY_GROUP,
        {**GOOD_GROUP, "ingress": [rule]},
    )
    assert len(found) == 1 and ports_in_message in found[0]


@pytest.mark.parametrize(
    "resource_type,props,expected",
    [
        (
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            {
                "type": "ingress",
                "protocol": "tcp",
                "fromPort": 9092,
                "toPort": 9098,
                "cidrBlocks": ["0.0.0.0/0"],
            },
            1,
        ),
        (
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            {
                "type": "egress",
                "protocol": "-1",
                "fromPort": 0,
                "toPort": 0,
                "cidrBlocks": ["0.0.0.0/0"],
            },
            0,
        ),
        (
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            {"ipProtocol": "tcp", "fromPort": 9098, "toPort": 9098, "cidrIpv6": "::/0"},
            1,
        ),
        (
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            {"ingress": [ingress(protocol="-1", fromPort=0, toPort=0, cidrBlocks=["0.0.0.0/0"])]},
            1,
        ),
        (
            SECURITY_GROUP,
            {**GOOD_GROUP, "ingress": [ingress(fromPort=9098, toPort=9098, cidrBlocks=[UNKNOWN])]},
            0,
        ),
        (SECURITY_GROUP, {**GOOD_GROUP, "ingress": UNKNOWN}, 0),
    ],
)
def test_world_ingress_is_found_in_every_resource_that_grants_it(resource_type, props, expected):
    rule = POLICIES["security-group-no-world-ingress"]
    assert len(violations(rule, resource_type, props)) == expected


@pytest.mark.parametrize(
    "rule,expected",
    [
        (ingress(fromPort=2181, toPort=2181, securityGroups=["sg-clients"]), 1),
        (ingress(fromPort=2000, toPort=3000, cidrBlocks=["10.0.0.0/8"]), 1),
        (ingress(protocol="-1", fromPort=0, toPort=0, securityGroups=["sg-clients"]), 1),
        (ingress(fromPort=2182, toPort=2182, prefixListIds=["pl-1"]), 1),
        (ingress(protocol="-1", fromPort=0, toPort=0, self=True), 0),  # broker to broker
        (ingress(fromPort=9098, toPort=9098, cidrBlocks=["10.0.0.0/8"]), 0),
        (ingress(protocol="udp", fromPort=2181, toPort=2181, cidrBlocks=["10.0.0.0/8"]), 0),
        (ingress(fromPort=UNKNOWN, toPort=UNKNOWN, cidrBlocks=["10.0.0.0/8"]), 0),
    ],
)
def test_no_rule_reaches_zookeeper_but_the_group_itself(rule, expected):
    found = violations(
        POLICIES["security-group-no-zookeeper-ingress"],
        SECURITY_GROUP,
        {**GOOD_GROUP, "ingress": [rule]},
    )
    assert len(found) == expected


def test_undescribed_groups_and_rules_are_advisory():
    policy = POLICIES["security-group-rules-described"]
    assert policy.enforcement_level == EnforcementLevel.ADVISORY
    bare = {"ingress": [{"protocol": "tcp", "fromPort": 9098, "toPort": 9098}], "egress": []}
    assert violations(policy, SECURITY_GROUP, bare) == [
        "the security group has no description",
        "ingress rule 0 has no description",
    ]


@pytest.mark.parametrize(
    "props,expected",
    [
        ({"name": "AmazonMSK_alice", "kmsKeyId": UNKNOWN}, []),
        ({"name": "AmazonMSK_alice", "kmsKeyId": "arn:aws:kms:us-east-1:1:key/abc"}, []),
        ({"name": "AmazonMSK_alice"}, ["Secrets Manager's default key"]),
        ({"name": "AmazonMSK_alice", "kmsKeyId": "alias/aws/secretsmanager"}, ["AWS-managed"]),
        ({"namePrefix": "AmazonMSK_bob-", "kmsKeyId": ""}, ["Secrets Manager's default key"]),
        ({"name": "app-db-password"}, []),  # not a SCRAM secret
        ({"name": UNKNOWN}, []),
    ],
)
def test_scram_secrets_use_a_customer_managed_key(props, expected):
    found = violations(POLICIES["msk-scram-secret-cmk"], "aws:secretsmanager/secret:Secret", props)
    assert len(found) == len(expected)
    assert all(text in message for text, message in zip(expected, found, strict=True))


def test_a_configuration_that_allows_everyone_is_advisory():
    policy = POLICIES["msk-configuration-acl-deny-by-default"]
    assert policy.enforcement_level == EnforcementLevel.ADVISORY
    configuration = "aws:msk/configuration:Configuration"
    safe = {
        "serverProperties": "auto.create.topics.enable=false\n"
        "allow.everyone.if.no.acl.found=false\n"
    }
    assert violations(policy, configuration, safe) == []
    assert violations(policy, configuration, {"serverProperties": UNKNOWN}) == []
    open_ = {"serverProperties": "allow.everyone.if.no.acl.found = TRUE\n"}
    assert len(violations(policy, configuration, open_)) == 1


@pytest.mark.parametrize(
    "props,expected",
    [
        ({"enableKeyRotation": True}, 0),
        ({"enableKeyRotation": False}, 1),
        ({}, 1),
        ({"enableKeyRotation": UNKNOWN}, 0),
        ({"customerMasterKeySpec": "RSA_2048"}, 0),  # asymmetric keys can't rotate
    ],
)
def test_kms_keys_rotate(props, expected):
    assert len(violations(POLICIES["kms-key-rotation"], "aws:kms/key:Key", props)) == expected


@pytest.mark.parametrize(
    "stack,resource_type,protect,config,expected",
    [
        ("prod", CLUSTER, False, None, 1),
        ("prod", CLUSTER, True, None, 0),
        ("prod", "aws:kms/key:Key", False, None, 1),
        ("prod", SERVERLESS, False, None, 1),
        ("prod", SECURITY_GROUP, False, None, 0),  # holds no data
        ("dev", CLUSTER, False, None, 0),
        ("staging", CLUSTER, False, {"stacks": ["prod", "staging"]}, 1),
    ],
)
def test_data_holders_are_protected_in_prod(stack, resource_type, protect, config, expected):
    policy = protect_in_prod(stack_name=lambda: stack)
    found = violations(policy, resource_type, {}, protect=protect, config=config)
    assert len(found) == expected


def test_the_pack_reads_the_stack_name_from_the_engine(monkeypatch):
    monkeypatch.setattr(msk_rules.pulumi, "get_stack", lambda: "prod")
    policy = next(p for p in all_policies() if p.name == "protect-data-in-prod")
    assert len(violations(policy, CLUSTER, {})) == 1


def test_every_rule_has_a_unique_name_and_a_chosen_level():
    policies = all_policies()
    assert len({p.name for p in policies}) == len(policies) >= 12
    assert {p.enforcement_level for p in policies} == {
        EnforcementLevel.MANDATORY,
        EnforcementLevel.ADVISORY,
    }


def test_the_pack_entry_point_only_assembles_the_rules(monkeypatch):
    built = []
    monkeypatch.setattr(pulumi_policy, "PolicyPack", lambda **kwargs: built.append(kwargs))
    runpy.run_path(str(PROJECT_DIR / "policy" / "__main__.py"), run_name="__main__")
    assert len(built) == 1
    assert [p.name for p in built[0]["policies"]] == [p.name for p in all_policies()]
    pack_file = (PROJECT_DIR / "policy" / "PulumiPolicy.yaml").read_text(encoding="utf-8")
    assert "name: python" in pack_file


@pytest.mark.parametrize(
    "port_name",
    [name for name, value in catalog.raw()["ports"].items() if isinstance(value, int)],
)
def test_every_catalog_port_is_guarded_against_the_world(port_name):
    """Each listener port in the catalog (private, public, IPv6) is refused to 0.0.0.0/0, and
    ZooKeeper is refused to anyone; exporter ports are left to the other rules."""
    port = catalog.port(port_name)
    group = {
        **GOOD_GROUP,
        "ingress": [ingress(fromPort=port, toPort=port, cidrBlocks=["0.0.0.0/0"])],
    }
    world = violations(POLICIES["security-group-no-world-ingress"], SECURITY_GROUP, group)
    zookeeper = violations(POLICIES["security-group-no-zookeeper-ingress"], SECURITY_GROUP, group)
    assert len(world) == 1
    if "zookeeper" in port_name:
        assert len(zookeeper) == 1
    elif "monitoring" not in port_name:
        assert str(port) in world[0], world[0]


# The same rules over the offline plan: `mskctl plan`.


def plan(capsys, *args) -> tuple[int, str]:
    code = main(["plan", *args])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_dev_and_prod_break_no_rule(capsys, stack):
    code, out = plan(capsys, "--stack", stack, "--json")
    assert code == 0 and json.loads(out)["policy"] == []


def test_prod_without_protect_is_a_mandatory_violation(capsys):
    code, out = plan(capsys, "--stack", "prod", "--set", "protect=false")
    assert code == 1
    assert "Policy violations (3):" in out
    assert "✗ mandatory protect-data-in-prod  aws:msk/cluster:Cluster::msk-cluster" in out
    assert "✗ mandatory protect-data-in-prod  aws:kms/key:Key::msk-key" in out
    logs = "aws:cloudwatch/logGroup:LogGroup::msk-broker-logs"
    assert f"✗ mandatory protect-data-in-prod  {logs}" in out


BAD_PROGRAM = """
import pulumi_aws as aws

group = aws.ec2.SecurityGroup(
    "open",
    description="wide open",
    ingress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
)
aws.msk.Cluster(
    "raw",
    cluster_name="raw",
    kafka_version="3.9.x",
    number_of_broker_nodes=2,
    broker_node_group_info={
        "client_subnets": ["subnet-1", "subnet-2"],
        "instance_type": "kafka.t3.small",
        "security_groups": [group.id],
    },
    encryption_info={"encryption_in_transit": {"client_broker": "PLAINTEXT"}},
    client_authentication={"unauthenticated": True},
)
"""


@pytest.fixture
def bad_project(tmp_path):
    """A program that skips the component and builds a weak raw cluster."""
    (tmp_path / "Pulumi.yaml").write_text("name: raw\nruntime: python\n")
    (tmp_path / "Pulumi.test.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(BAD_PROGRAM)
    return tmp_path


def test_a_weak_raw_cluster_is_reported_by_rule_and_exits_1(capsys, bad_project):
    code, out = plan(capsys, "--stack", "test", "--project-dir", str(bad_project), "--json")
    found = {(v["policy"], v["resource"], v["level"]) for v in json.loads(out)["policy"]}
    assert code == 1
    assert found == {
        ("msk-client-traffic-tls", "aws:msk/cluster:Cluster::raw", "mandatory"),
        ("msk-encryption-at-rest-cmk", "aws:msk/cluster:Cluster::raw", "mandatory"),
        ("msk-broker-logs", "aws:msk/cluster:Cluster::raw", "mandatory"),
        ("msk-authenticated-clients", "aws:msk/cluster:Cluster::raw", "mandatory"),
        (
            "security-group-no-world-ingress",
            "aws:ec2/securityGroup:SecurityGroup::open",
            "mandatory",
        ),
        (
            "security-group-no-zookeeper-ingress",
            "aws:ec2/securityGroup:SecurityGroup::open",
            "mandatory",
        ),
        ("security-group-rules-described", "aws:ec2/securityGroup:SecurityGroup::open", "advisory"),
    }


def test_advisory_violations_show_but_exit_0(capsys, tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: raw\nruntime: python\n")
    (tmp_path / "Pulumi.test.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi_aws as aws\naws.kms.Key('k', description='no rotation')\n"
    )
    code, out = plan(capsys, "--stack", "test", "--project-dir", str(tmp_path))
    assert code == 0
    assert "! advisory kms-key-rotation  aws:kms/key:Key::k: the key is never rotated" in out


def test_the_pack_answers_the_engine_over_grpc():
    """Run the pack as the CLI does (its own process, stack named by the environment) and
    ask it what the engine asks during `pulumi preview --policy-pack policy`."""
    env = dict(os.environ, PULUMI_PROJECT="msk", PULUMI_STACK="prod", PULUMI_DRY_RUN="true")
    pack = subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "policy" / "__main__.py")],
        cwd=PROJECT_DIR / "policy",
        env=env,
        stdout=subprocess.PIPE,
    )
    try:
        port = int(pack.stdout.readline())
        analyzer = analyzer_pb2_grpc.AnalyzerStub(grpc.insecure_channel(f"127.0.0.1:{port}"))
        info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
        assert [p.name for p in info.policies] == [p.name for p in all_policies()]
        props = struct_pb2.Struct()
        json_format.ParseDict(
            changed(GOOD_CLUSTER, "encryptionInfo.encryptionInTransit.clientBroker", "PLAINTEXT"),
            props,
        )
        request = analyzer_pb2.AnalyzeRequest(
            type=CLUSTER, properties=props, urn="urn:pulumi:prod::msk::x::c", name="c"
        )
        diagnostics = analyzer.Analyze(request, timeout=30).diagnostics
    finally:
        pack.kill()
        pack.wait()
    assert {(d.policyName, d.enforcementLevel) for d in diagnostics} == {
        ("msk-client-traffic-tls", analyzer_pb2.MANDATORY),
        ("protect-data-in-prod", analyzer_pb2.MANDATORY),  # unprotected, in prod
    }


def test_a_rule_that_trips_on_an_unknown_is_noted_as_the_engine_notes_it(monkeypatch):
    """A rule reading an unknown directly raises, as under the CLI: an advisory note, not a
    violation (ours read through policy/props.py and never do)."""

    def naive(args, report_violation):
        if args.props["kmsKeyId"] != "mine":
            report_violation("not mine")

    strict = ResourceValidationPolicy(
        name="naive",
        description="reads unknowns",
        validate=naive,
        enforcement_level=EnforcementLevel.MANDATORY,
    )
    monkeypatch.setattr(policy_check, "all_policies", lambda stack_name: [strict])
    resource = {
        "type": "aws:kms/key:Key",
        "name": "k",
        "parent": None,
        "inputs": {},
        "options": {"protect": False, "ignoreChanges": [], "retainOnDelete": False},
    }
    unknown = {**resource, "inputs": {"kmsKeyId": None}}
    found = policy_check.check_plan_resources([unknown], "msk", "dev")
    assert [(v["policy"], v["level"]) for v in found] == [("naive", "advisory")]
    assert "can't be checked before deployment" in found[0]["message"]
    known = {**resource, "inputs": {"kmsKeyId": "theirs"}}
    found = policy_check.check_plan_resources([known], "msk", "dev")
    assert [(v["level"], v["message"]) for v in found] == [("mandatory", "not mine")]
