"""Grants as IAM will take them: a policy name of each stack's own, and roles of the deploying
account only."""

import re

import pytest

from msk_platform import catalog
from msk_platform.builders.grants import policy_name
from mskctl.plan import build_plan
from mskctl.stack_files import StackConfig, engine_text
from tests.conftest import PROJECT_DIR
from tests.conftest import problems_by_key as problems

POLICY = "aws:iam/rolePolicy:RolePolicy"
HOME = "123456789012"  # the account the offline runtime's clusters are in
OTHER = "111122223333"
GRANT = {"roleName": "orders-api", "produce": ["orders"]}


def iam_names(run) -> dict[str, str]:
    """Pulumi resource name -> the inline policy's name in IAM."""
    return {p.name: p.inputs["name"] for p in run.of_type(POLICY)}


def role_arn(account: str, name: str = "billing") -> str:
    return f"arn:aws:iam::{account}:role/team/{name}"


def reader(arn: str) -> dict:
    return {"roleArn": arn, "consume": ["orders"], "groups": ["billing"]}


# --- names: one per stack and cluster, the same on every run -----------------------------


def test_two_stacks_granting_one_role_keep_a_policy_each(run_config):
    dev = iam_names(run_config(stack="dev", grants=[GRANT]))
    prod = iam_names(run_config(stack="prod", grants=[GRANT]))
    # Pulumi's names are per stack anyway; IAM's are per role, so they must differ
    assert dev.keys() == prod.keys() == {"msk-produce-orders-api"}
    assert dev["msk-produce-orders-api"] != prod["msk-produce-orders-api"]
    assert dev["msk-produce-orders-api"].startswith("msk-dev-produce-orders-api-")
    assert prod["msk-produce-orders-api"].startswith("msk-prod-produce-orders-api-")


def test_policy_names_are_stable_from_run_to_run(run_config):
    first = iam_names(run_config(stack="dev", grants=[GRANT]))
    assert iam_names(run_config(stack="dev", grants=[GRANT])) == first


def test_a_cluster_name_shared_by_two_stacks_still_gives_two_names(run_config):
    dev = iam_names(run_config(stack="dev", clusterName="orders", grants=[GRANT]))
    prod = iam_names(run_config(stack="prod", clusterName="orders", grants=[GRANT]))
    assert dev["msk-produce-orders-api"] != prod["msk-produce-orders-api"]
    assert dev["msk-produce-orders-api"].startswith("msk-dev-orders-produce-orders-api-")


def test_names_fit_iam_however_long_or_odd_the_role_label():
    rule = catalog.iam_inline_policy_rules()["policy_name"]
    allowed = re.compile(rule["pattern"], re.ASCII)
    long_label = "r" * 300
    names = {
        policy_name("msk", "prod", "msk-prod", "consume", long_label + suffix)
        for suffix in ("a", "b")
    }
    assert len(names) == 2  # the cut leaves them apart: the digest covers the whole label
    odd = policy_name("msk", "prod", "msk-prod", "admin", "ops team/ñ")
    for name in (*names, odd):
        assert rule["min_chars"] <= len(name) <= rule["max_chars"]
        assert allowed.fullmatch(name), name


def test_grant_methods_name_their_policies_per_stack_too(run_inline):
    source = (
        "from msk_platform import MskCluster\n"
        "msk = MskCluster('events', {'client_cidr_blocks': ['10.0.0.0/8']})\n"
        "msk.grant_consume('analytics', ['clicks'], ['analytics-*'])\n"
    )
    names = {
        stack: iam_names(run_inline(source, stack=stack, preview=True, raise_errors=True))
        for stack in ("dev", "prod")
    }
    dev, prod = names["dev"]["events-consume-analytics"], names["prod"]["events-consume-analytics"]
    assert dev != prod
    assert dev.startswith("app-dev-events-consume-analytics-")


# --- roles of another account --------------------------------------------------------------


def test_a_role_of_another_account_is_refused_before_its_policy_exists(run_config):
    run = run_config(raise_errors=False, grants=[GRANT, reader(role_arn(OTHER))])
    assert run.error is not None
    message = str(run.error)
    assert "msk:grants[1].roleArn" in message
    assert f"role of account {OTHER}" in message and f"deploys to account {HOME}" in message
    # nothing is attached to the namesake role of the deploying account
    assert "msk-consume-billing" not in iam_names(run)


def test_a_role_of_the_deploying_account_by_arn_gets_its_policy(run_config):
    run = run_config(grants=[reader(role_arn(HOME))])
    policy = next(p for p in run.of_type(POLICY) if p.name == "msk-consume-billing")
    assert policy.inputs["role"] == "billing"


def test_roles_of_two_accounts_are_refused_at_config_time():
    found = problems(grants=[reader(role_arn(HOME)), reader(role_arn(OTHER, "audit"))])
    assert set(found) == {"msk:grants[1].roleArn"}
    assert f"account {OTHER}" in found["msk:grants[1].roleArn"]
    assert "msk:grants[0].roleArn" in found["msk:grants[1].roleArn"]


def plan_with(values: dict) -> dict:
    config = StackConfig(
        project="msk",
        stack="dev",
        values={"aws:region": "us-east-1", "msk:clientCidrBlocks": '["10.0.0.0/8"]', **values},
    )
    return build_plan(PROJECT_DIR, config)


@pytest.mark.parametrize(
    "allowed,refused",
    [
        ([OTHER], False),  # the stack deploys to the role's account
        ([HOME], True),
        ([HOME, "444455556666"], True),
    ],
)
def test_the_offline_plan_refuses_a_role_outside_the_allowed_accounts(allowed, refused):
    document = plan_with(
        {
            "msk:grants": engine_text([reader(role_arn(OTHER))]),
            "aws:allowedAccountIds": engine_text(allowed),
        }
    )
    keys = [e["key"] for e in document["errors"]]
    assert keys == (["msk:grants[0].roleArn"] if refused else [])
    if refused:
        assert f"role of account {OTHER}" in document["errors"][0]["message"]


def test_the_offline_plan_does_not_guess_an_account_it_is_not_told():
    document = plan_with({"msk:grants": engine_text([reader(role_arn(OTHER))])})
    assert document["errors"] == []
    assert any(r["type"] == POLICY for r in document["resources"])
