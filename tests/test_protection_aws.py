"""What `pulumi destroy` would do to a protected, retained stack, and to an unprotected one.

A retained cluster must come out of a destroy whole and usable: nothing it uses may be
deleted under it (AWS refuses to delete a security group, subnet or configuration still in
use, and the destroy stalls), and whatever holds data is protected. An unprotected (dev)
stack must be destroyable and creatable again at once, SCRAM secrets and all.
"""

import pytest

from msk_platform import catalog
from msk_platform.builders.safety import PROTECTED
from mskctl.mock_runtime import ProgramRun, run_program
from mskctl.policy import msk_rules
from mskctl.policy_check import check_plan_resources

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
PASSWORD = "random:index/randomPassword:RandomPassword"
TOPIC = "aws:msk/topic:Topic"
ASSOCIATION = "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation"
KEY = "aws:kms/key:Key"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
COMPONENT = "msk:index:MskCluster"

KEPT = {"protect": True, "retainOnDelete": True}
# Every feature that adds a child the cluster uses or holds data in, in a network of its own.
PROVISIONED = {
    "azCount": 3,
    "brokerCount": 3,
    "clientCidrBlocks": ["10.40.0.0/16"],
    "auth": {"iam": True, "scram": True},
    "scramUsers": ["app", "ops"],
    "topics": [{"name": "orders", "partitions": 6}],
    "serverProperties": {"num.partitions": "6"},
    "logging": {"cloudwatch": True, "retentionDays": 365, "encryptWithClusterKey": True},
    "alarms": {"enabled": True, "emails": ["oncall@example.com"]},
    "storageAutoscaling": {"maxGib": 4000, "targetUtilization": 60},
}
SERVERLESS_CLUSTER = {"clusterType": "serverless", "azCount": 3}
RETAINED = {
    "provisioned, built network": {**PROVISIONED, **KEPT},
    "serverless, built network": {**SERVERLESS_CLUSTER, **KEPT},
}


def address(resource) -> str:
    return f"{resource.type}::{resource.name}"


def deleted_under_retained(run: ProgramRun) -> list[str]:
    """What a destroy deletes while a resource it leaves in AWS still uses it."""
    by_address = {address(r): r for r in run.resources}
    problems = []
    for resource in run.resources:
        if not resource.options["retainOnDelete"]:
            continue
        for sources in resource.dependencies.values():
            for source in sources:
                used = by_address[source]
                if used.type != COMPONENT and not used.options["retainOnDelete"]:
                    problems.append(f"{source}, used by {address(resource)}")
    return problems


def used_by(run: ProgramRun, resource_type: str) -> set[str]:
    """The types of everything the resource of ``resource_type`` is built from, at any depth."""
    by_address = {address(r): r for r in run.resources}
    todo, seen = [address(run.one(resource_type))], set()
    while todo:
        for sources in by_address[todo.pop()].dependencies.values():
            for source in sources:
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
    return {by_address[s].type for s in seen}


@pytest.mark.parametrize("name", RETAINED)
def test_destroy_deletes_nothing_a_retained_cluster_still_uses(run_config, name):
    run = run_config(**RETAINED[name])
    cluster_type = SERVERLESS if "serverless" in name else CLUSTER
    assert run.one(cluster_type).options["retainOnDelete"]
    # The cluster stands on its network and security group (and, provisioned, its key, log
    # group and configuration): each must stay when the cluster does.
    assert {"aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc", "aws:ec2/securityGroup:SecurityGroup"} <= (
        used_by(run, cluster_type)
    )
    assert deleted_under_retained(run) == []


def test_the_prod_stack_keeps_its_configuration_and_security_group_with_the_cluster(run_stack):
    run = run_stack("prod")
    assert used_by(run, CLUSTER) >= {
        "aws:msk/configuration:Configuration",
        "aws:ec2/securityGroup:SecurityGroup",
        KEY,
        LOG_GROUP,
    }
    assert deleted_under_retained(run) == []


def test_a_retained_cluster_keeps_its_growing_storage(run_config):
    kept = run_config(**RETAINED["provisioned, built network"])
    assert kept.one("aws:appautoscaling/target:Target").options["retainOnDelete"]
    assert kept.one("aws:appautoscaling/policy:Policy").options["retainOnDelete"]


def test_what_grants_access_is_protected_but_never_left_behind(run_config):
    """Removing a SCRAM user or a grant must revoke it: a secret, association or role policy
    retained in AWS would keep the login or the access alive after it left the stack."""
    kept = run_config(
        **RETAINED["provisioned, built network"],
        grants=[{"roleName": "orders-api", "produce": ["orders"]}],
    )
    for type_ in (SECRET, SECRET_VERSION, PASSWORD):
        found = kept.of_type(type_)
        assert found and all(r.options["protect"] for r in found), type_
        assert not any(r.options["retainOnDelete"] for r in found), type_
    for type_ in (ASSOCIATION, "aws:iam/rolePolicy:RolePolicy"):
        found = kept.of_type(type_)
        assert found and not any(r.options["retainOnDelete"] for r in found), type_


def test_without_retain_on_delete_destroy_removes_everything(run_config):
    run = run_config(**PROVISIONED)
    assert [address(r) for r in run.resources if r.options["retainOnDelete"]] == []


def test_every_child_that_holds_data_is_protected_and_retained(run_config):
    run = run_config(**RETAINED["provisioned, built network"])
    for type_ in (TOPIC, CLUSTER, KEY, LOG_GROUP):
        found = run.of_type(type_)
        assert found, type_
        for resource in found:
            kept = resource.options["protect"] and resource.options["retainOnDelete"]
            assert kept, address(resource)


def test_things_that_hold_no_data_stay_unprotected(run_config):
    """Protection blocks every replacement; on a security group or configuration it would only
    get in the way (the cluster's own protection already stops what would replace it)."""
    run = run_config(**RETAINED["provisioned, built network"])
    for type_ in (
        ASSOCIATION,
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:msk/configuration:Configuration",
    ):
        assert not any(r.options["protect"] for r in run.of_type(type_)), type_


def as_plan(run: ProgramRun) -> list[dict]:
    return [
        {
            "type": r.type,
            "name": r.name,
            "parent": r.parent,
            "inputs": r.inputs,
            "options": r.options,
        }
        for r in run.resources
    ]


def protect_violations(run: ProgramRun, stack: str) -> set[str]:
    found = check_plan_resources(as_plan(run), "msk", stack)
    return {v["resource"] for v in found if v["policy"] == "protect-data-in-prod"}


def test_the_prod_rule_flags_every_unprotected_data_holder(run_config):
    unprotected = run_config(**PROVISIONED)
    flagged = {a.split("::")[0] for a in protect_violations(unprotected, "prod")}
    assert {TOPIC, SECRET, SECRET_VERSION, PASSWORD, CLUSTER, KEY} <= flagged
    assert LOG_GROUP in flagged
    assert protect_violations(unprotected, "dev") == set()
    assert protect_violations(run_config(**RETAINED["provisioned, built network"]), "prod") == set()


def test_the_rule_and_the_component_agree_on_what_holds_data():
    assert set(msk_rules.DATA_HOLDERS) == PROTECTED


@pytest.mark.parametrize(
    "resource_type,protect,stack,flagged",
    [
        (TOPIC, False, "prod", True),
        (SECRET, False, "prod", True),
        (SECRET_VERSION, False, "prod", True),
        (PASSWORD, False, "prod", True),
        (LOG_GROUP, False, "prod", True),
        (TOPIC, True, "prod", False),
        (SECRET, False, "dev", False),
        (ASSOCIATION, False, "prod", False),  # holds no data
        ("aws:msk/configuration:Configuration", False, "prod", False),
    ],
)
def test_protect_rule_by_type(resource_type, protect, stack, flagged):
    plan = [
        {
            "type": resource_type,
            "name": "x",
            "parent": None,
            "inputs": {},
            "options": {"protect": protect, "ignoreChanges": [], "retainOnDelete": False},
        }
    ]
    found = [
        v for v in check_plan_resources(plan, "msk", stack) if v["policy"] == "protect-data-in-prod"
    ]
    assert bool(found) is flagged


# --- SCRAM secret names and their recovery window -----------------------------------------


def test_an_unprotected_stack_deletes_scram_secrets_at_once(run_config):
    """Else each secret keeps its name for 30 days after a destroy, and the stack can't be
    created again until then."""
    run = run_config(auth={"iam": True, "scram": True}, scramUsers=["app"])
    secret = run.one(SECRET)
    assert secret.inputs["recoveryWindowInDays"] == 0
    assert secret.inputs["name"].startswith(catalog.scram_rules()["name_prefix"])


def test_a_protected_stack_keeps_deleted_scram_secrets_restorable(run_config):
    run = run_config(auth={"iam": True, "scram": True}, scramUsers=["app"], protect=True)
    deletion = catalog.scram_rules()["deletion"]
    window = run.one(SECRET).inputs["recoveryWindowInDays"]
    assert window == max(deletion["recovery_window_days"]) == 30
    assert run.one(SECRET).inputs["name"] == "AmazonMSK_msk-test_app"


# --- embedding ------------------------------------------------------------------------------


def test_protect_given_to_the_component_reaches_what_holds_data(tmp_path):
    """An embedding program's `protect=True` on the component protects its cluster and key,
    even where the component's own `protect` is off."""
    (tmp_path / "__main__.py").write_text(
        "import pulumi\n"
        "from msk_platform import MskCluster\n"
        "MskCluster('events', {}, opts=pulumi.ResourceOptions(protect=True))\n"
    )
    run = run_program(
        tmp_path, project="app", stack="dev", config={"aws:region": "us-east-1"}, preview=False
    )
    assert run.one(CLUSTER).options["protect"] and run.one(KEY).options["protect"]
