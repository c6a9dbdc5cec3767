"""MSK Serverless across several VPCs: ``msk:vpcConfigs``, in place of vpcId/subnetIds.

AWS (catalog: serverless_vpc_configs, serverless_limits.max_client_vpcs_per_cluster): 1-5
client VPCs, at least two subnets in each, at most five security groups each; without groups
AWS would use the VPC's default group, which this component refuses to leave to AWS.
"""

import pytest

from msk_platform import MskConfigError, catalog
from mskctl import lifecycle
from mskctl.against import REPLACE, compare
from mskctl.plan import build_plan, stack_config
from mskctl.policy_check import check_plan_resources
from tests.conftest import PROJECT_DIR, build_spec
from tests.conftest import problems_by_key as problems

SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
NETWORK_TYPES = (
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
)


def subnet(n: int) -> str:
    return f"subnet-0a1b2c3d4e5f6{n:04d}"


def group(n: int) -> str:
    return f"sg-0a1b2c3d4e5f6{n:04d}"


def vpc(n: int, groups: int = 1) -> dict:
    """The n-th client VPC's entry: two subnets and ``groups`` security groups of its own."""
    return {
        "subnetIds": [subnet(10 * n), subnet(10 * n + 1)],
        "securityGroupIds": [group(10 * n + g) for g in range(groups)],
    }


TWO_VPCS = [vpc(0), vpc(1, groups=2)]


def serverless(**args) -> dict:
    return problems(cluster_type="serverless", **args)


# -- the cluster gets one VPC config per client VPC, and nothing is built ---------------------


def test_the_serverless_cluster_reaches_every_vpc_named(run_config):
    run = run_config(clusterType="serverless", vpcConfigs=TWO_VPCS)
    cluster = run.one(SERVERLESS)
    assert cluster.inputs["vpcConfigs"] == TWO_VPCS


def test_with_vpc_configs_no_network_and_no_security_group_is_built(run_config):
    run = run_config(clusterType="serverless", vpcConfigs=TWO_VPCS)
    assert [r.type for r in run.resources if r.type in NETWORK_TYPES] == []
    spec = build_spec(cluster_type="serverless", vpc_configs=TWO_VPCS)
    assert not spec.builds_network and not spec.create_security_group
    assert spec.az_count is None and spec.vpc_cidr is None  # no built VPC to shape
    # without them, a serverless cluster still gets its network and group as before
    built = run_config(clusterType="serverless", clientCidrBlocks=["10.40.0.0/16"])
    assert built.of_type("aws:ec2/vpc:Vpc") and built.of_type("aws:ec2/securityGroup:SecurityGroup")


def test_the_outputs_are_every_vpcs_subnets_and_groups_and_no_one_vpc(run_config):
    outputs = run_config(clusterType="serverless", vpcConfigs=TWO_VPCS).outputs
    assert outputs["subnetIds"] == [s for entry in TWO_VPCS for s in entry["subnetIds"]]
    assert outputs["securityGroupIds"] == [
        g for entry in TWO_VPCS for g in entry["securityGroupIds"]
    ]
    assert "vpcId" not in outputs and "securityGroupId" not in outputs


def test_no_client_source_warning_when_each_vpc_names_its_groups():
    spec = build_spec(cluster_type="serverless", vpc_configs=TWO_VPCS)
    assert not any("no client can reach" in w for w in spec.warnings)


def test_vpc_configs_are_refused_on_a_provisioned_cluster():
    message = problems(vpc_configs=TWO_VPCS)["msk:vpcConfigs"]
    assert "does not apply to provisioned clusters" in message and "vpcConnectivity" in message


# -- how many VPCs ----------------------------------------------------------------------------


def test_one_to_five_vpcs_are_taken():
    most = catalog.serverless_limits()["max_client_vpcs_per_cluster"]
    assert most == 5
    assert len(build_spec(cluster_type="serverless", vpc_configs=[vpc(0)]).vpc_configs) == 1
    five = [vpc(n) for n in range(most)]
    assert len(build_spec(cluster_type="serverless", vpc_configs=five).vpc_configs) == 5


@pytest.mark.parametrize("count", [0, 6])
def test_none_or_more_than_five_vpcs_are_refused(count):
    message = serverless(vpc_configs=[vpc(n) for n in range(count)])["msk:vpcConfigs"]
    assert f"has {count} entries" in message and "1–5 client VPCs" in message


# -- subnets of each VPC ----------------------------------------------------------------------


def test_each_vpc_needs_two_subnets():
    one = {"subnetIds": [subnet(10)], "securityGroupIds": [group(10)]}
    found = serverless(vpc_configs=[vpc(0), one])
    assert "at least 2" in found["msk:vpcConfigs[1].subnetIds"]
    assert "msk:vpcConfigs[0].subnetIds" not in found


def test_subnets_are_required_in_each_entry():
    found = serverless(vpc_configs=[{"securityGroupIds": [group(1)]}])
    assert "is required" in found["msk:vpcConfigs[0].subnetIds"]


def test_a_subnet_id_is_checked_by_its_index():
    bad = {"subnetIds": [subnet(1), "subnet-xyz"], "securityGroupIds": [group(1)]}
    message = serverless(vpc_configs=[bad])["msk:vpcConfigs[0].subnetIds[1]"]
    assert "'subnet-xyz' is not a subnet id" in message


def test_a_subnet_in_two_entries_is_refused():
    again = {"subnetIds": [subnet(0), subnet(99)], "securityGroupIds": [group(99)]}
    message = serverless(vpc_configs=[vpc(0), again])["msk:vpcConfigs[1].subnetIds[0]"]
    assert "also in msk:vpcConfigs[0]" in message and "belongs to one VPC" in message


# -- security groups of each VPC --------------------------------------------------------------


@pytest.mark.parametrize("groups", [None, []])
def test_a_vpc_without_security_groups_is_refused_not_left_to_the_default_group(groups):
    entry = {"subnetIds": [subnet(1), subnet(2)]}
    if groups is not None:
        entry["securityGroupIds"] = groups
    message = serverless(vpc_configs=[vpc(0), entry])["msk:vpcConfigs[1].securityGroupIds"]
    assert "default security group" in message and "1–5" in message


def test_up_to_five_groups_per_vpc_are_taken_and_six_refused():
    most = catalog.serverless_vpc_config_rules()["security_groups_per_config_max"]
    spec = build_spec(cluster_type="serverless", vpc_configs=[vpc(0, groups=most)])
    assert len(spec.vpc_configs[0].security_group_ids) == most
    message = serverless(vpc_configs=[vpc(0, groups=most + 1)])[
        "msk:vpcConfigs[0].securityGroupIds"
    ]
    assert "names 6 security groups" in message and "at most 5" in message


def test_a_security_group_id_is_checked_by_its_index():
    bad = {"subnetIds": [subnet(1), subnet(2)], "securityGroupIds": ["default"]}
    assert (
        "not a security group id"
        in serverless(vpc_configs=[bad])["msk:vpcConfigs[0].securityGroupIds[0]"]
    )


def test_a_security_group_in_two_entries_is_refused():
    again = {"subnetIds": [subnet(98), subnet(99)], "securityGroupIds": [group(0)]}
    message = serverless(vpc_configs=[vpc(0), again])["msk:vpcConfigs[1].securityGroupIds[0]"]
    assert "also in msk:vpcConfigs[0]" in message


# -- the keys of the single network are refused beside it ------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("vpc_id", "vpc-0a1b2c3d4e5f60718"),
        ("subnet_ids", [subnet(1), subnet(2)]),
        ("az_count", 2),
        ("vpc_cidr", "10.50.0.0/16"),
        ("client_cidr_blocks", ["10.40.0.0/16"]),
        ("client_security_group_ids", [group(7)]),
        ("create_security_group", False),
    ],
)
def test_single_network_keys_are_refused_with_vpc_configs(key, value):
    found = serverless(vpc_configs=TWO_VPCS, **{key: value})
    camel = {
        "vpc_id": "vpcId",
        "subnet_ids": "subnetIds",
        "az_count": "azCount",
        "vpc_cidr": "vpcCidr",
        "client_cidr_blocks": "clientCidrBlocks",
        "client_security_group_ids": "clientSecurityGroupIds",
        "create_security_group": "createSecurityGroup",
    }[key]
    assert list(found) == [f"msk:{camel}"]  # one message, naming the key...
    assert "can't be given with msk:vpcConfigs" in found[f"msk:{camel}"]  # ...and the other


def test_vpc_id_and_subnet_ids_alone_still_place_a_serverless_cluster(run_config):
    run = run_config(
        clusterType="serverless",
        vpcId="vpc-0a1b2c3d4e5f60718",
        subnetIds=[subnet(1), subnet(2)],
        clientCidrBlocks=["10.40.0.0/16"],
    )
    (config,) = run.one(SERVERLESS).inputs["vpcConfigs"]
    assert config["subnetIds"] == [subnet(1), subnet(2)]


def test_a_refused_config_builds_nothing(run_config):
    run = run_config(clusterType="serverless", vpcConfigs=[vpc(0, groups=0)], raise_errors=False)
    assert isinstance(run.error, MskConfigError)
    assert [p.key for p in run.error.problems] == ["msk:vpcConfigs[0].securityGroupIds"]
    assert run.of_type(SERVERLESS) == []


# -- what a change does, and the policy pack -------------------------------------------------

SERVERLESS_DEV = (
    "clusterType=serverless",
    "brokerCount=",
    "instanceType=",
    "kafkaVersion=",
    "ebsVolumeGib=",
    "azCount=",
    "clientCidrBlocks=",
)


def serverless_plan(configs: str) -> dict:
    document = build_plan(
        PROJECT_DIR, stack_config(PROJECT_DIR, "dev", [*SERVERLESS_DEV, f"vpcConfigs={configs}"])
    )
    assert not document["errors"], document["errors"]
    return document


def test_changing_the_vpc_configs_replaces_the_serverless_cluster():
    one = f"[{{subnetIds: [{subnet(0)}, {subnet(1)}], securityGroupIds: [{group(0)}]}}]"
    more = (
        one[:-1]
        + f", {{subnetIds: [{subnet(10)}, {subnet(11)}], securityGroupIds: [{group(10)}]}}]"
    )
    found = [
        c for c in compare(serverless_plan(one), serverless_plan(more)) if c.type == SERVERLESS
    ]
    assert len(found) == 1 and found[0].action == REPLACE
    assert "vpcConfigs" in " ".join(found[0].reasons)
    model = lifecycle.lifecycle_of(SERVERLESS)
    assert model is not None
    assert any(r.path == "vpcConfigs" and "msk:vpcConfigs" in r.key for r in model.replace)


def test_the_policy_pack_refuses_a_vpc_left_to_its_default_group():
    def cluster(configs):
        return {
            "type": SERVERLESS,
            "name": "msk-cluster",
            "parent": None,
            "inputs": {
                "clientAuthentication": {"sasl": {"iam": {"enabled": True}}},
                "vpcConfigs": configs,
            },
            "options": {"protect": False, "ignoreChanges": [], "retainOnDelete": False},
        }

    def found(configs):
        return [
            v
            for v in check_plan_resources([cluster(configs)], "msk", "dev")
            if v["policy"] == "msk-serverless-vpc-security-groups"
        ]

    assert found([vpc(0)]) == []
    bare = [
        {"subnetIds": [subnet(1), subnet(2)]},
        {"subnetIds": [subnet(3)], "securityGroupIds": []},
    ]
    violations = found(bare)
    assert [v["level"] for v in violations] == ["mandatory", "mandatory"]
    assert "default security group" in violations[0]["message"]
