"""What `pulumi up` would send is what the provider takes, and every policy in it lints clean.

Each resource of dev, prod and the feature-rich plans of ``conformance_plans`` is checked,
at every nesting level, against the input types of the installed pulumi-aws and pulumi-random
SDKs (``conformance_sdk``: derived from the SDKs, not written here). Every IAM and KMS policy
document in those plans is linted with parliament (``conformance_policies``); a finding is
either explained in ``tests/data/parliament_allowlist.json`` or fails here.
"""

import copy
import functools
import json

import pytest

from mskctl.mock_runtime import SECRET, UNKNOWN, RecordedResource
from tests import conformance_policies as policies
from tests.conformance_plans import ALL_PLANS, run_plan
from tests.conformance_sdk import args_class, plan_problems, resource_problems

CLUSTER = "aws:msk/cluster:Cluster"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
KEY = "aws:kms/key:Key"


@functools.cache
def planned(name: str, preview: bool):
    """One run per plan and mode for the whole module (each takes a second or two)."""
    return run_plan(name, preview)


# --- the SDK's input types ----------------------------------------------------------------


@pytest.mark.parametrize("preview", [False, True], ids=["deployed", "preview"])
@pytest.mark.parametrize("plan", ALL_PLANS)
def test_every_resource_takes_exactly_the_sdk_inputs(plan, preview):
    run = planned(plan, preview)
    assert run.resources, f"{plan} planned nothing"
    assert plan_problems(run.resources) == []


def test_the_plans_exercise_each_kind_of_resource_the_component_makes():
    """The conformance check is only as wide as the plans: each kind of child the component
    makes appears in at least one of them, and the cluster blocks that only some keys add."""
    planned_types = {r.type for plan in ALL_PLANS for r in planned(plan, False).resources}
    assert {
        CLUSTER,
        "aws:msk/serverlessCluster:ServerlessCluster",
        "aws:msk/configuration:Configuration",
        "aws:msk/topic:Topic",
        "aws:msk/vpcConnection:VpcConnection",
        "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
        "aws:secretsmanager/secret:Secret",
        "aws:secretsmanager/secretVersion:SecretVersion",
        "random:index/randomPassword:RandomPassword",
        ROLE_POLICY,
        KEY,
        "aws:kms/alias:Alias",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:sns/topic:Topic",
        "aws:sns/topicSubscription:TopicSubscription",
        "aws:appautoscaling/target:Target",
        "aws:appautoscaling/policy:Policy",
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:msk/replicator:Replicator",
        "aws:mskconnect/connector:Connector",
        "aws:mskconnect/customPlugin:CustomPlugin",
        "aws:mskconnect/workerConfiguration:WorkerConfiguration",
        "aws:iam/role:Role",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    } <= planned_types
    cluster = planned("everything-provisioned", False).one(CLUSTER).inputs
    assert set(cluster["loggingInfo"]["brokerLogs"]) == {"cloudwatchLogs", "s3", "firehose"}
    assert set(cluster["openMonitoring"]["prometheus"]) == {"jmxExporter", "nodeExporter"}
    assert (
        "provisionedThroughput" in cluster["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    )
    tls = planned("scram-tls-public", False).one(CLUSTER).inputs["clientAuthentication"]
    assert tls["sasl"]["scram"] is True and tls["tls"]["certificateAuthorityArns"]


# --- the checker itself -------------------------------------------------------------------

VALID_CLUSTER = {
    "clusterName": "orders",
    "kafkaVersion": "3.9.x",
    "numberOfBrokerNodes": 3,
    "brokerNodeGroupInfo": {
        "instanceType": "kafka.m7g.large",
        "clientSubnets": ["subnet-1", "subnet-2", "subnet-3"],
        "securityGroups": ["sg-1"],
        "storageInfo": {"ebsStorageInfo": {"volumeSize": 1000}},
    },
    "encryptionInfo": {"encryptionInTransit": {"clientBroker": "TLS", "inCluster": True}},
    "tags": {"team": "payments"},
}


def test_the_checker_takes_a_valid_cluster_and_reads_its_shape_from_the_sdk():
    import pulumi_aws

    assert args_class(CLUSTER) is pulumi_aws.msk.ClusterArgs
    assert resource_problems(CLUSTER, "ok", VALID_CLUSTER) == []
    # Values the plan can't know yet (preview) or can't show (secrets) match any type.
    unknowns = copy.deepcopy(VALID_CLUSTER)
    unknowns["numberOfBrokerNodes"] = UNKNOWN
    unknowns["encryptionInfo"] = SECRET
    assert resource_problems(CLUSTER, "ok", unknowns) == []


def test_the_checker_reports_an_unknown_nested_key_a_wrong_type_and_a_missing_input():
    bad = copy.deepcopy(VALID_CLUSTER)
    bad["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSizeGib"] = 1000
    bad["numberOfBrokerNodes"] = "3"
    del bad["kafkaVersion"]
    del bad["brokerNodeGroupInfo"]["clientSubnets"]
    bad["brokerNodeGroupInfo"]["securityGroups"] = ["sg-1", 7]
    bad["encryptionInfo"]["encryptionInTransit"]["inCluster"] = "true"
    where = f"{CLUSTER}::bad"
    problems = resource_problems(CLUSTER, "bad", bad)
    assert sorted(problems) == sorted(
        [
            f"{where}.kafkaVersion: required input of ClusterArgs is missing",
            f"{where}.brokerNodeGroupInfo.clientSubnets: required input of "
            "ClusterBrokerNodeGroupInfoArgs is missing",
            f"{where}.brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSizeGib: unknown input "
            "of ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs (it takes "
            "['provisionedThroughput', 'volumeSize'])",
            f"{where}.numberOfBrokerNodes: expected int, got str '3'",
            f"{where}.brokerNodeGroupInfo.securityGroups[1]: expected str, got int 7",
            f"{where}.encryptionInfo.encryptionInTransit.inCluster: expected bool, got str 'true'",
        ]
    )


def test_the_checker_flags_a_real_plan_resource_once_it_is_broken():
    """The same check on a recorded prod cluster: clean as planned, flagged once a nested
    block takes a key the SDK has no such input for, or a block becomes a list."""
    cluster = planned("stack:prod", False).one(CLUSTER)
    assert plan_problems([cluster]) == []
    broken = copy.deepcopy(cluster.inputs)
    broken["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]["retentionInDays"] = 30
    broken["encryptionInfo"] = [broken["encryptionInfo"]]
    problems = plan_problems([RecordedResource(CLUSTER, "msk-cluster", None, "", broken, {})])
    assert [p.split(": ", 1)[0] for p in sorted(problems)] == [
        f"{CLUSTER}::msk-cluster.encryptionInfo",
        f"{CLUSTER}::msk-cluster.loggingInfo.brokerLogs.cloudwatchLogs.retentionInDays",
    ]


def test_a_resource_type_the_sdk_does_not_have_is_an_error_not_a_pass():
    with pytest.raises(AttributeError):
        args_class("aws:msk/cluster:NoSuchCluster")


# --- parliament on every policy document --------------------------------------------------


@functools.cache
def _findings(plan: str) -> tuple:
    documents = policies.policy_documents(planned(plan, False).resources)
    return tuple(f for document in documents for f in policies.lint_document(document))


@pytest.mark.parametrize("plan", ALL_PLANS)
def test_policy_documents_have_no_unexplained_parliament_findings(plan):
    allowlist = policies.load_allowlist()
    unexplained = [str(f) for f in _findings(plan) if policies.explanation(f, allowlist) is None]
    assert unexplained == []


def test_the_policies_linted_are_the_key_policies_and_the_grants():
    linted = {
        (d.resource_type, d.input_path, d.kind)
        for plan in ALL_PLANS
        for d in policies.policy_documents(planned(plan, False).resources)
    }
    assert {(KEY, "policy", policies.RESOURCE), (ROLE_POLICY, "policy", "identity")} <= linted
    everything = policies.policy_documents(planned("everything-provisioned", False).resources)
    assert sorted(d.resource_type for d in everything) == [ROLE_POLICY] * 4 + [KEY]


def test_every_allowlist_entry_still_explains_a_finding_and_says_why():
    allowlist = policies.load_allowlist()
    used = set()
    for plan in ALL_PLANS:
        for finding in _findings(plan):
            entry = policies.explanation(finding, allowlist)
            if entry is not None:
                used.add(json.dumps(entry, sort_keys=True))
    entries = allowlist["notApplicable"] + allowlist["findings"]
    stale = [e for e in entries if json.dumps(e, sort_keys=True) not in used]
    assert stale == [], "no finding matches these entries any more: remove them"
    for entry in entries:
        assert entry["reason"] and "https://" in entry["source"] and entry["checked"]


def _role_policy(statements: list[dict]) -> RecordedResource:
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return RecordedResource(ROLE_POLICY, "bad", None, "", {"role": "r", "policy": document}, {})


TOPIC_ARN = (
    "arn:aws:kafka:us-east-1:123456789012:topic/orders/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
)


def test_the_linter_reports_a_broken_grant_policy():
    allowlist = policies.load_allowlist()
    bad = _role_policy(
        [
            {
                "Sid": "Typo",
                "Effect": "Allow",
                "Action": "kafka-cluster:WriteDatta",
                "Resource": TOPIC_ARN,
            },
            {
                "Sid": "WrongResource",
                "Effect": "Allow",
                "Action": "kafka-cluster:Connect",
                "Resource": TOPIC_ARN,
            },
            {
                "Sid": "Everything",
                "Effect": "Allow",
                "Action": "kafka-cluster:ReadData",
                "Resource": "*",
            },
        ]
    )
    (document,) = policies.policy_documents([bad])
    found = {
        (f.sid, f.issue)
        for f in policies.lint_document(document)
        if policies.explanation(f, allowlist) is None
    }
    assert {
        ("Typo", "UNKNOWN_ACTION"),
        ("WrongResource", "RESOURCE_MISMATCH"),
        ("Everything", "RESOURCE_STAR"),
    } <= found


def test_resource_star_is_excused_in_resource_policies_only():
    """In a key policy ``*`` is the key itself; in a role's policy it is every resource."""
    allowlist = policies.load_allowlist()
    statement = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
    key = RecordedResource(
        KEY,
        "k",
        None,
        "",
        {
            "policy": json.dumps(
                {
                    "Statement": [
                        {**statement, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}
                    ]
                }
            )
        },
        {},
    )
    role = _role_policy([statement])
    for resource, excused in ((key, True), (role, False)):
        (document,) = policies.policy_documents([resource])
        star = [f for f in policies.lint_document(document) if f.issue == "RESOURCE_STAR"]
        assert star, resource.type
        assert all((policies.explanation(f, allowlist) is not None) is excused for f in star)


def test_the_checker_reports_an_input_the_sdk_deprecates():
    """No child of the component uses a deprecated input; one that did would be told here
    (Redshift's aquaConfigurationStatus: deprecated, the AWS API no longer supports it)."""
    token = "aws:redshift/cluster:Cluster"
    inputs = {"clusterIdentifier": "c", "nodeType": "ra3.xlplus", "aquaConfigurationStatus": "auto"}
    assert resource_problems(token, "old", inputs) == [
        f"{token}::old.aquaConfigurationStatus: input of ClusterArgs is deprecated in the SDK"
    ]
