"""Multi-VPC private connectivity on the cluster side (msk:vpcConnectivity) and the cluster
policy (msk:clusterPolicy): AWS's rules both ways, the resources and inputs planned, the
brokers' security group, the outputs, the bill, the policy pack and the change plan."""

import copy
import json

import pytest
from pulumi_policy import PolicyCustomTimeouts, PolicyResourceOptions, ResourceValidationArgs
from pulumi_policy.proxy import unknown_checking_proxy

from msk_platform import catalog
from msk_platform.builders.vpc_connectivity import cluster_policy_document
from msk_platform.cost import estimate
from mskctl.against import CREATE, REFUSED, UPDATE, compare
from mskctl.plan import build_plan, stack_config
from mskctl.policy.msk_rules import all_policies
from tests import conformance_policies as policies
from tests.conformance_plans import run_plan
from tests.conftest import PROJECT_DIR, build_spec
from tests.ids import CA, CLIENT_SG, SUBNETS, TEST_CLUSTER_ARN, VPC

CLUSTER = "aws:msk/cluster:Cluster"
CLUSTER_POLICY = "aws:msk/clusterPolicy:ClusterPolicy"
SG = "aws:ec2/securityGroup:SecurityGroup"
KEY = "msk:vpcConnectivity"
CLIENT_VPC = "10.60.0.0/16"
OTHER_ACCOUNT = "210987654321"
FIRST, LAST = 14001, 14100
VPC_OUTPUTS = {
    "bootstrapBrokersVpcConnectivityIam",
    "bootstrapBrokersVpcConnectivityScram",
    "bootstrapBrokersVpcConnectivityTls",
}
MTLS = {"tls": True, "certificateAuthorityArns": [CA]}


def problems(**args) -> list[tuple[str, str]]:
    """(key, message) of every problem these args raise (none: [])."""
    from msk_platform import MskConfigError

    try:
        build_spec(**args)
    except MskConfigError as error:
        return [(p.key, p.message) for p in error.problems]
    return []


def keys_of(found) -> set[str]:
    return {key for key, _ in found}


def spec(**args):
    return build_spec(client_cidr_blocks=[CLIENT_VPC], **args)


# --- AWS's rules, each both ways ------------------------------------------------------------


def test_iam_multi_vpc_on_a_default_cluster_is_taken_with_the_create_warning():
    made = spec(vpc_connectivity={"iam": True})
    assert made.vpc_connectivity.modes == ("iam",)
    create = [w for w in made.warnings if w.startswith(f"{KEY}: AWS refuses")]
    assert create and "deploy without the key, then add it" in create[0]


def test_the_catalog_says_which_broker_types_take_it_t3_small_alone_does_not():
    refused = {name for name, t in catalog.instance_types().items() if not t.multi_vpc}
    assert refused == {"kafka.t3.small"}  # AWS: "doesn't support the t3.small instance type"


def test_not_on_kafka_t3_small():
    args = {"vpc_connectivity": {"iam": True}, "kafka_version": "3.9.x"}
    found = problems(instance_type="kafka.t3.small", client_cidr_blocks=[CLIENT_VPC], **args)
    assert [key for key, message in found if "kafka.t3.small" in message] == [KEY]
    assert problems(instance_type="kafka.m5.large", client_cidr_blocks=[CLIENT_VPC], **args) == []


def test_a_kafka_version_before_the_one_aws_names_is_refused(monkeypatch):
    # Every version the catalog still supports is past 2.7.1: raise the floor to see the rule.
    monkeypatch.setitem(catalog.multi_vpc_connectivity(), "min_kafka_version", "3.9.0")
    found = problems(
        vpc_connectivity={"iam": True}, kafka_version="3.8.x", client_cidr_blocks=[CLIENT_VPC]
    )
    assert any(key == KEY and "Kafka 3.9.0 or later" in m for key, m in found)
    assert (
        problems(
            vpc_connectivity={"iam": True}, kafka_version="3.9.x", client_cidr_blocks=[CLIENT_VPC]
        )
        == []
    )


def test_aws_needs_kafka_2_7_1():
    assert catalog.multi_vpc_connectivity()["min_kafka_version"] == "2.7.1"


@pytest.mark.parametrize("mode", ["scram", "tls"])
def test_each_mode_must_be_on_for_the_cluster_too(mode):
    found = problems(
        vpc_connectivity={mode: True}, auth={"iam": True}, client_cidr_blocks=[CLIENT_VPC]
    )
    assert f"{KEY}.{mode}" in keys_of(found)
    message = dict(found)[f"{KEY}.{mode}"]
    assert f"msk:auth.{mode} true" in message


def test_scram_and_mtls_on_for_the_cluster_with_acls_are_taken():
    made = spec(
        vpc_connectivity={"scram": True, "tls": True},
        auth={"iam": True, "scram": True, **{k: v for k, v in MTLS.items()}},
        deny_unless_acl=True,
    )
    assert made.vpc_connectivity.modes == ("scram", "tls")


def test_scram_needs_the_acl_property_false_as_aws_requires():
    found = problems(
        vpc_connectivity={"scram": True},
        auth={"iam": True, "scram": True},
        client_cidr_blocks=[CLIENT_VPC],
    )
    assert [key for key, m in found if "allow.everyone.if.no.acl.found=false" in m] == [KEY]


def test_iam_alone_needs_no_acl_property():
    assert problems(vpc_connectivity={"iam": True}, client_cidr_blocks=[CLIENT_VPC]) == []


def test_not_for_a_cluster_that_admits_unauthenticated_clients():
    found = problems(
        vpc_connectivity={"iam": True},
        auth={"iam": True, "unauthenticated": True},
        client_cidr_blocks=[CLIENT_VPC],
    )
    assert [key for key, m in found if "unauthenticated" in m] == [KEY]


def test_serverless_has_none_and_says_so():
    found = problems(
        cluster_type="serverless", vpc_connectivity={"iam": True}, client_cidr_blocks=[CLIENT_VPC]
    )
    assert "does not apply to serverless" in dict(found)[KEY]
    assert "msk:clusterPolicy" in keys_of(
        problems(
            cluster_type="serverless",
            cluster_policy={"principals": [OTHER_ACCOUNT]},
            client_cidr_blocks=[CLIENT_VPC],
        )
    )


def test_every_mode_false_is_taken_as_off_with_no_warning():
    made = spec(vpc_connectivity={"iam": False, "scram": False, "tls": False})
    assert made.vpc_connectivity is not None and made.vpc_connectivity.modes == ()
    assert not [w for w in made.warnings if KEY in w]


def test_a_field_that_is_no_mode_is_named():
    found = problems(vpc_connectivity={"iam": True, "plaintext": True})
    assert f"{KEY}.plaintext" in keys_of(found)


def test_no_client_cidr_block_warns_that_no_client_vpc_gets_in():
    made = build_spec(vpc_connectivity={"iam": True}, client_security_group_ids=[CLIENT_SG])
    assert any(f"ports {FIRST}–{LAST}" in w and "msk:clientCidrBlocks" in w for w in made.warnings)
    named = spec(vpc_connectivity={"iam": True})
    assert not any(f"ports {FIRST}–{LAST}" in w for w in named.warnings)
    # With no group of the component's own, the stack's groups are the user's to open.
    own = build_spec(
        vpc_id=VPC,
        subnet_ids=SUBNETS,
        create_security_group=False,
        security_group_ids=[CLIENT_SG],
        vpc_connectivity={"iam": True},
    )
    assert not any(f"ports {FIRST}–{LAST}" in w for w in own.warnings)


# --- the cluster policy ----------------------------------------------------------------------

DEFAULT_ACTIONS = (
    "kafka:CreateVpcConnection",
    "kafka:GetBootstrapBrokers",
    "kafka:DescribeCluster",
    "kafka:DescribeClusterV2",
)


def test_the_policy_defaults_to_what_a_vpc_connection_from_another_account_needs():
    made = spec(vpc_connectivity={"iam": True}, cluster_policy={"principals": [OTHER_ACCOUNT]})
    assert made.cluster_policy.actions == DEFAULT_ACTIONS
    assert made.cluster_policy.principals == (OTHER_ACCOUNT,)


@pytest.mark.parametrize(
    "principal",
    [OTHER_ACCOUNT, f"arn:aws:iam::{OTHER_ACCOUNT}:root", f"arn:aws:iam::{OTHER_ACCOUNT}:role/a/b"],
)
def test_account_ids_and_iam_arns_are_principals(principal):
    assert (
        problems(cluster_policy={"principals": [principal]}, client_cidr_blocks=[CLIENT_VPC]) == []
    )


@pytest.mark.parametrize(
    "principal,words",
    [
        ("*", "every AWS account"),
        ("12345", "12-digit account id"),
        (f"arn:aws:iam::{OTHER_ACCOUNT}:group/admins", "not an account id or IAM principal"),
        ("firehose.amazonaws.com", "not an account id"),
    ],
)
def test_other_principals_are_refused(principal, words):
    found = dict(problems(cluster_policy={"principals": [principal]}))
    assert words in found["msk:clusterPolicy.principals[0]"]


def test_no_principal_and_a_repeated_one_are_refused():
    assert (
        "is empty"
        in dict(problems(cluster_policy={"principals": []}))["msk:clusterPolicy.principals"]
    )
    twice = dict(problems(cluster_policy={"principals": [OTHER_ACCOUNT, OTHER_ACCOUNT]}))
    assert "listed twice" in twice["msk:clusterPolicy.principals[1]"]


@pytest.mark.parametrize(
    "action,words",
    [
        ("s3:GetObject", "MSK actions only"),
        ("kafka:*", "DeleteCluster"),
        ("*", "MSK actions only"),
    ],
)
def test_actions_other_than_named_msk_ones_are_refused(action, words):
    found = dict(problems(cluster_policy={"principals": [OTHER_ACCOUNT], "actions": [action]}))
    assert words in found["msk:clusterPolicy.actions[0]"]


def test_data_plane_actions_are_taken():
    actions = [*DEFAULT_ACTIONS, "kafka-cluster:Connect", "kafka-cluster:*"]
    args = {"principals": [OTHER_ACCOUNT], "actions": actions}
    assert problems(cluster_policy=args, client_cidr_blocks=[CLIENT_VPC]) == []


def test_iam_clients_of_other_accounts_need_kafka_cluster_actions_in_the_policy():
    without = spec(vpc_connectivity={"iam": True}, cluster_policy={"principals": [OTHER_ACCOUNT]})
    assert any("kafka-cluster: actions" in w for w in without.warnings)
    actions = [*DEFAULT_ACTIONS, "kafka-cluster:Connect"]
    with_them = spec(
        vpc_connectivity={"iam": True},
        cluster_policy={"principals": [OTHER_ACCOUNT], "actions": actions},
    )
    assert not any("kafka-cluster: actions" in w for w in with_them.warnings)


def test_a_policy_for_vpc_connections_without_connectivity_warns():
    made = spec(cluster_policy={"principals": [OTHER_ACCOUNT]})
    assert any("turns no mode on" in w for w in made.warnings)


def test_the_policy_document_names_the_cluster_and_what_it_holds():
    document = cluster_policy_document(
        TEST_CLUSTER_ARN, [OTHER_ACCOUNT], [*DEFAULT_ACTIONS, "kafka-cluster:ReadData"]
    )
    connect, use = document["Statement"]
    assert connect["Principal"] == {"AWS": [OTHER_ACCOUNT]}
    assert connect["Action"] == list(DEFAULT_ACTIONS) and connect["Resource"] == TEST_CLUSTER_ARN
    assert use["Action"] == ["kafka-cluster:ReadData"]
    head = TEST_CLUSTER_ARN.replace(":cluster/", ":{}/")
    assert use["Resource"] == [
        TEST_CLUSTER_ARN,
        *(f"{head.format(kind)}/*" for kind in ("topic", "group", "transactional-id")),
    ]


def test_the_cross_account_plan_lints_its_cluster_policy_with_parliament():
    documents = policies.policy_documents(run_plan("multi-vpc-cross-account", False).resources)
    (document,) = [d for d in documents if d.resource_type == CLUSTER_POLICY]
    assert document.kind == policies.RESOURCE
    allowlist = policies.load_allowlist()
    unexplained = [
        str(f) for f in policies.lint_document(document) if not policies.explanation(f, allowlist)
    ]
    assert unexplained == []


# --- resources and inputs under mocks --------------------------------------------------------


def cross_account(run_config, **keys):
    base = {
        "vpcId": VPC,
        "subnetIds": SUBNETS,
        "clientCidrBlocks": [CLIENT_VPC],
        "clientSecurityGroupIds": [CLIENT_SG],
        "vpcConnectivity": {"iam": True},
        "clusterPolicy": {"principals": [OTHER_ACCOUNT]},
    }
    return run_config(**{**base, **keys})


def test_the_cluster_gets_the_vpc_connectivity_block_and_the_policy(run_config):
    run = cross_account(run_config)
    connectivity = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]
    assert connectivity["vpcConnectivity"] == {
        "clientAuthentication": {"sasl": {"iam": True, "scram": False}, "tls": False}
    }
    assert connectivity["publicAccess"] == {"type": "DISABLED"}
    policy = run.one(CLUSTER_POLICY)
    cluster_arn = run.outputs["clusterArn"]
    assert policy.inputs["clusterArn"] == cluster_arn
    (statement,) = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Principal"] == {"AWS": [OTHER_ACCOUNT]}
    assert statement["Resource"] == cluster_arn and statement["Action"] == list(DEFAULT_ACTIONS)


def test_without_the_keys_there_is_no_block_and_no_policy(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, clientCidrBlocks=[CLIENT_VPC])
    assert (
        "vpcConnectivity" not in run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]
    )
    assert [r for r in run.resources if r.type == CLUSTER_POLICY] == []


def test_every_mode_off_is_sent_so_aws_turns_it_off(run_config):
    run = cross_account(run_config, vpcConnectivity={"iam": False})
    sent = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]["vpcConnectivity"]
    assert sent == {"clientAuthentication": {"sasl": {"iam": False, "scram": False}, "tls": False}}


def test_the_policy_grants_access_so_it_is_never_protected_or_retained(run_config):
    run = cross_account(run_config, protect=True, retainOnDelete=True)
    assert run.one(CLUSTER).options["protect"] is True
    options = run.one(CLUSTER_POLICY).options
    assert not options["protect"] and not options["retainOnDelete"]


# --- the brokers' security group ---------------------------------------------------------------


def range_rules(run) -> list[dict]:
    return [r for r in run.one(SG).inputs["ingress"] if r["fromPort"] == FIRST]


def test_the_range_opens_once_only_to_the_client_cidr_blocks(run_config):
    run = cross_account(
        run_config,
        auth={"iam": True, "scram": True},
        denyUnlessAcl=True,
        vpcConnectivity={"iam": True, "scram": True},
    )
    (rule,) = range_rules(run)  # one rule for both modes: no source maps modes to sub-ranges
    assert (rule["toPort"], rule["protocol"], rule["cidrBlocks"]) == (LAST, "tcp", [CLIENT_VPC])
    assert "securityGroups" not in rule  # the client security group is in-VPC only
    assert f"({FIRST}-{LAST})" in rule["description"] and "multi-VPC" in rule["description"]
    assert catalog.port_range("multi_vpc_privatelink_range") == (FIRST, LAST)


def test_no_range_without_a_mode_on(run_config):
    assert range_rules(cross_account(run_config, vpcConnectivity={"iam": False})) == []
    plain = run_config(vpcId=VPC, subnetIds=SUBNETS, clientCidrBlocks=[CLIENT_VPC])
    assert range_rules(plain) == []


def test_the_range_counts_toward_the_groups_rule_limit():
    most = catalog.security_group_rule_limits()["inbound_per_ip_family"]
    cidrs = [f"10.{i}.0.0/16" for i in range(most // 2 + 1)]  # 31: 31 rules for 9098 alone
    assert problems(client_cidr_blocks=cidrs) == []
    found = problems(client_cidr_blocks=cidrs, vpc_connectivity={"iam": True})
    assert "msk:clientCidrBlocks" in keys_of(found)


# --- outputs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys,expected",
    [
        pytest.param({}, {"bootstrapBrokersVpcConnectivityIam"}, id="iam"),
        pytest.param(
            {
                "auth": {"iam": True, "scram": True, **MTLS},
                "denyUnlessAcl": True,
                "vpcConnectivity": {"scram": True, "tls": True},
            },
            {"bootstrapBrokersVpcConnectivityScram", "bootstrapBrokersVpcConnectivityTls"},
            id="scram+tls",
        ),
    ],
)
def test_outputs_exactly_for_the_modes_on(run_config, keys, expected):
    run = cross_account(run_config, **keys)
    assert set(run.outputs) & VPC_OUTPUTS == expected
    for name in expected:
        assert run.outputs[name].endswith(f":{FIRST}")
        assert name in run.outputs["clientProperties"]


def test_no_vpc_connectivity_outputs_without_the_key(run_config):
    run = run_config(vpcId=VPC, subnetIds=SUBNETS, clientCidrBlocks=[CLIENT_VPC])
    assert not set(run.outputs) & VPC_OUTPUTS


def test_the_outputs_are_typed_documented_attributes_of_the_component():
    from msk_platform import MskCluster

    for mode in ("iam", "scram", "tls"):
        name = f"bootstrap_brokers_vpc_connectivity_{mode}"
        assert "pulumi.output.Output" in str(MskCluster.__annotations__[name])
    schema = json.loads((PROJECT_DIR / "provider" / "schema.json").read_text())
    outputs = schema["resources"]["msk:index:MskCluster"]["properties"]
    assert VPC_OUTPUTS <= set(outputs)


# --- cost ------------------------------------------------------------------------------------


def test_the_bill_shows_the_connectivity_charges_without_inventing_a_price():
    on = estimate(spec(vpc_connectivity={"iam": True}), "us-east-1")
    off = estimate(spec(), "us-east-1")
    lines = [line for line in on.lines if line.item.startswith("Multi-VPC connectivity")]
    assert [line.unit for line in lines] == ["connection-hour per auth scheme", "GB"]
    assert all(line.quantity is None and line.monthly is None for line in lines)
    assert catalog.pricing()["multi_vpc_connectivity"]["connection_hour_per_auth_scheme"] is None
    assert on.monthly == off.monthly
    assert any("multi-VPC connectivity" in note for note in on.assumptions)
    assert not [line for line in off.lines if line.item.startswith("Multi-VPC connectivity")]


# --- policy pack ---------------------------------------------------------------------------

POLICIES = {policy.name: policy for policy in all_policies(stack_name=lambda: "dev")}


def violations(name: str, resource_type: str, props: dict) -> list[str]:
    found: list[str] = []
    options = PolicyResourceOptions(
        protect=False,
        ignore_changes=[],
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
    )
    args = ResourceValidationArgs(
        resource_type=resource_type,
        props=unknown_checking_proxy(copy.deepcopy(props)),
        urn=f"urn:pulumi:test::msk::{resource_type}::r",
        name="r",
        opts=options,
        provider=None,
        config=None,
    )
    POLICIES[name].validate(args, lambda message, urn=None: found.append(message))
    return found


def test_the_pack_takes_the_groups_range_rule_and_refuses_it_open(run_config):
    group = run_config(
        vpcId=VPC, subnetIds=SUBNETS, clientCidrBlocks=[CLIENT_VPC], vpcConnectivity={"iam": True}
    ).one(SG)
    for name in POLICIES:
        assert violations(name, SG, group.inputs) == [], name
    opened = copy.deepcopy(group.inputs)
    for rule in opened["ingress"]:
        if rule["fromPort"] == FIRST:
            rule["cidrBlocks"] = ["0.0.0.0/0"]
    (message,) = violations("security-group-no-world-ingress", SG, opened)
    assert f"{FIRST}-{LAST} (multi-VPC)" in message


def test_the_pack_refuses_a_cluster_policy_open_to_everyone(run_config):
    policy = cross_account(run_config).one(CLUSTER_POLICY).inputs
    assert violations("msk-cluster-policy-named-principals", CLUSTER_POLICY, policy) == []
    document = json.loads(policy["policy"])
    document["Statement"][0]["Principal"] = {"AWS": "*"}
    opened = {**policy, "policy": json.dumps(document)}
    (message,) = violations("msk-cluster-policy-named-principals", CLUSTER_POLICY, opened)
    assert "every AWS principal" in message


# --- the change plan -----------------------------------------------------------------------

ON = ("vpcConnectivity={iam: true}", f'clientCidrBlocks=["{CLIENT_VPC}"]')


def plan(*overrides: str) -> dict:
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", list(overrides)))
    assert not document["errors"], document["errors"]
    return document


def cluster_change(found):
    (change,) = [c for c in found if c.type == CLUSTER]
    return change


def test_a_new_cluster_with_multi_vpc_connectivity_is_refused_for_two_deploys():
    change = cluster_change(compare({"resources": []}, plan(*ON)))
    assert change.action == REFUSED and change.blocking
    assert "multi-VPC private connectivity on while it creates a cluster" in change.reasons[0]
    assert "deploy without msk:vpcConnectivity, then add it" in change.instead
    assert any(w.startswith(f"{KEY}: AWS refuses") for w in plan(*ON)["warnings"])


def test_a_new_cluster_with_every_mode_off_is_simply_created():
    off = ("vpcConnectivity={iam: false}", f'clientCidrBlocks=["{CLIENT_VPC}"]')
    assert cluster_change(compare({"resources": []}, plan(*off))).action == CREATE


def test_turning_it_on_for_a_running_cluster_is_an_update_by_update_connectivity():
    change = cluster_change(compare(plan(ON[1]), plan(*ON)))
    assert change.action == UPDATE and "UpdateConnectivity" in change.operations
