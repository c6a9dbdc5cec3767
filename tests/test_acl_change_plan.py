"""The change plan refuses the deploy that would turn deny-unless-ACL on in the same deploy that
creates the SCRAM admin's own ACLs (the brokers would refuse them), and takes the two in two
deploys, or in one where the Kafka provider signs in with IAM."""

from mskctl.against import CREATE, REFUSED, UPDATE, blocking
from tests.test_change_plan import changes, only

ACL = "kafka:index/acl:Acl"
CONFIGURATION = "aws:msk/configuration:Configuration"
ORDERS = "{principal: 'User:orders', resourceType: Topic, resourceName: orders, operation: Write}"
SCRAM_ONLY = ("auth={iam: false, scram: true}", "scramUsers=[ops, orders]")
MANAGED = (*SCRAM_ONLY, "aclAdmin=ops", f"acls=[{ORDERS}]")
IAM = ("auth={iam: true, scram: true}", "scramUsers=[ops, orders]", f"acls=[{ORDERS}]")


def admin_alter(found):
    return only(found, ACL, "msk-acls-acl-User-ops-Cluster-kafka-cluster-Literal-Alter-Allow")


def test_deny_and_the_admin_s_first_acls_in_one_deploy_are_refused():
    found = changes("dev", SCRAM_ONLY, (*MANAGED, "denyUnlessAcl=true"))
    refused = admin_alter(found)
    assert refused.action == REFUSED and blocking(found)
    assert "the brokers refuse it" in refused.reasons[0]
    assert "signed in as User:ops" in refused.reasons[0]
    assert "then set msk:denyUnlessAcl: true and deploy again" in refused.instead
    assert "aws-msk-acls" in refused.sources
    assert only(found, CONFIGURATION).action == UPDATE


def test_the_acls_first_then_deny_in_a_second_deploy_are_taken():
    first = changes("dev", SCRAM_ONLY, MANAGED)
    assert admin_alter(first).action == CREATE and not blocking(first)
    second = changes("dev", MANAGED, (*MANAGED, "denyUnlessAcl=true"))
    assert admin_alter(second) is None and not blocking(second)
    assert only(second, CONFIGURATION).action == UPDATE


def test_with_iam_deny_and_the_acls_come_in_one_deploy():
    found = changes("dev", IAM[:2], IAM)
    assert only(found, CONFIGURATION).action == UPDATE  # deny on, by default
    assert {c.action for c in found if c.type == ACL} == {CREATE}
    assert not blocking(found)


def test_a_new_cluster_alter_acl_for_someone_else_is_taken_once_the_admin_manages_acls():
    alter = (
        "{principal: 'User:orders', resourceType: Cluster, resourceName: kafka-cluster, "
        "operation: Alter}"
    )
    more = (*SCRAM_ONLY, "aclAdmin=ops", f"acls=[{ORDERS}, {alter}]", "denyUnlessAcl=true")
    found = changes("dev", MANAGED, more)
    added = only(found, ACL, "msk-acls-acl-User-orders-Cluster-kafka-cluster-Literal-Alter-Allow")
    assert added.action == CREATE and not blocking(found)
