"""Kafka ACLs (msk:acls, msk:aclAdmin, KafkaAcls): Kafka's ACL model checked both ways, the
pulumi-kafka provider signed in with IAM where IAM is on (no ACL can lock it out) or else as the
SCRAM admin with its password kept secret, the admin's own ACLs made first, deny-unless-ACL on
by default only with managed ACLs and IAM, the change plan's model, and the component on its
own."""

import json

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.builders import kafka_acls as acl_builder
from msk_platform.provider_schema import schema
from msk_platform.spec.acl_rules import AclSpec, admin_acls
from mskctl import lifecycle
from mskctl.mock_runtime import SECRET
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems

ACL = "kafka:index/acl:Acl"
PROVIDER = "pulumi:providers:kafka"
CONFIGURATION = "aws:msk/configuration:Configuration"
PROPERTY = "allow.everyone.if.no.acl.found"
WRITE_ORDERS = {
    "principal": "User:orders",
    "resourceType": "Topic",
    "resourceName": "orders",
    "operation": "Write",
}
SCRAM = {"scram": True}
USERS = ["ops", "orders"]


def managed(*acls: dict, **more) -> dict:
    """snake_case args of a SCRAM cluster whose ACLs are managed as ops."""
    return {
        "auth": SCRAM,
        "scram_users": USERS,
        "acl_admin": "ops",
        "acls": list(acls or [WRITE_ORDERS]),
        **more,
    }


def acl(**fields) -> dict:
    return {**WRITE_ORDERS, **fields}


# --- the ACL model, both ways --------------------------------------------------------------


def test_a_valid_acl_is_taken_in_kafka_s_spellings_with_its_defaults():
    spec = build_spec(**managed(acl(resourceType="topic", operation="write")))
    assert spec.acl_admin == "ops"
    assert spec.acls == (AclSpec("User:orders", "Topic", "orders", "Literal", "Write", "Allow"),)


@pytest.mark.parametrize(
    ("fields", "key", "fragment"),
    [
        ({"principal": "orders"}, "principal", "is not a Kafka principal; use 'User:<name>'"),
        ({"principal": "Group:orders"}, "principal", "is not a Kafka principal"),
        ({"principal": "User:"}, "principal", "is not a Kafka principal"),
        ({"resourceType": "Queue"}, "resourceType", "is not a resource type ACLs name"),
        ({"operation": "Publish"}, "operation", "is not an operation on Topic"),
        ({"resourceType": "Group", "operation": "Write"}, "operation", "not an operation on Group"),
        (
            {"resourceType": "TransactionalId", "operation": "Read"},
            "operation",
            "not an operation on TransactionalId; use Describe, Write, All",
        ),
        ({"patternType": "Match"}, "patternType", "is a pattern filter, for finding ACLs"),
        ({"patternType": "Any"}, "patternType", "is a pattern filter"),
        ({"patternType": "Glob"}, "patternType", "is not a pattern type; use Literal or Prefixed"),
        ({"permission": "Maybe"}, "permission", "is not a permission; use Allow or Deny"),
        (
            {"resourceType": "Cluster", "resourceName": "prod", "operation": "Describe"},
            "resourceName",
            "Kafka's one cluster resource is named 'kafka-cluster'",
        ),
        (
            {
                "resourceType": "Cluster",
                "resourceName": "kafka-cluster",
                "patternType": "Prefixed",
                "operation": "Describe",
            },
            "patternType",
            "is not for the Cluster resource",
        ),
    ],
)
def test_what_kafka_refuses_is_refused_naming_the_field(fields, key, fragment):
    found = problems(**managed(acl(**fields)))
    assert fragment in found[f"msk:acls[0].{key}"], found


@pytest.mark.parametrize(
    "fields",
    [
        {"principal": "User:CN=orders,OU=apps"},  # an mTLS client's distinguished name
        {"principal": "User:*"},
        {"resourceName": "*"},
        {"resourceName": "orders.", "patternType": "Prefixed"},
        {"resourceType": "Group", "resourceName": "orders-app", "operation": "Read"},
        {"resourceType": "TransactionalId", "resourceName": "orders-tx", "operation": "Write"},
        {"resourceType": "DelegationToken", "resourceName": "*", "operation": "Describe"},
        {
            "resourceType": "Cluster",
            "resourceName": "kafka-cluster",
            "operation": "IdempotentWrite",
        },
        {"operation": "All"},
        {"operation": "DescribeConfigs"},
        {"permission": "Deny"},
    ],
)
def test_what_kafka_takes_is_taken(fields):
    assert len(build_spec(**managed(acl(**fields))).acls) == 1


@pytest.mark.parametrize("missing", ["principal", "resourceType", "resourceName", "operation"])
def test_each_required_field_is_named_when_missing(missing):
    entry = {k: v for k, v in WRITE_ORDERS.items() if k != missing}
    assert "is required" in problems(**managed(entry))[f"msk:acls[0].{missing}"]


def test_the_provider_gets_its_own_spelling_of_transactional_ids():
    (made,) = build_spec(**managed(acl(resourceType="TransactionalId"))).acls
    assert made.resource_type == "TransactionalId"
    assert made.provider_resource_type == "TransactionalID"  # terraform-provider-kafka's


def test_serverless_has_no_kafka_acls():
    found = problems(cluster_type="serverless", acls=[WRITE_ORDERS], acl_admin="ops")
    assert "does not apply to serverless" in found["msk:acls"]
    assert "does not apply to serverless" in found["msk:aclAdmin"]


def test_acls_need_a_mode_acls_govern():
    found = problems(auth={"iam": True}, acls=[WRITE_ORDERS], acl_admin="ops")
    assert "neither is on" in found["msk:acls"] and "msk:grants" in found["msk:acls"]


def test_the_admin_is_required_and_must_be_a_scram_user_of_the_stack():
    args = managed()
    del args["acl_admin"]
    assert "is required with msk:acls on a cluster without IAM" in problems(**args)["msk:aclAdmin"]
    found = problems(**managed(acl_admin="root"))
    assert "'root' is not one of msk:scramUsers (ops, orders)" in found["msk:aclAdmin"]


def test_an_admin_without_acls_is_refused():
    found = problems(auth=SCRAM, scram_users=USERS, acl_admin="ops")
    assert "has no ACLs to manage" in found["msk:aclAdmin"]


def test_an_acl_given_twice_is_refused():
    assert (
        "is the same ACL as msk:acls[0]"
        in problems(**managed(WRITE_ORDERS, WRITE_ORDERS))["msk:acls[1]"]
    )


def test_the_admin_s_own_acls_are_not_given_again():
    own = acl(principal="User:ops", resourceType="Cluster", resourceName="kafka-cluster")
    found = problems(**managed(own | {"operation": "Alter"}))
    assert "one of the admin User:ops's own ACLs" in found["msk:acls[0]"]


@pytest.mark.parametrize("principal", ["User:ops", "User:*"])
def test_a_deny_that_would_lock_the_admin_out_is_refused(principal):
    deny = acl(
        principal=principal,
        resourceType="Cluster",
        resourceName="kafka-cluster",
        operation="All",
        permission="Deny",
    )
    assert "it could make no ACL again" in problems(**managed(deny))["msk:acls[0]"]


def test_a_deny_on_the_cluster_for_someone_else_is_taken():
    deny = acl(
        resourceType="Cluster", resourceName="kafka-cluster", operation="Alter", permission="Deny"
    )
    assert build_spec(**managed(deny)).acls[0].permission == "Deny"


# --- deny-unless-ACL: on by default only with managed ACLs made as an IAM client -----------

IAM_AND_SCRAM = {"iam": True, "scram": True}


def iam_managed(*acls: dict, **more) -> dict:
    """snake_case args of an IAM and SCRAM cluster whose ACLs the provider makes with IAM."""
    return {
        "auth": IAM_AND_SCRAM,
        "scram_users": USERS,
        "acls": list(acls or [WRITE_ORDERS]),
        **more,
    }


def acl_warnings(spec) -> list[str]:
    return [w for w in spec.warnings if w.startswith(("msk:acls:", "msk:denyUnlessAcl:"))]


def test_managed_acls_with_iam_turn_deny_unless_acl_on_in_one_deploy():
    spec = build_spec(**iam_managed())
    assert spec.server_properties[PROPERTY] == "false"
    (warning,) = acl_warnings(spec)
    assert "signs in with IAM" in warning
    assert "kafka-cluster:Connect, kafka-cluster:DescribeCluster, kafka-cluster:AlterCluster" in (
        warning
    )
    assert "denyUnlessAcl: false" not in warning  # no first deploy without it


def test_with_iam_no_scram_admin_is_needed_and_one_is_refused():
    assert build_spec(**iam_managed()).acl_admin is None
    found = problems(**iam_managed(acl_admin="ops"))
    assert "is not used with msk:auth.iam" in found["msk:aclAdmin"]


def test_with_iam_the_stack_may_still_keep_it_off():
    spec = build_spec(**iam_managed(deny_unless_acl=False))
    assert PROPERTY not in spec.server_properties


def test_managed_acls_without_iam_leave_it_off_and_say_when_to_turn_it_on():
    spec = build_spec(**managed())
    assert PROPERTY not in spec.server_properties
    (warning,) = acl_warnings(spec)
    assert "stays off" in warning and "cluster without IAM" in warning
    assert "set msk:denyUnlessAcl: true and deploy again" in warning


def test_without_iam_asking_for_it_turns_it_on_with_a_warning_that_the_acls_come_first():
    spec = build_spec(**managed(deny_unless_acl=True))
    assert spec.server_properties[PROPERTY] == "false"
    (warning,) = acl_warnings(spec)
    assert warning.startswith("msk:denyUnlessAcl: true with msk:acls")
    assert "refuse the admin ops its first ACL" in warning
    assert "in a deploy after the one that made them" in warning


def test_without_managed_acls_it_stays_off():
    spec = build_spec(auth=SCRAM, scram_users=USERS)
    assert PROPERTY not in spec.server_properties
    assert PROPERTY not in build_spec(auth=IAM_AND_SCRAM, scram_users=USERS).server_properties


# --- what the stack plans --------------------------------------------------------------------


def plan(run_config, *acls: dict, **more):
    return run_config(
        auth=SCRAM, scramUsers=USERS, aclAdmin="ops", acls=list(acls or [WRITE_ORDERS]), **more
    )


def test_the_plan_makes_each_acl_through_the_kafka_provider(run_config):
    run = plan(run_config, acl(resourceType="TransactionalId", patternType="Prefixed"))
    made = {(r.inputs["aclPrincipal"], r.inputs["aclOperation"]): r for r in run.of_type(ACL)}
    mine = made[("User:orders", "Write")]
    assert mine.inputs == {
        "aclPrincipal": "User:orders",
        "aclHost": "*",
        "aclOperation": "Write",
        "aclPermissionType": "Allow",
        "aclResourceName": "orders",
        "aclResourceType": "TransactionalID",
        "resourcePatternTypeFilter": "Prefixed",
    }
    assert mine.parent == "msk:index:KafkaAcls::msk-acls"
    assert run.one("msk:index:KafkaAcls").parent == "msk:index:MskCluster::msk"
    assert PROPERTY not in run.one(CONFIGURATION).inputs["serverProperties"]  # no IAM: off


def test_with_iam_the_provider_signs_in_with_iam_and_deny_is_on(run_config):
    run = run_config(auth=IAM_AND_SCRAM, scramUsers=USERS, acls=[WRITE_ORDERS])
    provider = run.one(PROVIDER)
    port = catalog.port("sasl_iam")
    assert json.loads(provider.inputs["bootstrapServers"]) == [
        f"b-1.msk-test.kafka.us-east-1.amazonaws.com:{port}"
    ]
    assert provider.inputs["saslMechanism"] == "aws-iam"
    assert provider.inputs["saslAwsRegion"] == "us-east-1"
    assert provider.inputs["tlsEnabled"] == "true"
    assert "saslUsername" not in provider.inputs and "saslPassword" not in provider.inputs
    # IAM policy authorizes it: no admin ACLs, just the stack's own
    assert [r.inputs["aclPrincipal"] for r in run.of_type(ACL)] == ["User:orders"]
    assert f"{PROPERTY}=false\n" in run.one(CONFIGURATION).inputs["serverProperties"]


def test_the_admin_gets_the_cluster_acls_it_manages_acls_with(run_config):
    run = plan(run_config)
    own = sorted(
        (r.inputs["aclResourceType"], r.inputs["aclResourceName"], r.inputs["aclOperation"])
        for r in run.of_type(ACL)
        if r.inputs["aclPrincipal"] == "User:ops"
    )
    assert own == [("Cluster", "kafka-cluster", "Alter"), ("Cluster", "kafka-cluster", "Describe")]


def test_the_provider_signs_in_as_the_admin_over_tls_and_scram(run_config):
    provider = plan(run_config).one(PROVIDER)
    port = catalog.port("sasl_scram")
    assert json.loads(provider.inputs["bootstrapServers"]) == [
        f"b-1.msk-test.kafka.us-east-1.amazonaws.com:{port}"
    ]
    assert provider.inputs["tlsEnabled"] == "true"
    assert provider.inputs["skipTlsVerify"] == "false"
    assert provider.inputs["saslMechanism"] == "scram-sha512"
    assert provider.inputs["saslUsername"] == "ops"
    assert provider.inputs["saslPassword"] == SECRET
    # the password reaches it only once the admin's secret is associated with the cluster
    assert (
        "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation::msk-scram-ops"
        in provider.dependencies["saslPassword"]
    )


def test_the_admin_s_password_is_nowhere_in_plain_text(run_config):
    run = plan(run_config)
    password = "fake-password-of-msk-scram-ops"  # what the mock's RandomPassword returns
    assert password not in json.dumps(run.outputs, default=str)
    assert password not in json.dumps([r.inputs for r in run.resources], default=str)


def test_a_stack_without_acls_makes_no_kafka_provider(run_config):
    run = run_config(auth=SCRAM, scramUsers=USERS)
    assert run.of_type(PROVIDER) == [] and run.of_type(ACL) == []


def test_the_admin_s_acls_come_before_every_other(monkeypatch):
    made = []

    def record(name, spec, parent, provider, depends_on=()):
        made.append((spec, list(depends_on)))
        return spec

    monkeypatch.setattr(acl_builder, "kafka_acl", record)
    own = admin_acls("User:ops")
    mine = AclSpec("User:orders", "Topic", "orders", "Literal", "Write", "Allow")
    acl_builder.build_acls("acls", None, None, own, [mine])
    assert made == [(own[0], []), (own[1], []), (mine, own)]


def test_the_change_plan_replaces_an_acl_on_any_change(run_config):
    kind = lifecycle.resource_types()[ACL]
    assert kind.update == ()
    replaced = {rule.path for rule in kind.replace}
    assert replaced == set(plan(run_config).of_type(ACL)[0].inputs)


# --- KafkaAcls on its own ----------------------------------------------------------------------

PROGRAM = """
import pulumi
from msk_platform import KafkaAcls
KafkaAcls("orders-acls", {args})
"""
BOOTSTRAP = "b-1.x.kafka.us-east-1.amazonaws.com:9094,b-2.x.kafka.us-east-1.amazonaws.com:9094"
ACL_ARGS = {
    "principal": "User:CN=orders",
    "resource_type": "Topic",
    "resource_name": "orders",
    "operation": "Read",
}


def standalone(run_inline, **args):
    fields = {"bootstrap_servers": BOOTSTRAP, "acls": [ACL_ARGS], **args}
    fields = {name: value for name, value in fields.items() if value is not None}
    return run_inline(PROGRAM.format(args=repr(fields)))


def test_the_component_alone_with_mtls_keeps_the_key_secret(run_inline):
    run = standalone(
        run_inline,
        client_certificate="-----BEGIN CERTIFICATE-----",
        client_key="-----BEGIN PRIVATE KEY----- KEYMATERIAL",
        admin_principal="User:CN=ops,OU=platform",
    )
    assert run.error is None, run.error
    provider = run.one(PROVIDER)
    assert provider.inputs["clientKey"] == SECRET
    assert "saslUsername" not in provider.inputs
    assert len(json.loads(provider.inputs["bootstrapServers"])) == 2
    assert "KEYMATERIAL" not in json.dumps([r.inputs for r in run.resources])
    principals = {r.inputs["aclPrincipal"] for r in run.of_type(ACL)}
    assert principals == {"User:CN=ops,OU=platform", "User:CN=orders"}


def test_the_component_alone_with_iam_signs_in_with_iam_for_the_stack_s_region(run_inline):
    run = standalone(run_inline, iam=True)
    assert run.error is None, run.error
    provider = run.one(PROVIDER)
    assert provider.inputs["saslMechanism"] == "aws-iam"
    assert provider.inputs["saslAwsRegion"] == "us-east-1"
    assert {r.inputs["aclPrincipal"] for r in run.of_type(ACL)} == {"User:CN=orders"}
    run = standalone(run_inline, iam=True, iam_region="eu-west-1")
    assert run.one(PROVIDER).inputs["saslAwsRegion"] == "eu-west-1"


def test_the_component_alone_with_scram_defaults_the_admin_principal(run_inline):
    run = standalone(run_inline, scram_username="ops", scram_password="hunter2-plain")
    assert run.error is None, run.error
    assert run.one(PROVIDER).inputs["saslPassword"] == SECRET
    assert "hunter2-plain" not in json.dumps([r.inputs for r in run.resources])
    assert {"User:ops"} < {r.inputs["aclPrincipal"] for r in run.of_type(ACL)}


@pytest.mark.parametrize(
    ("args", "key", "fragment"),
    [
        ({}, "KafkaAcls", "has no admin credentials"),
        (
            {"scram_username": "ops", "scram_password": "x", "client_key": "k"},
            "KafkaAcls",
            "more than one way to sign in (scram, mtls)",
        ),
        (
            {"iam": True, "scram_username": "ops", "scram_password": "x"},
            "KafkaAcls",
            "more than one way to sign in (iam, scram)",
        ),
        ({"iam": "yes"}, "KafkaAcls.iam", "use true"),
        (
            {"scram_username": "ops", "scram_password": "x", "iam_region": "us-east-1"},
            "KafkaAcls.iam_region",
            "is only for iam: true",
        ),
        (
            {"iam": True, "admin_principal": "User:ops"},
            "KafkaAcls.adminPrincipal",
            "is not used with iam",
        ),
        ({"scram_username": "ops"}, "KafkaAcls.scram_password", "is required"),
        (
            {"client_certificate": "c", "client_key": "k"},
            "KafkaAcls.adminPrincipal",
            "is required with mTLS",
        ),
        (
            {"scram_username": "ops", "scram_password": "x", "acls": []},
            "KafkaAcls.acls",
            "at least one ACL",
        ),
        (
            {
                "scram_username": "ops",
                "scram_password": "x",
                "acls": [ACL_ARGS | {"operation": "Fly"}],
            },
            "KafkaAcls.acls[0].operation",
            "is not an operation on Topic",
        ),
        (
            {"scram_username": "ops", "scram_password": "x", "bootstrap_servers": None},
            "KafkaAcls.bootstrapServers",
            "is required",
        ),
        (
            {"scram_username": "ops", "scram_password": "x", "bootstrap": BOOTSTRAP},
            "KafkaAcls.bootstrap",
            "did you mean bootstrap_servers?",
        ),
    ],
)
def test_the_component_alone_refuses_bad_args_naming_them(run_inline, args, key, fragment):
    run = standalone(run_inline, **args)
    assert isinstance(run.error, MskConfigError), run.error
    found = {p.key: p.message for p in run.error.problems}
    assert fragment in found[key], found
    assert run.resources == []


def test_the_component_is_published_in_the_schema():
    published = schema()["resources"]["msk:index:KafkaAcls"]
    assert {
        "bootstrapServers",
        "acls",
        "scramUsername",
        "scramPassword",
        "clientKey",
        "iam",
        "iamRegion",
    } <= set(published["inputProperties"])
    assert set(published["properties"]) == {"adminPrincipal", "aclIds"}


# --- the policy pack -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "flagged"),
    [
        ({"aclPrincipal": "User:*", "aclOperation": "All", "aclPermissionType": "Allow"}, True),
        ({"aclPrincipal": "User:*", "aclOperation": "Read", "aclPermissionType": "Allow"}, False),
        ({"aclPrincipal": "User:ops", "aclOperation": "All", "aclPermissionType": "Allow"}, False),
        ({"aclPrincipal": "User:*", "aclOperation": "All", "aclPermissionType": "Deny"}, False),
    ],
)
def test_the_pack_flags_an_acl_that_allows_everyone_everything(props, flagged):
    from pulumi_policy import EnforcementLevel

    from tests.test_policy import POLICIES, violations

    policy = POLICIES["kafka-acl-not-everyone-everything"]
    assert policy.enforcement_level == EnforcementLevel.ADVISORY
    props = {**props, "aclResourceType": "Topic", "aclResourceName": "*"}
    found = violations(policy, ACL, props)
    assert (found != []) is flagged, found


def test_the_pack_passes_the_acls_the_plan_makes(run_config):
    from tests.test_policy import POLICIES, violations

    policy = POLICIES["kafka-acl-not-everyone-everything"]
    for made in plan(run_config).of_type(ACL):
        assert violations(policy, ACL, made.inputs) == []
