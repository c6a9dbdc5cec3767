"""The example embeds the pip-installed component beside its own `components` package."""

import json
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent


def by_type(resources, type_):
    return [r for r in resources if r.typ == type_]


def test_the_component_comes_from_the_installed_package_and_components_from_the_app():
    import components
    import msk_platform

    assert Path(components.__file__).resolve().parent == EXAMPLE / "components"
    assert "site-packages" in Path(msk_platform.__file__).resolve().parts


def test_the_cluster_admits_the_app_security_group_on_the_iam_port(program):
    group = next(
        r
        for r in by_type(program, "aws:ec2/securityGroup:SecurityGroup")
        if r.name == "orders-brokers"
    )
    rules = group.inputs["ingress"]
    assert [(r["fromPort"], r["securityGroups"]) for r in rules] == [(9098, ["orders-app-id"])]


def test_the_app_role_gets_produce_and_consume_grants(program):
    policies = {r.name: r.inputs for r in by_type(program, "aws:iam/rolePolicy:RolePolicy")}
    assert set(policies) == {"orders-produce-orders-app", "orders-consume-orders-app"}
    produce = json.loads(policies["orders-produce-orders-app"]["policy"])
    actions = {a for s in produce["Statement"] for a in s["Action"]}
    assert actions == {
        "kafka-cluster:Connect",
        "kafka-cluster:WriteDataIdempotently",
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:WriteData",
    }
    assert policies["orders-consume-orders-app"]["role"] == "orders-app"


def test_the_topic_is_created(program):
    topics = by_type(program, "aws:msk/topic:Topic")
    assert [(t.inputs["name"], t.inputs["partitionCount"]) for t in topics] == [("orders", 6)]
