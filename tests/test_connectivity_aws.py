"""Who can reach the brokers, as AWS decides it: public access only when every condition AWS
sets holds and some client CIDR may use it, in two deploys; IPv6 sources refused with why."""

from datetime import date

import pytest

from msk_platform import MskConfigError, catalog
from tests.conftest import build_spec, problems_by_key
from tests.ids import CA, CLIENT_SG, SUBNETS, VPC

CLUSTER = "aws:msk/cluster:Cluster"
SG = "aws:ec2/securityGroup:SecurityGroup"
PUBLIC = dict(vpc_id=VPC, subnet_ids=SUBNETS, public_access=True)
CLIENTS = ["203.0.113.0/24"]
ACL = "allow.everyone.if.no.acl.found"


def problems_or_none(**args) -> dict:
    try:
        build_spec(**args)
    except MskConfigError as error:
        return {p.key: p.message for p in error.problems}
    return {}


# --- public access: someone must be able to reach it --------------------------------------


def test_public_access_without_client_cidrs_is_refused_naming_the_key():
    for sources in ({}, {"client_security_group_ids": [CLIENT_SG]}):
        message = problems_by_key(**PUBLIC, **sources)["msk:clientCidrBlocks"]
        assert "msk:publicAccess is true" in message and "nothing could reach them" in message
        assert "security groups can't name clients on the internet" in message
        assert "9194–9198" in message


def test_public_access_with_a_client_cidr_is_accepted_and_the_two_steps_are_said():
    spec = build_spec(**PUBLIC, client_cidr_blocks=CLIENTS)
    assert spec.public_access
    (step,) = [w for w in spec.warnings if w.startswith("msk:publicAccess")]
    assert "first `pulumi up` with it true fails" in step and "UpdateConnectivity" in step


def test_the_plan_shows_public_access_and_its_two_steps(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, publicAccess=True, clientCidrBlocks=CLIENTS)
    info = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]
    assert info["publicAccess"] == {"type": "SERVICE_PROVIDED_EIPS"}
    assert any("deploy with false, then set true" in w for w in run.warnings)


def test_private_clusters_need_no_client_cidr():
    assert "msk:clientCidrBlocks" not in problems_or_none(vpc_id=VPC, subnet_ids=SUBNETS)


# --- public access: every condition AWS lists --------------------------------------------


@pytest.mark.parametrize(
    "args,reason",
    [
        ({"vpc_id": None, "subnet_ids": None}, "only private subnets"),
        ({"client_broker_encryption": "TLS_PLAINTEXT", "auth": {"iam": True}}, "'TLS'"),
        ({"in_cluster_encryption": False}, "inClusterEncryption must be true"),
        ({"auth": {"iam": True, "unauthenticated": True}}, "unauthenticated must be false"),
        ({"auth": {"scram": True}}, f"AWS requires Kafka ACLs and {ACL}=false"),
        (
            {"auth": {"scram": True}, "server_properties": {ACL: "true"}},
            f"AWS requires Kafka ACLs and {ACL}=false",
        ),
        (
            {
                "auth": {"tls": True, "certificateAuthorityArns": [CA]},
                "server_properties": {ACL: "true"},
            },
            f"AWS requires Kafka ACLs and {ACL}=false",
        ),
    ],
)
def test_each_public_access_condition_is_checked(args, reason):
    given = {**PUBLIC, "client_cidr_blocks": CLIENTS, **args}
    given = {k: v for k, v in given.items() if v is not None}
    assert reason in problems_by_key(**given)["msk:publicAccess"]


@pytest.mark.parametrize(
    "auth",
    [{"scram": True}, {"tls": True, "certificateAuthorityArns": [CA]}],
)
def test_scram_and_mtls_public_clusters_pass_with_deny_unless_acl(auth):
    found = problems_or_none(
        **PUBLIC, client_cidr_blocks=CLIENTS, auth=auth, server_properties={ACL: "false"}
    )
    assert "msk:publicAccess" not in found


def test_iam_ignores_kafka_acls_so_public_iam_clusters_need_no_acl_setting():
    found = problems_or_none(**PUBLIC, client_cidr_blocks=CLIENTS, server_properties={ACL: "true"})
    assert "msk:publicAccess" not in found


def test_every_kafka_version_the_spec_accepts_allows_public_access():
    """AWS needs Kafka 2.6.0 or later for public access; the spec accepts only supported
    versions, so the condition holds while every one of them is that new."""
    least = catalog.version_key(catalog.client_access()["public_access"]["min_kafka_version"])
    versions = [v for v in catalog.kafka_versions() if v.supported_on(date.today())]
    assert versions and all(catalog.version_key(v.version) >= least for v in versions)


# --- IPv6: refused, with the reason ---------------------------------------------------------


@pytest.mark.parametrize(
    "key,args",
    [
        ("msk:clientCidrBlocks[1]", {"client_cidr_blocks": ["10.0.0.0/16", "2001:db8::/32"]}),
        ("msk:clientCidrBlocks[0]", {"client_cidr_blocks": ["2001:db8::1"]}),
        (
            "msk:openMonitoring.sourceCidrBlocks[0]",
            {"open_monitoring": {"jmxExporter": True, "sourceCidrBlocks": ["fd00::/8"]}},
        ),
    ],
)
def test_ipv6_sources_are_refused_with_the_aws_reason(key, args):
    found = problems_by_key(**args)
    message = found[key]
    assert "dual-stack" in message and "20092–20098" in message and "3.6.0" in message
    assert list(found) == [key]  # the IPv4 block beside it is fine


def test_ipv4_sources_open_only_ipv4_rules(run_config):
    run = run_config(clientCidrBlocks=["10.1.0.0/16"])
    ingress = run.one(SG).inputs["ingress"]
    assert ingress and all(rule["cidrBlocks"] == ["10.1.0.0/16"] for rule in ingress)
    assert not any("ipv6CidrBlocks" in rule for rule in ingress)


def test_the_world_in_ipv6_is_still_called_the_world():
    assert (
        "every address" in problems_by_key(client_cidr_blocks=["::/0"])["msk:clientCidrBlocks[0]"]
    )
