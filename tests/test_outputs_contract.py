"""The outputs contract: each output is exported exactly where it applies to the cluster, is a
typed pulumi.Output attribute documented in the README and the schema, carries no secret, and
is null in the offline plan when only AWS can know it."""

import json
import re
import typing

import pulumi
import pytest

from msk_platform import MskCluster, catalog
from mskctl.cli import main
from mskctl.mock_runtime import FAKE_CLUSTER_UUID, FAKE_CURRENT_VERSION, run_program
from tests.conftest import PROJECT_DIR
from tests.ids import CA, CLIENT_SG, SUBNETS, VPC

SG = "aws:ec2/securityGroup:SecurityGroup"
CLIENTS = ["10.40.0.0/16"]
ZOOKEEPER = {"zookeeperConnectString", "zookeeperConnectStringTls"}
PUBLIC = {"bootstrapBrokersPublicIam", "bootstrapBrokersPublicScram", "bootstrapBrokersPublicTls"}
TOKEN = "msk:index:MskCluster"


def camel(snake: str) -> str:
    first, *rest = snake.split("_")
    return first + "".join(part.title() for part in rest)


def declared_outputs() -> set[str]:
    """The component's output attributes, by their stack-output (camelCase) names."""
    return {camel(name) for name in MskCluster.__annotations__}


def exported(run) -> set[str]:
    return set(run.outputs)


# -- exported exactly where they apply -------------------------------------------------------


def test_a_zookeeper_cluster_exports_its_tls_zookeeper_string_uuid_and_version(run_config):
    run = run_config(kafkaVersion="3.9.x", clientCidrBlocks=CLIENTS)  # TLS only (the default)
    assert run.outputs["zookeeperConnectStringTls"].endswith(":2182")
    assert "zookeeperConnectString" not in exported(run)  # plaintext is not allowed
    assert run.outputs["clusterUuid"] == FAKE_CLUSTER_UUID
    assert run.outputs["currentVersion"] == FAKE_CURRENT_VERSION


def test_plaintext_zookeeper_string_only_where_plaintext_is_allowed(run_config):
    both = run_config(
        kafkaVersion="3.9.x",
        clientCidrBlocks=CLIENTS,
        clientBrokerEncryption="TLS_PLAINTEXT",
        auth={"iam": True, "unauthenticated": True},
    )
    assert both.outputs["zookeeperConnectString"].endswith(":2181")
    assert both.outputs["zookeeperConnectStringTls"].endswith(":2182")
    plaintext = run_config(
        kafkaVersion="3.9.x",
        clientCidrBlocks=CLIENTS,
        clientBrokerEncryption="PLAINTEXT",
        auth={"unauthenticated": True},
    )
    assert plaintext.outputs["zookeeperConnectString"].endswith(":2181")
    assert "zookeeperConnectStringTls" not in exported(plaintext)  # no TLS in transit


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param({"kafkaVersion": "3.9.x.kraft"}, id="kraft"),
        pytest.param({}, id="default version (KRaft)"),
        pytest.param({"instanceType": "express.m7g.large", "kafkaVersion": "3.9.x"}, id="express"),
        pytest.param({"clusterType": "serverless"}, id="serverless"),
    ],
)
def test_no_zookeeper_strings_without_zookeeper_endpoints(run_config, keys):
    run = run_config(clientCidrBlocks=CLIENTS, **keys)
    assert not exported(run) & ZOOKEEPER
    assert run.outputs["clusterUuid"] == FAKE_CLUSTER_UUID


def test_current_version_is_exported_by_provisioned_clusters_only(run_config):
    assert "currentVersion" in exported(run_config(clientCidrBlocks=CLIENTS))
    serverless = run_config(clusterType="serverless", clientCidrBlocks=CLIENTS)
    assert "currentVersion" not in exported(serverless)


def test_express_brokers_on_a_zookeeper_version_really_are_zookeeper_mode():
    """The express case above proves something only if its version selects ZooKeeper."""
    found = catalog.find_kafka_version("3.9.x")
    assert found is not None and found[1] == catalog.ZOOKEEPER


def test_every_zookeeper_version_serves_zookeeper_over_tls():
    """The TLS string is exported whenever TLS is on, which holds while no ZooKeeper version in
    the catalog is older than AWS's minimum for ZooKeeper TLS (2.5.1)."""
    minimum = catalog.raw()["cluster_outputs"]["zookeeper_connect_strings"]
    floor = catalog.version_key(minimum["tls_min_kafka_version"])
    zookeeper = [
        v.version
        for v in catalog.kafka_versions()
        if any(mode == catalog.ZOOKEEPER for _, mode in v.api_strings)
    ]
    assert zookeeper and all(catalog.version_key(v) >= floor for v in zookeeper)


def test_exported_zookeeper_strings_open_no_zookeeper_port(run_config):
    """Exporting the strings opens nothing: the security group still allows neither 2181 nor
    2182, from any source."""
    run = run_config(
        kafkaVersion="3.9.x",
        clientCidrBlocks=["10.0.0.0/8"],
        clientSecurityGroupIds=[CLIENT_SG],
        clientBrokerEncryption="TLS_PLAINTEXT",
        auth={"iam": True, "unauthenticated": True},
    )
    assert ZOOKEEPER <= exported(run)
    zookeeper_ports = {catalog.port("zookeeper_plaintext"), catalog.port("zookeeper_tls")}
    assert zookeeper_ports == {2181, 2182}
    for rule in run.one(SG).inputs["ingress"]:
        assert not any(rule["fromPort"] <= port <= rule["toPort"] for port in zookeeper_ports)


# -- public bootstrap strings ----------------------------------------------------------------


def public_run(run_config, **keys):
    return run_config(vpcId=VPC, subnetIds=SUBNETS, publicAccess=True, **keys)


@pytest.mark.parametrize(
    "keys,public",
    [
        pytest.param({}, {"bootstrapBrokersPublicIam"}, id="iam"),
        pytest.param(
            {"auth": {"iam": True, "scram": True}, "denyUnlessAcl": True},
            {"bootstrapBrokersPublicIam", "bootstrapBrokersPublicScram"},
            id="iam+scram",
        ),
        pytest.param(
            {"auth": {"tls": True, "certificateAuthorityArns": [CA]}, "denyUnlessAcl": True},
            {"bootstrapBrokersPublicTls"},
            id="mutual tls",
        ),
    ],
)
def test_public_strings_exactly_for_the_modes_on_with_public_access(run_config, keys, public):
    run = public_run(run_config, clientCidrBlocks=["203.0.113.0/24"], **keys)
    assert exported(run) & PUBLIC == public
    ports = {"Iam": 9198, "Scram": 9196, "Tls": 9194}
    for name in public:
        assert run.outputs[name].endswith(f":{ports[name.removeprefix('bootstrapBrokersPublic')]}")


def test_no_public_strings_without_public_access(run_config):
    run = run_config(
        vpcId=VPC,
        subnetIds=SUBNETS,
        clientCidrBlocks=CLIENTS,
        auth={"iam": True, "scram": True, "tls": True, "certificateAuthorityArns": [CA]},
    )
    assert not exported(run) & PUBLIC
    assert {"bootstrapBrokersIam", "bootstrapBrokersScram", "bootstrapBrokersTls"} <= exported(run)


# -- typed attributes: always an Output, None where it doesn't apply -------------------------

PROGRAM = """
import pulumi
from msk_platform import MskCluster

cluster = MskCluster("events", {args!r})
names = {names!r}
pulumi.export("kinds", {{n: type(getattr(cluster, n)).__name__ for n in names}})
for name in names:
    pulumi.export(name, getattr(cluster, name))
pulumi.export("exported", sorted(cluster.stack_outputs()))
"""


def run_component(tmp_path, args: dict):
    names = sorted(MskCluster.__annotations__)
    (tmp_path / "Pulumi.yaml").write_text("name: outs\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(PROGRAM.format(args=args, names=names))
    return run_program(tmp_path, project="outs", stack="t", config={}, preview=False)


def test_a_serverless_cluster_has_every_attribute_with_none_where_it_does_not_apply(tmp_path):
    run = run_component(tmp_path, {"cluster_type": "serverless", "client_cidr_blocks": CLIENTS})
    assert set(run.outputs["kinds"].values()) == {"Output"}
    for name in ("current_version", "zookeeper_connect_string", "zookeeper_connect_string_tls"):
        assert run.outputs[name] is None, name
    assert run.outputs["cluster_uuid"] == FAKE_CLUSTER_UUID
    assert "clusterUuid" in run.outputs["exported"]
    assert not {"currentVersion", *ZOOKEEPER} & set(run.outputs["exported"])


def test_a_kraft_cluster_has_zookeeper_attributes_of_none(tmp_path):
    run = run_component(tmp_path, {"client_cidr_blocks": CLIENTS})
    assert run.outputs["zookeeper_connect_string_tls"] is None
    assert run.outputs["zookeeper_connect_string"] is None
    assert run.outputs["current_version"] == FAKE_CURRENT_VERSION


def test_every_exported_output_is_a_declared_attribute(tmp_path):
    run = run_component(
        tmp_path,
        {
            "kafka_version": "3.9.x",
            "client_cidr_blocks": CLIENTS,
            "client_broker_encryption": "TLS_PLAINTEXT",
            "auth": {"iam": True, "scram": True, "unauthenticated": True},
            "scram_users": ["app"],
            "alarms": {"enabled": True},
        },
    )
    assert set(run.outputs["exported"]) <= declared_outputs()
    assert ZOOKEEPER | {"clusterUuid", "currentVersion"} <= set(run.outputs["exported"])


# -- no secret values ------------------------------------------------------------------------


def test_no_output_carries_a_password(run_config):
    run = run_config(
        clientCidrBlocks=CLIENTS,
        auth={"iam": True, "scram": True},
        scramUsers=["app", "audit"],
        kafkaVersion="3.9.x",
    )
    passwords = [
        f"fake-password-of-{r.name}"
        for r in run.of_type("random:index/randomPassword:RandomPassword")
    ]
    assert len(passwords) == 2
    shown = json.dumps(run.outputs)
    assert not [p for p in passwords if p in shown]
    assert not run.secret_outputs  # nothing secret to hide: no secret is exported at all
    assert set(run.outputs["scramSecretArns"]) == {"app", "audit"}


# -- the offline plan: null, never invented --------------------------------------------------


def plan_json(capsys, stack: str) -> dict:
    code = main(["plan", "--json", "--stack", stack])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def test_the_dev_plan_shows_cloud_only_outputs_as_null(capsys):
    """dev runs ZooKeeper (t3.small brokers can't run KRaft), TLS only."""
    document = plan_json(capsys, "dev")
    outputs = document["outputs"]
    for name in ("clusterUuid", "currentVersion", "zookeeperConnectStringTls", "clusterArn"):
        assert name in outputs and outputs[name] is None, name
    assert "zookeeperConnectString" not in outputs
    shown = json.dumps(document)
    assert FAKE_CLUSTER_UUID not in shown and FAKE_CURRENT_VERSION not in shown
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", shown)


def test_the_prod_plan_has_no_zookeeper_outputs(capsys):
    """prod runs KRaft: no ZooKeeper, so no ZooKeeper strings, not even as null."""
    outputs = plan_json(capsys, "prod")["outputs"]
    assert outputs["clusterUuid"] is None and outputs["currentVersion"] is None
    assert not set(outputs) & ZOOKEEPER
    assert set(outputs) <= declared_outputs()


# -- documented everywhere: README and schema ------------------------------------------------


def readme_outputs() -> set[str]:
    """Output names in the first column of the README's Outputs table."""
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Outputs\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Za-z]+)`", line.split("|")[1]))
    return names


def test_every_declared_output_is_in_the_readme_outputs_table():
    missing = declared_outputs() - readme_outputs()
    assert not missing, f"add to README.md's Outputs table: {sorted(missing)}"


def test_the_readme_outputs_table_names_only_declared_outputs():
    stale = readme_outputs() - declared_outputs()
    assert not stale, f"README.md's Outputs table names outputs MskCluster lacks: {sorted(stale)}"


def test_every_declared_output_is_a_described_output_of_the_committed_schema():
    committed = json.loads((PROJECT_DIR / "provider" / "schema.json").read_text(encoding="utf-8"))
    properties = committed["resources"][TOKEN]["properties"]
    assert set(properties) == declared_outputs()
    assert all(properties[name].get("description") for name in declared_outputs())
    hints = MskCluster.__annotations__.values()
    assert all(typing.get_origin(hint) is pulumi.Output for hint in hints)
