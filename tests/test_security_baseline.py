"""The stacks' resources against the scanner rules the foundation promises.

checkov can't read a Pulumi program, so these tests apply the same conditions as the named
checkov rules to the inputs the provider would receive. (A scan by checkov itself joins CI
with the Terraform-plan export.)
"""

import pytest

from tests.test_stacks import STACKS

WORLD = {"0.0.0.0/0", "::/0"}


def world_ingress(group: dict) -> list:
    return [
        r
        for r in group.get("ingress", [])
        if WORLD & set((r.get("cidrBlocks") or []) + (r.get("ipv6CidrBlocks") or []))
    ]


def covers(rule: dict, port: int) -> bool:
    return rule["fromPort"] <= port <= rule["toPort"] or rule["protocol"] in ("-1", "all")


@pytest.fixture(params=STACKS)
def stack_run(request, run_stack):
    return run_stack(request.param)


def test_ckv_aws_81_tls_and_in_cluster_encryption(stack_run):
    for cluster in stack_run.of_type("aws:msk/cluster:Cluster"):
        transit = cluster.inputs["encryptionInfo"]["encryptionInTransit"]
        assert transit["clientBroker"] == "TLS" and transit["inCluster"] is True


def test_ckv_aws_291_no_public_access(stack_run):
    for cluster in stack_run.of_type("aws:msk/cluster:Cluster"):
        access = cluster.inputs["brokerNodeGroupInfo"]["connectivityInfo"]["publicAccess"]["type"]
        assert access != "SERVICE_PROVIDED_EIPS"


def test_at_rest_encryption_uses_a_customer_managed_key(stack_run):  # trivy AVD-AWS-0179
    for cluster in stack_run.of_type("aws:msk/cluster:Cluster"):
        assert cluster.inputs["encryptionInfo"]["encryptionAtRestKmsKeyArn"]


def test_ckv_aws_23_every_rule_has_a_description(stack_run):
    for group in stack_run.of_type("aws:ec2/securityGroup:SecurityGroup"):
        assert group.inputs["description"]
        for rule in group.inputs["ingress"] + group.inputs["egress"]:
            assert rule.get("description")


@pytest.mark.parametrize(
    "check,port", [("CKV_AWS_24", 22), ("CKV_AWS_25", 3389), ("CKV_AWS_260", 80)]
)
def test_no_world_ingress_to_admin_ports(stack_run, check, port):
    for group in stack_run.of_type("aws:ec2/securityGroup:SecurityGroup"):
        assert not [r for r in world_ingress(group.inputs) if covers(r, port)], check


def test_ckv_aws_277_no_world_ingress_on_all_ports(stack_run):
    for group in stack_run.of_type("aws:ec2/securityGroup:SecurityGroup"):
        assert not world_ingress(group.inputs)
        assert all(r["protocol"] not in ("-1", "all") for r in group.inputs["ingress"])
