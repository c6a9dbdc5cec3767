"""Managed VPC connections: ``msk:vpcConnections`` for client VPCs of the cluster's account, and
MskVpcConnection, the route of a client VPC in another account. Each AWS rule both ways, the
resources and inputs the plan shows, the change plan, and the bill."""

import json

import pytest

from msk_platform import MskConfigError, catalog
from msk_platform.cost import estimate
from mskctl.against import REPLACE, compare
from mskctl.plan import build_plan, stack_config
from tests.conftest import PROJECT_DIR, build_spec, problems_by_key

CONNECTION = "aws:msk/vpcConnection:VpcConnection"
CLUSTER_VPC = "vpc-0a1b2c3d4e5f60718"
CLUSTER_SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722"]
CLIENT_VPC = "vpc-0c1c2c3d4e5f60718"
CLIENT_SUBNETS = ["subnet-0c1c2c3d4e5f60711", "subnet-0c1c2c3d4e5f60722"]
CLIENT_SG = "sg-0c1c2c3d4e5f60799"
CLUSTER_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6a7b-8c9d-0e1f-3"


def connection(**fields) -> dict:
    """A valid msk:vpcConnections entry (camelCase, as config gives it), with ``fields`` over."""
    return {
        "vpcId": CLIENT_VPC,
        "subnetIds": list(CLIENT_SUBNETS),
        "securityGroupIds": [CLIENT_SG],
        "authentication": "iam",
        **fields,
    }


def cluster(*connections, connectivity=None, **args) -> dict:
    """Spec args (snake_case) of a cluster in an existing VPC with ``connections``."""
    subnets = args.pop("subnet_ids", CLUSTER_SUBNETS)
    return {
        "vpc_id": CLUSTER_VPC,
        "subnet_ids": subnets,
        "broker_count": len(subnets),
        "vpc_connectivity": {"iam": True} if connectivity is None else connectivity,
        "vpc_connections": list(connections),
        **args,
    }


def problems(*connections, **args) -> dict:
    return problems_by_key(**cluster(*connections, **args))


# --- the rules, each accepted and refused -----------------------------------------------------


def test_a_valid_connection_is_accepted_into_the_spec():
    spec = build_spec(**cluster(connection()))
    (made,) = spec.vpc_connections
    assert (made.vpc_id, made.authentication) == (CLIENT_VPC, "iam")
    assert made.subnet_ids == tuple(CLIENT_SUBNETS)
    assert made.security_group_ids == (CLIENT_SG,)


def test_connections_need_multi_vpc_connectivity_on_the_cluster():
    args = cluster(connection())
    del args["vpc_connectivity"]
    found = problems_by_key(**args)
    assert "needs msk:vpcConnectivity" in found["msk:vpcConnections"]


@pytest.mark.parametrize("mode", ["iam", "scram", "tls"])
def test_each_mode_is_accepted_when_the_cluster_has_it_on(mode):
    auth = {"iam": True, "scram": mode == "scram", "tls": mode == "tls"}
    if mode == "tls":
        auth["certificate_authority_arns"] = [
            "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-6a7b"
        ]
    extra = {"scram_users": ["app"]} if mode == "scram" else {}
    spec = build_spec(
        **cluster(
            connection(authentication=mode),
            connectivity={mode: True},
            auth=auth,
            deny_unless_acl=mode != "iam",
            **extra,
        )
    )
    assert spec.vpc_connections[0].authentication == mode


def test_a_mode_the_cluster_does_not_have_on_is_refused_naming_the_field():
    found = problems(connection(authentication="scram"), connectivity={"iam": True})
    message = found["msk:vpcConnections[0].authentication"]
    assert "'scram' is not on in msk:vpcConnectivity (on: iam)" in message
    assert "or use iam" in message


def test_a_mode_that_is_no_choice_is_refused():
    found = problems(connection(authentication="unauthenticated"))
    assert "use 'iam' or 'scram' or 'tls'" in found["msk:vpcConnections[0].authentication"]


@pytest.mark.parametrize("field", ["vpcId", "subnetIds", "securityGroupIds", "authentication"])
def test_every_field_is_required(field):
    item = connection()
    del item[field]
    assert "is required" in problems(item)[f"msk:vpcConnections[0].{field}"]


def test_ids_are_checked_with_the_projects_own_patterns():
    found = problems(
        connection(
            vpcId="vpc-123",
            subnetIds=[CLIENT_SUBNETS[0], "subnet-xyz"],
            securityGroupIds=["sg-nope"],
        )
    )
    assert "is not a VPC id" in found["msk:vpcConnections[0].vpcId"]
    assert "is not a subnet id" in found["msk:vpcConnections[0].subnetIds[1]"]
    assert "is not a security group id" in found["msk:vpcConnections[0].securityGroupIds[0]"]
    assert "msk:vpcConnections[0].subnetIds[0]" not in found


def test_at_least_two_subnets():
    least = catalog.vpc_connection_rules()["client_subnets_min"]
    found = problems(connection(subnetIds=CLIENT_SUBNETS[:1]))
    assert f"needs at least {least}" in found["msk:vpcConnections[0].subnetIds"]
    assert build_spec(**cluster(connection(subnetIds=CLIENT_SUBNETS[:least])))


def test_no_more_subnets_than_the_cluster_has():
    three = [*CLIENT_SUBNETS, "subnet-0c1c2c3d4e5f60733"]
    found = problems(connection(subnetIds=three))  # the cluster has two subnets
    assert "the cluster has 2" in found["msk:vpcConnections[0].subnetIds"]
    cluster_of_three = [*CLUSTER_SUBNETS, "subnet-0a1b2c3d4e5f60733"]
    assert build_spec(**cluster(connection(subnetIds=three), subnet_ids=cluster_of_three))


def test_a_subnet_listed_twice_is_refused():
    found = problems(connection(subnetIds=[CLIENT_SUBNETS[0], CLIENT_SUBNETS[0]]))
    assert "twice" in found["msk:vpcConnections[0].subnetIds"]


def test_security_groups_between_one_and_the_network_interface_maximum():
    rules = catalog.vpc_connection_rules()
    found = problems(connection(securityGroupIds=[]))
    assert "at least one security group" in found["msk:vpcConnections[0].securityGroupIds"]
    groups = [f"sg-0c1c2c3d4e5f607{n:02d}" for n in range(rules["security_groups_max"] + 1)]
    found = problems(connection(securityGroupIds=groups))
    assert (
        f"at most {rules['security_groups_max']}"
        in (found["msk:vpcConnections[0].securityGroupIds"])
    )
    spec = build_spec(**cluster(connection(securityGroupIds=groups[:-1])))
    assert len(spec.vpc_connections[0].security_group_ids) == rules["security_groups_max"]


def test_more_groups_than_the_default_quota_warn():
    quota = catalog.vpc_connection_rules()["security_groups_default_quota"]
    groups = [f"sg-0c1c2c3d4e5f607{n:02d}" for n in range(quota + 1)]
    warned = build_spec(**cluster(connection(securityGroupIds=groups))).warnings
    assert any("pass the VPC default of" in w for w in warned)
    quiet = build_spec(**cluster(connection(securityGroupIds=groups[:quota]))).warnings
    assert not any("pass the VPC default of" in w for w in quiet)


def test_a_connection_from_the_clusters_own_vpc_warns():
    warned = build_spec(**cluster(connection(vpcId=CLUSTER_VPC))).warnings
    assert any("the cluster's own VPC" in w for w in warned)
    assert not any("own VPC" in w for w in build_spec(**cluster(connection())).warnings)


def test_the_same_vpc_and_mode_twice_warns():
    warned = build_spec(**cluster(connection(), connection())).warnings
    assert any("already connects with iam" in w for w in warned)


def test_vpc_connections_are_refused_on_serverless():
    found = problems_by_key(
        cluster_type="serverless",
        vpc_id=CLUSTER_VPC,
        subnet_ids=CLUSTER_SUBNETS,
        vpc_connections=[connection()],
    )
    assert "does not apply to serverless" in found["msk:vpcConnections"]


# --- what the plan creates ---------------------------------------------------------------------


@pytest.fixture
def planned(run_config):
    return run_config(
        vpcId=CLUSTER_VPC,
        subnetIds=CLUSTER_SUBNETS,
        brokerCount=2,
        vpcConnectivity={"iam": True},
        vpcConnections=[connection(), connection(vpcId="vpc-0d1d2c3d4e5f60718")],
        tags={"team": "orders"},
    )


def test_one_connection_per_entry_with_its_inputs(planned):
    made = {r.name: r for r in planned.of_type(CONNECTION)}
    assert set(made) == {
        f"msk-vpc-connection-{CLIENT_VPC}-iam",
        "msk-vpc-connection-vpc-0d1d2c3d4e5f60718-iam",
    }
    first = made[f"msk-vpc-connection-{CLIENT_VPC}-iam"]
    assert first.parent == "msk:index:MskCluster::msk"
    assert first.inputs["authentication"] == "SASL_IAM"
    assert first.inputs["vpcId"] == CLIENT_VPC
    assert first.inputs["clientSubnets"] == CLIENT_SUBNETS
    assert first.inputs["securityGroups"] == [CLIENT_SG]
    assert first.inputs["targetClusterArn"].startswith("arn:aws:kafka:us-east-1:")
    assert first.dependencies["targetClusterArn"] == ["aws:msk/cluster:Cluster::msk-cluster"]
    tags = first.inputs["tags"]
    assert tags["team"] == "orders" and tags["managed-by"] == "pulumi-msk"
    assert tags["Name"] == f"msk-vpc-connection-{CLIENT_VPC}-iam"


def test_connections_are_neither_protected_nor_retained(run_config):
    run = run_config(
        vpcId=CLUSTER_VPC,
        subnetIds=CLUSTER_SUBNETS,
        brokerCount=2,
        vpcConnectivity={"iam": True},
        vpcConnections=[connection()],
        protect=True,
        retainOnDelete=True,
    )
    options = run.one(CONNECTION).options
    assert not options.get("protect") and not options.get("retainOnDelete")
    assert run.one("aws:msk/cluster:Cluster").options["protect"] is True


def test_no_connection_without_the_key(run_config):
    run = run_config(vpcId=CLUSTER_VPC, subnetIds=CLUSTER_SUBNETS, brokerCount=2)
    assert run.of_type(CONNECTION) == []


def test_a_refused_connection_registers_nothing(run_config):
    run = run_config(
        vpcId=CLUSTER_VPC,
        subnetIds=CLUSTER_SUBNETS,
        brokerCount=2,
        vpcConnectivity={"iam": True},
        vpcConnections=[connection(subnetIds=CLIENT_SUBNETS[:1])],
        raise_errors=False,
    )
    assert isinstance(run.error, MskConfigError)
    assert [p.key for p in run.error.problems] == ["msk:vpcConnections[0].subnetIds"]
    assert run.resources == []


# --- the change plan and the bill --------------------------------------------------------------

PROD = ("vpcConnectivity={iam: true}",)


def _plan(*overrides: str) -> dict:
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", [*PROD, *overrides]))
    assert not document["errors"], document["errors"]
    return document


def _connections(subnets: list[str]) -> str:
    entry = connection(subnetIds=subnets)
    return f"vpcConnections={json.dumps([entry])}"


def test_the_change_plan_replaces_a_connection_whose_subnets_change():
    before = _plan(_connections(CLIENT_SUBNETS))
    after = _plan(_connections([CLIENT_SUBNETS[0], "subnet-0c1c2c3d4e5f60733"]))
    (change,) = [c for c in compare(before, after) if c.type == CONNECTION]
    assert change.action == REPLACE
    assert any("msk:vpcConnections[].subnetIds" in reason for reason in change.reasons)
    assert [c for c in compare(before, before) if c.type == CONNECTION] == []


def test_the_bill_counts_connection_hours_without_inventing_a_rate():
    hours = catalog.pricing()["hours_per_month"]
    spec = build_spec(**cluster(connection(), connection(vpcId="vpc-0d1d2c3d4e5f60718")))
    (line,) = [
        line for line in estimate(spec, "us-east-1").lines if "msk:vpcConnections" in line.item
    ]
    assert line.quantity == 2 * hours and line.unit == "connection-hour per auth scheme"
    assert line.unit_price is None and line.monthly is None
    plain = build_spec(vpc_id=CLUSTER_VPC, subnet_ids=CLUSTER_SUBNETS, broker_count=2)
    assert not [line for line in estimate(plain, "us-east-1").lines if "VPC" in line.item]


# --- the other-account route: MskVpcConnection -------------------------------------------------

PROGRAM = """
import pulumi
from msk_platform import MskVpcConnection
MskVpcConnection("orders-link", {args}, {opts})
"""


def _route(run_inline, opts: str = "None", **args):
    fields = {
        "target_cluster_arn": CLUSTER_ARN,
        "vpc_id": CLIENT_VPC,
        "subnet_ids": CLIENT_SUBNETS,
        "security_group_ids": [CLIENT_SG],
        "authentication": "iam",
        **args,
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    return run_inline(PROGRAM.format(args=repr(fields), opts=opts))


def test_the_route_makes_one_connection_as_the_config_does(run_inline):
    run = _route(run_inline, tags={"team": "producers"}, authentication="scram")
    assert run.error is None, run.error
    made = run.one(CONNECTION)
    assert made.name == "orders-link-vpc-connection"
    assert made.parent == "msk:index:MskVpcConnection::orders-link"
    assert made.inputs["authentication"] == "SASL_SCRAM"
    assert made.inputs["targetClusterArn"] == CLUSTER_ARN
    assert made.inputs["clientSubnets"] == CLIENT_SUBNETS
    assert made.inputs["securityGroups"] == [CLIENT_SG]
    assert made.inputs["tags"] == {
        "project": "app",
        "stack": "t",
        "managed-by": "pulumi-msk",
        "team": "producers",
        "Name": "orders-link",
    }


@pytest.mark.parametrize(
    ("args", "key", "fragment"),
    [
        ({"target_cluster_arn": None}, "targetClusterArn", "is required"),
        ({"target_cluster_arn": "arn:aws:kafka:us-east-1:1:cluster/x"}, "targetClusterArn", "ARN"),
        ({"authentication": None}, "authentication", "is required"),
        ({"authentication": "plaintext"}, "authentication", "not one of the choices"),
        ({"vpc_id": "vpc-1"}, "vpcId", "is not a VPC id"),
        ({"subnet_ids": CLIENT_SUBNETS[:1]}, "subnetIds", "at least 2"),
        ({"subnet_ids": ["subnet-a", CLIENT_SUBNETS[1]]}, "subnetIds[0]", "not a subnet id"),
        ({"security_group_ids": []}, "securityGroupIds", "at least one security group"),
        ({"security_group_ids": "sg-0c1c2c3d4e5f60799"}, "securityGroupIds", "is text"),
        ({"tags": {"team": ["a"]}}, "tags.team", "use text"),
    ],
)
def test_the_route_refuses_what_aws_refuses_naming_the_argument(run_inline, args, key, fragment):
    run = _route(run_inline, **args)
    assert isinstance(run.error, MskConfigError), run.error
    found = {p.key: p.message for p in run.error.problems}
    assert fragment in found[f"MskVpcConnection.{key}"], found
    assert run.resources == []


def test_the_route_caps_subnets_at_the_most_an_msk_cluster_has(run_inline):
    most = max(catalog.allowed_subnet_counts(catalog.STANDARD))
    subnets = [f"subnet-0c1c2c3d4e5f607{n:02d}" for n in range(most + 1)]
    run = _route(run_inline, subnet_ids=subnets)
    found = {p.key: p.message for p in run.error.problems}
    assert f"at most {most}" in found["MskVpcConnection.subnetIds"]
    assert _route(run_inline, subnet_ids=subnets[:most]).error is None


def test_the_route_names_an_unknown_argument(run_inline):
    run = _route(run_inline, subnets=CLIENT_SUBNETS)
    found = {p.key: p.message for p in run.error.problems}
    assert "did you mean subnet_ids?" in found["MskVpcConnection.subnets"]


def test_the_route_takes_computed_ids_from_another_resource(run_inline):
    run = run_inline(
        "import pulumi_aws as aws\n"
        "from msk_platform import MskVpcConnection\n"
        "vpc = aws.ec2.Vpc('clients', cidr_block='10.60.0.0/16')\n"
        "a = aws.ec2.Subnet('a', vpc_id=vpc.id, cidr_block='10.60.0.0/20')\n"
        "b = aws.ec2.Subnet('b', vpc_id=vpc.id, cidr_block='10.60.16.0/20')\n"
        "group = aws.ec2.SecurityGroup('endpoints', vpc_id=vpc.id)\n"
        "MskVpcConnection('link', {'target_cluster_arn': vpc.arn, 'vpc_id': vpc.id,\n"
        "    'subnet_ids': [a.id, b.id], 'security_group_ids': [group.id],\n"
        "    'authentication': 'tls'})\n"
    )
    assert run.error is None, run.error
    made = run.one(CONNECTION)
    assert made.inputs["clientSubnets"] == ["a-id", "b-id"]
    assert made.inputs["authentication"] == "TLS"


def test_the_route_is_published_for_other_languages():
    from msk_platform.provider_schema import schema

    resource = schema()["resources"]["msk:index:MskVpcConnection"]
    assert resource["isComponent"] is True
    assert set(resource["requiredInputs"]) == {
        "targetClusterArn",
        "vpcId",
        "subnetIds",
        "securityGroupIds",
        "authentication",
    }
    assert set(resource["properties"]) == {"arn", "targetClusterArn", "vpcId"}
    published = json.loads((PROJECT_DIR / "provider" / "schema.json").read_text())
    assert "msk:index:MskVpcConnection" in published["resources"]


def test_ci_runs_the_two_account_examples_mock_tests_as_its_readme_says():
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert "(cd examples/multi-vpc && " in ci
    readme = (PROJECT_DIR / "examples" / "README.md").read_text(encoding="utf-8")
    assert "cd examples/multi-vpc" in readme and "venv/bin/python -m pytest" in readme
    assert (PROJECT_DIR / "examples" / "multi-vpc" / "tests" / "test_program.py").exists()


def test_the_route_is_constructed_from_another_language_under_mocks(run_inline):
    """The provider's construct path, fed camelCase inputs as a TypeScript or YAML program of
    the client account would send them."""
    run = run_inline(
        "import pulumi\n"
        "from pulumi.provider.experimental.component import ComponentProvider\n"
        "from msk_platform import __version__\n"
        "from msk_platform.provider_schema import COMPONENTS\n"
        "provider = ComponentProvider(COMPONENTS, 'msk', None, __version__)\n"
        "result = provider.construct('link', 'msk:index:MskVpcConnection', {\n"
        f"    'targetClusterArn': {CLUSTER_ARN!r}, 'vpcId': {CLIENT_VPC!r},\n"
        f"    'subnetIds': {CLIENT_SUBNETS!r}, 'securityGroupIds': [{CLIENT_SG!r}],\n"
        "    'authentication': 'tls', 'tags': {'team': 'producers'},\n"
        "}, None)\n"
        "pulumi.export('state', result.state)\n",
        raise_errors=True,
    )
    made = run.one(CONNECTION).inputs
    assert made["authentication"] == "TLS" and made["clientSubnets"] == CLIENT_SUBNETS
    assert made["tags"]["team"] == "producers"
    assert run.outputs["state"]["targetClusterArn"] == CLUSTER_ARN
