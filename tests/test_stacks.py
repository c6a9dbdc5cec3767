"""Every stack file, evaluated end to end through __main__.py with its real config."""

import pytest

from mskctl.mock_runtime import UNKNOWN
from mskctl.stack_files import load_stack_config
from tests.conftest import PROJECT_DIR

STACKS = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in PROJECT_DIR.glob("Pulumi.*.yaml"))


def test_the_project_has_dev_and_prod_stacks():
    assert {"dev", "prod"} <= set(STACKS)


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("preview", [False, True])
def test_every_stack_evaluates_cleanly(run_stack, stack, preview):
    run = run_stack(stack, preview=preview)
    assert run.of_type("aws:msk/cluster:Cluster") or run.of_type(
        "aws:msk/serverlessCluster:ServerlessCluster"
    )
    assert run.outputs["clusterName"] == f"msk-{stack}"
    assert not run.warnings, run.warnings


@pytest.mark.parametrize("stack", STACKS)
def test_stack_files_read_as_the_pulumi_cli_reads_them_with_nothing_to_warn_about(stack):
    config = load_stack_config(PROJECT_DIR, stack)
    assert config.warnings == [] and config.secure_keys == []
    assert all(key.startswith(("msk:", "aws:")) for key in config.values)


@pytest.mark.parametrize("stack", STACKS)
def test_stack_files_pin_the_kafka_version(stack):
    values = load_stack_config(PROJECT_DIR, stack).values
    if values.get("msk:clusterType", "provisioned") == "provisioned":
        assert "msk:kafkaVersion" in values, (
            "pin msk:kafkaVersion so a catalog update never upgrades it"
        )


def test_dev_builds_its_own_network_and_the_cheapest_sensible_cluster(run_stack):
    run = run_stack("dev")
    assert run.one("aws:ec2/vpc:Vpc").inputs["cidrBlock"] == "10.40.0.0/16"
    assert len(run.of_type("aws:ec2/subnet:Subnet")) == 2
    cluster = run.one("aws:msk/cluster:Cluster")
    group = cluster.inputs["brokerNodeGroupInfo"]
    assert (group["instanceType"], cluster.inputs["numberOfBrokerNodes"]) == ("kafka.t3.small", 2)
    assert group["storageInfo"]["ebsStorageInfo"]["volumeSize"] == 20
    assert not cluster.options["protect"]
    rules = run.one("aws:ec2/securityGroup:SecurityGroup").inputs["ingress"]
    assert [(r["fromPort"], r.get("cidrBlocks")) for r in rules] == [(9098, ["10.40.0.0/16"])]
    assert run.one("aws:kms/key:Key").inputs["enableKeyRotation"] is True


def test_prod_joins_its_vpc_across_three_azs_protected(run_stack):
    config = load_stack_config(PROJECT_DIR, "prod").values
    run = run_stack("prod")
    assert not run.of_type("aws:ec2/vpc:Vpc")
    cluster = run.one("aws:msk/cluster:Cluster")
    subnets = cluster.inputs["brokerNodeGroupInfo"]["clientSubnets"]
    assert len(subnets) == 3 and len(set(subnets)) == 3
    assert cluster.inputs["numberOfBrokerNodes"] >= 3
    assert cluster.inputs["numberOfBrokerNodes"] % 3 == 0
    assert cluster.options["protect"] and run.one("aws:kms/key:Key").options["protect"]
    assert run.one("aws:ec2/securityGroup:SecurityGroup").inputs["vpcId"] in config["msk:vpcId"]


def test_preview_shows_cloud_values_as_unknown_never_invented(run_stack):
    run = run_stack("prod", preview=True)
    assert run.outputs["clusterArn"] == UNKNOWN
    assert run.outputs["bootstrapBrokersIam"] == UNKNOWN
    assert run.outputs["vpcId"] == load_stack_config(PROJECT_DIR, "prod").values["msk:vpcId"]
