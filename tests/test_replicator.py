"""MSK Replicator into this cluster (msk:replicators) and on its own (MskReplicator): the rules
AWS's requirements give, both ways; the replicator, its role and its security group as planned;
the role's least-privilege policy on both clusters; the cost lines; and the lifecycle model."""

import json

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.builders.replicator import execution_policy, trust_policy
from msk_platform.cost import estimate
from msk_platform.spec.replicator_rules import iam_name, placement_problems
from mskctl import lifecycle
from tests.conftest import build_spec, problems_by_key

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]
SOURCE = (
    "arn:aws:kafka:us-west-2:123456789012:cluster/primary/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-2"
)
TARGET = (
    "arn:aws:kafka:us-east-1:123456789012:cluster/msk-test/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-3"
)
SOURCE_SUBNETS = ["subnet-0d1b2c3d4e5f60711", "subnet-0d1b2c3d4e5f60722"]
SOURCE_SG = "sg-0d1b2c3d4e5f60799"
REPLICATOR = "aws:msk/replicator:Replicator"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
GROUP = "aws:ec2/securityGroup:SecurityGroup"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
IAM_PORT = catalog.port("sasl_iam")


def entry(**fields) -> dict:
    item = {
        "name": "orders-dr",
        "sourceClusterArn": SOURCE,
        "sourceSubnetIds": SOURCE_SUBNETS,
        "sourceSecurityGroupIds": [SOURCE_SG],
        "topics": ["orders", "payments.*"],
        "consumerGroups": ["billing"],
        **fields,
    }
    return {name: value for name, value in item.items() if value is not None}


def keys(**overrides) -> dict:
    return {"vpc_id": VPC, "subnet_ids": SUBNETS, "replicators": [entry()], **overrides}


# --- rules, both ways -------------------------------------------------------------------------


def test_a_replicator_into_an_iam_cluster_is_accepted_as_given():
    (replicator,) = build_spec(**keys(replicators=[entry(startingPosition="EARLIEST")])).replicators
    assert replicator.name == "orders-dr"
    assert replicator.source_cluster_arn == SOURCE
    assert replicator.topics == ("orders", "payments.*")
    assert replicator.consumer_groups == ("billing",)
    assert replicator.starting_position == "EARLIEST"


def test_the_target_needs_iam_auth_naming_the_key():
    found = problems_by_key(**keys(auth={"scram": True}))
    assert "msk:auth.iam" in found["msk:replicators"]
    assert build_spec(**keys(auth={"scram": True, "iam": True})).replicators


def test_t3_small_brokers_are_refused_m5_large_and_up_taken():
    found = problems_by_key(**keys(instance_type="kafka.t3.small"))
    assert "kafka.t3.small" in found["msk:replicators"]
    assert "m5.large or larger" in found["msk:replicators"]
    assert build_spec(**keys(instance_type="kafka.m5.large")).replicators


def test_a_two_zone_target_needs_four_brokers():
    two = {"subnet_ids": SUBNETS[:2]}
    found = problems_by_key(**keys(broker_count=2, **two))
    assert "at least 4 brokers in two Availability Zones" in found["msk:replicators"]
    assert build_spec(**keys(broker_count=4, **two)).replicators


def test_the_target_needs_the_components_own_broker_group():
    found = problems_by_key(
        **keys(create_security_group=False, security_group_ids=["sg-0a1b2c3d4e5f60700"])
    )
    assert "createSecurityGroup" in found["msk:replicators"]


@pytest.mark.parametrize(
    ("fields", "key", "fragment"),
    [
        ({"name": "-dr"}, "name", "not a replicator name"),
        ({"name": None}, "name", "is required"),
        ({"sourceClusterArn": "arn:aws:kafka:us-west-2:1:cluster/x"}, "sourceClusterArn", "ARN"),
        ({"sourceSubnetIds": []}, "sourceSubnetIds", "at least one subnet"),
        ({"sourceSubnetIds": ["subnet-x"]}, "sourceSubnetIds[0]", "not a subnet id"),
        ({"sourceSecurityGroupIds": None}, "sourceSecurityGroupIds", "is required"),
        ({"topics": ["orders|payments"]}, "topics[0]", "prefix ending in '.*'"),
        ({"topics": ["ord.*ers"]}, "topics[0]", "prefix ending in '.*'"),
        ({"topics": []}, "topics", "is empty"),
        ({"consumerGroups": ["billing", "billing"]}, "consumerGroups", "twice"),
        ({"startingPosition": "MIDDLE"}, "startingPosition", "LATEST"),
    ],
)
def test_each_bad_field_is_named_by_its_index(fields, key, fragment):
    found = problems_by_key(**keys(replicators=[entry(**fields)]))
    assert fragment in found[f"msk:replicators[0].{key}"], found


def test_two_replicators_of_one_name_are_refused():
    found = problems_by_key(**keys(replicators=[entry(), entry(topics=["audit"])]))
    assert "twice" in found["msk:replicators"]
    assert len(build_spec(**keys(replicators=[entry(), entry(name="audit-dr")])).replicators) == 2


def test_topic_patterns_map_to_exactly_the_iam_names_they_match():
    assert iam_name("orders") == "orders"
    assert iam_name("orders.v1") == "orders?v1"  # '.' is any one character to AWS's regex
    assert iam_name("payments.*") == "payments*"
    assert iam_name(".*") == "*"


def test_the_source_must_be_in_a_replicator_region_and_this_account():
    item = {"source_cluster_arn": SOURCE}
    assert placement_problems(item, "L", "us-east-1", ("123456789012",)) == []
    elsewhere = {"source_cluster_arn": SOURCE.replace("us-west-2", "me-south-1")}
    (found,) = placement_problems(elsewhere, "L", "us-east-1", ())
    assert found[0] == "L.sourceClusterArn" and "does not run" in found[1]
    (foreign,) = placement_problems(item, "L", "us-east-1", ("210987654321",))
    assert "one account" in foreign[1]


def test_a_source_region_without_replicator_is_refused_before_any_resource(run_config):
    bad = entry(sourceClusterArn=SOURCE.replace("us-west-2", "me-south-1"))
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, replicators=[bad], raise_errors=False)
    assert isinstance(run.error, MskConfigError), run.error
    assert (
        "me-south-1"
        in {p.key: p.message for p in run.error.problems}["msk:replicators[0].sourceClusterArn"]
    )
    assert run.resources == []


# --- what is planned --------------------------------------------------------------------------


@pytest.fixture
def planned(run_config):
    return run_config(
        vpcId=VPC,
        subnetIds=SUBNETS,
        replicators=[entry(startingPosition="EARLIEST")],
    )


def test_the_replicator_copies_from_the_source_into_this_cluster(planned):
    made = planned.one(REPLICATOR)
    inputs = made.inputs
    assert made.parent == "msk:index:MskReplicator::msk-replicator-orders-dr"
    assert inputs["replicatorName"] == "orders-dr"
    source, target = inputs["kafkaClusters"]
    assert source == {
        "amazonMskCluster": {"mskClusterArn": SOURCE},
        "vpcConfig": {"subnetIds": SOURCE_SUBNETS, "securityGroupsIds": [SOURCE_SG]},
    }
    assert target["amazonMskCluster"]["mskClusterArn"] == TARGET
    assert target["vpcConfig"] == {
        "subnetIds": SUBNETS,
        "securityGroupsIds": ["msk-replicator-orders-dr-id"],
    }
    info = inputs["replicationInfoList"]
    assert info["sourceKafkaClusterArn"] == SOURCE
    assert info["targetKafkaClusterArn"] == TARGET
    assert info["targetCompressionType"] == "NONE"
    (topics,) = info["topicReplications"]
    assert topics["topicsToReplicates"] == ["orders", "payments.*"]
    assert topics["startingPosition"] == {"type": "EARLIEST"}
    assert topics["copyAccessControlListsForTopics"] is True
    (groups,) = info["consumerGroupReplications"]
    assert groups["consumerGroupsToReplicates"] == ["billing"]
    role = planned.one(ROLE)
    assert inputs["serviceExecutionRoleArn"].endswith(role.name)


def test_without_a_starting_position_none_is_sent(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, replicators=[entry()])
    (topics,) = run.one(REPLICATOR).inputs["replicationInfoList"]["topicReplications"]
    assert "startingPosition" not in topics


def test_only_msk_of_this_account_may_assume_the_role(planned):
    trust = json.loads(planned.one(ROLE).inputs["assumeRolePolicy"])
    (statement,) = trust["Statement"]
    assert statement["Principal"] == {"Service": "kafka.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_the_role_reads_only_its_topics_and_groups_on_the_source_and_writes_the_target(planned):
    policy = json.loads(planned.one(ROLE_POLICY).inputs["policy"])
    by_sid = {s["Sid"]: (s["Action"], s["Resource"]) for s in policy["Statement"]}
    source_topic = SOURCE.replace(":cluster/", ":topic/")
    source_group = SOURCE.replace(":cluster/", ":group/")
    target_topic = TARGET.replace(":cluster/", ":topic/")
    target_group = TARGET.replace(":cluster/", ":group/")
    assert by_sid == {
        "SourceCluster": (
            [
                "kafka-cluster:Connect",
                "kafka-cluster:DescribeCluster",
                "kafka-cluster:WriteDataIdempotently",
            ],
            [SOURCE],
        ),
        "SourceTopics": (
            [
                "kafka-cluster:DescribeTopic",
                "kafka-cluster:ReadData",
                "kafka-cluster:DescribeTopicDynamicConfiguration",
            ],
            [f"{source_topic}/orders", f"{source_topic}/payments*"],
        ),
        "SourceGroups": (["kafka-cluster:DescribeGroup"], [f"{source_group}/billing"]),
        "TargetCluster": (
            [
                "kafka-cluster:Connect",
                "kafka-cluster:DescribeCluster",
                "kafka-cluster:WriteDataIdempotently",
                "kafka-cluster:AlterCluster",
            ],
            [TARGET],
        ),
        "TargetTopics": (
            [
                "kafka-cluster:DescribeTopic",
                "kafka-cluster:CreateTopic",
                "kafka-cluster:AlterTopic",
                "kafka-cluster:WriteData",
                "kafka-cluster:ReadData",
                "kafka-cluster:DescribeTopicDynamicConfiguration",
                "kafka-cluster:AlterTopicDynamicConfiguration",
            ],
            [f"{target_topic}/*"],
        ),
        "TargetGroups": (
            ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
            [f"{target_group}/*"],
        ),
    }
    writes = {"kafka-cluster:WriteData", "kafka-cluster:CreateTopic", "kafka-cluster:AlterGroup"}
    source_statements = [s for s in policy["Statement"] if s["Sid"].startswith("Source")]
    assert not writes & {a for s in source_statements for a in s["Action"]}


def test_without_acl_copies_the_target_gets_no_alter_cluster():
    policy = execution_policy(SOURCE, TARGET, ["orders"], ["billing"], copy_acls=False)
    target = next(s for s in policy["Statement"] if s["Sid"] == "TargetCluster")
    assert "kafka-cluster:AlterCluster" not in target["Action"]
    assert trust_policy("123456789012")["Statement"][0]["Condition"]


def test_the_brokers_admit_the_replicators_group_on_the_iam_port_only(planned):
    brokers = next(g for g in planned.of_type(GROUP) if g.name == "msk-brokers")
    from_replicator = [
        rule
        for rule in brokers.inputs["ingress"]
        if "msk-replicator-orders-dr-id" in rule.get("securityGroups", [])
    ]
    assert [(r["fromPort"], r["toPort"], r["protocol"]) for r in from_replicator] == [
        (IAM_PORT, IAM_PORT, "tcp")
    ]
    own = next(g for g in planned.of_type(GROUP) if g.name == "msk-replicator-orders-dr")
    assert own.inputs["vpcId"] == VPC
    # No inline rules on the replicator's group: its one rule is a resource of its own.
    assert "ingress" not in own.inputs and "egress" not in own.inputs
    (egress,) = planned.of_type(EGRESS)
    assert egress.inputs["securityGroupId"] == "msk-replicator-orders-dr-id"
    assert egress.inputs["referencedSecurityGroupId"] == "msk-brokers-id"
    assert (egress.inputs["fromPort"], egress.inputs["toPort"]) == (IAM_PORT, IAM_PORT)


def test_a_serverless_target_copies_no_acls(run_config):
    run = run_config(
        clusterType="serverless", vpcId=VPC, subnetIds=SUBNETS[:2], replicators=[entry()]
    )
    (topics,) = run.one(REPLICATOR).inputs["replicationInfoList"]["topicReplications"]
    assert topics["copyAccessControlListsForTopics"] is False
    policy = json.loads(run.one(ROLE_POLICY).inputs["policy"])
    target = next(s for s in policy["Statement"] if s["Sid"] == "TargetCluster")
    assert "kafka-cluster:AlterCluster" not in target["Action"]


def test_no_replicators_no_replicator_resources(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS)
    assert not run.of_type(REPLICATOR) and not run.of_type(ROLE) and not run.of_type(EGRESS)


# --- on its own: MskReplicator ----------------------------------------------------------------

PROGRAM = """
import pulumi
from msk_platform import MskReplicator
MskReplicator("dr", {args})
"""


def _standalone(run_inline, **args):
    fields = {
        "name": "orders-dr",
        "source_cluster_arn": SOURCE,
        "source_subnet_ids": SOURCE_SUBNETS,
        "source_security_group_ids": [SOURCE_SG],
        "topics": ["orders"],
        "consumer_groups": ["billing"],
        "target_cluster_arn": TARGET,
        "target_subnet_ids": SUBNETS,
        "target_security_group_ids": ["sg-0a1b2c3d4e5f60755"],
        **args,
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    return run_inline(PROGRAM.format(args=repr(fields)))


def test_the_component_alone_makes_the_replicator_its_role_and_policy(run_inline):
    run = _standalone(run_inline)
    assert run.error is None, run.error
    made = run.one(REPLICATOR)
    assert made.parent == "msk:index:MskReplicator::dr"
    assert made.inputs["kafkaClusters"][1]["vpcConfig"]["securityGroupsIds"] == [
        "sg-0a1b2c3d4e5f60755"
    ]
    assert {r.type for r in run.resources} == {
        "msk:index:MskReplicator",
        REPLICATOR,
        ROLE,
        ROLE_POLICY,
    }


@pytest.mark.parametrize(
    ("args", "key", "fragment"),
    [
        ({"target_cluster_arn": None}, "targetClusterArn", "is required"),
        ({"target_cluster_arn": "cluster"}, "targetClusterArn", "not an MSK cluster ARN"),
        ({"target_security_group_ids": []}, "targetSecurityGroupIds", "is empty"),
        ({"target_subnet_ids": "subnet-0a1b2c3d4e5f60711"}, "targetSubnetIds", "use a list"),
        ({"topics": ["a|b"]}, "topics[0]", "prefix ending in '.*'"),
        ({"name": "dr_1"}, "name", "not a replicator name"),
        ({"copy_access_control_lists": "yes"}, "copyAccessControlLists", "true or false"),
        (
            {"target_cluster_arn": TARGET.replace("123456789012", "210987654321")},
            "sourceClusterArn",
            "one account",
        ),
        ({"topic": ["orders"]}, "topic", "did you mean topics?"),
    ],
)
def test_the_component_refuses_bad_args_naming_them(run_inline, args, key, fragment):
    run = _standalone(run_inline, **args)
    assert isinstance(run.error, MskConfigError), run.error
    found = {p.key: p.message for p in run.error.problems}
    assert fragment in found[f"MskReplicator.{key}"], found
    assert run.resources == []


def test_the_component_is_published_for_other_languages():
    from msk_platform.provider_schema import schema

    resource = schema()["resources"]["msk:index:MskReplicator"]
    assert resource["isComponent"] is True
    assert {"name", "sourceClusterArn", "targetClusterArn", "topics"} <= set(
        resource["requiredInputs"]
    )
    assert set(resource["properties"]) == {"arn", "replicatorName", "roleArn"}


# --- cost ------------------------------------------------------------------------------------


def _replicator_lines(spec):
    return [line for line in estimate(spec, "us-east-1").lines if "MSK Replicator" in line.item]


def test_each_replicator_has_an_hours_line_and_a_data_line_both_unpriced():
    hours = catalog.pricing()["hours_per_month"]
    running, data = _replicator_lines(build_spec(**keys()))
    assert (running.quantity, running.unit) == (hours, "replicator-hour")
    assert data.unit == "GB" and data.quantity is None  # no msk:workload: depends on usage
    # No sourced price: shown without an amount, never as zero.
    assert running.unit_price is None and running.monthly is None and data.monthly is None
    assert _replicator_lines(build_spec(vpc_id=VPC, subnet_ids=SUBNETS)) == []


def test_the_data_line_is_this_clusters_workload_ingress():
    spec = build_spec(**keys(workload={"ingressMibps": 2}))
    _, data = _replicator_lines(spec)
    hours = catalog.pricing()["hours_per_month"]
    assert data.quantity == pytest.approx(2 * 3600 * hours / 1024)
    notes = estimate(spec, "us-east-1").assumptions
    assert any(note.startswith("MSK Replicator: no us-east-1 figure") for note in notes)


# --- lifecycle --------------------------------------------------------------------------------


def test_the_lifecycle_model_says_what_replaces_a_replicator_and_what_updates_it():
    model = lifecycle.lifecycle_of(REPLICATOR)
    assert model is not None
    replaced = {rule.path for rule in model.replace}
    assert {
        "kafkaClusters",
        "replicationInfoList.sourceKafkaClusterArn",
        "replicationInfoList.targetKafkaClusterArn",
    } <= replaced
    updated = {rule.path: rule.operation for rule in model.update}
    assert updated["replicationInfoList.topicReplications"] == "UpdateReplicationInfo"
    assert all(lifecycle.source(rule.source) for rule in model.replace + model.update)
    assert "msk:index:MskReplicator" in lifecycle.not_cloud_resources()
    assert lifecycle.lifecycle_of(EGRESS) is not None and lifecycle.lifecycle_of(ROLE)


def test_the_conformance_plan_lints_the_replicators_role_and_trust_policies():
    from tests import conformance_policies as policies
    from tests.conformance_plans import run_plan

    documents = policies.policy_documents(run_plan("replicator", preview=False).resources)
    linted = {(d.resource_type, d.resource_name, d.input_path) for d in documents}
    assert {
        (ROLE_POLICY, "msk-replicator-orders-dr-policy", "policy"),
        (ROLE, "msk-replicator-orders-dr-role", "assumeRolePolicy"),
    } <= linted
    allowlist = policies.load_allowlist()
    findings = [f for d in documents for f in policies.lint_document(d)]
    assert [str(f) for f in findings if policies.explanation(f, allowlist) is None] == []


# --- the policy pack -------------------------------------------------------------------------


def _pack_violations(replication_info: dict) -> list[str]:
    from mskctl.policy.replicator_rules import REPLICATOR_POLICIES
    from tests.test_policy import violations

    (policy,) = REPLICATOR_POLICIES
    return violations(policy, REPLICATOR, {"replicationInfoList": replication_info})


def test_the_pack_refuses_a_replicator_whose_topics_iam_cant_name():
    info = {
        "topicReplications": [{"topicsToReplicates": ["orders|payments"]}],
        "consumerGroupReplications": [{"consumerGroupsToReplicates": ["billing", "a+"]}],
    }
    found = _pack_violations(info)
    assert any("topicsToReplicates[0]" in v and "prefix ending in '.*'" in v for v in found)
    assert any("consumerGroupsToReplicates[1]" in v for v in found)
    ok = {
        "topicReplications": [{"topicsToReplicates": ["orders", "payments.*"]}],
        "consumerGroupReplications": [{"consumerGroupsToReplicates": ["billing"]}],
    }
    assert _pack_violations(ok) == []


def test_the_pack_runs_the_replicator_rule():
    from mskctl.policy.msk_rules import all_policies

    assert "msk-replicator-nameable-topics" in {p.name for p in all_policies()}
