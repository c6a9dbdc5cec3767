"""The two accounts: the cluster and its policy in the platform account, the producer's VPC
and its connection in the producer account, through the producer's own provider."""

import json

from conftest import PROJECT, stack_config

from msk_platform import catalog

CLUSTER = "aws:msk/cluster:Cluster"
POLICY = "aws:msk/clusterPolicy:ClusterPolicy"
CONNECTION = "aws:msk/vpcConnection:VpcConnection"
PRODUCER_ACCOUNT = stack_config()[f"{PROJECT}:producerAccountId"]


def by_type(resources, type_):
    return [r for r in resources if r.typ == type_]


def provider_name(resource) -> str | None:
    """The name of the provider a resource goes through; None for the default provider."""
    if not resource.provider:
        return None
    name = resource.provider.split("::")[-2]  # <provider URN>::<id>, the URN ends in the name
    return None if name.startswith("default") else name


def test_the_cluster_takes_iam_clients_over_privatelink_and_lets_the_producer_connect(deploy):
    resources = deploy(connect=True)
    (cluster,) = by_type(resources, CLUSTER)
    connectivity = cluster.inputs["brokerNodeGroupInfo"]["connectivityInfo"]["vpcConnectivity"]
    assert connectivity["clientAuthentication"]["sasl"] == {"iam": True, "scram": False}
    assert connectivity["clientAuthentication"]["tls"] is False
    (policy,) = by_type(resources, POLICY)
    document = json.loads(policy.inputs["policy"])
    principals = [s["Principal"]["AWS"] for s in document["Statement"]]
    assert any(PRODUCER_ACCOUNT in json.dumps(p) for p in principals)
    assert "kafka:CreateVpcConnection" in json.dumps(document)
    assert provider_name(cluster) is None and provider_name(policy) is None


def test_the_producer_connects_from_its_own_account_with_iam(deploy):
    resources = deploy(connect=True)
    (link,) = by_type(resources, CONNECTION)
    assert provider_name(link) == "producer"
    assert link.inputs["authentication"] == "SASL_IAM"
    assert link.inputs["targetClusterArn"].startswith("arn:aws:kafka:us-east-1:")
    assert link.inputs["clientSubnets"] == [
        f"producer-{z}-id" for z in ("use1-az1", "use1-az2", "use1-az4")
    ]
    assert link.inputs["securityGroups"] == ["producer-msk-endpoints-id"]
    assert link.inputs["tags"]["team"] == "producers"
    vpcs = {r.name: provider_name(r) for r in by_type(resources, "aws:ec2/vpc:Vpc")}
    assert vpcs == {"platform": None, "producer": "producer"}


def test_the_producer_provider_assumes_a_role_in_the_producer_account(deploy):
    resources = deploy(connect=True)
    (provider,) = [r for r in resources if r.typ == "pulumi:providers:aws"]
    # A provider's nested inputs reach the engine as JSON text, with the names as written.
    (assumed,) = json.loads(provider.inputs["assumeRoles"])
    assert assumed["role_arn"] == stack_config()[f"{PROJECT}:producerRoleArn"]
    assert json.loads(provider.inputs["allowedAccountIds"]) == [PRODUCER_ACCOUNT]


def test_both_sides_open_the_privatelink_ports_to_the_producer_range_only(deploy):
    resources = deploy(connect=True)
    first, last = catalog.port_range("multi_vpc_privatelink_range")
    groups = {
        r.name: r.inputs["ingress"]
        for r in by_type(resources, "aws:ec2/securityGroup:SecurityGroup")
    }
    private_link = [
        (rule["fromPort"], rule["toPort"], rule["cidrBlocks"])
        for rule in groups["orders-brokers"]
        if rule["fromPort"] == first
    ]
    assert private_link == [(first, last, ["10.80.0.0/16"])]
    endpoints = [
        (r["fromPort"], r["toPort"], r["cidrBlocks"]) for r in groups["producer-msk-endpoints"]
    ]
    assert endpoints == private_link


def test_both_accounts_place_subnets_by_zone_id(deploy):
    resources = deploy(connect=True)
    zones = {
        r.name: r.inputs["availabilityZoneId"] for r in by_type(resources, "aws:ec2/subnet:Subnet")
    }
    platform = sorted(z for n, z in zones.items() if n.startswith("platform-"))
    producer = sorted(z for n, z in zones.items() if n.startswith("producer-"))
    assert platform == producer and "use1-az3" not in platform


def test_the_first_deploy_makes_the_cluster_alone(deploy):
    resources = deploy(connect=False)
    (cluster,) = by_type(resources, CLUSTER)
    assert "vpcConnectivity" not in json.dumps(cluster.inputs)
    assert by_type(resources, POLICY) == [] and by_type(resources, CONNECTION) == []
