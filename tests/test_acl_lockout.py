"""Deny-unless-ACL never locks a cluster's users out: off unless asked, and when asked, a
warning that says what must come first."""

import pytest

from msk_platform import catalog
from tests.conftest import build_spec
from tests.conftest import problems_by_key as problems
from tests.ids import CA, SUBNETS, VPC

PROPERTY = "allow.everyone.if.no.acl.found"
CONFIGURATION = "aws:msk/configuration:Configuration"
SCRAM_ONLY = {"scram": True}
MTLS_ONLY = {"tls": True, "certificateAuthorityArns": [CA]}


def acl_warnings(spec) -> list[str]:
    return [w for w in spec.warnings if "ACL" in w]


@pytest.mark.parametrize("auth", [SCRAM_ONLY, MTLS_ONLY], ids=["scram-only", "mtls-only"])
def test_scram_or_mtls_only_clusters_stay_usable_by_default(auth):
    spec = build_spec(auth=auth)
    assert PROPERTY not in spec.server_properties  # MSK's default: true
    (warning,) = acl_warnings(spec)
    assert warning.startswith("msk:auth:")
    assert "no ACL names" in warning and "msk:denyUnlessAcl: true" in warning


def test_the_plan_s_configuration_leaves_the_property_to_msk(run_config):
    run = run_config(auth=SCRAM_ONLY, scramUsers=["alice"])
    assert PROPERTY not in run.one(CONFIGURATION).inputs["serverProperties"]


def test_asking_for_it_writes_it_into_the_configuration(run_config):
    run = run_config(auth=SCRAM_ONLY, scramUsers=["alice"], denyUnlessAcl=True)
    assert f"{PROPERTY}=false\n" in run.one(CONFIGURATION).inputs["serverProperties"]


@pytest.mark.parametrize("auth", [SCRAM_ONLY, MTLS_ONLY], ids=["scram-only", "mtls-only"])
def test_asking_for_it_without_iam_warns_that_nobody_could_create_the_first_acl(auth):
    spec = build_spec(auth=auth, deny_unless_acl=True)
    assert spec.server_properties[PROPERTY] == "false"
    (warning,) = acl_warnings(spec)
    assert warning.startswith("msk:denyUnlessAcl:")
    assert "Create the ACLs first" in warning
    assert "admin principal" in warning and "super.users" in warning
    assert "nobody could use the cluster" in warning
    assert "deploy with msk:denyUnlessAcl false, create the ACLs, then turn it on" in warning


def test_with_iam_on_too_an_iam_client_can_still_create_acls():
    spec = build_spec(auth={"iam": True, "scram": True}, deny_unless_acl=True)
    (warning,) = acl_warnings(spec)
    assert "through an IAM client with an admin grant" in warning
    assert "nobody could use the cluster" not in warning


ORDERS_ACL = {
    "principal": "User:orders",
    "resourceType": "Topic",
    "resourceName": "orders",
    "operation": "Write",
}


def test_managed_acls_turn_it_on_by_default_only_where_iam_lets_the_provider_make_them():
    with_iam = build_spec(auth={"iam": True, "scram": True}, scram_users=["ops"], acls=[ORDERS_ACL])
    assert with_iam.server_properties[PROPERTY] == "false"
    assert not [w for w in acl_warnings(with_iam) if "nobody could use" in w]
    without = build_spec(auth=SCRAM_ONLY, scram_users=["ops"], acl_admin="ops", acls=[ORDERS_ACL])
    assert PROPERTY not in without.server_properties


def test_iam_only_clusters_say_nothing_of_acls_by_default():
    spec = build_spec(auth={"iam": True})
    assert PROPERTY not in spec.server_properties
    assert acl_warnings(spec) == []


def test_asking_for_it_on_an_iam_only_cluster_says_it_has_no_effect():
    spec = build_spec(auth={"iam": True}, deny_unless_acl=True)
    (warning,) = acl_warnings(spec)
    assert "no effect" in warning and "IAM policies" in warning


def test_setting_the_property_directly_gets_the_same_warning():
    spec = build_spec(auth=SCRAM_ONLY, server_properties={PROPERTY: "false"})
    assert spec.server_properties[PROPERTY] == "false"
    (warning,) = acl_warnings(spec)
    assert warning.startswith(f"msk:serverProperties.{PROPERTY}:")
    assert "Create the ACLs first" in warning


@pytest.mark.parametrize("asked,written", [(True, "true"), (False, "false")])
def test_the_switch_and_the_property_may_not_contradict_each_other(asked, written):
    found = problems(auth=SCRAM_ONLY, deny_unless_acl=asked, server_properties={PROPERTY: written})
    assert "says the opposite" in found["msk:denyUnlessAcl"]


def test_the_switch_and_the_property_may_agree():
    spec = build_spec(auth=SCRAM_ONLY, deny_unless_acl=True, server_properties={PROPERTY: "false"})
    assert spec.server_properties[PROPERTY] == "false"


def test_public_access_with_scram_is_refused_until_asked_for_and_then_taken():
    # AWS turns public access on for SCRAM or mTLS only with the property false
    public = {
        "vpc_id": VPC,
        "subnet_ids": SUBNETS,
        "public_access": True,
        "client_cidr_blocks": ["203.0.113.0/24"],
        "auth": SCRAM_ONLY,
    }
    assert "msk:denyUnlessAcl: true" in problems(**public)["msk:publicAccess"]
    assert build_spec(**public, deny_unless_acl=True).server_properties[PROPERTY] == "false"


def test_serverless_has_no_such_switch():
    found = problems(cluster_type="serverless", deny_unless_acl=True)
    assert "does not apply to serverless" in found["msk:denyUnlessAcl"]


def test_the_catalog_records_why():
    rules = catalog.kafka_acl_rules()
    assert (rules["property"], rules["msk_default"], rules["deny_value"]) == (
        PROPERTY,
        "true",
        "false",
    )
    assert rules["super_users_settable"] is False
    assert any("msk-acls.html" in source for source in rules["source"])
