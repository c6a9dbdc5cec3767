"""MskCluster's children and their key inputs, through the real program under mocks."""

import pytest

from msk_platform import MskConfigError
from mskctl.mock_runtime import SECRET
from tests.ids import CA, CLIENT_SG, SUBNETS, VPC
from tests.ids import KMS_KEY as GIVEN_KEY

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
SG = "aws:ec2/securityGroup:SecurityGroup"
KEY = "aws:kms/key:Key"
VPC_TYPE = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ZOOKEEPER_PORTS = {2181, 2182}


def ingress_ports(run) -> set:
    return {rule["fromPort"] for rule in run.one(SG).inputs["ingress"]}


# --- network ------------------------------------------------------------------------------


def test_builds_a_private_network_with_one_subnet_per_az(run_config):
    run = run_config(clientCidrBlocks=["10.40.0.0/16"])
    vpc = run.one(VPC_TYPE)
    assert vpc.inputs["cidrBlock"] == "10.40.0.0/16"
    subnets = run.of_type(SUBNET)
    assert [s.inputs["cidrBlock"] for s in subnets] == [
        "10.40.0.0/20",
        "10.40.16.0/20",
        "10.40.32.0/20",
    ]
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 3
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)
    types = {r.type for r in run.resources}
    assert not types & {
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/eip:Eip",
    }
    closed = run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert closed.inputs["ingress"] == [] and closed.inputs["egress"] == []
    cluster = run.one(CLUSTER)
    assert cluster.inputs["brokerNodeGroupInfo"]["clientSubnets"] == [
        f"msk-private-{i}-id" for i in range(3)
    ]
    assert run.outputs["subnetIds"] == [f"msk-private-{i}-id" for i in range(3)]
    assert run.outputs["vpcId"] == "msk-vpc-id"


def test_existing_vpc_is_joined_not_built(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, clientSecurityGroupIds=[CLIENT_SG])
    assert not run.of_type(VPC_TYPE) and not run.of_type(SUBNET)
    assert run.one(SG).inputs["vpcId"] == VPC
    assert run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["clientSubnets"] == SUBNETS
    assert run.outputs["vpcId"] == VPC and run.outputs["subnetIds"] == SUBNETS


# --- security group -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys,ports",
    [
        ({}, {9098}),
        ({"auth": {"iam": True, "scram": True}}, {9096, 9098}),
        ({"auth": {"tls": True, "certificateAuthorityArns": [CA]}}, {9094}),
        ({"auth": {"scram": True}}, {9096}),
        (
            {
                "clientBrokerEncryption": "TLS_PLAINTEXT",
                "auth": {"iam": True, "unauthenticated": True},
            },
            {9092, 9094, 9098},
        ),
        ({"clientBrokerEncryption": "PLAINTEXT", "auth": {"unauthenticated": True}}, {9092}),
        ({"clusterType": "serverless"}, {9098}),
    ],
)
def test_ingress_opens_only_the_enabled_auth_ports(run_config, keys, ports):
    run = run_config(clientSecurityGroupIds=[CLIENT_SG], **keys)
    assert ingress_ports(run) == ports
    assert not ingress_ports(run) & ZOOKEEPER_PORTS


def test_ingress_only_from_named_sources_and_every_rule_described(run_config):
    run = run_config(
        vpcId=VPC,
        subnetIds=SUBNETS,
        clientSecurityGroupIds=[CLIENT_SG],
        clientCidrBlocks=["10.1.0.0/16", "192.0.2.0/24"],
        auth={"iam": True, "scram": True},
    )
    group = run.one(SG).inputs
    rules = group["ingress"] + group["egress"]
    assert all(rule.get("description") for rule in rules)
    for rule in group["ingress"]:
        assert rule["fromPort"] == rule["toPort"] and rule["protocol"] == "tcp"
        sources = (rule.get("securityGroups"), rule.get("cidrBlocks"), rule.get("ipv6CidrBlocks"))
        assert sources in (
            ([CLIENT_SG], None, None),
            (None, ["10.1.0.0/16", "192.0.2.0/24"], None),
        )
    assert len(group["ingress"]) == 4  # 2 ports x 2 kinds of source
    assert group["egress"] == [
        {
            "description": "Broker to broker within this group only",
            "protocol": "tcp",
            "fromPort": 0,
            "toPort": 65535,
            "self": True,
        }
    ]


def test_without_sources_nothing_is_opened_and_the_user_is_warned(run_config):
    run = run_config()
    assert run.one(SG).inputs["ingress"] == []
    assert any("no client can reach the brokers" in w for w in run.warnings)


def test_public_access_opens_public_ports_to_cidrs_only(run_config):
    run = run_config(
        vpcId=VPC,
        subnetIds=SUBNETS,
        publicAccess=True,
        clientSecurityGroupIds=[CLIENT_SG],
        clientCidrBlocks=["203.0.113.0/24"],
    )
    public = [r for r in run.one(SG).inputs["ingress"] if r["fromPort"] == 9198]
    assert public == [
        {
            "description": "Kafka SASL/IAM (public) (9198) from client CIDR blocks",
            "protocol": "tcp",
            "fromPort": 9198,
            "toPort": 9198,
            "cidrBlocks": ["203.0.113.0/24"],
        }
    ]
    info = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]
    assert info == {"publicAccess": {"type": "SERVICE_PROVIDED_EIPS"}}
    assert run.outputs["bootstrapBrokersPublicIam"].endswith(":9198")


# --- encryption ---------------------------------------------------------------------------


def test_customer_managed_key_with_rotation_encrypts_the_cluster(run_config):
    run = run_config()
    key = run.one(KEY).inputs
    assert key["enableKeyRotation"] is True and key["deletionWindowInDays"] == 30
    alias = run.one("aws:kms/alias:Alias").inputs
    assert alias == {"name": "alias/msk/msk-test", "targetKeyId": "msk-key-key-id"}
    encryption = run.one(CLUSTER).inputs["encryptionInfo"]
    assert encryption == {
        "encryptionAtRestKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:msk-key",
        "encryptionInTransit": {"clientBroker": "TLS", "inCluster": True},
    }
    assert run.outputs["kmsKeyArn"] == encryption["encryptionAtRestKmsKeyArn"]


def test_given_key_is_used_and_none_created(run_config):
    run = run_config(kmsKeyArn=GIVEN_KEY)
    assert not run.of_type(KEY)
    assert run.one(CLUSTER).inputs["encryptionInfo"]["encryptionAtRestKmsKeyArn"] == GIVEN_KEY
    assert run.outputs["kmsKeyArn"] == GIVEN_KEY


# --- cluster ------------------------------------------------------------------------------


def test_provisioned_cluster_inputs(run_config):
    run = run_config(
        instanceType="kafka.m7g.4xlarge",
        brokerCount=6,
        ebsVolumeGib=2000,
        provisionedThroughputMibps=500,
        kafkaVersion="3.9.x.kraft",
        clusterName="orders",
    )
    cluster = run.one(CLUSTER).inputs
    assert cluster["clusterName"] == "orders"
    assert cluster["kafkaVersion"] == "3.9.x.kraft"
    assert cluster["numberOfBrokerNodes"] == 6
    group = cluster["brokerNodeGroupInfo"]
    assert group["instanceType"] == "kafka.m7g.4xlarge"
    assert group["securityGroups"] == ["msk-brokers-id"]
    assert group["storageInfo"] == {
        "ebsStorageInfo": {
            "volumeSize": 2000,
            "provisionedThroughput": {"enabled": True, "volumeThroughput": 500},
        }
    }
    assert group["connectivityInfo"] == {"publicAccess": {"type": "DISABLED"}}
    assert cluster["clientAuthentication"] == {
        "sasl": {"iam": True, "scram": False},
        "unauthenticated": False,
    }


def test_express_brokers_carry_no_storage_block(run_config):
    run = run_config(instanceType="express.m7g.large")
    group = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]
    assert "storageInfo" not in group and group["instanceType"] == "express.m7g.large"
    assert run.one(CLUSTER).inputs["kafkaVersion"] == "4.2.x.kraft"


def test_mutual_tls_passes_its_certificate_authorities(run_config):
    run = run_config(auth={"tls": True, "certificateAuthorityArns": [CA]})
    assert run.one(CLUSTER).inputs["clientAuthentication"] == {
        "tls": {"certificateAuthorityArns": [CA]},
        "unauthenticated": False,
    }


def test_serverless_cluster_uses_iam_and_the_vpc(run_config):
    run = run_config(
        clusterType="serverless",
        vpcId=VPC,
        subnetIds=SUBNETS[:2],
        clientSecurityGroupIds=[CLIENT_SG],
    )
    cluster = run.one(SERVERLESS).inputs
    assert cluster["clientAuthentication"] == {"sasl": {"iam": {"enabled": True}}}
    assert cluster["vpcConfigs"] == [
        {"subnetIds": SUBNETS[:2], "securityGroupIds": ["msk-brokers-id"]}
    ]
    assert not run.of_type(CLUSTER) and not run.of_type(KEY)
    assert run.outputs["kmsKeyArn"] is None


# --- outputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys,expected",
    [
        ({}, {"bootstrapBrokersIam": 9098}),
        (
            {"auth": {"iam": True, "scram": True}},
            {"bootstrapBrokersIam": 9098, "bootstrapBrokersScram": 9096},
        ),
        ({"auth": {"tls": True, "certificateAuthorityArns": [CA]}}, {"bootstrapBrokersTls": 9094}),
        (
            {
                "clientBrokerEncryption": "TLS_PLAINTEXT",
                "auth": {"scram": True, "unauthenticated": True},
            },
            {
                "bootstrapBrokersScram": 9096,
                "bootstrapBrokersTls": 9094,
                "bootstrapBrokersPlaintext": 9092,
            },
        ),
        ({"clusterType": "serverless"}, {"bootstrapBrokersIam": 9098}),
    ],
)
def test_one_bootstrap_output_per_enabled_auth_mode(run_config, keys, expected):
    run = run_config(**keys)
    bootstrap = {k: v for k, v in run.outputs.items() if k.startswith("bootstrapBrokers")}
    assert set(bootstrap) == set(expected)
    for name, port in expected.items():
        assert bootstrap[name].endswith(f":{port}")
    assert {
        "clusterArn",
        "clusterName",
        "securityGroupId",
        "kmsKeyArn",
        "vpcId",
        "subnetIds",
    } <= set(run.outputs)


def test_secret_config_stays_secret_in_outputs(run_config):
    run = run_config(kmsKeyArn=GIVEN_KEY, secret=("kmsKeyArn",))
    assert "kmsKeyArn" in run.secret_outputs
    # The whole block that holds the secret is sent as a secret; its text appears nowhere.
    assert run.one(CLUSTER).inputs["encryptionInfo"] == SECRET
    assert GIVEN_KEY not in repr([r.inputs for r in run.resources])


def test_secret_config_for_a_key_that_shapes_the_cluster_is_refused(run_config):
    run = run_config(brokerCount=3, secret=("brokerCount",), raise_errors=False)
    assert isinstance(run.error, MskConfigError)
    problem = run.error.problems[0]
    assert problem.key == "msk:brokerCount" and "secret" in problem.message


# --- options and tags ---------------------------------------------------------------------


def test_protect_covers_the_cluster_and_its_key(run_config):
    protected = run_config(protect=True)
    assert protected.one(CLUSTER).options["protect"] and protected.one(KEY).options["protect"]
    unprotected = run_config()
    assert (
        not unprotected.one(CLUSTER).options["protect"]
        and not unprotected.one(KEY).options["protect"]
    )


TAGGABLE = {
    CLUSTER,
    SERVERLESS,
    SG,
    KEY,
    VPC_TYPE,
    SUBNET,
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
}


@pytest.mark.parametrize("cluster_type", ["provisioned", "serverless"])
def test_tags_are_merged_onto_every_taggable_child(run_config, cluster_type):
    run = run_config(clusterType=cluster_type, tags={"team": "payments"})
    children = [r for r in run.resources if r.type in TAGGABLE]
    assert len(children) >= 5
    for child in children:
        tags = child.inputs["tags"]
        assert {
            "project": "msk",
            "stack": "test",
            "managed-by": "pulumi-msk",
            "team": "payments",
        }.items() <= tags.items()
    assert all(
        r.parent == "msk:index:MskCluster::msk"
        for r in run.resources
        if r.type != "msk:index:MskCluster"
    )


def test_bad_config_registers_nothing(run_config):
    run = run_config(brokerCount=4, instanceType="kafka.x", raise_errors=False)
    assert isinstance(run.error, MskConfigError)
    assert {p.key for p in run.error.problems} == {"msk:brokerCount", "msk:instanceType"}
    assert run.resources == []
