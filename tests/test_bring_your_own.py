"""Parts a stack brings instead of having them made (spec/bring_your_own_rules.py): its own
security groups, an MSK configuration, SASL/SCRAM secrets and a broker log group. Each key
both ways (accepted, and refused naming the key, every problem at once), what gets built
under the mocks, the cluster's inputs, the outputs, and the policy pack's view."""

import json

import pytest
from pulumi_policy import PolicyCustomTimeouts, PolicyResourceOptions, ResourceValidationArgs
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from msk_platform import MskConfigError, catalog
from msk_platform.provider_schema import schema
from mskctl.against import REPLACE, compare
from mskctl.plan import build_plan, stack_config
from mskctl.policy.msk_rules import all_policies
from mskctl.policy_check import check_plan_resources
from tests.conftest import PROJECT_DIR, build_spec, problems_by_key

CLUSTER = "aws:msk/cluster:Cluster"
SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
CONFIGURATION = "aws:msk/configuration:Configuration"
ASSOCIATION = "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation"
SECRET = "aws:secretsmanager/secret:Secret"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"

VPC = {
    "vpcId": "vpc-0a1b2c3d4e5f60718",
    "subnetIds": ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722"],
    "brokerCount": 2,
}
VPC_ARGS = {  # an existing VPC, clients admitted by CIDR
    "vpc_id": VPC["vpcId"],
    "subnet_ids": VPC["subnetIds"],
    "broker_count": 2,
    "client_cidr_blocks": ["10.40.0.0/16"],
}
NO_CLIENTS = {**VPC_ARGS, "client_cidr_blocks": []}
OWN_SG = "sg-0123456789abcdef0"
OTHER_SG = "sg-0fedcba9876543210"
CONFIG_ARN = "arn:aws:kafka:us-east-1:123456789012:configuration/shared/abcdabcd-1234-abcd-ef12-1"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_alice-AbC123"
SCRAM = {"auth": {"iam": True, "scram": True}}


def secret_arn(name: str, region: str = "us-east-1", account: str = "123456789012") -> str:
    return f"arn:aws:secretsmanager:{region}:{account}:secret:{name}-Xy12Zq"


# --- security groups: beside the created one ----------------------------------------------


def test_own_groups_are_attached_beside_the_created_one(run_config):
    run = run_config(**VPC, securityGroupIds=[OWN_SG, OTHER_SG])
    created = run.one(SECURITY_GROUP)
    groups = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["securityGroups"]
    assert groups == [f"{created.name}-id", OWN_SG, OTHER_SG]
    assert run.outputs["securityGroupIds"] == groups
    assert run.outputs["securityGroupId"] == f"{created.name}-id"
    assert any("msk:securityGroupIds" in w and OWN_SG in w for w in run.warnings)


def test_without_own_groups_the_brokers_have_the_created_one_only(run_config):
    run = run_config(**VPC)
    groups = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["securityGroups"]
    assert groups == [f"{run.one(SECURITY_GROUP).name}-id"]
    assert run.outputs["securityGroupIds"] == groups
    assert not any("msk:securityGroupIds" in w for w in run.warnings)


def test_serverless_takes_its_own_groups_in_its_vpc_config(run_config):
    run = run_config(
        clusterType="serverless",
        vpcId=VPC["vpcId"],
        subnetIds=VPC["subnetIds"],
        securityGroupIds=[OWN_SG],
    )
    config = run.one(SERVERLESS).inputs["vpcConfigs"][0]
    assert config["securityGroupIds"] == [f"{run.one(SECURITY_GROUP).name}-id", OWN_SG]


# --- security groups: instead of the created one --------------------------------------------


def test_create_security_group_false_attaches_only_the_stacks_groups(run_config):
    run = run_config(**VPC, createSecurityGroup=False, securityGroupIds=[OWN_SG])
    assert run.of_type(SECURITY_GROUP) == []
    assert run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["securityGroups"] == [OWN_SG]
    assert run.outputs["securityGroupIds"] == [OWN_SG]
    assert "securityGroupId" not in run.outputs  # there is no group of the component's
    # No "no client can reach the brokers" warning: the stack's own groups admit them.
    assert not any("no client can reach" in w for w in run.warnings)


def test_create_security_group_false_needs_the_stacks_groups():
    problems = problems_by_key(**NO_CLIENTS, create_security_group=False)
    assert "msk:securityGroupIds is empty" in problems["msk:createSecurityGroup"]
    spec = build_spec(**NO_CLIENTS, create_security_group=False, security_group_ids=[OWN_SG])
    assert spec.security_group_ids == (OWN_SG,) and not spec.create_security_group


def test_create_security_group_false_refuses_every_key_that_only_shapes_the_created_group():
    problems = problems_by_key(
        **VPC_ARGS,
        create_security_group=False,
        security_group_ids=[OWN_SG],
        client_security_group_ids=[OTHER_SG],
        open_monitoring={
            "jmx_exporter": True,
            "source_security_group_ids": [OTHER_SG],
            "source_cidr_blocks": ["10.0.0.0/16"],
        },
    )
    for key in (
        "msk:clientSecurityGroupIds",
        "msk:clientCidrBlocks",
        "msk:openMonitoring.sourceSecurityGroupIds",
        "msk:openMonitoring.sourceCidrBlocks",
    ):
        assert "would have no effect" in problems[key], key
        assert "createSecurityGroup is false" in problems[key]


def test_exporters_without_a_created_group_are_not_said_to_be_unreachable():
    args = {**NO_CLIENTS, "open_monitoring": {"jmx_exporter": True}}
    created = build_spec(**args)
    assert any("no scraper may reach" in w for w in created.warnings)
    own = build_spec(**args, create_security_group=False, security_group_ids=[OWN_SG])
    assert not any("no scraper may reach" in w for w in own.warnings)


def test_public_access_without_a_created_group_needs_no_cidr_blocks():
    args = {
        **VPC_ARGS,
        "public_access": True,
        "security_group_ids": [OWN_SG],
        "client_cidr_blocks": [],
    }
    assert "msk:clientCidrBlocks" in problems_by_key(**args)
    spec = build_spec(**args, create_security_group=False)
    assert spec.public_access and not spec.create_security_group


def test_security_group_ids_are_checked_like_every_group_id():
    problems = problems_by_key(**VPC_ARGS, security_group_ids=["sg-nope", OWN_SG, OWN_SG])
    assert "not a security group id" in problems["msk:securityGroupIds[0]"]
    assert "listed twice" in problems["msk:securityGroupIds[2]"]


def test_security_groups_need_a_vpc_of_the_stacks_own():
    problems = problems_by_key(client_cidr_blocks=["10.40.0.0/16"], security_group_ids=[OWN_SG])
    assert "program builds the VPC" in problems["msk:securityGroupIds"]


def test_security_groups_per_network_interface_count_the_created_one():
    most = catalog.bring_your_own_rules()["security_groups"]["per_network_interface_default_quota"]
    own = [f"sg-0123456789abcde{n:02x}" for n in range(most)]
    build_spec(**VPC_ARGS, security_group_ids=own[: most - 1])  # with the created one: most
    build_spec(**NO_CLIENTS, security_group_ids=own, create_security_group=False)
    message = problems_by_key(**VPC_ARGS, security_group_ids=own)["msk:securityGroupIds"]
    assert f"{most + 1} on each broker's network interface" in message
    assert "the one the component creates" in message


def test_a_new_set_of_security_groups_replaces_the_cluster():
    open_prod = ("protect=false", "retainOnDelete=false", "storageAutoscaling=")
    before = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", list(open_prod)))
    after = build_plan(
        PROJECT_DIR,
        stack_config(PROJECT_DIR, "prod", [*open_prod, f"securityGroupIds=[{OWN_SG}]"]),
    )
    assert not after["errors"], after["errors"]
    cluster = [c for c in compare(before, after) if c.type == CLUSTER]
    assert [c.action for c in cluster] == [REPLACE]


# --- security groups: the policy pack says it can't see them --------------------------------

POLICY = {p.name: p for p in all_policies(lambda: "dev")}["msk-broker-security-groups-out-of-sight"]


def _violations(resource_type: str, props: dict) -> list[str]:
    found: list[str] = []
    args = ResourceValidationArgs(
        resource_type=resource_type,
        props=unknown_checking_proxy(props),
        urn=f"urn:pulumi:dev::msk::{resource_type}::c",
        name="c",
        opts=PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None),
        provider=None,
    )
    POLICY.validate(args, lambda message, urn=None: found.append(message))
    return found


def test_policy_says_when_brokers_are_in_groups_it_did_not_see():
    both = {"brokerNodeGroupInfo": {"securityGroups": [UNKNOWN_STRING_VALUE, OWN_SG]}}
    (message,) = _violations(CLUSTER, both)
    assert OWN_SG in message and "went unchecked" in message
    alone = {"brokerNodeGroupInfo": {"securityGroups": [UNKNOWN_STRING_VALUE]}}
    assert _violations(CLUSTER, alone) == []
    serverless = {"vpcConfigs": [{"subnetIds": [], "securityGroupIds": ["sg-a", OWN_SG]}]}
    assert len(_violations(SERVERLESS, serverless)) == 1
    assert _violations(SERVERLESS, {"vpcConfigs": [{"securityGroupIds": ["sg-a"]}]}) == []


def test_policy_pack_still_passes_prod_with_own_groups_and_says_so():
    document = build_plan(
        PROJECT_DIR, stack_config(PROJECT_DIR, "prod", [f"securityGroupIds=[{OWN_SG}]"])
    )
    found = check_plan_resources(document["resources"], "msk", "prod")
    assert [v for v in found if v["level"] == "mandatory"] == []
    assert [v["policy"] for v in found if v["policy"] == POLICY.name] == [POLICY.name]
    plain = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", []))
    assert POLICY.name not in {
        v["policy"] for v in check_plan_resources(plain["resources"], "msk", "prod")
    }


# --- an existing MSK configuration ----------------------------------------------------------


def test_existing_configuration_is_used_and_none_is_made(run_config):
    run = run_config(configurationArn=CONFIG_ARN, configurationRevision=3)
    assert run.of_type(CONFIGURATION) == []
    assert run.one(CLUSTER).inputs["configurationInfo"] == {"arn": CONFIG_ARN, "revision": 3}
    assert run.outputs["configurationArn"] == CONFIG_ARN
    assert run.outputs["configurationRevision"] == 3
    warning = next(w for w in run.warnings if w.startswith("msk:configurationArn"))
    assert "auto.create.topics.enable=false" in warning and "yours" in warning


def test_without_one_the_outputs_name_the_configuration_made(run_config):
    run = run_config()
    made = run.one(CONFIGURATION)
    assert run.outputs["configurationArn"].endswith(f":{made.name}")  # the mock's ARN of it
    assert run.outputs["configurationRevision"] == 1
    serverless = run_config(clusterType="serverless")
    assert "configurationArn" not in serverless.outputs
    assert "configurationRevision" not in serverless.outputs


def test_existing_configuration_is_refused_with_every_problem_at_once():
    problems = problems_by_key(
        configuration_arn="arn:aws:kafka:us-east-1:123456789012:cluster/x/abcd",
        server_properties={"num.partitions": "3"},
        deny_unless_acl=True,
    )
    assert "not an MSK configuration ARN" in problems["msk:configurationArn"]
    assert (
        "without msk:configurationRevision"
        in problems_by_key(configuration_arn=CONFIG_ARN)["msk:configurationArn"]
    )
    assert "msk:configurationArn" in problems["msk:serverProperties"]
    assert "msk:configurationArn" in problems["msk:denyUnlessAcl"]
    alone = problems_by_key(configuration_revision=2)
    assert "without msk:configurationArn" in alone["msk:configurationRevision"]


def test_configuration_revision_counts_from_one():
    assert (
        "below 1"
        in problems_by_key(configuration_arn=CONFIG_ARN, configuration_revision=0)[
            "msk:configurationRevision"
        ]
    )
    assert (
        build_spec(configuration_arn=CONFIG_ARN, configuration_revision=1).server_properties is None
    )


def test_existing_configuration_does_not_apply_to_serverless():
    problems = problems_by_key(
        cluster_type="serverless", configuration_arn=CONFIG_ARN, configuration_revision=1
    )
    assert "does not apply to serverless" in problems["msk:configurationArn"]
    assert "does not apply to serverless" in problems["msk:configurationRevision"]


def test_configuration_of_another_region_is_refused(run_config):
    arn = CONFIG_ARN.replace("us-east-1", "eu-west-1")
    run = run_config(configurationArn=arn, configurationRevision=1, raise_errors=False)
    assert isinstance(run.error, MskConfigError)
    assert "eu-west-1" in {p.key: p.message for p in run.error.problems}["msk:configurationArn"]


def test_an_embedders_configuration_may_be_computed(run_inline):
    run = run_inline(
        "import pulumi, pulumi_aws as aws\n"
        "from msk_platform import MskCluster\n"
        "shared = aws.msk.Configuration('shared', server_properties='num.partitions=3\\n')\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8'],\n"
        "    'configuration_arn': shared.arn, 'configuration_revision': shared.latest_revision})\n"
        "pulumi.export('revision', msk.configuration_revision)\n",
        raise_errors=True,
    )
    (configuration,) = run.of_type(CONFIGURATION)
    assert configuration.name == "shared"  # the embedder's, not one of the component's
    assert run.one(CLUSTER).inputs["configurationInfo"]["revision"] == 1
    assert run.outputs["revision"] == 1


# --- existing SASL/SCRAM secrets ------------------------------------------------------------


def test_existing_secrets_are_associated_and_nothing_else_is_made(run_config):
    other = secret_arn("AmazonMSK_bob")
    run = run_config(
        **SCRAM, scramSecretArns=[SECRET_ARN, other], protect=True, retainOnDelete=True
    )
    assert run.of_type(SECRET) == []
    associations = {a.name: a for a in run.of_type(ASSOCIATION)}
    assert set(associations) == {
        "msk-existing-scram-AmazonMSK_alice",
        "msk-existing-scram-AmazonMSK_bob",
    }
    alice = associations["msk-existing-scram-AmazonMSK_alice"]
    assert alice.inputs["secretArn"] == SECRET_ARN
    assert alice.inputs["clusterArn"].startswith("arn:aws:kafka:us-east-1:")
    # An association grants access: never retained, so removing the ARN ends the login.
    assert not alice.options["retainOnDelete"] and not alice.options["protect"]
    warning = next(w for w in run.warnings if w.startswith("msk:scramSecretArns"))
    assert "customer-managed KMS key" in warning


def test_existing_secrets_sit_beside_the_components_users(run_config):
    run = run_config(**SCRAM, scramUsers=["app"], scramSecretArns=[SECRET_ARN])
    assert len(run.of_type(SECRET)) == 1
    assert len(run.of_type(ASSOCIATION)) == 2
    assert set(run.outputs["scramSecretArns"]) == {"app"}  # only the users the stack made


@pytest.mark.parametrize(
    "arn, fragment",
    [
        (secret_arn("alice"), "starts with 'AmazonMSK_'"),
        (secret_arn("amazonmsk_alice"), "in this case"),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_alice", "6 characters"),
        ("AmazonMSK_alice", "not a Secrets Manager secret ARN"),
        ("arn:aws:kms:us-east-1:123456789012:key/abcd", "not a Secrets Manager secret ARN"),
    ],
)
def test_a_secret_arn_must_name_an_amazon_msk_secret_in_full(arn, fragment):
    assert fragment in problems_by_key(**SCRAM, scram_secret_arns=[arn])["msk:scramSecretArns[0]"]


def test_a_name_with_hyphens_is_read_up_to_the_random_suffix():
    spec = build_spec(**SCRAM, scram_secret_arns=[secret_arn("AmazonMSK_team-a-users")])
    assert spec.scram_secret_arns == (secret_arn("AmazonMSK_team-a-users"),)


def test_existing_secrets_are_refused_with_every_problem_at_once():
    problems = problems_by_key(
        **SCRAM,
        scram_users=["app"],
        scram_secret_arns=[
            SECRET_ARN,
            SECRET_ARN,
            secret_arn("AmazonMSK_msk-test_app"),  # the secret made for scramUsers' app
            secret_arn("alice"),
        ],
    )
    assert "listed twice" in problems["msk:scramSecretArns[1]"]
    assert "scramUsers 'app'" in problems["msk:scramSecretArns[2]"]
    assert "starts with 'AmazonMSK_'" in problems["msk:scramSecretArns[3]"]
    assert "msk:scramSecretArns[0]" not in problems


def test_existing_secrets_must_share_one_account_and_region():
    message = problems_by_key(
        **SCRAM, scram_secret_arns=[SECRET_ARN, secret_arn("AmazonMSK_carol", region="eu-west-1")]
    )["msk:scramSecretArns"]
    assert "more than one account or Region" in message
    assert (
        "needs SASL/SCRAM on"
        in problems_by_key(scram_secret_arns=[SECRET_ARN])["msk:scramSecretArns"]
    )


def test_existing_secrets_count_with_the_users_against_msks_limit():
    limit = catalog.scram_rules()["max_users_per_cluster"]
    arns = [secret_arn(f"AmazonMSK_u{n}") for n in range(limit)]
    build_spec(**SCRAM, scram_secret_arns=arns)
    message = problems_by_key(**SCRAM, scram_users=["app"], scram_secret_arns=arns)[
        "msk:scramSecretArns"
    ]
    assert f"{limit + 1} SCRAM users, past the {limit}" in message


def test_existing_secrets_of_another_region_or_account_are_refused(run_config):
    run = run_config(
        **SCRAM, scramSecretArns=[secret_arn("AmazonMSK_a", region="eu-west-1")], raise_errors=False
    )
    assert "eu-west-1" in run.error.problems[0].message
    assert run.error.problems[0].key == "msk:scramSecretArns[0]"
    from mskctl.mock_runtime import run_program
    from mskctl.stack_files import engine_text

    config = {
        "aws:region": "us-east-1",
        "aws:allowedAccountIds": '["123456789012"]',
        "msk:auth": engine_text(SCRAM["auth"]),
        "msk:scramSecretArns": engine_text([secret_arn("AmazonMSK_a", account="210987654321")]),
    }
    foreign = run_program(
        PROJECT_DIR, project="msk", stack="test", config=config, preview=False, raise_errors=False
    )
    assert "210987654321" in foreign.error.problems[0].message
    config["msk:scramSecretArns"] = engine_text([SECRET_ARN])
    own = run_program(PROJECT_DIR, project="msk", stack="test", config=config, preview=False)
    assert own.error is None and len(own.of_type(ASSOCIATION)) == 1


# --- an existing broker log group ----------------------------------------------------------


def test_existing_log_group_gets_the_logs_and_none_is_made(run_config):
    run = run_config(logging={"logGroupName": "/platform/msk"})
    assert run.of_type(LOG_GROUP) == []
    logs = run.one(CLUSTER).inputs["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]
    assert logs == {"enabled": True, "logGroup": "/platform/msk"}
    assert (
        run.outputs["logGroupArn"] == "arn:aws:logs:us-east-1:123456789012:log-group:/platform/msk"
    )
    # The key is not asked to serve CloudWatch Logs for a group that isn't ours.
    sids = [s["Sid"] for s in json.loads(run.one(KEY).inputs["policy"])["Statement"]]
    assert sids == ["AccountAdministers"]


def test_without_one_the_log_group_made_keeps_its_defaults(run_config):
    run = run_config()
    group = run.one(LOG_GROUP)
    assert group.inputs["retentionInDays"] == 30 and group.inputs["kmsKeyId"]
    assert run.outputs["logGroupArn"].endswith(f":{group.name}")  # the mock's ARN of it
    assert (
        "logGroupArn"
        not in run_config(logging={"cloudwatch": False, "s3Bucket": "my-logs"}).outputs
    )


def test_existing_log_group_refuses_what_only_a_group_of_ours_takes():
    problems = problems_by_key(
        logging={
            "log_group_name": "/platform/msk",
            "retention_days": 365,
            "encrypt_with_cluster_key": True,
        }
    )
    assert "would have no effect" in problems["msk:logging.retentionDays"]
    assert "would have no effect" in problems["msk:logging.encryptWithClusterKey"]
    assert (
        "cloudwatch is false"
        in problems_by_key(
            logging={"log_group_name": "/platform/msk", "cloudwatch": False, "s3_bucket": "my-logs"}
        )["msk:logging.logGroupName"]
    )


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("platform msk", "not a CloudWatch log group name"),
        ("x" * 513, "not a CloudWatch log group name"),
        ("aws/msk", "keeps for AWS's own"),
    ],
)
def test_existing_log_group_name_is_one_cloudwatch_takes(name, fragment):
    problems = problems_by_key(logging={"log_group_name": name})
    assert fragment in problems["msk:logging.logGroupName"]
    assert build_spec(logging={"log_group_name": "/aws/msk/shared#1"}).logging.log_group_name


# --- outputs and what the user's parts never get ------------------------------------------


def test_outputs_are_typed_in_the_schema():
    properties = schema()["resources"]["msk:index:MskCluster"]["properties"]
    assert properties["securityGroupIds"]["type"] == "array"
    assert properties["configurationRevision"]["type"] == "integer"
    for name in ("configurationArn", "logGroupArn", "securityGroupId"):
        assert properties[name]["type"] == "string", name
    required = schema()["resources"]["msk:index:MskCluster"]["required"]
    assert "securityGroupIds" in required and "securityGroupId" not in required


def test_a_stack_bringing_every_part_makes_none_of_them(run_config):
    run = run_config(
        **VPC,
        **SCRAM,
        createSecurityGroup=False,
        securityGroupIds=[OWN_SG],
        configurationArn=CONFIG_ARN,
        configurationRevision=2,
        scramSecretArns=[SECRET_ARN],
        logging={"logGroupName": "/platform/msk"},
        protect=True,
        retainOnDelete=True,
    )
    types = {r.type for r in run.resources}
    assert types.isdisjoint({SECURITY_GROUP, CONFIGURATION, SECRET, LOG_GROUP})
    for name in ("securityGroupIds", "configurationArn", "configurationRevision", "logGroupArn"):
        assert run.outputs[name] is not None, name


def _secrets_answered_with(monkeypatch, key_id):
    """Secrets Manager (the offline runtime's stand-in) describes every secret with ``key_id``."""
    from mskctl.mock_runtime import FakeCloud

    answer = FakeCloud.call

    def call(self, args):
        if args.token == "aws:secretsmanager/getSecret:getSecret":
            found = {"arn": args.args["arn"], "id": args.args["arn"]}
            return ({**found, "kmsKeyId": key_id} if key_id is not None else found), []
        return answer(self, args)

    monkeypatch.setattr(FakeCloud, "call", call)


@pytest.mark.parametrize("key_id", [None, "", "alias/aws/secretsmanager"])
@pytest.mark.parametrize("preview", [True, False])
def test_a_secret_under_the_aws_managed_key_fails_the_preview_naming_its_entry(
    run_config, monkeypatch, key_id, preview
):
    _secrets_answered_with(monkeypatch, key_id)
    run = run_config(
        **SCRAM,
        scramSecretArns=[secret_arn("AmazonMSK_bob"), SECRET_ARN],
        preview=preview,
        raise_errors=False,
    )
    assert run.error is not None
    message = str(run.error)
    # every such secret at once, each named by its entry
    assert "msk:scramSecretArns[0]: " + secret_arn("AmazonMSK_bob") in message
    assert "msk:scramSecretArns[1]: " + SECRET_ARN in message
    assert "re-encrypt it with a customer-managed KMS key" in message
    # refused before any association exists: the cluster is never left half connected
    assert run.of_type(ASSOCIATION) == []


def test_a_secret_under_a_customer_managed_key_is_associated(run_config, monkeypatch):
    _secrets_answered_with(monkeypatch, "arn:aws:kms:us-east-1:123456789012:key/1234abcd")
    run = run_config(**SCRAM, scramSecretArns=[SECRET_ARN], preview=True)
    (association,) = run.of_type(ASSOCIATION)
    assert association.inputs["secretArn"] == SECRET_ARN
